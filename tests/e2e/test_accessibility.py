"""Every page a student or teacher uses, scanned in Chromium with axe-core (WCAG 2.2 A/AA rules) at 1280 px and at
390 px (a phone), where no page may scroll sideways; and keyboard-only paths through a quiz, a flashcard session and
a simulation run, with a visible focus ring.

axe-core comes from npm (package.json, installed by `make test`) and is injected from node_modules: never a CDN.
The data is built once per test: a teacher, a class with assignments, a student with a submitted quiz attempt, an
open attempt, reviewed cards, a finished simulation run and a graded override.
"""

import datetime as dt
import json
import os
import time
from pathlib import Path

import pytest
from django.utils import timezone

from tests.conftest import PASSWORD
from tests.e2e.conftest import login, screenshot

AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
BLOCKING = {"serious", "critical"}
WIDTHS = (1280, 390)
# The error pages are scanned too: a student or teacher who reaches one must be able to read it and go on.
EXPECTED_STATUS = {"forbidden": 403, "not-found": 404, "lti-error": 400}

pytestmark = [pytest.mark.e2e]


@pytest.fixture(scope="module")
def axe_source() -> str:
    if not AXE.exists():
        if os.environ.get("CI"):
            pytest.fail(f"axe-core is missing at {AXE}: `make test` installs it with npm ci")
        pytest.skip("axe-core not installed (npm ci)")
    return str(AXE)


def axe_violations(page, axe_path: str) -> list[dict]:
    page.add_script_tag(path=axe_path)
    return page.evaluate(
        """async (tags) => {
            const result = await axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']});
            return result.violations.map(v => ({
                id: v.id, impact: v.impact, help: v.help,
                nodes: v.nodes.slice(0, 4).map(
                    n => n.target.join(' ') + ' :: ' + (n.failureSummary || '').slice(0, 160)),
            }));
        }""",
        WCAG_TAGS,
    )


def sideways_overflow(page) -> dict | None:
    """None when the page fits its width; else the widths and the widest elements that stick out."""
    return page.evaluate(
        """() => {
            const width = window.innerWidth, doc = document.documentElement.scrollWidth;
            if (doc <= width) return null;
            const culprits = [];
            for (const el of document.querySelectorAll('body *')) {
                const r = el.getBoundingClientRect();
                if (r.right > width + 1 && r.width > 0) {
                    let scroller = el.parentElement, inside = false;
                    while (scroller && scroller !== document.body) {
                        const o = getComputedStyle(scroller).overflowX;
                        if (o === 'auto' || o === 'scroll' || o === 'hidden') { inside = true; break; }
                        scroller = scroller.parentElement;
                    }
                    if (!inside) culprits.push(el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') +
                        (typeof el.className === 'string' && el.className
                            ? '.' + el.className.split(' ').join('.') : '') +
                        ' right=' + Math.round(r.right));
                }
            }
            return {innerWidth: width, scrollWidth: doc, culprits: culprits.slice(0, 8)};
        }"""
    )


def sticky_column_problems(page, table: str) -> list[str]:
    """The table scrolls inside its own box, and its first (student) column stays where it was."""
    state = page.evaluate(
        """(selector) => {
            const table = document.querySelector(selector), box = table.parentElement;
            const cell = table.querySelector('tbody th');
            const before = cell.getBoundingClientRect().left;
            box.scrollLeft = 300;
            const after = cell.getBoundingClientRect().left;
            const scrolled = box.scrollLeft;
            box.scrollLeft = 0;
            return {before, after, scrolled};
        }""",
        table,
    )
    if state["scrolled"] <= 0:
        return [f"{table} @390 does not scroll inside its box: {state}"]
    if abs(state["before"] - state["after"]) > 1:
        return [f"{table} @390: the first column moved while the table scrolled: {state}"]
    return []


