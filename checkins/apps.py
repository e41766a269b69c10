from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CheckinsConfig(AppConfig):
    name = "checkins"
    verbose_name = _("Check-ins")

    def ready(self):
        # Tells notifications how to name what its notifications are about.
        from checkins import notices  # noqa: F401
