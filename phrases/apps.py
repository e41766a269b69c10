from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PhrasesConfig(AppConfig):
    name = "phrases"
    verbose_name = _("Repair phrases")
