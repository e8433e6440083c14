"""Writes on the question bank, quizzes and attempts.

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

from learning.content.questions import cloze_accepts, generate_questions
from learning.content.types import DifferenceData, GlossaryEntry, ParsedDocument, StatementData, Subject
from learning.models import Answer, Attempt, Document, Question, Quiz, User
from learning.services.grades import grade_report
from learning.services.progress import activity_record

# Network latency between the last second of the timer and the request reaching us.
SUBMIT_GRACE = dt.timedelta(seconds=10)
PRACTICE_QUESTIONS = 10
MAX_CLOZE_LENGTH = 200
SINGLE_CHOICE = {"which_model", "true_false", "multiple_choice", "comparative"}
QUIZ_TITLES = {
    "vi": {"full": "Bài kiểm tra: {title}", "practice": "Luyện tập nhanh: {title}"},
    "en": {"full": "Quiz: {title}", "practice": "Quick practice: {title}"},
}


class QuizConflict(Exception):
    """The request is well formed but the attempt's state refuses it (HTTP 409)."""


class AttemptAlreadySubmitted(QuizConflict):
    pass


class AttemptExpired(QuizConflict):
    pass


class AttemptLimitReached(QuizConflict):
    pass


# --------------------------------------------------------------------------- question bank


def _parsed_from_rows(document: Document) -> ParsedDocument:
    subjects = [Subject(key=s["key"], name=s["name"], aliases=list(s.get("aliases", []))) for s in document.subjects]
    differences = [
        DifferenceData(
            key=d.key,
            kind=d.kind,
            source=d.source,
            statements=[StatementData(subject=s.subject, text=s.text) for s in d.statements.all()],
            section_key=d.lesson.key if d.lesson else "",
            aspect=d.aspect,
            data=d.data or {},
        )
        for d in document.differences.select_related("lesson").prefetch_related("statements").order_by("position")
    ]
    glossary = [
        GlossaryEntry(key=t.key, term=t.term, definition=t.definition, section_key=t.lesson.key if t.lesson else "")
        for t in document.glossary.select_related("lesson").order_by("position")
    ]
    return ParsedDocument(
        title=document.title,
        language=document.language,
        sections=[],
        glossary=glossary,
        subjects=subjects,
        differences=differences,
    )


@transaction.atomic
def quiz_bank_sync(*, document: Document) -> None:
    """(Re)generate the document's question bank and quizzes after an import. Called inside the import transaction.

    Questions are matched by key: a teacher's edit (`edited`) and enabled flag survive re-generation;
    generated questions that no longer exist are deleted, or disabled when students already answered them.
    """
    generated = generate_questions(_parsed_from_rows(document), seed=document.slug)
    differences = {d.key: d for d in document.differences.select_related("lesson")}
    terms = {t.key: t for t in document.glossary.select_related("lesson")}
    lessons = {lesson.key: lesson for lesson in document.lessons.all()}
    existing = {q.key: q for q in document.questions.all()}
    seen = set()
    for position, data in enumerate(generated):
        seen.add(data.key)
        difference = differences.get(data.difference_key or "")
        term = terms.get(data.term_key or "")
        lesson = (difference and difference.lesson) or (term and term.lesson) or lessons.get(data.section_key)
        fields = {
            "type": data.type,
            "prompt": data.prompt,
            "choices": data.choices,
            "items": data.items,
            "answer": data.answer,
            "explanation": data.explanation,
            "source": data.source,
        }
        links = {"difference": difference, "term": term, "lesson": lesson, "position": position}
        question = existing.get(data.key)
        if question is None:
            Question.objects.create(
                document=document, key=data.key, origin=Question.Origin.GENERATED, **fields, **links
            )
            continue
        changed = {**links} if question.edited else {**fields, **links}
        if any(getattr(question, name) != value for name, value in changed.items()):
            for name, value in changed.items():
                setattr(question, name, value)
            question.save(update_fields=[*changed, "updated_at"])
    for key, question in existing.items():
        if key in seen or question.origin != Question.Origin.GENERATED or question.edited:
            continue
        if question.answers.exists():
            if question.enabled:
                question.enabled = False
                question.save(update_fields=["enabled", "updated_at"])
        else:
            question.delete()
    _quizzes_ensure(document)


def _quizzes_ensure(document: Document) -> None:
    titles = QUIZ_TITLES.get(document.language, QUIZ_TITLES["en"])
    if not document.quizzes.filter(mode=Quiz.Mode.FULL).exists():
        Quiz.objects.create(document=document, mode=Quiz.Mode.FULL, title=titles["full"].format(title=document.title))
    if not document.quizzes.filter(mode=Quiz.Mode.PRACTICE).exists():
        Quiz.objects.create(
            document=document,
            mode=Quiz.Mode.PRACTICE,
            title=titles["practice"].format(title=document.title),
            question_count=PRACTICE_QUESTIONS,
        )


def _check_bank_owner(document: Document, teacher: User) -> None:
    if not teacher.is_teacher or (document.created_by_id not in (None, teacher.pk)):
        raise PermissionDenied("Only the teacher who imported the document can change its questions.")


def _clean_choices(texts: list[str], field: str = "choices") -> list[dict[str, str]]:
    texts = [t.strip() for t in texts if t and t.strip()]
    if not 2 <= len(texts) <= 8:
        raise ValidationError({field: ["Give between 2 and 8 choices."]})
    if any(len(t) > 500 for t in texts):
        raise ValidationError({field: ["A choice is at most 500 characters."]})
    return [{"id": f"c{i}", "text": t} for i, t in enumerate(texts, start=1)]


