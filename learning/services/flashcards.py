"""Writes on flashcards and their FSRS scheduling (generation is in learning.services.flashcard_sync).

Scheduling is done by the `fsrs` package (FSRS 6); this module only moves its
Card state in and out of CardState rows. fsrs has no "New" state: a card the
student never reviewed has no CardState row.
"""

from __future__ import annotations

import datetime as dt
import json
import uuid
from dataclasses import dataclass
from functools import lru_cache
from zoneinfo import ZoneInfo, available_timezones

import fsrs
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from learning.models import CardState, Flashcard, ReviewLog, StudyDay, User
from learning.services.progress import _local_day as local_day
from learning.services.progress import activity_record

RATINGS = {"again": fsrs.Rating.Again, "hard": fsrs.Rating.Hard, "good": fsrs.Rating.Good, "easy": fsrs.Rating.Easy}
RATING_NAMES = {int(v): k for k, v in RATINGS.items()}
RETENTION_MIN, RETENTION_MAX = 0.7, 0.97
NEW_PER_DAY_MAX = 500
_STATE_TO_DB = {
    fsrs.State.Learning: CardState.State.LEARNING,
    fsrs.State.Review: CardState.State.REVIEW,
    fsrs.State.Relearning: CardState.State.RELEARNING,
}
_STATE_FROM_DB = {v: k for k, v in _STATE_TO_DB.items()}
_SNAPSHOT_FIELDS = ("state", "step", "stability", "difficulty", "due", "last_review", "reps", "lapses")


# --- scheduling --------------------------------------------------------------------------------------------------


@lru_cache(maxsize=64)
def scheduler_for(desired_retention: float, fuzz: bool = True) -> fsrs.Scheduler:
    """FSRS with the default parameters (fitted ones can come later from the review log). Fuzz spreads
    cards learnt together over nearby days; previews of the next interval are computed without it."""
    return fsrs.Scheduler(desired_retention=desired_retention, enable_fuzzing=fuzz)


def utc(value: dt.datetime | None) -> dt.datetime | None:
    """fsrs accepts datetime.timezone.utc and nothing else (a ZoneInfo("UTC") raises)."""
    return value.astimezone(dt.UTC) if value is not None else None


def fsrs_card(state: CardState) -> fsrs.Card:
    return fsrs.Card(
        card_id=state.card_id,
        state=_STATE_FROM_DB[state.state],
        step=state.step,
        stability=state.stability,
        difficulty=state.difficulty,
        due=utc(state.due),
        last_review=utc(state.last_review),
    )


def _snapshot(state: CardState | None) -> dict | None:
    if state is None:
        return None
    data = {f: getattr(state, f) for f in _SNAPSHOT_FIELDS}
    for f in ("due", "last_review"):
        data[f] = data[f].isoformat() if data[f] else None
    return data


@dataclass
class ReviewOutcome:
    card: Flashcard
    state: CardState
    log: ReviewLog
    applied: bool  # False when this review_id had already been applied


def rating_parse(value) -> fsrs.Rating:
    """'again'|'hard'|'good'|'easy' (or 1..4) -> fsrs.Rating; anything else is a ValidationError on `rating`."""
    if isinstance(value, str) and value.strip().lower() in RATINGS:
        return RATINGS[value.strip().lower()]
    if isinstance(value, int) and not isinstance(value, bool) and 1 <= value <= 4:
        return fsrs.Rating(value)
    raise ValidationError({"rating": [_("Choose one of: again, hard, good, easy.")]})


