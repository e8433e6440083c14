"""Attempts: start (questions drawn and shuffled per attempt), autosave, immediate checks, grading,
closing attempts whose time ran out, and a teacher's override of one question.

Grading happens here only, once per attempt: the attempt row is locked (select_for_update) and the
Answer table holds one row per (attempt, question), so a submit that arrives twice grades once.
An attempt whose time ran out is graded from its saved answers by whichever comes first: the
student's late submit, the student's next visit (attempts_close_overdue(student=...)), or the
periodic task learning.tasks.attempts_close_overdue.
"""

from __future__ import annotations

import datetime as dt
import random

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, connection, transaction
from django.db.models import BooleanField, Exists, FloatField, OuterRef, Sum, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from learning.content.questions import cloze_accepts
from learning.models import Answer, Attempt, LtiGradeLink, Question, Quiz, SavedAnswer, User
from learning.selectors.quizzes import (
    assignment_policy_annotations,
    attempt_bank,
    question_bank,
    quiz_policy_for,
)
from learning.services.grades import grade_report
from learning.services.progress import activity_record

# Network latency between the last second of the timer and the request reaching us.
SUBMIT_GRACE = dt.timedelta(seconds=10)
PRACTICE_QUESTIONS = 10
MAX_CLOZE_LENGTH = 200
SINGLE_CHOICE = {"which_model", "true_false", "multiple_choice", "comparative"}


class QuizConflict(Exception):
    """The request is well formed but the attempt's state refuses it (HTTP 409)."""


class AttemptAlreadySubmitted(QuizConflict):
    pass


class AttemptExpired(QuizConflict):
    pass


class AttemptLimitReached(QuizConflict):
    pass


class QuizClosed(QuizConflict):
    pass


class QuestionLocked(QuizConflict):
    pass


def attempt_start(*, quiz: Quiz, student: User, now: dt.datetime | None = None) -> Attempt:
    """Start (or resume the open) attempt: questions drawn and shuffled for this attempt only."""
    if not student.is_student:
        raise PermissionDenied("Only students take quizzes.")
    now = now or timezone.now()
    for _ in range(3):  # two starts at once: the loser retries with the next number
        try:
            return _attempt_start(quiz, student, now)
        except IntegrityError:
            continue
    raise QuizConflict("Another attempt is being started; try again.")


def _attempts_seen(quiz: Quiz, student: User, now: dt.datetime) -> list:
    """(pk, number, started_at, open) of the student's attempts of the quiz, newest first, after closing
    the ones whose time ran out (the student's next visit closes them). One query when none has."""
    attempts = Attempt.objects.filter(quiz=quiz, student=student).order_by("-started_at")
    fields = ("pk", "number", "started_at", "submitted_at", "deadline_at")
    rows = list(attempts.values_list(*fields))
    if any(sub is None and deadline is not None and deadline + SUBMIT_GRACE < now for *_, sub, deadline in rows):
        attempts_close_overdue(student=student, quiz=quiz, now=now)
        rows = list(attempts.values_list(*fields))
    return [(pk, number, started, sub is None) for pk, number, started, sub, _deadline in rows]


