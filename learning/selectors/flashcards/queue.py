"""The review queue: due cards in Anki's order, today's new-card limit, siblings buried for the day, the next card,
what each rating would schedule, and the review that undo takes back.
"""

from __future__ import annotations

import datetime as dt
import functools
from typing import NamedTuple

import fsrs
from django.db import connections
from django.db.models import Case, Exists, OuterRef, QuerySet, Subquery, Value, When
from django.utils import timezone

from learning.access import documents_visible_to, visible_cards
from learning.compiled import CompiledQuery, compile_once, stand_in
from learning.models import CardState, Document, Flashcard, ReviewLog, User
from learning.services.flashcards import RATINGS, fsrs_card, scheduler_for, utc

from .days import student_day_bounds
from .decks import DECK_FIELDS, ROW_ID, ROW_POSITION, ROW_TERM, document_decks

LEARN_AHEAD = dt.timedelta(minutes=20)  # as Anki: a learning step due this soon is shown rather than waiting


def cards_in_scope(student: User, document: Document | None) -> QuerySet[Flashcard]:
    cards = visible_cards(student)
    return cards.filter(document=document) if document is not None else cards


class _Today(NamedTuple):
    """The student's reviews of their day so far (undone ones left out)."""

    introduced: set  # cards seen for the first time today
    rated: set  # cards rated today
    terms: set  # the terms of the cards rated today


def _today(student: User, now: dt.datetime) -> _Today:
    """One query."""
    start, end = student_day_bounds(student, now)
    today = _Today(set(), set(), set())
    for card_id, term_id, state_before in _rows(None, student, start, end):
        today.rated.add(card_id)
        if term_id is not None:
            today.terms.add(term_id)
        if state_before == CardState.State.NEW:
            today.introduced.add(card_id)
    return today


def _is_buried(card_id: int, term_id: int | None, today: _Today) -> bool:
    """Buried for the rest of the student's day, as Anki buries siblings: the other card of a term (forward
    and reverse) once one of the two was rated today. The rated card itself is not buried (its learning
    steps go on)."""
    return term_id is not None and term_id in today.terms and card_id not in today.rated


def new_cards_introduced_today(*, student: User, now: dt.datetime | None = None) -> int:
    """Cards the student saw for the first time today (their day), undone ratings excluded. One query."""
    return len(_today(student, now or timezone.now()).introduced)


def _new_cards_remaining(student: User, today: _Today) -> int:
    return max(0, student.new_cards_per_day - len(today.introduced))


def new_cards_remaining_today(*, student: User, now: dt.datetime | None = None) -> int:
    return _new_cards_remaining(student, _today(student, now or timezone.now()))


def _with_state(cards: QuerySet[Flashcard], student: User) -> QuerySet[Flashcard]:
    mine = CardState.objects.filter(card=OuterRef("pk"), student=student)
    return cards.annotate(
        my_state=Subquery(mine.values("state")[:1]),
        my_due=Subquery(mine.values("due")[:1]),
        reviewed=Exists(mine),
    )


def card_is_buried(*, student: User, card: Flashcard, now: dt.datetime | None = None) -> bool:
    """Whether the card waits until tomorrow because its sibling was studied today. One query."""
    if card.term_id is None:
        return False
    return _is_buried(card.pk, card.term_id, _today(student, now or timezone.now()))


class _Queued(NamedTuple):
    """A card of the queue: its deck row (decks.DECK_FIELDS), its document, the student's state and due
    (both None = new)."""

    row: tuple
    document: Document
    state: str | None
    due: dt.datetime | None

    @property
    def pk(self) -> int:
        return self.row[ROW_ID]

    @property
    def term_id(self) -> int | None:
        return self.row[ROW_TERM]

    def card(self) -> Flashcard:
        """The card (the deck's fields; the others deferred) with the queue's `my_state`, `my_due`, `reviewed`."""
        card = Flashcard.from_db(Flashcard.objects.db, DECK_FIELDS, self.row)
        card.document = self.document
        card.my_state, card.my_due, card.reviewed = self.state, self.due, self.state is not None
        return card


class _Queue(NamedTuple):
    cards: list[_Queued]  # what to study now, in order
    ahead: list[_Queued]  # learning steps due within LEARN_AHEAD, soonest first


LEARNING_STATES = (CardState.State.LEARNING, CardState.State.RELEARNING)


def _states(student: User, documents: list[Document]) -> dict[int, tuple[str, dt.datetime]]:
    """{card id: (state, due)} of the student's cards of these documents. One query (none without documents)."""
    if not documents:
        return {}
    zone = connections[CardState.objects.db].timezone
    return {
        # A database without time zones (SQLite) returns naive datetimes: made aware as Django's converter does.
        card_id: (state, due if timezone.is_aware(due) else timezone.make_aware(due, zone))
        for card_id, state, due in _rows([d.pk for d in documents], student)
    }


# What the two queries of every queue read, in the ORM; `_compiled` compiles each once per process.
def _todays_reviews(student_id: int, start: dt.datetime, end: dt.datetime) -> QuerySet:
    reviews = ReviewLog.objects.filter(student_id=student_id, undone=False, reviewed_at__gte=start, reviewed_at__lt=end)
    return reviews.order_by().values_list("card_id", "card__term_id", "state_before")


def _their_states(student_id: int, document_ids: list[int]) -> QuerySet:
    states = CardState.objects.filter(student_id=student_id, card__document_id__in=document_ids)
    return states.values_list("card_id", "state", "due")


_STUDENT = stand_in()
_START, _END = dt.datetime(1901, 1, 1, tzinfo=dt.UTC), dt.datetime(1902, 1, 1, tzinfo=dt.UTC)  # no review is this old


