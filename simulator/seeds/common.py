"""What the seed exercises share: the common questions, observations and ranges.

Texts are English msgids marked with `gettext_noop` (makemessages finds them): stored as written, translated when shown
(locale/simulator); an exercise written by hand in the admin keeps its own text.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_noop

FD_TEXTBOOK = {"file_size_bits": 15e9, "server_upload_bps": 30e6, "peer_download_bps": 2e6}


def _choice(key: str, prompt: str, choices: dict[str, str], answer: dict[str, Any], explain: str) -> dict[str, Any]:
    """A multiple-choice question; `choices` maps each choice's id to its text."""
    return {
        "key": key,
        "type": "choice",
        "explain": explain,
        "prompt": prompt,
        "choices": [{"id": choice, "text": text} for choice, text in choices.items()],
        "answer": answer,
    }


def _compare(rule: str, a: str, b: str, labels: tuple[str, ...], tie: float | None = None) -> dict[str, Any]:
    """The answer to "which is smaller/larger (`rule`)": the values at paths a and b; `labels` are the choices for
    a, b and, when given, for a tie (the two within `tie`, relative)."""
    answer: dict[str, Any] = {
        "rule": rule,
        "a": a,
        "b": b,
        "labels": dict(zip(("a", "b", "tie"), labels, strict=False)),
    }
    if tie is not None:
        answer["tie"] = tie
    return answer


def _faster(
    key: str,
    a: str = "analytic.client_server_s",
    b: str = "analytic.p2p_s",
    *,
    prompt: str = gettext_noop("Which model finishes distributing the file first?"),
    explain: str = "fd_faster",
    tie: float = 0.01,
) -> dict[str, Any]:
    """Which side is faster, client-server (the value at `a`) or P2P (at `b`)."""
    return _choice(
        key,
        prompt,
        {
            "client_server": gettext_noop("Client-server"),
            "p2p": gettext_noop("Peer-to-peer"),
            "tie": gettext_noop("The same (within 1 %)"),
        },
        _compare("smaller", a, b, ("client_server", "p2p", "tie"), tie),
        explain,
    )


def _more_available_prediction() -> dict:
    """The availability exercises' first prediction: which side keeps the file reachable more of the time."""
    return _choice(
        "more_available",
        gettext_noop("Which keeps the file reachable more of the time?"),
        {"server": gettext_noop("The server"), "p2p": gettext_noop("The peers"), "tie": gettext_noop("The same")},
        _compare("larger", "simulated.server", "simulated.p2p", ("server", "p2p", "tie"), 0.002),
        "availability_compare",
    )


def _number(key: str, prompt: str, path: str, tolerance: float, unit: str = "s", explain: str = "") -> dict[str, Any]:
    return {
        "key": key,
        "type": "number",
        "prompt": prompt,
        "unit": unit,
        "tolerance": tolerance,
        "answer": {"rule": "path", "path": path},
        "explain": explain,
    }


def _observe(path: str, label: str, unit: str = "") -> dict[str, Any]:
    """A value of the run the student may read before explaining (the model's values wait until after)."""
    return {"path": path, "label": label, "unit": unit}


# The distribution times the run measures equal the formula's whenever a download or the server limits (the
# fluid model is exact there), so they would hand out the answers: the student works those out, and sees the run
# beside the model once the explanations are in.
FD_OBSERVED: list[dict[str, Any]] = []
# The measured availability of the peers sits within a percent of 1 - (1 - p)^k: only the server's is shown.
AVAILABILITY_OBSERVED = [
    _observe("simulated.server", gettext_noop("Share of time the server was up (measured)")),
]
# Each attempt draws its own values within these ranges (and a new seed): no result answers the next attempt.
FD_RANGES = {"peer_download_bps": [1.5e6, 2e6, 2.5e6, 3e6], "server_upload_bps": [20e6, 25e6, 30e6, 40e6]}
ATTEMPTS = 3

CS_TIME = gettext_noop("Client-server minimum distribution time from the formula (seconds)?")
P2P_TIME = gettext_noop("P2P minimum distribution time from the formula (seconds)?")


def _fd_exercise(
    slug: str,
    params: dict[str, Any],
    param_ranges: dict[str, Any],
    title: str,
    intro: str,
    predictions: list[dict[str, Any]],
    questions: list[dict[str, Any]],
    match: dict[str, Any],
) -> dict[str, Any]:
    """A file_distribution exercise on the textbook file and rates (`params` and `param_ranges` add to them); its
    questions start with the two formula times."""
    return {
        "slug": slug,
        "kind": "file_distribution",
        "params": {**FD_TEXTBOOK, **params},
        "param_ranges": {**FD_RANGES, **param_ranges},
        "title": title,
        "intro": intro,
        "predictions": predictions,
        "questions": [
            _number("cs_time", CS_TIME, "analytic.client_server_s", 0.05, explain="fd_client_server"),
            _number("p2p_time", P2P_TIME, "analytic.p2p_s", 0.05, explain="fd_p2p"),
            *questions,
        ],
        "observations": FD_OBSERVED,
        "match": match,
    }


def _availability_exercise(
    slug: str,
    copies: int,
    param_ranges: dict[str, Any],
    title: str,
    intro: str,
    tolerance: float,
    questions: list[dict[str, Any]],
    match: dict[str, Any],
) -> dict[str, Any]:
    """An availability exercise: `copies` peers online half of the time against a server up 99 % of it; predict
    which keeps the file reachable, then work out 1-(1-p)^k (within `tolerance`) and the given `questions`."""
    return {
        "slug": slug,
        "kind": "availability",
        "params": {"copies": copies, "join_rate": 1 / 3600, "leave_rate": 1 / 3600, "server_uptime": 0.99},
        "param_ranges": param_ranges,
        "title": title,
        "intro": intro,
        "predictions": [_more_available_prediction()],
        "questions": [
            _number(
                "p2p_formula",
                gettext_noop("By the formula 1-(1-p)^k, the fraction of time the peers can serve it (0 to 1)?"),
                "analytic.p2p",
                tolerance,
                unit="",
                explain="availability_formula",
            ),
            *questions,
        ],
        "observations": AVAILABILITY_OBSERVED,
        "match": match,
    }
