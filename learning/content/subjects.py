"""The subjects a comparison document compares: their names, the other forms the text uses, and the noun
the document uses for their kind ("database", "giao thức"). Pure: no Django.
"""

from __future__ import annotations

import re
from collections import Counter

from . import lang
from .text import WORD, split_contrast, split_sentences
from .types import DocumentError, ParsedDocument, Subject, gettext_noop

KEYS = "abcdefgh"
MAX_SUBJECTS = len(KEYS)
# Well-known other names of the usual subjects; added only when the text itself uses them.
KNOWN_SYNONYMS = {
    "peer to peer": ["p2p", "ngang hàng"],
    "client server": ["client/server", "khách-chủ", "khách chủ"],
}
MAX_ALIAS_WORDS = 5
STOP_LEADS = re.compile(
    r"^(?:nó|chúng|họ|mỗi|các|những|một|it|they|each|every|this|that|these|those|there|its|their)\b", re.I
)


def alias_pattern(alias: str) -> str:
    """Regex for an alias: case-insensitive, spaces and hyphens interchangeable, whole words."""
    words = [re.escape(w) for w in re.split(r"[\s\-]+", alias.strip()) if w]
    # English plurals ("hubs", "switches", "LANs") name the subject too.
    plural = r"(?:e?s)?" if re.search(r"[A-Za-z]$", alias.strip()) else ""
    return rf"(?<!{WORD})" + r"[\s\-]+".join(words) + plural + rf"(?!{WORD})"


def aliases_regex(aliases: list[str]) -> re.Pattern:
    ordered = sorted({a for a in aliases if a.strip()}, key=len, reverse=True)
    return re.compile("|".join(f"(?:{alias_pattern(a)})" for a in ordered) or r"(?!x)x", re.IGNORECASE)


def class_nouns(language: str) -> list[str]:
    nouns = lang.CLASS_NOUNS_VI if language == "vi" else lang.CLASS_NOUNS_EN
    return sorted(nouns, key=len, reverse=True)


def _suffix_nouns() -> str:
    words = set(lang.GENERIC_SUFFIX_EN) | set(lang.CLASS_NOUNS_EN) | {lang.plural_en(n) for n in lang.CLASS_NOUNS_EN}
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


def strip_generic(name: str) -> str:
    """A name without the articles and class nouns around it ("the SQL databases" -> "SQL")."""
    name = name.strip(" .,:;?!#*")
    prefixes = lang.GENERIC_NOUNS_VI + lang.GENERIC_NOUNS_EN + ["giao thức", "thiết bị", "công nghệ"]
    changed = True
    while changed:
        changed = False
        for noun in prefixes:
            m = re.match(rf"{re.escape(noun)}\s+(.+)$", name, re.IGNORECASE)
            if m:
                name, changed = m.group(1), True
        m = re.match(rf"(.+?)\s+(?:{_suffix_nouns()})$", name, re.IGNORECASE)
        if m:
            name, changed = m.group(1), True
    return name.strip()


def canonical(name: str) -> str:
    if re.fullmatch(r"peer[\s\-]+to[\s\-]+peer", name, re.IGNORECASE):
        return "Peer-to-peer"
    return name[0].upper() + name[1:] if name else name


def names_from_title(title: str) -> list[str]:
    """ "Compare A and B" -> [A, B]; "A, B and C" -> [A, B, C]."""
    rest = lang.TITLE_PREFIX.sub("", title.strip(" #"))
    parts = [p for p in lang.TITLE_SEPARATOR.split(rest) if p.strip()]
    if len(parts) == 2 and "," not in rest:
        return [strip_generic(p) for p in parts]
    parts = [p for p in lang.TITLE_LIST_SEPARATOR.split(rest) if p and p.strip()]
    if 2 <= len(parts) <= MAX_SUBJECTS and all(len(p.split()) <= MAX_ALIAS_WORDS for p in parts):
        names = [strip_generic(p) for p in parts]
        # "Routers, switches and hubs" -> plural class word at the end belongs to every name.
        return [n for n in names if n]
    return []


def find_subject_names(parsed: ParsedDocument, section_title: str = "") -> list[str]:
    """The subjects' base names, in the order of the title (or of the definitions)."""
    definitions: list[str] = []
    for s in parsed.sections:
        m = lang.DEFINITION_HEADING.match(s.title)
        if m:
            name = strip_generic(m.group("name"))
            if name and all(name.lower() != d.lower() for d in definitions):
                definitions.append(name)
    titled = names_from_title(parsed.title)
    if len(titled) < 2 and len(definitions) >= 2:
        titled = definitions[:MAX_SUBJECTS]
    if len(titled) < 2 and section_title:
        titled = names_from_title(lang.DIFFERENCE_HEADING.split(section_title, 1)[-1]) or names_from_title(
            section_title
        )
    if len(titled) < 2:
        raise DocumentError(
            gettext_noop("Cannot tell which two things are compared: write a title like 'Compare A and B'.")
        )
    title = parsed.title

    def order(name: str) -> int:
        m = re.search(alias_pattern(name), title, re.IGNORECASE)
        return m.start() if m else 10_000

    return sorted(titled, key=order)


def surface_forms(name: str, texts: list[str]) -> list[str]:
    forms = []
    pattern = re.compile(alias_pattern(name), re.IGNORECASE)
    for text in texts:
        for m in pattern.finditer(text):
            if m.group(0) not in forms:
                forms.append(m.group(0))
    return forms or [name]


