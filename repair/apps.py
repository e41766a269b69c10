from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RepairConfig(AppConfig):
    name = "repair"
    verbose_name = _("Rupture and repair")

    def ready(self):
        # Tells notifications how to name what its notifications are about.
        from repair import notices  # noqa: F401
