"""The data step that turns the old {"vi", "en"} exercise texts into stored English msgids (lead's migration)."""

from django.apps import apps

from simulator.migration_ops import exercise_texts_to_msgids
from simulator.models import Exercise
from tests.factories_simulator import ExerciseFactory


def test_it_turns_bilingual_texts_into_english_msgids_and_takes_off_a_casts_quotes(db):
    old = ExerciseFactory(
        title='{"vi": "Ai nhanh hơn?", "en": "Which is faster?"}',  # a jsonb object cast to text
        intro='"Predict, then run."',  # a JSON string after PostgreSQL's cast: quotes kept
        predictions=[
            {
                "key": "faster",
                "type": "choice",
                "prompt": {"vi": "Mô hình nào?", "en": "Which model?"},
                "choices": [{"id": "tie", "text": {"vi": "Như nhau", "en": "The same"}}],
                "answer": {"rule": "path", "path": "x"},
            }
        ],
        questions=[],
        observations=[{"path": "total_s", "label": {"vi": "Tổng", "en": "Total"}, "unit": "s"}],
    )
    handwritten = ExerciseFactory(title="Bài tập của cô Lan", intro="Dự đoán rồi chạy.")
    exercise_texts_to_msgids(apps, None)
    exercise_texts_to_msgids(apps, None)  # idempotent: called before and after the type change
    old = Exercise.objects.get(pk=old.pk)
    assert (old.title, old.intro) == ("Which is faster?", "Predict, then run.")
    assert old.predictions[0]["prompt"] == "Which model?" and old.predictions[0]["choices"][0]["text"] == "The same"
    assert old.predictions[0]["answer"] == {"rule": "path", "path": "x"}
    assert old.observations == [{"path": "total_s", "label": "Total", "unit": "s"}]
    handwritten = Exercise.objects.get(pk=handwritten.pk)
    assert (handwritten.title, handwritten.intro) == ("Bài tập của cô Lan", "Dự đoán rồi chạy.")
