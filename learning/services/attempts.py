"""Attempts: start (questions drawn and shuffled per attempt), immediate checks, and grading.

Grading happens here only, once per attempt: the attempt row is locked (select_for_update) and the
Answer table holds one row per (attempt, question), so a submit that arrives twice grades once.
"""

from __future__ import annotations

import datetime as dt
import random

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max, Sum
from django.utils import timezone

from learning.content.questions import cloze_accepts
from learning.models import Answer, Attempt, Question, Quiz, User
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


def attempt_start(*, quiz: Quiz, student: User, now: dt.datetime | None = None) -> Attempt:
    """Start (or resume the open) attempt: questions drawn and shuffled for this attempt only."""
    if not student.is_student:
        raise PermissionDenied("Only students take quizzes.")
    now = now or timezone.now()
    for _ in range(3):  # two starts at once: the loser retries with the next number
        try:
            with transaction.atomic():
                return _attempt_start(quiz, student, now)
        except IntegrityError:
            continue
    raise QuizConflict("Another attempt is being started; try again.")


def _attempt_start(quiz: Quiz, student: User, now: dt.datetime) -> Attempt:
    attempts = Attempt.objects.filter(quiz=quiz, student=student)
    current = attempts.filter(submitted_at__isnull=True).order_by("-started_at").first()
    if current is not None and (current.deadline_at is None or current.deadline_at + SUBMIT_GRACE > now):
        current.resumed = True
        return current
    count = attempts.count()
    if quiz.attempts_allowed and count >= quiz.attempts_allowed:
        raise AttemptLimitReached("You have used every attempt this quiz allows.")
    questions = list(quiz.document.questions.filter(enabled=True).order_by("position", "pk"))
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
    return Attempt.objects.create(
        quiz=quiz,
        student=student,
        number=(attempts.aggregate(m=Max("number"))["m"] or 0) + 1,
        question_ids=[q.pk for q in questions],
        choice_orders=orders,
        started_at=now,
        deadline_at=now + dt.timedelta(seconds=quiz.time_limit_seconds) if quiz.time_limit_seconds else None,
    )


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


def _locked_open_attempt(attempt_id: int, student: User, now: dt.datetime) -> Attempt:
    attempt = Attempt.objects.select_for_update().select_related("quiz").get(pk=attempt_id, student=student)
    if attempt.submitted_at is not None:
        raise AttemptAlreadySubmitted("This attempt has already been submitted.")
    if attempt.deadline_at is not None and now > attempt.deadline_at + SUBMIT_GRACE:
        raise AttemptExpired("The time limit of this attempt has passed.")
    return attempt


def attempt_submit(*, attempt_id: int, student: User, responses, now: dt.datetime | None = None) -> Attempt:
    """Grade the attempt exactly once. Raises Attempt.DoesNotExist for another student's attempt (-> 404)."""
    now = now or timezone.now()
    try:
        with transaction.atomic():
            attempt = _locked_open_attempt(attempt_id, student, now)
            questions = {q.pk: q for q in Question.objects.filter(pk__in=attempt.question_ids)}
            answers = _validated(responses, attempt, questions)
            done = set(attempt.answers.values_list("question_id", flat=True))
            if done & set(answers):
                raise ValidationError({"responses": ["A question already checked (immediate feedback) is locked."]})
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
                        answered_at=now,
                    )
                )
            Answer.objects.bulk_create(new)
            attempt.score = round(attempt.answers.aggregate(s=Sum("score"))["s"] or 0.0, 4)
            attempt.max_score = float(len(attempt.question_ids))
            attempt.submitted_at = now
            attempt.save(update_fields=["score", "max_score", "submitted_at"])
            grade_report(
                student=student,
                target_type="quiz",
                target_id=attempt.quiz_id,
                score=attempt.score,
                max_score=attempt.max_score,
            )
            activity_record(student=student, when=now)
            return attempt
    except IntegrityError:
        # The Answer constraint caught a concurrent submit that the row lock did not serialise (SQLite).
        raise AttemptAlreadySubmitted("This attempt has already been submitted.")


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
