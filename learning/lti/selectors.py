"""Reads of the LTI integration."""

from learning.access import documents_visible_to
from learning.lti.services import LINKABLE_TYPES
from learning.models import LtiUser
from learning.services.targets import Target, targets_linkable


def linkable_targets(user) -> list[Target]:
    """Lessons, published quizzes and simulation exercises a teacher can place in an LMS course (the registry's),
    of the documents that teacher may open (learning.access: site documents and their own)."""
    visible = set(documents_visible_to(user).values_list("pk", flat=True))
    return [t for t in targets_linkable(LINKABLE_TYPES) if t.document_id is None or t.document_id in visible]


def lti_user_for(*, user, issuer: str, client_id: str, sub: str) -> LtiUser | None:
    return LtiUser.objects.filter(user=user, platform__issuer=issuer, platform__client_id=client_id, sub=sub).first()
