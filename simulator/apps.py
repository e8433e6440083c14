from django.apps import AppConfig


class SimulatorConfig(AppConfig):
    name = "simulator"
    verbose_name = "Simulator"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # Exercises join the one registry of linkable targets (assignments, LTI links, lesson pages).
        from learning.services.targets import TargetType, target_type_register
        from simulator import selectors

        target_type_register(
            TargetType(
                "exercise",
                graded=True,
                resolve=selectors.exercise_target,
                listing=selectors.exercise_targets,
                for_lesson=selectors.exercise_targets_for_lesson,
                for_differences=selectors.exercise_targets_by_difference,
            )
        )
