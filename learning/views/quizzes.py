"""Browser pages: quizzes, taking an attempt (htmx, keyboard accessible, timer), results, the teacher's
question bank and per-question statistics. Thin: services and selectors do the work."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from learning.access import (
    access_attempt_as_teacher,
    access_attempt_by_id,
    access_quiz_by_id,
    document_editable_by,
    quizzes_for,
)
from learning.content.answers import answer_texts
from learning.forms import form_add_service_errors
from learning.forms.quizzes import OverrideForm, QuizSettingsForm, responses_from_form
from learning.models import Attempt, Quiz
from learning.roles import TEACHER, role_required
from learning.selectors.quizzes import (
    FULL_REVIEW,
    attempt_answer_times,
    attempt_questions,
    attempt_results,
    attempts_of,
    quiz_policy_for,
    quiz_statistics,
    quiz_summaries_for,
    quiz_summary_for,
    review_for,
    saved_answers_of,
    teacher_attempt_for_assignment,
)
from learning.services.attempts import (
    SUBMIT_GRACE,
    AttemptAlreadySubmitted,
    QuizClosed,
    QuizConflict,
    answer_override,
    attempt_answer_check,
    attempt_start,
    attempt_submit,
    attempts_close_overdue,
)
from learning.services.quizzes import (
    quiz_settings_update,
)

# --------------------------------------------------------------------------- helpers


def _texts(result: dict, value) -> list[str]:
    """An answer (or key) as the texts the student saw."""
    return answer_texts(result["type"], result["choices"], result.get("items"), value)


def _display(results: list[dict]) -> list[dict]:
    return [{**r, "answer_texts": _texts(r, r["answer"]), "expected_texts": _texts(r, r["expected"])} for r in results]


def _mark_given(q: dict, answer) -> dict:
    """Tick, select and fill the question's inputs with `answer` (saved, or locked by a check)."""
    if q["type"] == "matching":
        pairs = answer if isinstance(answer, dict) else {}
        q["items"] = [{**i, "selected": pairs.get(i["id"], "")} for i in q["items"]]
    elif q["type"] == "cloze":
        q["value"] = answer if isinstance(answer, str) else ""
    else:
        picked = set(answer) if isinstance(answer, list) else {answer}
        q["choices"] = [{**c, "selected": c["id"] in picked} for c in q["choices"]]
    q["answered"] = answer not in (None, "", [], {})
    return q


def _expired(attempt: Attempt) -> bool:
    return bool(
        attempt.deadline_at and not attempt.submitted_at and timezone.now() > attempt.deadline_at + SUBMIT_GRACE
    )


def _error_text(error: ValidationError) -> str:
    if hasattr(error, "message_dict"):
        return " ".join(m for messages_ in error.message_dict.values() for m in messages_)
    return " ".join(error.messages)


# --------------------------------------------------------------------------- students


@login_required
def quiz_list(request):
    slug = request.GET.get("document") or None
    quizzes = list(quizzes_for(request.user, slug))
    summaries = quiz_summaries_for(request.user, quizzes) if request.user.is_student else {}
    for quiz in quizzes:
        quiz.summary = summaries.get(quiz.pk)
    return render(request, "quizzes/quiz_list.html", {"quizzes": quizzes, "document_slug": slug})


def _settings_initial(quiz: Quiz) -> dict:
    return {
        "attempts_allowed": quiz.attempts_allowed,
        "closes_at": timezone.localtime(quiz.closes_at) if quiz.closes_at else None,
        "review_score": quiz.review_score,
        "review_answers": quiz.review_answers,
        "review_explanations": quiz.review_explanations,
        "time_limit_minutes": quiz.time_limit_seconds // 60 if quiz.time_limit_seconds else None,
        "question_count": quiz.question_count,
        "shuffle_questions": quiz.shuffle_questions,
        "shuffle_choices": quiz.shuffle_choices,
        "feedback": quiz.feedback,
        "published": quiz.published,
    }