def _attempt_start(quiz: Quiz, student: User, now: dt.datetime) -> Attempt:
    """One read of the student's attempts gives the open one, the number used and the next number; the
    question bank comes from the cache (question_bank). 3 queries and the insert for a new attempt."""
    seen = _attempts_seen(quiz, student, now)
    current = next((pk for pk, _n, _s, is_open in seen if is_open), None)
    if current is not None:
        attempt = Attempt.objects.get(pk=current)
        attempt.quiz = quiz
        attempt.resumed = True
        return attempt
    if quiz.closes_at is not None and now >= quiz.closes_at:
        raise QuizClosed("This quiz is closed.")
    policy = quiz_policy_for(student, quiz, now, attempts=(len(seen), False))
    if policy.attempts_limit is not None and policy.used >= policy.attempts_limit:
        raise AttemptLimitReached("You have used every attempt this quiz allows.")
    questions = [q for q in question_bank(quiz.document).values() if q.enabled]
    if not questions:
        raise ValidationError({"quiz": ["This quiz has no questions yet."]})
    rng = random.SystemRandom()
    if quiz.mode == Quiz.Mode.PRACTICE:
        questions = rng.sample(questions, min(quiz.question_count or PRACTICE_QUESTIONS, len(questions)))
        questions.sort(key=lambda q: (q.position, q.pk))
    if quiz.shuffle_questions:
        rng.shuffle(questions)
    orders = {}
    if quiz.shuffle_choices:
        for q in questions:
            choices = [c["id"] for c in q.choices]
            items = [i["id"] for i in q.items]
            # Model choices (a/b) keep their order: shuffling two names only confuses.
            if q.type in ("multiple_choice", "multi_select"):
                rng.shuffle(choices)
            rng.shuffle(items)
            orders[str(q.pk)] = {"choices": choices, "items": items}
    attempt = Attempt(
        quiz=quiz,
        student=student,
        number=max((number for _pk, number, _s, _o in seen), default=0) + 1,
        question_ids=[q.pk for q in questions],
        choice_orders=orders,
        started_at=now,
        deadline_at=now + dt.timedelta(seconds=quiz.time_limit_seconds) if quiz.time_limit_seconds else None,
    )
    # A single INSERT: inside a caller's transaction it needs its savepoint (a duplicate number must not
    # break the caller's transaction); on its own (autocommit, as a request is) it needs no BEGIN/COMMIT.
    if connection.in_atomic_block:
        with transaction.atomic():
            attempt.save(force_insert=True)
    else:
        attempt.save(force_insert=True)
    attempt.resumed = False
    return attempt


def grade_answer(question: Question, answer) -> float:
    """Score in [0, 1]. Partial credit for matching (per pair) and multi-select (right minus wrong picks)."""
    key = question.answer
    if answer is None:
        return 0.0
    if question.type in SINGLE_CHOICE:
        return 1.0 if answer == key else 0.0
    if question.type == "multi_select":
        picked, right = set(answer), set(key)
        return max(0.0, (len(picked & right) - len(picked - right)) / len(right))
    if question.type == "matching":
        return sum(1 for item, model in key.items() if answer.get(item) == model) / len(key)
    if question.type == "cloze":
        return 1.0 if cloze_accepts(str(key), answer) else 0.0
    return 0.0


def _answer_error(question: Question, answer) -> str | None:
    """Why an answer does not fit its question, or None. `None` (no answer) always fits."""
    if answer is None:
        return None
    ids = {c["id"] for c in question.choices}
    if question.type in SINGLE_CHOICE:
        if not isinstance(answer, str) or answer not in ids:
            return f"unknown choice {answer!r}"
    elif question.type == "multi_select":
        if not isinstance(answer, list) or not all(isinstance(a, str) for a in answer):
            return "expected a list of choice ids"
        if len(set(answer)) != len(answer):
            return "a choice is repeated"
        unknown = [a for a in answer if a not in ids]
        if unknown:
            return f"unknown choice {unknown[0]!r}"
    elif question.type == "matching":
        items = {i["id"] for i in question.items}
        if not isinstance(answer, dict):
            return "expected an object {statement id: model id}"
        for item, model in answer.items():
            if item not in items:
                return f"unknown statement {item!r}"
            if model not in ids:
                return f"unknown choice {model!r}"
    elif question.type == "cloze" and (not isinstance(answer, str) or len(answer) > MAX_CLOZE_LENGTH):
        return f"expected text of at most {MAX_CLOZE_LENGTH} characters"
    return None


def _validated(responses, attempt: Attempt, questions: dict[int, Question]) -> dict[int, object]:
    if not isinstance(responses, list):
        raise ValidationError({"responses": ["Expected a list of {question, answer}."]})
    if len(responses) > len(attempt.question_ids):
        raise ValidationError({"responses": ["More responses than questions in this attempt."]})
    answers: dict[int, object] = {}
    errors = []
    for n, item in enumerate(responses, start=1):
        if not isinstance(item, dict) or "question" not in item:
            errors.append(f"Response {n}: expected {{question, answer}}.")
            continue
        qid = item["question"]
        if isinstance(qid, bool) or not isinstance(qid, int) or qid not in questions:
            errors.append(f"Response {n}: question {qid!r} is not in this attempt.")
            continue
        if qid in answers:
            errors.append(f"Response {n}: question {qid} is answered twice.")
            continue
        problem = _answer_error(questions[qid], item.get("answer"))
        if problem:
            errors.append(f"Response {n} (question {qid}): {problem}.")
            continue
        answers[qid] = item.get("answer")
    if errors:
        raise ValidationError({"responses": errors})
    return answers