def build_classroom():
    """A teacher's class with every kind of page filled in. Returns the ids and paths the scan visits."""
    from django.core.management import call_command

    from learning.models import AssignmentGrade, CardState, Flashcard, Membership
    from learning.services.assignments import assignment_create
    from learning.services.attempts import attempt_start, attempt_submit
    from learning.services.classes import classroom_create
    from learning.services.flashcards import card_review
    from simulator.models import Exercise
    from simulator.services.runs import run_create, run_execute
    from tests.factories import StudentFactory, TeacherFactory
    from tests.factories_quizzes import full_quiz, right_answers, seed_document

    teacher = TeacherFactory(username="co.lan", first_name="Lan", last_name="Nguyễn Thị")
    student = StudentFactory(username="an.tran", first_name="An", last_name="Trần Văn", email="an@example.edu")
    others = [
        StudentFactory(username=f"hs{i}", first_name=name, last_name="Lê Thị")
        for i, name in enumerate(["Bình", "Chi", "Dũng"])
    ]
    document = seed_document(user=teacher)
    quiz = full_quiz(document)
    lesson = document.lessons.order_by("position").first()
    call_command("seed_exercises", "--no-check")
    exercise = Exercise.objects.order_by("pk").first()
    classroom = classroom_create(teacher=teacher, name="Lớp 10A3 — Mạng máy tính")
    for s in [student, *others]:
        Membership.objects.create(classroom=classroom, student=s)
    now = timezone.now()
    assignments = [
        assignment_create(
            classroom=classroom, target_type="lesson", target_id=lesson.pk, due_at=now + dt.timedelta(days=2)
        ),
        assignment_create(
            classroom=classroom, target_type="quiz", target_id=quiz.pk, due_at=now + dt.timedelta(days=5)
        ),
        assignment_create(
            classroom=classroom,
            target_type="flashcards",
            target_id=document.pk,
            goal_cards=10,
            due_at=now + dt.timedelta(days=9),
        ),
    ]
    if exercise is not None:
        assignments.append(
            assignment_create(
                classroom=classroom, target_type="exercise", target_id=exercise.pk, due_at=now + dt.timedelta(days=12)
            )
        )
    # A submitted attempt (results page) and an open one (the taking page).
    attempt, _created = attempt_start(quiz=quiz, student=student)
    responses = right_answers(attempt)[:-2]
    attempt_submit(attempt_id=attempt.pk, student=student, responses=responses)
    open_attempt, _created = attempt_start(quiz=quiz, student=student)
    # Cards reviewed (stats page has data; the review page still has due cards).
    cards = list(Flashcard.objects.filter(document=document).order_by("pk")[:4])
    for card in cards:
        card_review(student=student, card=card, rating="good")
    AssignmentGrade.objects.create(
        assignment=assignments[1],
        student=student,
        grade_override=90,
        comment="Tốt, xem lại câu ghép cặp.",
        updated_by=teacher,
    )
    run = run_create(owner=student, kind="file_distribution", params={"peers": 20, "chunks": 32})
    run_execute(run_id=run.pk)
    assert CardState.objects.filter(student=student).exists()
    return {
        "teacher": teacher,
        "student": student,
        "document": document,
        "quiz": quiz,
        "lesson": lesson,
        "classroom": classroom,
        "assignments": assignments,
        "attempt": attempt,
        "open_attempt": open_attempt,
        "run": run,
        "exercise": exercise,
    }


def student_pages(d) -> list[tuple[str, str]]:
    pages = [
        ("home", "/"),
        ("documents", "/documents/"),
        ("document", f"/documents/{d['document'].slug}/"),
        ("lesson", f"/lessons/{d['lesson'].pk}/"),
        ("quizzes", "/quizzes/"),
        ("quiz", f"/quizzes/{d['quiz'].pk}/"),
        ("quiz-taking", f"/attempts/{d['open_attempt'].pk}/"),
        ("quiz-result", f"/attempts/{d['attempt'].pk}/result/"),
        ("flashcards-review", "/flashcards/"),
        ("flashcards-stats", "/flashcards/stats/"),
        ("flashcards-settings", "/flashcards/settings/"),
        ("simulations", "/simulations/"),
        ("simulation-form", "/simulations/file_distribution/"),
        ("simulation-run", f"/simulations/runs/{d['run'].pk}/"),
        ("exercises", "/simulations/exercises/"),
        ("dashboard", "/dashboard/"),
        ("dashboard-activity", "/dashboard/activity/"),
        ("student-classes", "/classes/"),
        ("student-class", f"/classes/{d['classroom'].pk}/"),
        ("join", "/classes/join/"),
        ("account", "/accounts/settings/"),
        ("password-change", "/accounts/password/change/"),
        ("forbidden", "/documents/import/"),
    ]
    if d["exercise"] is not None:
        pages.append(("exercise", f"/simulations/exercises/{d['exercise'].pk}/"))
    return pages


