"""Writes on the question bank and quizzes (settings, teacher edits).

Attempts and grading live in learning.services.attempts.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext

from learning.content.memo import content_memo
from learning.content.questions import generate_questions
from learning.models import Document, Question, Quiz, User
from learning.selectors.documents import document_parsed_from_rows
from learning.services.attempts import PRACTICE_QUESTIONS, SINGLE_CHOICE

QUIZ_TITLES = {
    "vi": {"full": "Bài kiểm tra: {title}", "practice": "Luyện tập nhanh: {title}"},
    "en": {"full": "Quiz: {title}", "practice": "Quick practice: {title}"},
}


# --------------------------------------------------------------------------- question bank

# Generation is pure and the same rows give the same questions: remembered by content (learning.content.memo).
_generated = content_memo(maxsize=8)(generate_questions)


@transaction.atomic
def quiz_bank_sync(*, document: Document):
    """(Re)generate the document's question bank and quizzes after an import (inside its transaction);
    returns what changed (learning.services.documents.ChangeSet).

    A generated question keeps its row, and so students' answers and a teacher's edit (`edited`: the
    wording is kept, only its links move) and enabled flag, while it stands for the same thing: matched
    by key, then by type and the difference or term row it comes from (rows the import matched even when
    their key changed), then by text (learning.content.identity). A generated question no longer
    generated is retired: disabled and marked `retired_at`, never deleted, so attempts that hold it
    still show it. Teachers' own questions are never touched.
    """
    from learning.content.identity import Identity, match_identities
    from learning.services.documents import ChangeSet

    generated = _generated(document_parsed_from_rows(document)[0], seed=document.slug)
    differences = {d.key: d for d in document.differences.select_related("lesson")}
    terms = {t.key: t for t in document.glossary.select_related("lesson")}
    lessons = {lesson.key: lesson for lesson in document.lessons.all()}
    stored = list(document.questions.filter(origin=Question.Origin.GENERATED).order_by("position", "pk"))

    def anchor(type_, difference_id, term_id):
        if type_ in ("multi_select", "matching"):  # drawn from several differences: their keys are stable
            return None
        return (type_, "diff", difference_id) if difference_id else (type_, "term", term_id) if term_id else None

    rows = []
    for position, data in enumerate(generated):
        difference = differences.get(data.difference_key or "")
        term = terms.get(data.term_key or "")
        rows.append((position, data, difference, term))
    matched = match_identities(
        [Identity(q.key, q.prompt, q.position, anchor(q.type, q.difference_id, q.term_id)) for q in stored],
        [
            Identity(data.key, data.prompt, position, anchor(data.type, d and d.pk, t and t.pk))
            for position, data, d, t in rows
        ],
    )
    by_key = {q.key: q for q in stored}
    changes, used = ChangeSet(), set()
    for position, data, difference, term in rows:
        lesson = (difference and difference.lesson) or (term and term.lesson) or lessons.get(data.section_key)
        fields = {
            "type": data.type,
            "prompt": data.prompt,
            "choices": data.choices,
            "items": data.items,
            "answer": data.answer,
            "explanation": data.explanation,
            "source": data.source,
            "distractor_reasons": data.reasons,
        }
        links = {"key": data.key, "difference": difference, "term": term, "lesson": lesson, "position": position}
        question = by_key.get(matched.get(data.key))
        if question is None:
            # An alternate (it repeats a statement the quiz already shows) waits in the bank, disabled.
            Question.objects.create(
                document=document, origin=Question.Origin.GENERATED, enabled=data.enabled, **fields, **links
            )
            changes.added.append(data.prompt[:120])
            continue
        used.add(question.pk)
        changed = {**links} if question.edited else {**fields, **links}
        if question.retired_at is not None:
            changed.update(retired_at=None, enabled=getattr(data, "enabled", True))
        different = any(getattr(question, name) != value for name, value in changed.items() if name != "position")
        if different or question.position != position:
            for name, value in changed.items():
                setattr(question, name, value)
            question.save(update_fields=[*changed, "updated_at"])
        # A question that only moved (another was added or retired before it) is reported as kept.
        (changes.changed if different else changes.kept).append(question.prompt[:120])
    now = timezone.now()
    for question in stored:
        if question.pk in used or question.retired_at is not None:
            continue
        question.enabled, question.retired_at = False, now
        question.save(update_fields=["enabled", "retired_at", "updated_at"])
        changes.retired.append(question.prompt[:120])
    _quizzes_ensure(document)
    return changes


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
    """Site documents are changed by staff, a teacher's by that teacher (learning.access); others use a copy."""
    from learning.access import document_editable_by

    if not document_editable_by(teacher, document):
        raise PermissionDenied("Only the document's owner can change its questions: make your own copy.")


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
        raise ValidationError({"answer": [gettext("The right answer must be one of the choices.")]})
    if question_type == "multi_select" and (not isinstance(answer, list) or not answer or not set(answer) <= ids):
        raise ValidationError({"answer": [gettext("Select at least one right choice.")]})
    if question_type == "cloze" and (not isinstance(answer, str) or not answer.strip()):
        raise ValidationError({"answer": [gettext("Write the missing term.")]})
    if question_type == "matching" and (
        not isinstance(answer, dict) or set(answer) != {i["id"] for i in items} or not set(answer.values()) <= ids
    ):
        raise ValidationError({"answer": [gettext("Match every statement with one of the choices.")]})


