"""Fast inserts for the seed: PostgreSQL COPY straight from model field definitions (bulk_create elsewhere).

Rows are dicts of attribute names (`student_id`, not `student`). Fields a row leaves out get the model's
Python default (or now() for auto_now / auto_now_add), so a field another engineer adds with a default
does not break the seed.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import connection, models
from django.utils import timezone

_MISSING = object()


def _insert_fields(model: type[models.Model]) -> list[models.Field]:
    return [f for f in model._meta.concrete_fields if not (f.primary_key and isinstance(f, models.AutoField))]


def _default(field: models.Field, now) -> Any:
    if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
        return now
    if field.has_default() or field.null or field.empty_strings_allowed:
        return field.get_default()  # the default, None, or "" for text
    return _MISSING


def _needs_prep(field: models.Field) -> bool:
    """Plain ints, floats, text, booleans, aware datetimes and UUIDs go to psycopg as they are."""
    return isinstance(field, models.JSONField | models.DecimalField) or field.get_internal_type() in (
        "DurationField",
        "BinaryField",
    )


def _row_values(fields, defaults, prep, row: dict[str, Any]) -> list[Any]:
    values = []
    for field, default, needs_prep in zip(fields, defaults, prep, strict=True):
        value = row.get(field.attname, _MISSING)
        if value is _MISSING:
            value = row.get(field.name, default)
            if value is _MISSING:
                raise ValueError(f"{field.model.__name__}.{field.attname} has no value and no default")
        values.append(field.get_db_prep_save(value, connection) if needs_prep else value)
    return values


def insert(model: type[models.Model], rows: Iterable[dict[str, Any]]) -> int:
    """Insert the rows; returns how many. COPY on PostgreSQL, bulk_create otherwise."""
    fields = _insert_fields(model)
    now = timezone.now()
    count = 0
    if connection.vendor == "postgresql":
        table = connection.ops.quote_name(model._meta.db_table)
        columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
        defaults = [_default(f, now) for f in fields]
        prep = [_needs_prep(f) for f in fields]
        with connection.cursor() as cursor:
            raw = cursor.cursor  # the psycopg cursor under Django's wrapper
            with raw.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(_row_values(fields, defaults, prep, row))
                    count += 1
        return count
    batch: list[models.Model] = []
    for row in rows:
        batch.append(model(**row))
        count += 1
        if len(batch) >= 2000:
            model.objects.bulk_create(batch)
            batch = []
    if batch:
        model.objects.bulk_create(batch)
    return count
