"""Writes on documents and lessons: import (one transaction), preview, and "mark as read"."""

from __future__ import annotations

import hashlib
from dataclasses import asdict, dataclass, field

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext

from learning.content.markdown import document_error as parser_error
from learning.content.markdown import parse_document, reading_minutes, slugify_key
from learning.content.types import DifferenceData, DocumentError, ParsedDocument, Subject
from learning.models import Difference, Document, GlossaryTerm, Lesson, LessonRead, Statement, User
from learning.services.progress import activity_record

MAX_BYTES = 1024 * 1024  # 1 MB

# English msgids, translated by document_error_message(); the parser's own are in learning.content.markdown.
_MESSAGES = {
    "too_large": "The file is larger than 1 MB.",
    "binary": "The file is not a text file (it looks binary): upload a Markdown (.md) file.",
    "not_utf8": "The file is not UTF-8 text: save it as UTF-8 and upload it again.",
    "no_differences": "The document has no list of differences: add a section such as “### 3. Differences” "
    "with one bullet per difference.",
    "not_owner": "A document with this title was imported by someone else: give yours another title.",
}


def _error(code: str) -> DocumentError:
    error = DocumentError(_MESSAGES[code])
    error.code, error.template, error.params = code, _MESSAGES[code], {}
    return error


def document_error_message(error: DocumentError) -> str:
    """The error's message in the active language (messages from the parts of the pipeline are English msgids)."""
    template = getattr(error, "template", None)
    if template:
        return gettext(template).format(**getattr(error, "params", {}))
    return gettext(str(error))


def document_decode(data: str | bytes) -> str:
    """The document's text, or DocumentError saying why it cannot be one (too large, empty, binary, not UTF-8)."""
    raw = data.encode("utf-8") if isinstance(data, str) else bytes(data)
    if not isinstance(data, str):
        from learning.content.convert import kind_of, to_markdown

        if kind_of("", raw) != "markdown":  # a Word or HTML file: its Markdown goes on through the same pipeline
            raw = to_markdown("", raw)
    if len(raw) > MAX_BYTES:
        raise _error("too_large")
    if not raw.strip():
        raise parser_error("empty")
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):  # UTF-16 (Windows "Unicode"): text, but not UTF-8
        raise _error("not_utf8")
    if b"\x00" in raw:
        raise _error("binary")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise _error("not_utf8")
    controls = sum(1 for c in text if ord(c) < 32 and c not in "\t\n\r\f")
    if controls > max(2, len(text) // 100):
        raise _error("binary")
    return text.lstrip("\ufeff")


def _extract(parsed: ParsedDocument) -> tuple[list[Subject], list[DifferenceData]]:
    from learning.content.differences import extract_differences

    subjects, differences = extract_differences(parsed)
    if not differences:
        raise _error("no_differences")
    return subjects, differences


@dataclass
class Preview:
    """What an import would produce, computed without writing anything."""

    parsed: ParsedDocument
    slug: str
    sha256: str
    existing: Document | None
    unchanged: bool
    reading_minutes: dict[str, int] = field(default_factory=dict)
    added: list[str] = field(default_factory=list)  # lesson keys
    updated: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)


def _prepare(data: str | bytes) -> tuple[str, ParsedDocument, str, str]:
    text = document_decode(data)
    parsed = parse_document(text)
    parsed.subjects, parsed.differences = _extract(parsed)
    return text, parsed, document_slug(parsed.title), hashlib.sha256(text.encode("utf-8")).hexdigest()


RESERVED_SLUGS = {"import"}  # /documents/import/ is a page


def document_slug(title: str) -> str:
    slug = slugify_key(title, max_length=110)
    return f"{slug}-doc" if slug in RESERVED_SLUGS else slug


def document_preview(text: str | bytes) -> Preview:
    """Parse and extract as an import would, and compare with the stored document of the same slug."""
    _source, parsed, slug, sha = _prepare(text)
    existing = Document.objects.filter(slug=slug).first()
    old = {} if existing is None else {lesson.key: lesson for lesson in existing.lessons.all()}
    keys = [section.key for section in parsed.sections]
    return Preview(
        parsed=parsed,
        slug=slug,
        sha256=sha,
        existing=existing,
        unchanged=existing is not None and existing.source_sha256 == sha,
        reading_minutes={section.key: reading_minutes(section.text) for section in parsed.sections},
        added=[key for key in keys if key not in old],
        updated=[
            section.key
            for section in parsed.sections
            if section.key in old
            and (old[section.key].markdown != section.markdown or old[section.key].html != section.html)
        ],
        removed=[key for key in old if key not in keys],
    )


