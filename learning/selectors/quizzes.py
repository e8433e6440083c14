"""Reads on differences, quizzes, attempts and their statistics, scoped to the user.

`attempt_questions` is the only shape a student sees before submitting: it never carries a key.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass
from statistics import mean

from django.core.cache import cache
from django.db import transaction
from django.db.models import Count, Exists, Prefetch, Q, QuerySet, Subquery
from django.http import Http404
from django.utils import timezone

from learning.access import document_editable_by, documents_visible_to
from learning.models import (
    Answer,
    Assignment,
    Attempt,
    Difference,
    Document,
    Membership,
    Question,
    Quiz,
    SavedAnswer,
    Statement,
    User,
)

# Attempts of a quiz given as graded work when its settings keep the default (attempts_allowed is None).
# Two: one retry forgives a bad start, while trial and error over the choices (the score shows which
# questions were wrong) is not worth it. Canvas defaults graded quizzes to one attempt, Moodle teachers
# commonly allow one to three; with autosave a crash no longer costs an attempt.
GRADED_ATTEMPTS = 2

QUESTION_BANK_SECONDS = 24 * 3600


def _bank_key(document_id: int) -> str:
    return f"question-bank:v1:{document_id}"


def question_bank(document: Document) -> dict[int, Question]:
    """Every question of the document (enabled or not, in bank order) by id: what every student reads
    the same, so it is cached. The entry carries the document's source hash and `updated_at` (a re-import
    reads afresh) and is dropped whenever one of its questions is saved or deleted (`question_bank_forget`,
    connected in learning.apps), so an edited key grades at once. No query when cached."""
    stamp = (document.source_sha256, document.updated_at.isoformat() if document.updated_at else "")
    cached = cache.get(_bank_key(document.pk))
    if cached is not None and cached[0] == stamp:
        return cached[1]
    questions = {q.pk: q for q in Question.objects.filter(document_id=document.pk).order_by("position", "pk")}
    cache.set(_bank_key(document.pk), (stamp, questions), QUESTION_BANK_SECONDS)
    return questions


def question_bank_forget(sender=None, instance=None, **kwargs) -> None:
    """post_save / post_delete of a Question: drop its document's cached bank now and again at commit
    (a reader between the two would otherwise cache the rows as they were before the transaction)."""
    key = _bank_key(instance.document_id)
    cache.delete(key)
    transaction.on_commit(lambda: cache.delete(key))


def attempt_bank(attempt: Attempt) -> dict[int, Question]:
    """The questions of the attempt's document (cached); a question no longer in it is read directly."""
    bank = question_bank(attempt.quiz.document)
    missing = [qid for qid in attempt.question_ids if qid not in bank]
    if missing:
        bank = {**bank, **Question.objects.in_bulk(missing)}
    return bank


def document_differences(document: Document) -> QuerySet[Difference]:
    return document.differences.order_by("position", "pk").prefetch_related(
        Prefetch("statements", queryset=Statement.objects.order_by("position", "pk"))
    )


def quizzes_for(user: User, document_slug: str | None = None) -> QuerySet[Quiz]:
    visible = Q(published=True)
    if user.is_authenticated and user.is_staff:
        visible = Q()
    elif user.is_authenticated and user.is_teacher:
        visible |= Q(document__created_by=user)  # their own drafts; a site document's are staff's
    quizzes = (
        Quiz.objects.filter(visible, document__in=documents_visible_to(user))
        .select_related("document")
        .defer("document__source")
    )
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
    attempt = (
        Attempt.objects.select_related("quiz", "quiz__document")
        .defer("quiz__document__source")
        .filter(pk=attempt_id, student_id=user.pk)
        .first()
    )
    if attempt is None:
        raise Http404("No such attempt.")
    return attempt


def access_attempt_as_teacher(user: User, attempt_id: int) -> Attempt:
    """An attempt of a student in one of the classes `user` teaches; 404 for anyone else."""
    attempt = None
    if user.is_authenticated and user.is_teacher:
        taught = Membership.objects.filter(classroom__teacher=user).values("student_id")
        attempt = (
            Attempt.objects.select_related("quiz", "quiz__document", "student")
            .filter(pk=attempt_id, student_id__in=taught)
            .first()
        )
    if attempt is None:
        raise Http404("No such attempt.")
    return attempt


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


def access_question_by_id(user: User, question_id: int) -> Question:
    question = Question.objects.select_related("document").filter(pk=question_id).first()
    if question is None or not document_editable_by(user, question.document):
        raise Http404("No such question.")
    return question


def attempts_of(user: User, quiz: Quiz) -> QuerySet[Attempt]:
    return Attempt.objects.filter(quiz=quiz, student_id=user.pk).order_by("-number")


