"""Comparison tables ("| Basis for comparison | A | B |") read as differences (pure: no Django).

Each body row is one difference: its first cell is the aspect, every other cell one subject's statement.
A row whose cells compare ("Faster | Slower", "Nhiều nhất | Ít nhất") is a comparative difference.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from . import lang
from .text import plain, tidy
from .types import DifferenceData, StatementData, Subject

MAX_ROWS = 100
_SEPARATOR = re.compile(r"^\s*\|?\s*:?-{2,}:?\s*(?:\|\s*:?-{2,}:?\s*)+\|?\s*$")


@dataclass
class Table:
    header: list[str]  # plain text cells
    rows: list[list[str]]  # plain text cells, as many as the header
    written: list[str]  # each body row's line as written
    section_key: str


def _cells(line: str) -> list[str]:
    line = line.strip()
    if line.startswith("|"):
        line = line[1:]
    if line.endswith("|") and not line.endswith("\\|"):
        line = line[:-1]
    return [plain(c.replace("\\|", "|")) for c in re.split(r"(?<!\\)\|", line)]


def find_tables(markdown: str, section_key: str) -> list[Table]:
    """Every pipe table of a section's Markdown with at least three columns (an aspect and two subjects)."""
    lines = markdown.splitlines()
    tables: list[Table] = []
    i = 0
    while i + 1 < len(lines):
        if "|" in lines[i] and _SEPARATOR.match(lines[i + 1]):
            header = _cells(lines[i])
            rows, written = [], []
            j = i + 2
            while j < len(lines) and "|" in lines[j] and lines[j].strip() and len(rows) < MAX_ROWS:
                cells = _cells(lines[j])
                if len(cells) >= len(header):
                    rows.append(cells[: len(header)])
                    written.append(lines[j].strip())
                j += 1
            if len(header) >= 3 and rows:
                tables.append(Table(header=header, rows=rows, written=written, section_key=section_key))
            i = j
        else:
            i += 1
    return tables


def is_comparison(table: Table, title_names: list[str]) -> bool:
    """A header whose first cell names the aspect column (or is empty), or whose other cells are the subjects."""
    if lang.ASPECT_HEADER.match(table.header[0]):
        return all(cell.strip() for cell in table.header[1:])
    folded = {lang.fold(n) for n in title_names}
    return sum(1 for cell in table.header[1:] if lang.fold(cell) in folded) >= 2


def _comparative_cell(cell: str, language: str, many: bool) -> bool:
    cell = cell.strip(" .")
    if language == "vi":
        pattern = lang.SUPERLATIVE_CELL_VI if many else lang.COMPARATIVE_CELL_VI
        return bool(pattern.match(cell))
    if cell.lower() in lang.NOT_COMPARATIVE_EN:
        return False
    pattern = lang.SUPERLATIVE_CELL_EN if many else lang.COMPARATIVE_CELL_EN
    return bool(pattern.match(cell))


def _comparison(cells: list[str], language: str) -> int | None:
    """Index of the cell that wins a comparative row ("Faster" of "Faster | Slower"), or None."""
    many = len(cells) > 2
    if not all(cell.strip() and len(cell.split()) <= 4 for cell in cells):
        return None
    marked = [i for i, cell in enumerate(cells) if _comparative_cell(cell, language, many)]
    if not marked:
        return None
    first = marked[0]
    if sum(1 for cell in cells if lang.fold(cell) == lang.fold(cells[first])) > 1:
        return None
    return first


def _statement(aspect: str, subject: Subject, cell: str, language: str) -> str:
    cell = cell.strip().rstrip(".")
    first = cell.split()[0] if cell.split() else ""
    if not (len(first) > 1 and first.isupper()):  # keep "IPv6", "RAM"; lower "Faster", "A cut backbone"
        cell = cell[:1].lower() + cell[1:]
    if not aspect:
        return tidy(f"{subject.name}: {cell}")
    return tidy(lang.templates(language)["table_statement"].format(aspect=aspect, subject=subject.name, cell=cell))


def table_differences(table: Table, subjects: list[Subject], columns: list[int], language: str) -> list[DifferenceData]:
    """One difference per body row; columns[i] is the table column of subjects[i]."""
    differences = []
    for cells, written in zip(table.rows, table.written, strict=True):
        aspect = cells[0].strip().rstrip(":")
        values = [cells[c] for c in columns]
        filled = [(s, v) for s, v in zip(subjects, values, strict=True) if v.strip() and v.strip() not in "-–—"]
        if len(filled) < 2:
            continue
        statements = [StatementData(subject=s.key, text=_statement(aspect, s, v, language)) for s, v in filled]
        winner = _comparison(values, language) if len(filled) == len(subjects) else None
        diff = DifferenceData(
            key="", kind="two_sided", source=written, statements=statements, section_key=table.section_key
        )
        diff.data = {"aspect": aspect}
        if winner is not None:
            phrase = values[winner].strip().rstrip(".").lower()
            if language != "vi":
                phrase = f"is {phrase}"
            elif aspect and len(phrase.split()) <= 2:
                # A bare "Ít hơn" asks "đối tượng nào ít hơn?": say what is compared ("có số lượng địa chỉ ít hơn").
                phrase = f"có {aspect[:1].lower()}{aspect[1:]} {phrase}"
            diff.kind = "comparative"
            diff.statements = [statements[winner]]
            others = [s.key for i, s in enumerate(subjects) if i != winner]
            diff.data.update(
                winner=subjects[winner].key,
                other=others[0] if len(others) == 1 else "",
                phrase=phrase,
                property=re.sub(r"^(?:is\s+)?(?:more|most|less|least)\s+|\s+(?:hơn|nhất)$", "", phrase),
                condition="",
                direction="less" if re.match(r"^(?:is )?(?:less|least|fewer)\b", phrase) else "more",
                table=[{"subject": s.key, "text": st.text} for s, st in zip(subjects, statements, strict=False)],
            )
        differences.append(diff)
    return differences