def _overdue(attempt: Attempt, now: dt.datetime) -> bool:
    return attempt.deadline_at is not None and now > attempt.deadline_at + SUBMIT_GRACE


def _locked_attempt(attempt_id: int, student: User | None) -> Attempt:
    # Lock the attempt row only: a plain FOR UPDATE over the join would also lock the quiz row, and every
    # student saving an answer of the same quiz would wait on one another.
    rows = (
        Attempt.objects.select_for_update(of=("self",))
        .select_related("quiz", "quiz__document")
        .defer("quiz__document__source")
    )
    if student is None:
        return rows.get(pk=attempt_id)
    # The student's own: the same read brings what the review policy and the LMS grade need (no more queries).
    return rows.annotate(
        **assignment_policy_annotations(OuterRef("student_id"), OuterRef("quiz_id")),
        lti_graded=Exists(
            LtiGradeLink.objects.filter(
                user_id=OuterRef("student_id"),
                target_type="quiz",
                target_id=OuterRef("quiz_id"),
                resource_link__lineitem_url__gt="",
            )
        ),
    ).get(pk=attempt_id, student=student)


def _locked_open_attempt(attempt_id: int, student: User, now: dt.datetime) -> Attempt:
    attempt = _locked_attempt(attempt_id, student)
    if attempt.submitted_at is not None:
        raise AttemptAlreadySubmitted("This attempt has already been submitted.")
    if _overdue(attempt, now):
        raise AttemptExpired("The time limit of this attempt has passed.")
    return attempt


def quiz_grade_report(*, student: User, quiz_id: int, lti_graded: bool | None = None) -> None:
    """Send the LMS the grade the gradebook shows: the best submitted attempt (with teachers' overrides).
    One query for a student who never came from an LMS line item, none when the caller knows (`lti_graded`)."""
    if lti_graded is None:
        lti_graded = LtiGradeLink.objects.filter(
            user=student, target_type="quiz", target_id=quiz_id, resource_link__lineitem_url__gt=""
        ).exists()
    if not lti_graded:
        return
    best = (
        Attempt.objects.filter(student=student, quiz_id=quiz_id, submitted_at__isnull=False)
        .order_by("-score", "number")
        .first()
    )
    if best is not None:
        grade_report(student=student, target_type="quiz", target_id=quiz_id, score=best.score, max_score=best.max_score)


def _grade(
    attempt: Attempt,
    questions: dict[int, Question],
    answers: dict[int, object],
    *,
    when: dt.datetime,
    auto: bool,
    done: dict[int, float] | None = None,
) -> Attempt:
    """Grade every question not yet graded (`done`: {question id: score} checked one by one) from `answers`,
    once. Inside the lock. The new Answer rows are kept on `attempt.graded_answers` (without the checked ones)."""
    if done is None:
        done = dict(attempt.answers.values_list("question_id", Coalesce("override_score", "score")))
    new = []
    for qid in attempt.question_ids:
        if qid in done or qid not in questions:
            continue
        score = grade_answer(questions[qid], answers.get(qid))
        new.append(
            Answer(
                attempt=attempt,
                question_id=qid,
                answer=answers.get(qid),
                correct=score == 1.0,
                score=score,
                answered_at=when,
            )
        )
    Answer.objects.bulk_create(new)
    attempt.graded_answers = new
    # Nothing is overridden before grading: the total is the sum of what was just graded and checked.
    attempt.score = round(sum(a.score for a in new) + sum(done.values()), 4)
    attempt.max_score = float(len(attempt.question_ids))
    attempt.submitted_at = when
    attempt.auto_submitted = auto
    attempt.save(update_fields=["score", "max_score", "submitted_at", "auto_submitted"])
    quiz_grade_report(student=attempt.student, quiz_id=attempt.quiz_id, lti_graded=getattr(attempt, "lti_graded", None))
    activity_record(student=attempt.student, when=when)
    return attempt


def _total(attempt: Attempt) -> float:
    """The attempt's score: each question's teacher override where there is one, else its graded score."""
    return round(attempt.answers.aggregate(s=Sum(Coalesce("override_score", "score")))["s"] or 0.0, 4)