def _check_key(question_type: str, choices: list[dict], items: list[dict], answer) -> None:
    ids = {c["id"] for c in choices}
    if question_type in SINGLE_CHOICE and answer not in ids:
        raise ValidationError({"answer": ["The right answer must be one of the choices."]})
    if question_type == "multi_select" and (not isinstance(answer, list) or not answer or not set(answer) <= ids):
        raise ValidationError({"answer": ["Select at least one right choice."]})
    if question_type == "cloze" and (not isinstance(answer, str) or not answer.strip()):
        raise ValidationError({"answer": ["Write the missing term."]})
    if question_type == "matching" and (
        not isinstance(answer, dict) or set(answer) != {i["id"] for i in items} or not set(answer.values()) <= ids
    ):
        raise ValidationError({"answer": ["Match every statement with a model."]})


@transaction.atomic
def question_update(
    *,
    question: Question,
    teacher: User,
    prompt: str,
    explanation: str,
    choice_texts: list[str] | None = None,
    answer=None,
) -> Question:
    """A teacher's edit of the wording (and, for choice questions, choices and key). Kept over re-generation."""
    _check_bank_owner(question.document, teacher)
    if not prompt.strip():
        raise ValidationError({"prompt": ["The question needs a prompt."]})
    question.prompt = prompt.strip()
    question.explanation = explanation.strip()
    if choice_texts is not None and question.type in SINGLE_CHOICE | {"multi_select"}:
        if len([t for t in choice_texts if t.strip()]) != len(question.choices):
            raise ValidationError({"choices": ["Keep the same number of choices (disable the question to drop it)."]})
        question.choices = [
            {"id": c["id"], "text": t.strip()} for c, t in zip(question.choices, choice_texts, strict=True)
        ]
    if answer is not None:
        _check_key(question.type, question.choices, question.items, answer)
        question.answer = answer
    question.edited = True
    question.save()
    return question


@transaction.atomic
def question_set_enabled(*, question: Question, teacher: User, enabled: bool) -> Question:
    _check_bank_owner(question.document, teacher)
    question.enabled = enabled
    question.save(update_fields=["enabled", "updated_at"])
    return question


@transaction.atomic
def question_create(
    *,
    document: Document,
    teacher: User,
    type: str,  # noqa: A002 - the API's field name
    prompt: str,
    explanation: str = "",
    choice_texts: list[str] | None = None,
    answer=None,
) -> Question:
    """A teacher's own question: single choice, multi-select, true/false or cloze."""
    _check_bank_owner(document, teacher)
    if type not in {"multiple_choice", "multi_select", "true_false", "cloze"}:
        raise ValidationError({"type": ["Choose multiple_choice, multi_select, true_false or cloze."]})
    if not prompt.strip():
        raise ValidationError({"prompt": ["The question needs a prompt."]})
    if type == "true_false":
        t = {"vi": ("Đúng", "Sai")}.get(document.language, ("True", "False"))
        choices = [{"id": "true", "text": t[0]}, {"id": "false", "text": t[1]}]
    elif type == "cloze":
        choices = []
    else:
        choices = _clean_choices(choice_texts or [])
    _check_key(type, choices, [], answer)
    document = Document.objects.select_for_update().get(pk=document.pk)  # serialise teacher-<n> numbering
    number = document.questions.filter(origin=Question.Origin.TEACHER).count() + 1
    while document.questions.filter(key=f"teacher-{number}").exists():
        number += 1
    last = document.questions.aggregate(m=Max("position"))["m"] or 0
    return Question.objects.create(
        document=document,
        key=f"teacher-{number}",
        type=type,
        prompt=prompt.strip(),
        choices=choices,
        answer=answer.strip() if isinstance(answer, str) else answer,
        explanation=explanation.strip(),
        origin=Question.Origin.TEACHER,
        edited=True,
        position=last + 1,
    )


@transaction.atomic
def quiz_settings_update(
    *,
    quiz: Quiz,
    teacher: User,
    attempts_allowed: int,
    time_limit_seconds: int | None,
    shuffle_questions: bool,
    shuffle_choices: bool,
    feedback: str,
    question_count: int | None = None,
    published: bool = True,
) -> Quiz:
    _check_bank_owner(quiz.document, teacher)
    errors = {}
    if not 0 <= attempts_allowed <= 100:
        errors["attempts_allowed"] = ["Between 0 (unlimited) and 100."]
    if time_limit_seconds is not None and not 30 <= time_limit_seconds <= 86400:
        errors["time_limit_seconds"] = ["Between 30 seconds and 24 hours, or empty for none."]
    if feedback not in Quiz.Feedback.values:
        errors["feedback"] = ["Choose after_submit or immediate."]
    if quiz.mode == Quiz.Mode.PRACTICE and (question_count is None or not 1 <= question_count <= 100):
        errors["question_count"] = ["Between 1 and 100 questions."]
    if errors:
        raise ValidationError(errors)
    quiz.attempts_allowed = attempts_allowed
    quiz.time_limit_seconds = time_limit_seconds
    quiz.shuffle_questions = shuffle_questions
    quiz.shuffle_choices = shuffle_choices
    quiz.feedback = feedback
    quiz.published = published
    if quiz.mode == Quiz.Mode.PRACTICE:
        quiz.question_count = question_count
    quiz.save()
    return quiz


# --------------------------------------------------------------------------- attempts


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
