"""Writes on documents and lessons: import (one transaction), preview, "use a copy", and "mark as read"."""

from __future__ import annotations

import hashlib
from dataclasses import asdict, dataclass, field

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext, gettext_noop

from learning.access import document_editable_by
from learning.content.identity import SIMILAR, Identity, match_identities
from learning.content.markdown import document_error as parser_error
from learning.content.markdown import parse_document, reading_minutes, slugify_key
from learning.content.types import DifferenceData, DocumentError, ParsedDocument, Subject
from learning.models import Difference, Document, GlossaryTerm, Lesson, LessonRead, Statement, User
from learning.services.progress import activity_record

MAX_BYTES = 1024 * 1024  # 1 MB of Markdown (a converted Word or HTML file included)
# An uploaded file, checked before it is read (learning.http_limits.upload_check_size): a Word file may hold
# pictures, so it may be bigger than the text it gives; learning.content.convert has the same bound.
MAX_UPLOAD_BYTES = 5 * 1024 * 1024

# English msgids, translated by document_error_message(); the parser's own are in learning.content.markdown.
_MESSAGES = {
    "too_large": gettext_noop("The file is larger than 1 MB."),
    "binary": gettext_noop(
        "The file is not a text file (it looks binary): upload a Markdown (.md), Word (.docx) or HTML file."
    ),
    "not_utf8": gettext_noop("The file is not UTF-8 text: save it as UTF-8 and upload it again."),
    "no_differences": gettext_noop(
        "The document has no list of differences: add a section such as “### 3. Differences” "
        "with one bullet per difference."
    ),
    "not_owner": gettext_noop("A document with this title was imported by someone else: give yours another title."),
}


def _error(code: str) -> DocumentError:
    return DocumentError(code=code, template=_MESSAGES[code])


def document_error_message(error: DocumentError) -> str:
    """The error's message in the active language (messages from the parts of the pipeline are English msgids)."""
    message = gettext(error.template)
    return message.format(**error.params) if error.params else message


def document_decode(data: str | bytes, *, filename: str = "") -> str:
    """The document's text, or DocumentError saying why it cannot be one (too large, empty, binary, not UTF-8).

    `data` is the upload's raw bytes (page, API and command alike): a Word (.docx) or HTML file, known by
    its name or its first bytes, is converted to Markdown first. Pasted text (a str) is Markdown as it is.
    """
    raw = data.encode("utf-8") if isinstance(data, str) else bytes(data)
    if not isinstance(data, str):
        from learning.content.convert import kind_of, to_markdown

        if kind_of(filename, raw) != "markdown":  # its Markdown goes on through the same pipeline
            raw = to_markdown(filename, raw)
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
class ChangeSet:
    """What an import did to one kind of row, by name (titles, terms, bullets, prompts, card fronts)."""

    kept: list[str] = field(default_factory=list)  # matched and unchanged
    changed: list[str] = field(default_factory=list)  # matched (same row, students' data kept), new text
    added: list[str] = field(default_factory=list)
    retired: list[str] = field(default_factory=list)  # gone from the document: hidden, rows kept

    def as_dict(self) -> dict:
        return {
            "kept": len(self.kept),
            "changed": len(self.changed),
            "added": len(self.added),
            "retired": len(self.retired),
            "changed_names": self.changed,
            "added_names": self.added,
            "retired_names": self.retired,
        }


REPORT_PARTS = ("lessons", "terms", "differences", "questions", "cards")


@dataclass
class ImportReport:
    lessons: ChangeSet = field(default_factory=ChangeSet)
    terms: ChangeSet = field(default_factory=ChangeSet)
    differences: ChangeSet = field(default_factory=ChangeSet)
    questions: ChangeSet = field(default_factory=ChangeSet)
    cards: ChangeSet = field(default_factory=ChangeSet)

    def as_dict(self) -> dict:
        return {part: getattr(self, part).as_dict() for part in REPORT_PARTS}

    def parts(self) -> list[tuple[str, ChangeSet]]:
        return [(part, getattr(self, part)) for part in REPORT_PARTS]


@dataclass
class ImportResult:
    document: Document
    status: str  # "created" | "updated" | "unchanged"
    report: ImportReport
    parsed: ParsedDocument | None = None  # as stored: the teacher's corrections and overrides applied


@dataclass
class Preview:
    """What an import would produce: the import itself, run in a transaction that is rolled back."""

    parsed: ParsedDocument
    slug: str
    sha256: str
    existing: Document | None
    unchanged: bool
    report: ImportReport
    reading_minutes: dict[str, int] = field(default_factory=dict)
    added: list[str] = field(default_factory=list)  # lesson keys
    updated: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)  # titles of the lessons that would be retired


def _prepare(data: str | bytes, filename: str = "") -> tuple[str, ParsedDocument, str, str]:
    text = document_decode(data, filename=filename)
    parsed = parse_document(text)
    parsed.subjects, parsed.differences = _extract(parsed)
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


