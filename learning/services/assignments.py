"""Writes on assignments: work given to a class with a due date."""

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from learning.models import Assignment, Classroom
from learning.services.targets import target_resolve

# A due date further than this is almost surely a typo (year 2062 for 2026).
MAX_DUE_AHEAD = dt.timedelta(days=3 * 366)
MAX_GOAL_CARDS = 10000


@transaction.atomic
def assignment_create(
    *,
    classroom: Classroom,
    target_type: str,
    target_id: int,
    due_at: dt.datetime,
    starts_at: dt.datetime | None = None,
    late_allowed: bool = False,
    goal_cards: int | None = None,
    title: str = "",
) -> Assignment:
    """Assign a lesson, quiz, exercise or flashcards goal to the class.

    The target is checked with learning.services.targets.target_resolve; a flashcards assignment's
    target is the Document of the deck and needs `goal_cards` (cards to have learned). Times must be
    time-zone aware. Bad input raises ValidationError naming the field.
    """
    errors: dict[str, list[str]] = {}
    if target_type not in Assignment.TargetType.values:
        errors["target_type"] = [_("Choose one of: %(types)s.") % {"types": ", ".join(Assignment.TargetType.values)}]
    target = None
    if not errors:
        target = target_resolve(target_type, int(target_id))
        if target is None:
            errors["target_id"] = [_("No %(type)s with id %(id)s.") % {"type": target_type, "id": target_id}]
    for name, value in (("due_at", due_at), ("starts_at", starts_at)):
        if value is not None and timezone.is_naive(value):
            errors[name] = [_("Give a time zone (for example 2026-12-01T23:59:00+07:00).")]
    if due_at is None:
        errors["due_at"] = [_("A due date is required.")]
    elif "due_at" not in errors and due_at > timezone.now() + MAX_DUE_AHEAD:
        errors["due_at"] = [_("The due date is more than three years away.")]
    times_valid = starts_at is not None and due_at is not None and not ({"starts_at", "due_at"} & set(errors))
    if times_valid and starts_at >= due_at:
        errors["starts_at"] = [_("The start must be before the due date.")]
    if target_type == Assignment.TargetType.FLASHCARDS:
        if goal_cards is None:
            errors["goal_cards"] = [_("Say how many cards must be learned.")]
        elif not 1 <= goal_cards <= MAX_GOAL_CARDS:
            errors["goal_cards"] = [_("Between 1 and %(n)d cards.") % {"n": MAX_GOAL_CARDS}]
    elif goal_cards is not None:
        errors["goal_cards"] = [_("Only a flashcards assignment has a card goal.")]
    if len(title) > 300:
        errors["title"] = [_("At most 300 characters.")]
    if errors:
        raise ValidationError(errors)
    return Assignment.objects.create(
        classroom=classroom,
        target_type=target_type,
        target_id=target.id,
        title=title or target.title,
        target_url=target.url[:300],
        document_id=target.document_id,
        goal_cards=goal_cards,
        starts_at=starts_at,
        due_at=due_at,
        late_allowed=late_allowed,
    )


def assignment_delete(*, assignment: Assignment) -> None:
    assignment.delete()
