"""Data steps for the lead's migrations (they call these from RunPython): attempt numbers, exercise texts.

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


# Exercise texts: one translation mechanism (gettext). Exercise.title/intro go from {"vi", "en"} JSON to text
# holding the English msgid (the seed's; an exercise written in the admin keeps its English, else its Vietnamese),
# and so do the prompts, choice texts and observation labels inside predictions/questions/observations.
# Call it twice, around the type change (it is idempotent):
#
#     migrations.RunPython(exercise_texts_to_msgids, migrations.RunPython.noop),
#     migrations.AlterField("exercise", "title", models.CharField(max_length=200)),
#     migrations.AlterField("exercise", "intro", models.TextField(blank=True)),
#     migrations.RunPython(exercise_texts_to_msgids, migrations.RunPython.noop),
#
# The first call leaves short JSON strings (so the cast to varchar(200) cannot cut a long {"vi", "en"} object);
# PostgreSQL's cast keeps a JSON string's quotes ('"Title"'), which the second call takes off.


def _one_text(value):
    import json

    if isinstance(value, dict):
        return value.get("en") or value.get("vi") or ""
    if isinstance(value, str) and len(value) >= 2 and value[0] in '"{' and value[-1] in '"}':
        try:
            return _one_text(json.loads(value))
        except ValueError:
            return value
    return value if isinstance(value, str) else ""


def _question_texts(questions):
    out = []
    for q in questions or []:
        q = dict(q)
        if "prompt" in q:
            q["prompt"] = _one_text(q["prompt"])
        if "label" in q:
            q["label"] = _one_text(q["label"])
        if "choices" in q:
            q["choices"] = [{**c, "text": _one_text(c.get("text"))} for c in q["choices"]]
        out.append(q)
    return out


def exercise_texts_to_msgids(apps, schema_editor) -> None:
    exercise_model = apps.get_model("simulator", "Exercise")
    for exercise in exercise_model.objects.all().iterator():
        exercise.title = _one_text(exercise.title)[:200]
        exercise.intro = _one_text(exercise.intro)
        exercise.predictions = _question_texts(exercise.predictions)
        exercise.questions = _question_texts(exercise.questions)
        exercise.observations = _question_texts(exercise.observations)
        exercise.save(update_fields=["title", "intro", "predictions", "questions", "observations"])
