"""Difference extraction: the subjects of a comparison document and its differences (pure: no Django).

Reads the shapes teachers write: a list of differences whose bullets are two-sided ("A ..., while B ...")
or comparative ("A is more X than B"); comparison tables anywhere in the document ("| Basis for
comparison | A | B |", learning.content.tables); and one sub-heading per aspect with sentences about each
subject. Two or more subjects. The subjects themselves are found by learning.content.subjects; statements
are shown without their subject's name by learning.content.masking; one bullet is read by
learning.content.difference_bullets and a difference's question is worded by learning.content.aspects.
"""

from __future__ import annotations

import re

from . import lang
from .aspects import aspect_for, shared_topic
from .difference_bullets import read_aspect_block, read_comparative, read_two_sided
from .masking import mask_subjects, names_in
from .subjects import (
    MAX_SUBJECTS,
    alias_pattern,
    aliases_regex,
    build_subjects,
    find_subject_names,
    strip_generic,
)
from .tables import Table, find_tables, is_comparison, table_differences
from .text import WORD, content_words, plain, split_sentences, tidy
from .types import DifferenceData, DocumentError, ParsedDocument, Section, Subject, gettext_noop

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
            diff = read_aspect_block(aspect, lines, subjects)
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
        diff = read_comparative(bullet, subjects) or read_two_sided(bullet, subjects)
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
        diff.key = lang.unique_key(lang.slugify_key(seed, 50, fallback="x", whole_words=True), used)
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