@login_required
def quiz_page(request, pk: int):
    quiz = access_quiz_by_id(request.user, pk)
    editable = document_editable_by(request.user, quiz.document)
    form = None
    if editable:
        form = QuizSettingsForm(request.POST or None, initial=_settings_initial(quiz))
        if request.method == "POST" and form.is_valid():
            data = form.cleaned_data
            try:
                quiz_settings_update(
                    quiz=quiz,
                    teacher=request.user,
                    attempts_allowed=data["attempts_allowed"],
                    time_limit_seconds=data["time_limit_minutes"] * 60 if data["time_limit_minutes"] else None,
                    shuffle_questions=data["shuffle_questions"],
                    shuffle_choices=data["shuffle_choices"],
                    feedback=data["feedback"],
                    question_count=data["question_count"],
                    published=data["published"],
                    review_score=data["review_score"] or None,
                    review_answers=data["review_answers"] or None,
                    review_explanations=data["review_explanations"] or None,
                    closes_at=data["closes_at"],
                )
            except ValidationError as error:
                form_add_service_errors(form, error)
            else:
                messages.success(request, _("Settings saved."))
                return redirect("quiz", pk=quiz.pk)
    elif request.method == "POST":
        raise PermissionDenied
    if request.user.is_student:
        attempts_close_overdue(student=request.user, quiz=quiz)  # the student's visit grades timed-out attempts
    context = {
        "quiz": quiz,
        "form": form,
        "editable": editable,
        "attempts": [setattr(a, "expired", _expired(a)) or a for a in attempts_of(request.user, quiz)]
        if request.user.is_student
        else [],
        "summary": quiz_summary_for(request.user, quiz) if request.user.is_student else None,
    }
    return render(request, "quizzes/quiz_detail.html", context, status=400 if form and form.errors else 200)


@login_required
@require_POST
def quiz_start(request, pk: int):
    quiz = access_quiz_by_id(request.user, pk, question_total=False)
    try:
        attempt, _created = attempt_start(quiz=quiz, student=request.user)
    except PermissionDenied:
        messages.error(request, _("Only students take quizzes."))
        return redirect("quiz", pk=quiz.pk)
    except QuizClosed:
        messages.error(request, _("This quiz is closed."))
        return redirect("quiz", pk=quiz.pk)
    except QuizConflict:
        messages.error(request, _("You have used every attempt this quiz allows."))
        return redirect("quiz", pk=quiz.pk)
    except ValidationError:
        messages.error(request, _("This quiz has no questions yet."))
        return redirect("quiz", pk=quiz.pk)
    return redirect("attempt", pk=attempt.pk)


@login_required
def attempt_page(request, pk: int):
    access_attempt_by_id(request.user, pk)  # 404 before any write for anyone else's attempt
    if attempts_close_overdue(student=request.user):
        messages.info(request, _("Time ran out: your attempt was graded from the answers saved before the limit."))
    attempt = access_attempt_by_id(request.user, pk)
    if attempt.submitted_at:
        return redirect("attempt-result", pk=attempt.pk)
    checked = {}
    if attempt.quiz.feedback == Quiz.Feedback.IMMEDIATE:
        review = review_for(attempt.quiz, quiz_policy_for(request.user, attempt.quiz))
        checked = {r["question"]: r for r in _display(attempt_results(attempt, review))}
    saved = saved_answers_of(attempt)
    questions = attempt_questions(attempt)
    for number, q in enumerate(questions, start=1):
        q["number"] = number
        q["checked"] = checked.get(q["id"])
        _mark_given(q, q["checked"]["answer"] if q["checked"] else saved.get(q["id"]))
    return render(request, "quizzes/attempt.html", {"attempt": attempt, "quiz": attempt.quiz, "questions": questions})


@login_required
@require_POST
def attempt_check(request, pk: int, question_id: int):
    """htmx: immediate feedback on one question; the answer is then locked."""
    attempt = access_attempt_by_id(request.user, pk)
    shown = next((q for q in attempt_questions(attempt) if q["id"] == question_id), None)
    if shown is None:
        raise Http404("No such question in this attempt.")
    response = responses_from_form(request.POST, [shown])[0]
    status = 200
    try:
        attempt_answer_check(
            attempt_id=attempt.pk, student=request.user, question_id=question_id, answer=response["answer"]
        )
    except (ValidationError, PermissionDenied, QuizConflict):
        status = 400
    review = review_for(attempt.quiz, quiz_policy_for(request.user, attempt.quiz))
    result = next((r for r in _display(attempt_results(attempt, review)) if r["question"] == question_id), None)
    shown["number"] = attempt.question_ids.index(question_id) + 1
    shown["checked"] = result
    _mark_given(shown, result["answer"] if result else response["answer"])
    return render(
        request, "quizzes/_question.html", {"q": shown, "attempt": attempt, "quiz": attempt.quiz}, status=status
    )


