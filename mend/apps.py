from django.apps import AppConfig


class MendConfig(AppConfig):
    name = "mend"
    verbose_name = "Mend"
