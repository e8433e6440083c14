"""Helpers of the extraction tests: a document parsed as the service parses it, a glossary entry."""

import re

from learning.content.markdown import parse_document
from learning.content.types import GlossaryEntry, ParsedDocument


def parse(text: str, language: str = "vi") -> ParsedDocument:
    """The real parser's output: the extraction tests run on what the service sees."""
    return parse_document(text)


def glossary_entry(term: str, definition: str, key: str | None = None) -> GlossaryEntry:
    return GlossaryEntry(key=key or re.sub(r"\W+", "-", term.lower()), term=term, definition=definition, section_key="")
