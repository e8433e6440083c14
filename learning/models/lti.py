"""LTI 1.3 platforms, deployments, users and grade targets (owned by the LTI work).

Platforms live here rather than in pylti1p3's bundled models, whose migrations
do not match current Django; the tool builds a `ToolConfDict` from these rows.
"""

from django.conf import settings
from django.db import models

from .classes import Classroom

__all__ = [
    "LtiToolKey",
    "LtiPlatform",
    "LtiDeployment",
    "LtiNonce",
    "LtiUser",
    "LtiContext",
    "LtiResourceLink",
    "LtiGradeLink",
    "LtiScorePost",
    "LtiRegistrationInvite",
]


class LtiToolKey(models.Model):
    """The tool's RSA key pair. Generated at first use (or by `lti_keys`), never committed."""

    kid = models.CharField(max_length=100, unique=True)
    private_pem = models.TextField()
    public_pem = models.TextField()
    active = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return self.kid


class LtiPlatform(models.Model):
    name = models.CharField(max_length=200, blank=True)
    issuer = models.URLField(max_length=500)
    client_id = models.CharField(max_length=255)
    auth_login_url = models.URLField(max_length=500)
    auth_token_url = models.URLField(max_length=500)
    auth_audience = models.CharField(max_length=500, blank=True)
    key_set_url = models.URLField(max_length=500, blank=True)
    # Inline JWKS ({"keys": [...]}) when the platform's keyset URL cannot be fetched.
    key_set = models.JSONField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["issuer", "client_id"]
        constraints = [models.UniqueConstraint(fields=["issuer", "client_id"], name="lti_platform_unique")]

    def __str__(self):
        return self.name or f"{self.issuer} ({self.client_id})"


class LtiDeployment(models.Model):
    platform = models.ForeignKey(LtiPlatform, on_delete=models.CASCADE, related_name="deployments")
    deployment_id = models.CharField(max_length=255)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["platform", "deployment_id"], name="lti_deployment_unique"),
        ]

    def __str__(self):
        return self.deployment_id


class LtiNonce(models.Model):
    """An id_token nonce that was used once: a replayed launch collides with this row."""

    platform = models.ForeignKey(LtiPlatform, on_delete=models.CASCADE, related_name="nonces")
    nonce = models.CharField(max_length=255)
    used_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["platform", "nonce"], name="lti_nonce_once")]
        indexes = [models.Index(fields=["used_at"])]


class LtiUser(models.Model):
    """Platform + `sub` identifies an LMS user; it maps to one local user."""

    platform = models.ForeignKey(LtiPlatform, on_delete=models.CASCADE, related_name="users")
    sub = models.CharField(max_length=255)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="lti_links")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["platform", "sub"], name="lti_user_unique")]


class LtiContext(models.Model):
    """An LMS course, mapped to a local class."""

    platform = models.ForeignKey(LtiPlatform, on_delete=models.CASCADE, related_name="contexts")
    context_id = models.CharField(max_length=255)
    title = models.CharField(max_length=300, blank=True)
    # Set by the first instructor launch (a class needs a teacher); learners who came before join at roster sync.
    classroom = models.ForeignKey(
        Classroom, null=True, blank=True, on_delete=models.SET_NULL, related_name="lti_contexts"
    )
    # Names and Role Provisioning Services endpoint, when the platform offers it.
    memberships_url = models.URLField(max_length=500, blank=True)
    roster_synced_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["platform", "context_id"], name="lti_context_unique")]


class LtiResourceLink(models.Model):
    """A placement of a lesson, quiz or exercise in an LMS course, with its AGS line item."""

    platform = models.ForeignKey(LtiPlatform, on_delete=models.CASCADE, related_name="resource_links")
    context = models.ForeignKey(LtiContext, null=True, blank=True, on_delete=models.CASCADE, related_name="links")
    resource_link_id = models.CharField(max_length=255)
    target_type = models.CharField(max_length=12)
    target_id = models.PositiveBigIntegerField()
    # The target's document, filled from the target as Assignment.document is: the course's class may open it.
    document = models.ForeignKey(
        "learning.Document", null=True, blank=True, on_delete=models.SET_NULL, related_name="lti_links"
    )
    title = models.CharField(max_length=300, blank=True)
    lineitem_url = models.URLField(max_length=500, blank=True)
    ags_scopes = models.JSONField(default=list, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["platform", "resource_link_id"], name="lti_resource_link_unique"),
        ]


class LtiGradeLink(models.Model):
    """(student, target) was launched from this resource link: their grades go to its line item."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="lti_grade_links")
    resource_link = models.ForeignKey(LtiResourceLink, on_delete=models.CASCADE, related_name="grade_links")
    lti_user = models.ForeignKey(LtiUser, on_delete=models.CASCADE, related_name="grade_links")
    target_type = models.CharField(max_length=12)
    target_id = models.PositiveBigIntegerField()
    launched_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "resource_link"], name="lti_grade_link_unique"),
        ]
        indexes = [models.Index(fields=["user", "target_type", "target_id"])]


class LtiScorePost(models.Model):
    """One score sent (or to send) to a line item; the task works from this row."""

    class Status(models.TextChoices):
        QUEUED = "queued", "queued"
        SENT = "sent", "sent"
        FAILED = "failed", "failed"

    grade_link = models.ForeignKey(LtiGradeLink, on_delete=models.CASCADE, related_name="score_posts")
    score_given = models.FloatField(null=True, blank=True)
    score_maximum = models.FloatField()
    activity_progress = models.CharField(max_length=20)
    grading_progress = models.CharField(max_length=20)
    comment = models.TextField(blank=True)
    timestamp = models.DateTimeField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    attempts = models.PositiveSmallIntegerField(default=0)
    response_status = models.PositiveSmallIntegerField(null=True, blank=True)
    error = models.TextField(blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["timestamp", "id"]


class LtiRegistrationInvite(models.Model):
    """A single-use LTI Dynamic Registration URL handed to one LMS admin (`manage.py lti_registration_url`)."""

    token = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)
    platform = models.ForeignKey(LtiPlatform, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
