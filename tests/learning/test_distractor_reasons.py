"""Why each wrong choice is wrong: the generator gives every distractor the reason it was built from, the
bank keeps it across re-imports, and a student sees the reason for the choice they picked only once the
right answers may be shown. Alice teaches Bob."""

import datetime as dt

import pytest
from django.utils import timezone

from learning.content.differences import extract_differences
from learning.content.questions import generate_questions
from learning.content.types import DISTRACTOR_KINDS
from learning.models import Assignment, Attempt, Question
from learning.services.quizzes import quiz_bank_sync
from tests.conftest import SEED_DOCUMENT
from tests.factories_quizzes import full_quiz, seed_document
from tests.learning.quiz_docs import parse


@pytest.fixture(scope="module")
def seed_bank():
    parsed = parse(SEED_DOCUMENT.read_text(encoding="utf-8"), "vi")
    parsed.subjects, parsed.differences = extract_differences(parsed)
    return parsed, generate_questions(parsed, seed="s")


def test_it_gives_every_wrong_choice_of_a_choice_question_a_reason(seed_bank):
    _parsed, questions = seed_bank
    kinds = set()
    for q in questions:
        if q.type in ("matching", "cloze"):
            assert q.reasons == {}
            continue
        key = q.answer if isinstance(q.answer, list) else [q.answer]
        wrong = {c["id"] for c in q.choices} - set(key)
        assert set(q.reasons) == wrong, q.key
        for reason in q.reasons.values():
            assert reason["kind"] in DISTRACTOR_KINDS and reason["text"] and reason["statement"]
            kinds.add(reason["kind"])
    assert {"subject_name", "same_difference", "other_difference", "reversed_comparison"} <= kinds


def test_it_says_whose_statement_a_same_difference_distractor_is(seed_bank):
    parsed, questions = seed_bank
    names = {s.key: s.name for s in parsed.subjects}
    differences = {d.key: d for d in parsed.differences}
    mc = next(
        q
        for q in questions
        if q.type == "multiple_choice" and "same_difference" in {r["kind"] for r in q.reasons.values()}
    )
    choice, reason = next((c, r) for c, r in mc.reasons.items() if r["kind"] == "same_difference")
    asked = reason["subject"]  # the subject the question asks about: the one the student would attribute it to
    other = next(st for st in differences[mc.difference_key].statements if st.text == reason["statement"])
    assert other.subject != asked
    assert reason["text"] == (
        f"Đây là điều tài liệu nói về {names[other.subject]} ở cùng điểm này, không phải về {names[asked]}."
    )
    assert choice != mc.answer


def test_it_calls_the_loser_of_a_comparison_a_reversed_comparison(seed_bank):
    _parsed, questions = seed_bank
    cmp = next(q for q in questions if q.type == "comparative" and "reversed_comparison" in str(q.reasons))
    ((loser, reason),) = cmp.reasons.items()
    assert loser != cmp.answer and reason["kind"] == "reversed_comparison"
    assert reason["text"].startswith("Như vậy là đảo ngược phép so sánh")


def test_it_keeps_the_reasons_with_the_question_across_a_reimport(db):
    document = seed_document()
    before = dict(document.questions.exclude(distractor_reasons={}).values_list("key", "distractor_reasons"))
    assert len(before) > 10
    ids = dict(document.questions.values_list("key", "pk"))
    document.questions.filter(key=next(iter(before))).update(distractor_reasons={})  # a row from before reasons
    quiz_bank_sync(document=document)  # the bank step of every re-import
    after = dict(document.questions.exclude(distractor_reasons={}).values_list("key", "distractor_reasons"))
    assert after == before
    assert dict(document.questions.values_list("key", "pk")) == ids  # the same rows: students' answers stay


def test_it_drops_a_reason_when_the_teacher_rewrites_that_choice(db, alice):
    from learning.services.documents import document_copy
    from learning.services.quizzes import question_update

    copy = document_copy(document=seed_document(), user=alice)
    q = copy.questions.filter(type="multiple_choice").exclude(distractor_reasons={}).first()
    wrong = sorted(q.distractor_reasons)
    texts = [c["text"] if c["id"] != wrong[0] else "Một phát biểu khác hẳn" for c in q.choices]
    question_update(question=q, teacher=alice, prompt=q.prompt, explanation=q.explanation, choice_texts=texts)
    q.refresh_from_db()
    assert sorted(q.distractor_reasons) == wrong[1:]


def _wrong_pick(question: Question) -> str:
    return next(c for c in sorted(question.distractor_reasons) if c != question.answer)


def _bob_picks_a_distractor(api, bob, quiz):
    attempt = api(bob).post(f"/api/v1/quizzes/{quiz.pk}/attempts/").json()
    questions = Question.objects.in_bulk(Attempt.objects.get(pk=attempt["id"]).question_ids)
    mc = next(q for q in questions.values() if q.type != "multi_select" and q.distractor_reasons)
    pick = _wrong_pick(mc)
    body = api(bob).post(
        f"/api/v1/attempts/{attempt['id']}/submit/",
        {"responses": [{"question": mc.pk, "answer": pick}]},
        format="json",
    )
    assert body.status_code == 200, body.content
    result = next(r for r in body.json()["results"] if r["question"] == mc.pk)
    return attempt["id"], mc, pick, result


def test_it_shows_the_reason_for_the_picked_distractor_in_practice(api, client, bob):
    quiz = full_quiz(seed_document())
    attempt_id, mc, pick, result = _bob_picks_a_distractor(api, bob, quiz)
    reason = mc.distractor_reasons[pick]
    assert result["correct"] is False
    assert result["why_wrong"] == [{"choice": pick, "kind": reason["kind"], "text": reason["text"]}]
    client.force_login(bob)
    page = client.get(f"/attempts/{attempt_id}/result/")
    assert page.status_code == 200
    assert reason["text"] in page.content.decode()


def test_it_hides_the_reason_until_the_right_answers_may_be_shown(api, client, bob, classroom):
    quiz = full_quiz(seed_document())
    Assignment.objects.create(
        classroom=classroom,
        target_type="quiz",
        target_id=quiz.pk,
        title=quiz.title,
        document=quiz.document,
        due_at=timezone.now() + dt.timedelta(days=2),
    )
    attempt_id, mc, pick, result = _bob_picks_a_distractor(api, bob, quiz)
    assert result["expected"] is None and result["why_wrong"] is None
    client.force_login(bob)
    page = client.get(f"/attempts/{attempt_id}/result/").content.decode()
    assert mc.distractor_reasons[pick]["text"] not in page
