"""Flashcards from a document's glossary and differences (pure: no Django).

generate_cards(parsed) -> list[CardData]

Card keys come from the glossary and difference keys, never from positions or
text, so a re-import finds the same cards and a student's schedule survives.
"""

from __future__ import annotations

import hashlib
import re

from .types import CardData, DifferenceData, GlossaryEntry, ParsedDocument, Subject

KEY_MAX = 120
BLANK = "___"

_TEXT = {
    "vi": {
        "source": "Nguồn",
        "which": "Bên nào: «{statement}»? Còn bên kia thì sao?",
        "compare_property": "Bên nào {property} hơn: {a} hay {b}?",
        "compare": "{a} và {b} khác nhau thế nào?",
        "term_reverse": "Thuật ngữ nào được định nghĩa như sau?\n{definition}",
    },
    "en": {
        "source": "Source",
        "which": "Which one: «{statement}»? And the other one?",
        "compare_property": "Which is {property}: {a} or {b}?",
        "compare": "How do {a} and {b} differ?",
        "term_reverse": "Which term is defined like this?\n{definition}",
    },
}


def card_key(prefix: str, key: str) -> str:
    """A key that fits the column; a long one keeps a readable head and a hash of the whole."""
    full = f"{prefix}:{key}"
    if len(full) <= KEY_MAX:
        return full
    digest = hashlib.sha1(full.encode("utf-8"), usedforsecurity=False).hexdigest()[:16]
    return f"{full[: KEY_MAX - 17]}~{digest}"


def _texts(language: str) -> dict[str, str]:
    return _TEXT.get(language, _TEXT["en"])


def _mask(text: str, subjects: list[Subject]) -> str:
    """Hide every name of either subject, so the front does not give the answer away."""
    names = sorted({alias for s in subjects for alias in [s.name, *s.aliases] if alias}, key=len, reverse=True)
    for name in names:
        text = re.sub(re.escape(name), BLANK, text, flags=re.IGNORECASE)
    return re.sub(r"\s+", " ", text).strip(" ,.;:")


def difference_question(difference: DifferenceData, subjects: list[Subject], language: str) -> str:
    """The front of a difference card: the aspect as written by extraction, else a question derived here."""
    if difference.aspect.strip():
        return difference.aspect.strip()
    texts = _texts(language)
    names = {s.key: s.name for s in subjects}
    a, b = names.get("a", "A"), names.get("b", "B")
    prop = str(difference.data.get("property") or "").strip()
    if difference.kind == "comparative" and prop:
        return texts["compare_property"].format(property=prop, a=a, b=b)
    if difference.statements:
        masked = _mask(difference.statements[0].text, subjects)
        if masked and masked != BLANK:
            return texts["which"].format(statement=masked)
    return texts["compare"].format(a=a, b=b)


def difference_answer(difference: DifferenceData, subjects: list[Subject], language: str) -> str:
    names = {s.key: s.name for s in subjects}
    lines = [f"{names.get(s.subject, s.subject)}: {s.text.strip()}" for s in difference.statements]
    if not lines:
        lines = [difference.source.strip()]
    lines.append("")
    lines.append(f"{_texts(language)['source']}: {difference.source.strip()}")
    return "\n".join(lines)


def term_names(term: str) -> list[str]:
    """The forms a definition may use for a term: "Server (máy chủ)" -> the whole, "Server", "máy chủ"."""
    names = [term.strip()]
    match = re.fullmatch(r"(.+?)\s*\((.+)\)", term.strip())
    if match:
        names += [match.group(1).strip(), match.group(2).strip()]
    return sorted({n for n in names if n}, key=len, reverse=True)


def mask_term(definition: str, term: str) -> str:
    """The definition with the term hidden, for the reverse card ("___ la một hệ thống ...")."""
    for name in term_names(term):
        definition = re.sub(rf"(?<!\w){re.escape(name)}(?!\w)", BLANK, definition, flags=re.IGNORECASE)
    return definition


def _term_cards(entry: GlossaryEntry, language: str) -> list[CardData]:
    term, definition = entry.term.strip(), entry.definition.strip()
    return [
        CardData(
            key=card_key("term", entry.key),
            kind="term",
            front=term,
            back=definition,
            source=definition,
            section_key=entry.section_key,
            term_key=entry.key,
        ),
        CardData(
            key=card_key("term-reverse", entry.key),
            kind="term_reverse",
            front=_texts(language)["term_reverse"].format(definition=mask_term(definition, term)),
            back=term,
            source=definition,
            section_key=entry.section_key,
            term_key=entry.key,
        ),
    ]


def generate_cards(parsed: ParsedDocument) -> list[CardData]:
    """Two cards per glossary term (term -> definition and back), one per difference, in document order."""
    cards: list[CardData] = []
    for entry in parsed.glossary:
        if entry.term.strip() and entry.definition.strip():
            cards.extend(_term_cards(entry, parsed.language))
    for difference in parsed.differences:
        cards.append(
            CardData(
                key=card_key("diff", difference.key),
                kind="difference",
                front=difference_question(difference, parsed.subjects, parsed.language),
                back=difference_answer(difference, parsed.subjects, parsed.language),
                source=difference.source.strip(),
                section_key=difference.section_key,
                difference_key=difference.key,
            )
        )
    seen: set[str] = set()
    unique = []
    for card in cards:  # a glossary listing a term twice must not break the unique key
        if card.key not in seen:
            seen.add(card.key)
            unique.append(card)
    return unique
