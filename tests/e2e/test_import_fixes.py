"""A teacher uploads a Word file, fixes what the import read wrong in the preview (one statement's subject,
one typo of the author), publishes, and a student's quiz shows both fixes."""

import pytest

from learning.models import Attempt, Document, Membership, Question
from tests.conftest import PASSWORD
from tests.e2e.conftest import answer_question, login, screenshot
from tests.e2e.test_accessibility import AXE, BLOCKING, axe_violations
from tests.factories import ClassroomFactory, StudentFactory, TeacherFactory
from tests.factories_classes import AssignmentFactory
from tests.factories_quizzes import full_quiz
from tests.word_files import hub_switch_docx

TYPO, FIXED = "only to its destinaton.", "only to its destination."
# The extraction gives "It costs more than a hub." to Hub: "it" is the switch.
MISREAD = "It costs more than a hub"


def _docx() -> bytes:
    return hub_switch_docx(
        "Hub vs Switch",
        [
            f"A hub sends every frame to every port, while a switch sends a frame {TYPO}",
            "A hub works at the physical layer, whereas a switch works at the data link layer.",
            f"{MISREAD}, but a switch is faster.",
            "Hubs share one collision domain, whereas switches give each port its own.",
        ],
    )


@pytest.mark.e2e
@pytest.mark.django_db(transaction=True)
def test_a_teacher_fixes_a_subject_and_a_typo_in_the_preview_and_the_students_quiz_shows_both(live_server, page):
    TeacherFactory(username="alice", first_name="Alice")
    bob = StudentFactory(username="bob", first_name="Bob")
    login(page, live_server, "alice", PASSWORD)
    page.goto(f"{live_server.url}/documents/import/")
    page.set_input_files(
        "input[name=file]",
        files=[
            {
                "name": "hub-switch.docx",
                "mimeType": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
                "buffer": _docx(),
            }
        ],
    )
    page.get_by_role("button", name="Xem trước").click()
    page.wait_for_selector("ol.preview-differences")
    differences = page.locator("li.preview-difference")
    assert differences.count() == 4

    # The statement the import gave to Hub goes to Switch.
    misread = differences.filter(has_text=MISREAD)
    select = misread.locator("select").first
    assert select.locator("option:checked").inner_text() == "Hub"
    select.select_option(label="Switch")
    # The author's typo, fixed where the difference is written.
    typo = differences.filter(has_text=TYPO)
    typo.locator("summary").click()
    textarea = typo.locator("textarea")
    textarea.fill(textarea.input_value().replace(TYPO, FIXED))
    screenshot(page, "import-preview-fixing")
    page.get_by_role("button", name="Áp dụng thay đổi").click()
    page.wait_for_selector(".preview-adjustments")

    # The preview now reads what will be published.
    differences = page.locator("li.preview-difference")
    fixed = differences.filter(has_text=MISREAD)
    assert fixed.locator("select").first.locator("option:checked").inner_text() == "Switch"
    body = page.locator("ol.preview-differences").inner_text()
    assert FIXED in body and TYPO not in body
    screenshot(page, "import-preview-fixed")
    serious = [v for v in axe_violations(page, str(AXE)) if v["impact"] in BLOCKING] if AXE.exists() else []
    assert not serious, serious
    page.locator("#import-form").get_by_role("button", name="Nhập").click()
    page.wait_for_url("**/documents/hub-vs-switch/")

    document = Document.objects.get()
    assert document.corrections.count() == 1 and document.extraction_overrides.count() == 1
    assert TYPO in document.source  # the teacher's file as uploaded is kept
    # The bank's corrections page lists the fix made in the preview.
    page.goto(f"{live_server.url}/documents/{document.slug}/corrections/")
    assert FIXED in page.locator("table.corrections").inner_text()
    if AXE.exists():
        assert not [v for v in axe_violations(page, str(AXE)) if v["impact"] in BLOCKING]
    screenshot(page, "import-fixes-corrections")
    quiz = full_quiz(document, review_answers="immediately", review_explanations="immediately")
    # Alice's document reaches Bob through her class (a teacher's document is seen by the classes it is assigned to).
    classroom = ClassroomFactory(teacher=document.created_by)
    Membership.objects.create(classroom=classroom, student=bob)
    AssignmentFactory(
        classroom=classroom,
        lesson=document.lessons.first(),
        target_type="quiz",
        target_id=quiz.pk,
        title=quiz.title,
        target_url=f"/quizzes/{quiz.pk}/",
        document=document,
    )

    # A student takes the quiz: the corrected sentence is there, the typo nowhere.
    page.context.clear_cookies()
    login(page, live_server, "bob", PASSWORD)
    page.goto(f"{live_server.url}/quizzes/{quiz.pk}/")
    page.get_by_role("button", name="Bắt đầu làm bài").click()
    page.wait_for_url("**/attempts/*/")
    attempt = Attempt.objects.get(student__username="bob")
    questions = Question.objects.in_bulk(attempt.question_ids)
    text = page.locator("main").inner_text()
    assert "destinaton" not in text
    about_price = [
        q
        for q in questions.values()
        if "costs more" in " ".join([q.prompt, *(c["text"] for c in q.choices), *(i["text"] for i in q.items)])
    ]
    assert about_price, "the quiz asks about the reassigned statement"
    assert any("destination" in " ".join([q.prompt, *(c["text"] for c in q.choices)]) for q in questions.values()) or (
        "destination" in text
    )
    for question in questions.values():
        answer_question(page, question)
    screenshot(page, "import-fixes-student-quiz")
    page.get_by_role("button", name="Nộp bài").click()
    page.wait_for_url("**/result/")
    attempt.refresh_from_db()
    assert attempt.score == attempt.max_score  # answered with the keys the fixed extraction gave
    # The reassigned statement is about Switch in the student's results.
    for question in about_price:
        result = page.locator(f"#result-{question.pk}")
        expected = result.locator("dd.expected").inner_text()
        if question.type == "which_model":
            assert expected.strip() == "Switch"
        elif question.type == "matching":
            line = next(line for line in expected.splitlines() if "costs more" in line)
            assert line.strip().endswith("→ Switch"), line
    screenshot(page, "import-fixes-student-result")