def _saved(attempt: Attempt, questions: dict[int, Question]) -> dict[int, object]:
    """Saved answers still valid for their question (a question edited since may no longer fit)."""
    saved = dict(SavedAnswer.objects.filter(attempt=attempt).values_list("question_id", "answer"))
    return {qid: a for qid, a in saved.items() if qid in questions and _answer_error(questions[qid], a) is None}


def _checked_and_saved(attempt: Attempt, questions: dict[int, Question]) -> tuple[dict[int, float], dict[int, object]]:
    """In one query: the scores of the questions already checked (immediate feedback) and the saved answers
    still valid for their question."""
    checked = Answer.objects.filter(attempt=attempt).values_list(
        "question_id", "answer", "score", Value(True, output_field=BooleanField())
    )
    saved = SavedAnswer.objects.filter(attempt=attempt).values_list(
        "question_id", "answer", Value(None, output_field=FloatField()), Value(False, output_field=BooleanField())
    )
    done, kept = {}, {}
    for qid, answer, score, is_checked in checked.union(saved, all=True):
        if is_checked:
            done[qid] = score
        elif qid in questions and _answer_error(questions[qid], answer) is None:
            kept[qid] = answer
    return done, kept


def _close_overdue(attempt: Attempt) -> Attempt:
    """Grade an attempt whose time ran out from its saved answers; submitted at its deadline."""
    questions = {q.pk: q for q in Question.objects.filter(pk__in=attempt.question_ids)}
    return _grade(attempt, questions, _saved(attempt, questions), when=attempt.deadline_at, auto=True)


def attempt_submit(*, attempt_id: int, student: User, responses, now: dt.datetime | None = None) -> Attempt:
    """Grade the attempt exactly once. Raises Attempt.DoesNotExist for another student's attempt (-> 404).

    `responses` override the saved answers; a question without a response is graded from its saved
    answer. A submit after the time limit (and its grace) is not refused: the attempt is graded from
    what was saved before the deadline (the late responses do not count) and returned, like one the
    periodic task already closed. `attempt.late_submit` says so.
    """
    now = now or timezone.now()
    try:
        with transaction.atomic():
            attempt = _locked_attempt(attempt_id, student)
            if attempt.submitted_at is not None:
                if attempt.auto_submitted:
                    attempt.late_submit = True
                    return attempt
                raise AttemptAlreadySubmitted("This attempt has already been submitted.")
            if _overdue(attempt, now):
                attempt = _close_overdue(attempt)
                attempt.late_submit = True
                return attempt
            questions = attempt_bank(attempt)
            answers = _validated(responses, attempt, questions)
            done, saved = _checked_and_saved(attempt, questions)
            if set(done) & set(answers):
                raise ValidationError({"responses": ["A question already checked (immediate feedback) is locked."]})
            attempt.student = student
            attempt = _grade(attempt, questions, {**saved, **answers}, when=now, auto=False, done=done)
            attempt.late_submit = False
            return attempt
    except IntegrityError:
        # The Answer constraint caught a concurrent submit that the row lock did not serialise (SQLite).
        raise AttemptAlreadySubmitted("This attempt has already been submitted.")


def attempt_answer_save(
    *, attempt_id: int, student: User, question_id: int, answer, now: dt.datetime | None = None
) -> SavedAnswer:
    """Autosave one answer of an open attempt. Idempotent: saving the same answer again changes nothing
    but the time. `None` clears it. Refused once the attempt is submitted or its time (with grace) is up.
    Raises Attempt.DoesNotExist for another student's attempt (-> 404).
    """
    now = now or timezone.now()
    with transaction.atomic():
        attempt = _locked_open_attempt(attempt_id, student, now)
        question = Question.objects.filter(pk=question_id).first() if question_id in attempt.question_ids else None
        if question is None:
            raise ValidationError({"question": [f"Question {question_id!r} is not in this attempt."]})
        problem = _answer_error(question, answer)
        if problem:
            raise ValidationError({"answer": [problem]})
        if attempt.answers.filter(question_id=question_id).exists():
            raise QuestionLocked("This question was checked and its answer is locked.")
        saved = SavedAnswer(attempt=attempt, question=question, answer=answer, saved_at=now)
        # One upsert (INSERT ... ON CONFLICT DO UPDATE): the attempt's row lock already serialises saves.
        SavedAnswer.objects.bulk_create(
            [saved], update_conflicts=True, unique_fields=["attempt", "question"], update_fields=["answer", "saved_at"]
        )
        return saved