@dataclass(frozen=True)
class QuizPolicy:
    """The rules one student's attempts of one quiz follow now (attempt limit, review stages)."""

    graded: bool  # assigned to the student, or the quiz has a close date
    attempts_limit: int | None  # None: unlimited
    used: int  # attempts started
    open_attempt: bool
    reveal_at: dt.datetime | None  # the date "after the due date" waits for
    closed: bool  # "after the due date" reached

    @property
    def remaining(self) -> int | None:
        return None if self.attempts_limit is None else max(0, self.attempts_limit - self.used)

    @property
    def finished(self) -> bool:
        """No attempt left and none open: "after the last attempt" reached."""
        return self.attempts_limit is not None and self.used >= self.attempts_limit and not self.open_attempt

    def shows(self, when: str) -> bool:
        if when == Quiz.Review.IMMEDIATELY:
            return True
        if when == Quiz.Review.AFTER_LAST_ATTEMPT:
            return self.closed or self.finished
        if when == Quiz.Review.AFTER_DUE:
            return self.closed
        return False


@dataclass(frozen=True)
class Review:
    """Which parts of a submitted attempt its student may see now."""

    score: bool = True
    answers: bool = True
    explanations: bool = True


FULL_REVIEW = Review()


def assignment_policy_annotations(student_id, quiz_id) -> dict:
    """Annotations that give quiz_policy_for its assignment inputs inside another query (the attempt's
    locked read at submit): whether the quiz is assigned to one of the student's classes, the latest due
    date and whether any allows late work. `student_id`/`quiz_id`: values or OuterRef()s."""
    assigned = Assignment.objects.filter(
        target_type=Assignment.TargetType.QUIZ, target_id=quiz_id, classroom__memberships__student_id=student_id
    )
    return {
        "policy_due": Subquery(assigned.order_by("-due_at").values("due_at")[:1]),
        "policy_late": Exists(assigned.filter(late_allowed=True)),
    }


def quiz_policy_for(
    user: User,
    quiz: Quiz,
    now: dt.datetime | None = None,
    *,
    attempts: tuple[int, bool] | None = None,
    assigned: tuple[dt.datetime | None, bool] | None = None,
) -> QuizPolicy:
    """Attempt limit and review stage of `quiz` for student `user`. 2 queries, none when the caller
    already knows the student's `attempts` of the quiz as (started, one is open) and the `assigned`
    inputs as (latest due date or None, late work allowed) (assignment_policy_annotations).

    Graded work: the quiz is assigned to one of the student's classes, or it has a close date. Its
    "due date" is the latest of those dates. Before it, parts set to "after the due date" stay hidden;
    when late work is allowed they stay hidden while the student may still start an attempt (a late
    attempt after seeing the key would game the grade). A quiz that is not graded work is practice:
    nothing waits for a date.
    """
    now = now or timezone.now()
    if assigned is None:
        assigned = list(
            Assignment.objects.filter(
                target_type=Assignment.TargetType.QUIZ, target_id=quiz.pk, classroom__memberships__student_id=user.pk
            ).values_list("due_at", "late_allowed")
        )
    elif assigned[0] is None:
        assigned = []
    else:
        assigned = [assigned]  # the latest due date stands for all: only max(dates) and any(late) are read
    dates = [due for due, _ in assigned] + ([quiz.closes_at] if quiz.closes_at else [])
    graded = bool(dates)
    limit = quiz.attempts_allowed
    if limit is None:
        limit = GRADED_ATTEMPTS if graded else 0
    if attempts is None:
        stats = Attempt.objects.filter(quiz=quiz, student_id=user.pk).aggregate(
            used=Count("pk"), open=Count("pk", filter=Q(submitted_at__isnull=True))
        )
    else:
        stats = {"used": attempts[0], "open": attempts[1]}
    limit_or_none = limit or None
    reveal_at = max(dates) if dates else None
    late = any(late_allowed for _, late_allowed in assigned)
    may_start = limit_or_none is None or stats["used"] < limit_or_none
    closed = not graded or (now >= reveal_at and not (late and may_start) and not stats["open"])
    return QuizPolicy(
        graded=graded,
        attempts_limit=limit_or_none,
        used=stats["used"],
        open_attempt=bool(stats["open"]),
        reveal_at=reveal_at,
        closed=closed,
    )


def review_for(quiz: Quiz, policy: QuizPolicy) -> Review:
    return Review(
        score=policy.shows(quiz.review_score),
        answers=policy.shows(quiz.review_answers),
        explanations=policy.shows(quiz.review_explanations),
    )


def attempt_review_for(user: User, attempt: Attempt, *, attempts: tuple[int, bool] | None = None) -> Review:
    """What the attempt's own student may see of it now (a teacher sees everything: FULL_REVIEW).
    `attempts`: the student's (started, one is open) of the quiz when the caller knows them; an attempt
    read with assignment_policy_annotations brings the assignment inputs."""
    if attempt.student_id != user.pk:
        return FULL_REVIEW
    assigned = (attempt.policy_due, attempt.policy_late) if hasattr(attempt, "policy_due") else None
    return review_for(attempt.quiz, quiz_policy_for(user, attempt.quiz, attempts=attempts, assigned=assigned))


