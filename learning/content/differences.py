"""Difference extraction: the subjects of a comparison document and its differences (pure: no Django).

Reads the shapes teachers write: a list of differences whose bullets are two-sided ("A ..., while B ...")
or comparative ("A is more X than B"); comparison tables anywhere in the document ("| Basis for
comparison | A | B |", learning.content.tables); and one sub-heading per aspect with sentences about each
subject. Two or more subjects. The subjects themselves are found by learning.content.subjects; statements
are shown without their subject's name by learning.content.masking.
"""

from __future__ import annotations

import re

from . import lang
from .masking import mask_subjects, names_in, noun_phrase, which_noun
from .subjects import (
    MAX_SUBJECTS,
    alias_pattern,
    aliases_regex,
    build_subjects,
    find_subject_names,
    strip_generic,
    subject_of,
)
from .tables import Table, find_tables, is_comparison, table_differences
from .text import WORD, content_words, plain, split_all, split_contrast, split_sentences, tidy
from .types import DifferenceData, DocumentError, ParsedDocument, Section, StatementData, Subject, gettext_noop

__all__ = [
    "extract_differences",
    "mask_subjects",
    "names_in",
    "alias_pattern",
    "aliases_regex",
    "tidy",
    "split_sentences",
    "aspect_for",
    "shared_topic",
]

# An extraction that shares most words with one already found states the same difference.
SAME_DIFFERENCE = 0.6


# --------------------------------------------------------------------------- where the differences are


def _subheadings(section: Section) -> list[tuple[str, list[str]]]:
    """(aspect, lines as written) for each heading inside the section (one sub-heading per aspect)."""
    blocks: list[tuple[str, list[str]]] = []
    for line in section.markdown.splitlines()[1:]:
        m = re.match(r"^\s{0,3}#{2,6}\s+(.*?)\s*#*\s*$", line)
        if m:
            blocks.append((re.sub(r"^\s*(?:\d+[.)]\s*)+", "", plain(m.group(1))).strip(" :"), []))
        elif blocks:
            blocks[-1][1].append(line)
    return [(aspect, lines) for aspect, lines in blocks if aspect and any(ln.strip() for ln in lines)]


def difference_section(parsed: ParsedDocument) -> Section | None:
    """The section listing the differences: a matching heading with bullets or sub-headings (the last such one)."""
    candidates = [
        s for s in parsed.sections if lang.DIFFERENCE_HEADING.search(s.title) and (s.bullets or _subheadings(s))
    ]
    if not candidates:
        return None
    # The document title is often "Compare A and B" too; prefer the deepest, latest heading.
    return max(candidates, key=lambda s: (s.level, s.position))


def _comparison_tables(parsed: ParsedDocument) -> list[Table]:
    try:
        title_names = find_subject_names(parsed)
    except DocumentError:
        title_names = []
    tables = [t for s in parsed.sections for t in find_tables(s.markdown, s.key)]
    return [t for t in tables if is_comparison(t, title_names)]


def _names(parsed: ParsedDocument, section: Section | None, tables: list[Table]) -> list[str]:
    """The subjects' names: the title's when a table's columns agree with it, else the first table's columns."""
    try:
        titled = find_subject_names(parsed, section.title if section else "")
    except DocumentError:
        titled = []
    if tables:
        columns = [strip_generic(c) or c for c in tables[0].header[1:]][:MAX_SUBJECTS]
        agree = len(titled) == len(columns) and all(
            any(re.search(alias_pattern(n), c, re.I) or re.search(alias_pattern(c), n, re.I) for c in columns)
            for n in titled
        )
        if not agree:
            return columns
    if len(titled) < 2:
        raise DocumentError(
            gettext_noop("Cannot tell which two things are compared: write a title like 'Compare A and B'.")
        )
    return titled


