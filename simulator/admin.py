from django.contrib import admin

from simulator.models import Exercise, ExerciseSubmission, SimulationRun


@admin.register(SimulationRun)
class SimulationRunAdmin(admin.ModelAdmin):
    list_display = ["id", "kind", "owner", "status", "progress", "attempts", "created_at", "finished_at"]
    list_filter = ["status", "kind"]
    raw_id_fields = ["owner"]
    exclude = ["charts"]
    readonly_fields = ["result", "error", "dispatched_at", "started_at", "finished_at", "attempts"]


@admin.register(Exercise)
class ExerciseAdmin(admin.ModelAdmin):
    list_display = ["id", "slug", "kind", "document", "attempts_allowed", "published", "position"]
    list_filter = ["kind", "published"]


@admin.register(ExerciseSubmission)
class ExerciseSubmissionAdmin(admin.ModelAdmin):
    list_display = ["id", "exercise", "student", "attempt", "status", "score", "max_score", "created_at"]
    list_filter = ["status"]
    raw_id_fields = ["student", "run"]
    readonly_fields = ["results", "graded_at"]
