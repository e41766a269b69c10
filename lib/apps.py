from django.apps import AppConfig


class LibConfig(AppConfig):
    name = "lib"
    verbose_name = "Mend helpers"

    def ready(self):
        from django.db.models.signals import post_migrate

        from lib import checks

        # Sent only to apps with models; lib owns KeyCanary, so it listens here.
        post_migrate.connect(checks.seal_canary_after_migrate, sender=self)