def document_import(
    *,
    text: str | bytes,
    user: User | None = None,
    filename: str = "",
    publish: bool = True,
    target: Document | None = None,
    adjustments=None,
) -> Document:
    """`document_import_result(...).document`, for callers that need only the document."""
    return document_import_result(
        text=text, user=user, filename=filename, publish=publish, target=target, adjustments=adjustments
    ).document


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
    the same source again changes nothing. Rows keep their identity across edits (see _rows_sync), so
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
        raise _error("not_owner")
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
    lessons, report.lessons = _lessons_sync(document, parsed)
    report.terms = _glossary_sync(document, parsed, lessons)
    report.differences = _differences_sync(document, parsed, lessons)

    from learning.services.flashcards import flashcards_sync_report
    from learning.services.quizzes import quiz_bank_sync

    report.questions = quiz_bank_sync(document=document) or ChangeSet()
    report.cards = flashcards_sync_report(document=document)
    return ImportResult(document=document, status=status, report=report, parsed=parsed)


def rows_sync(
    *,
    rows: list,
    new: list,
    old_identity,
    new_identity,
    apply,
    name,
    threshold: float = SIMILAR,
) -> tuple[dict[str, object], ChangeSet, list]:
    """Pair stored rows with freshly generated items and write the difference, never deleting a row.

    `old_identity(row)` / `new_identity(item)` give each side's Identity (learning.content.identity);
    `apply(row, item)` sets the row's fields from the item and returns whether its content changed;
    `name(row)` is what the report shows. A row with no item any more is retired (`retired_at`), a
    retired row that matches again comes back. Returns ({new key: saved row}, ChangeSet, rows to create):
    rows to create are left to the caller (bulk_create), the others are saved here.
    """
    now = timezone.now()
    by_key = {row.key: row for row in rows}
    matched = match_identities([old_identity(r) for r in rows], [new_identity(i) for i in new], threshold=threshold)
    changes, saved, to_create = ChangeSet(), {}, []
    used = set()
    for item in new:
        identity = new_identity(item)
        row = by_key.get(matched.get(identity.key))
        if row is None:
            row = apply(None, item)
            to_create.append(row)
            changes.added.append(name(row))
        else:
            used.add(row.pk)
            was_retired, position = row.retired_at is not None, row.position
            row.retired_at = None
            different = apply(row, item) or row.key != identity.key or was_retired
            row.key = identity.key
            if different or row.position != position:
                row.save()
            # A row that only moved (another one was added or retired before it) is reported as kept.
            (changes.changed if different else changes.kept).append(name(row))
        saved[identity.key] = row
    for row in rows:
        if row.pk not in used and row.retired_at is None:
            row.retired_at = now
            row.save(update_fields=["retired_at"])
            changes.retired.append(name(row))
    return saved, changes, to_create


def _set(row, values: dict) -> bool:
    """Set the fields; True when one of them other than the position changed."""
    changed = False
    for attribute, value in values.items():
        if getattr(row, attribute) != value:
            setattr(row, attribute, value)
            changed = changed or attribute != "position"
    return changed


def _lessons_sync(document: Document, parsed: ParsedDocument) -> tuple[dict[str, Lesson], ChangeSet]:
    def values(section):
        return {
            "position": section.position,
            "title": section.title,
            "markdown": section.markdown,
            "html": section.html,
            "reading_minutes": reading_minutes(section.text),
        }

    def apply(row, section):
        if row is None:
            return Lesson(document=document, key=section.key, **values(section))
        return _set(row, values(section))

    saved, changes, to_create = rows_sync(
        rows=list(Lesson.all_objects.filter(document=document).order_by("position", "pk")),
        new=parsed.sections,
        old_identity=lambda row: Identity(row.key, f"{row.title}\n{row.markdown}", row.position),
        new_identity=lambda s: Identity(s.key, f"{s.title}\n{s.markdown}", s.position),
        apply=apply,
        name=lambda row: row.title,
    )
    for lesson in to_create:
        lesson.save()
    return saved, changes


def _glossary_sync(document: Document, parsed: ParsedDocument, lessons: dict[str, Lesson]) -> ChangeSet:
    def apply(row, pair):
        position, entry = pair
        values = {
            "term": entry.term[:200],
            "definition": entry.definition,
            "lesson": lessons.get(entry.section_key),
            "position": position,
        }
        if row is None:
            return GlossaryTerm(document=document, key=entry.key, **values)
        return _set(row, values)

    _saved, changes, to_create = rows_sync(
        rows=list(GlossaryTerm.all_objects.filter(document=document).order_by("position", "pk")),
        new=list(enumerate(parsed.glossary)),
        old_identity=lambda row: Identity(row.key, f"{row.term}: {row.definition}", row.position),
        new_identity=lambda pair: Identity(pair[1].key, f"{pair[1].term}: {pair[1].definition}", pair[0]),
        apply=apply,
        name=lambda row: row.term,
    )
    GlossaryTerm.objects.bulk_create(to_create)
    return changes


