"""Whose Learn sessions: a student's own, nobody else's."""

from django.http import Http404

from learning.models import LearnSession, User


def access_learn_session_by_id(user: User, session_id: int) -> LearnSession:
    """The user's own session; anyone else's (or none) is a 404."""
    session = LearnSession.objects.select_related("document", "focus").filter(pk=session_id, student=user).first()
    if session is None:
        raise Http404("No such session.")
    return session
