"""The review queue: due cards in Anki's order, today's new-card limit, siblings buried for the day, the next card,
what each rating would schedule, and the review that undo takes back.
"""

from __future__ import annotations

import datetime as dt
from typing import NamedTuple

import fsrs
from django.db.models import Exists, F, OuterRef, Q, QuerySet, Subquery
from django.utils import timezone

from learning.access import visible_cards
from learning.models import CardState, Document, Flashcard, ReviewLog, User
from learning.services.flashcards import RATINGS, fsrs_card, scheduler_for, utc

from .days import student_day_bounds

LEARN_AHEAD = dt.timedelta(minutes=20)  # as Anki: a learning step due this soon is shown rather than waiting


def cards_in_scope(student: User, document: Document | None) -> QuerySet[Flashcard]:
    cards = visible_cards(student)
    return cards.filter(document=document) if document is not None else cards


def new_cards_introduced_today(*, student: User, now: dt.datetime | None = None) -> int:
    """Cards the student saw for the first time today (their day), undone ratings excluded."""
    start, end = student_day_bounds(student, now)
    return (
        ReviewLog.objects.filter(
            student=student, state_before=CardState.State.NEW, undone=False, reviewed_at__gte=start, reviewed_at__lt=end
        )
        .values("card_id")
        .distinct()
        .count()
    )


def new_cards_remaining_today(*, student: User, now: dt.datetime | None = None) -> int:
    return max(0, student.new_cards_per_day - new_cards_introduced_today(student=student, now=now))


def _with_state(cards: QuerySet[Flashcard], student: User) -> QuerySet[Flashcard]:
    mine = CardState.objects.filter(card=OuterRef("pk"), student=student)
    return cards.annotate(
        my_state=Subquery(mine.values("state")[:1]),
        my_due=Subquery(mine.values("due")[:1]),
        reviewed=Exists(mine),
    )


def _buried(student: User, now: dt.datetime) -> Q:
    """Cards buried for the rest of the student's day, as Anki buries siblings: the other card of a term
    (forward and reverse) once one of the two was rated today. The rated card itself is not buried (its
    learning steps go on). No query of its own: two subqueries in the caller's."""
    start, end = student_day_bounds(student, now)
    today = ReviewLog.objects.filter(student=student, undone=False, reviewed_at__gte=start, reviewed_at__lt=end)
    return Q(term_id__in=today.filter(card__term__isnull=False).values("card__term_id")) & ~Q(
        pk__in=today.values("card_id")
    )


def card_is_buried(*, student: User, card: Flashcard, now: dt.datetime | None = None) -> bool:
    """Whether the card waits until tomorrow because its sibling was studied today. One query."""
    if card.term_id is None:
        return False
    return Flashcard.objects.filter(pk=card.pk).filter(_buried(student, now or timezone.now())).exists()


class _Queue(NamedTuple):
    """What both due-card queries start from: the cards in scope, the day's new cards left, the student's
    state subquery, the cards buried today and the filter of the cards due now."""

    scoped: QuerySet[Flashcard]
    remaining: int
    mine: QuerySet[CardState]
    buried: Q
    due_now: Exists


DUE_ORDER = (F("my_due").asc(nulls_last=True), "document__title", "document_id", "position")
NEW_ORDER = ("document__title", "document_id", "position")


def _queue(student: User, document: Document | None, now: dt.datetime) -> _Queue:
    """One query (the day's new-card count). A card in review (an interval of days) is due for the whole of
    its due day, from the student's midnight; a learning step (minutes) only from its due time."""
    mine = CardState.objects.filter(card=OuterRef("pk"), student=student)
    _start, end = student_day_bounds(student, now)
    return _Queue(
        scoped=cards_in_scope(student, document),
        remaining=new_cards_remaining_today(student=student, now=now),
        mine=mine,
        buried=_buried(student, now),
        due_now=Exists(mine.filter(Q(due__lte=now) | Q(state=CardState.State.REVIEW, due__lt=end))),
    )


def _new_cards(queue: _Queue, held: set) -> QuerySet[Flashcard]:
    """Cards the student never studied, not buried, whose term no card already in the queue stands for;
    enough of them for the day's remaining new cards (at most one of each two siblings is skipped)."""
    return (
        queue.scoped.filter(~Exists(queue.mine))
        .exclude(queue.buried)
        .exclude(term_id__in=held)
        .order_by(*NEW_ORDER)[: queue.remaining * 2]
    )


def _one_per_term(rows, held: set, term_of, limit: int | None = None) -> list:
    """The rows (in order) whose term is not in `held` yet, each one's term then added to `held`: of two
    siblings only the first stands for the term today. A card without a term is always kept. At most `limit`."""
    kept = []
    for row in rows:
        if limit is not None and len(kept) == limit:
            break
        term = term_of(row)
        if term is not None:
            if term in held:
                continue
            held.add(term)
        kept.append(row)
    return kept