def card_review(
    *,
    student: User,
    card: Flashcard,
    rating: str | int,
    review_id: uuid.UUID | None = None,
    now: dt.datetime | None = None,
) -> ReviewOutcome:
    """Apply one rating to the student's schedule of a card, log it, and record the study day.

    The same `review_id` sent twice (a retry, or two requests at once) is applied once: the second
    call returns the card as the first left it, with `applied=False`.
    """
    fsrs_rating = rating_parse(rating)
    fixed_now = utc(now)
    now = utc(now or timezone.now())
    if connection.vendor == "postgresql":
        for _attempt in range(_OPTIMISTIC_TRIES):
            outcome = _card_review_one_statement(student, card, fsrs_rating, review_id, fixed_now)
            if outcome is not None:
                return outcome
        # Lost the race every time (many concurrent reviews of one card): serialise on the student row.
    try:
        with transaction.atomic():
            return _card_review_locked(student, card, fsrs_rating, review_id, now)
    except IntegrityError:
        # Only reachable if the lock below is not honoured (SQLite ignores SELECT ... FOR UPDATE):
        # the unique (student, review_id) constraint still refuses the second copy.
        if review_id is None:
            raise
        log = ReviewLog.objects.get(student=student, review_id=review_id)
        state = CardState.objects.get(card_id=log.card_id, student=student)
        return ReviewOutcome(card=log.card, state=state, log=log, applied=False)


_OPTIMISTIC_TRIES = 5


def _review_scheduled(student, card, state, fsrs_rating, now):
    """The card's next state and the log of this rating, computed in memory from the current state."""
    before = _snapshot(state)
    if state is None:
        current = fsrs.Card(card_id=card.pk, due=now)
        state_before, due_before, elapsed = CardState.State.NEW, None, 0.0
    else:
        current = fsrs_card(state)
        state_before, due_before = state.state, state.due
        elapsed = max(0.0, (now - state.last_review).total_seconds() / 86400) if state.last_review else 0.0
    scheduler = scheduler_for(float(student.desired_retention))
    updated, _log = scheduler.review_card(current, fsrs_rating, review_datetime=now)
    new = (
        CardState(card=card, student=student)
        if state is None
        else CardState(pk=state.pk, card=card, student=student, reps=state.reps, lapses=state.lapses)
    )
    new.state = _STATE_TO_DB[updated.state]
    new.step = updated.step
    new.stability = updated.stability
    new.difficulty = updated.difficulty
    new.due = updated.due
    new.last_review = updated.last_review
    new.reps += 1
    if fsrs_rating == fsrs.Rating.Again and state_before == CardState.State.REVIEW:
        new.lapses += 1
    log = ReviewLog(
        student=student,
        card=card,
        rating=int(fsrs_rating),
        reviewed_at=now,
        elapsed_days=round(elapsed, 6),
        state_before=state_before,
        state_after=new.state,
        due_before=due_before,
        due_after=new.due,
        stability_after=new.stability,
        difficulty_after=new.difficulty,
        snapshot_before=before,
    )
    return new, log


_STATE_COLUMNS = ("state", "step", "stability", "difficulty", "due", "last_review", "reps", "lapses")
_LOG_COLUMNS = (
    "student_id", "card_id", "review_id", "rating", "reviewed_at", "elapsed_days", "state_before", "state_after",
    "due_before", "due_after", "stability_after", "difficulty_after", "snapshot_before", "undone",
)  # fmt: skip


