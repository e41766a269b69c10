from django.apps import AppConfig


class LibConfig(AppConfig):
    name = "lib"
    verbose_name = "Mend helpers"

    def ready(self):
        from lib import checks  # noqa: F401  (registers the key ring checks)
