"""Celery tasks talking to the LMS: score posts (AGS) and roster sync (NRPS). They take ids, not objects."""

import hashlib
import logging

from celery import shared_task
from django.utils import timezone
from pylti1p3.assignments_grades import AssignmentsGradesService
from pylti1p3.contrib.django.service_connector import DjangoServiceConnector
from pylti1p3.exception import LtiServiceException
from pylti1p3.grade import Grade
from pylti1p3.names_roles import NamesRolesProvisioningService

from learning.lti.services import roster_apply
from learning.lti.tool import tool_conf
from learning.models import LtiContext, LtiPlatform, LtiScorePost

logger = logging.getLogger(__name__)
HTTP_TIMEOUT = 10


class ToolServiceConnector(DjangoServiceConnector):
    """Access tokens cached in the Django cache per issuer AND client id (the library keys them by issuer only)."""

    def _get_cache_key(self, scope_key: str) -> str:
        client = hashlib.sha256(str(self._registration.get_client_id()).encode()).hexdigest()[:16]
        return f"lti1p3-access-token-{client}-{scope_key}"


def _connector(platform: LtiPlatform) -> ToolServiceConnector:
    registration = tool_conf().find_registration_by_params(platform.issuer, platform.client_id)
    connector = ToolServiceConnector(registration)
    # pylti1p3 sets no timeout: a hung LMS must not hold the worker until the hard limit.
    connector._requests_session.request = _with_timeout(connector._requests_session.request)
    return connector


def _with_timeout(request):
    def wrapped(*args, **kwargs):
        kwargs.setdefault("timeout", HTTP_TIMEOUT)
        return request(*args, **kwargs)

    return wrapped


@shared_task(bind=True, acks_late=True, soft_time_limit=30, time_limit=45, max_retries=5)
def lti_score_send(self, score_post_id: int) -> None:
    """POST one score to its line item's /scores; a post already sent is not sent again."""
    post = (
        LtiScorePost.objects.select_related("grade_link__resource_link__platform", "grade_link__lti_user")
        .filter(pk=score_post_id)
        .first()
    )
    if post is None or post.status == LtiScorePost.Status.SENT:
        return
    link = post.grade_link.resource_link
    grade = (
        Grade()
        .set_score_maximum(post.score_maximum)
        .set_activity_progress(post.activity_progress)
        .set_grading_progress(post.grading_progress)
        .set_timestamp(post.timestamp.isoformat(timespec="milliseconds"))
        .set_user_id(post.grade_link.lti_user.sub)
    )
    if post.score_given is not None:
        grade.set_score_given(post.score_given)
    if post.comment:
        grade.set_comment(post.comment)
    ags = AssignmentsGradesService(
        _connector(link.platform), {"scope": link.ags_scopes, "lineitem": link.lineitem_url, "lineitems": ""}
    )
    LtiScorePost.objects.filter(pk=post.pk).update(attempts=post.attempts + 1)
    try:
        ags.put_grade(grade)
    except LtiServiceException as exc:
        response = getattr(exc, "response", None)
        # Not `response and ...`: a requests.Response is falsy when its status is an error.
        status = response.status_code if response is not None else None
        LtiScorePost.objects.filter(pk=post.pk).update(response_status=status, error=str(exc)[:2000])
        if status and 400 <= status < 500 and status != 429:
            LtiScorePost.objects.filter(pk=post.pk).update(status=LtiScorePost.Status.FAILED)
            return
        raise self.retry(countdown=min(300, 5 * 2**self.request.retries), exc=exc)
    except Exception as exc:  # network errors: try again later, keep the reason
        LtiScorePost.objects.filter(pk=post.pk).update(error=str(exc)[:2000])
        raise self.retry(countdown=min(300, 5 * 2**self.request.retries), exc=exc)
    LtiScorePost.objects.filter(pk=post.pk).update(
        status=LtiScorePost.Status.SENT, sent_at=timezone.now(), response_status=200, error=""
    )


@shared_task(acks_late=True, soft_time_limit=60, time_limit=90)
def lti_roster_sync(context_id: int) -> int:
    """Pull the course's members through NRPS and add its learners to the class."""
    context = LtiContext.objects.select_related("platform", "classroom").filter(pk=context_id).first()
    if context is None or not context.memberships_url or context.classroom_id is None:
        return 0
    nrps = NamesRolesProvisioningService(
        _connector(context.platform), {"context_memberships_url": context.memberships_url}
    )
    return roster_apply(context=context, members=nrps.get_members())
