"""Data steps for the migration that adds ExerciseSubmission.attempt (the lead's migration calls these).

Existing submissions all get attempt=1 from the column default; number them per (student, exercise) in the
order they were made before the unique constraint `exsub_one_per_attempt` is added:

    migrations.AddField(... "attempt" ...),
    migrations.RunPython(number_existing_attempts, migrations.RunPython.noop),
    migrations.AddConstraint(... "exsub_one_per_attempt" ...),
"""


def number_existing_attempts(apps, schema_editor) -> None:
    submission_model = apps.get_model("simulator", "ExerciseSubmission")
    counters: dict[tuple[int, int], int] = {}
    rows = submission_model.objects.order_by("created_at", "id").values_list("id", "student_id", "exercise_id")
    for pk, student_id, exercise_id in rows.iterator():
        key = (student_id, exercise_id)
        counters[key] = counters.get(key, 0) + 1
        if counters[key] != 1:
            submission_model.objects.filter(pk=pk).update(attempt=counters[key])