def attempt_close_overdue(*, attempt_id: int, now: dt.datetime | None = None) -> bool:
    """Grade one attempt from its saved answers if its time ran out and it is still open. Idempotent:
    True only for the call that graded it."""
    now = now or timezone.now()
    with transaction.atomic():
        attempt = _locked_attempt(attempt_id, None)
        if attempt.submitted_at is not None or not _overdue(attempt, now):
            return False
        _close_overdue(attempt)
        return True


def attempts_close_overdue(
    *, student: User | None = None, quiz: Quiz | None = None, now: dt.datetime | None = None, limit: int = 500
) -> int:
    """Grade open attempts whose time ran out (one student's on their visit, or everyone's from the
    periodic task); each in its own transaction so one failure does not hold back the rest."""
    now = now or timezone.now()
    overdue = Attempt.objects.filter(
        submitted_at__isnull=True, deadline_at__isnull=False, deadline_at__lt=now - SUBMIT_GRACE
    )
    if student is not None:
        overdue = overdue.filter(student=student)
    if quiz is not None:
        overdue = overdue.filter(quiz=quiz)
    closed = 0
    for attempt_id in overdue.order_by("deadline_at").values_list("pk", flat=True)[:limit]:
        try:
            closed += attempt_close_overdue(attempt_id=attempt_id, now=now)
        except IntegrityError:
            continue  # graded concurrently by the student's own submit
    return closed


def attempt_answer_check(*, attempt_id: int, student: User, question_id: int, answer, now=None) -> Answer:
    """Immediate feedback: grade one question now and lock its answer. Only when the quiz allows it."""
    now = now or timezone.now()
    try:
        with transaction.atomic():
            attempt = _locked_open_attempt(attempt_id, student, now)
            if attempt.quiz.feedback != Quiz.Feedback.IMMEDIATE:
                raise PermissionDenied("This quiz shows feedback after submitting.")
            if question_id not in attempt.question_ids:
                raise ValidationError({"question": [f"Question {question_id!r} is not in this attempt."]})
            question = Question.objects.get(pk=question_id)
            problem = _answer_error(question, answer)
            if problem:
                raise ValidationError({"answer": [problem]})
            score = grade_answer(question, answer)
            return Answer.objects.create(
                attempt=attempt, question=question, answer=answer, correct=score == 1.0, score=score, answered_at=now
            )
    except IntegrityError:
        raise AttemptAlreadySubmitted("This question has already been answered.")


MAX_OVERRIDE_COMMENT = 2000


def answer_override(
    *,
    attempt: Attempt,
    question_id: int,
    teacher: User,
    score: float | None,
    comment: str = "",
    now: dt.datetime | None = None,
) -> Answer:
    """A teacher sets one question's score (0..1, None to return to the computed one) with a comment.

    The computed score stays beside it; the attempt's total is recomputed and the grade sent to the LMS.
    The caller holds the attempt through access_attempt_as_teacher (a teacher of the student's class).
    """
    errors = {}
    if score is not None and (isinstance(score, bool) or not isinstance(score, int | float) or not 0 <= score <= 1):
        errors["score"] = ["A number from 0 to 1 (the question's share of a point), or null to clear."]
    if not isinstance(comment, str) or len(comment) > MAX_OVERRIDE_COMMENT:
        errors["comment"] = [f"Text of at most {MAX_OVERRIDE_COMMENT} characters."]
    if errors:
        raise ValidationError(errors)
    now = now or timezone.now()
    with transaction.atomic():
        locked = _locked_attempt(attempt.pk, None)
        if locked.submitted_at is None:
            raise QuizConflict("This attempt is not graded yet.")
        answer = Answer.objects.filter(attempt=locked, question_id=question_id).first()
        if answer is None:
            raise ValidationError({"question": [f"Question {question_id!r} is not in this attempt."]})
        answer.override_score = None if score is None else round(float(score), 4)
        answer.override_comment = comment.strip() if score is not None or comment.strip() else ""
        answer.overridden_by = teacher
        answer.overridden_at = now
        answer.save(update_fields=["override_score", "override_comment", "overridden_by", "overridden_at"])
        locked.score = _total(locked)
        locked.save(update_fields=["score"])
        quiz_grade_report(student=locked.student, quiz_id=locked.quiz_id)
        attempt.score = locked.score
        return answer