def lines_with_ids(old: list[dict], texts: list[str], *, prefix: str) -> list[dict]:
    """New wording for a list of choices (or matching statements): the n-th line keeps the n-th id, so a key
    and students' answers that name it still mean the same place; added lines get fresh ids."""
    texts = [t.strip() for t in texts if t and t.strip()]
    ids = [entry["id"] for entry in old[: len(texts)]]
    taken, number = {entry["id"] for entry in old}, 1
    while len(ids) < len(texts):
        candidate = f"{prefix}{number}"
        if candidate not in taken:
            ids.append(candidate)
            taken.add(candidate)
        number += 1
    return [{"id": id_, "text": text} for id_, text in zip(ids, texts, strict=True)]


def _lines_checked(old: list[dict], texts: list[str], *, field: str, prefix: str, low: int, high: int) -> list[dict]:
    lines = lines_with_ids(old, texts, prefix=prefix)
    if not low <= len(lines) <= high:
        message = gettext("Give between %(low)s and %(high)s lines.") % {"low": low, "high": high}
        raise ValidationError({field: [message]})
    if any(len(line["text"]) > 500 for line in lines):
        raise ValidationError({field: [gettext("A line is at most 500 characters.")]})
    if len({line["text"].casefold() for line in lines}) != len(lines):
        raise ValidationError({field: [gettext("Two lines are the same: each must be different.")]})
    return lines


@transaction.atomic
def question_update(
    *,
    question: Question,
    teacher: User,
    prompt: str,
    explanation: str,
    choice_texts: list[str] | None = None,
    item_texts: list[str] | None = None,
    answer=None,
) -> Question:
    """A teacher's edit of any part of a question: prompt, explanation, choices (of every kind but cloze;
    a true/false keeps its two), the statements of a matching question, and the key. Validated as a whole
    (the key must name the choices as they now are, a matching key places every statement). The question
    is then `edited`: re-imports keep it as the teacher left it (learning.services.quizzes.quiz_bank_sync).
    """
    _check_bank_owner(question.document, teacher)
    if not prompt.strip():
        raise ValidationError({"prompt": [gettext("The question needs a prompt.")]})
    choices, items = question.choices, question.items
    if choice_texts is not None and question.type != "cloze":
        bounds = (2, 2) if question.type == "true_false" else (2, 8)
        choices = _lines_checked(
            question.choices, choice_texts, field="choices", prefix="c", low=bounds[0], high=bounds[1]
        )
    if item_texts is not None and question.type == "matching":
        items = _lines_checked(question.items, item_texts, field="items", prefix="s", low=2, high=12)
    key = question.answer if answer is None else answer
    if isinstance(key, str) and question.type == "cloze":
        key = key.strip()
    _check_key(question.type, choices, items, key)
    question.prompt = prompt.strip()
    question.explanation = explanation.strip()
    # A reason says why a choice's text is wrong: it stays only while that text does.
    texts = {c["id"]: c["text"] for c in choices}
    before = {c["id"]: c["text"] for c in question.choices}
    question.distractor_reasons = {
        cid: reason
        for cid, reason in (question.distractor_reasons or {}).items()
        if cid in texts and texts[cid] == before.get(cid) and cid != key and not (isinstance(key, list) and cid in key)
    }
    question.choices, question.items, question.answer = choices, items, key
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


KEEP = object()  # a setting the caller does not change


@transaction.atomic
def quiz_settings_update(
    *,
    quiz: Quiz,
    teacher: User,
    attempts_allowed: int | None,
    time_limit_seconds: int | None,
    shuffle_questions: bool,
    shuffle_choices: bool,
    feedback: str,
    question_count: int | None = None,
    published: bool = True,
    review_score: str | None = None,
    review_answers: str | None = None,
    review_explanations: str | None = None,
    closes_at=KEEP,
) -> Quiz:
    """A quiz's settings. `attempts_allowed`: None = the default (unlimited for practice, GRADED_ATTEMPTS
    for graded work), 0 = unlimited. Review options (None = keep): when the student sees the score, the
    right answers, the explanations (Quiz.Review). `closes_at`: no attempt starts after it (None = never).
    """
    _check_bank_owner(quiz.document, teacher)
    errors = {}
    if attempts_allowed is not None and not 0 <= attempts_allowed <= 100:
        errors["attempts_allowed"] = ["Between 0 (unlimited) and 100, or empty for the default."]
    if time_limit_seconds is not None and not 30 <= time_limit_seconds <= 86400:
        errors["time_limit_seconds"] = ["Between 30 seconds and 24 hours, or empty for none."]
    if feedback not in Quiz.Feedback.values:
        errors["feedback"] = ["Choose after_submit or immediate."]
    if quiz.mode == Quiz.Mode.PRACTICE and (question_count is None or not 1 <= question_count <= 100):
        errors["question_count"] = ["Between 1 and 100 questions."]
    reviews = {"review_score": review_score, "review_answers": review_answers}
    reviews["review_explanations"] = review_explanations
    for name, value in reviews.items():
        if value is not None and value not in Quiz.Review.values:
            errors[name] = ["Choose one of: " + ", ".join(Quiz.Review.values) + "."]
    if closes_at is not KEEP and closes_at is not None and timezone.is_naive(closes_at):
        errors["closes_at"] = ["Give a time zone (for example 2026-12-01T23:59:00+07:00)."]
    if errors:
        raise ValidationError(errors)
    quiz.attempts_allowed = attempts_allowed
    quiz.time_limit_seconds = time_limit_seconds
    quiz.shuffle_questions = shuffle_questions
    quiz.shuffle_choices = shuffle_choices
    quiz.feedback = feedback
    quiz.published = published
    for name, value in reviews.items():
        if value is not None:
            setattr(quiz, name, value)
    if closes_at is not KEEP:
        quiz.closes_at = closes_at
    if quiz.mode == Quiz.Mode.PRACTICE:
        quiz.question_count = question_count
    quiz.save()
    return quiz
