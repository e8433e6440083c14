"""A teacher's corrections of a document's text and overrides of its extraction: kept per document,
applied on every import and re-import (learning.content.adjust), made in the import preview or the bank."""

from __future__ import annotations

import json
from dataclasses import dataclass, field, replace

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext

from learning.content.adjust import (
    DROP,
    MAX_CORRECTION_CHARS,
    SUBJECT,
    Correction,
    Override,
    correction_find,
    corrections_apply,
    overrides_apply,
)
from learning.content.differences import aspect_for
from learning.content.types import ParsedDocument
from learning.models import Document, ExtractionOverride, SourceCorrection, User

MAX_CORRECTIONS = 200
MAX_OVERRIDES = 500


@dataclass
class Adjustments:
    """Corrections and overrides not stored yet (the preview's), in the order they were made."""

    corrections: list[Correction] = field(default_factory=list)
    overrides: list[Override] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.corrections or self.overrides)

    def to_json(self) -> str:
        return json.dumps(
            {
                "corrections": [[c.original, c.corrected] for c in self.corrections],
                "overrides": [[o.source, o.action, o.statement, o.subject] for o in self.overrides],
            },
            ensure_ascii=False,
        )

    @classmethod
    def from_json(cls, text: str) -> Adjustments:
        """The preview's hidden field back; ValueError when it is not what the page wrote (or too big)."""
        if not text:
            return cls()
        try:
            data = json.loads(text)
            corrections, overrides = data.get("corrections", []), data.get("overrides", [])
            if len(corrections) > MAX_CORRECTIONS or len(overrides) > MAX_OVERRIDES:
                raise ValueError("too many adjustments")
            result = cls()
            for original, corrected in corrections:
                result.add_correction(str(original), str(corrected))
            for source, action, statement, subject in overrides:
                position_ok = statement is None or (type(statement) is int and 0 <= statement < 1000)
                if action not in (DROP, SUBJECT) or not position_ok:
                    raise ValueError("bad override")
                override = Override(str(source)[:MAX_CORRECTION_CHARS], action, statement, str(subject)[:1])
                result.overrides.append(override)
        except (TypeError, AttributeError, KeyError) as exc:  # not the shape the page wrote
            raise ValueError("bad adjustments") from exc
        return result

    def add_correction(self, original: str, corrected: str) -> None:
        original, corrected = original.strip(), corrected.strip()
        if not original or original == corrected:
            return
        if len(original) > MAX_CORRECTION_CHARS or len(corrected) > MAX_CORRECTION_CHARS:
            raise ValueError("correction too long")
        self.corrections.append(Correction(original, corrected))


def _stored(document: Document | None) -> Adjustments:
    if document is None or document.pk is None:
        return Adjustments()
    return Adjustments(
        corrections=[Correction(c.original, c.corrected) for c in document.corrections.all()],
        overrides=[Override(o.source, o.action, o.statement, o.subject) for o in document.extraction_overrides.all()],
    )


def import_adjusted(
    source: str, parsed: ParsedDocument, *, document: Document | None, pending: Adjustments | None
) -> ParsedDocument:
    """The parsed document as the import stores it: the document's stored corrections and overrides, then
    the pending ones, applied to the source as uploaded. `parsed.adjustments_missing` lists what no longer
    applies (a corrected passage the author since fixed, an override of a difference that is gone)."""
    from learning.services.documents.importing import document_parsed

    adjustments = _stored(document)
    if pending:
        adjustments.corrections += pending.corrections
        adjustments.overrides += pending.overrides
    missing_corrections, unused = [], []
    if adjustments.corrections:
        text, missing_corrections = corrections_apply(source, adjustments.corrections)
        if text != source:
            parsed = document_parsed(text)
    if adjustments.overrides:
        keys = [subject.key for subject in parsed.subjects]
        # An override names its difference as written when it was made: later corrections apply to it too.
        overrides = [
            replace(o, source=corrections_apply(o.source, adjustments.corrections)[0]) for o in adjustments.overrides
        ]
        untouched = {id(difference) for difference in parsed.differences}
        parsed.differences, unused = overrides_apply(parsed.differences, keys, overrides)
        for difference in parsed.differences:
            # A reassigned statement changes the question the flashcard asks (while two subjects remain in it).
            if id(difference) not in untouched and len({s.subject for s in difference.statements}) >= 2:
                difference.aspect = aspect_for(difference, parsed.subjects, parsed.language)
    parsed.adjustments_missing = [c.original for c in missing_corrections] + [o.source for o in unused]
    return parsed