def _columns(table: Table, subjects: list[Subject]) -> list[int] | None:
    """The table column of each subject, or None when the table compares other things."""
    header = table.header
    columns: list[int] = []
    for subject in subjects:
        pattern = aliases_regex(subject.aliases + [subject.name])
        found = [i for i in range(1, len(header)) if i not in columns and pattern.search(header[i])]
        if not found:
            return None
        columns.append(found[0])
    return columns


# --------------------------------------------------------------------------- differences


def _split_at_comma(sentence: str, groups: list[list[str]]) -> list[str]:
    """ "Hubs share one domain, switches give each port its own": a clause after a comma opening with the other."""
    first = subject_of(sentence, groups)
    if first is None:
        return [sentence]
    other = aliases_regex(groups[1 - first])
    generic = "|".join(re.escape(n) for n in lang.GENERIC_NOUNS_VI + lang.GENERIC_NOUNS_EN)
    for m in re.finditer(r",\s*", sentence):
        rest = sentence[m.end() :]
        rest_core = re.sub(rf"^(?:(?:{generic})\s+)*", "", rest, flags=re.IGNORECASE)
        if other.match(rest_core):
            return [sentence[: m.start()], rest]
    return [sentence]


def _comparative(bullet: str, subjects: list[Subject]) -> DifferenceData | None:
    if len(subjects) != 2:
        return None  # "A is faster than B" says nothing of C: read as a statement about A
    sentences = split_sentences(bullet)
    if len(sentences) != 1:
        return None
    sentence = sentences[0]
    groups = [s.aliases for s in subjects]
    m = re.search(r"\s+(?P<marker>hơn\s+so\s+với|hơn\s+so|hơn|than)\s+(?P<other>.+?)\s*$", sentence, re.I)
    if not m:
        return None
    other_text = re.sub(r"^(?:the|a|an)\s+", "", m.group("other").strip(), flags=re.IGNORECASE)
    other = subject_of(other_text, groups)
    named = aliases_regex(groups[other]).match(other_text) if other is not None else None
    if named is None:
        return None
    # "... than B for simple key lookups": the condition belongs to the comparison.
    tail = other_text[named.end() :]
    tail = re.sub(rf"^\s*(?:{'|'.join(lang.GENERIC_SUFFIX_EN)})(?!{WORD})", "", tail, flags=re.I).strip(" .,;")
    head = sentence[: m.start()]
    first = aliases_regex(groups[1 - other]).search(head)
    if not first:
        return None
    phrase = head[first.end() :]
    phrase = re.sub(r"^[\s,]*(?:(?:thì|là)\s+)?(?:(?:mô hình|mạng|model|network)\s+)?", "", phrase, flags=re.I)
    phrase = re.sub(rf"^(?:{'|'.join(lang.GENERIC_SUFFIX_EN)})\s+", "", phrase, flags=re.I).strip(" ,")
    if not phrase:
        return None
    marker = m.group("marker").lower()
    vietnamese = marker.startswith("hơn")
    if vietnamese:
        phrase = f"{phrase} hơn"
    else:
        # "which one is ...": the verb agrees with a singular "which".
        phrase = re.sub(r"^are\b", "is", phrase)
        phrase = re.sub(r"^have\b", "has", phrase)
        phrase = re.sub(r"^do\b", "does", phrase)
        verb = re.match(r"^([a-z]+)\b", phrase)
        plural_subject = re.search(r"[a-z][^su]s$", first.group(0), re.I)
        if verb and plural_subject and verb.group(1) not in lang.NOT_VERBS_EN and not verb.group(1).endswith("s"):
            word = verb.group(1)
            phrase = (word + ("es" if word.endswith(("ch", "sh", "x", "o")) else "s")) + phrase[len(word) :]
    if tail:
        phrase = f"{phrase} {tail}"
    prop = re.sub(r"^(?:is|are|has|have|có|là)\s+", "", phrase, flags=re.I)
    prop = re.sub(r"\s*hơn(?:\s.*)?$", "", prop)
    prop = re.sub(r"\s+(?:for|when|if|in|on|at|with)\s.*$", "", prop)
    prop = re.sub(r"^(?:more|less|fewer)\s+", "", prop, flags=re.I)
    winner = subjects[1 - other].key
    return DifferenceData(
        key="",
        kind="comparative",
        source=bullet.strip(),
        statements=[StatementData(subject=winner, text=tidy(sentence))],
        section_key="",
        data={
            "winner": winner,
            "other": subjects[other].key,
            "phrase": phrase,
            "property": prop,
            "condition": tail,
            "direction": "less" if re.match(r"^(?:is |has )?(?:less|fewer)\b", phrase, re.I) else "more",
        },
    )