@login_required
@require_POST
def attempt_submit_page(request, pk: int):
    attempt = access_attempt_by_id(request.user, pk)
    questions = attempt_questions(attempt)
    checked = set(attempt.answers.values_list("question_id", flat=True))
    responses = [r for r in responses_from_form(request.POST, questions) if r["question"] not in checked]
    try:
        submitted = attempt_submit(attempt_id=attempt.pk, student=request.user, responses=responses)
    except AttemptAlreadySubmitted:
        messages.info(request, _("This attempt had already been submitted."))
    except (ValidationError, Attempt.DoesNotExist) as error:
        messages.error(request, _("Some answers could not be read: %(why)s") % {"why": _error_text(error)})
        response = attempt_page(request, pk)
        response.status_code = 400
        return response
    else:
        if submitted.late:
            messages.info(request, _("Time ran out: your attempt was graded from the answers saved before the limit."))
    return redirect("attempt-result", pk=attempt.pk)


@login_required
def attempt_result(request, pk: int):
    attempt = access_attempt_by_id(request.user, pk)
    if not attempt.submitted_at:
        return redirect("attempt", pk=attempt.pk)
    summary = quiz_summary_for(request.user, attempt.quiz)
    review = review_for(attempt.quiz, summary["policy"])
    results = _display(attempt_results(attempt, review))
    for number, r in enumerate(results, start=1):
        r["number"] = number
    wrong = [r for r in results if r["score"] is not None and r["score"] < 1]
    only_wrong = request.GET.get("show") == "wrong" and review.score
    percent = round(100 * attempt.score / attempt.max_score) if attempt.max_score else 0
    return render(
        request,
        "quizzes/result.html",
        {
            "attempt": attempt,
            "quiz": attempt.quiz,
            "results": wrong if only_wrong else results,
            "total": len(results),
            "wrong_count": len(wrong),
            "only_wrong": only_wrong,
            "percent": percent,
            "summary": summary,
            "review": review,
            "policy": summary["policy"],
        },
    )


# --------------------------------------------------------------------------- teachers: attempts


@login_required
def attempt_review_page(request, pk: int):
    """A teacher opens one attempt of a student in their class: every answer, right or wrong, the time
    taken, and an override per question (404 for anyone else)."""
    attempt = access_attempt_as_teacher(request.user, pk)
    results = _display(attempt_results(attempt, FULL_REVIEW)) if attempt.submitted_at else []
    times = attempt_answer_times(attempt)
    for number, r in enumerate(results, start=1):
        r["number"] = number
        r["seconds"] = times.get(r["question"])
        r["form"] = OverrideForm(
            initial={"score": r["score"] if r["overridden"] else None, "comment": r["override_comment"]},
            prefix=f"q{r['question']}",
        )
    taken = (attempt.submitted_at - attempt.started_at).total_seconds() if attempt.submitted_at else None
    return render(
        request,
        "quizzes/attempt_review.html",
        {"attempt": attempt, "quiz": attempt.quiz, "student": attempt.student, "results": results, "taken": taken},
    )


@login_required
@require_POST
def attempt_override(request, pk: int, question_id: int):
    attempt = access_attempt_as_teacher(request.user, pk)
    form = OverrideForm(request.POST, prefix=f"q{question_id}")
    if form.is_valid():
        try:
            answer_override(
                attempt=attempt,
                question_id=question_id,
                teacher=request.user,
                score=form.cleaned_data["score"],
                comment=form.cleaned_data["comment"],
            )
        except (ValidationError, QuizConflict) as error:
            text = _error_text(error) if isinstance(error, ValidationError) else str(error)
            messages.error(request, _("The override was not saved: %(why)s") % {"why": text})
        else:
            messages.success(request, _("Override saved; the total and the LMS grade are updated."))
    else:
        why = " ".join(m for errors in form.errors.values() for m in errors)
        messages.error(request, _("The override was not saved: %(why)s") % {"why": why})
    return redirect(f"{reverse('attempt-review', args=[attempt.pk])}#result-{question_id}")


@login_required
def assignment_attempt_open(request, pk: int, assignment_id: int, student_id: int):
    """From a gradebook cell: the student's best attempt of the assigned quiz, or else the student's page."""
    attempt = teacher_attempt_for_assignment(
        request.user, classroom_id=pk, assignment_id=assignment_id, student_id=student_id
    )
    if attempt is None:
        return redirect(f"{reverse('class-student', args=[pk, student_id])}#attempts")
    return redirect("attempt-review", pk=attempt.pk)


@role_required(TEACHER)
def quiz_statistics_page(request, pk: int):
    quiz = access_quiz_by_id(request.user, pk)
    return render(request, "quizzes/statistics.html", {"quiz": quiz, "stats": quiz_statistics(quiz, request.user)})
