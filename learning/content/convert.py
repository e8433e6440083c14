"""Word (.docx) and HTML uploads turned into Markdown for the same import pipeline (pure: no Django).

mammoth reads the .docx (headings stay headings by their Word styles, list paragraphs become lists, tables
stay tables) into HTML; markdownify writes that HTML, or an uploaded HTML file, as Markdown with pipe
tables. Measured against markitdown 0.1.9 on a python-docx file with a comparison table: markitdown wrote
an empty header row and the real header as a body row (so no comparison table was found) and bullets as
"*"; this module promotes a Word table's first row to the header. markitdown also pulls in magika and
onnxruntime (about 60 MB). Conversion time on that file: 0.6 s cold here, 0.9 s for markitdown.
"""

from __future__ import annotations

import io
import re
import zipfile

from .types import DocumentError, gettext_noop

MAX_DOCX_BYTES = 5 * 1024 * 1024
MAX_UNZIPPED_BYTES = 50 * 1024 * 1024  # a zip bomb stops here
_MESSAGES = {
    "docx_large": gettext_noop("The Word file is larger than 5 MB."),
    "docx_encrypted": gettext_noop(
        "The Word file is protected by a password: save an unprotected copy and upload that."
    ),
    "docx_corrupt": gettext_noop("The Word file cannot be read (it is damaged or not a .docx file)."),
    "html_empty": gettext_noop("The HTML file has no text."),
}


def _error(code: str) -> DocumentError:
    return DocumentError(code=code, template=_MESSAGES[code])


def kind_of(filename: str, data: bytes) -> str:
    """ "docx", "html" or "markdown", from the name and the first bytes."""
    name = (filename or "").lower()
    if name.endswith(".docx") or data[:2] == b"PK":
        return "docx"
    if data[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":  # OLE2: an encrypted .docx (or an old .doc)
        return "docx"
    head = data[:512].lstrip().lower()
    if name.endswith((".html", ".htm")) or head.startswith((b"<!doctype html", b"<html")):
        return "html"
    return "markdown"


def html_to_markdown(html: str) -> str:
    from bs4 import BeautifulSoup
    from markdownify import markdownify

    soup = BeautifulSoup(html, "html.parser")
    for tag in soup(["script", "style", "noscript", "template", "head", "iframe", "object"]):
        tag.decompose()
    for table in soup.find_all("table"):
        # markdownify writes a header row only from <th>/<thead>: Word's tables have neither.
        first = table.find("tr")
        if first is not None and not first.find("th"):
            for cell in first.find_all("td"):
                cell.name = "th"
    text = markdownify(str(soup), heading_style="ATX", bullets="-", strip=["img", "a"])
    text = re.sub(r"\n{3,}", "\n\n", text).strip()
    if not re.search(r"\w", text):
        raise _error("html_empty")
    return text + "\n"


def docx_to_markdown(data: bytes) -> str:
    import mammoth

    if len(data) > MAX_DOCX_BYTES:
        raise _error("docx_large")
    if data[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
        raise _error("docx_encrypted")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            if sum(info.file_size for info in archive.infolist()) > MAX_UNZIPPED_BYTES:
                raise _error("docx_large")
            if "word/document.xml" not in archive.namelist():
                raise _error("docx_corrupt")
        html = mammoth.convert_to_html(io.BytesIO(data)).value
    except DocumentError:
        raise
    except Exception as exc:  # noqa: BLE001 - any parser failure is the file's fault: say so, never a 500
        raise _error("docx_corrupt") from exc
    return html_to_markdown(html)


def to_markdown(filename: str, data: bytes) -> bytes:
    """The upload as Markdown bytes: .docx and .html converted, anything else returned unchanged."""
    kind = kind_of(filename, data)
    if kind == "docx":
        return docx_to_markdown(data).encode("utf-8")
    if kind == "html":
        return html_to_markdown(data.decode("utf-8", errors="replace")).encode("utf-8")
    return data
