"""Reads on flashcards: access, the review queue, figures for progress pages, the Anki export.

Every selector here runs a fixed number of queries whatever the number of cards
(the FSRS arithmetic on the fetched rows is done in Python by the `fsrs` package).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import tempfile
from pathlib import Path
from zoneinfo import ZoneInfo

import fsrs
from django.db.models import Exists, F, OuterRef, Q, QuerySet, Subquery
from django.http import Http404
from django.utils import timezone

from learning.access import documents_visible_to
from learning.ids import id_parse
from learning.models import CardState, Document, Flashcard, ReviewLog, User
from learning.services.flashcards import RATINGS, fsrs_card, scheduler_for, utc

LEARN_AHEAD = dt.timedelta(minutes=20)  # as Anki: a learning step due this soon is shown rather than waiting


# --- access ------------------------------------------------------------------------------------------------------


def visible_cards(user: User) -> QuerySet[Flashcard]:
    """Current cards (retired ones are left out by the default manager) of the documents the user may open."""
    return Flashcard.objects.filter(document__in=documents_visible_to(user))


def access_flashcard_by_id(user: User, card_id) -> Flashcard:
    """The card if this user may study it; missing and forbidden are the same 404."""
    try:
        return visible_cards(user).select_related("document").get(pk=id_parse(card_id))
    except Flashcard.DoesNotExist:
        raise Http404("No such flashcard.")


# --- days --------------------------------------------------------------------------------------------------------


def student_zone(student: User) -> ZoneInfo:
    return student.zone


def student_today(student: User, now: dt.datetime | None = None) -> dt.date:
    return (now or timezone.now()).astimezone(student_zone(student)).date()


def student_day_bounds(student: User, now: dt.datetime | None = None) -> tuple[dt.datetime, dt.datetime]:
    """[start, end) of the student's current day, at midnight of their own time zone, in UTC."""
    zone = student_zone(student)
    day = student_today(student, now)
    start = dt.datetime.combine(day, dt.time.min, tzinfo=zone)
    end = dt.datetime.combine(day + dt.timedelta(days=1), dt.time.min, tzinfo=zone)
    return utc(start), utc(end)


# --- queue -------------------------------------------------------------------------------------------------------


def _scoped(student: User, document: Document | None) -> QuerySet[Flashcard]:
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


def due_cards(*, student: User, document: Document | None = None, now: dt.datetime | None = None) -> QuerySet:
    """What the student should study now: cards due (oldest due first), then new cards up to the
    day's remaining new-card limit (document order). A review-state card is due from the start of its
    due day in the student's time zone; a (re)learning step from its due time. The two cards of one term
    (forward and reverse) are never both in the queue on one day: once one is rated the other is buried
    until tomorrow, and of two siblings due (or new) together only the first is shown. Each card is
    annotated with `my_state` and `my_due` (both None = new). Four queries, whatever the size of the deck."""
    now = now or timezone.now()
    scoped = _scoped(student, document)
    remaining = new_cards_remaining_today(student=student, now=now)
    mine = CardState.objects.filter(card=OuterRef("pk"), student=student)
    buried = _buried(student, now)
    # A card in review (an interval of days) is due for the whole of its due day, from the student's
    # midnight; a learning step (minutes) only from its due time.
    _start, end = student_day_bounds(student, now)
    due_now = Exists(mine.filter(Q(due__lte=now) | Q(state=CardState.State.REVIEW, due__lt=end)))
    order = (F("my_due").asc(nulls_last=True), "document__title", "document_id", "position")
    # Siblings due together: the first one in queue order stands for the term today.
    held, hidden = set(), []
    due_siblings = (
        _with_state(scoped, student)
        .filter(due_now, term__isnull=False)
        .exclude(buried)
        .order_by(*order)
        .values_list("pk", "term_id")
    )
    for pk, term_id in due_siblings:
        if term_id in held:
            hidden.append(pk)
        else:
            held.add(term_id)
    new_ids = []
    if remaining:
        fresh = (
            scoped.filter(~Exists(mine))
            .exclude(buried)
            .exclude(term_id__in=held)
            .order_by("document__title", "document_id", "position")
            .values_list("pk", "term_id")[: remaining * 2]  # at most one of each two siblings is skipped below
        )
        for pk, term_id in fresh:
            if len(new_ids) == remaining:
                break
            if term_id is not None:
                if term_id in held:
                    continue
                held.add(term_id)
            new_ids.append(pk)
    return (
        _with_state(scoped, student)
        .filter(due_now | Q(pk__in=new_ids))
        .exclude(buried)
        .exclude(pk__in=hidden)
        .select_related("document")
        .order_by(*order)
    )


