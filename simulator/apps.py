from django.apps import AppConfig


class SimulatorConfig(AppConfig):
    name = "simulator"
    verbose_name = "Simulator"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from learning.services.targets import Target, target_type_register

        def exercise_target(target_id: int) -> Target | None:
            from simulator.models import Exercise
            from simulator.selectors import localized

            exercise = Exercise.objects.filter(pk=target_id).only("id", "title", "document_id", "slug").first()
            if exercise is None:
                return None
            title = localized(exercise.title) or exercise.slug
            return Target(
                "exercise", exercise.pk, title, f"/simulations/exercises/{exercise.pk}/", exercise.document_id
            )

        target_type_register("exercise", exercise_target)
