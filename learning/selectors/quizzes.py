"""Reads on differences, quizzes, attempts and their statistics, scoped to the user.

`attempt_questions` is the only shape a student sees before submitting: it never carries a key.
"""

from __future__ import annotations

import math
from statistics import mean

from django.db.models import Count, Max, Prefetch, Q, QuerySet
from django.http import Http404

from learning.models import Answer, Attempt, Difference, Document, Question, Quiz, Statement, User
from learning.selectors.documents import documents_for


def can_edit_bank(user: User, document: Document) -> bool:
    return user.is_authenticated and user.is_teacher and document.created_by_id in (None, user.pk)


def document_differences(document: Document) -> QuerySet[Difference]:
    return document.differences.order_by("position", "pk").prefetch_related(
        Prefetch("statements", queryset=Statement.objects.order_by("position", "pk"))
    )


def quizzes_for(user: User, document_slug: str | None = None) -> QuerySet[Quiz]:
    visible = Q(published=True)
    if user.is_authenticated and user.is_teacher:
        visible |= Q(document__created_by=user) | Q(document__created_by__isnull=True)
    quizzes = Quiz.objects.filter(visible, document__in=documents_for(user)).select_related("document")
    if document_slug:
        quizzes = quizzes.filter(document__slug=document_slug)
    return quizzes.annotate(
        question_total=Count("document__questions", filter=Q(document__questions__enabled=True), distinct=True)
    ).order_by("document__title", "mode", "pk")


def access_quiz_by_id(user: User, quiz_id: int) -> Quiz:
    quiz = quizzes_for(user).filter(pk=quiz_id).first()
    if quiz is None:
        raise Http404("No such quiz.")
    return quiz


def access_attempt_by_id(user: User, attempt_id: int) -> Attempt:
    """The user's own attempt; anyone else's is 404 like a missing one."""
    attempt = Attempt.objects.select_related("quiz", "quiz__document").filter(pk=attempt_id, student_id=user.pk).first()
    if attempt is None:
        raise Http404("No such attempt.")
    return attempt


def access_question_by_id(user: User, question_id: int) -> Question:
    question = Question.objects.select_related("document").filter(pk=question_id).first()
    if question is None or not can_edit_bank(user, question.document):
        raise Http404("No such question.")
    return question


def attempts_of(user: User, quiz: Quiz) -> QuerySet[Attempt]:
    return Attempt.objects.filter(quiz=quiz, student_id=user.pk).order_by("-number")


def quiz_summary_for(user: User, quiz: Quiz) -> dict:
    """How many attempts the student used, and their best score."""
    stats = attempts_of(user, quiz).aggregate(used=Count("pk"), best=Max("score"))
    remaining = None if not quiz.attempts_allowed else max(0, quiz.attempts_allowed - stats["used"])
    return {**stats, "remaining": remaining}


def _ordered(entries: list[dict], order: list[str] | None) -> list[dict]:
    if not order:
        return [{"id": e["id"], "text": e["text"]} for e in entries]
    by_id = {e["id"]: e for e in entries}
    return [{"id": i, "text": by_id[i]["text"]} for i in order if i in by_id]


def attempt_questions(attempt: Attempt) -> list[dict]:
    """The attempt's questions in its own order, with choices in its own order. No answer keys."""
    questions = Question.objects.in_bulk(attempt.question_ids)
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


def attempt_results(attempt: Attempt) -> list[dict]:
    """Per question: the answer given, whether right, the key, explanation and source (after grading)."""
    answers = {a.question_id: a for a in attempt.answers.all()}
    questions = Question.objects.select_related("lesson").in_bulk(attempt.question_ids)
    results = []
    for shown in attempt_questions(attempt):
        q, a = questions[shown["id"]], answers.get(shown["id"])
        if a is None:
            continue
        results.append(
            {
                **shown,
                "question": q.pk,
                "answer": a.answer,
                "correct": a.correct,
                "score": a.score,
                "expected": q.answer,
                "explanation": q.explanation,
                "source": q.source,
                "lesson": q.lesson_id,
            }
        )
    return results


def _pearson(xs: list[float], ys: list[float]) -> float | None:
    if len(xs) < 2:
        return None
    mx, my = mean(xs), mean(ys)
    sxy = sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True))
    sxx = sum((x - mx) ** 2 for x in xs)
    syy = sum((y - my) ** 2 for y in ys)
    if sxx == 0 or syy == 0:
        return None
    return sxy / math.sqrt(sxx * syy)


def quiz_statistics(quiz: Quiz, teacher: User) -> dict:
    """Per question, over the submitted attempts of this teacher's students (Moodle's definitions):

    facility index = mean score on the question as a percentage of its maximum;
    discrimination index = 100 x correlation between the question's score and the rest of the test
    (the attempt's score without this question). None when fewer than two attempts or no variance.
    """
    attempts = list(
        Attempt.objects.filter(
            quiz=quiz, submitted_at__isnull=False, student__memberships__classroom__teacher=teacher
        ).distinct()
    )
    per_question: dict[int, list[tuple[float, float]]] = {}
    answers = Answer.objects.filter(attempt__in=attempts).values_list("attempt_id", "question_id", "score").order_by()
    totals = {a.pk: a.score or 0.0 for a in attempts}
    for attempt_id, question_id, score in answers:
        per_question.setdefault(question_id, []).append((score, totals[attempt_id] - score))
    rows = []
    for q in quiz.document.questions.filter(pk__in=per_question.keys()).order_by("position", "pk"):
        pairs = per_question[q.pk]
        scores = [s for s, _ in pairs]
        r = _pearson(scores, [rest for _, rest in pairs])
        rows.append(
            {
                "question": q.pk,
                "type": q.type,
                "prompt": q.prompt,
                "attempts": len(pairs),
                "facility_index": round(100 * mean(scores), 1),
                "discrimination_index": None if r is None else round(100 * r, 1),
            }
        )
    return {
        "quiz": quiz.pk,
        "attempts": len(attempts),
        "mean_score": round(mean([a.score or 0 for a in attempts]), 2) if attempts else None,
        "questions": rows,
    }
