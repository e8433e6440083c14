"""Browser pages: Learn mode (keyboard first, like the flashcards)."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from learning.access import access_document_by_slug, access_learn_session_by_id
from learning.content.answers import answer_texts
from learning.forms.flashcards import RATING_BUTTONS
from learning.forms.quizzes import responses_from_form
from learning.ids import id_parse
from learning.models import LearnSession
from learning.selectors.learn import (
    difference_of_document,
    learn_bank,
    learn_item_view,
    learn_progress,
)
from learning.services.learn import learn_answer, learn_session_start


@login_required
@require_POST
def learn_start(request, slug: str):
    """Start (or resume) a Learn session on the document, optionally on one difference."""
    document = access_document_by_slug(request.user, slug)
    focus = None
    if raw := request.POST.get("difference"):
        focus = difference_of_document(document, id_parse(raw))
        if focus is None:
            raise Http404("No such difference.")
    session, _created = learn_session_start(student=request.user, document=document, focus=focus)
    return redirect("learn", session.pk)


def _render(request, session: LearnSession, feedback: dict | None = None, error: str = "", status: int = 200):
    bank = getattr(session, "bank", None) or learn_bank(
        student=session.student, document=session.document, focus_id=session.focus_id
    )
    item = None if session.ended_at else learn_item_view(session.current, bank.differences)
    progress = learn_progress(bank)
    if feedback and feedback["kind"] == "question":
        shown = feedback["shown"]
        feedback = {
            **feedback,
            "answer_texts": answer_texts(shown["type"], shown["choices"], shown.get("items"), feedback["answer"]),
            "expected_texts": answer_texts(shown["type"], shown["choices"], shown.get("items"), feedback["expected"]),
        }
    if item and item["kind"] == "question":
        item["keys"] = [str(n) for n in range(1, len(item["choices"]) + 1)]
    context = {
        "session": session,
        "document": session.document,
        "item": item,
        "feedback": feedback,
        "progress": progress,
        "percent": round(100 * progress["mastered"] / progress["total"]) if progress["total"] else 100,
        "ratings": RATING_BUTTONS,
        "error": error,
    }
    return render(request, "learn/session.html", context, status=status)


@login_required
def learn_page(request, pk: int):
    return _render(request, access_learn_session_by_id(request.user, pk))


@login_required
@require_POST
def learn_answer_submit(request, pk: int):
    session = access_learn_session_by_id(request.user, pk)
    current = learn_item_view(session.current, []) if not session.ended_at else None
    if current is None:
        return redirect("learn", session.pk)
    try:
        if current["kind"] == "card":
            session, feedback = learn_answer(
                session_id=session.pk, student=request.user, card_id=current["id"], rating=request.POST.get("rating")
            )
        else:
            answer = responses_from_form(request.POST, [current])[0]["answer"]
            session, feedback = learn_answer(
                session_id=session.pk, student=request.user, question_id=current["id"], answer=answer
            )
            feedback["shown"] = current
    except ValidationError as error:
        message = "; ".join(m for messages in error.message_dict.values() for m in messages)
        return _render(request, session, error=message, status=400)
    if feedback["kind"] == "card":
        return redirect("learn", session.pk)
    return _render(request, session, feedback=feedback)
