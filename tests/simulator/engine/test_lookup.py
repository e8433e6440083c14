"""lookup: Chord hops against log2 N, flooding success rising with TTL, the central index as one point of failure."""

import json
import math

import numpy as np
import pytest

from simulator.engine import KINDS, validate_params
from simulator.engine import lookup as lk
from simulator.engine._util import rng_for

KIND = KINDS["lookup"]


@pytest.mark.parametrize("n", [256, 1024, 4096])
def test_it_routes_chord_lookups_in_about_half_log2_n_hops(n):
    # Chord's mean is about ½·log2 N hops, its maximum about log2 N (Stoica et al. 2001).
    res = lk.dht_lookups(n, replicas=1, alive_fraction_dead=0.0, lookups=1000, rng=rng_for(5, n))
    log2n = math.log2(n)
    assert res["success_rate"] == 1.0
    assert 0.4 * log2n <= res["mean_hops"] <= 0.6 * log2n + 0.5
    assert res["max_hops"] <= log2n + 2


def test_it_finds_the_key_owner_on_every_chord_lookup():
    rng = rng_for(1)
    ring = lk.Chord(300, rng)
    keys = rng.integers(0, lk.RING, size=500, dtype=np.int64)
    origins = rng.integers(0, ring.n, size=500)
    alive = np.ones(ring.n, dtype=bool)
    out = ring.lookup(origins, keys, alive, replicas=1)
    assert out["success"].all()
    # Hops never exceed the ring size and the owner is the key's successor.
    assert (out["hops"] <= math.ceil(math.log2(300)) + 2).all()


def test_it_shows_flooding_success_rising_with_ttl():
    result = KIND.run({**KIND.defaults(), "peers": 2000, "ttl_max": 8, "replicas": 2}, seed=2)
    rates = result["flooding"]["success_rate"]
    messages = result["flooding"]["messages_per_lookup"]
    assert rates == sorted(rates)
    assert rates[0] < 0.2 and rates[-1] > 0.9
    assert messages == sorted(messages) and messages[-1] > 10 * messages[0]


def test_it_makes_the_central_index_a_single_point_of_failure():
    up = KIND.run({**KIND.defaults(), "peers": 200, "index_uptime": 1.0}, seed=1)
    down = KIND.run({**KIND.defaults(), "peers": 200, "index_uptime": 0.0}, seed=1)
    half = KIND.run({**KIND.defaults(), "peers": 200, "index_uptime": 0.5, "lookups": 1000}, seed=1)
    assert up["central"]["success_rate"] == 1.0
    assert down["central"]["success_rate"] == 0.0
    assert 0.4 < half["central"]["success_rate"] < 0.6
    # The peers still find it without the index.
    assert down["dht"]["success_rate"] == 1.0 and down["flooding"]["success_rate"][-1] > 0.9


def test_it_loses_lookups_when_peers_are_gone():
    healthy = KIND.run({**KIND.defaults(), "peers": 500}, seed=4)
    broken = KIND.run({**KIND.defaults(), "peers": 500, "failed_fraction": 0.5}, seed=4)
    assert broken["alive_peers"] == 250
    assert broken["flooding"]["success_rate"][-1] < healthy["flooding"]["success_rate"][-1]


def test_it_is_deterministic_for_a_seed_and_json_ready():
    params = {**KIND.defaults(), "peers": 300, "failed_fraction": 0.2}
    a, b, c = KIND.run(params, seed=9), KIND.run(params, seed=9), KIND.run(params, seed=10)
    assert a == b and a != c
    json.dumps(a, allow_nan=False)
    assert "summary" not in a and "summary_vi" not in a
    ids = {ch["id"] for ch in a["charts"]}
    assert ids == {"success_vs_ttl", "messages_vs_ttl", "dht_hops_vs_n"}
    for ch in a["charts"]:
        for s in ch["series"]:
            assert len(s["y"]) == len(ch["x"])


@pytest.mark.parametrize(
    "raw, field",
    [
        ({"peers": 10**9}, "peers"),
        ({"peers": 2}, "peers"),
        ({"failed_fraction": 1.0}, "failed_fraction"),
        ({"index_uptime": -0.1}, "index_uptime"),
        ({"ttl_max": "7"}, "ttl_max"),
        ({"ttl": 3}, "ttl"),
    ],
)
def test_it_rejects_bad_parameters_naming_the_field(raw, field):
    _, errors = validate_params(KIND, raw)
    assert field in errors
