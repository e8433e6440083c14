"""Statements shown without their subject's name, in grammatical words of the document (pure: no Django).

"SQL databases use a fixed schema" -> "These databases use a fixed schema": the subject's noun phrase is
replaced by one of the same number, with the noun the document itself uses for its subjects, or a neutral
"this one" / "these" when it uses none. A common noun that only looks like a subject's name ("stored in
one document" where a subject is "Document") is left alone.
"""

from __future__ import annotations

import re

from . import lang
from .subjects import _suffix_nouns, alias_pattern, class_nouns, strip_generic
from .text import WORD, tidy
from .types import Subject

_DETERMINERS_EN = ["the", "a", "an", "each", "every"]
# Words after which a lower-case one-word name is the subject, not a common noun ("than hubs", "unlike a hub").
_SUBJECT_CONTEXT = re.compile(
    r"(?:^|[,;:(]|\b(?:than|unlike|and|or|while|whereas|but|in|for|with|of|từ|với|và|của|còn|trong|so với)\s*)$",
    re.IGNORECASE,
)
_PLURAL_WORD = re.compile(r"^(?:[A-Za-z][a-z]+(?<![su])s|[A-Z]{2,}s)$")


def noun_phrase(subjects: list[Subject], language: str, *, plural: bool = False) -> str:
    """ "this database" / "these databases" / "giao thức này", or the neutral form when the document has no noun."""
    noun = next((s.noun for s in subjects if s.noun), "")
    neutral = lang.NEUTRAL.get(language, lang.NEUTRAL["en"])
    if language == "vi":
        return f"{noun} này" if noun else neutral["one"]
    if not noun:
        return neutral["many"] if plural else neutral["one"]
    return f"these {lang.plural_en(noun)}" if plural else f"this {noun}"


def which_noun(subjects: list[Subject], language: str) -> str:
    """The word a prompt asks with: "which database", "giao thức nào", else "which one" / "đối tượng nào"."""
    noun = next((s.noun for s in subjects if s.noun), "")
    return noun or lang.NEUTRAL.get(language, lang.NEUTRAL["en"])["which"]


def _named_pattern(subjects: list[Subject], language: str) -> str:
    every = sorted({a for s in subjects for a in s.aliases if a.strip()}, key=len, reverse=True)
    core = "|".join(f"(?:{alias_pattern(a)})" for a in every) or r"(?!x)x"
    before = lang.GENERIC_NOUNS_VI + class_nouns("vi") + _DETERMINERS_EN
    before_re = "|".join(re.escape(n) for n in sorted(set(before), key=len, reverse=True))
    return rf"(?:(?:{before_re})\s+)*(?:{core})(?:[\s\-]+(?:{_suffix_nouns()})(?!{WORD}))?"


def _is_mention(match: re.Match, subjects: list[Subject]) -> bool:
    """False for a common noun that only looks like a name: a lower-case word in the middle of a phrase."""
    found = match.group(0)
    core = strip_generic(found)
    if found.strip() != core and re.search(rf"(?:{_suffix_nouns()})$", found, re.I):
        return True  # "copper cables": the class noun says it is the subject
    if len(re.split(r"[\s\-]+", core)) > 1 or not core.islower():
        return True
    names = [s.name for s in subjects]
    if all(n.islower() for n in names):
        return True  # the document writes its subjects in lower case everywhere
    before = match.string[: match.start()].rstrip()
    return bool(_SUBJECT_CONTEXT.search(before + (" " if before and before[-1].isalpha() else "")))


def _is_plural(found: str, language: str) -> bool:
    if language == "vi":
        return False
    last = re.split(r"[\s\-]+", found.strip())[-1]
    return bool(_PLURAL_WORD.match(last)) or last.lower() in {"media", "data"}


def mentions(text: str, subjects: list[Subject], language: str = "en") -> list[re.Match]:
    pattern = re.compile(rf"(?<!{WORD}){_named_pattern(subjects, language)}(?!{WORD})", re.IGNORECASE)
    return [m for m in pattern.finditer(text) if _is_mention(m, subjects)]


def mask_subjects(text: str, subjects: list[Subject], language: str) -> str:
    """Rewrite a statement so that it names no subject (for prompts and choices), keeping the verb's agreement."""
    named = _named_pattern(subjects, language)
    neutral = lang.NEUTRAL.get(language, lang.NEUTRAL["en"])
    noun = next((s.noun for s in subjects if s.noun), "")
    # "Client-Server, máy chủ ..." / "In P2P networks, each ..." / "Client-Server thì ...": drop the lead.
    lead = re.compile(rf"^\s*(?:{lang.SIDE_LEAD})?{named}\s*(?:,\s*|\s+thì\s+|\s*:\s*)", re.IGNORECASE)
    text = lead.sub("", text, count=1)
    every = sorted({a for s in subjects for a in s.aliases if a.strip()}, key=len, reverse=True)
    core = "|".join(f"(?:{alias_pattern(a)})" for a in every) or r"(?!x)x"
    # "mỗi máy ngang hàng" -> "mỗi máy trong mô hình này"; "P2P nodes" -> "nodes in this network".
    if language == "vi":
        text = re.sub(
            rf"(?<!{WORD})(máy|nút|node|thiết bị|máy tính)\s+(?:{core})(?!{WORD})",
            lambda m: f"{m.group(1)} trong {noun_phrase(subjects, language)}",
            text,
            flags=re.IGNORECASE,
        )
    else:
        text = re.sub(
            rf"(?<!{WORD})(?:{core})\s+(nodes?|peers?|machines?|computers?|hosts?|clients?)(?!{WORD})",
            lambda m: f"{m.group(1)} in this {noun}" if noun else neutral["nodes"].format(nodes=m.group(1)),
            text,
            flags=re.IGNORECASE,
        )

    def replace(m: re.Match) -> str:
        if not _is_mention(m, subjects):
            return m.group(0)
        suffix = re.search(rf"[\s\-]+({_suffix_nouns()})$", m.group(0), re.IGNORECASE)
        if language != "vi" and suffix and noun and suffix.group(1).lower() not in (noun, lang.plural_en(noun)):
            # "the standard SQL language" in a document about databases: the name only qualifies another noun.
            determiners = re.match(r"^(?:(?:the|a|an|each|every)\s+)*", m.group(0), re.IGNORECASE).group(0)
            return determiners + suffix.group(1)
        return noun_phrase(subjects, language, plural=_is_plural(m.group(0), language))

    text = re.sub(rf"(?<!{WORD}){named}(?!{WORD})", replace, text, flags=re.IGNORECASE)
    text = re.sub(r"\s+", " ", text).strip()
    return tidy(text) if text else text


def names_in(text: str, subjects: list[Subject], language: str = "en") -> list[str]:
    """Every name of a subject found in text (a check that nothing gives an answer away)."""
    return [strip_generic(m.group(0)) or m.group(0) for m in mentions(text, subjects, language)]
