"""A query compiled once with stand-ins gives each user what the ORM query built for them gives."""

import pytest

from learning.access.documents import _students_documents, documents_visible_to
from learning.compiled import compile_once, stand_in
from learning.models import Document
from learning.services.documents import document_import
from tests.conftest import FIXTURES
from tests.factories import document_assign

pytestmark = pytest.mark.django_db


def test_the_compiled_rule_gives_each_student_what_the_orm_rule_gives(alice, bob, charlie, seed_text):
    document_import(text=seed_text)
    alices = document_import(text=(FIXTURES / "sql-vs-nosql.en.md").read_text(encoding="utf-8"), user=alice)
    document_assign(alices, alice, bob)  # a class of Bob's only

    for student in (bob, charlie):
        compiled = set(documents_visible_to(student).values_list("pk", flat=True))
        built = set(_students_documents(student).values_list("pk", flat=True))
        assert compiled == built
    assert alices.pk in set(documents_visible_to(bob).values_list("pk", flat=True))
    assert alices.pk not in set(documents_visible_to(charlie).values_list("pk", flat=True))


def test_a_stand_in_that_is_not_a_parameter_is_refused():
    with pytest.raises(ValueError, match="stand-ins"):
        compile_once(Document.objects.filter(pk=1), [stand_in()])
