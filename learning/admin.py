from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from learning import models


@admin.register(models.User)
class AccountAdmin(UserAdmin):
    list_display = ("username", "first_name", "last_name", "role", "is_staff")
    list_filter = ("role", "is_staff")
    fieldsets = UserAdmin.fieldsets + (
        ("Learning", {"fields": ("role", "time_zone", "desired_retention", "new_cards_per_day")}),
    )
    add_fieldsets = UserAdmin.add_fieldsets + (("Learning", {"fields": ("role",)}),)


admin.site.register(models.Document, list_display=("title", "slug", "language", "published", "updated_at"))
admin.site.register(models.Classroom, list_display=("name", "teacher", "join_code", "join_enabled"))
admin.site.register(models.Quiz, list_display=("title", "document", "mode"))
admin.site.register(models.WorkerHeartbeat, list_display=("id", "sent_at", "received_at", "hostname"))

# LTI platforms, keys and score posts (learning/lti/admin.py).
from learning.lti import admin as lti_admin  # noqa: E402, F401