def document_import(
    *, text: str | bytes, user: User | None = None, filename: str = "", publish: bool = True
) -> Document:
    """Import (or update in place) a comparison document: lessons, glossary, differences, then quizzes and cards.

    One transaction: any error leaves nothing behind. The same source again changes nothing at all.
    Rows are matched by their keys (from headings, terms and difference text), so students' reads of
    sections that still exist survive an edited re-import.
    """
    source, parsed, slug, sha = _prepare(text)
    try:
        with transaction.atomic():
            return _document_store(source, parsed, slug, sha, user=user, publish=publish)
    except IntegrityError:
        # Two imports of the same new document at once: the loser now sees the winner's row and updates it.
        with transaction.atomic():
            return _document_store(source, parsed, slug, sha, user=user, publish=publish)


def _may_update(document: Document, user: User | None) -> bool:
    """Only the teacher who imported a document (or staff, or the command line) may change it."""
    if user is None or not user.is_authenticated:
        return True  # manage.py import_document
    return user.is_staff or document.created_by_id == user.pk


def _document_store(
    source: str, parsed: ParsedDocument, slug: str, sha: str, *, user: User | None, publish: bool
) -> Document:
    document = Document.objects.select_for_update().filter(slug=slug).first()
    if document is not None and not _may_update(document, user):
        raise _error("not_owner")
    if document is not None and document.source_sha256 == sha:
        document.import_status = "unchanged"
        return document
    status = "updated" if document is not None else "created"
    if document is None:
        document = Document(slug=slug, created_by=user if user is not None and user.is_authenticated else None)
    document.title = parsed.title
    document.language = parsed.language
    document.source = source
    document.source_sha256 = sha
    document.subjects = [asdict(subject) for subject in parsed.subjects]
    document.published = publish
    document.save()

    lessons = _lessons_sync(document, parsed)
    _glossary_sync(document, parsed, lessons)
    _differences_sync(document, parsed, lessons)

    from learning.services.flashcards import flashcards_sync
    from learning.services.quizzes import quiz_bank_sync

    quiz_bank_sync(document=document)
    flashcards_sync(document=document)
    document.import_status = status  # not stored: tells the caller "created", "updated" or "unchanged"
    return document


def _lessons_sync(document: Document, parsed: ParsedDocument) -> dict[str, Lesson]:
    existing = {lesson.key: lesson for lesson in document.lessons.all()}
    keys = {section.key for section in parsed.sections}
    Lesson.objects.filter(document=document).exclude(key__in=keys).delete()
    lessons = {}
    for section in parsed.sections:
        lesson = existing.get(section.key) or Lesson(document=document, key=section.key)
        lesson.position = section.position
        lesson.title = section.title
        lesson.markdown = section.markdown
        lesson.html = section.html
        lesson.reading_minutes = reading_minutes(section.text)
        lesson.save()
        lessons[section.key] = lesson
    return lessons


def _glossary_sync(document: Document, parsed: ParsedDocument, lessons: dict[str, Lesson]) -> None:
    existing = {term.key: term for term in document.glossary.all()}
    GlossaryTerm.objects.filter(document=document).exclude(key__in=[e.key for e in parsed.glossary]).delete()
    for position, entry in enumerate(parsed.glossary):
        term = existing.get(entry.key) or GlossaryTerm(document=document, key=entry.key)
        term.term = entry.term[:200]
        term.definition = entry.definition
        term.lesson = lessons.get(entry.section_key)
        term.position = position
        term.save()


def _differences_sync(document: Document, parsed: ParsedDocument, lessons: dict[str, Lesson]) -> None:
    existing = {difference.key: difference for difference in document.differences.all()}
    Difference.objects.filter(document=document).exclude(key__in=[d.key for d in parsed.differences]).delete()
    for position, data in enumerate(parsed.differences):
        difference = existing.get(data.key) or Difference(document=document, key=data.key)
        difference.position = position
        difference.kind = data.kind
        difference.source = data.source
        difference.aspect = (data.aspect or "")[:300]
        difference.lesson = lessons.get(data.section_key)
        difference.data = data.data or {}
        difference.save()
        difference.statements.all().delete()
        Statement.objects.bulk_create(
            Statement(difference=difference, subject=statement.subject, text=statement.text, position=index)
            for index, statement in enumerate(data.statements)
        )


def lesson_mark_read(*, student: User, lesson: Lesson) -> tuple[LessonRead, bool]:
    """Record that the student read the lesson (once; again is a no-op) and count the day for streaks."""
    with transaction.atomic():
        read, created = LessonRead.objects.get_or_create(
            student=student, lesson=lesson, defaults={"read_at": timezone.now()}
        )
        activity_record(student=student)
    return read, created
