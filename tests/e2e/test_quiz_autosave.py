"""Autosave in Chromium: answers saved one by one survive a closed browser; offline answers are sent when the
connection returns; a submit with unanswered questions first lists them."""

import pytest

from learning.models import Attempt, Question, SavedAnswer
from tests.conftest import PASSWORD
from tests.e2e.conftest import login, screenshot
from tests.factories import StudentFactory
from tests.factories_quizzes import full_quiz, seed_document

SINGLE = ("which_model", "true_false", "multiple_choice", "comparative")


def _answer(page, q):
    box = page.locator(f"#question-{q.pk}")
    if q.type == "matching":
        for item, model in q.answer.items():
            box.locator(f"select[name=q{q.pk}-{item}]").select_option(model)
    elif q.type == "cloze":
        box.locator("input[type=text]").fill(q.answer.split(" (")[0])
    elif q.type == "multi_select":
        for choice in q.answer:
            box.locator(f"input[value={choice}]").check()
    else:
        box.locator(f"input[value={q.answer}]").check()


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
        _answer(page, q)
        page.wait_for_function(
            "id => document.getElementById('question-' + id).getAttribute('data-saved') === '1'", arg=q.pk
        )
    _wait_saved(page)
    assert SavedAnswer.objects.filter(attempt=attempt).count() == 3

    # Offline for a moment: the page says the answer is not saved, and sends it when back online.
    fourth = next(q for q in ordered if q.type in SINGLE and q not in picked)
    page.context.set_offline(True)
    _answer(page, fourth)
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