def _card_review_one_statement(student, card, fsrs_rating, review_id, fixed_now) -> ReviewOutcome | None:
    """PostgreSQL, in autocommit: read the state (and an earlier copy of this review), then write the state,
    the log and the study day in ONE statement (data-modifying CTEs are atomic). The state is written only if
    it is still the one read (same reps and last_review; an undo restores an older pair, a review makes a
    newer one), and the log and study day only if the state was written. None: another review or an undo
    won the race; the caller reads again. No BEGIN/COMMIT, no lock held across Python."""
    if review_id is not None:
        done = ReviewLog.objects.filter(student=student, review_id=review_id).select_related("card").first()
        if done is not None:
            state = CardState.objects.filter(card_id=done.card_id, student=student).first()
            return ReviewOutcome(card=done.card, state=state, log=done, applied=False)
    state = CardState.objects.filter(card=card, student=student).first()
    # The review happens after the state it applies to (a retry reads a state newer than its first try).
    now = fixed_now or utc(timezone.now())
    if state is not None and state.last_review is not None and now < state.last_review:
        now = utc(state.last_review)
    new, log = _review_scheduled(student, card, state, fsrs_rating, now)
    log.review_id = review_id
    values = [getattr(new, c) for c in _STATE_COLUMNS]
    st, lg, sd = CardState._meta.db_table, ReviewLog._meta.db_table, StudyDay._meta.db_table
    if state is None:
        write_state = (
            f"INSERT INTO {st} (card_id, student_id, {', '.join(_STATE_COLUMNS)}) "  # noqa: S608 (model names)
            f"VALUES (%s, %s, {', '.join(['%s'] * len(_STATE_COLUMNS))}) "
            "ON CONFLICT (card_id, student_id) DO NOTHING RETURNING id"
        )
        params = [card.pk, student.pk, *values]
    else:
        write_state = (
            f"UPDATE {st} SET {', '.join(f'{c} = %s' for c in _STATE_COLUMNS)} "  # noqa: S608 (model names)
            "WHERE id = %s AND reps = %s AND last_review IS NOT DISTINCT FROM %s RETURNING id"
        )
        params = [*values, state.pk, state.reps, state.last_review]
    log_values = [
        student.pk, card.pk, review_id, log.rating, log.reviewed_at, log.elapsed_days, log.state_before,
        log.state_after, log.due_before, log.due_after, log.stability_after, log.difficulty_after,
        json.dumps(log.snapshot_before) if log.snapshot_before is not None else None, False,
    ]  # fmt: skip
    placeholders = ", ".join("%s::jsonb" if c == "snapshot_before" else "%s" for c in _LOG_COLUMNS)
    sql = (
        f"WITH s AS ({write_state}), "  # noqa: S608 (model names)
        f"l AS (INSERT INTO {lg} ({', '.join(_LOG_COLUMNS)}) SELECT {placeholders} FROM s RETURNING id), "
        f"d AS (INSERT INTO {sd} (student_id, day) SELECT %s, %s FROM l ON CONFLICT DO NOTHING) "
        "SELECT (SELECT id FROM s), (SELECT id FROM l)"
    )
    params += [*log_values, student.pk, local_day(student, now)]
    try:
        if connection.in_atomic_block:  # a caller's transaction: a refused duplicate must not break it
            with transaction.atomic(), connection.cursor() as cursor:
                cursor.execute(sql, params)
                state_id, log_id = cursor.fetchone()
        else:
            with connection.cursor() as cursor:
                cursor.execute(sql, params)
                state_id, log_id = cursor.fetchone()
    except IntegrityError:
        # The same review_id committed by a concurrent request (the unique constraint refused this copy,
        # and with it the whole statement): answer as the first one left it.
        if review_id is None:
            raise
        done = ReviewLog.objects.select_related("card").get(student=student, review_id=review_id)
        state = CardState.objects.filter(card_id=done.card_id, student=student).first()
        return ReviewOutcome(card=done.card, state=state, log=done, applied=False)
    if state_id is None:
        return None
    new.pk, log.pk = state_id, log_id
    return ReviewOutcome(card=card, state=new, log=log, applied=True)


def _card_review_locked(student, card, fsrs_rating, review_id, now) -> ReviewOutcome:
    # One student's reviews are serialised on their user row: the review_id check below then sees
    # any concurrent copy of the same request, and undo cannot interleave with a review.
    # FOR NO KEY UPDATE: a review writing its log takes KEY SHARE on this row (the foreign key) while it
    # holds a card state; FOR UPDATE would deadlock with it.
    User.objects.select_for_update(no_key=True).filter(pk=student.pk).values_list("pk", flat=True).get()
    if review_id is not None:
        done = ReviewLog.objects.filter(student=student, review_id=review_id).select_related("card").first()
        if done is not None:
            state = CardState.objects.filter(card_id=done.card_id, student=student).first()
            return ReviewOutcome(card=done.card, state=state, log=done, applied=False)
    state = CardState.objects.filter(card=card, student=student).first()
    state, log = _review_scheduled(student, card, state, fsrs_rating, now)
    state.save()
    log.review_id = review_id
    log.save()
    activity_record(student=student, when=now)
    return ReviewOutcome(card=card, state=state, log=log, applied=True)


