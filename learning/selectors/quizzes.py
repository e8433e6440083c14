"""Reads on quizzes and attempts, scoped to the user (which quiz, attempt or question a user reaches, and
`quizzes_for`, are in learning.access).

`attempt_questions` is the only shape a student sees before submitting: it never carries a key.

Banks live in quiz_banks, attempt limits and review stages in quiz_policy, teachers' item analysis in
quiz_statistics; their names are re-exported here so callers keep one import.
"""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404

from learning.models import (
    Answer,
    Assignment,
    Attempt,
    Membership,
    Question,
    Quiz,
    SavedAnswer,
    User,
)
from learning.selectors.quiz_banks import (
    QUESTION_BANK_SECONDS,
    attempt_bank,
    document_differences,
    question_bank,
    question_bank_forget,
)
from learning.selectors.quiz_policy import (
    FULL_REVIEW,
    GRADED_ATTEMPTS,
    QuizPolicy,
    Review,
    assignment_policy_annotations,
    attempt_review_for,
    quiz_policy_for,
    quiz_summaries_for,
    quiz_summary_for,
    review_for,
)
from learning.selectors.quiz_statistics import choice_counts, quiz_statistics

__all__ = [
    "FULL_REVIEW",
    "GRADED_ATTEMPTS",
    "QUESTION_BANK_SECONDS",
    "QuizPolicy",
    "Review",
    "assignment_policy_annotations",
    "attempt_answer_times",
    "attempt_bank",
    "attempt_questions",
    "attempt_results",
    "attempt_review_for",
    "attempts_of",
    "attempts_of_student",
    "choice_counts",
    "document_differences",
    "picked_reasons",
    "question_bank",
    "question_bank_forget",
    "quiz_policy_for",
    "quiz_statistics",
    "quiz_summaries_for",
    "quiz_summary_for",
    "review_for",
    "saved_answers_of",
    "teacher_attempt_for_assignment",
]


def teacher_attempt_for_assignment(
    user: User, *, classroom_id: int, assignment_id: int, student_id: int
) -> Attempt | None:
    """The attempt a gradebook cell opens: the student's best submitted attempt of the assigned quiz (else
    their latest), or None when the cell is not a quiz or has none. 404 unless `user` teaches the class
    and the student is in it."""
    assignment = Assignment.objects.filter(
        pk=assignment_id, classroom_id=classroom_id, classroom__teacher_id=user.pk
    ).first()
    member = Membership.objects.filter(classroom_id=classroom_id, student_id=student_id).exists()
    if assignment is None or not member or not user.is_teacher:
        raise Http404("No such assignment.")
    if assignment.target_type != Assignment.TargetType.QUIZ:
        return None
    attempts = Attempt.objects.filter(student_id=student_id, quiz_id=assignment.target_id)
    return (
        attempts.filter(submitted_at__isnull=False).order_by("-score", "number").first()
        or attempts.order_by("-number").first()
    )


def attempt_answer_times(attempt: Attempt) -> dict[int, float]:
    """{question id: seconds from the attempt's start to the answer's last save (or its check)}."""
    times = {
        qid: (at - attempt.started_at).total_seconds()
        for qid, at in SavedAnswer.objects.filter(attempt=attempt).values_list("question_id", "saved_at")
    }
    for qid, at in attempt.answers.filter(answered_at__lt=attempt.submitted_at or attempt.started_at).values_list(
        "question_id", "answered_at"
    ):
        times[qid] = (at - attempt.started_at).total_seconds()  # checked one by one (immediate feedback)
    return times


def attempts_of_student(*, student: User) -> QuerySet[Attempt]:
    """Every attempt of one student (for their teacher's pages), newest first."""
    return Attempt.objects.filter(student=student).select_related("quiz").order_by("-started_at")


def attempts_of(user: User, quiz: Quiz) -> QuerySet[Attempt]:
    return Attempt.objects.filter(quiz=quiz, student_id=user.pk).order_by("-number")


def _ordered(entries: list[dict], order: list[str] | None) -> list[dict]:
    if not order:
        return [{"id": e["id"], "text": e["text"]} for e in entries]
    by_id = {e["id"]: e for e in entries}
    return [{"id": i, "text": by_id[i]["text"]} for i in order if i in by_id]


def attempt_questions(attempt: Attempt, questions: dict[int, Question] | None = None) -> list[dict]:
    """The attempt's questions in its own order, with choices in its own order. No answer keys."""
    questions = attempt_bank(attempt) if questions is None else questions
    shown = []
    for qid in attempt.question_ids:
        q = questions.get(qid)
        if q is None:
            continue
        order = attempt.choice_orders.get(str(qid), {})
        shown.append(
            {
                "id": q.pk,
                "type": q.type,
                "prompt": q.prompt,
                "choices": _ordered(q.choices, order.get("choices")),
                "items": _ordered(q.items, order.get("items")),
            }
        )
    return shown


def saved_answers_of(attempt: Attempt) -> dict[int, object]:
    """{question id: answer} saved so far (autosave) in an open attempt."""
    return dict(SavedAnswer.objects.filter(attempt=attempt).values_list("question_id", "answer"))


def attempt_results(attempt: Attempt, review: Review = FULL_REVIEW, answers: list[Answer] | None = None) -> list[dict]:
    """Per question: the answer given, whether right, the key, explanation and source (after grading).

    `review` hides what the student may not see yet: `expected` without answers, `explanation` and
    `source` without explanations, `correct` and the scores without the score (all None).
    A teacher's override replaces the score (`computed_score` keeps the graded one) and sets `correct`.
    """
    answers = {a.question_id: a for a in (attempt.answers.all() if answers is None else answers)}
    questions = attempt_bank(attempt)
    results = []
    for shown in attempt_questions(attempt, questions):
        q, a = questions[shown["id"]], answers.get(shown["id"])
        if a is None:
            continue
        final = a.final_score
        results.append(
            {
                **shown,
                "question": q.pk,
                "answer": a.answer,
                "correct": (final == 1.0) if review.score else None,
                "score": final if review.score else None,
                "computed_score": a.score if review.score else None,
                "overridden": a.override_score is not None,
                "override_comment": a.override_comment,
                "answered_at": a.answered_at,
                "expected": q.answer if review.answers else None,
                "why_wrong": picked_reasons(q, a.answer) if review.answers else None,
                "explanation": q.explanation if review.explanations else None,
                "source": q.source if review.explanations else None,
                "lesson": q.lesson_id,
            }
        )
    return results


def picked_reasons(question: Question, answer) -> list[dict]:
    """Why each wrong choice the answer picked is wrong: [{"choice", "kind", "text"}] from the question's
    distractor reasons (a key-revealing part: callers show it only with the right answers)."""
    reasons = question.distractor_reasons or {}
    if not reasons or question.type in (Question.Type.MATCHING, Question.Type.CLOZE):
        return []
    picked = answer if isinstance(answer, list) else [answer]
    key = question.answer if isinstance(question.answer, list) else [question.answer]
    return [
        {"choice": cid, "kind": reasons[cid].get("kind", ""), "text": reasons[cid].get("text", "")}
        for cid in picked
        if isinstance(cid, str) and cid in reasons and cid not in key
    ]
