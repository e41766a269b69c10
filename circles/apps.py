from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CirclesConfig(AppConfig):
    name = "circles"
    verbose_name = _("Circles")

    def ready(self):
        from circles import signals  # noqa: F401  (connects its receivers)