def lead_phrase(side: str) -> str | None:
    """The short noun phrase a side opens with ("mô hình ngang hàng" in "Còn mô hình ngang hàng, mỗi ...")."""
    side = re.sub(rf"^\s*{lang.SIDE_LEAD}", "", side.strip(), flags=re.IGNORECASE)
    m = re.match(r"^([^,;:.]+?)\s*(?:,|\s+thì\s|$)", side)
    if not m:
        return None
    phrase = m.group(1).strip()
    if not phrase or len(phrase.split()) > MAX_ALIAS_WORDS or STOP_LEADS.match(phrase):
        return None
    return phrase


def subject_of(text: str, aliases: list[list[str]]) -> int | None:
    """Index of the subject named first in text, or None."""
    best: tuple[int, int] | None = None
    for idx, group in enumerate(aliases):
        m = aliases_regex(group).search(text)
        if m and (best is None or m.start() < best[0]):
            best = (m.start(), idx)
    return best[1] if best else None


def add_alias(group: list[str], phrase: str) -> None:
    phrase = phrase.strip(" .,;:")
    for form in (phrase, strip_generic(phrase)):
        if form and form not in group:
            group.append(form)


def _learn_from_sides(bullets: list[str], aliases: list[list[str]]) -> None:
    """Two subjects: when one side names X and the other opens with a short unknown noun phrase, it names Y."""
    for bullet in bullets:
        sides = split_contrast(bullet)
        if len(sides) == 1:
            sides = split_sentences(bullet)
        if len(sides) < 2:
            continue
        found = [subject_of(side, aliases) for side in sides[:2]]
        for idx in (0, 1):
            other = found[1 - idx]
            if found[idx] is None and other is not None:
                phrase = lead_phrase(sides[idx])
                if phrase:
                    add_alias(aliases[1 - other], phrase)


def _learn_from_than(bullets: list[str], aliases: list[list[str]]) -> None:
    """Two subjects: "... hơn so với X" names the other subject."""
    for bullet in bullets:
        m = re.search(r"\b(?:hơn\s+so\s+với|so\s+với|than)\s+([^,;.]+?)\s*[.,;]?\s*$", bullet, re.I)
        if m and subject_of(m.group(1), aliases) is None:
            first = subject_of(bullet[: m.start()], aliases)
            if first is not None and len(m.group(1).split()) <= MAX_ALIAS_WORDS:
                add_alias(aliases[1 - first], m.group(1))


def _learn_generic_forms(bullets: list[str], aliases: list[list[str]]) -> None:
    """Forms with a generic noun as the differences section writes them ("mạng peer to peer")."""
    section_text = " ".join(bullets)
    generic = "|".join(re.escape(n) for n in lang.GENERIC_NOUNS_VI + ["the"])
    for group in aliases:
        core = "|".join(f"(?:{alias_pattern(a)})" for a in sorted(group, key=len, reverse=True))
        for m in re.finditer(rf"(?<!{WORD})(?:{generic})\s+(?:{core})", section_text, re.IGNORECASE):
            form = m.group(0)
            if form.lower() != "the" and not form.lower().startswith("the "):
                add_alias(group, form)


def class_noun(texts: list[str], aliases: list[list[str]], language: str) -> str:
    """The noun the document puts next to its subjects' names ("SQL databases", "giao thức HTTP"), or ""."""
    counts: Counter[str] = Counter()
    every = [a for group in aliases for a in group]
    core = "|".join(f"(?:{alias_pattern(a)})" for a in sorted(set(every), key=len, reverse=True))
    if not core:
        return ""
    for noun in class_nouns(language):
        if language == "vi":
            pattern = rf"(?<!{WORD}){re.escape(noun)}\s+(?:{core})"
        else:
            forms = "|".join(re.escape(f) for f in {noun, lang.plural_en(noun)})
            pattern = rf"(?i:{core})[\s\-]+(?:{forms})(?!{WORD})"
        for text in texts:
            # Case-sensitive on the noun: "SQL databases" in a sentence, not "SSD | Storage" from a table's cells.
            counts[noun] += len(re.findall(pattern, text))
    counts = Counter({n: c for n, c in counts.items() if c})
    if not counts:
        return ""
    return max(counts, key=lambda n: (counts[n], len(n)))


def build_subjects(
    parsed: ParsedDocument, names: list[str], bullets: list[str], extra: list[str] = ()
) -> list[Subject]:
    """One Subject per name (keys "a", "b", "c"...), with every form the text uses and the document's class noun."""
    texts = [parsed.title] + [s.title for s in parsed.sections] + [s.text for s in parsed.sections]
    texts += [b for s in parsed.sections for _, b in s.bullets] + list(extra)
    aliases: list[list[str]] = [surface_forms(n, texts) for n in names]
    joined = " ".join(texts)
    for i, name in enumerate(names):
        key = re.sub(r"[\s\-]+", " ", name.lower())
        for synonym in KNOWN_SYNONYMS.get(key, []):
            if re.search(alias_pattern(synonym), joined, re.I):
                aliases[i] += surface_forms(synonym, texts)
    if len(names) == 2:
        for _ in range(2):
            _learn_from_sides(bullets, aliases)
            _learn_from_than(bullets, aliases)
    _learn_generic_forms(bullets, aliases)
    noun = class_noun(texts, aliases, parsed.language)
    subjects = []
    for key, name, group in zip(KEYS, names, aliases, strict=False):
        unique = list(dict.fromkeys(group))
        subjects.append(
            Subject(key=key, name=canonical(name), aliases=sorted(unique, key=len, reverse=True), noun=noun)
        )
    return subjects
