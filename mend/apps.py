from django.apps import AppConfig


class MendConfig(AppConfig):
    name = "mend"
    verbose_name = "Mend"

    def ready(self):
        from django.db.models.signals import post_migrate

        from mend import signals

        post_migrate.connect(signals.after_migrate, sender=self)
