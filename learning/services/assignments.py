"""Writes on assignments: work given to a class with a due date."""

import datetime as dt
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from learning.access import target_visible_to
from learning.models import Assignment, AssignmentGrade, Classroom, User
from learning.services.targets import target_resolve

# A due date further than this is almost surely a typo (year 2062 for 2026).
MAX_DUE_AHEAD = dt.timedelta(days=3 * 366)
MAX_GOAL_CARDS = 10000


def _times_errors(*, due_at: dt.datetime | None, starts_at: dt.datetime | None) -> dict[str, list[str]]:
    """The rules on an assignment's times, for create and edit alike. A past due date is allowed (see due_passed)."""
    errors: dict[str, list[str]] = {}
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
    return errors


def due_passed(assignment: Assignment, *, now: dt.datetime | None = None) -> bool:
    """True when the due date is already past: the teacher is warned, students who did nothing show as missing."""
    return assignment.due_at < (now or timezone.now())


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
        # Assigning makes a document visible to the class (learning.access): only what the teacher sees.
        if target is not None and not target_visible_to(classroom.teacher, target):
            target = None
        if target is None:
            errors["target_id"] = [_("No %(type)s with id %(id)s.") % {"type": target_type, "id": target_id}]
    errors.update(_times_errors(due_at=due_at, starts_at=starts_at))
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


_UNSET = object()


@transaction.atomic
def assignment_update(
    *,
    assignment: Assignment,
    due_at: dt.datetime | None = None,
    starts_at: dt.datetime | None | object = _UNSET,
    late_allowed: bool | None = None,
    goal_cards: int | None = None,
    title: str | None = None,
) -> Assignment:
    """Change an assignment's dates, late policy, title or card goal; what is not given stays.

    `starts_at=None` removes the start. The same rules as at creation apply (ValidationError by field);
    statuses are computed at read time, so the gradebook follows the new dates at once.
    """
    new_due = assignment.due_at if due_at is None else due_at
    new_start = assignment.starts_at if starts_at is _UNSET else starts_at
    errors = _times_errors(due_at=new_due, starts_at=new_start)
    if goal_cards is not None:
        if assignment.target_type != Assignment.TargetType.FLASHCARDS:
            errors["goal_cards"] = [_("Only a flashcards assignment has a card goal.")]
        elif not 1 <= goal_cards <= MAX_GOAL_CARDS:
            errors["goal_cards"] = [_("Between 1 and %(n)d cards.") % {"n": MAX_GOAL_CARDS}]
    if title is not None:
        title = title.strip()
        if not title or len(title) > 300:
            errors["title"] = [_("A title has 1 to 300 characters.")]
    if errors:
        raise ValidationError(errors)
    fields = ["due_at", "starts_at"]
    assignment.due_at, assignment.starts_at = new_due, new_start
    if late_allowed is not None:
        assignment.late_allowed = late_allowed
        fields.append("late_allowed")
    if goal_cards is not None:
        assignment.goal_cards = goal_cards
        fields.append("goal_cards")
    if title is not None:
        assignment.title = title
        fields.append("title")
    assignment.save(update_fields=fields)
    return assignment


def assignment_delete(*, assignment: Assignment) -> None:
    assignment.delete()


MAX_COMMENT = 2000


@transaction.atomic
def assignment_grade_set(
    *, assignment: Assignment, student: User, teacher: User, grade_override: Decimal | float | None, comment: str
) -> AssignmentGrade | None:
    """The teacher's grade override (percent, 0..100, or None to keep the computed grade) and comment on one cell.

    Kept beside the computed grade, never replacing it; both empty removes the row. The caller holds the
    assignment's class as its teacher and the student as a member of it.
    """
    comment = (comment or "").strip()
    errors: dict[str, list[str]] = {}
    if grade_override is not None:
        try:
            grade_override = Decimal(str(grade_override)).quantize(Decimal("0.1"))
        except (InvalidOperation, ValueError):
            errors["grade_override"] = [_("A grade is a percentage from 0 to 100.")]
        else:
            if not grade_override.is_finite() or not Decimal(0) <= grade_override <= Decimal(100):
                errors["grade_override"] = [_("A grade is a percentage from 0 to 100.")]
    if len(comment) > MAX_COMMENT:
        errors["comment"] = [_("At most %(n)d characters.") % {"n": MAX_COMMENT}]
    if errors:
        raise ValidationError(errors)
    if grade_override is None and not comment:
        AssignmentGrade.objects.filter(assignment=assignment, student=student).delete()
        return None
    grade, _created = AssignmentGrade.objects.update_or_create(
        assignment=assignment,
        student=student,
        defaults={"grade_override": grade_override, "comment": comment, "updated_by": teacher},
    )
    return grade
