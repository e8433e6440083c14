"""Sentence helpers shared by extraction and masking (pure: no Django)."""

from __future__ import annotations

import re

from . import lang

WORD = r"[^\W_]"


def tidy(text: str) -> str:
    """A statement as a clean sentence: spaces after punctuation, capital first letter, final period."""
    text = re.sub(r"([,;:])(?=[^\W\d_])", r"\1 ", text)
    text = re.sub(r"(?<=[^\W\d_]{2})\.(?=[^\W\d_])", ". ", text)
    text = re.sub(r"\s+", " ", text).strip(" ,;:-–")
    text = re.sub(r"\s+([,.;:!?])", r"\1", text)
    if not text:
        return text
    text = text[0].upper() + text[1:]
    if text[-1] not in ".!?":
        text += "."
    return text


def split_sentences(text: str) -> list[str]:
    """Split on sentence ends, including the seed's missing spaces ("dữ liệu.Còn ...")."""
    parts = re.split(r"(?<=[^\W\d_])[.!?]+(?=\s*[^\W\d_])", text)
    return [p.strip(" .") for p in parts if p.strip(" .")]


def split_contrast(bullet: str) -> list[str]:
    """Split at the strongest contrast marker ("trong khi đó" before "while" before ", but")."""
    for marker in lang.CONTRAST_PATTERNS:
        m = marker.search(bullet)
        if m and m.start() > 0 and bullet[m.end() :].strip():
            return [bullet[: m.start()], bullet[m.end() :]]
    return [bullet]


def split_all(text: str) -> list[str]:
    """Every clause: sentences, then each sentence at every contrast marker (three or more subjects)."""
    parts: list[str] = []
    for sentence in split_sentences(text):
        rest = [sentence]
        while True:
            head = split_contrast(rest[-1])
            if len(head) == 1:
                break
            rest[-1:] = head
        parts += [p for p in rest if p.strip(" ,;.")]
    return parts


def plain(markdown: str) -> str:
    """Inline Markdown as plain text: emphasis, code marks, links and HTML breaks removed."""
    text = re.sub(r"!\[[^\]]*\]\([^)]*\)", "", markdown)
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)
    text = re.sub(r"<br\s*/?>", " ", text, flags=re.IGNORECASE)
    text = re.sub(r"<[^>]{0,200}>", "", text)
    text = re.sub(r"\*\*\s*(.*?)\s*\*\*|__\s*(.*?)\s*__", lambda m: m.group(1) or m.group(2) or "", text)
    text = re.sub(r"(?<!\w)[*_`]+|[*_`]+(?!\w)", "", text)
    return re.sub(r"\s+", " ", text).strip()


def content_words(text: str) -> set[str]:
    """Folded words of three letters or more: to tell whether two passages state the same difference."""
    return set(re.findall(r"[a-z0-9]{3,}", lang.fold(text)))
