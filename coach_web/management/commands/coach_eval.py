"""`manage.py coach_eval PATH [PATH ...] [--json]`: score the coach and the crisis screen on labelled files."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from coach.evaluate import evaluate


class Command(BaseCommand):
    help = (
        "Score the crisis screen (per category and language, with 95% intervals) and the coach's "
        "patterns on files in the dev.jsonl format. Prints numbers only, never the messages."
    )
    requires_system_checks: list = []

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+")
        parser.add_argument("--json", action="store_true", help="print one JSON object")

    def handle(self, *args, **options):
        evaluate(options["paths"], json_output=options["json"], out=self.stdout)
