"""Inline SVG diagrams drawn by the service in place of a document's outside images (no Django).

The document's pictures live on a website a student's browser may not reach, so a page never
loads them: each image becomes one of these drawings, with the original address as a source link.
"""

from __future__ import annotations

import math
from html import escape

CLIENT_SERVER = "client_server"
PEER_TO_PEER = "peer_to_peer"
GENERIC = "generic"

_PEER_WORDS = ("peer", "p2p", "ngang hàng", "ngang-hang", "torrent", "mesh")
_CLIENT_SERVER_WORDS = ("client", "server", "máy chủ", "máy khách", "may-chu", "host")

_LABELS = {
    "vi": {"server": "Server", "client": "Client", "peer": "Peer", "source": "Nguồn ảnh gốc"},
    "en": {"server": "Server", "client": "Client", "peer": "Peer", "source": "Original image"},
}
_CAPTIONS = {
    "vi": {
        CLIENT_SERVER: "Mô hình client-server: các client gửi yêu cầu tới một server trung tâm.",
        PEER_TO_PEER: "Mô hình peer to peer: mỗi node vừa là client vừa là server.",
        GENERIC: "Hình minh hoạ",
    },
    "en": {
        CLIENT_SERVER: "Client-server model: clients send requests to one central server.",
        PEER_TO_PEER: "Peer-to-peer model: every node is both a client and a server.",
        GENERIC: "Illustration",
    },
}


def diagram_kind(*, url: str, alt: str, context: str = "") -> str:
    """Which drawing fits an image: decided by its address and alt text first, then by the section around it."""
    for haystack in (f"{url} {alt}".lower(), context.lower()):
        if any(word in haystack for word in _PEER_WORDS):
            return PEER_TO_PEER
        if any(word in haystack for word in _CLIENT_SERVER_WORDS):
            return CLIENT_SERVER
    return GENERIC


def caption(kind: str, language: str) -> str:
    return _CAPTIONS.get(language, _CAPTIONS["en"])[kind]


# Colours as attributes, not CSS: the SVG must look right wherever the HTML goes (LMS, API clients).
_STYLE = {
    "dg-server": ("#1d4ed8", "#1e3a8a", "#ffffff"),
    "dg-client": ("#dbeafe", "#1d4ed8", "#1e3a8a"),
    "dg-peer": ("#ffedd5", "#c2410c", "#7c2d12"),
}
_LINK = 'stroke="#94a3b8" stroke-width="2"'


def _node(x: float, y: float, label: str, css: str, w: int = 64, h: int = 34) -> str:
    fill, stroke, ink = _STYLE[css]
    return (
        f'<g class="{css}"><rect x="{x - w / 2:.1f}" y="{y - h / 2:.1f}" width="{w}" height="{h}" rx="6" '
        f'fill="{fill}" stroke="{stroke}" stroke-width="2"/>'
        f'<text x="{x:.1f}" y="{y + 5:.1f}" text-anchor="middle" font-size="13" fill="{ink}" '
        f'font-family="system-ui, sans-serif">{escape(label)}</text></g>'
    )


def _client_server(labels: dict[str, str], clients: int = 6) -> str:
    cx, cy, r = 180, 120, 92
    lines, boxes = [], []
    for i in range(clients):
        angle = 2 * math.pi * i / clients - math.pi / 2
        x, y = cx + r * math.cos(angle) * 1.45, cy + r * math.sin(angle)
        lines.append(f'<line x1="{cx}" y1="{cy}" x2="{x:.1f}" y2="{y:.1f}"/>')
        boxes.append(_node(x, y, f"{labels['client']} {i + 1}", "dg-client", w=74))
    server = _node(cx, cy, labels["server"], "dg-server", w=84, h=44)
    return f'<g class="dg-links" {_LINK}>{"".join(lines)}</g>{"".join(boxes)}{server}'


def _peer_to_peer(labels: dict[str, str], peers: int = 6) -> str:
    cx, cy, r = 180, 120, 92
    points = []
    for i in range(peers):
        angle = 2 * math.pi * i / peers - math.pi / 2
        points.append((cx + r * math.cos(angle) * 1.45, cy + r * math.sin(angle)))
    lines = [
        f'<line x1="{a[0]:.1f}" y1="{a[1]:.1f}" x2="{b[0]:.1f}" y2="{b[1]:.1f}"/>'
        for i, a in enumerate(points)
        for b in points[i + 1 :]
    ]
    boxes = [_node(x, y, f"{labels['peer']} {i + 1}", "dg-peer", w=66) for i, (x, y) in enumerate(points)]
    return f'<g class="dg-links" {_LINK}>{"".join(lines)}</g>{"".join(boxes)}'


def _generic(alt: str) -> str:
    return (
        '<rect class="dg-frame" x="20" y="20" width="320" height="200" rx="10" fill="#f1f5f9" stroke="#94a3b8" '
        'stroke-width="2" stroke-dasharray="6 4"/>'
        f'<text x="180" y="125" text-anchor="middle" font-size="15" fill="#334155" '
        f'font-family="system-ui, sans-serif">{escape(alt or "?")}</text>'
    )


def diagram_svg(kind: str, *, language: str, alt: str, uid: str) -> str:
    """The SVG markup (trusted: built here from fixed shapes; only `alt` comes from the document, escaped)."""
    labels = _LABELS.get(language, _LABELS["en"])
    body = {CLIENT_SERVER: lambda: _client_server(labels), PEER_TO_PEER: lambda: _peer_to_peer(labels)}.get(
        kind, lambda: _generic(alt)
    )()
    title = caption(kind, language)
    return (
        f'<svg class="diagram-svg diagram-{kind}" viewBox="0 0 360 240" width="360" height="240" role="img" '
        f'aria-labelledby="{uid}-title" xmlns="http://www.w3.org/2000/svg">'
        f'<title id="{uid}-title">{escape(title)}</title>{body}</svg>'
    )


def diagram_figure(*, kind: str, url: str, alt: str, language: str, uid: str) -> str:
    """A block with the drawing, its caption and a credited link to the original picture (never loaded)."""
    labels = _LABELS.get(language, _LABELS["en"])
    credit = ""
    if url.lower().startswith(("http://", "https://")):
        host = url.split("/")[2]
        credit = (
            f' <span class="diagram-credit">{escape(labels["source"])}: '
            f'<a href="{escape(url)}" rel="noopener nofollow">{escape(host)}</a></span>'
        )
    return (
        f'<span class="diagram" role="figure" aria-labelledby="{uid}-caption" data-diagram="{kind}">'
        f"{diagram_svg(kind, language=language, alt=alt, uid=uid)}"
        f'<span class="diagram-caption" id="{uid}-caption">{escape(caption(kind, language))}{credit}</span></span>'
    )