UNLIKE = re.compile(
    r"^\s*(?:unlike|in contrast to|contrary to|as opposed to|khác với|không giống như|trái với)\s+"
    r"(?P<x>[^,]+),\s*(?P<rest>.+)$",
    re.IGNORECASE,
)


def _two_sided(bullet: str, subjects: list[Subject]) -> DifferenceData | None:
    groups = [s.aliases for s in subjects]
    if len(subjects) != 2:
        return _many_sided(bullet, subjects)
    unlike = UNLIKE.match(bullet)
    if unlike and subject_of(unlike.group("x"), groups) is not None:
        # "Unlike A, B keeps a table": one statement, about B.
        about = 1 - subject_of(unlike.group("x"), groups)
        return DifferenceData(
            key="",
            kind="two_sided",
            source=bullet.strip(),
            statements=[StatementData(subject=subjects[about].key, text=tidy(unlike.group("rest")))],
            section_key="",
        )
    sides = split_contrast(bullet)
    if len(sides) == 1 and len(split_sentences(bullet)) == 1:
        sides = _split_at_comma(bullet, groups)
    if len(sides) == 1:
        sentences = split_sentences(bullet)
        first = subject_of(sentences[0], groups) if sentences else None
        cut = None
        for i, sentence in enumerate(sentences[1:], start=1):
            named = subject_of(sentence, groups)
            if named is not None and named != first:
                cut = i
                break
        if cut is None:
            if first is None:
                return None
            return DifferenceData(
                key="",
                kind="two_sided",
                source=bullet.strip(),
                statements=[StatementData(subject=subjects[first].key, text=tidy(bullet))],
                section_key="",
            )
        sides = [". ".join(sentences[:cut]), ". ".join(sentences[cut:])]
    found = [subject_of(side, groups) for side in sides]
    if found[0] is None and found[1] is None:
        return None
    if found[0] is None or found[0] == found[1]:
        found[0] = 1 - found[1] if found[0] is None else found[0]
        found[1] = 1 - found[0]
    elif found[1] is None:
        found[1] = 1 - found[0]
    statements = [StatementData(subject=subjects[f].key, text=tidy(side)) for f, side in zip(found, sides, strict=True)]
    return DifferenceData(key="", kind="two_sided", source=bullet.strip(), statements=statements, section_key="")


def _many_sided(text: str, subjects: list[Subject]) -> DifferenceData | None:
    """Three or more subjects: each clause about the subject it names; a clause naming none joins the previous."""
    groups = [s.aliases for s in subjects]
    by: dict[int, list[str]] = {}
    current: int | None = None
    clauses = [part for clause in split_all(text) for part in _split_at_names(clause, groups)]
    for clause in clauses:
        named = subject_of(clause, groups)
        if named is not None:
            current = named
        if current is not None:
            by.setdefault(current, []).append(clause.strip(" ,;"))
    if not by:
        return None
    statements = [StatementData(subject=subjects[i].key, text=tidy(". ".join(by[i]))) for i in sorted(by)]
    return DifferenceData(key="", kind="two_sided", source=text.strip(), statements=statements, section_key="")


