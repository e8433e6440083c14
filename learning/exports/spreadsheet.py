"""CSV that a spreadsheet opens without running anything in it.

A cell that starts with = + - @ (or a tab or carriage return, which some spreadsheets skip before reading
a formula) is taken as a formula by Excel, LibreOffice and Google Sheets. Names arrive from LTI launches
and CSV imports, so "=HYPERLINK(...)" as a student's name is possible; OWASP's advice is to prefix such
cells with a single quote, which spreadsheets show as text. Every CSV the service writes goes through here.
"""

import csv
import io
from collections.abc import Iterable

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
