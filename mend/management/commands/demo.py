from django.core.management.base import BaseCommand

from mend.demo import demo_logins, load_demo


class Command(BaseCommand):
    help = "Load the demo circle (once) and print its logins."

    def handle(self, *args, **options):
        created = load_demo()
        self.stdout.write("Demo circle " + ("created." if created else "already there; reusing it."))
        self.stdout.write("Demo logins (password after the email):")
        for name, email, password, role in demo_logins():
            self.stdout.write(f"  {name:<7} {role:<20} {email:<24} {password}")
