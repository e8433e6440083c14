from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from learning.content.types import DocumentError
from learning.http_limits import size_label
from learning.models import Document
from learning.services.documents import MAX_UPLOAD_BYTES, document_error_message, document_import_result


class Command(BaseCommand):
    help = (
        "Import comparison documents (Markdown) as site documents (staff change them; teachers use a copy). "
        "Idempotent: an unchanged file changes nothing. A re-import keeps students' data: what changed keeps "
        "its rows, what disappeared is retired."
    )

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", type=Path)
        parser.add_argument("--draft", action="store_true", help="Import without publishing to students.")
        parser.add_argument(
            "--document",
            metavar="SLUG",
            help="Update this document (one path only): its slug and students' progress stay when the title changed.",
        )

    def handle(self, *args, paths, draft, document=None, **opts):
        target = None
        if document:
            if len(paths) != 1:
                raise CommandError("--document updates one document: give one path.")
            target = Document.objects.filter(slug=document).first()
            if target is None:
                raise CommandError(f"No document with the slug {document!r}.")
        failed = 0
        for path in paths:
            try:
                # The same bound as an upload, before the file is read (a Word file's own limit is the same).
                if path.stat().st_size > MAX_UPLOAD_BYTES:
                    self.stderr.write(
                        f"{path}: " + _("The file is larger than %(size)s.") % {"size": size_label(MAX_UPLOAD_BYTES)}
                    )
                    failed += 1
                    continue
                data = path.read_bytes()
            except OSError as exc:
                raise CommandError(f"{path}: {exc.strerror}")
            try:
                result = document_import_result(text=data, filename=path.name, publish=not draft, target=target)
            except DocumentError as exc:
                self.stderr.write(f"{path}: {document_error_message(exc)}")
                failed += 1
                continue
            imported = result.document
            if result.status == "unchanged":
                if opts["verbosity"] >= 2:
                    self.stdout.write(f"{path}: unchanged")
                continue
            self.stdout.write(
                f"{path}: {result.status} “{imported.title}” ({imported.lessons.count()} lessons, "
                f"{imported.differences.count()} differences, {imported.glossary.count()} terms)"
            )
            if result.status == "updated":
                for part, changes in result.report.parts():
                    counts = changes.as_dict()
                    self.stdout.write(
                        f"  {part}: {counts['kept']} kept, {counts['changed']} changed, {counts['added']} added, "
                        f"{counts['retired']} retired" + (f" ({'; '.join(changes.retired)})" if changes.retired else "")
                    )
        if failed:
            raise CommandError(f"{failed} of {len(paths)} documents could not be imported")