def quiz_summary_for(user: User, quiz: Quiz) -> dict:
    """Attempts used and left, and the best score with its maximum (None while scores are hidden). 3 queries."""
    return quiz_summaries_for(user, [quiz])[quiz.pk]


def quiz_summaries_for(user: User, quizzes: list[Quiz]) -> dict[int, dict]:
    """quiz_summary_for of each quiz, {quiz id: summary}, in 3 queries whatever the number of quizzes."""
    ids = [quiz.pk for quiz in quizzes]
    assigned: dict[int, tuple[dt.datetime | None, bool]] = {}
    for quiz_id, due, late in Assignment.objects.filter(
        target_type=Assignment.TargetType.QUIZ, target_id__in=ids, classroom__memberships__student_id=user.pk
    ).values_list("target_id", "due_at", "late_allowed"):
        latest, any_late = assigned.get(quiz_id, (None, False))
        assigned[quiz_id] = (due if latest is None or due > latest else latest, any_late or late)
    used: dict[int, list[int]] = {}
    best: dict[int, tuple] = {}
    rows = Attempt.objects.filter(quiz_id__in=ids, student_id=user.pk).values_list(
        "quiz_id", "submitted_at", "score", "max_score"
    )
    for quiz_id, submitted_at, score, max_score in rows.order_by("quiz_id", "-score", "number"):
        counts = used.setdefault(quiz_id, [0, 0])
        counts[0] += 1
        counts[1] += submitted_at is None
        if submitted_at is not None and quiz_id not in best:  # highest score, then the earliest attempt
            best[quiz_id] = (score, max_score)
    summaries = {}
    for quiz in quizzes:
        counts = used.get(quiz.pk, [0, 0])
        policy = quiz_policy_for(
            user, quiz, attempts=(counts[0], bool(counts[1])), assigned=assigned.get(quiz.pk, (None, False))
        )
        score, max_score = best.get(quiz.pk, (None, None)) if policy.shows(quiz.review_score) else (None, None)
        summaries[quiz.pk] = {
            "used": policy.used,
            "best": score,
            "best_max": max_score,
            "remaining": policy.remaining,
            "policy": policy,
        }
    return summaries


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


def choice_counts(question: Question, answers: list) -> list[dict]:
    """How often each choice was picked among `answers` (Moodle's response analysis): per choice its id, text,
    whether it is right, picks and percent of the answers; matching counts each statement's placements,
    one row per (statement, choice) picked; cloze has no choices ([])."""
    total = len(answers)
    if question.type == Question.Type.CLOZE or not total:
        return []
    reasons = question.distractor_reasons or {}
    if question.type == Question.Type.MATCHING:
        texts = {c["id"]: c["text"] for c in question.choices}
        rows = []
        for item in question.items:
            counts: dict[str, int] = {}
            for answer in answers:
                picked = answer.get(item["id"]) if isinstance(answer, dict) else None
                if picked in texts:
                    counts[picked] = counts.get(picked, 0) + 1
            for cid, text in texts.items():
                rows.append(
                    {
                        "id": f"{item['id']}:{cid}",
                        "text": f"{item['text']} → {text}",
                        "correct": question.answer.get(item["id"]) == cid,
                        "picked": counts.get(cid, 0),
                        "percent": round(100 * counts.get(cid, 0) / total, 1),
                        "reason": "",
                    }
                )
        return rows
    key = set(question.answer) if isinstance(question.answer, list) else {question.answer}
    counts = {}
    for answer in answers:
        for cid in answer if isinstance(answer, list) else [answer]:
            counts[cid] = counts.get(cid, 0) + 1
    return [
        {
            "id": c["id"],
            "text": c["text"],
            "correct": c["id"] in key,
            "picked": counts.get(c["id"], 0),
            "percent": round(100 * counts.get(c["id"], 0) / total, 1),
            "reason": reasons.get(c["id"], {}).get("kind", ""),
        }
        for c in question.choices
    ]


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
    given: dict[int, list] = {}
    answers = (
        Answer.objects.filter(attempt__in=attempts)
        .values_list("attempt_id", "question_id", "score", "answer")
        .order_by()
    )
    totals = {a.pk: a.score or 0.0 for a in attempts}
    for attempt_id, question_id, score, answer in answers:
        per_question.setdefault(question_id, []).append((score, totals[attempt_id] - score))
        given.setdefault(question_id, []).append(answer)
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
                "choices": choice_counts(q, given[q.pk]),
            }
        )
    return {
        "quiz": quiz.pk,
        "attempts": len(attempts),
        "mean_score": round(mean([a.score or 0 for a in attempts]), 2) if attempts else None,
        "questions": rows,
    }
