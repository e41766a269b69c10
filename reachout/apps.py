from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReachoutConfig(AppConfig):
    name = "reachout"
    verbose_name = _("When they reach out")

    def ready(self):
        # Tells notifications how to name what its notifications are about.
        from reachout import notices  # noqa: F401
