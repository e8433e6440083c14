"""From an upload to a document's text, and the document errors this step adds to the parser's: the size bounds,
Word and HTML conversion (learning.content.convert), binary and non-UTF-8 files, a document with no differences.
"""

from __future__ import annotations

from django.utils.translation import gettext, gettext_noop

from learning.content.markdown import document_error as parser_error
from learning.content.types import DifferenceData, DocumentError, ParsedDocument, Subject

MAX_BYTES = 1024 * 1024  # 1 MB of Markdown (a converted Word or HTML file included)
# An uploaded file, checked before it is read (learning.http_limits.upload_check_size): a Word file may hold
# pictures, so it may be bigger than the text it gives; learning.content.convert has the same bound.
MAX_UPLOAD_BYTES = 5 * 1024 * 1024

# English msgids, translated by document_error_message(); the parser's own are in learning.content.markdown.
MESSAGES = {
    "too_large": gettext_noop("The file is larger than 1 MB."),
    "binary": gettext_noop(
        "The file is not a text file (it looks binary): upload a Markdown (.md), Word (.docx) or HTML file."
    ),
    "not_utf8": gettext_noop("The file is not UTF-8 text: save it as UTF-8 and upload it again."),
    "no_differences": gettext_noop(
        "The document has no list of differences: add a section such as “### 3. Differences” "
        "with one bullet per difference."
    ),
    "not_owner": gettext_noop("A document with this title was imported by someone else: give yours another title."),
}


def error_for(code: str) -> DocumentError:
    return DocumentError(code=code, template=MESSAGES[code])


def document_error_message(error: DocumentError) -> str:
    """The error's message in the active language (messages from the parts of the pipeline are English msgids)."""
    message = gettext(error.template)
    return message.format(**error.params) if error.params else message


def document_decode(data: str | bytes, *, filename: str = "") -> str:
    """The document's text, or DocumentError saying why it cannot be one (too large, empty, binary, not UTF-8).

    `data` is the upload's raw bytes (page, API and command alike): a Word (.docx) or HTML file, known by
    its name or its first bytes, is converted to Markdown first. Pasted text (a str) is Markdown as it is.
    """
    raw = data.encode("utf-8") if isinstance(data, str) else bytes(data)
    if not isinstance(data, str):
        from learning.content.convert import kind_of, to_markdown

        if kind_of(filename, raw) != "markdown":  # its Markdown goes on through the same pipeline
            raw = to_markdown(filename, raw)
    if len(raw) > MAX_BYTES:
        raise error_for("too_large")
    if not raw.strip():
        raise parser_error("empty")
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):  # UTF-16 (Windows "Unicode"): text, but not UTF-8
        raise error_for("not_utf8")
    if b"\x00" in raw:
        raise error_for("binary")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise error_for("not_utf8")
    controls = sum(1 for c in text if ord(c) < 32 and c not in "\t\n\r\f")
    if controls > max(2, len(text) // 100):
        raise error_for("binary")
    return text.lstrip("\ufeff")


def extract_differences_or_refuse(parsed: ParsedDocument) -> tuple[list[Subject], list[DifferenceData]]:
    from learning.content.differences import extract_differences

    subjects, differences = extract_differences(parsed)
    if not differences:
        raise error_for("no_differences")
    return subjects, differences
