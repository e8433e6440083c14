"""Figures for progress pages: card counts by state, retrievability now (through fsrs), the due forecast and its
chart."""

from __future__ import annotations

import datetime as dt

import fsrs
from django.db.models import QuerySet
from django.utils import timezone

from learning.access import documents_visible_to
from learning.models import CardState, Document, ReviewLog, User
from learning.services.flashcards import scheduler_for, utc

from .days import student_day_bounds, student_today, student_zone
from .queue import cards_in_scope, new_cards_remaining_today


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
    total = cards_in_scope(student, document).count()
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
