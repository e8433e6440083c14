"""Word files built in memory, as a teacher would upload them."""

import io


def hub_switch_docx(title: str, differences: list[str], table: list[list[str]] = ()) -> bytes:
    """A .docx comparing a hub and a switch: `title`, a lesson on each, the `differences` as bullets, then
    `table` (its rows; the first is the header) when given."""
    import docx

    document = docx.Document()
    document.add_heading(title, 1)
    document.add_heading("What is a hub?", 2)
    document.add_paragraph("A hub repeats every frame to all of its ports.")
    document.add_heading("What is a switch?", 2)
    document.add_paragraph("A switch forwards each frame only to the port of its destination.")
    document.add_heading("Differences", 2)
    for text in differences:
        document.add_paragraph(text, style="List Bullet")
    if table:
        grid = document.add_table(rows=len(table), cols=len(table[0]))
        for r, row in enumerate(table):
            for c, value in enumerate(row):
                grid.cell(r, c).text = value
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