def _differences_sync(document: Document, parsed: ParsedDocument, lessons: dict[str, Lesson]) -> ChangeSet:
    def statements(data: DifferenceData) -> list[tuple[str, str]]:
        return [(statement.subject, statement.text) for statement in data.statements]

    stored = {
        row.pk: [(s.subject, s.text) for s in row.statements.all()]
        for row in Difference.all_objects.filter(document=document).prefetch_related("statements")
    }
    pending: dict[int, list[tuple[str, str]]] = {}

    def apply(row, pair):
        position, data = pair
        values = {
            "position": position,
            "kind": data.kind,
            "source": data.source,
            "aspect": (data.aspect or "")[:300],
            "lesson": lessons.get(data.section_key),
            "data": data.data or {},
        }
        if row is None:
            row = Difference(document=document, key=data.key, **values)
            row.new_statements = statements(data)
            return row
        changed = _set(row, values)
        if stored.get(row.pk) != statements(data):
            pending[row.pk] = statements(data)
            changed = True
        return changed

    saved, changes, to_create = rows_sync(
        rows=list(Difference.all_objects.filter(document=document).order_by("position", "pk")),
        new=list(enumerate(parsed.differences)),
        old_identity=lambda row: Identity(row.key, row.source, row.position),
        new_identity=lambda pair: Identity(pair[1].key, pair[1].source, pair[0]),
        apply=apply,
        name=lambda row: row.source[:120],
    )
    for row in to_create:
        row.save()
        pending[row.pk] = row.new_statements
    if pending:
        Statement.objects.filter(difference_id__in=list(pending)).delete()
        Statement.objects.bulk_create(
            Statement(difference_id=pk, subject=subject, text=text, position=index)
            for pk, rows in pending.items()
            for index, (subject, text) in enumerate(rows)
        )
    return changes


# --------------------------------------------------------------------------- "use a copy"


def _copy_slug(document: Document, user: User) -> str:
    base = slugify_key(f"{document.slug}-{user.username}", max_length=110)
    slug, number = base, 1
    while Document.objects.filter(slug=slug).exists():
        number += 1
        slug = f"{base}-{number}"
    return slug


@transaction.atomic
def document_copy(*, document: Document, user: User) -> Document:
    """The teacher's own copy of a document (typically a site one) with its lessons, glossary,
    differences, question bank (edits and disabled questions as they are), quizzes and cards.

    The copy is theirs to change: nothing done to it reaches the original's students, and nothing
    done to the original reaches the copy. Retired rows are not copied. Students' data is not copied.
    """
    if not (user.is_authenticated and (user.is_teacher or user.is_staff)):
        raise PermissionDenied(gettext("Only teachers can copy documents."))
    from learning.models import ExtractionOverride, Flashcard, Question, Quiz, SourceCorrection

    original = Document.objects.get(pk=document.pk)
    copy = Document.objects.create(
        slug=_copy_slug(original, user),
        title=original.title,
        language=original.language,
        source=original.source,
        source_sha256=original.source_sha256,
        subjects=original.subjects,
        published=True,
        created_by=user,
        copied_from=original,
    )

    def clone(row, **changes):
        row.pk = row.id = None
        row._state.adding = True
        for attribute, value in changes.items():
            setattr(row, attribute, value)
        return row

    lessons = {}
    for lesson in original.lessons.order_by("position", "pk"):
        old_pk = lesson.pk
        lessons[old_pk] = clone(lesson, document=copy)
    Lesson.objects.bulk_create(lessons.values())
    terms = {}
    for term in original.glossary.all():
        old_pk = term.pk
        terms[old_pk] = clone(term, document=copy, lesson=lessons.get(term.lesson_id))
    GlossaryTerm.objects.bulk_create(terms.values())
    differences, statements = {}, []
    for difference in original.differences.prefetch_related("statements"):
        old_pk = difference.pk
        statements.append((old_pk, list(difference.statements.all())))
        differences[old_pk] = clone(difference, document=copy, lesson=lessons.get(difference.lesson_id))
    Difference.objects.bulk_create(differences.values())
    Statement.objects.bulk_create(
        clone(statement, difference=differences[old_pk]) for old_pk, rows in statements for statement in rows
    )

    def links(row):
        return {
            "document": copy,
            "difference": differences.get(row.difference_id),
            "term": terms.get(row.term_id),
            "lesson": lessons.get(row.lesson_id),
        }

    Question.objects.bulk_create(
        clone(question, **links(question)) for question in original.questions.filter(retired_at__isnull=True)
    )
    Quiz.objects.bulk_create(clone(quiz, document=copy) for quiz in original.quizzes.all())
    Flashcard.objects.bulk_create(clone(card, **links(card)) for card in original.flashcards.all())
    # The original's corrections and overrides: a re-import of the copy reads the text as the copy shows it.
    SourceCorrection.objects.bulk_create(clone(c, document=copy, created_by=user) for c in original.corrections.all())
    ExtractionOverride.objects.bulk_create(
        clone(o, document=copy, created_by=user) for o in original.extraction_overrides.all()
    )
    return copy


def lesson_mark_read(*, student: User, lesson: Lesson) -> tuple[LessonRead, bool]:
    """Record that the student read the lesson (once; again is a no-op) and count the day for streaks."""
    with transaction.atomic():
        read, created = LessonRead.objects.get_or_create(
            student=student, lesson=lesson, defaults={"read_at": timezone.now()}
        )
        activity_record(student=student)
    return read, created
