"""What an import did or would do, per kind of row: the shapes the import, its preview and the pages share."""

from __future__ import annotations

from dataclasses import dataclass, field

from learning.content.types import ParsedDocument
from learning.models import Document


@dataclass
class ChangeSet:
    """What an import did to one kind of row, by name (titles, terms, bullets, prompts, card fronts)."""

    kept: list[str] = field(default_factory=list)  # matched and unchanged
    changed: list[str] = field(default_factory=list)  # matched (same row, students' data kept), new text
    added: list[str] = field(default_factory=list)
    retired: list[str] = field(default_factory=list)  # gone from the document: hidden, rows kept

    def as_dict(self) -> dict:
        return {
            "kept": len(self.kept),
            "changed": len(self.changed),
            "added": len(self.added),
            "retired": len(self.retired),
            "changed_names": self.changed,
            "added_names": self.added,
            "retired_names": self.retired,
        }


REPORT_PARTS = ("lessons", "terms", "differences", "questions", "cards")


@dataclass
class ImportReport:
    lessons: ChangeSet = field(default_factory=ChangeSet)
    terms: ChangeSet = field(default_factory=ChangeSet)
    differences: ChangeSet = field(default_factory=ChangeSet)
    questions: ChangeSet = field(default_factory=ChangeSet)
    cards: ChangeSet = field(default_factory=ChangeSet)

    def as_dict(self) -> dict:
        return {part: getattr(self, part).as_dict() for part in REPORT_PARTS}

    def parts(self) -> list[tuple[str, ChangeSet]]:
        return [(part, getattr(self, part)) for part in REPORT_PARTS]


@dataclass
class ImportResult:
    document: Document
    status: str  # "created" | "updated" | "unchanged"
    report: ImportReport
    parsed: ParsedDocument | None = None  # as stored: the teacher's corrections and overrides applied


@dataclass
class Preview:
    """What an import would produce: the import itself, run in a transaction that is rolled back."""

    parsed: ParsedDocument
    slug: str
    sha256: str
    existing: Document | None
    unchanged: bool
    report: ImportReport
    reading_minutes: dict[str, int] = field(default_factory=dict)
    added: list[str] = field(default_factory=list)  # lesson keys
    updated: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)  # titles of the lessons that would be retired
