"""Writes of the LTI integration: what a validated launch creates or matches."""

import hashlib
import secrets
from dataclasses import dataclass
from datetime import timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from learning.models import (
    Classroom,
    LtiContext,
    LtiDeployment,
    LtiGradeLink,
    LtiNonce,
    LtiPlatform,
    LtiResourceLink,
    LtiUser,
    User,
)
from learning.services.classes import classroom_create, membership_add
from learning.services.targets import Target, target_resolve

CLAIM = "https://purl.imsglobal.org/spec/lti/claim/"
CLAIM_ROLES = CLAIM + "roles"
CLAIM_CONTEXT = CLAIM + "context"
CLAIM_RESOURCE_LINK = CLAIM + "resource_link"
CLAIM_CUSTOM = CLAIM + "custom"
CLAIM_DEPLOYMENT = CLAIM + "deployment_id"
CLAIM_MESSAGE_TYPE = CLAIM + "message_type"
CLAIM_AGS = "https://purl.imsglobal.org/spec/lti-ags/claim/endpoint"
CLAIM_NRPS = "https://purl.imsglobal.org/spec/lti-nrps/claim/namesroleservice"
SCOPE_SCORE = "https://purl.imsglobal.org/spec/lti-ags/scope/score"

TEACHER_ROLES = ("#Instructor", "#Administrator", "#ContentDeveloper", "#TeachingAssistant", "#Mentor")
LINKABLE_TYPES = ("lesson", "quiz", "exercise")
GRADED_TYPES = ("quiz", "exercise")


class LaunchRejected(Exception):
    """The launch is refused; the message is safe to show."""


@dataclass
class UnboundLink:
    """A resource link launched with only `target_link_uri` (an LMS link added without content selection)."""

    platform_id: int
    context_id: int | None
    resource_link_id: str
    title: str
    lineitem_url: str
    ags_scopes: list[str]

    def as_session(self) -> dict:
        return dict(self.__dict__)

    @classmethod
    def from_session(cls, data) -> "UnboundLink | None":
        try:
            return cls(**data)
        except TypeError:  # nothing pending, or a shape from an older version
            return None


@dataclass
class LaunchResult:
    user: User
    platform: LtiPlatform
    target: Target | None
    deep_linking: bool
    classroom: Classroom | None
    context: LtiContext | None = None
    unbound: UnboundLink | None = None


def is_teacher_roles(roles: list[str]) -> bool:
    return any(role.endswith(TEACHER_ROLES) for role in roles or [])


def platform_for_claims(claims: dict) -> LtiPlatform:
    """The platform the token is for, with the `aud` (and `azp`) claim checked against its client id."""
    aud = claims.get("aud")
    audiences = aud if isinstance(aud, list) else [aud]
    platforms = LtiPlatform.objects.filter(issuer=claims.get("iss"), client_id__in=[a for a in audiences if a])
    platform = platforms.first()
    if platform is None:
        raise LaunchRejected(_("The token's audience is not a registered client of this issuer."))
    if len(audiences) > 1 and claims.get("azp") != platform.client_id:
        raise LaunchRejected(_("The token's authorized party does not match the client id."))
    if not LtiDeployment.objects.filter(platform=platform, deployment_id=claims.get(CLAIM_DEPLOYMENT)).exists():
        raise LaunchRejected(_("Unknown deployment."))
    return platform


# Kept longer than any id_token lives (their `exp` is minutes), so a purged nonce belongs to an expired token.
NONCE_KEPT = timedelta(days=2)


def nonce_consume(*, platform: LtiPlatform, nonce: str) -> None:
    """Record the nonce; a second use of the same id_token is a replay."""
    if not nonce:
        raise LaunchRejected(_("The token has no nonce."))
    LtiNonce.objects.filter(used_at__lt=timezone.now() - NONCE_KEPT).delete()
    try:
        with transaction.atomic():
            LtiNonce.objects.create(platform=platform, nonce=nonce[:255])
    except IntegrityError:
        raise LaunchRejected(_("This launch was already used (replayed nonce)."))


