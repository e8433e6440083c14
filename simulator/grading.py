"""Pure helpers that grade exercise answers against a run's result (no Django).

A question's "answer" spec says how the expected value is read from the result:
  {"rule": "path", "path": "analytic.client_server_s"}                      -> a number (or a label)
  {"rule": "smaller", "a": "<path>", "b": "<path>", "labels": {"a": "..", "b": "..", "tie": ".."}, "tie": 0.02}
      -> the label of the smaller value, or "tie" when they are within `tie` (relative) of each other
  {"rule": "larger", ...same as smaller...}
  {"rule": "constant", "value": "<choice id>"}                               -> that choice, whatever the run
Paths read the run's result plus "model" (the formulas' terms, e.g. model.client_server.server_upload_s),
added by simulator.explanations.grading_data.
A number answer is correct within `tolerance` (relative, 0.1 = ±10 %) of the expected value.
"""

from __future__ import annotations

import math
from typing import Any

from simulator.engine.base import Message, gettext_noop


class AnswerKeyError(Exception):
    """The result does not hold what the exercise's answer spec points at."""


def lookup(data: Any, path: str) -> Any:
    current = data
    for part in path.split("."):
        if isinstance(current, dict) and part in current:
            current = current[part]
        elif isinstance(current, list) and part.lstrip("-").isdigit() and -len(current) <= int(part) < len(current):
            current = current[int(part)]
        else:
            raise AnswerKeyError(f"result has no {path!r}")
    return current


def _number(data: Any, path: str) -> float:
    value = lookup(data, path)
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        raise AnswerKeyError(f"{path!r} is not a finite number")
    return float(value)


def expected_value(answer: dict[str, Any], result: dict[str, Any]) -> Any:
    rule = answer.get("rule", "path")
    if rule == "path":
        return lookup(result, answer["path"])
    if rule in ("smaller", "larger"):
        a, b = _number(result, answer["a"]), _number(result, answer["b"])
        labels = answer.get("labels", {"a": "a", "b": "b", "tie": "tie"})
        scale = max(abs(a), abs(b)) or 1.0
        if "tie" in labels and abs(a - b) <= float(answer.get("tie", 0.0)) * scale:
            return labels["tie"]
        a_wins = a < b if rule == "smaller" else a > b
        return labels["a"] if a_wins else labels["b"]
    if rule == "constant":  # a conceptual question whose answer does not depend on the run
        return answer["value"]
    raise AnswerKeyError(f"unknown rule {rule!r}")


def is_correct(question: dict[str, Any], given: Any, expected: Any) -> bool:
    if given is None:
        return False
    if question["type"] == "number":
        try:
            given, expected = float(given), float(expected)
        except (TypeError, ValueError):
            return False
        tolerance = float(question.get("tolerance", 0.05))
        return abs(given - expected) <= tolerance * abs(expected) + float(question.get("abs_tolerance", 0.0))
    return str(given) == str(expected)


def clean_answers(questions: list[dict[str, Any]], raw: Any, *, field: str) -> tuple[dict[str, Any], dict[str, list]]:
    """Check a {"<question key>": answer} object against the questions. Returns (clean, errors by field).

    Each error is a `Message` (an English msgid and its arguments), translated by the Django layer."""
    if not isinstance(raw, dict):
        return {}, {field: [Message(gettext_noop("must be an object mapping question keys to answers"))]}
    errors: dict[str, list[Message]] = {}
    known = {q["key"]: q for q in questions}
    for key in raw:
        if key not in known:
            errors.setdefault(f"{field}.{key}", []).append(Message(gettext_noop("unknown question")))
    clean: dict[str, Any] = {}
    for q in questions:
        name = f"{field}.{q['key']}"
        if q["key"] not in raw or raw[q["key"]] in (None, ""):
            errors.setdefault(name, []).append(Message(gettext_noop("this answer is required")))
            continue
        value = raw[q["key"]]
        if q["type"] == "number":
            if isinstance(value, str):
                try:
                    value = float(value.replace(",", "."))
                except ValueError:
                    value = None
            if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
                errors.setdefault(name, []).append(Message(gettext_noop("must be a number")))
                continue
            if abs(value) > 1e15:
                errors.setdefault(name, []).append(Message(gettext_noop("is out of range")))
                continue
            clean[q["key"]] = float(value)
        else:
            ids = {str(c["id"]) for c in q.get("choices", [])}
            if str(value) not in ids:
                errors.setdefault(name, []).append(
                    Message(gettext_noop("must be one of: %(choices)s"), choices=", ".join(sorted(ids)))
                )
                continue
            clean[q["key"]] = str(value)
    return clean, errors


def grade(
    predictions: list[dict], questions: list[dict], given_predictions: dict, given_answers: dict, result: dict
) -> list[dict[str, Any]]:
    """Grade every question; one point each. Raises AnswerKeyError when the result lacks a value."""
    rows = []
    for phase, specs, given in (("predict", predictions, given_predictions), ("explain", questions, given_answers)):
        for q in specs:
            expected = expected_value(q["answer"], result)
            answer = given.get(q["key"])
            rows.append(
                {
                    "key": q["key"],
                    "phase": phase,
                    "answer": answer,
                    "expected": expected,
                    "correct": is_correct(q, answer, expected),
                    "tolerance": q.get("tolerance") if q["type"] == "number" else None,
                }
            )
    return rows
