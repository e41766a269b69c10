from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LedgerConfig(AppConfig):
    name = "ledger"
    verbose_name = _("Trust ledger")

    def ready(self):
        # Tells notifications how to name what its notifications are about.
        from ledger import notices  # noqa: F401