def lti_user_match(*, platform: LtiPlatform, sub: str, claims: dict, teacher: bool) -> tuple[User, LtiUser]:
    """The local user of (platform, sub): created on first launch, with the LMS role."""
    link = LtiUser.objects.select_related("user").filter(platform=platform, sub=sub).first()
    if link is None:
        digest = hashlib.sha256(f"{platform.pk}:{sub}".encode()).hexdigest()[:20]
        username = f"lti-{platform.pk}-{digest}"
        if User.objects.filter(username__iexact=username).exists():
            # A local account already has that name: never take it over, draw a distinct one.
            username = f"{username}-{secrets.token_hex(4)}"
        user = User(
            username=username,
            first_name=str(claims.get("given_name") or claims.get("name") or "")[:150],
            last_name=str(claims.get("family_name") or "")[:150],
            email=str(claims.get("email") or "")[:254],
            role=User.Role.TEACHER if teacher else User.Role.STUDENT,
        )
        user.set_unusable_password()
        user.save()
        link = LtiUser.objects.create(platform=platform, sub=sub, user=user)
    user = link.user
    if user.is_staff or user.is_superuser:
        # A site administrator is never signed in (nor enrolled) on an LMS's word.
        raise LaunchRejected(_("This LMS account is linked to a site administrator; sign in here directly."))
    if teacher and not user.is_teacher:
        # An Instructor in the LMS teaches here too; nobody is demoted by a Learner launch.
        user.role = User.Role.TEACHER
        user.save(update_fields=["role"])
    return user, link


def context_sync(*, platform: LtiPlatform, claims: dict, user: User, teacher: bool) -> LtiContext | None:
    """The LMS course as a class: created by the first instructor launch; learners join it."""
    context_claim = claims.get(CLAIM_CONTEXT) or {}
    context_id = str(context_claim.get("id") or "")
    if not context_id:
        return None
    title = str(context_claim.get("title") or context_claim.get("label") or context_id)[:200]
    memberships_url = str((claims.get(CLAIM_NRPS) or {}).get("context_memberships_url") or "")
    context = LtiContext.objects.select_for_update().filter(platform=platform, context_id=context_id).first()
    if context is None:
        context = LtiContext.objects.create(
            platform=platform, context_id=context_id, title=title, memberships_url=memberships_url
        )
    changed = []
    if memberships_url and context.memberships_url != memberships_url:
        context.memberships_url = memberships_url
        changed.append("memberships_url")
    if context.classroom_id is None and teacher:
        context.classroom = classroom_create(teacher=user, name=title)
        changed.append("classroom")
    if changed:
        context.save(update_fields=changed)
    if context.classroom_id and not teacher:
        membership_add(classroom=context.classroom, student=user)
    return context


def resource_link_sync(
    *, platform: LtiPlatform, context: LtiContext | None, claims: dict
) -> LtiResourceLink | UnboundLink:
    """The placement launched: its target comes from the custom parameters set by deep linking.

    A link that names no target and was never bound to one (Moodle lets a teacher add the tool without
    selecting content) is returned unbound: the launch then opens the course's class, not an error.
    """
    link_claim = claims.get(CLAIM_RESOURCE_LINK) or {}
    resource_link_id = str(link_claim.get("id") or "")[:255]
    if not resource_link_id:
        raise LaunchRejected(_("The launch has no resource link."))
    custom = claims.get(CLAIM_CUSTOM) or {}
    if not isinstance(custom, dict):
        custom = {}
    ags = claims.get(CLAIM_AGS) or {}
    link = (
        LtiResourceLink.objects.select_for_update().filter(platform=platform, resource_link_id=resource_link_id).first()
    )
    if link is None and not custom.get("target_type") and not custom.get("target_id"):
        return UnboundLink(
            platform_id=platform.pk,
            context_id=context.pk if context else None,
            resource_link_id=resource_link_id,
            title=str(link_claim.get("title") or "")[:300],
            lineitem_url=str(ags.get("lineitem") or "")[:500],
            ags_scopes=[str(scope) for scope in ags.get("scope") or [] if isinstance(scope, str)],
        )
    target_type = str(custom.get("target_type") or (link.target_type if link else ""))
    try:
        target_id = int(custom.get("target_id") or (link.target_id if link else 0))
    except (TypeError, ValueError):
        raise LaunchRejected(_("The link's target_id is not a number."))
    if target_type not in LINKABLE_TYPES or target_id <= 0:
        raise LaunchRejected(_("This link does not point at a lesson, quiz or exercise."))
    fields = {
        "context": context,
        "target_type": target_type,
        "target_id": target_id,
        "title": str(link_claim.get("title") or "")[:300],
        "lineitem_url": str(ags.get("lineitem") or "")[:500],
        "ags_scopes": list(ags.get("scope") or []),
    }
    if link is None or (link.target_type, link.target_id) != (target_type, target_id) or link.document_id is None:
        target = target_resolve(target_type, target_id)  # its document opens to the course's class (learning.access)
        fields["document_id"] = target.document_id if target is not None else None
    if link is None:
        return LtiResourceLink.objects.create(platform=platform, resource_link_id=resource_link_id, **fields)
    for name, value in fields.items():
        setattr(link, name, value)
    link.save(update_fields=list(fields))
    return link


