"""Seed exercises on server load, lookup and availability: congestion, a central index, data under churn."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_noop

from .common import _availability_exercise, _choice, _compare, _faster, _number, _observe

NETWORKS: list[dict[str, Any]] = [
    {
        "slug": "server-load-bottleneck",
        "kind": "server_load",
        "params": {
            "clients": 120,
            "request_rate": 1.0,
            "response_size_bits": 1e6,
            "server_capacity_bps": 100e6,
            "peer_capacity_bps": 2e6,
        },
        "param_ranges": {
            "clients": {"min": 100, "max": 160, "step": 10},
            "server_capacity_bps": [50e6, 60e6, 80e6, 90e6],
        },
        "title": gettext_noop("Is the server the bottleneck?"),
        "intro": gettext_noop(
            "Each client sends λ requests per second, each answer is S bits; the server has capacity C, each peer "
            "only c (this attempt's parameters are in the table below). The document says the server is likely to "
            "be congested: when?"
        ),
        "predictions": [
            _faster(
                "faster_max",
                "by_clients.-1.server_response_s",
                "by_clients.-1.p2p_response_s",
                prompt=gettext_noop("With the largest number of clients, who answers faster?"),
                explain="server_heavy_load",
                tie=0.05,
            ),
            _number(
                "saturation_guess",
                gettext_noop("Around how many clients does the server become overloaded?"),
                "saturation_clients",
                0.25,
                unit="",
                explain="server_saturation",
            ),
        ],
        "questions": [
            _number(
                "saturation",
                gettext_noop("Clients that saturate the server (capacity ÷ demand per client)?"),
                "saturation_clients",
                0.05,
                unit="",
                explain="server_saturation",
            ),
            _number(
                "server_n1",
                gettext_noop("Mean server response time at N = 1 (seconds)?"),
                "by_clients.0.server_response_s",
                0.15,
                explain="server_light_load",
            ),
            _faster(
                "faster_n1",
                "by_clients.0.server_response_s",
                "by_clients.0.p2p_response_s",
                prompt=gettext_noop("With N = 1, who answers faster?"),
                explain="server_light_load",
                tie=0.05,
            ),
        ],
        "observations": [
            _observe(
                "by_clients.-1.server_response_s",
                gettext_noop("Server, most clients: response time"),
                "s",
            ),
            _observe(
                "by_clients.-1.p2p_response_s",
                gettext_noop("P2P, most clients: response time"),
                "s",
            ),
        ],
        "match": {"differences": ["tắc nghẽn"], "fallback_positions": [4]},
    },
    {
        "slug": "lookup-index-down",
        "kind": "lookup",
        "params": {
            "peers": 1000,
            "degree": 4,
            "ttl_max": 7,
            "replicas": 3,
            "lookups": 300,
            "failed_fraction": 0.2,
            "index_uptime": 0.0,
        },
        "param_ranges": {
            "peers": [256, 512, 1000, 2048],
            "degree": [3, 4, 5],
            "ttl_max": {"min": 4, "max": 7, "step": 1},
            "failed_fraction": [0.1, 0.2, 0.3],
        },
        "title": gettext_noop("Finding a service when the central lookup server is down"),
        "intro": gettext_noop(
            "The document gives two ways to find the node offering a service: ask a central lookup service, or "
            "broadcast the request to every node. Here the lookup server is down and some of the peers are gone; "
            "a DHT is compared too."
        ),
        "predictions": [
            _choice(
                "still_works",
                gettext_noop("Which method still finds the resource more often?"),
                {
                    "central": gettext_noop("Central index"),
                    "dht": gettext_noop("DHT"),
                    "same": gettext_noop("The same"),
                },
                _compare("larger", "central.success_rate", "dht.success_rate", ("central", "dht", "same"), 0.01),
                "lookup_central_down",
            )
        ],
        "questions": [
            _number(
                "dht_hops",
                gettext_noop("Mean number of DHT hops?"),
                "dht.mean_hops",
                0.15,
                unit="",
                explain="lookup_dht_hops",
            ),
            _number(
                "flood_messages",
                gettext_noop("Messages per lookup when flooding with the largest TTL?"),
                "flooding.messages_per_lookup.-1",
                0.1,
                unit="",
                explain="lookup_flooding",
            ),
            _choice(
                "fewer_messages",
                gettext_noop("Which costs fewer messages per lookup?"),
                {"central": gettext_noop("Central index"), "flooding": gettext_noop("Flooding")},
                _compare(
                    "smaller", "central.messages_per_lookup", "flooding.messages_per_lookup.-1", ("central", "flooding")
                ),
                "lookup_messages",
            ),
        ],
        "observations": [
            _observe("flooding.success_rate.-1", gettext_noop("Flooding, largest TTL: found")),
            _observe(
                "flooding.messages_per_lookup.-1",
                gettext_noop("Flooding, largest TTL: messages per lookup"),
            ),
        ],
        "match": {"differences": ["lưu trữ tập trung"], "fallback_positions": [3], "lesson": "tra cứu"},
    },
    _availability_exercise(
        "availability-churn",
        4,
        {
            "copies": {"min": 2, "max": 8, "step": 1},
            "leave_rate": [1 / 900, 1 / 1800, 1 / 3600, 1 / 7200],
            "server_uptime": [0.95, 0.98, 0.99],
        },
        gettext_noop("Data on one server or on each peer: when peers come and go"),
        gettext_noop(
            "In client-server the data sits on the server; in P2P each peer keeps its own data and may leave at any "
            "time. With this attempt's number of copies and churn, which side keeps the file reachable longer?"
        ),
        0.02,
        [],
        {"differences": ["lưu trữ tập trung"], "fallback_positions": [3]},
    ),
    _availability_exercise(
        "availability-three-copies",
        3,
        {"copies": [2, 3, 4], "server_uptime": [0.97, 0.98, 0.99]},
        gettext_noop("More stable? One server against a few copies on peers"),
        gettext_noop(
            "The document says client-server is more stable. The server is up most of the time; the file is also on "
            "a few peers, each online about half of the time."
        ),
        0.02,
        [
            _number(
                "p2p_hours_down",
                gettext_noop("By the formula, hours per year the peers cannot serve the file?"),
                "model.availability.p2p_hours_down",
                0.05,
                unit="h",
                explain="availability_hours",
            ),
        ],
        {"differences": ["ổn định"], "fallback_positions": [6]},
    ),
    _availability_exercise(
        "availability-eight-copies",
        8,
        {"copies": [7, 8, 9, 10], "server_uptime": [0.99, 0.995]},
        gettext_noop("When is P2P more stable? Many copies"),
        gettext_noop("As before, but the file is on many peers. Does “client-server is more stable” still hold?"),
        0.01,
        [],
        {"differences": ["ổn định"], "fallback_positions": [6]},
    ),
]
