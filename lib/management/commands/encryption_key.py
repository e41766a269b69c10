"""`manage.py encryption_key new`: print a fresh key for MEND_ENCRYPTION_KEYS."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from lib import crypto

# KeyCanary.key_id holds at most this many characters.
MAX_ID_LENGTH = 40


def default_key_id() -> str:
    """A readable id for a key made now, e.g. ``k20260521``."""
    return f"k{timezone.now():%Y%m%d}"


class Command(BaseCommand):
    help = "Print a fresh encryption key spec (id:base64key) for MEND_ENCRYPTION_KEYS."

    # The checks would refuse to run without a usable key ring, which is exactly
    # when an operator needs this command.
    requires_system_checks = []

    def add_arguments(self, parser):
        actions = parser.add_subparsers(dest="action", required=True, metavar="new")
        new = actions.add_parser("new", help="print a new random 256-bit key")
        new.add_argument("--id", dest="key_id", help="key id, letters and digits (default: k<today>)")

    def handle(self, *args, action: str, key_id: str | None = None, **options):
        key_id = key_id or default_key_id()
        if not key_id.isascii() or not key_id.isalnum() or len(key_id) > MAX_ID_LENGTH:
            raise CommandError(f"the key id must be 1-{MAX_ID_LENGTH} ASCII letters and digits")
        # The key alone goes to stdout so it can be captured; the hint goes to stderr.
        self.stdout.write(crypto.new_key_spec(key_id))
        self.stderr.write(
            "Put it first in MEND_ENCRYPTION_KEYS, keeping the old keys after it "
            "(MEND_ENCRYPTION_KEYS=<new>,<old>...), restart, then run "
            "`manage.py rotate_encryption_key`.",
            style_func=str,  # a hint, not an error: no red
        )
