"""Grade events: the one place a finished (or pending) grade is reported.

Quizzes call it when an attempt is graded; the simulator calls it when an
exercise is submitted (pending while its run works, then graded). The LTI
integration sends these to the LMS line item (Assignment and Grade Services)
when the work was launched from an LMS.
"""

from django.db import transaction
from django.utils import timezone

from learning.models import LtiGradeLink, LtiScorePost, User

SCOPE_SCORE = "https://purl.imsglobal.org/spec/lti-ags/scope/score"


def grade_report(
    *,
    student: User,
    target_type: str,
    target_id: int,
    score: float | None,
    max_score: float,
    pending: bool = False,
    comment: str = "",
) -> list[LtiScorePost]:
    """Report a grade for (student, target). `pending=True` while grading is not finished.

    For every LMS line item this (student, target) was launched from, a score post is saved and
    sent by a Celery task after the surrounding transaction commits. AGS progress is honest:
    pending -> Submitted/Pending (no score yet unless given), graded -> Completed/FullyGraded.
    """
    links = LtiGradeLink.objects.filter(
        user=student, target_type=target_type, target_id=target_id, resource_link__lineitem_url__gt=""
    ).select_related("resource_link")
    posts = []
    with transaction.atomic():
        now = timezone.now()
        for link in links:
            if SCOPE_SCORE not in (link.resource_link.ags_scopes or []):
                continue
            posts.append(
                LtiScorePost.objects.create(
                    grade_link=link,
                    score_given=None if score is None else max(0.0, min(float(score), float(max_score))),
                    score_maximum=float(max_score),
                    activity_progress="Submitted" if pending else "Completed",
                    grading_progress="Pending" if pending else "FullyGraded",
                    comment=comment[:1000],
                    timestamp=now,
                )
            )
        if posts:
            from learning.lti.tasks import lti_score_send

            for post in posts:
                lti_score_send.delay_on_commit(post.pk)
    return posts
