"""Admin for LTI: staff register platforms (with deployments) and follow score posts."""

from django.contrib import admin

from learning import models


class DeploymentInline(admin.TabularInline):
    model = models.LtiDeployment
    extra = 1


@admin.register(models.LtiPlatform)
class LtiPlatformAdmin(admin.ModelAdmin):
    list_display = ("issuer", "client_id", "name", "created_at")
    search_fields = ("issuer", "client_id", "name")
    inlines = [DeploymentInline]


@admin.register(models.LtiToolKey)
class LtiToolKeyAdmin(admin.ModelAdmin):
    """Keys are made by `manage.py lti_keys`; the private half is never shown."""

    list_display = ("kid", "active", "created_at")
    fields = ("kid", "active", "public_pem", "created_at")
    readonly_fields = ("kid", "public_pem", "created_at")

    def has_add_permission(self, request):
        return False


@admin.register(models.LtiScorePost)
class LtiScorePostAdmin(admin.ModelAdmin):
    list_display = ("grade_link", "score_given", "score_maximum", "grading_progress", "status", "response_status")
    list_filter = ("status", "grading_progress")
    list_select_related = ("grade_link",)
    readonly_fields = [f.name for f in models.LtiScorePost._meta.fields]


admin.site.register(models.LtiContext, list_display=("platform", "context_id", "title", "classroom"))
admin.site.register(models.LtiResourceLink, list_display=("platform", "resource_link_id", "target_type", "target_id"))
