"""A teacher's adjustments to what the import reads from a document (pure: no Django).

Two kinds, both kept per document and applied again on every import and re-import, so the user's file
is never changed and a fixed typo or reassigned statement never comes back:
- a correction replaces a passage of the Markdown as written (the author's typo: "la" → "là") before
  anything is parsed, so lessons, differences, questions and cards all read the corrected text;
- an override changes the extraction: a difference dropped, or one statement given to another subject.
An override names its difference by the bullet (or table row) as written, after corrections.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from .types import DifferenceData

MAX_CORRECTION_CHARS = 2000

DROP = "drop"
SUBJECT = "subject"


@dataclass(frozen=True)
class Correction:
    original: str
    corrected: str


@dataclass(frozen=True)
class Override:
    source: str  # the difference's bullet or row as written (corrections applied)
    action: str  # DROP | SUBJECT
    statement: int | None = None  # SUBJECT: the statement's position in its difference
    subject: str = ""  # SUBJECT: the subject key it belongs to


def _pattern(original: str) -> re.Pattern:
    """The passage with any run of white space matching any other (a line break where the teacher typed a space)."""
    words = original.split()
    return re.compile(r"\s+".join(re.escape(word) for word in words))


def correction_find(text: str, original: str) -> bool:
    """Whether the passage occurs in the text (white space aside)."""
    return bool(original.strip()) and (original in text or bool(_pattern(original).search(text)))


def corrections_apply(text: str, corrections: list[Correction]) -> tuple[str, list[Correction]]:
    """The text with every correction made, in order (a later one may correct an earlier one's output);
    and the corrections whose passage is no longer in the text (the author fixed it, or rewrote it)."""
    missing = []
    for correction in corrections:
        if not correction.original.strip():
            continue
        if correction.original in text:
            text = text.replace(correction.original, correction.corrected)
            continue
        pattern = _pattern(correction.original)
        if pattern.search(text):
            text = pattern.sub(lambda _match, new=correction.corrected: new, text)
        else:
            missing.append(correction)
    return text, missing


def _same(a: str, b: str) -> bool:
    return " ".join(a.split()).casefold() == " ".join(b.split()).casefold()


def overrides_apply(
    differences: list[DifferenceData], subject_keys: list[str], overrides: list[Override]
) -> tuple[list[DifferenceData], list[Override]]:
    """The differences with the teacher's overrides applied; and the overrides that matched nothing.

    A statement given to another subject is that subject's, and only it changes: "It costs more than a hub,
    but a switch is faster" has two statements about the switch once the teacher says so (swapping the other
    would be wrong there). A comparative difference's winner follows its single statement.
    """
    unused = []
    result = list(differences)
    for override in overrides:
        index = next((i for i, d in enumerate(result) if _same(d.source, override.source)), None)
        if index is None:
            unused.append(override)
            continue
        difference = result[index]
        if override.action == DROP:
            result.pop(index)
            continue
        position = override.statement
        if (
            override.action != SUBJECT
            or override.subject not in subject_keys
            or position is None
            or not 0 <= position < len(difference.statements)
        ):
            unused.append(override)
            continue
        statements = list(difference.statements)
        old = statements[position].subject
        if old == override.subject:
            continue
        statements[position] = replace(statements[position], subject=override.subject)
        data = dict(difference.data or {})
        if data.get("winner") == old and len(statements) == 1:
            data["winner"] = override.subject
        result[index] = replace(difference, statements=statements, data=data)
    return result, unused
