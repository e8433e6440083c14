"""A small stand-in Markdown reader for the extraction tests, so they do not depend on the lessons parser.

When learning.content.markdown exists, `parse` uses it: the tests then run on the real parser's output.
"""

import re

from learning.content.types import GlossaryEntry, ParsedDocument, Section


def naive_parse(text: str, language: str = "vi") -> ParsedDocument:
    title, sections, current = "", [], None
    for raw in text.splitlines():
        heading = re.match(r"^\s*(#+)\s*(.*?)\s*#*\s*$", raw)
        if heading:
            level, name = len(heading.group(1)), heading.group(2)
            if not title:
                title = name
                continue
            name = re.sub(r"^\d+\s*\.\s*", "", name)
            current = Section(
                key=re.sub(r"\W+", "-", name.lower()).strip("-"),
                title=name,
                level=level,
                position=len(sections),
                markdown="",
                html="",
                text="",
            )
            sections.append(current)
            continue
        if current is None:
            continue
        bullet = re.match(r"^\s*((?:-\s*)+)(.*)$", raw)
        if bullet:
            depth = bullet.group(1).count("-") - 1
            plain = re.sub(r"\*\*\s*(.*?)\s*\*\*", r"\1", bullet.group(2)).strip()
            plain = re.sub(r"!\[[^\]]*\]\([^)]*\)", "", plain).strip()
            if plain:
                current.bullets.append((depth, plain))
                current.text += plain + "\n"
    return ParsedDocument(title=title, language=language, sections=sections, glossary=[])


def parse(text: str, language: str = "vi") -> ParsedDocument:
    try:
        from learning.content.markdown import parse_document
    except ImportError:
        return naive_parse(text, language)
    return parse_document(text)


def glossary_entry(term: str, definition: str, key: str | None = None) -> GlossaryEntry:
    return GlossaryEntry(key=key or re.sub(r"\W+", "-", term.lower()), term=term, definition=definition, section_key="")