def due_cards_list(*, student: User, document: Document | None = None, now: dt.datetime | None = None) -> list:
    """`due_cards` as a list, in three queries instead of four plus a page's COUNT: the day's new-card
    count, the due cards themselves (siblings held back here rather than by a second query), then the new
    cards. For the API's due list, which pages the list in memory (its length is the count)."""
    now = now or timezone.now()
    scoped = _scoped(student, document)
    remaining = new_cards_remaining_today(student=student, now=now)
    mine = CardState.objects.filter(card=OuterRef("pk"), student=student)
    buried = _buried(student, now)
    _start, end = student_day_bounds(student, now)
    due_now = Exists(mine.filter(Q(due__lte=now) | Q(state=CardState.State.REVIEW, due__lt=end)))
    order = (F("my_due").asc(nulls_last=True), "document__title", "document_id", "position")
    held, cards = set(), []
    due = _with_state(scoped, student).filter(due_now).exclude(buried).select_related("document").order_by(*order)
    for card in due:
        if card.term_id is not None:
            if card.term_id in held:
                continue  # its sibling, due before it, stands for the term today
            held.add(card.term_id)
        cards.append(card)
    if remaining:
        fresh = (
            scoped.filter(~Exists(mine))
            .exclude(buried)
            .exclude(term_id__in=held)
            .select_related("document")
            .order_by("document__title", "document_id", "position")[: remaining * 2]
        )
        added = 0
        for card in fresh:
            if added == remaining:
                break
            if card.term_id is not None:
                if card.term_id in held:
                    continue
                held.add(card.term_id)
            card.my_state = card.my_due = None
            card.reviewed = False
            cards.append(card)
            added += 1
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
        _with_state(_scoped(student, document), student)
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
    rows = CardState.objects.filter(student=student, card__in=_scoped(student, document))
    return rows.order_by("due").values_list("due", flat=True).first()


def last_undoable_review(*, student: User) -> ReviewLog | None:
    return ReviewLog.objects.filter(student=student, undone=False).order_by("-reviewed_at", "-pk").first()


# --- figures -----------------------------------------------------------------------------------------------------


def _retrievability(scheduler: fsrs.Scheduler, row: dict, now: dt.datetime) -> float:
    card = fsrs.Card(
        card_id=row["card_id"],
        state=fsrs.State.Review,
        stability=row["stability"],
        difficulty=row["difficulty"],
        due=utc(row["due"]),
        last_review=utc(row["last_review"]),
    )
    return scheduler.get_card_retrievability(card, current_datetime=now)


def _state_rows(student: User, document: Document | None) -> QuerySet:
    rows = CardState.objects.filter(
        student=student, card__document__in=documents_visible_to(student), card__retired_at__isnull=True
    )
    if document is not None:
        rows = rows.filter(card__document=document)
    return rows


def flashcard_stats(*, student: User, document: Document | None = None, now: dt.datetime | None = None) -> dict:
    """The student's flashcard figures (for the stats page, the dashboard and /api/v1/progress/me/).

    Returns {"total", "due_today", "new", "new_today", "learning", "learned", "reviews_today",
    "average_retrievability"}:
    - due_today: reviewed cards due before the end of the student's day (their time zone), overdue included;
    - new: cards never reviewed; new_today: how many of them today's new-card limit still allows;
    - learning: in (re)learning steps; learned: in FSRS state "review";
    - average_retrievability: FSRS probability of recall now, averaged over reviewed cards (None if none).
    Four queries whatever the number of cards.
    """
    now = utc(now or timezone.now())
    start, end = student_day_bounds(student, now)
    total = _scoped(student, document).count()
    rows = list(
        _state_rows(student, document).values("card_id", "state", "stability", "difficulty", "due", "last_review")
    )
    scheduler = scheduler_for(float(student.desired_retention))
    values = [_retrievability(scheduler, r, now) for r in rows if r["stability"] and r["last_review"]]
    reviews_today = ReviewLog.objects.filter(
        student=student, undone=False, reviewed_at__gte=start, reviewed_at__lt=end
    ).count()
    new = total - len(rows)
    return {
        "total": total,
        "due_today": sum(1 for r in rows if utc(r["due"]) < end),
        "new": new,
        "new_today": min(new, new_cards_remaining_today(student=student, now=now)),
        "learning": sum(1 for r in rows if r["state"] in (CardState.State.LEARNING, CardState.State.RELEARNING)),
        "learned": sum(1 for r in rows if r["state"] == CardState.State.REVIEW),
        "reviews_today": reviews_today,
        "average_retrievability": round(sum(values) / len(values), 4) if values else None,
    }


