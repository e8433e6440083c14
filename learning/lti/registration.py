"""LTI Dynamic Registration (IMS LTI-DR 1.0), with pylti1p3next's protocol client.

A Moodle 4+ admin pastes the single-use URL given by `manage.py lti_registration_url`; Moodle opens it
with `openid_configuration` and `registration_token`; the tool reads the platform's configuration,
registers itself, and stores the platform and deployment in our own models.
"""

import secrets
from datetime import timedelta
from urllib.parse import urlsplit

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from pylti1p3.dynamic_registration import DynamicRegistration

from learning.lti.services import platform_register
from learning.lti.tool import absolute, tool_configuration
from learning.models import LtiPlatform, LtiRegistrationInvite

INVITE_LIFETIME = timedelta(days=2)
TOOL_CONFIGURATION = "https://purl.imsglobal.org/spec/lti-tool-configuration"
PLATFORM_CONFIGURATION = "https://purl.imsglobal.org/spec/lti-platform-configuration"


def registration_invite_create() -> tuple[LtiRegistrationInvite, str]:
    invite = LtiRegistrationInvite.objects.create(
        token=secrets.token_urlsafe(32), expires_at=timezone.now() + INVITE_LIFETIME
    )
    return invite, settings.SITE_URL + reverse("lti-register", args=[invite.token])


def registration_invite_open(token: str) -> LtiRegistrationInvite | None:
    invites = LtiRegistrationInvite.objects.filter(used_at__isnull=True, expires_at__gt=timezone.now())
    return invites.filter(token=token).first()


def origin_of(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}" if parts.scheme in ("http", "https") and parts.netloc else ""


class ToolRegistration(DynamicRegistration):
    client_name = "Learning service: client-server vs peer-to-peer"
    description = "Lessons, quizzes and network simulations; grades go back to the LMS."

    def __init__(self, *, openid_configuration: str, registration_token: str, invite: LtiRegistrationInvite):
        self._openid_configuration = openid_configuration
        self._registration_token = registration_token
        self._invite = invite
        self.platform: LtiPlatform | None = None

    def get_openid_configuration_endpoint(self) -> str:
        return self._openid_configuration

    def get_registration_token(self) -> str:
        return self._registration_token

    def get_initiate_login_uri(self) -> str:
        return absolute("lti-login")

    def get_jwks_uri(self) -> str:
        return absolute("lti-jwks")

    def get_redirect_uris(self) -> list[str]:
        return [absolute("lti-launch")]

    def get_target_link_uri(self) -> str:
        return absolute("lti-launch")

    def get_domain(self) -> str:
        return urlsplit(settings.SITE_URL).netloc

    def get_logo_uri(self) -> str:
        return settings.SITE_URL + "/static/favicon.svg"

    def get_scopes(self) -> list[str]:
        return tool_configuration()["scopes"]

    def get_claims(self) -> list[str]:
        return tool_configuration()["claims"]

    def get_messages(self) -> list[dict]:
        return [
            {"type": "LtiResourceLinkRequest", "target_link_uri": absolute("lti-launch")},
            {"type": "LtiDeepLinkingRequest", "target_link_uri": absolute("lti-launch"), "label": self.client_name},
        ]

    @transaction.atomic
    def complete_registration(self, openid_configuration: dict, openid_registration: dict) -> LtiPlatform:
        tool = openid_registration.get(TOOL_CONFIGURATION) or {}
        platform_conf = openid_configuration.get(PLATFORM_CONFIGURATION) or {}
        self.platform, _created = platform_register(
            issuer=openid_configuration["issuer"],
            client_id=str(openid_registration["client_id"]),
            deployment_id=str(tool.get("deployment_id") or "1"),
            auth_login_url=openid_configuration["authorization_endpoint"],
            auth_token_url=openid_configuration["token_endpoint"],
            key_set_url=openid_configuration["jwks_uri"],
            auth_audience=str(openid_configuration.get("authorization_server") or ""),
            name=str(platform_conf.get("product_family_code") or "")[:200],
        )
        # Single use: a second registration with the same URL finds the invite spent.
        spent = LtiRegistrationInvite.objects.filter(pk=self._invite.pk, used_at__isnull=True).update(
            used_at=timezone.now(), platform=self.platform
        )
        if not spent:
            raise PermissionError("registration URL already used")
        return self.platform
