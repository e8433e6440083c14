"""Parse a comparison document (Markdown) into lessons: pure functions, no Django.

The stored source is never altered; what students see is rendered from a corrected copy:
- `** node **` (spaces inside, which CommonMark does not embolden) becomes <strong>node</strong>;
- `- - item` and ` -item` bullets become a properly nested list;
- `### 1.Định nghĩa Client-Server ###` becomes the title "Định nghĩa Client-Server";
- missing spaces after punctuation ("rộng rãi.Server", "Mặt khác,CLient") are added in the text shown
  (and in `Section.text` / `Section.bullets`), never inside code;
- raw HTML is dropped (not shown as text), links keep only http(s)/mailto, and the result goes
  through nh3 with an allow-list;
- images are never loaded: each becomes an inline SVG diagram drawn by the service
  (learning.content.diagrams) with the original address as a credited link.

The source is read by learning.content.markdown_source and each section rendered by
learning.content.markdown_render; this module cuts the document into sections.
"""

from __future__ import annotations

import re

from learning.content import diagrams
from learning.content.glossary import extract_glossary
from learning.content.lang import slugify_key, unique_key
from learning.content.markdown_render import render_markdown, sanitize_html
from learning.content.markdown_source import (
    FENCE,
    WORDS_PER_MINUTE,
    Heading,
    clean_heading,
    detect_language,
    fix_lines,
    fix_spacing,
    heading_of,
    reading_minutes,
)
from learning.content.types import DocumentError, ParsedDocument, Section, gettext_noop

__all__ = [
    "parse_document",
    "render_markdown",
    "sanitize_html",
    "clean_heading",
    "fix_spacing",
    "slugify_key",
    "detect_language",
    "document_error",
    "reading_minutes",
    "MESSAGES",
    "WORDS_PER_MINUTE",
]

# User-facing messages (English msgids; the web layer translates them, see learning.services.documents).
MESSAGES = {
    "empty": gettext_noop("The document is empty."),
    "no_heading": gettext_noop("The document has no heading: start it with a title line such as “## A vs B”."),
    "no_sections": gettext_noop("The document has no sections: add headings such as “### 1. What A is”."),
    "empty_section": gettext_noop("The section “{title}” has no text."),
    "language": gettext_noop(
        "The document declares the language “{lang}”; only Vietnamese (vi) and English (en) are supported."
    ),
    "too_many_sections": gettext_noop("The document has {count} sections; at most {max} are allowed."),
}
MAX_SECTIONS = 50


def document_error(code: str, **params) -> DocumentError:
    """A DocumentError whose message can be translated later (`.template` is the msgid, `.params` its values)."""
    return DocumentError(code=code, template=MESSAGES[code], params=params)


# ---------------------------------------------------------------- the document

_FRONT_MATTER_KEY = re.compile(r"^([A-Za-z_][\w-]*)\s*:\s*(.*?)\s*$")


def _front_matter(text: str) -> tuple[dict[str, str], list[str]]:
    lines = text.split("\n")
    if lines and lines[0].strip() == "---":
        for end in range(1, min(len(lines), 60)):
            if lines[end].strip() in ("---", "..."):
                meta = {}
                for line in lines[1:end]:
                    match = _FRONT_MATTER_KEY.match(line)
                    if match:
                        meta[match.group(1).lower()] = match.group(2).strip("\"'")
                return meta, lines[end + 1 :]
    return {}, lines


def _declared_language(meta: dict[str, str]) -> str | None:
    declared = (meta.get("lang") or meta.get("language") or "").strip().lower()
    if not declared:
        return None
    if declared.startswith(("vi", "tiếng việt")):
        return "vi"
    if declared.startswith("en"):
        return "en"
    raise document_error("language", lang=declared[:20])


def _headings(lines: list[str]) -> list[Heading]:
    found, in_fence = [], False
    for number, line in enumerate(lines):
        if FENCE.match(line):
            in_fence = not in_fence
        elif not in_fence and (heading := heading_of(line)):
            found.append(Heading(number, heading[0], heading[1]))
    return found


_INTRO_TITLE = {"vi": "Giới thiệu", "en": "Introduction"}


def parse_document(text: str) -> ParsedDocument:
    """Title, language, one Section per top-level section, and the glossary. Raises DocumentError."""
    text = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise document_error("empty")
    meta, lines = _front_matter(text)
    if not "\n".join(lines).strip():
        raise document_error("empty")
    language = _declared_language(meta) or detect_language("\n".join(lines))
    headings = _headings(lines)
    if not headings:
        raise document_error("no_heading")

    top = min(h.level for h in headings)
    tops = [h for h in headings if h.level == top]
    if len(tops) == 1 and headings[0] is tops[0] and len(headings) > 1:
        title_heading = headings[0]
        level = min(h.level for h in headings[1:])
        starts = [h for h in headings[1:] if h.level == level]
        intro_from = title_heading.line + 1
    else:
        title_heading = None
        starts = tops
        intro_from = 0
    title = (meta.get("title") or (title_heading or headings[0]).text).strip()[:300]
    if len(starts) > MAX_SECTIONS:
        raise document_error("too_many_sections", count=len(starts), max=MAX_SECTIONS)

    spans: list[tuple[str, list[str], list[str]]] = []  # (title, lines as written, body lines)
    intro = lines[intro_from : starts[0].line]
    if "\n".join(intro).strip():
        spans.append((_INTRO_TITLE[language], intro, intro))
    for index, start in enumerate(starts):
        end = starts[index + 1].line if index + 1 < len(starts) else len(lines)
        spans.append((start.text, lines[start.line : end], lines[start.line + 1 : end]))

    sections: list[Section] = []
    taken: set[str] = set()
    for position, (section_title, written, body) in enumerate(spans):
        if not "\n".join(body).strip():
            raise document_error("empty_section", title=section_title)
        key = unique_key(slugify_key(section_title), taken)
        fixed = fix_lines(body)
        rendered = render_markdown(fixed, language=language, context=section_title, uid=f"dg-{key}")
        if any(image.diagram == diagrams.GENERIC for image in rendered.images):
            # The title did not say which picture this is: let the section's text decide.
            rendered = render_markdown(
                fixed, language=language, context=f"{section_title} {rendered.text}", uid=f"dg-{key}"
            )
        sections.append(
            Section(
                key=key,
                title=section_title[:300],
                level=(starts[0].level if starts else 2),
                position=position,
                markdown="\n".join(written).strip("\n"),
                html=rendered.html,
                text=rendered.text,
                images=rendered.images,
                bullets=rendered.bullets,
            )
        )
    if not sections:
        raise document_error("no_sections")
    return ParsedDocument(
        title=title, language=language, sections=sections, glossary=extract_glossary(sections, language)
    )