def due_cards(*, student: User, document: Document | None = None, now: dt.datetime | None = None) -> QuerySet:
    """What the student should study now: cards due (oldest due first), then new cards up to the
    day's remaining new-card limit (document order). A review-state card is due from the start of its
    due day in the student's time zone; a (re)learning step from its due time. The two cards of one term
    (forward and reverse) are never both in the queue on one day: once one is rated the other is buried
    until tomorrow, and of two siblings due (or new) together only the first is shown. Each card is
    annotated with `my_state` and `my_due` (both None = new). Four queries, whatever the size of the deck."""
    now = now or timezone.now()
    queue = _queue(student, now=now, document=document)
    # Siblings due together: the first one in queue order stands for the term today.
    held = set()
    due_siblings = list(
        _with_state(queue.scoped, student)
        .filter(queue.due_now, term__isnull=False)
        .exclude(queue.buried)
        .order_by(*DUE_ORDER)
        .values_list("pk", "term_id")
    )
    shown = _one_per_term(due_siblings, held, term_of=lambda row: row[1])
    hidden = [pk for pk, _term in set(due_siblings) - set(shown)]
    new_ids = []
    if queue.remaining:
        fresh = _new_cards(queue, held).values_list("pk", "term_id")
        new_ids = [pk for pk, _term in _one_per_term(fresh, held, term_of=lambda row: row[1], limit=queue.remaining)]
    return (
        _with_state(queue.scoped, student)
        .filter(queue.due_now | Q(pk__in=new_ids))
        .exclude(queue.buried)
        .exclude(pk__in=hidden)
        .select_related("document")
        .order_by(*DUE_ORDER)
    )


def due_cards_list(*, student: User, document: Document | None = None, now: dt.datetime | None = None) -> list:
    """`due_cards` as a list, in three queries instead of four plus a page's COUNT: the day's new-card
    count, the due cards themselves (siblings held back here rather than by a second query), then the new
    cards. For the API's due list, which pages the list in memory (its length is the count)."""
    now = now or timezone.now()
    queue = _queue(student, now=now, document=document)
    held = set()
    due = (
        _with_state(queue.scoped, student)
        .filter(queue.due_now)
        .exclude(queue.buried)
        .select_related("document")
        .order_by(*DUE_ORDER)
    )
    # A sibling due after the other one stands for the term today is left out.
    cards = _one_per_term(due, held, term_of=lambda card: card.term_id)
    if queue.remaining:
        fresh = _new_cards(queue, held).select_related("document")
        for card in _one_per_term(fresh, held, term_of=lambda card: card.term_id, limit=queue.remaining):
            card.my_state = card.my_due = None
            card.reviewed = False
            cards.append(card)
    return cards


def next_card(*, student: User, document: Document | None = None, now: dt.datetime | None = None):
    """The one card to show on the review page, or None. Due cards first, then new ones, then a learning
    step due within LEARN_AHEAD (rather than making the student wait ten minutes with nothing to do).
    A card buried for today (its sibling was studied) is never shown."""
    now = now or timezone.now()
    card = due_cards(student=student, document=document, now=now).first()
    if card is not None:
        return card
    soon = CardState.objects.filter(
        card=OuterRef("pk"),
        student=student,
        state__in=[CardState.State.LEARNING, CardState.State.RELEARNING],
        due__lte=now + LEARN_AHEAD,
    )
    return (
        _with_state(cards_in_scope(student, document), student)
        .filter(Exists(soon))
        .exclude(_buried(student, now))
        .select_related("document")
        .order_by("my_due")
        .first()
    )


def rating_previews(*, student: User, card: Flashcard, now: dt.datetime | None = None) -> dict[str, dt.timedelta]:
    """{"again"|"hard"|"good"|"easy": interval until the card would be due} for the rating buttons.
    Computed without fuzz, so a long interval may land a day or two either side. One query."""
    now = utc(now or timezone.now())
    state = CardState.objects.filter(card=card, student=student).first()
    current = fsrs_card(state) if state is not None else fsrs.Card(card_id=card.pk, due=now)
    scheduler = scheduler_for(float(student.desired_retention), fuzz=False)
    previews = {}
    for name, rating in RATINGS.items():
        updated, _log = scheduler.review_card(current, rating, review_datetime=now)
        previews[name] = updated.due - now
    return previews


def next_due_at(*, student: User, document: Document | None = None) -> dt.datetime | None:
    """When the student's next reviewed card comes due (None if none). One query."""
    rows = CardState.objects.filter(student=student, card__in=cards_in_scope(student, document))
    return rows.order_by("due").values_list("due", flat=True).first()


def last_undoable_review(*, student: User) -> ReviewLog | None:
    return ReviewLog.objects.filter(student=student, undone=False).order_by("-reviewed_at", "-pk").first()
