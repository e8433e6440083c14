"""Create or update the seed simulation exercises (idempotent). Run after the seed document is imported."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from simulator.services.seeding import exercises_seed


class Command(BaseCommand):
    help = "Create or update the seed simulation exercises for the seed document. Safe to run again."

    def add_arguments(self, parser):
        parser.add_argument("--document", help="Slug of the document to tie them to (default: the seed document).")
        parser.add_argument(
            "--no-check", action="store_true", help="Do not run each exercise once to check its answer keys."
        )

    def handle(self, *args, document=None, no_check=False, **opts):
        report = exercises_seed(document_slug=document, check=not no_check)
        for line in report:
            self.stdout.write(line)