def _split_at_names(clause: str, groups: list[list[str]]) -> list[str]:
    """ "A does x, B does y": split before a comma-led clause that opens with another subject's name."""
    parts, start = [], 0
    for m in re.finditer(r",\s*", clause):
        if subject_of(clause[m.end() : m.end() + 40], groups) is not None and aliases_regex(
            [a for g in groups for a in g]
        ).match(clause[m.end() :]):
            parts.append(clause[start : m.start()])
            start = m.end()
    parts.append(clause[start:])
    return [p for p in parts if p.strip()]


def _aspect_block(aspect: str, lines: list[str], subjects: list[Subject]) -> DifferenceData | None:
    """One sub-heading's paragraph(s): the sentences about each subject, under the heading's aspect."""
    text = " ".join(plain(re.sub(r"^\s*(?:[-*+]|\d+[.)])\s+", "", ln)) for ln in lines if ln.strip())
    groups = [s.aliases for s in subjects]
    by: dict[int, list[str]] = {}
    current: int | None = None
    for clause in split_all(text) if len(subjects) > 2 else split_sentences(text):
        sides = [clause] if len(subjects) > 2 else split_contrast(clause)
        for side in sides:
            named = subject_of(side, groups)
            current = named if named is not None else current
            if current is not None:
                by.setdefault(current, []).append(side.strip(" ,;"))
    if len(by) < 2:
        return None
    statements = [StatementData(subject=subjects[i].key, text=tidy(". ".join(by[i]))) for i in sorted(by)]
    diff = DifferenceData(key="", kind="two_sided", source=text, statements=statements, section_key="")
    diff.data = {"aspect": aspect}
    return diff


def _same_difference(new: DifferenceData, found: list[DifferenceData], subjects: list[Subject]) -> bool:
    """A table row and a bullet that state the same difference (most of the row's words are in the bullet)."""
    names = content_words(" ".join(a for s in subjects for a in s.aliases + [s.name]))
    words = content_words(" ".join(st.text for st in new.statements)) - names
    if not words:
        return False
    for old in found:
        other = content_words(" ".join(st.text for st in old.statements) + " " + old.source) - names
        small = min(len(words), len(other)) or 1
        if len(words & other) / small >= SAME_DIFFERENCE:
            return True
    return False


def _bullet_differences(section: Section, subjects: list[Subject]) -> list[DifferenceData]:
    differences = []
    blocks = _subheadings(section)
    if blocks:
        for aspect, lines in blocks:
            diff = _aspect_block(aspect, lines, subjects)
            if diff is not None:
                diff.source = "\n".join(ln for ln in lines if ln.strip()).strip()
                diff.section_key = section.key
                differences.append(diff)
        if differences:
            return differences
    top = min((depth for depth, _ in section.bullets), default=0)
    for depth, bullet in section.bullets:
        if depth != top or not re.search(WORD, bullet):
            continue
        diff = _comparative(bullet, subjects) or _two_sided(bullet, subjects)
        if diff is None:
            continue
        diff.section_key = section.key
        diff.source = _as_written(bullet, section.markdown)
        differences.append(diff)
    return differences


def extract_differences(parsed: ParsedDocument) -> tuple[list[Subject], list[DifferenceData]]:
    """The subjects and the differences: bullets (or aspect sub-headings) of the differences section, and the
    rows of every comparison table; a difference stated both ways is kept once."""
    section = difference_section(parsed)
    tables = _comparison_tables(parsed)
    if section is None and not tables:
        raise DocumentError(
            gettext_noop("No list of differences: add a section titled like 'Differences' or 'Sự khác biệt'.")
        )
    names = _names(parsed, section, tables)
    bullets = [b for _, b in section.bullets] if section else []
    cells = [c for t in tables for row in t.rows for c in row]
    subjects = build_subjects(parsed, names, bullets, extra=cells)
    differences = _bullet_differences(section, subjects) if section else []
    from_text = list(differences)
    for table in tables:
        columns = _columns(table, subjects)
        if columns is None:
            continue
        for diff in table_differences(table, subjects, columns, parsed.language):
            if not _same_difference(diff, from_text, subjects):
                differences.append(diff)
    if not differences:
        raise DocumentError(gettext_noop("The differences section has no bullet that names one of the two subjects."))
    used: set[str] = set()
    for diff in differences:
        seed = diff.data.get("aspect") or diff.statements[0].text
        diff.key = _unique(lang.slugify_key(seed, 50, fallback="x", whole_words=True), used)
        diff.aspect = aspect_for(diff, subjects, parsed.language)
    return subjects, differences


