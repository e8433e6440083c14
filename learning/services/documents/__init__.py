"""Writes on documents and lessons: import (one transaction), preview, "use a copy", and "mark as read".

Modules: `decoding` (upload to text, the document errors), `reports` (what an import changed), `sync` (stored rows
matched to the parsed ones on re-import), `importing` (import and preview), `copies` ("use a copy") and `lessons`.
"""

from .copies import document_copy
from .decoding import (
    MAX_BYTES,
    MAX_UPLOAD_BYTES,
    document_decode,
    document_error_message,
    extract_differences_or_refuse,
)
from .importing import (
    RESERVED_SLUGS,
    document_import,
    document_import_result,
    document_preview,
    document_slug,
)
from .lessons import lesson_mark_read
from .reports import REPORT_PARTS, ChangeSet, ImportReport, ImportResult, Preview
from .sync import rows_sync

__all__ = [
    "MAX_BYTES",
    "MAX_UPLOAD_BYTES",
    "REPORT_PARTS",
    "RESERVED_SLUGS",
    "ChangeSet",
    "ImportReport",
    "ImportResult",
    "Preview",
    "document_copy",
    "document_decode",
    "document_error_message",
    "document_import",
    "document_import_result",
    "document_preview",
    "document_slug",
    "extract_differences_or_refuse",
    "lesson_mark_read",
    "rows_sync",
]
