"""Let registered LMSs (and only them) frame the tool.

settings.X_FRAME_OPTIONS is DENY everywhere; LTI pages and the pages a launched
user browses afterwards drop it and send `Content-Security-Policy: frame-ancestors`
listing the registered platforms' origins instead.
"""

from functools import wraps

from learning.lti.tool import platform_origins

SESSION_KEY = "lti_frame_ancestors"


def frame_ancestors_header(origins: list[str]) -> str:
    return "frame-ancestors 'self'" + "".join(f" {o}" for o in origins)


def allow(response, origins: list[str]):
    response.xframe_options_exempt = True
    if "X-Frame-Options" in response:
        del response["X-Frame-Options"]
    response["Content-Security-Policy"] = frame_ancestors_header(origins)
    return response


def lti_frameable(view):
    """View decorator for /lti/ pages: framable by every registered platform."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        # The view may have looked them up already (the launch stores them in the session).
        return allow(response, getattr(request, "lti_platform_origins", None) or platform_origins())

    return wrapped


class LtiFrameMiddleware:
    """After a launch, the session's pages may be framed by the launching platform.

    Goes after SessionMiddleware and before XFrameOptionsMiddleware in MIDDLEWARE
    (so its response hook runs after the X-Frame-Options header was set).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        session = getattr(request, "session", None)
        origins = session.get(SESSION_KEY) if session is not None else None
        if origins and "Content-Security-Policy" not in response:
            allow(response, origins)
        return response
