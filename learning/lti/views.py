"""LTI 1.3 endpoints: OIDC login, launch, deep-link pick, JWKS, tool configuration. Thin: services do the work."""

import logging

from django.contrib import messages
from django.contrib.auth import login as auth_login
from django.http import HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from pylti1p3.contrib.django import DjangoCacheDataStorage, DjangoMessageLaunch, DjangoOIDCLogin
from pylti1p3.deep_link_resource import DeepLinkResource
from pylti1p3.exception import LtiException
from pylti1p3.lineitem import LineItem

from learning.access import target_visible_to
from learning.lti import frames
from learning.lti.keys import tool_jwks
from learning.lti.registration import ToolRegistration, origin_of, registration_invite_open
from learning.lti.selectors import linkable_targets, lti_user_for
from learning.lti.services import (
    GRADED_TYPES,
    LINKABLE_TYPES,
    LaunchRejected,
    UnboundLink,
    launch_process,
    platform_for_claims,
    resource_link_bind,
)
from learning.lti.tool import platform_origins, tool_conf, tool_configuration
from learning.services.targets import target_resolve

logger = logging.getLogger(__name__)

SESSION_DEEP_LINK = "lti_deep_link_launch"
SESSION_UNBOUND_LINK = "lti_unbound_link"
# Words of pylti1p3's errors when the login step's state, nonce or session cookie is not found: the launch
# outlived its state (expired, evicted) or the state was never where this process looks.
STATE_LOST_WORDS = ("state", "nonce", "cookie", "launch data")


def _error(request, message: str, status: int = 403):
    return render(request, "lti/error.html", {"message": message}, status=status)


def _expired(request):
    return _error(request, _("This deep-linking session has expired. Start again from the LMS."), status=400)


def _target_from_post(request):
    """The "type:id" a teacher picked, resolved; None for anything else (bounded: no huge ids reach the database)."""
    target_type, _sep, raw_id = request.POST.get("target", "").partition(":")
    if target_type not in LINKABLE_TYPES or not raw_id.isdigit() or len(raw_id) > 18:
        return None
    target = target_resolve(target_type, int(raw_id))
    # Only what the teacher could pick: a posted id of another teacher's private document is refused.
    return target if target is not None and target_visible_to(request.user, target) else None


def _launch_url(request) -> str:
    return request.build_absolute_uri(reverse("lti-launch"))


@csrf_exempt
@require_http_methods(["GET", "POST"])
@frames.lti_frameable
def login(request):
    """OIDC login initiation: the platform sends iss/login_hint; we redirect to its auth URL with state + nonce."""
    oidc = DjangoOIDCLogin(request, tool_conf(), launch_data_storage=DjangoCacheDataStorage())
    try:
        return oidc.redirect(_launch_url(request))
    except Exception as exc:  # pylti1p3 raises bare Exceptions for unknown issuers
        logger.info("LTI login refused: %s", exc)
        return _error(request, _("This LMS is not registered with the tool."), status=400)


@csrf_exempt
@require_POST
@frames.lti_frameable
def launch(request):
    """Validate the id_token (signature, exp, aud, deployment, nonce once), then open the target."""
    try:
        # Built inside the try: without the login's session cookie the constructor itself raises.
        message_launch = DjangoMessageLaunch(request, tool_conf(), launch_data_storage=DjangoCacheDataStorage())
        claims = message_launch.get_launch_data()
    except Exception as exc:  # LtiException, PyJWT errors, unknown issuer/client (bare Exception)
        logger.info("LTI launch refused: %s", exc)
        if any(word in str(exc).lower() for word in STATE_LOST_WORDS):
            return _error(
                request,
                _("This launch has expired or its sign-in step was lost. Open the activity again from the LMS."),
            )
        return _error(request, _("The launch could not be verified."))
    try:
        platform = platform_for_claims(claims)
        result = launch_process(platform=platform, claims=claims)
    except LaunchRejected as exc:
        logger.info("LTI launch rejected: %s", exc)
        return _error(request, str(exc))
    auth_login(request, result.user, backend="learning.auth.LockoutModelBackend")
    request.lti_platform_origins = platform_origins()
    request.session[frames.SESSION_KEY] = request.lti_platform_origins
    if result.context is not None and result.context.memberships_url and result.user.is_teacher:
        _roster_sync_later(result.context.pk)
    if result.deep_linking:
        request.session[SESSION_DEEP_LINK] = message_launch.get_launch_id()
        return render(
            request,
            "lti/deep_link_pick.html",
            {"launch_id": message_launch.get_launch_id(), "targets": linkable_targets(result.user)},
        )
    if result.unbound is not None:
        return _unbound_launch(request, result)
    return redirect(result.target.url)


def _unbound_launch(request, result):
    """A link with only target_link_uri: a learner lands on the course's class, an instructor picks its content."""
    if not result.user.is_teacher:
        if result.classroom is not None and result.classroom.memberships.filter(student=result.user).exists():
            return redirect("class-detail", pk=result.classroom.pk)
        return redirect("dashboard")
    request.session[SESSION_UNBOUND_LINK] = result.unbound.as_session()
    targets = linkable_targets(result.user)
    return render(request, "lti/link_pick.html", {"classroom": result.classroom, "targets": targets})


