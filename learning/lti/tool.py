"""pylti1p3 configuration built from our own platform rows (not the package's DB models)."""

from urllib.parse import urlsplit

from django.conf import settings
from django.urls import reverse
from pylti1p3.tool_config import ToolConfDict

from learning.lti.keys import tool_key_active
from learning.models import LtiPlatform


def tool_conf() -> ToolConfDict:
    """Every registered platform as "one issuer, many clients", signed with the active tool key."""
    key = tool_key_active()
    platforms = list(LtiPlatform.objects.prefetch_related("deployments"))
    data: dict[str, list] = {}
    for platform in platforms:
        data.setdefault(platform.issuer, []).append(
            {
                "default": not data.get(platform.issuer),
                "client_id": platform.client_id,
                "auth_login_url": platform.auth_login_url,
                "auth_token_url": platform.auth_token_url,
                "auth_audience": platform.auth_audience or None,
                "key_set_url": platform.key_set_url or None,
                "key_set": platform.key_set or None,
                "deployment_ids": [d.deployment_id for d in platform.deployments.all()],
            }
        )
    conf = ToolConfDict(data)
    for platform in platforms:
        conf.set_private_key(platform.issuer, key.private_pem, client_id=platform.client_id)
        conf.set_public_key(platform.issuer, key.public_pem, client_id=platform.client_id)
    return conf


def platform_origins() -> list[str]:
    """Origins of the registered platforms (issuer and login URL), for CSP frame-ancestors."""
    origins = set()
    for issuer, login_url in LtiPlatform.objects.values_list("issuer", "auth_login_url"):
        for url in (issuer, login_url):
            parts = urlsplit(url)
            if parts.scheme in ("http", "https") and parts.netloc:
                origins.add(f"{parts.scheme}://{parts.netloc}")
    return sorted(origins)


def absolute(url_name: str) -> str:
    return settings.SITE_URL + reverse(url_name)


def tool_configuration() -> dict:
    """What an LMS admin pastes in (Moodle "Tool settings", Canvas developer key)."""
    return {
        "title": "Learning service",
        "description": "Lessons, quizzes and network simulations (client-server vs peer-to-peer).",
        "target_link_uri": absolute("lti-launch"),
        "oidc_initiation_url": absolute("lti-login"),
        "login_url": absolute("lti-login"),
        "launch_url": absolute("lti-launch"),
        "redirect_uris": [absolute("lti-launch")],
        "public_jwk_url": absolute("lti-jwks"),
        "jwks_url": absolute("lti-jwks"),
        "deep_linking_url": absolute("lti-launch"),
        "scopes": [
            "https://purl.imsglobal.org/spec/lti-ags/scope/lineitem",
            "https://purl.imsglobal.org/spec/lti-ags/scope/result.readonly",
            "https://purl.imsglobal.org/spec/lti-ags/scope/score",
            "https://purl.imsglobal.org/spec/lti-nrps/scope/contextmembership.readonly",
        ],
        "messages": [
            {"type": "LtiResourceLinkRequest", "target_link_uri": absolute("lti-launch")},
            {"type": "LtiDeepLinkingRequest", "target_link_uri": absolute("lti-launch")},
        ],
        "claims": ["iss", "sub", "name", "given_name", "family_name", "email"],
        # Canvas reads its placements from here ("Paste JSON" in a developer key).
        "extensions": [
            {
                "platform": "canvas.instructure.com",
                "privacy_level": "public",
                "settings": {
                    "placements": [
                        {
                            "placement": placement,
                            "message_type": "LtiDeepLinkingRequest",
                            "target_link_uri": absolute("lti-launch"),
                        }
                        for placement in ("link_selection", "assignment_selection")
                    ]
                },
            }
        ],
        "custom_parameters_example": {"target_type": "quiz", "target_id": "1"},
        # LTI Dynamic Registration (Moodle 4+): a staff member runs `python manage.py lti_registration_url`
        # and gives the single-use URL it prints to the LMS admin.
        "dynamic_registration": "python manage.py lti_registration_url",
    }