@transaction.atomic
def launch_process(*, platform: LtiPlatform, claims: dict) -> LaunchResult:
    """Everything a validated launch writes: nonce, user, class, link, grade link. All or nothing."""
    nonce_consume(platform=platform, nonce=str(claims.get("nonce") or ""))
    sub = str(claims.get("sub") or "")
    if not sub:
        raise LaunchRejected(_("Anonymous launches are not supported (no sub)."))
    teacher = is_teacher_roles(claims.get(CLAIM_ROLES) or [])
    user, lti_user = lti_user_match(platform=platform, sub=sub, claims=claims, teacher=teacher)
    context = context_sync(platform=platform, claims=claims, user=user, teacher=teacher)
    classroom = context.classroom if context and context.classroom_id else None
    if claims.get(CLAIM_MESSAGE_TYPE) == "LtiDeepLinkingRequest":
        if not teacher:
            raise LaunchRejected(_("Only instructors can add content to a course."))
        return LaunchResult(
            user=user, platform=platform, target=None, deep_linking=True, classroom=classroom, context=context
        )
    link = resource_link_sync(platform=platform, context=context, claims=claims)
    if isinstance(link, UnboundLink):
        return LaunchResult(
            user=user,
            platform=platform,
            target=None,
            deep_linking=False,
            classroom=classroom,
            context=context,
            unbound=link,
        )
    target = target_resolve(link.target_type, link.target_id)
    if target is None:
        raise LaunchRejected(_("The linked lesson, quiz or exercise no longer exists."))
    if not teacher and link.target_type in GRADED_TYPES and link.lineitem_url and SCOPE_SCORE in link.ags_scopes:
        LtiGradeLink.objects.update_or_create(
            user=user,
            resource_link=link,
            defaults={
                "lti_user": lti_user,
                "target_type": link.target_type,
                "target_id": link.target_id,
                "launched_at": timezone.now(),
            },
        )
    return LaunchResult(
        user=user, platform=platform, target=target, deep_linking=False, classroom=classroom, context=context
    )


@transaction.atomic
def resource_link_bind(*, unbound: UnboundLink, target_type: str, target_id: int) -> LtiResourceLink:
    """An instructor chooses what a target-less LMS link opens; its next launches open that target."""
    target = target_resolve(target_type, target_id) if target_type in LINKABLE_TYPES else None
    if target is None:
        raise LaunchRejected(_("Choose a lesson, quiz or exercise."))
    link, _created = LtiResourceLink.objects.update_or_create(
        platform_id=unbound.platform_id,
        resource_link_id=unbound.resource_link_id,
        defaults={
            "context_id": unbound.context_id,
            "target_type": target.type,
            "target_id": target.id,
            "document_id": target.document_id,
            "title": unbound.title,
            "lineitem_url": unbound.lineitem_url,
            "ags_scopes": unbound.ags_scopes,
        },
    )
    return link


@transaction.atomic
def roster_apply(*, context: LtiContext, members: list[dict]) -> int:
    """Add the active learners of an NRPS membership list to the context's class; returns how many were added."""
    if context.classroom_id is None:
        return 0
    added = 0
    for member in members:
        sub = str(member.get("user_id") or "")
        if not sub or member.get("status", "Active") != "Active":
            continue
        if is_teacher_roles(member.get("roles") or []):
            continue
        try:
            user, _lti_user = lti_user_match(platform=context.platform, sub=sub, claims=member, teacher=False)
        except LaunchRejected:  # linked to a site administrator: never enrolled from a roster
            continue
        if user.is_student:
            _membership, created = context.classroom.memberships.get_or_create(student=user)
            added += created
    context.roster_synced_at = timezone.now()
    context.save(update_fields=["roster_synced_at"])
    return added


@transaction.atomic
def platform_register(
    *,
    issuer: str,
    client_id: str,
    deployment_id: str,
    auth_login_url: str,
    auth_token_url: str,
    key_set_url: str = "",
    key_set: dict | None = None,
    auth_audience: str = "",
    name: str = "",
) -> tuple[LtiPlatform, bool]:
    """Create or update the platform (issuer, client_id) and add the deployment; running it twice changes nothing."""
    defaults = {
        "auth_login_url": auth_login_url,
        "auth_token_url": auth_token_url,
        "key_set_url": key_set_url,
        "auth_audience": auth_audience,
    }
    if key_set is not None:
        defaults["key_set"] = key_set
    if name:
        defaults["name"] = name
    LtiPlatform(issuer=issuer, client_id=client_id, **defaults).full_clean(
        validate_unique=False, validate_constraints=False
    )
    platform, created = LtiPlatform.objects.update_or_create(issuer=issuer, client_id=client_id, defaults=defaults)
    LtiDeployment.objects.get_or_create(platform=platform, deployment_id=deployment_id)
    return platform, created