@functools.lru_cache(maxsize=64)
def _compiled(vendor: str, documents: int | None) -> CompiledQuery:
    """`_todays_reviews` (documents None) or `_their_states` of that many documents, compiled once per process
    (learning.compiled): building and compiling them cost more CPU than the rest of the due list."""
    if documents is None:
        return compile_once(_todays_reviews(_STUDENT, _START, _END), [_STUDENT])
    document_ids = [stand_in(1 + i) for i in range(documents)]
    return compile_once(_their_states(_STUDENT, document_ids), [_STUDENT, *document_ids])


def _rows(document_ids: list[int] | None, student: User, *day: dt.datetime) -> list[tuple]:
    """The rows of `_todays_reviews` (document_ids None, `day` its bounds) or `_their_states`, from `_compiled`."""
    connection = connections[CardState.objects.db]
    query = _compiled(connection.vendor, None if document_ids is None else len(document_ids))
    values = {_STUDENT: student.pk}
    if document_ids is None:
        adapt = connection.ops.adapt_datetimefield_value
        values.update({adapt(_START): adapt(day[0]), adapt(_END): adapt(day[1])})
    else:
        values.update({stand_in(1 + i): pk for i, pk in enumerate(document_ids)})
    with connection.cursor() as cursor:
        cursor.execute(query.sql, query.bind(values))
        return cursor.fetchall()


def _queue(student: User, document: Document | None, now: dt.datetime) -> _Queue:
    """The one implementation of the queue's rules, in Python over a few plain rows: the documents in scope
    (by title), today's reviews, the student's states of their cards (three queries), and the decks (cached).

    Due cards first, the oldest due first (then by document title and position). A card in review (an interval
    of days) is due for the whole of its due day, from the student's midnight; a learning step (minutes) only
    from its due time. Then new cards, in document order, up to the day's remaining new-card limit. A card
    buried today (its sibling was rated) is left out, and of two siblings due (or new) together only the
    first stands for the term today."""
    documents = documents_visible_to(student).order_by("title", "pk")
    if document is not None:
        documents = documents.filter(pk=document.pk)
    documents = list(documents.only("pk", "title", "slug", "source_sha256", "updated_at"))
    today = _today(student, now)
    states = _states(student, documents)
    decks = document_decks(documents)
    _start, end = student_day_bounds(student, now)
    ahead_until = now + LEARN_AHEAD
    due, new, ahead = [], [], []
    for rank, doc in enumerate(documents):
        for row in decks[doc.pk]:
            if _is_buried(row[ROW_ID], row[ROW_TERM], today):
                continue
            mine = states.get(row[ROW_ID])
            if mine is None:
                new.append(_Queued(row, doc, None, None))
                continue
            state, when = mine
            queued = _Queued(row, doc, state, when)
            if when <= now or (state == CardState.State.REVIEW and when < end):
                due.append((when, rank, row[ROW_POSITION], row[ROW_ID], queued))
            if state in LEARNING_STATES and when <= ahead_until:
                ahead.append((when, rank, row[ROW_POSITION], row[ROW_ID], queued))
    held = set()
    cards = _one_per_term((entry[-1] for entry in sorted(due)), held)
    remaining = _new_cards_remaining(student, today)
    if remaining:
        cards += _one_per_term(new, held, limit=remaining)
    return _Queue(cards, [entry[-1] for entry in sorted(ahead)])


def _one_per_term(queued, held: set, limit: int | None = None) -> list[_Queued]:
    """The cards (in order) whose term is not in `held` yet, each one's term then added to `held`: of two
    siblings only the first stands for the term today. A card without a term is always kept. At most `limit`."""
    kept = []
    for entry in queued:
        if limit is not None and len(kept) == limit:
            break
        term = entry.term_id
        if term is not None:
            if term in held:
                continue
            held.add(term)
        kept.append(entry)
    return kept


def due_cards(*, student: User, document: Document | None = None, now: dt.datetime | None = None) -> QuerySet:
    """What the student should study now (the queue's rules: `_queue`), as a queryset in queue order, each
    card annotated with `my_state` and `my_due` (both None = new). Three queries and the decks (cached),
    then the queryset's own."""
    ids = [queued.pk for queued in _queue(student, document, now or timezone.now()).cards]
    order = Case(*(When(pk=pk, then=Value(i)) for i, pk in enumerate(ids)), default=Value(len(ids)))
    return (
        _with_state(Flashcard.objects.filter(pk__in=ids), student)
        .select_related("document")
        .order_by(order if ids else "pk")
    )


def due_cards_list(*, student: User, document: Document | None = None, now: dt.datetime | None = None) -> list:
    """`due_cards` as a list of cards (with the `my_state` / `my_due` of the queryset), in three queries (none
    for the decks once cached). For the API's due list, which pages the list in memory (its length is the
    count)."""
    return [queued.card() for queued in _queue(student, document, now or timezone.now()).cards]


def next_card(*, student: User, document: Document | None = None, now: dt.datetime | None = None):
    """The one card to show on the review page, or None. Due cards first, then new ones, then a learning
    step due within LEARN_AHEAD (rather than making the student wait ten minutes with nothing to do).
    A card buried for today (its sibling was studied) is never shown. Four queries (the decks cached)."""
    queue = _queue(student, document, now or timezone.now())
    first = (queue.cards or queue.ahead or [None])[0]
    if first is None:
        return None
    card = Flashcard.objects.select_related("document").filter(pk=first.pk).first()
    if card is not None:
        card.my_state, card.my_due, card.reviewed = first.state, first.due, first.state is not None
    return card


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
