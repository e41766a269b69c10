"""Set up a practice for an existing Mend account, as an operator (a clinic's server).

    manage.py create_practice "Harbor Family Recovery" --admin-email lead@example.org \
        --intake-email intake@example.org --languages en,es

The account named becomes the practice's first admin; it acts for the practice only
after turning on two-step login. The command says plainly when no account has that
email: the operator runs the server, so there is nothing to hide from them.
"""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from accounts.models import User
from practices import logic, vocabulary
from practices.models import Practice


class Command(BaseCommand):
    help = "Create a practice with an existing account as its first admin."

    def add_arguments(self, parser):
        parser.add_argument("name")
        parser.add_argument("--admin-email", required=True)
        parser.add_argument("--kind", choices=Practice.Kind.values, default=Practice.Kind.CLINIC)
        parser.add_argument("--intake-email", default="")
        parser.add_argument("--intake-phone", default="")
        parser.add_argument(
            "--languages", default="en", help="Codes, comma-separated: " + ",".join(vocabulary.CODES)
        )
        parser.add_argument("--closed", action="store_true", help="Do not take requests from families yet.")

    def handle(self, *args, **options):
        admin = User.objects.filter(email__iexact=options["admin_email"].strip()).first()
        if admin is None:
            raise CommandError("No account has that email. The person signs up first, then run this again.")
        languages = [code.strip() for code in options["languages"].split(",") if code.strip()]
        unknown = set(languages) - set(vocabulary.CODES)
        if unknown:
            raise CommandError(f"Unknown language codes: {', '.join(sorted(unknown))}")
        if not options["intake_email"] and not options["intake_phone"]:
            raise CommandError("Give --intake-email, --intake-phone, or both: families see them.")
        practice = logic.start_practice(
            admin,
            by_operator=True,
            kind=options["kind"],
            name=options["name"],
            intake_email=options["intake_email"],
            intake_phone=options["intake_phone"],
            languages=languages,
            accepts_requests=not options["closed"],
        )
        self.stdout.write(f"Practice {practice.pk} created; {admin.email} is its admin.")
