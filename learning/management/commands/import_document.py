from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from learning.content.types import DocumentError
from learning.services.documents import document_error_message, document_import


class Command(BaseCommand):
    help = "Import comparison documents (Markdown). Idempotent: an unchanged file changes nothing."

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", type=Path)
        parser.add_argument("--draft", action="store_true", help="Import without publishing to students.")

    def handle(self, *args, paths, draft, **opts):
        failed = 0
        for path in paths:
            try:
                data = path.read_bytes()
            except OSError as exc:
                raise CommandError(f"{path}: {exc.strerror}")
            try:
                document = document_import(text=data, filename=path.name, publish=not draft)
            except DocumentError as exc:
                self.stderr.write(f"{path}: {document_error_message(exc)}")
                failed += 1
                continue
            if document.import_status == "unchanged":
                if opts["verbosity"] >= 2:
                    self.stdout.write(f"{path}: unchanged")
                continue
            self.stdout.write(
                f"{path}: {document.import_status} “{document.title}” ({document.lessons.count()} lessons, "
                f"{document.differences.count()} differences, {document.glossary.count()} terms)"
            )
        if failed:
            raise CommandError(f"{failed} of {len(paths)} documents could not be imported")
