"""CSV that a spreadsheet opens without running anything in it.

A cell that starts with = + - @ (or a tab or carriage return, which some spreadsheets skip before reading
a formula) is taken as a formula by Excel, LibreOffice and Google Sheets. Names arrive from LTI launches
and CSV imports, so "=HYPERLINK(...)" as a student's name is possible; OWASP's advice is to prefix such
cells with a single quote, which spreadsheets show as text. Every CSV the service writes goes through here.
"""

import csv
import io
from collections.abc import Iterable, Iterator

from django.http import StreamingHttpResponse

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def csv_cell_safe(value) -> object:
    """The cell as a spreadsheet should show it: text that would start a formula gets a leading quote.

    Numbers pass as they are (a negative number is a number, not a formula).
    """
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def csv_bytes(rows: Iterable[Iterable[object]]) -> bytes:
    """Rows as CSV for spreadsheets: UTF-8 with a BOM (Vietnamese names intact in Excel), CRLF, cells made safe."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    for row in rows:
        writer.writerow([csv_cell_safe(cell) for cell in row])
    return out.getvalue().encode("utf-8-sig")


class _Line:
    """A file-like object that hands back what csv.writer writes (one row), for streaming."""

    def write(self, value: str) -> str:
        return value


def csv_stream(rows: Iterable[Iterable[object]]) -> Iterator[bytes]:
    """`csv_bytes` one row at a time: the BOM, then each row as UTF-8, cells made safe."""
    writer = csv.writer(_Line(), lineterminator="\r\n")
    yield "\ufeff".encode()
    for row in rows:
        yield writer.writerow([csv_cell_safe(cell) for cell in row]).encode("utf-8")


def csv_response(rows: Iterable[Iterable[object]], filename: str) -> StreamingHttpResponse:
    """A CSV download streamed as it is written: a big class's file never sits whole in memory."""
    response = StreamingHttpResponse(csv_stream(rows), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
