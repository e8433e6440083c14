"""What the seed exercises share: the common questions, observations and ranges.

Texts are English msgids marked with `gettext_noop` (makemessages finds them): stored as written, translated when shown
(locale/simulator); an exercise written by hand in the admin keeps its own text.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_noop

FD_TEXTBOOK = {"file_size_bits": 15e9, "server_upload_bps": 30e6, "peer_download_bps": 2e6}


def _faster(key: str, a: str = "analytic.client_server_s", b: str = "analytic.p2p_s") -> dict[str, Any]:
    return {
        "explain": "fd_faster",
        "key": key,
        "type": "choice",
        "prompt": gettext_noop("Which model finishes distributing the file first?"),
        "choices": [
            {"id": "client_server", "text": gettext_noop("Client-server")},
            {"id": "p2p", "text": gettext_noop("Peer-to-peer")},
            {"id": "tie", "text": gettext_noop("The same (within 1 %)")},
        ],
        "answer": {
            "rule": "smaller",
            "a": a,
            "b": b,
            "labels": {"a": "client_server", "b": "p2p", "tie": "tie"},
            "tie": 0.01,
        },
    }


def _more_available_prediction() -> dict:
    """The availability exercises' first prediction: which side keeps the file reachable more of the time."""
    return {
        "explain": "availability_compare",
        "key": "more_available",
        "type": "choice",
        "prompt": gettext_noop("Which keeps the file reachable more of the time?"),
        "choices": [
            {"id": "server", "text": gettext_noop("The server")},
            {"id": "p2p", "text": gettext_noop("The peers")},
            {"id": "tie", "text": gettext_noop("The same")},
        ],
        "answer": {
            "rule": "larger",
            "a": "simulated.server",
            "b": "simulated.p2p",
            "labels": {"a": "server", "b": "p2p", "tie": "tie"},
            "tie": 0.002,
        },
    }


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
