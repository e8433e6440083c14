"""Ids from URLs and query strings: ASCII digits that fit the database's 64-bit keys, or nothing.

`int("9" * 30)` is a fine Python int, but as a primary key it overflows SQLite's INTEGER (OverflowError)
and PostgreSQL's bigint (DataError): a 500 from a typo. Every path id goes through the `<id:...>` converter
and every id from a query string through `id_parse`, so an id out of range is simply "not found".
"""

import re

from django.urls import register_converter

MAX_ID = 2**63 - 1
_ID = re.compile(r"[0-9]{1,19}")


def id_parse(value) -> int | None:
    """The id in `value` (str or int), or None when it is not 1..19 ASCII digits within MAX_ID."""
    if isinstance(value, int) and not isinstance(value, bool):
        return value if 0 <= value <= MAX_ID else None
    if not isinstance(value, str) or not _ID.fullmatch(value.strip()):
        return None
    number = int(value.strip())
    return number if number <= MAX_ID else None


def ids_parse(raw: str, *, limit: int) -> list[int]:
    """Distinct ids of a comma-separated list, in order, at most `limit`; anything else is skipped."""
    ids: list[int] = []
    for part in (raw or "").split(",")[: limit * 4]:
        number = id_parse(part)
        if number is not None and number not in ids:
            ids.append(number)
            if len(ids) == limit:
                break
    return ids


class IdConverter:
    """`<id:pk>`: like `<int:pk>`, but a number beyond a 64-bit key does not match (404 from the resolver)."""

    regex = "[0-9]{1,19}"

    def to_python(self, value: str) -> int:
        number = int(value)
        if number > MAX_ID:
            raise ValueError("id out of range")  # the resolver takes it as "no match"
        return number

    def to_url(self, value) -> str:
        return str(value)


_registered = False


def converters_register() -> None:
    """Register `<id:...>` once (called from LearningConfig.ready, before any URL module is imported)."""
    global _registered
    if not _registered:
        register_converter(IdConverter, "id")
        _registered = True
