"""Moodle XML and GIFT exports of a document's questions, read back to the same questions and answers."""

import xml.etree.ElementTree as ET
from html import unescape as html_unescape

import pytest

from learning.exports.formats import MOODLE_FRACTIONS
from tests.factories_lti import DocumentFactory, QuestionFactory, question_bank
from tests.lti.gift_reader import read_gift

pytestmark = pytest.mark.django_db
MOODLE_TYPES = {"multichoice", "truefalse", "matching", "shortanswer", "category"}
ALLOWED = {0.0} | {f for v in MOODLE_FRACTIONS for f in (float(v), -float(v))}


@pytest.fixture
def bank():
    document = DocumentFactory(slug="cs-p2p", title="Client-server & P2P: so sánh")
    questions = question_bank(document)
    QuestionFactory(document=document, key="disabled-1", enabled=False)
    return document, questions


def texts(question, ids):
    by_id = {c["id"]: c["text"] for c in question.choices}
    return {by_id[i] for i in ids}


def expected(question):
    """What any importer must recover: kind plus the right answers, as texts."""
    if question.type == "true_false":
        return ("truefalse", question.answer == "true")
    if question.type == "matching":
        models = {c["id"]: c["text"] for c in question.choices}
        return ("matching", {(i["text"], models[question.answer[i["id"]]]) for i in question.items})
    if question.type == "cloze":
        return ("shortanswer", {question.answer})
    ids = question.answer if isinstance(question.answer, list) else [question.answer]
    return ("multichoice", texts(question, ids))


def html_text(element):
    return html_unescape(element.find("text").text.replace("<br>", "\n"))


def test_it_exports_moodle_xml_that_reads_back_to_the_same_questions(client, alice, bank):
    document, questions = bank
    client.force_login(alice)

    response = client.get(f"/lti/exports/documents/{document.slug}/quiz.xml")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/xml")
    assert "attachment" in response["Content-Disposition"]
    root = ET.fromstring(response.content)  # well-formed
    assert root.tag == "quiz"
    assert {q.get("type") for q in root} <= MOODLE_TYPES
    category, *items = list(root)
    assert category.find("category/text").text == f"$course$/top/{document.title}"
    assert len(items) == len(questions)  # the disabled question is not exported
    for question, element in zip(questions, items, strict=True):
        kind, answer = expected(question)
        assert element.get("type") == kind
        assert element.find("name/text").text == question.key
        assert html_text(element.find("questiontext")) == question.prompt
        for a in element.findall("answer"):
            assert float(a.get("fraction")) in ALLOWED
        if kind == "truefalse":
            right = [a.find("text").text for a in element.findall("answer") if a.get("fraction") == "100"]
            assert right == ["true" if answer else "false"]
        elif kind == "matching":
            pairs = {(html_text(s), s.find("answer/text").text) for s in element.findall("subquestion")}
            assert pairs == answer
        elif kind == "shortanswer":
            assert {a.find("text").text for a in element.findall("answer")} == answer
        else:
            right = {html_text(a) for a in element.findall("answer") if float(a.get("fraction")) > 0}
            assert right == answer
            single = element.find("single").text == "true"
            assert single == (question.type != "multi_select")
            if not single:
                assert (
                    sum(float(a.get("fraction")) for a in element.findall("answer") if float(a.get("fraction")) > 0)
                    == 100
                )


def test_it_exports_gift_that_a_gift_reader_parses_to_the_same_questions(client, alice, bank):
    document, questions = bank
    client.force_login(alice)

    response = client.get(f"/lti/exports/documents/{document.slug}/quiz.gift")

    assert response.status_code == 200
    parsed = read_gift(response.content.decode())
    assert len(parsed) == len(questions)
    for question, item in zip(questions, parsed, strict=True):
        kind, answer = expected(question)
        assert item["kind"] == kind
        assert item["title"] == question.key
        assert item["text"] == question.prompt  # braces, colons, '=', '~', '#' and newlines survive
        assert item["feedback"] == question.explanation
        if kind == "truefalse":
            assert item["correct"] is answer
        elif kind == "matching":
            assert set(item["pairs"]) == answer
        elif kind == "shortanswer":
            assert set(item["answers"]) == answer
        else:
            assert {text for text, weight in item["choices"] if weight > 0} == answer
            assert {text for text, _ in item["choices"]} == {c["text"] for c in question.choices}


@pytest.mark.parametrize("path", ["quiz.xml", "quiz.gift"])
def test_it_hides_the_answer_keys_from_students_and_outsiders(client, bob, bank, path):
    document, _ = bank
    anonymous = client.get(f"/lti/exports/documents/{document.slug}/{path}")
    assert anonymous.status_code == 302 and "/login" in anonymous["Location"]
    client.force_login(bob)
    assert client.get(f"/lti/exports/documents/{document.slug}/{path}").status_code == 404


def test_it_answers_404_for_an_unknown_or_unpublished_document(client, alice, dave):
    DocumentFactory(slug="draft", published=False, created_by=dave)
    client.force_login(alice)
    assert client.get("/lti/exports/documents/nope/quiz.xml").status_code == 404
    assert client.get("/lti/exports/documents/draft/quiz.xml").status_code == 404
    client.force_login(dave)
    assert client.get("/lti/exports/documents/draft/quiz.xml").status_code == 200