@transaction.atomic
def review_undo(*, student: User) -> ReviewLog | None:
    """Undo the student's last rating that is not undone yet: the card's state goes back exactly
    to what it was (no row again if it was new). Returns the undone log, or None if nothing to undo.
    The log row stays, marked `undone`, so fitting can leave it out."""
    # FOR NO KEY UPDATE: a review writing its log takes KEY SHARE on this row (the foreign key) while it
    # holds a card state; FOR UPDATE would deadlock with it.
    User.objects.select_for_update(no_key=True).filter(pk=student.pk).values_list("pk", flat=True).get()
    last = (
        ReviewLog.objects.filter(student=student, undone=False).select_related("card").order_by("-reviewed_at", "-pk")
    )
    log = last.first()
    while log is not None:
        # Reviews on PostgreSQL do not take the student row: they write the card's state and its log in one
        # statement, only over the state they read. Holding the state row, the last log is settled for
        # this card (a review in flight fails its check and reads again after us); read it once more.
        CardState.objects.select_for_update().filter(card_id=log.card_id, student=student).values_list("pk").first()
        again = last.first()
        if again is None or again.pk == log.pk:
            log = again
            break
        log = again
    if log is None:
        return None
    snapshot = log.snapshot_before
    if snapshot is None:
        CardState.objects.filter(card_id=log.card_id, student=student).delete()
    else:
        values = dict(snapshot)
        for f in ("due", "last_review"):
            values[f] = dt.datetime.fromisoformat(values[f]) if values[f] else None
        CardState.objects.update_or_create(card_id=log.card_id, student=student, defaults=values)
    log.undone = True
    # A retry of the undone request must be able to apply again, so the id is released.
    log.review_id = None
    log.save(update_fields=["undone", "review_id"])
    return log


# --- settings ----------------------------------------------------------------------------------------------------


@lru_cache(maxsize=1)
def time_zone_names() -> list[str]:
    return sorted(available_timezones())


def flashcard_settings_update(
    *,
    student: User,
    desired_retention: float | None = None,
    new_cards_per_day: int | None = None,
    time_zone: str | None = None,
) -> User:
    """Change the student's scheduling settings; out-of-bounds values raise ValidationError per field."""
    errors: dict[str, list[str]] = {}
    fields = []
    if desired_retention is not None:
        try:
            value = float(desired_retention)
        except (TypeError, ValueError):
            value = None
        if value is None or not (RETENTION_MIN <= value <= RETENTION_MAX) or value != value:
            errors["desired_retention"] = [
                _("Desired retention must be between %(min)s and %(max)s.")
                % {"min": RETENTION_MIN, "max": RETENTION_MAX}
            ]
        else:
            student.desired_retention = round(value, 4)
            fields.append("desired_retention")
    if new_cards_per_day is not None:
        if isinstance(new_cards_per_day, bool) or not isinstance(new_cards_per_day, int):
            errors["new_cards_per_day"] = [_("Enter a whole number.")]
        elif not 0 <= new_cards_per_day <= NEW_PER_DAY_MAX:
            errors["new_cards_per_day"] = [
                _("New cards per day must be between 0 and %(max)s.") % {"max": NEW_PER_DAY_MAX}
            ]
        else:
            student.new_cards_per_day = new_cards_per_day
            fields.append("new_cards_per_day")
    if time_zone is not None:
        try:
            ZoneInfo(time_zone)
            valid = time_zone in time_zone_names()
        except Exception:
            valid = False
        if not valid:
            errors["time_zone"] = [_("Unknown time zone.")]
        else:
            student.time_zone = time_zone
            fields.append("time_zone")
    if errors:
        raise ValidationError(errors)
    if fields:
        with transaction.atomic():
            student.save(update_fields=fields)
    return student
