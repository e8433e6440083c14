"""A comparison document's Markdown source read as text (pure: no Django): its language, headings, spacing,
reading time, and the corrected copy that CommonMark renders as the author meant.

The stored source is never altered: `fix_lines` returns a copy whose headings, bullets and loose emphasis are
rewritten, and whose unsafe links are dropped before any HTML exists.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

WORDS_PER_MINUTE = 200


# ---------------------------------------------------------------- text helpers

_VI_LETTERS = frozenset(
    unicodedata.normalize("NFC", base + tone)
    for base in "aăâeêioôơuưyAĂÂEÊIOÔƠUƯY"
    for tone in ("", "\u0300", "\u0301", "\u0303", "\u0309", "\u0323")
) - frozenset("aeiouyAEIOUY") | frozenset("đĐ")


def detect_language(text: str) -> str:
    """'vi' when Vietnamese letters (diacritics, đ) make up a noticeable share of the letters, else 'en'."""
    letters = [c for c in text if c.isalpha()]
    if not letters:
        return "en"
    marked = sum(1 for c in letters if c in _VI_LETTERS)
    return "vi" if marked >= 3 and marked / len(letters) >= 0.04 else "en"


_NUMBERING = re.compile(r"^(?:(?:\d+|[IVXLC]+|[a-zA-Z])[.)])(?:\d+[.)]?)*\s*|^\d+(?:\.\d+)+\s+")


def clean_heading(raw: str) -> str:
    """Heading text without closing #'s, numbering ("1.", "2)", "1.2") and emphasis markers."""
    text = re.sub(r"\s+#+\s*$", "", raw.strip()).strip().rstrip("#").strip()
    text = re.sub(r"(\*\*|__|`)", "", text)
    text = _NUMBERING.sub("", text, count=1)
    return re.sub(r"\s+", " ", text).strip(" -:")


_GAP_AFTER = re.compile(r"(?<=[^\W\d_)])([,;:])(?=[^\W\d_])|(?<=[^\W_)])([.!?])(?=[^\W\d_])")
_SPACE_BEFORE = re.compile(r"[ \t]+([.,;:!?])(?=\s|$)")


def fix_spacing(text: str) -> str:
    """Add the space the author forgot after punctuation ("a.Bc" -> "a. Bc", "a,b" -> "a, b"); drop "a ." gaps."""

    def gap(match: re.Match) -> str:
        if match.group(1):
            return match.group(1) + " "
        # After . ! ? only before a capital: keeps "techdifferences.com" and "e.g." intact.
        # After . ! ? before a capital, or between Vietnamese words ("hơn.kết"): keeps "techdifferences.com",
        # "e.g." and "Node.js" intact.
        following = match.string[match.end()]
        preceding = match.string[match.start() - 1]
        if following.isupper() and (preceding.islower() or preceding.isdigit()):
            return match.group(2) + " "
        before = re.search(r"\w+$", match.string[: match.start()])
        after = re.match(r"\w+", match.string[match.end() :])
        words = (before.group(0) if before else "") + (after.group(0) if after else "")
        return match.group(2) + (" " if any(c in _VI_LETTERS for c in words) else "")

    return _SPACE_BEFORE.sub(r"\1", _GAP_AFTER.sub(gap, text))


def reading_minutes(text: str) -> int:
    return max(1, round(len(text.split()) / WORDS_PER_MINUTE))


# ---------------------------------------------------------------- source clean-up (a copy; the source stays as is)

FENCE = re.compile(r"^\s{0,3}(```|~~~)")
_HEADING = re.compile(r"^ {0,3}(#{1,6})(?!#)(.*)$")
# "- x", " -x" before an image or link, "- - x" (nested), "* x" / "+ x"; never the "**" of bold text.
_BULLET = re.compile(r"^([ \t]*)((?:-(?:[ \t]+|(?=!\[|\[|\*\*|`)))+|[*+][ \t]+)(.*)$")
_RULE = re.compile(r"^\s{0,3}([-*_])(\s*\1){2,}\s*$")
_LOOSE_STRONG = re.compile(r"\*\*[ \t]*([^*\n]*?[^*\s])[ \t]*\*\*|__[ \t]*([^_\n]*?[^_\s])[ \t]*__")


@dataclass
class Heading:
    line: int
    level: int
    text: str  # clean


def heading_of(line: str) -> tuple[int, str] | None:
    match = _HEADING.match(line)
    if not match:
        return None
    level, rest = len(match.group(1)), match.group(2)
    if rest and not rest[0].isspace() and level == 1:
        return None  # "#hashtag", not a heading
    title = clean_heading(rest)
    return (level, title) if title else None


# A link or picture whose address is not http(s), mailto, relative or an anchor (javascript:, data:, vbscript:...).
_UNSAFE_LINK = re.compile(
    r"(!?)\[([^\[\]\n]{0,500})\]\(\s*<?\s*(?!https?:|mailto:)[a-z][a-z0-9+.\-]{0,30}\s*(?::|&#0*58;|&colon;)"
    r"(?:[^()\n]|\([^()\n]{0,500}\)){0,2000}\)",
    re.IGNORECASE,
)


def _fix_emphasis(line: str) -> str:
    line = _UNSAFE_LINK.sub(lambda m: "" if m.group(1) else m.group(2), line)
    return _LOOSE_STRONG.sub(lambda m: f"**{m.group(1) or m.group(2)}**", line)


def fix_lines(lines: list[str]) -> str:
    """Rewrite headings, bullets and loose emphasis so that CommonMark renders what the author meant."""
    out: list[str] = []
    in_fence = False
    list_depth = -1  # depth of the previous bullet; -1 when not in a list
    for line in lines:
        if FENCE.match(line):
            in_fence = not in_fence
            out.append(line)
            list_depth = -1
            continue
        if in_fence:
            out.append(line)
            continue
        heading = heading_of(line)
        if heading:
            out.append("#" * heading[0] + " " + heading[1])
            list_depth = -1
            continue
        bullet = _BULLET.match(line)
        if bullet and not _RULE.match(line) and bullet.group(3).strip():
            indent = len(bullet.group(1).expandtabs(4))
            markers = bullet.group(2).count("-") or 1
            depth = indent // 2 + markers - 1
            depth = min(depth, list_depth + 1) if list_depth >= 0 else 0
            list_depth = depth
            out.append("  " * depth + "- " + _fix_emphasis(bullet.group(3).strip()))
            continue
        if not line.strip():
            list_depth = -1 if list_depth < 0 else list_depth
        out.append(_fix_emphasis(line))
    return "\n".join(out)