def _roster_sync_later(context_id: int) -> None:
    from learning.lti.tasks import lti_roster_sync

    try:
        lti_roster_sync.delay(context_id)
    except Exception:  # roster sync is best effort: the launch itself must still work with the broker down
        logger.warning("LTI roster sync not queued for context %s", context_id, exc_info=True)


@csrf_exempt  # cross-site iframe POST: the unguessable launch id bound to this session is the protection
@require_POST
@frames.lti_frameable
def deep_link_pick(request):
    """The teacher's choice goes back to the LMS as a signed LtiDeepLinkingResponse (auto-submitted form)."""
    launch_id = request.POST.get("launch_id", "")
    if not launch_id or request.session.get(SESSION_DEEP_LINK) != launch_id:
        logger.info("LTI deep-link pick refused: launch id not of this session")
        return _expired(request)
    try:
        message_launch = DjangoMessageLaunch.from_cache(
            launch_id, request, tool_conf(), launch_data_storage=DjangoCacheDataStorage()
        )
    except LtiException as exc:  # "Could not find LTI launch data": expired, evicted, or never in this cache
        logger.info("LTI deep-link pick refused: %s", exc)
        return _expired(request)
    if message_launch is None or not message_launch.is_deep_link_launch():
        logger.info("LTI deep-link pick refused: the launch is not a deep-linking request")
        return _expired(request)
    claims = message_launch.get_launch_data()
    if not lti_user_for(
        user=request.user, issuer=claims["iss"], client_id=message_launch.get_client_id(), sub=claims["sub"]
    ):
        logger.info("LTI deep-link pick refused: the session's user is not the launch's")
        return _error(request, _("This deep-linking session belongs to someone else."))
    target = _target_from_post(request)
    if target is None:
        return _error(request, _("Choose a lesson, quiz or exercise."), status=400)
    resource = (
        DeepLinkResource()
        .set_url(_launch_url(request))
        .set_title(target.title)
        .set_custom_params({"target_type": target.type, "target_id": str(target.id)})
    )
    if target.type in GRADED_TYPES:
        resource.set_lineitem(
            LineItem().set_score_maximum(100).set_label(target.title).set_resource_id(f"{target.type}:{target.id}")
        )
    try:
        jwt_value = message_launch.get_deep_link().get_response_jwt([resource])
    except LtiException as exc:  # the platform's registration or key changed since the launch
        logger.warning("LTI deep-link response not signed: %s", exc)
        return _expired(request)
    return_url = claims["https://purl.imsglobal.org/spec/lti-dl/claim/deep_linking_settings"]["deep_link_return_url"]
    # One response per deep-linking request: a second post of this form is a replay.
    request.session.pop(SESSION_DEEP_LINK, None)
    return render(request, "lti/deep_link_return.html", {"return_url": return_url, "jwt": jwt_value, "target": target})


@require_POST
@frames.lti_frameable
def link_pick(request):
    """The instructor of a target-less link chooses what it opens (CSRF-protected: a normal form of our page)."""
    unbound = UnboundLink.from_session(request.session.get(SESSION_UNBOUND_LINK))
    if unbound is None or not request.user.is_authenticated or not request.user.is_teacher:
        logger.info("LTI link pick refused: no target-less launch in this session")
        return _error(request, _("This choice has expired. Open the link again from the LMS."), status=400)
    target = _target_from_post(request)
    if target is None:
        return _error(request, _("Choose a lesson, quiz or exercise."), status=400)
    resource_link_bind(unbound=unbound, target_type=target.type, target_id=target.id)
    request.session.pop(SESSION_UNBOUND_LINK, None)
    messages.success(request, _("This LMS link now opens “%(title)s”.") % {"title": target.title})
    return redirect(target.url)


@require_GET
def jwks(request):
    return JsonResponse(tool_jwks())


@require_GET
def config(request):
    return JsonResponse(tool_configuration(), json_dumps_params={"indent": 2})


@require_GET
def register(request, token):
    """LTI Dynamic Registration: the LMS opens this single-use URL with its openid_configuration."""
    invite = registration_invite_open(token)
    if invite is None:
        return _error(request, _("This registration URL is unknown, expired or already used."), status=404)
    openid_configuration = request.GET.get("openid_configuration", "")
    lms_origin = origin_of(openid_configuration)
    if not lms_origin:
        return _error(request, _("The LMS did not say where its configuration is."), status=400)
    registration = ToolRegistration(
        openid_configuration=openid_configuration,
        registration_token=request.GET.get("registration_token", ""),
        invite=invite,
    )
    try:
        registration.register()
    except Exception as exc:  # the platform's HTTP errors, bad JSON, missing fields, a spent invite
        logger.warning("LTI dynamic registration failed: %s", exc)
        return _error(request, _("The LMS refused the registration, or its answer was not understood."), status=400)
    # The LMS shows this page in its own frame: allow that origin here (it is registered from now on).
    return frames.allow(HttpResponse(registration.complete_html()), [lms_origin])
