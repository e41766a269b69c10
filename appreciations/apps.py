from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AppreciationsConfig(AppConfig):
    name = "appreciations"
    verbose_name = _("Appreciations")
