"""Re-import sync: stored rows paired with the freshly parsed items by identity (learning.content.identity), so a
lesson, term or difference edited in the source keeps its row and every student's data attached to it.
Nothing is deleted: a row gone from the source is retired and comes back if it returns.
"""

from __future__ import annotations

from django.utils import timezone

from learning.content.identity import SIMILAR, Identity, match_identities
from learning.content.markdown import reading_minutes
from learning.content.types import DifferenceData, ParsedDocument
from learning.models import Difference, Document, GlossaryTerm, Lesson, Statement

from .reports import ChangeSet


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


def lessons_sync(document: Document, parsed: ParsedDocument) -> tuple[dict[str, Lesson], ChangeSet]:
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


def glossary_sync(document: Document, parsed: ParsedDocument, lessons: dict[str, Lesson]) -> ChangeSet:
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


def differences_sync(document: Document, parsed: ParsedDocument, lessons: dict[str, Lesson]) -> ChangeSet:
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
