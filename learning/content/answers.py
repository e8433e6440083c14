"""An answer (or a key) as the texts the reader saw: the one rendering the result pages, Learn mode's
feedback and the teacher's question bank share. Pure: plain dicts in, strings out."""

from __future__ import annotations


def answer_texts(
    question_type: str, choices: list[dict], items: list[dict] | None, value, *, item_chars: int | None = None
) -> list[str]:
    """One text per picked choice, one "statement → choice" per matching pair, the typed term for a cloze.

    `item_chars` shortens each matching statement (with "…") where a table has little room.
    """
    if value is None:
        return []
    by_id = {c["id"]: c["text"] for c in choices}
    if question_type == "matching":
        statements = {i["id"]: i["text"] for i in items or []}
        pairs = value.items() if isinstance(value, dict) else []
        return [f"{_cut(statements.get(k, k), item_chars)} → {by_id.get(v, v)}" for k, v in pairs]
    if question_type == "cloze":
        return [str(value)]
    if isinstance(value, list):
        return [by_id.get(v, v) for v in value]
    return [by_id.get(value, value)]


def _cut(text: str, chars: int | None) -> str:
    return text if chars is None else f"{text[:chars]}…"
