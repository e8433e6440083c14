"""Factories of the simulator's models.

The factory's exercise texts are written by hand (as in the admin): no catalog entry, shown as written.
The seed's exercises (English msgids, translated when shown) are tested in test_language.py.
"""

import factory

from simulator.models import Exercise, SimulationRun
from tests.factories import StudentFactory

NUMBER_Q = {
    "key": "cs_time",
    "type": "number",
    "prompt": "Client-server mất bao lâu (s)?",
    "unit": "s",
    "answer": {"rule": "path", "path": "analytic.client_server_s"},
    "tolerance": 0.1,
}
CHOICE_Q = {
    "key": "faster",
    "type": "choice",
    "prompt": "Mô hình nào nhanh hơn?",
    "choices": [
        {"id": "cs", "text": "Client-server"},
        {"id": "p2p", "text": "P2P"},
        {"id": "tie", "text": "Như nhau"},
    ],
    "answer": {
        "rule": "smaller",
        "a": "analytic.client_server_s",
        "b": "analytic.p2p_s",
        "labels": {"a": "cs", "b": "p2p", "tie": "tie"},
        "tie": 0.01,
    },
}


class SimulationRunFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SimulationRun

    owner = factory.SubFactory(StudentFactory)
    kind = "test_countdown"
    params = factory.LazyFunction(lambda: {"steps": 3, "step_s": 0.0, "rate_bps": 1e6, "fail": 0})
    seed = 7


class ExerciseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Exercise

    slug = factory.Sequence(lambda n: f"exercise-{n}")
    title = "Bài tập đếm"
    intro = "Dự đoán rồi chạy."
    kind = "test_countdown"
    params = factory.LazyFunction(lambda: {"steps": 4, "step_s": 0.0, "rate_bps": 1e6, "fail": 0})
    predictions = factory.LazyFunction(lambda: [CHOICE_Q])
    questions = factory.LazyFunction(lambda: [NUMBER_Q])
