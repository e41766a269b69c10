"""`manage.py coach_eval PATH [--json]`: score the coach on a labelled file."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from coach.evaluate import evaluate


class Command(BaseCommand):
    help = "Score the coach and its baselines on a file in the dev.jsonl format."
    requires_system_checks: list = []

    def add_arguments(self, parser):
        parser.add_argument("path")
        parser.add_argument("--json", action="store_true", help="print one JSON object")

    def handle(self, *args, **options):
        evaluate(options["path"], json_output=options["json"])
