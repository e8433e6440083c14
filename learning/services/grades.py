"""Grade events: the one place a finished (or pending) grade is reported.

Quizzes call it when an attempt is graded; the simulator calls it when an
exercise is submitted (pending while its run works, then graded). The LTI
integration sends these to the LMS line item (Assignment and Grade Services)
when the work was launched from an LMS.
"""

from learning.models import User


def grade_report(
    *,
    student: User,
    target_type: str,
    target_id: int,
    score: float | None,
    max_score: float,
    pending: bool = False,
    comment: str = "",
) -> None:
    """Report a grade for (student, target). `pending=True` while grading is not finished."""
