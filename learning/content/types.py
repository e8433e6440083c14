"""Plain data passed between the pure content functions (no Django).

parse_document(text)            -> ParsedDocument   (learning.content.markdown)
extract_differences(parsed)     -> Extraction       (learning.content.differences)
generate_questions(doc, seed)   -> list[QuestionData] (learning.content.questions)
generate_cards(doc)             -> list[CardData]   (learning.content.cards)
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any


def gettext_noop(message: str) -> str:
    """Marks a user-facing English msgid for `make messages`; the web layer translates it when shown."""
    return message


class QuestionType(StrEnum):
    """The kinds of generated questions (the values stored in learning.models.Question.type)."""

    WHICH_MODEL = "which_model"  # which subject does this statement describe
    TRUE_FALSE = "true_false"
    MULTIPLE_CHOICE = "multiple_choice"
    MULTI_SELECT = "multi_select"
    MATCHING = "matching"
    COMPARATIVE = "comparative"
    CLOZE = "cloze"


# What a distractor was built from: the other subject's name, the other subject's statement on the same
# difference, a statement of another difference, a reversed comparison; "denied": a true statement called false.
DISTRACTOR_KINDS = ("subject_name", "same_difference", "other_difference", "reversed_comparison", "denied")


class DocumentError(ValueError):
    """The document cannot be imported; the message says why, for the user.

    `code` names the reason for programs (the API, tests); `template` is the English msgid of the message and
    `params` its values, so the message is translated where it is shown (services.documents.document_error_message).
    A plain `DocumentError("msgid")` is its own template.
    """

    def __init__(self, message: str = "", *, code: str = "invalid", template: str = "", params: dict | None = None):
        self.code = code
        self.template = template or message
        self.params = dict(params or {})
        super().__init__(message or self.template.format(**self.params))


@dataclass
class Image:
    url: str  # the original address, kept as a credited source link, never loaded
    alt: str
    diagram: str  # "client_server" | "peer_to_peer" | "generic": which SVG the service draws instead


@dataclass
class Section:
    key: str  # stable slug from the heading text (not from position)
    title: str  # clean title ("Định nghĩa Client-Server")
    level: int
    position: int
    markdown: str  # the section's source as written
    html: str  # sanitized HTML, as students see it
    text: str  # plain text (for reading time, search and extraction)
    images: list[Image] = field(default_factory=list)
    # Bullets of the section as plain text, nested ones flattened with their depth.
    bullets: list[tuple[int, str]] = field(default_factory=list)


@dataclass
class GlossaryEntry:
    key: str
    term: str
    definition: str  # a sentence from the text
    section_key: str


@dataclass
class Subject:
    key: str  # "a", "b", "c", ... in the order of the title or the table's columns
    name: str  # canonical name ("Client-Server", "Peer-to-peer")
    aliases: list[str]  # every form the text uses, longest first
    noun: str = ""  # the document's own word for the kind of thing compared ("database", "giao thức"), or ""

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Subject:
        """From the JSON stored on a Document (older rows have no noun)."""
        return cls(
            key=str(data["key"]),
            name=str(data["name"]),
            aliases=list(data.get("aliases", [])),
            noun=str(data.get("noun", "")),
        )


@dataclass
class StatementData:
    subject: str  # a Subject.key
    text: str


@dataclass
class DifferenceData:
    key: str  # stable slug
    kind: str  # "two_sided" | "comparative"
    source: str  # the bullet as written
    statements: list[StatementData]
    section_key: str
    aspect: str = ""  # the aspect as a question, for flashcards
    data: dict[str, Any] = field(default_factory=dict)  # comparative: {"winner": "a", "property": "đắt", ...}


@dataclass
class ParsedDocument:
    title: str
    language: str  # "vi" | "en"
    sections: list[Section]
    glossary: list[GlossaryEntry]
    subjects: list[Subject] = field(default_factory=list)
    differences: list[DifferenceData] = field(default_factory=list)


@dataclass
class QuestionData:
    key: str
    type: str  # see learning.models.Question.Type
    prompt: str
    choices: list[dict[str, str]]
    answer: Any
    explanation: str
    source: str
    section_key: str
    items: list[dict[str, str]] = field(default_factory=list)
    difference_key: str | None = None
    term_key: str | None = None
    # The document's statements this question shows ("<difference key>#<index>"): one quiz shows each once.
    shows: list[str] = field(default_factory=list)
    # False for an alternate: in the bank for the teacher to swap in, not in the quiz (it shares statements).
    enabled: bool = True
    # Why each wrong choice is wrong: {choice id: {"kind", "text", "statement", "subject"}}. `kind` is what the
    # distractor was built from (DISTRACTOR_KINDS); `text` the reason shown after grading, in the document's
    # language; `statement` the document's sentence the student would be getting wrong and `subject` the
    # subject key they would be attributing it to ("" when picking it attributes nothing: a denied truth).
    reasons: dict[str, dict[str, str]] = field(default_factory=dict)


@dataclass
class CardData:
    key: str
    kind: str  # "term" | "term_reverse" | "difference"
    front: str
    back: str
    source: str
    section_key: str
    difference_key: str | None = None
    term_key: str | None = None
