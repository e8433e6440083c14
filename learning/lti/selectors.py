"""Reads of the LTI integration."""

from learning.lti.services import LINKABLE_TYPES
from learning.models import LtiUser
from learning.services.targets import Target, targets_linkable


def linkable_targets() -> list[Target]:
    """Lessons, published quizzes and simulation exercises a teacher can place in an LMS course (the registry's)."""
    return targets_linkable(LINKABLE_TYPES)


def lti_user_for(*, user, issuer: str, client_id: str, sub: str) -> LtiUser | None:
    return LtiUser.objects.filter(user=user, platform__issuer=issuer, platform__client_id=client_id, sub=sub).first()