def teacher_pages(d) -> list[tuple[str, str]]:
    c, s, a = d["classroom"].pk, d["student"].pk, d["assignments"][1].pk
    return [
        ("classes", "/classes/"),
        ("class-detail", f"/classes/{c}/"),
        ("gradebook", f"/classes/{c}/gradebook/"),
        ("grade-edit", f"/classes/{c}/gradebook/{a}/{s}/"),
        ("assignment-edit", f"/classes/{c}/assignments/{a}/edit/"),
        ("mastery", f"/classes/{c}/mastery/"),
        ("class-student", f"/classes/{c}/students/{s}/"),
        ("import", "/documents/import/"),
        ("question-bank", f"/documents/{d['document'].slug}/questions/"),
        ("quiz-statistics", f"/quizzes/{d['quiz'].pk}/statistics/"),
        ("teacher-simulations", "/simulations/"),
        ("not-found", "/classes/999999/"),
    ]


def visitor_pages() -> list[tuple[str, str]]:
    return [
        ("login", "/accounts/login/"),
        ("signup", "/accounts/signup/"),
        ("password-reset", "/accounts/password/reset/"),
        ("lti-error", "/lti/login/"),
    ]


def scan(browser, live_server, axe_path, role: str, pages, credentials=None) -> tuple[list[str], list[str]]:
    problems, notes = [], []
    for width in WIDTHS:
        context = browser.new_context(viewport={"width": width, "height": 900}, locale="vi-VN")
        page = context.new_page()
        page.set_default_timeout(15000)
        if credentials:
            login(page, live_server, *credentials)
        for name, path in pages:
            response = page.goto(f"{live_server.url}{path}")
            page.wait_for_load_state("networkidle")
            expected = EXPECTED_STATUS.get(name, 200)
            if response.status != expected:
                problems.append(f"{role} {name} @{width}: HTTP {response.status}, expected {expected}")
            for violation in axe_violations(page, axe_path):
                line = (
                    f"{role} {name} @{width}: {violation['id']} ({violation['impact']}) "
                    f"{violation['help']} {violation['nodes']}"
                )
                (problems if violation["impact"] in BLOCKING else notes).append(line)
            if width == 390 and name == "gradebook":
                problems += sticky_column_problems(page, "#gradebook")
            if width == 390:
                overflow = sideways_overflow(page)
                if overflow:
                    problems.append(f"{role} {name} @390 scrolls sideways: {json.dumps(overflow, ensure_ascii=False)}")
            screenshot(page, f"a11y-{role}-{name}-{width}")
        context.close()
    return problems, notes


@pytest.mark.django_db(transaction=True)
def test_every_page_passes_axe_and_fits_a_phone(browser, live_server, axe_source):
    data = build_classroom()
    problems, notes = [], []
    for role, pages, credentials in (
        ("visitor", visitor_pages(), None),
        ("student", student_pages(data), ("an.tran", PASSWORD)),
        ("teacher", teacher_pages(data), ("co.lan", PASSWORD)),
    ):
        found, minor = scan(browser, live_server, axe_source, role, pages, credentials)
        problems += found
        notes += minor
    if notes:
        print("moderate/minor axe findings:\n" + "\n".join(notes))
    assert not problems, "\n".join(problems)


# --- Keyboard only ---------------------------------------------------------------------------------------------

FOCUS_INFO = """() => {
    const el = document.activeElement;
    if (!el || el === document.body) return null;
    let node = el, visible = false;
    for (let i = 0; node && i < 4 && !visible; i++, node = node.parentElement) {
        const s = getComputedStyle(node);
        visible = (s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 2) || s.boxShadow !== 'none';
    }
    const fieldset = el.closest('fieldset.question');
    return {tag: el.tagName.toLowerCase(), type: el.type || '', name: el.name || '', id: el.id || '',
            cls: typeof el.className === 'string' ? el.className : '', visible: visible,
            question: fieldset ? fieldset.dataset.question : null};
}"""