def _squash(text: str) -> str:
    return re.sub(r"[\s*_`]+", "", text)


def _as_written(bullet: str, markdown: str) -> str:
    """The bullet's line in the section's Markdown (the parser's plain text tidies spacing)."""
    target = _squash(bullet)
    for line in markdown.splitlines():
        m = re.match(r"^\s*(?:[-*+]\s*)+(.*)$", line)
        if m and _squash(m.group(1)) == target:
            return m.group(1).strip()
    return bullet.strip()


def _unique(key: str, used: set[str]) -> str:
    candidate, n = key, 2
    while candidate in used:
        candidate = f"{key}-{n}"
        n += 1
    used.add(candidate)
    return candidate


# --------------------------------------------------------------------------- aspects


def shared_topic(first: str, second: str, subjects: list[Subject], language: str) -> str:
    """The longest run of words both sides share (names masked away), trimmed of small words: the aspect's topic."""
    mask = noun_phrase(subjects, language).lower().split() + noun_phrase(subjects, language, plural=True).split()

    def words(text: str) -> list[str]:
        return re.findall(rf"{WORD}[\w\-]*", mask_subjects(text, subjects, language).lower())

    a, b = words(first), words(second)
    best: list[str] = []
    for i in range(len(a)):
        for j in range(len(b)):
            k = 0
            while i + k < len(a) and j + k < len(b) and a[i + k] == b[j + k]:
                k += 1
            if k > len(best):
                best = a[i : i + k]
    small = lang.EDGE_WORDS.get(language, lang.EDGE_WORDS["en"]) | set(mask)
    while best and best[0] in small:
        best = best[1:]
    while best and best[-1] in small:
        best = best[:-1]
    return " ".join(best)


def aspect_for(diff: DifferenceData, subjects: list[Subject], language: str) -> str:
    """The difference as a question, for a flashcard's front."""
    t = lang.templates(language)
    if diff.kind == "comparative":
        return t["aspect_comparative"].format(phrase=diff.data["phrase"], noun=which_noun(subjects, language))
    names = {s.key: s.name for s in subjects}
    if diff.data.get("aspect"):
        listed = [s.name for s in subjects if any(st.subject == s.key for st in diff.statements)]
        return t["aspect_many"].format(names=_and(listed, language), topic=diff.data["aspect"])
    if len(diff.statements) >= 3:
        return t["aspect_compare"].format(a=_and([s.name for s in subjects][:-1], language), b=subjects[-1].name)
    if len(diff.statements) == 2:
        first, second = diff.statements
        topic = shared_topic(first.text, second.text, subjects, language)
        # A topic worth asking about: two words or more (Vietnamese words are syllables), or one long English word.
        if len(topic.split()) >= 2 or (language != "vi" and len(topic) >= 6):
            ordered = [s.name for s in subjects if s.key in (first.subject, second.subject)]
            return t["aspect_topic"].format(a=ordered[0], b=ordered[-1], topic=topic)
        return t["aspect_one_side"].format(statement=first.text, other=names[second.subject])
    return t["aspect_compare"].format(a=_and([s.name for s in subjects][:-1], language), b=subjects[-1].name)


def _and(names: list[str], language: str) -> str:
    """ "A", "A and B", "A, B and C" (Vietnamese "và")."""
    word = " và " if language == "vi" else " and "
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + word + names[-1]