def flashcard_forecast(
    *, student: User, days: int = 30, document: Document | None = None, now: dt.datetime | None = None
) -> list[tuple[dt.date, int]]:
    """Reviews falling due on each of the student's next `days` days (today first; overdue cards count
    today), as [(date, count)]. New cards are not counted. One query."""
    days = max(1, min(int(days), 366))
    now = now or timezone.now()
    zone = student_zone(student)
    today = student_today(student, now)
    counts = [0] * days
    for due in _state_rows(student, document).values_list("due", flat=True):
        index = max(0, (due.astimezone(zone).date() - today).days)
        if index < days:
            counts[index] += 1
    return [(today + dt.timedelta(days=i), counts[i]) for i in range(days)]


def card_retrievability_by_difference(
    *, student: User, document: Document, now: dt.datetime | None = None
) -> dict[int, float]:
    """{difference_id: FSRS retrievability now (0..1)} for the document's difference cards the student has
    reviewed (for mastery per difference). A difference whose card was never reviewed is absent: the
    caller decides whether that counts as 0. One query."""
    now = utc(now or timezone.now())
    scheduler = scheduler_for(float(student.desired_retention))
    rows = CardState.objects.filter(student=student, card__document=document, card__difference__isnull=False).values(
        "card_id", "card__difference_id", "stability", "difficulty", "due", "last_review"
    )
    result: dict[int, float] = {}
    for row in rows:
        if row["stability"] and row["last_review"]:
            result[row["card__difference_id"]] = round(_retrievability(scheduler, row, now), 4)
    return result


def forecast_chart(forecast: list[tuple[dt.date, int]], width: int = 600, height: int = 160) -> dict:
    """Geometry of a bar chart of the forecast, for an inline SVG drawn by the template."""
    peak = max((c for _, c in forecast), default=0) or 1
    plot_h = height - 30
    step = width / max(1, len(forecast))
    bars = []
    for i, (day, count) in enumerate(forecast):
        h = round(plot_h * count / peak, 1)
        bars.append(
            {
                "x": round(i * step + 1, 1),
                "y": round(10 + plot_h - h, 1),
                "w": round(max(1.0, step - 2), 1),
                "h": h,
                "day": day,
                "count": count,
                "label": i % 7 == 0,
                "label_x": round(i * step + step / 2, 1),
                "count_y": round(10 + plot_h - h - 2, 1),
            }
        )
    return {
        "width": width,
        "height": height,
        "bars": bars,
        "peak": peak,
        "baseline": 10 + plot_h,
        "label_y": height - 4,
    }


# --- Anki export -------------------------------------------------------------------------------------------------


def _stable_id(*parts: str) -> int:
    """A deterministic id in Anki's usual range, so re-exports update the same deck and note type."""
    digest = hashlib.sha256("/".join(parts).encode("utf-8")).hexdigest()
    return (1 << 30) + int(digest[:12], 16) % (1 << 30)


def flashcards_apkg(*, document: Document) -> bytes:
    """The document's cards as an Anki package (.apkg). Note guids come from the card keys, so a student
    importing a newer export updates their notes instead of duplicating them."""
    import genanki

    model = genanki.Model(
        _stable_id("learning-service", "model", "front-back-source"),
        "Learning service: front/back/source",
        fields=[{"name": "Front"}, {"name": "Back"}, {"name": "Source"}, {"name": "Key"}],
        templates=[
            {
                "name": "Card 1",
                "qfmt": "{{Front}}",
                "afmt": '{{FrontSide}}<hr id="answer">{{Back}}<div class="source">{{Source}}</div>',
            }
        ],
        css=".card{font-family:sans-serif;font-size:20px;text-align:left}.source{color:#666;font-size:14px}",
        sort_field_index=0,
    )
    deck = genanki.Deck(_stable_id("learning-service", "deck", document.slug), document.title)
    for card in Flashcard.objects.filter(document=document).order_by("position", "pk"):
        deck.add_note(
            genanki.Note(
                model=model,
                fields=[
                    _html(card.front),
                    _html(card.back),
                    _html(card.source if card.kind != "difference" else ""),
                    card.key,
                ],
                guid=genanki.guid_for(document.slug, card.key),
            )
        )
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "deck.apkg"
        genanki.Package(deck).write_to_file(str(path))
        return path.read_bytes()


def _html(text: str) -> str:
    from django.utils.html import escape

    return escape(text).replace("\n", "<br>")
