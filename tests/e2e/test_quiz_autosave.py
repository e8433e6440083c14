"""Autosave in Chromium: answers saved one by one survive a closed browser; offline answers are sent when the
connection returns; a submit with unanswered questions first lists them."""

import pytest

from learning.models import Attempt, Question, SavedAnswer
from tests.conftest import PASSWORD
from tests.e2e.conftest import answer_question, login, screenshot
from tests.factories import StudentFactory
from tests.factories_quizzes import full_quiz, seed_document

SINGLE = ("which_model", "true_false", "multiple_choice", "comparative")


def _wait_saved(page):
    page.locator("#save-status[data-state=saved]").wait_for()


@pytest.mark.e2e
@pytest.mark.django_db(transaction=True)
def test_answers_saved_one_by_one_survive_a_closed_browser_and_offline_answers_are_resent(live_server, browser, page):
    document = seed_document()
    quiz = full_quiz(document, time_limit_seconds=1800)
    StudentFactory(username="bob", first_name="Bob")
    login(page, live_server, "bob", PASSWORD)
    page.goto(f"{live_server.url}/quizzes/{quiz.pk}/")
    page.locator("button.start").click()
    page.wait_for_url("**/attempts/*/")
    attempt = Attempt.objects.get(student__username="bob")
    questions = Question.objects.in_bulk(attempt.question_ids)
    ordered = [questions[qid] for qid in attempt.question_ids]
    picked = [next(q for q in ordered if q.type in SINGLE), next(q for q in ordered if q.type == "cloze")]
    picked.append(next(q for q in ordered if q.type in ("matching", "multi_select")))
    for q in picked:  # one by one, each saved before the next
        answer_question(page, q)
        page.wait_for_function(
            "id => document.getElementById('question-' + id).getAttribute('data-saved') === '1'", arg=q.pk
        )
    _wait_saved(page)
    assert SavedAnswer.objects.filter(attempt=attempt).count() == 3

    # Offline for a moment: the page says the answer is not saved, and sends it when back online.
    fourth = next(q for q in ordered if q.type in SINGLE and q not in picked)
    page.context.set_offline(True)
    answer_question(page, fourth)
    page.locator("#save-status[data-state=offline]").wait_for()
    screenshot(page, "quiz-autosave-offline")
    assert SavedAnswer.objects.filter(attempt=attempt).count() == 3
    page.context.set_offline(False)
    page.evaluate("window.dispatchEvent(new Event('online'))")
    _wait_saved(page)
    assert SavedAnswer.objects.filter(attempt=attempt).count() == 4
    page.context.close()

    # Another browser (context): the reopened attempt shows every saved answer.
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="vi-VN")
    other = context.new_page()
    other.set_default_timeout(15000)
    login(other, live_server, "bob", PASSWORD)
    other.goto(f"{live_server.url}/attempts/{attempt.pk}/")
    for q in picked + [fourth]:
        box = other.locator(f"#question-{q.pk}")
        if q.type == "cloze":
            assert box.locator("input[type=text]").input_value() == q.answer.split(" (")[0]
        elif q.type == "matching":
            for item, model in q.answer.items():
                assert box.locator(f"select[name=q{q.pk}-{item}]").input_value() == model
        elif q.type == "multi_select":
            assert all(box.locator(f"input[value={c}]").is_checked() for c in q.answer)
        else:
            assert box.locator(f"input[value={q.answer}]").is_checked()

    # Submitting with unanswered questions lists them first.
    other.locator("#submit-attempt").click()
    summary = other.locator("#unanswered-summary")
    summary.wait_for(state="visible")
    assert summary.locator("li").count() == len(ordered) - 4
    assert other.url.endswith(f"/attempts/{attempt.pk}/")
    screenshot(other, "quiz-unanswered-summary")
    other.locator("#submit-anyway").click()
    other.wait_for_url("**/result/")
    attempt.refresh_from_db()
    assert attempt.score == 4.0 and not attempt.auto_submitted
    screenshot(other, "quiz-result-after-autosave")
    context.close()


@pytest.mark.e2e
@pytest.mark.django_db(transaction=True)
def test_a_teacher_opens_an_attempt_from_the_gradebook_and_overrides_one_question(live_server, browser, page):
    import datetime as dt

    from django.utils import timezone

    from learning.models import Assignment
    from learning.services.attempts import attempt_start, attempt_submit
    from tests.factories import ClassroomFactory, MembershipFactory, TeacherFactory

    document = seed_document()
    quiz = full_quiz(document)
    alice = TeacherFactory(username="alice", first_name="Alice")
    bob = StudentFactory(username="bob", first_name="Bob")
    room = ClassroomFactory(teacher=alice, name="10A1")
    MembershipFactory(classroom=room, student=bob)
    Assignment.objects.create(
        classroom=room,
        target_type="quiz",
        target_id=quiz.pk,
        title=quiz.title,
        document=document,
        due_at=timezone.now() + dt.timedelta(days=2),
    )
    attempt, _created = attempt_start(quiz=quiz, student=bob)
    attempt_submit(attempt_id=attempt.pk, student=bob, responses=[])
    first = attempt.question_ids[0]

    login(page, live_server, "alice", PASSWORD)
    page.goto(f"{live_server.url}/classes/{room.pk}/gradebook/")
    page.locator("a.cell-open").first.click()
    page.wait_for_url(f"**/attempts/{attempt.pk}/review/")
    assert page.locator(".result").count() == len(attempt.question_ids)
    box = page.locator(f"#result-{first}")
    box.locator("summary").click()
    box.locator(f"#id_q{first}-score").fill("1")
    box.locator(f"#id_q{first}-comment").fill("Ý đúng, chỉ thiếu một chữ.")
    box.locator("button[type=submit]").click()
    page.wait_for_url(f"**/attempts/{attempt.pk}/review/*")
    assert page.locator("#attempt-score").inner_text().startswith("1 /")
    screenshot(page, "quiz-teacher-attempt-review")
    page.context.close()

    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="vi-VN")
    student = context.new_page()
    login(student, live_server, "bob", PASSWORD)
    student.goto(f"{live_server.url}/attempts/{attempt.pk}/result/")
    assert "Ý đúng, chỉ thiếu một chữ." in student.locator(f"#result-{first}").inner_text()
    assert student.locator("#review-later").is_visible()  # graded work: the key waits for the due date
    assert student.locator(".expected").count() == 0
    screenshot(student, "quiz-result-keys-after-due")
    context.close()