def adjustments_store(*, document: Document, pending: Adjustments | None, user: User | None) -> None:
    """Keep the preview's adjustments with the document (inside the import's transaction)."""
    if not pending:
        return
    author = user if user is not None and user.is_authenticated else None
    for correction in pending.corrections:
        SourceCorrection.objects.update_or_create(
            document=document,
            original=correction.original,
            defaults={"corrected": correction.corrected, "created_by": author},
        )
    ExtractionOverride.objects.bulk_create(
        ExtractionOverride(
            document=document,
            source=override.source,
            action=override.action,
            statement=override.statement if override.action == SUBJECT else None,
            subject=override.subject,
            created_by=author,
        )
        for override in pending.overrides
    )


def _check_editor(document: Document, user: User) -> None:
    from learning.access import document_editable_by

    if not document_editable_by(user, document):
        raise PermissionDenied(gettext("Only the document's owner can correct it: make your own copy."))


@transaction.atomic
def source_correction_add(*, document: Document, user: User, original: str, corrected: str):
    """Correct a passage of the document (the author's typo) once: every lesson, question and card built
    from it shows the correction now and after every re-import. Rebuilds the document from its source
    (students' data kept, as on any re-import); returns the import's result."""
    _check_editor(document, user)
    original, corrected = (original or "").strip(), (corrected or "").strip()
    errors = {}
    if not original:
        errors["original"] = [gettext("Copy the passage as the document writes it.")]
    elif len(original) > MAX_CORRECTION_CHARS:
        errors["original"] = [gettext("A passage is at most 2000 characters.")]
    if not corrected:
        errors["corrected"] = [gettext("Write the corrected passage.")]
    elif len(corrected) > MAX_CORRECTION_CHARS:
        errors["corrected"] = [gettext("A passage is at most 2000 characters.")]
    elif corrected == original:
        errors["corrected"] = [gettext("The correction is the same as the passage.")]
    if errors:
        raise ValidationError(errors)
    made = [Correction(c.original, c.corrected) for c in document.corrections.all()]
    text, _missing = corrections_apply(document.source, made)
    if not correction_find(text, original):
        raise ValidationError({"original": [gettext("This passage is not in the document as written.")]})
    # An override names its difference by the text as written: it follows the correction.
    for override in document.extraction_overrides.all():
        fixed, _ = corrections_apply(override.source, [Correction(original, corrected)])
        if fixed != override.source:
            override.source = fixed
            override.save(update_fields=["source"])
    return document_rebuild(
        document=document, user=user, pending=Adjustments(corrections=[Correction(original, corrected)])
    )


@transaction.atomic
def source_correction_delete(*, correction: SourceCorrection, user: User):
    """Take a correction back: the document reads its source as written there again."""
    document = correction.document
    _check_editor(document, user)
    correction.delete()
    return document_rebuild(document=document, user=user, pending=Adjustments())


def document_rebuild(*, document: Document, user: User | None, pending: Adjustments):
    """Run the import again on the stored source with the document's adjustments (and `pending`)."""
    from learning.services.documents import document_import_result

    return document_import_result(
        text=document.source,
        user=user,
        filename=document.source_name,
        publish=document.published,
        target=document,
        adjustments=pending,
    )
