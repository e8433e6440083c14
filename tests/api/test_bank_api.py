"""The question bank API: list, read, edit, disable and add questions of a document the caller may change."""

import pytest

from learning.models import Question
from learning.services.documents import document_import
from tests.factories import TeacherFactory, document_assign

pytestmark = pytest.mark.django_db


@pytest.fixture
def document(alice, bob, seed_text):
    document = document_import(text=seed_text, user=alice)
    document_assign(document, alice, bob)
    return document


def test_it_lists_the_bank_with_keys_for_its_teacher_only(api, alice, bob, dave, document):
    response = api(alice).get(f"/api/v1/documents/{document.slug}/questions/")
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == document.questions.count()
    first = body["results"][0]
    assert {"id", "key", "type", "prompt", "choices", "answer", "explanation", "enabled", "retired"} <= set(first)
    assert first["answer"] == Question.objects.get(pk=first["id"]).answer
    # A student of the class and another teacher: 404, as for a missing document (the bank holds the keys).
    assert api(bob).get(f"/api/v1/documents/{document.slug}/questions/").status_code == 404
    assert api(dave).get(f"/api/v1/documents/{document.slug}/questions/").status_code == 404
    assert api(bob).get(f"/api/v1/questions/{first['id']}/").status_code == 404
    assert api(None).get(f"/api/v1/documents/{document.slug}/questions/").status_code == 401


def test_it_reads_edits_and_disables_a_question(api, alice, document):
    question = document.questions.filter(type="multiple_choice").first()
    client = api(alice)
    assert client.get(f"/api/v1/questions/{question.pk}/").json()["key"] == question.key
    texts = [f"{c['text']} (sửa)" for c in question.choices]
    body = {"prompt": "Câu hỏi sửa?", "choices": texts, "answer": question.choices[-1]["id"]}
    edited = client.patch(f"/api/v1/questions/{question.pk}/", body, format="json")
    assert edited.status_code == 200
    assert edited.json()["edited"] is True and edited.json()["answer"] == question.choices[-1]["id"]
    assert [c["text"] for c in edited.json()["choices"]] == texts
    disabled = client.patch(f"/api/v1/questions/{question.pk}/", {"enabled": False}, format="json")
    assert disabled.status_code == 200 and disabled.json()["enabled"] is False
    question.refresh_from_db()
    assert question.prompt == "Câu hỏi sửa?" and not question.enabled
    # The edit survives a re-import of the same document.
    document_import(text=document.source.replace("rộng rãi", "phổ biến"), user=alice)
    question.refresh_from_db()
    assert question.prompt == "Câu hỏi sửa?"


def test_it_adds_a_teachers_question_and_refuses_bad_ones_with_400(api, alice, document):
    client = api(alice)
    url = f"/api/v1/documents/{document.slug}/questions/"
    body = {"type": "multiple_choice", "prompt": "Máy chủ là gì?", "choices": ["Server", "Client"], "answer": "c1"}
    created = client.post(url, body, format="json")
    assert created.status_code == 201 and created.json()["origin"] == "teacher"
    assert created.json()["key"].startswith("teacher-")
    bad = [
        {**body, "answer": "c9"},
        {**body, "choices": ["Một"]},
        {**body, "type": "essay"},
        {**body, "prompt": "x" * 2001},
        {**body, "choices": ["x" * 501, "y"]},
        {"type": "cloze", "prompt": "?"},
    ]
    for payload in bad:
        response = client.post(url, payload, format="json")
        assert response.status_code == 400, payload
        assert isinstance(response.json(), dict)
    question = Question.objects.get(pk=created.json()["id"])
    wrong_key = client.patch(f"/api/v1/questions/{question.pk}/", {"answer": "c9"}, format="json")
    assert wrong_key.status_code == 400 and "answer" in wrong_key.json()
    too_many = client.patch(f"/api/v1/questions/{question.pk}/", {"choices": ["x"] * 9}, format="json")
    assert too_many.status_code == 400 and "choices" in too_many.json()


def test_staff_edit_a_site_documents_bank(api, seed_text):
    site = document_import(text=seed_text)
    staff = TeacherFactory(username="root", is_staff=True)
    question = site.questions.first()
    response = api(staff).patch(f"/api/v1/questions/{question.pk}/", {"enabled": False}, format="json")
    assert response.status_code == 200 and response.json()["enabled"] is False


def test_a_huge_or_unknown_id_is_404(api, alice, document):
    assert api(alice).get("/api/v1/questions/99999999999999999999999999/").status_code == 404
    assert api(alice).patch("/api/v1/questions/0/", {"enabled": False}, format="json").status_code == 404


def test_it_edits_a_matching_questions_statements_choices_and_key_and_refuses_a_key_that_misses_one(
    api, alice, document
):
    question = document.questions.filter(type="matching").first()
    client = api(alice)
    items = [f"Phát biểu {n}" for n in range(1, len(question.items) + 1)]
    key = {item["id"]: "b" for item in question.items}
    body = {"items": items, "choices": ["Ngang hàng", "Khách-chủ"], "answer": key}
    edited = client.patch(f"/api/v1/questions/{question.pk}/", body, format="json")
    assert edited.status_code == 200, edited.content
    assert [i["text"] for i in edited.json()["items"]] == items and edited.json()["answer"] == key
    missing = {question.items[0]["id"]: "a"}
    refused = client.patch(f"/api/v1/questions/{question.pk}/", {"answer": missing}, format="json")
    assert refused.status_code == 400 and "answer" in refused.json()
    unknown = client.patch(
        f"/api/v1/questions/{question.pk}/", {"answer": {**key, question.items[0]["id"]: "zz"}}, format="json"
    )
    assert unknown.status_code == 400
    question.refresh_from_db()
    assert question.answer == key  # the refused edits changed nothing