def tab_to(page, predicate, limit=400) -> dict:
    """Press Tab until the focused element matches; every element passed on the way must show its focus."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        info = page.evaluate(FOCUS_INFO)
        if info is None:
            continue
        assert info["visible"], f"no visible focus on {info}"
        if predicate(info):
            return info
    raise AssertionError("the element was never reached with Tab")


def student_page(browser, live_server, width=1280):
    context = browser.new_context(viewport={"width": width, "height": 900}, locale="vi-VN")
    page = context.new_page()
    page.set_default_timeout(15000)
    login(page, live_server, "an.tran", PASSWORD)
    return context, page


@pytest.mark.django_db(transaction=True)
def test_a_quiz_is_taken_and_submitted_with_the_keyboard_alone(browser, live_server):
    from learning.models import Attempt
    from learning.services.attempts import attempt_start
    from tests.factories import StudentFactory
    from tests.factories_quizzes import full_quiz, seed_document

    student = StudentFactory(username="an.tran")
    attempt, _created = attempt_start(quiz=full_quiz(seed_document()), student=student)
    context, page = student_page(browser, live_server)
    page.goto(f"{live_server.url}/attempts/{attempt.pk}/")
    page.wait_for_load_state("networkidle")
    answered = set()
    for _ in range(600):
        info = tab_to(page, lambda i: i["question"] is not None or i["id"] == "submit-attempt")
        if info["id"] == "submit-attempt":
            break
        if info["type"] in ("radio", "checkbox") and info["question"] not in answered:
            page.keyboard.press("Space")
            answered.add(info["question"])
        elif info["type"] == "text" and info["question"] not in answered:
            page.keyboard.type("máy chủ")
            answered.add(info["question"])
    assert len(answered) >= len(attempt.question_ids) // 2
    screenshot(page, "a11y-keyboard-quiz")
    page.keyboard.press("Enter")
    # Matching questions were left open: the summary of unanswered questions comes first, then "submit anyway".
    if not page.url.endswith("/result/"):
        page.wait_for_selector("#unanswered-summary:not([hidden])", timeout=5000)
        screenshot(page, "a11y-keyboard-quiz-unanswered")
        tab_to(page, lambda i: i["id"] == "submit-anyway", limit=50)
        page.keyboard.press("Enter")
    page.wait_for_url("**/result/**")
    attempt = Attempt.objects.get(pk=attempt.pk)
    assert attempt.submitted_at is not None and attempt.score is not None
    context.close()


@pytest.mark.django_db(transaction=True)
def test_a_flashcard_session_runs_on_the_keyboard_alone(browser, live_server):
    from learning.models import ReviewLog
    from tests.factories import StudentFactory
    from tests.factories_quizzes import seed_document

    seed_document()
    StudentFactory(username="an.tran")
    context, page = student_page(browser, live_server)
    page.goto(f"{live_server.url}/flashcards/")
    page.wait_for_load_state("networkidle")
    for n in range(1, 4):
        tab_to(page, lambda i: "fc-flip" in i["cls"])
        page.keyboard.press("Enter")
        page.wait_for_selector(".fc-rate:not([hidden])")
        tab_to(page, lambda i: "fc-good" in i["cls"], limit=20)
        page.keyboard.press("Enter")
        deadline = time.monotonic() + 10
        while ReviewLog.objects.filter(student__username="an.tran").count() < n and time.monotonic() < deadline:
            time.sleep(0.05)
        assert ReviewLog.objects.filter(student__username="an.tran").count() == n
        page.wait_for_selector(".fc-flip:not([hidden])")  # the next card, swapped in by htmx
    screenshot(page, "a11y-keyboard-flashcards")
    context.close()


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_a_simulation_is_run_and_read_with_the_keyboard_alone(browser, live_server, django_db_blocker):
    from simulator.models import SimulationRun
    from tests.celery_worker import running_worker
    from tests.factories import StudentFactory

    StudentFactory(username="an.tran")
    context, page = student_page(browser, live_server)
    page.goto(f"{live_server.url}/simulations/file_distribution/")
    tab_to(page, lambda i: i["name"] == "peers")
    page.keyboard.press("Control+A")
    page.keyboard.type("20")
    with running_worker(django_db_blocker):
        tab_to(page, lambda i: i["tag"] == "button" and i["type"] == "submit", limit=60)
        page.keyboard.press("Enter")
        page.wait_for_selector("[data-status=succeeded]", timeout=60000)
    assert SimulationRun.objects.get().params["peers"] == 20
    # The chart's data table is a keyboard-reachable scroll region (its text alternative).
    info = tab_to(page, lambda i: i["tag"] == "div" and "sim-table-wrap" in i["cls"])
    assert info["visible"]
    screenshot(page, "a11y-keyboard-simulation")
    context.close()
