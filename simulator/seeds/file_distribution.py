"""Seed exercises on distributing a file: the server's upload as the bottleneck, scaling, the document's claim."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_noop

from .common import _choice, _compare, _faster, _fd_exercise, _number

_YES_NO = {"yes": gettext_noop("Yes"), "no": gettext_noop("No")}
_SCALES = {"differences": ["mở rộng"], "fallback_positions": [6]}

FILE_DISTRIBUTION: list[dict[str, Any]] = [
    _fd_exercise(
        "file-distribution-server-bottleneck",
        {"peers": 40, "peer_upload_bps": 1e6, "chunks": 64},
        {"peers": {"min": 5, "max": 60, "step": 5}},
        gettext_noop("A dedicated server or every node serving: where is the bottleneck?"),
        gettext_noop(
            "In client-server only the dedicated server uploads; in P2P every node is both client and server. With "
            "this attempt's parameters (the table below), which bound sets the time to distribute the file?"
        ),
        [
            _choice(
                "cs_limit",
                gettext_noop("What limits the client-server time?"),
                {
                    "server": gettext_noop("The server's upload (N·F/u_s)"),
                    "download": gettext_noop("The slowest download (F/d_min)"),
                },
                _compare(
                    "larger",
                    "model.client_server.server_upload_s",
                    "model.client_server.download_s",
                    ("server", "download"),
                ),
                "fd_client_server",
            ),
            _faster("faster"),
        ],
        [],
        {"differences": ["chuyên dụng"], "fallback_positions": [0]},
    ),
    _fd_exercise(
        "file-distribution-n100",
        {"peers": 100, "peer_upload_bps": 700e3},
        {"peers": {"min": 60, "max": 140, "step": 10}, "peer_upload_bps": [500e3, 700e3, 900e3]},
        gettext_noop("Distributing a file to about 100 peers: which is faster?"),
        gettext_noop(
            "A server sends a 15 Gbit file to N peers; each peer downloads and uploads (this attempt's parameters are "
            "in the table below). The document says client-server scales better: predict, run the simulation, "
            "then explain."
        ),
        [
            _faster("faster"),
            _number(
                "cs_guess",
                gettext_noop("Estimate: roughly how many seconds does client-server take?"),
                "analytic.client_server_s",
                0.5,
                explain="fd_client_server",
            ),
        ],
        [
            _choice(
                "beats_formula",
                gettext_noop("Did the simulated swarm beat the formula's minimum?"),
                _YES_NO,
                _compare("smaller", "simulated.p2p_s", "analytic.p2p_s", ("yes", "no", "no"), 1e-9),
                "fd_simulated",
            ),
        ],
        _SCALES,
    ),
    _fd_exercise(
        "file-distribution-textbook-n10",
        {"peers": 10, "peer_upload_bps": 300e3},
        {"peers": {"min": 6, "max": 14, "step": 1}, "peer_upload_bps": [200e3, 300e3, 400e3]},
        gettext_noop("The surprise with few peers (the textbook chart)"),
        gettext_noop(
            "The textbook problem (Kurose & Ross, F = 15 Gbit), but only about 10 peers, each uploading slowly. "
            "Is P2P always faster?"
        ),
        [_faster("faster")],
        [_faster("faster_after", prompt=gettext_noop("After the run: which model finishes first?"))],
        _SCALES,
    ),
    _fd_exercise(
        "claim-client-server-scales-better",
        {"peers": 1000, "peer_upload_bps": 2e6, "chunks": 64},
        {"peers": [5, 10, 50, 200, 1000], "peer_upload_bps": [100e3, 300e3, 1e6, 2e6]},
        gettext_noop("“Client-server is more scalable and stable”: predict, then confront the claim"),
        gettext_noop(
            "The document says client-server is more scalable and stable than peer-to-peer. With this attempt's "
            "number of peers and upload rate, predict whether that holds, run the simulation, then confront it."
        ),
        [
            _choice(
                "claim_holds",
                gettext_noop("Does client-server finish before P2P here?"),
                _YES_NO,
                _compare("smaller", "analytic.client_server_s", "analytic.p2p_s", ("yes", "no", "no"), 0.01),
                "fd_scalability_claim",
            ),
        ],
        [
            _choice(
                "when_holds",
                gettext_noop("When does “client-server scales better” hold for distributing a file?"),
                {
                    "few": gettext_noop("With few peers, or peers that upload very little"),
                    "many": gettext_noop("With very many peers that all upload"),
                    "always": gettext_noop("Always"),
                },
                {"rule": "constant", "value": "few"},
                "fd_scalability_claim",
            ),
        ],
        _SCALES,
    ),
]
