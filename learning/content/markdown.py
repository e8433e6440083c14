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
"""

from __future__ import annotations

import re
import secrets
import unicodedata
from dataclasses import dataclass

import nh3
from markdown_it import MarkdownIt
from markdown_it.token import Token

from learning.content import diagrams
from learning.content.glossary import extract_glossary
from learning.content.lang import slugify_key
from learning.content.types import DocumentError, Image, ParsedDocument, Section, gettext_noop

__all__ = [
    "parse_document",
    "render_markdown",
    "clean_heading",
    "slugify_key",
    "detect_language",
    "document_error",
    "reading_minutes",
    "MESSAGES",
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
WORDS_PER_MINUTE = 200


def document_error(code: str, **params) -> DocumentError:
    """A DocumentError whose message can be translated later (`.template` is the msgid, `.params` its values)."""
    return DocumentError(code=code, template=MESSAGES[code], params=params)


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

_FENCE = re.compile(r"^\s{0,3}(```|~~~)")
_HEADING = re.compile(r"^ {0,3}(#{1,6})(?!#)(.*)$")
# "- x", " -x" before an image or link, "- - x" (nested), "* x" / "+ x"; never the "**" of bold text.
_BULLET = re.compile(r"^([ \t]*)((?:-(?:[ \t]+|(?=!\[|\[|\*\*|`)))+|[*+][ \t]+)(.*)$")
_RULE = re.compile(r"^\s{0,3}([-*_])(\s*\1){2,}\s*$")
_LOOSE_STRONG = re.compile(r"\*\*[ \t]*([^*\n]*?[^*\s])[ \t]*\*\*|__[ \t]*([^_\n]*?[^_\s])[ \t]*__")


@dataclass
class _Heading:
    line: int
    level: int
    text: str  # clean


def _heading_of(line: str) -> tuple[int, str] | None:
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


def _fix_lines(lines: list[str]) -> str:
    """Rewrite headings, bullets and loose emphasis so that CommonMark renders what the author meant."""
    out: list[str] = []
    in_fence = False
    list_depth = -1  # depth of the previous bullet; -1 when not in a list
    for line in lines:
        if _FENCE.match(line):
            in_fence = not in_fence
            out.append(line)
            list_depth = -1
            continue
        if in_fence:
            out.append(line)
            continue
        heading = _heading_of(line)
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


# ---------------------------------------------------------------- rendering

_ALLOWED_TAGS = {
    "p", "br", "hr", "strong", "em", "b", "i", "code", "pre", "blockquote", "ul", "ol", "li", "a",
    "h2", "h3", "h4", "h5", "h6", "table", "thead", "tbody", "tr", "th", "td", "del", "s", "sub", "sup",
}  # fmt: skip
_ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "ol": {"start"}, "th": {"style"}, "td": {"style"}}


def sanitize_html(html: str) -> str:
    return nh3.clean(
        html,
        tags=_ALLOWED_TAGS,
        attributes=_ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener nofollow",
        strip_comments=True,
        filter_style_properties={"text-align"},
    )


def _markdown_it() -> MarkdownIt:
    # html=True so raw HTML is parsed as html_* tokens, which are then dropped entirely (never rendered,
    # not even as escaped text); nh3 cleans whatever else gets through.
    return MarkdownIt("commonmark", {"html": True}).enable(["table", "strikethrough"])


def _inline_text(token: Token) -> str:
    parts = []
    for child in token.children or []:
        if child.type in ("text", "code_inline"):
            parts.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            parts.append(" ")
    return re.sub(r"\s+", " ", "".join(parts)).strip()


_RAW_CONTENT_OPEN = re.compile(r"^<(script|style|textarea|title|noscript|template)\b", re.IGNORECASE)


def _without_raw_html(children: list[Token]) -> list[Token]:
    """Drop inline raw HTML tags, and everything between <script>/<style>... and their closing tag."""
    kept, closing = [], None
    for child in children:
        if closing:
            if child.type == "html_inline" and closing.match(child.content):
                closing = None
            continue
        if child.type == "html_inline":
            opened = _RAW_CONTENT_OPEN.match(child.content)
            if opened and not child.content.rstrip().endswith("/>"):
                closing = re.compile(rf"^</{opened.group(1)}\s*>", re.IGNORECASE)
            continue
        kept.append(child)
    return kept


def _fix_spacing_between(children: list[Token], index: int) -> str:
    """fix_spacing of one text token, looking at the characters around it ("lập.**Giao**", "**keys**;a")."""
    before = after = ""
    for child in reversed(children[:index]):
        if child.type in ("text", "code_inline") and child.content:
            before = child.content[-1]
            break
    for child in children[index + 1 :]:
        if child.type in ("text", "code_inline") and child.content:
            after = child.content[0]
            break
        if child.type in ("softbreak", "hardbreak", "image"):
            break
    fixed = fix_spacing(before + children[index].content + after)
    return fixed[len(before) : len(fixed) - len(after)] if after else fixed[len(before) :]


@dataclass
class _Rendered:
    html: str
    text: str
    bullets: list[tuple[int, str]]
    images: list[Image]


def render_markdown(source: str, *, language: str = "vi", context: str = "", uid: str = "dg") -> _Rendered:
    """Render one section body (already cleaned by _fix_lines) to sanitized HTML, text, bullets and images."""
    md = _markdown_it()
    tokens = [t for t in md.parse(source) if t.type != "html_block"]
    nonce = secrets.token_hex(8)
    images: list[Image] = []
    figures: dict[str, str] = {}
    blocks: list[str] = []
    bullets: list[tuple[int, str] | None] = []
    open_items: list[tuple[int, list[str]]] = []  # (index in bullets, texts)
    depth = 0
    for token in tokens:
        if token.type in ("bullet_list_open", "ordered_list_open"):
            depth += 1
        elif token.type in ("bullet_list_close", "ordered_list_close"):
            depth -= 1
        elif token.type == "list_item_open":
            bullets.append(None)
            open_items.append((len(bullets) - 1, []))
        elif token.type == "list_item_close":
            index, texts = open_items.pop()
            text = " ".join(t for t in texts if t)
            bullets[index] = (depth - 1, text) if text else None
        elif token.type == "inline":
            children = []
            visible = _without_raw_html(token.children or [])
            for index, child in enumerate(visible):
                if child.type == "text":
                    child.content = _fix_spacing_between(visible, index)
                if child.type == "image":
                    url = child.attrs.get("src", "") or ""
                    alt = _inline_text(child) or child.content
                    kind = diagrams.diagram_kind(url=str(url), alt=alt, context=context)
                    images.append(Image(url=str(url), alt=alt, diagram=kind))
                    marker = f"QXDIAGRAM{nonce}N{len(images)}QX"
                    figures[marker] = diagrams.diagram_figure(
                        kind=kind, url=str(url), alt=alt, language=language, uid=f"{uid}-{len(images)}"
                    )
                    placeholder = Token("text", "", 0)
                    placeholder.content = marker
                    child = placeholder
                children.append(child)
            token.children = children
            text = _inline_text(token)
            for marker in figures:
                text = text.replace(marker, "")
            text = re.sub(r"\s+", " ", text).strip()
            if open_items:
                open_items[-1][1].append(text)
            if text:
                blocks.append(text)
    html = sanitize_html(md.renderer.render(tokens, md.options, {}))
    for marker, figure in figures.items():
        html = html.replace(marker, figure)
    return _Rendered(
        html=html.strip(),
        text="\n".join(blocks),
        bullets=[b for b in bullets if b is not None],
        images=images,
    )


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


def _headings(lines: list[str]) -> list[_Heading]:
    found, in_fence = [], False
    for number, line in enumerate(lines):
        if _FENCE.match(line):
            in_fence = not in_fence
        elif not in_fence and (heading := _heading_of(line)):
            found.append(_Heading(number, heading[0], heading[1]))
    return found


def _unique(key: str, taken: set[str]) -> str:
    candidate, n = key, 2
    while candidate in taken:
        candidate = f"{key}-{n}"
        n += 1
    taken.add(candidate)
    return candidate


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
        key = _unique(slugify_key(section_title), taken)
        fixed = _fix_lines(body)
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
