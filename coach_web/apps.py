from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoachWebConfig(AppConfig):
    """The communication coach and the crisis screen, inside the product."""

    name = "coach_web"
    verbose_name = _("Coach and crisis screen")

    def ready(self):
        from django.db.models.signals import post_save

        from coach_web import notices, screen  # noqa: F401 (notices registers its resolver)

        post_save.connect(screen.screen_saved_entry, dispatch_uid="mend-crisis-screen")
