from django.core.management.base import BaseCommand

from mend.demo import DEMO_TOTP_SECRET, PRACTICE, PROFESSIONAL, current_code, demo_logins, load_demo


class Command(BaseCommand):
    help = "Load the demo circle (once) and print its logins; --code prints the professional's two-step code."

    def add_arguments(self, parser):
        parser.add_argument(
            "--code",
            action="store_true",
            help="Only print the demo professional's current two-step login code.",
        )

    def handle(self, *args, **options):
        if options["code"]:
            code, seconds = current_code()
            self.stdout.write(
                f"{code}   (two-step code for {PROFESSIONAL[2]}, valid for {seconds} more seconds)"
            )
            return
        created = load_demo()
        self.stdout.write("Demo circle " + ("created." if created else "already there; reusing it."))
        self.stdout.write("Demo logins (password after the email):")
        for name, email, password, role in demo_logins():
            self.stdout.write(f"  {name:<10} {role:<20} {email:<24} {password}")
        self.stdout.write(
            f"{PROFESSIONAL[1]} is the family's therapist at {PRACTICE['name']}. A professional's login\n"
            "asks for a two-step code after the password: run `.venv/bin/python manage.py demo --code`\n"
            f"for the current one, or add this secret to an authenticator app: {DEMO_TOTP_SECRET}\n"
            "(DEMO ONLY: this secret is published; never use it, or the demo accounts, for anything real)."
        )
