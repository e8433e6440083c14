"""Rendering one section of a comparison document to sanitized HTML, its plain text, bullets and images
(pure: no Django).

Raw HTML is dropped, not shown as text; the result goes through nh3 with an allow-list; images are never loaded
but replaced by an inline SVG diagram (learning.content.diagrams) that credits the original address.
"""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass

import nh3
from markdown_it import MarkdownIt
from markdown_it.token import Token

from learning.content import diagrams
from learning.content.markdown_source import fix_spacing
from learning.content.types import Image

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
class Rendered:
    html: str
    text: str
    bullets: list[tuple[int, str]]
    images: list[Image]


def render_markdown(source: str, *, language: str = "vi", context: str = "", uid: str = "dg") -> Rendered:
    """Render one section body (already cleaned by fix_lines) to sanitized HTML, text, bullets and images."""
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
    return Rendered(
        html=html.strip(),
        text="\n".join(blocks),
        bullets=[b for b in bullets if b is not None],
        images=images,
    )
