"""Factories of the simulator's models."""

import factory

from simulator.models import Exercise, SimulationRun
from tests.factories import StudentFactory

NUMBER_Q = {
    "key": "cs_time",
    "type": "number",
    "prompt": {"vi": "Client-server mất bao lâu (s)?", "en": "How long does client-server take (s)?"},
    "unit": "s",
    "answer": {"rule": "path", "path": "analytic.client_server_s"},
    "tolerance": 0.1,
}
CHOICE_Q = {
    "key": "faster",
    "type": "choice",
    "prompt": {"vi": "Mô hình nào nhanh hơn?", "en": "Which model is faster?"},
    "choices": [
        {"id": "cs", "text": {"vi": "Client-server", "en": "Client-server"}},
        {"id": "p2p", "text": {"vi": "P2P", "en": "P2P"}},
        {"id": "tie", "text": {"vi": "Như nhau", "en": "The same"}},
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
    title = factory.LazyFunction(lambda: {"vi": "Bài tập đếm", "en": "Countdown exercise"})
    intro = factory.LazyFunction(lambda: {"vi": "Dự đoán rồi chạy.", "en": "Predict, then run."})
    kind = "test_countdown"
    params = factory.LazyFunction(lambda: {"steps": 4, "step_s": 0.0, "rate_bps": 1e6, "fail": 0})
    predictions = factory.LazyFunction(lambda: [CHOICE_Q])
    questions = factory.LazyFunction(lambda: [NUMBER_Q])
