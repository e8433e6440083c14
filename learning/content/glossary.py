"""The key terms a document defines, with the defining sentence taken from the text (no Django).

Three sources, merged by key:
1. concepts of the subject (client, server, peer, node, centralized lookup service, broadcasting a request
   to all nodes), found by their Vietnamese or English names;
2. terms the author emphasised (`**node**`, also the sloppy `** node **`);
3. sentences of the form "X là ..." / "X is a ..." / "... được gọi là X" / "... is called X" outside the
   differences section.
For each term the defining sentence wins over a sentence that merely mentions it; ties go to the earliest.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from learning.content.lang import slugify_key
from learning.content.types import GlossaryEntry, Section

MAX_TERMS = 16
MAX_DEFINITION = 500

_W = r"[^\W_]"  # a letter or digit, unicode-aware


def _mention(names: str) -> str:
    # Not part of a longer word or of a hyphenated compound ("client" is not "Client-Server").
    return rf"(?<![\w-])(?:{names})(?![\w-])"


@dataclass(frozen=True)
class Concept:
    key: str
    names: dict[str, str]
    pattern: str
    # Words as common as "client" or "server" enter the glossary only where the text defines them.
    needs_definition: bool = True


CONCEPTS = [
    Concept("client", {"vi": "Client (máy khách)", "en": "Client"}, _mention(r"clients?|máy khách")),
    Concept("server", {"vi": "Server (máy chủ)", "en": "Server"}, _mention(r"servers?|máy chủ")),
    Concept(
        "peer",
        {"vi": "Peer (máy ngang hàng)", "en": "Peer"},
        r"(?<![\w-])(?<!to )(?:peers?|máy ngang hàng)(?![\w-])(?! to peer)",
    ),
    Concept("node", {"vi": "Node", "en": "Node"}, _mention(r"nodes?")),
    Concept(
        "centralized-lookup-service",
        {"vi": "Dịch vụ tra cứu tập trung", "en": "Centralized lookup service"},
        r"dịch vụ tra cứu tập trung|central(?:ized|ised)? (?:lookup|directory|index)(?: service| server)?",
        needs_definition=False,
    ),
    Concept(
        "broadcast",
        {"vi": "Phát yêu cầu tới tất cả các node", "en": "Broadcasting a request to all nodes"},
        r"phát (?:đi )?(?:các )?yêu cầu (?:tới|đến|cho) tất cả|broadcast\w*",
        needs_definition=False,
    ),
]

_DEFINING_AFTER = (
    r"\s*(?:là|la|có thể là|cho phép|được gọi là|được định nghĩa là|"
    r"is|are|can be|allows?|lets|means|refers to|is called|is defined as)(?!\w)"
)
_CALLED_BEFORE = r"(?:được gọi là|gọi là|is called|are called|known as)\s+(?:một |các |a |an |the )?"
_LEADING_CONNECTIVE = re.compile(
    r"^(?:mặt khác|tuy nhiên|ngoài ra|trong khi đó|on the other hand|however|moreover|also|in contrast)\s*,\s*",
    re.IGNORECASE,
)
# "Server la một hệ thống...", "A SQL database (...) is a ...", "HTTP (HyperText Transfer Protocol) là giao thức...":
# the verb must be followed by an article, or the term by its expansion in brackets.
_DEFINES = re.compile(
    rf"^(?:(?:một|các|những|a|an|the)\s+)?({_W}[\w\-]*(?:\s+[\w\-]+){{0,2}}?)"
    r"(?:\s*(\([^)]{2,80}\))\s+(?:là|la|is|are|refers to)\s"
    r"|\s+(?:(?:là|la)\s+(?:một|các|những)|is an?|is the|are the|refers to|được định nghĩa là|is defined as)\s)",
    re.IGNORECASE,
)
_CALLED = re.compile(rf"{_CALLED_BEFORE}({_W}[\w\-]*(?:\s+[\w\-]+){{0,2}}?)\s*[.,;]", re.IGNORECASE)
_STRONG = re.compile(r"\*\*\s*([^*\n]+?)\s*\*\*|__\s*([^_\n]+?)\s*__")
_DIFFERENCES_TITLE = re.compile(r"khác biệt|khác nhau|so sánh|difference|compar|\bvs\b|versus", re.IGNORECASE)
_NOT_A_TERM = re.compile(r"(?<!\w)(?:được|gọi|called|defined|này|this|that|it|nó)(?!\w)", re.IGNORECASE)
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")


def is_differences_section(section: Section) -> bool:
    return bool(_DIFFERENCES_TITLE.search(section.title))


def _sentences(sections: list[Section]) -> list[tuple[float, int, str, str]]:
    """(penalty, order, section key, sentence): sentences of the differences section come last."""
    found = []
    order = 0
    for section in sections:
        penalty = 0.5 if is_differences_section(section) else 0.0
        for block in section.text.split("\n"):
            for sentence in _SENTENCE_END.split(block):
                sentence = sentence.strip()
                if len(sentence) > 3:
                    found.append((penalty, order, section.key, sentence))
                    order += 1
    return found


def _best_sentence(pattern: str, sentences) -> tuple[str, str, tuple] | None:
    mention = re.compile(pattern, re.IGNORECASE)
    defining = re.compile(rf"(?:{pattern})(?:\s*\([^)]*\))?{_DEFINING_AFTER}", re.IGNORECASE)
    called = re.compile(f"{_CALLED_BEFORE}(?:{pattern})", re.IGNORECASE)
    best = None
    for penalty, order, section_key, sentence in sentences:
        if not mention.search(sentence):
            continue
        score = 3 if (defining.search(sentence) or called.search(sentence)) else 1
        rank = (-(score - penalty), order)
        if best is None or rank < best[2]:
            best = (section_key, sentence, rank)
    return best


def _definition(sentence: str) -> str:
    sentence = _LEADING_CONNECTIVE.sub("", sentence).strip()
    sentence = sentence[:1].upper() + sentence[1:]
    return sentence if len(sentence) <= MAX_DEFINITION else sentence[: MAX_DEFINITION - 1].rstrip() + "…"


def _slug(text: str) -> str:
    return slugify_key(text, max_length=80)


def extract_glossary(sections: list[Section], language: str) -> list[GlossaryEntry]:
    sentences = _sentences(sections)
    # key -> (term as shown, mention pattern, needs a defining sentence)
    candidates: dict[str, tuple[str, str, bool]] = {}
    for concept in CONCEPTS:
        name = concept.names.get(language, concept.names["en"])
        candidates[concept.key] = (name, concept.pattern, concept.needs_definition)

    def add(term: str, shown: str = "") -> None:
        term = re.sub(r"\s+", " ", term).strip(" .,:;-")
        if not term or len(term.split()) > 5 or len(term) > 80 or _NOT_A_TERM.search(term):
            return
        key = _slug(term)
        if key not in candidates and key.rstrip("s") not in candidates:
            shown = shown or term
            candidates[key] = (shown[:1].upper() + shown[1:], _mention(re.escape(term)), False)

    for section in sections:
        for match in _STRONG.finditer(section.markdown):
            add(match.group(1) or match.group(2))
    for penalty, _order, _key, sentence in sentences:
        if penalty:
            continue
        defines = _DEFINES.match(_LEADING_CONNECTIVE.sub("", sentence))
        if defines:
            term, expansion = defines.group(1), defines.group(2)
            add(term, f"{term} {expansion}" if expansion else term)
        called = _CALLED.search(sentence)
        if called:
            add(called.group(1))

    entries = []
    for key, (term, pattern, needs_definition) in candidates.items():
        best = _best_sentence(pattern, sentences)
        if best is None or (needs_definition and -best[2][0] < 2.5):
            continue
        entry = GlossaryEntry(key=key, term=term, definition=_definition(best[1]), section_key=best[0])
        entries.append((best[2][1], entry))
    entries.sort(key=lambda item: item[0])
    return [entry for _order, entry in entries[:MAX_TERMS]]
