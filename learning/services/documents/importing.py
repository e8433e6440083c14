"""Importing a document in one transaction (created, updated in place, or unchanged), and its preview: the same
code run in a transaction that is rolled back, so the preview can never promise what the import would not do.
"""

from __future__ import annotations

import hashlib
from dataclasses import asdict

from django.db import IntegrityError, transaction

from learning.access import document_editable_by
from learning.content.markdown import parse_document, reading_minutes, slugify_key
from learning.content.memo import content_memo
from learning.content.types import ParsedDocument
from learning.models import Document, User

from .decoding import document_decode, error_for, extract_differences_or_refuse
from .reports import ChangeSet, ImportReport, ImportResult, Preview
from .sync import differences_sync, glossary_sync, lessons_sync


@content_memo(maxsize=8)
def document_parsed(text: str) -> ParsedDocument:
    """The text's sections, glossary, subjects and differences (DocumentError when it has none): pure, so
    remembered by content (learning.content.memo); the caller's copy is its own to adjust."""
    parsed = parse_document(text)
    parsed.subjects, parsed.differences = extract_differences_or_refuse(parsed)
    return parsed


def _prepare(data: str | bytes, filename: str = "") -> tuple[str, ParsedDocument, str, str]:
    text = document_decode(data, filename=filename)
    parsed = document_parsed(text)
    return text, parsed, document_slug(parsed.title), hashlib.sha256(text.encode("utf-8")).hexdigest()


RESERVED_SLUGS = {"import"}  # /documents/import/ is a page


def document_slug(title: str) -> str:
    slug = slugify_key(title, max_length=110)
    return f"{slug}-doc" if slug in RESERVED_SLUGS else slug


class _Rollback(Exception):
    def __init__(self, result: ImportResult):
        self.result = result


def document_preview(
    text: str | bytes,
    *,
    user: User | None = None,
    target: Document | None = None,
    filename: str = "",
    adjustments=None,
) -> Preview:
    """Parse, extract and match as an import would (the same code, rolled back), and say what it would do.

    Raises DocumentError as the import would (not_owner included).
    """
    source, parsed, slug, sha = _prepare(text, filename)
    try:
        with transaction.atomic():
            result = _document_store(
                source,
                parsed,
                slug,
                sha,
                user=user,
                publish=True,
                target=target,
                filename=filename,
                adjustments=adjustments,
            )
            raise _Rollback(result)
    except _Rollback as rollback:
        result = rollback.result
    existing = None if result.status == "created" else Document.objects.filter(pk=result.document.pk).first()
    changed = set(result.report.lessons.changed)
    added = set(result.report.lessons.added)
    parsed = result.parsed or parsed  # with the teacher's corrections and overrides
    return Preview(
        parsed=parsed,
        slug=existing.slug if existing else slug,
        sha256=sha,
        existing=existing,
        unchanged=result.status == "unchanged",
        report=result.report,
        reading_minutes={section.key: reading_minutes(section.text) for section in parsed.sections},
        added=[section.key for section in parsed.sections if section.title in added],
        updated=[section.key for section in parsed.sections if section.title in changed],
        removed=list(result.report.lessons.retired),
    )


def document_import(**options) -> Document:
    """`document_import_result(**options).document`, for callers that need only the document (the same
    keyword arguments)."""
    return document_import_result(**options).document


def document_import_result(
    *,
    text: str | bytes,
    user: User | None = None,
    filename: str = "",
    publish: bool = True,
    target: Document | None = None,
    adjustments=None,
) -> ImportResult:
    """Import (or update in place) a comparison document: lessons, glossary, differences, then quizzes and cards.

    Which document is updated: `target` when the caller names one (the teacher's "update existing
    document", or the API's `document` field: the slug then stays whatever the title becomes); else the
    document with the title's slug; else the same owner's document imported from the same file name.
    `user` None is the command line (site documents). One transaction: any error leaves nothing behind;
    the same source again changes nothing. Rows keep their identity across edits (see sync.rows_sync), so
    students' reads, answers, card states and review logs survive every re-import.
    The document's corrections and extraction overrides (learning.services.corrections), and
    `adjustments` (an Adjustments made in the preview, stored with the document), are applied first;
    `adjustments` given, even empty, rebuilds a document whose source did not change.
    """
    source, parsed, slug, sha = _prepare(text, filename)
    kwargs = {"user": user, "publish": publish, "target": target, "filename": filename, "adjustments": adjustments}
    try:
        with transaction.atomic():
            return _document_store(source, parsed, slug, sha, **kwargs)
    except IntegrityError:
        # Two imports of the same new document at once: the loser now sees the winner's row and updates it.
        with transaction.atomic():
            return _document_store(source, parsed, slug, sha, **kwargs)


def _may_update(document: Document, user: User | None) -> bool:
    """The command line may change any document; a user only what learning.access lets them edit."""
    if user is None:
        return True
    return document_editable_by(user, document)


def _document_for(slug: str, *, user: User | None, target: Document | None, filename: str) -> Document | None:
    documents = Document.objects.select_for_update()
    if target is not None:
        return documents.get(pk=target.pk)
    document = documents.filter(slug=slug).first()
    if document is None and filename:
        owner = {"created_by": user} if user is not None else {"created_by__isnull": True}
        document = documents.filter(source_name=filename[:255], **owner).order_by("pk").first()
    return document


def _document_store(
    source: str,
    parsed: ParsedDocument,
    slug: str,
    sha: str,
    *,
    user: User | None,
    publish: bool,
    target: Document | None = None,
    filename: str = "",
    adjustments=None,
) -> ImportResult:
    if user is not None and not user.is_authenticated:
        user = None
    document = _document_for(slug, user=user, target=target, filename=filename)
    if document is not None and not _may_update(document, user):
        raise error_for("not_owner")
    if document is not None and document.source_sha256 == sha and adjustments is None:
        return ImportResult(document=document, status="unchanged", report=ImportReport())
    from learning.services.corrections import adjustments_store, import_adjusted

    parsed = import_adjusted(source, parsed, document=document, pending=adjustments)
    status = "updated" if document is not None else "created"
    if document is None:
        document = Document(slug=slug, created_by=user)
    document.title = parsed.title
    document.language = parsed.language
    document.source = source
    document.source_sha256 = sha
    document.subjects = [asdict(subject) for subject in parsed.subjects]
    document.published = publish
    if filename:
        document.source_name = filename[:255]
    document.save()
    adjustments_store(document=document, pending=adjustments, user=user)

    report = ImportReport()
    lessons, report.lessons = lessons_sync(document, parsed)
    report.terms = glossary_sync(document, parsed, lessons)
    report.differences = differences_sync(document, parsed, lessons)

    from learning.services.flashcard_sync import flashcards_sync_report
    from learning.services.quizzes import quiz_bank_sync

    report.questions = quiz_bank_sync(document=document) or ChangeSet()
    report.cards = flashcards_sync_report(document=document)
    return ImportResult(document=document, status=status, report=report, parsed=parsed)
