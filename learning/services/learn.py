"""Writes of Learn mode: start or resume a session, answer its current item.

Answers are stored as learning.models.LearnAnswer (see learning.models.learn for why not as attempts):
they count toward mastery, they are never graded.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext

from learning.models import Difference, Document, Flashcard, LearnAnswer, LearnSession, Question, User
from learning.selectors.learn import (
    MISSED_GAP,
    RIGHT_TO_CLEAR,
    learn_bank,
    learn_next_item,
    lesson_sentence_url,
)
from learning.selectors.quizzes import picked_reasons
from learning.services.attempts import _answer_error, grade_answer
from learning.services.flashcards import card_review
from learning.services.progress import activity_record


def _advance(session: LearnSession, now: dt.datetime) -> None:
    """Choose and keep the next item (so a return shows the same one); end the session when none is left."""
    bank = learn_bank(student=session.student, document=session.document, focus_id=session.focus_id)
    # Kept on the instance for the caller's response: the mastery it holds is already after this answer.
    session.bank = bank
    item = learn_next_item(bank, session.state)
    if item and not item["returning"]:
        session.state = {**session.state, "working": item["difference"]}
    session.current = item or {}
    session.updated_at = now
    if item is None:
        session.ended_at, session.end_reason = now, LearnSession.End.MASTERED


@transaction.atomic
def learn_session_start(
    *, student: User, document: Document, focus: Difference | None = None, now: dt.datetime | None = None
) -> tuple[LearnSession, bool]:
    """The student's open session on the document (resumed as it was), or a new one. Asking for another
    focus (one difference, or the whole document) ends the open one and starts that. -> (session, created)"""
    now = now or timezone.now()
    User.objects.select_for_update().filter(pk=student.pk).first()  # one start at a time per student
    open_ = LearnSession.objects.filter(student=student, document=document, ended_at__isnull=True).first()
    focus_id = focus.pk if focus else None
    if open_ is not None and open_.focus_id == focus_id:
        if not open_.current:
            _advance(open_, now)
            open_.save(update_fields=["current", "state", "updated_at", "ended_at", "end_reason"])
        return open_, False
    if open_ is not None:
        open_.ended_at, open_.end_reason = now, LearnSession.End.REPLACED
        open_.save(update_fields=["ended_at", "end_reason"])
    session = LearnSession(
        student=student,
        document=document,
        focus=focus,
        state={"turn": 0, "asked": {}, "missed": {}},
        started_at=now,
        updated_at=now,
    )
    session.student = student
    _advance(session, now)
    try:
        with transaction.atomic():
            session.save()
    except IntegrityError:  # SQLite ignores the row lock: another start won the race
        return LearnSession.objects.get(student=student, document=document, ended_at__isnull=True), False
    return session, True


def _check_current(session: LearnSession, kind: str, item_id) -> None:
    if session.ended_at is not None:
        raise ValidationError({"session": [gettext("This Learn session has ended.")]})
    current = session.current or {}
    if current.get("kind") != kind or current.get("id") != item_id:
        raise ValidationError({kind: [gettext("This is not the item the session is asking now.")]})


@transaction.atomic
def learn_answer(
    *,
    session_id: int,
    student: User,
    question_id: int | None = None,
    answer=None,
    card_id: int | None = None,
    rating=None,
    now: dt.datetime | None = None,
) -> tuple[LearnSession, dict]:
    """Answer the session's current item: a question (`question_id`, `answer` shaped as in a quiz) or
    its difference card (`card_id`, `rating`). Records it, updates the returns of missed questions and
    chooses the next item. -> (session, feedback). The answer must be for the current item: a repeated
    or stale request is a 400, never a second answer."""
    now = now or timezone.now()
    session = (
        LearnSession.objects.select_for_update()
        .select_related("document", "student")
        .filter(pk=session_id, student=student)
        .first()
    )
    if session is None:
        raise LearnSession.DoesNotExist
    state = {"turn": 0, "asked": {}, "missed": {}, **(session.state or {})}
    if card_id is not None:
        _check_current(session, "card", card_id)
        card = Flashcard.objects.get(pk=card_id)
        outcome = card_review(student=student, card=card, rating=rating, now=now)
        state["turn"] += 1
        feedback = {"kind": "card", "card": card.pk, "due": outcome.state.due}
    else:
        _check_current(session, "question", question_id)
        question = Question.objects.select_related("lesson").get(pk=question_id)
        error = _answer_error(question, answer)
        if error or answer is None:
            raise ValidationError({"answer": [error or gettext("Choose or write an answer.")]})
        correct = grade_answer(question, answer) == 1.0
        LearnAnswer.objects.create(
            session=session,
            student=student,
            question=question,
            difference_id=question.difference_id,
            answer=answer,
            correct=correct,
            answered_at=now,
        )
        state["turn"] += 1
        key = str(question.pk)
        state["asked"][key] = state["turn"]
        state["last"] = question.pk
        missed = state["missed"]
        if not correct:
            missed[key] = {"due": state["turn"] + MISSED_GAP, "right": 0}
        elif key in missed:
            missed[key]["right"] += 1
            if missed[key]["right"] >= RIGHT_TO_CLEAR:
                del missed[key]
            else:
                missed[key]["due"] = state["turn"] + MISSED_GAP
        session.answered += 1
        session.correct += correct
        feedback = {
            "kind": "question",
            "question": question.pk,
            "answer": answer,
            "correct": correct,
            "expected": question.answer,
            "why_wrong": picked_reasons(question, answer),
            "explanation": question.explanation,
            "source": question.source,
            "lesson_url": lesson_sentence_url(question.lesson_id, question.source),
        }
    session.state = state
    activity_record(student=student, when=now)
    _advance(session, now)
    session.save(update_fields=["state", "answered", "correct", "current", "updated_at", "ended_at", "end_reason"])
    return session, feedback
