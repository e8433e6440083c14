"""Links in templates come from the URL patterns ({% url %}), never written out: a moved page moves its links."""

import re
from pathlib import Path

import pytest

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"
WRITTEN_OUT = re.compile(r'\b(?:href|action|src|hx-(?:get|post|put|delete|patch))="/')


def test_no_template_writes_out_a_url_of_the_site():
    found = [
        f"{path.relative_to(TEMPLATES)}:{number}: {line.strip()[:120]}"
        for path in sorted(TEMPLATES.rglob("*.html"))
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if WRITTEN_OUT.search(line)
    ]
    assert found == []


@pytest.mark.django_db
def test_the_navigation_marks_the_section_of_the_page(client, bob):
    from tests.conftest import PASSWORD

    assert client.login(username=bob.username, password=PASSWORD)
    html = client.get("/quizzes/").content.decode()
    assert '<a href="/quizzes/" aria-current="page">' in html
    assert '<a href="/flashcards/">' in html and '<a href="/dashboard/">' in html
