"""Seed exercises on distributing a file: the server's upload as the bottleneck, scaling, the document's claim."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_noop

from .common import (
    CS_TIME,
    FD_OBSERVED,
    FD_RANGES,
    FD_TEXTBOOK,
    P2P_TIME,
    _faster,
    _number,
)

FILE_DISTRIBUTION: list[dict[str, Any]] = [
    {
        "slug": "file-distribution-server-bottleneck",
        "kind": "file_distribution",
        "params": {**FD_TEXTBOOK, "peers": 40, "peer_upload_bps": 1e6, "chunks": 64},
        "param_ranges": {**FD_RANGES, "peers": {"min": 5, "max": 60, "step": 5}},
        "title": gettext_noop("A dedicated server or every node serving: where is the bottleneck?"),
        "intro": gettext_noop(
            "In client-server only the dedicated server uploads; in P2P every node is both client and server. With "
            "this attempt's parameters (the table below), which bound sets the time to distribute the file?"
        ),
        "predictions": [
            {
                "key": "cs_limit",
                "type": "choice",
                "explain": "fd_client_server",
                "prompt": gettext_noop("What limits the client-server time?"),
                "choices": [
                    {
                        "id": "server",
                        "text": gettext_noop("The server's upload (N·F/u_s)"),
                    },
                    {
                        "id": "download",
                        "text": gettext_noop("The slowest download (F/d_min)"),
                    },
                ],
                "answer": {
                    "rule": "larger",
                    "a": "model.client_server.server_upload_s",
                    "b": "model.client_server.download_s",
                    "labels": {"a": "server", "b": "download"},
                },
            },
            _faster("faster"),
        ],
        "questions": [
            _number("cs_time", CS_TIME, "analytic.client_server_s", 0.05, explain="fd_client_server"),
            _number("p2p_time", P2P_TIME, "analytic.p2p_s", 0.05, explain="fd_p2p"),
        ],
        "observations": FD_OBSERVED,
        "match": {"differences": ["chuyên dụng"], "fallback_positions": [0]},
    },
    {
        "slug": "file-distribution-n100",
        "kind": "file_distribution",
        "params": {**FD_TEXTBOOK, "peers": 100, "peer_upload_bps": 700e3},
        "param_ranges": {
            **FD_RANGES,
            "peers": {"min": 60, "max": 140, "step": 10},
            "peer_upload_bps": [500e3, 700e3, 900e3],
        },
        "title": gettext_noop("Distributing a file to about 100 peers: which is faster?"),
        "intro": gettext_noop(
            "A server sends a 15 Gbit file to N peers; each peer downloads and uploads (this attempt's parameters are "
            "in the table below). The document says client-server scales better: predict, run the simulation, "
            "then explain."
        ),
        "predictions": [
            _faster("faster"),
            _number(
                "cs_guess",
                gettext_noop("Estimate: roughly how many seconds does client-server take?"),
                "analytic.client_server_s",
                0.5,
                explain="fd_client_server",
            ),
        ],
        "questions": [
            _number("cs_time", CS_TIME, "analytic.client_server_s", 0.05, explain="fd_client_server"),
            _number("p2p_time", P2P_TIME, "analytic.p2p_s", 0.05, explain="fd_p2p"),
            {
                "key": "beats_formula",
                "type": "choice",
                "explain": "fd_simulated",
                "prompt": gettext_noop("Did the simulated swarm beat the formula's minimum?"),
                "choices": [{"id": "yes", "text": gettext_noop("Yes")}, {"id": "no", "text": gettext_noop("No")}],
                "answer": {
                    "rule": "smaller",
                    "a": "simulated.p2p_s",
                    "b": "analytic.p2p_s",
                    "labels": {"a": "yes", "b": "no", "tie": "no"},
                    "tie": 1e-9,
                },
            },
        ],
        "observations": FD_OBSERVED,
        "match": {"differences": ["mở rộng"], "fallback_positions": [6]},
    },
    {
        "slug": "file-distribution-textbook-n10",
        "kind": "file_distribution",
        "params": {**FD_TEXTBOOK, "peers": 10, "peer_upload_bps": 300e3},
        "param_ranges": {
            **FD_RANGES,
            "peers": {"min": 6, "max": 14, "step": 1},
            "peer_upload_bps": [200e3, 300e3, 400e3],
        },
        "title": gettext_noop("The surprise with few peers (the textbook chart)"),
        "intro": gettext_noop(
            "The textbook problem (Kurose & Ross, F = 15 Gbit), but only about 10 peers, each uploading slowly. "
            "Is P2P always faster?"
        ),
        "predictions": [_faster("faster")],
        "questions": [
            _number("cs_time", CS_TIME, "analytic.client_server_s", 0.05, explain="fd_client_server"),
            _number("p2p_time", P2P_TIME, "analytic.p2p_s", 0.05, explain="fd_p2p"),
            {
                **_faster("faster_after"),
                "prompt": gettext_noop("After the run: which model finishes first?"),
            },
        ],
        "observations": FD_OBSERVED,
        "match": {"differences": ["mở rộng"], "fallback_positions": [6]},
    },
    {
        "slug": "claim-client-server-scales-better",
        "kind": "file_distribution",
        "params": {**FD_TEXTBOOK, "peers": 1000, "peer_upload_bps": 2e6, "chunks": 64},
        "param_ranges": {
            **FD_RANGES,
            "peers": [5, 10, 50, 200, 1000],
            "peer_upload_bps": [100e3, 300e3, 1e6, 2e6],
        },
        "title": gettext_noop("“Client-server is more scalable and stable”: predict, then confront the claim"),
        "intro": gettext_noop(
            "The document says client-server is more scalable and stable than peer-to-peer. With this attempt's "
            "number of peers and upload rate, predict whether that holds, run the simulation, then confront it."
        ),
        "predictions": [
            {
                "key": "claim_holds",
                "type": "choice",
                "explain": "fd_scalability_claim",
                "prompt": gettext_noop("Does client-server finish before P2P here?"),
                "choices": [{"id": "yes", "text": gettext_noop("Yes")}, {"id": "no", "text": gettext_noop("No")}],
                "answer": {
                    "rule": "smaller",
                    "a": "analytic.client_server_s",
                    "b": "analytic.p2p_s",
                    "labels": {"a": "yes", "b": "no", "tie": "no"},
                    "tie": 0.01,
                },
            }
        ],
        "questions": [
            _number("cs_time", CS_TIME, "analytic.client_server_s", 0.05, explain="fd_client_server"),
            _number("p2p_time", P2P_TIME, "analytic.p2p_s", 0.05, explain="fd_p2p"),
            {
                "key": "when_holds",
                "type": "choice",
                "explain": "fd_scalability_claim",
                "prompt": gettext_noop("When does “client-server scales better” hold for distributing a file?"),
                "choices": [
                    {
                        "id": "few",
                        "text": gettext_noop("With few peers, or peers that upload very little"),
                    },
                    {"id": "many", "text": gettext_noop("With very many peers that all upload")},
                    {"id": "always", "text": gettext_noop("Always")},
                ],
                "answer": {"rule": "constant", "value": "few"},
            },
        ],
        "observations": FD_OBSERVED,
        "match": {"differences": ["mở rộng"], "fallback_positions": [6]},
    },
]
