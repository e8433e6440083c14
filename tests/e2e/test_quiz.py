"""A student takes the seed quiz in Chromium, answers, and sees the results with explanations."""

import pytest

from learning.models import Attempt, Question
from tests.conftest import PASSWORD
from tests.e2e.conftest import login, screenshot
from tests.factories import StudentFactory, TeacherFactory
from tests.factories_quizzes import full_quiz, seed_document


@pytest.mark.e2e
@pytest.mark.django_db(transaction=True)
def test_a_student_takes_the_seed_quiz_and_sees_results_with_explanations(live_server, page):
    document = seed_document()
    quiz = full_quiz(document, time_limit_seconds=1800)
    StudentFactory(username="bob", first_name="Bob")
    login(page, live_server, "bob", PASSWORD)

    page.goto(f"{live_server.url}/quizzes/?document={document.slug}")
    page.get_by_role("link", name=quiz.title).click()
    page.get_by_role("button", name="Bắt đầu làm bài").click()
    page.wait_for_url("**/attempts/*/")
    attempt = Attempt.objects.get(student__username="bob")
    assert page.locator("fieldset.question").count() == len(attempt.question_ids)
    assert page.locator("#time-left").inner_text() != "–"  # the countdown runs
    # Before submitting the page carries no explanation.
    assert "Tài liệu viết" not in page.content()

    questions = Question.objects.in_bulk(attempt.question_ids)
    single = ("which_model", "true_false", "multiple_choice", "comparative")
    wrong_on_purpose = next(qid for qid in attempt.question_ids if questions[qid].type in single)
    for qid in attempt.question_ids:
        q = questions[qid]
        box = page.locator(f"#question-{qid}")
        if q.type == "matching":
            for item, model in q.answer.items():
                box.locator(f"select[name=q{qid}-{item}]").select_option(model)
        elif q.type == "cloze":
            box.locator("input[type=text]").fill("không biết" if qid == wrong_on_purpose else q.answer.split(" (")[0])
        elif q.type == "multi_select":
            for choice in q.answer:
                box.locator(f"input[value={choice}]").check()
        else:
            key = q.answer
            if qid == wrong_on_purpose:
                key = next(c["id"] for c in q.choices if c["id"] != q.answer)
            # Keyboard: focus the choice and select it with the space bar.
            box.locator(f"input[value={key}]").focus()
            page.keyboard.press("Space")
            assert box.locator(f"input[value={key}]").is_checked()

    screenshot(page, "quiz-attempt")
    page.get_by_role("button", name="Nộp bài").click()
    page.wait_for_url("**/result/")
    attempt.refresh_from_db()
    assert attempt.max_score == len(attempt.question_ids)
    assert attempt.score == attempt.max_score - 1
    assert page.locator("#score").inner_text().startswith(f"{attempt.max_score - 1:g} / {attempt.max_score:g}")
    assert page.locator(".result.wrong").count() == 1
    assert page.locator(".result .explanation").count() == len(attempt.question_ids)
    assert page.locator(".result .source").first.inner_text().startswith("Trích từ tài liệu")
    assert page.get_by_role("link", name="Đọc lại bài học").first.get_attribute("href").startswith("/lessons/")
    assert page.get_by_role("button", name="Làm lại").is_visible()
    shot = screenshot(page, "quiz-result")
    assert shot.stat().st_size > 10_000


@pytest.mark.e2e
@pytest.mark.django_db(transaction=True)
def test_a_teacher_disables_a_question_in_the_bank_without_reloading(live_server, page):
    alice = TeacherFactory(username="alice", first_name="Alice")
    document = seed_document(user=alice)
    # The first question in use (alternates that repeat a statement wait in the bank, disabled).
    first = document.questions.filter(enabled=True).order_by("position", "pk").first()
    login(page, live_server, "alice", PASSWORD)
    page.goto(f"{live_server.url}/documents/{document.slug}/questions/")
    row = page.locator(f"#bank-row-{first.pk}")
    assert "đang dùng" in row.inner_text()
    url = page.url
    row.get_by_role("button", name="Tắt").click()
    page.locator(f"#bank-row-{first.pk}.disabled").wait_for()
    assert page.url == url
    assert "đã tắt" in page.locator(f"#bank-row-{first.pk}").inner_text()
    first.refresh_from_db()
    assert first.enabled is False
    screenshot(page, "quiz-bank")
