"""file_distribution: the textbook chart exactly, simulated >= analytic, the swarm close to the P2P bound."""

import json
from fractions import Fraction

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from simulator.engine import KINDS, validate_params
from simulator.engine import file_distribution as fd
from simulator.engine._util import rng_for

KIND = KINDS["file_distribution"]

F, US, D = 15 * 10**9, 30 * 10**6, 2 * 10**6

# Hand-computed: client-server max(N·F/u_s, F/d); P2P max(F/u_s, F/d, N·F/(u_s + N·u)).
CS_EXPECTED = {10: 7500, 100: 50000, 1000: 500000}  # 10·15e9/30e6 = 5000 < 7500; 100·15e9/30e6 = 50000; ...
P2P_EXPECTED = {
    300_000: {10: 7500, 100: 25000, 1000: Fraction(15 * 10**12, 330 * 10**6)},  # 45454.54...
    700_000: {10: 7500, 100: 15000, 1000: Fraction(15 * 10**12, 730 * 10**6)},  # 20547.94...
    2_000_000: {10: 7500, 100: 7500, 1000: 7500},  # N·F/(u_s+N·u) = 6521.7 and 7389.2 < F/d = 7500
}


def test_it_reproduces_the_textbook_chart_exactly():
    book = fd.textbook_chart()
    assert book["client_server"] == {n: float(v) for n, v in CS_EXPECTED.items()}
    for u, by_n in P2P_EXPECTED.items():
        for n, expected in by_n.items():
            assert book["p2p"][u][n] == float(expected), (u, n)
    assert book["p2p"][300_000][1000] == pytest.approx(45454.545454545, abs=1e-6)
    assert book["p2p"][700_000][1000] == pytest.approx(20547.945205479, abs=1e-6)
    assert book["chart"]["x"] == [10, 100, 1000]
    assert len(book["chart"]["series"]) == 6


def test_it_reports_the_analytic_times_in_the_run_result():
    params, errors = validate_params(KIND, {"peers": 10, "peer_upload_bps": 300e3, "chunks": 16})
    assert errors == {}
    result = KIND.run(params, seed=3)
    assert result["analytic"] == {"client_server_s": 7500.0, "p2p_s": 7500.0}
    json.dumps(result, allow_nan=False)
    assert "summary" not in result and "summary_vi" not in result
    assert {c["id"] for c in result["charts"]} == {"time_vs_n", "simulated_vs_analytic", "completion_histogram"}
    for c in result["charts"]:
        for s in c["series"]:
            assert len(s["y"]) == len(c["x"]), c["id"]


rates = st.sampled_from([1e3, 5e4, 3e5, 7e5, 2e6, 1e7, 3e7, 1e9])


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    f=st.sampled_from([8.0, 1e6, 15e9, 1e12]),
    us=rates,
    n=st.integers(1, 60),
    d=rates,
    u=st.one_of(st.just(0.0), rates),
    m=st.integers(1, 64),
    spread=st.sampled_from([0.0, 0.3, 1.0]),
    seed=st.integers(0, 2**31),
)
def test_it_never_simulates_faster_than_the_analytic_minimum(f, us, n, d, u, m, spread, seed):
    cs = fd.simulate_client_server(f, m, us, n, d, rng_for(seed, 1))
    p2p = fd.simulate_swarm(f, m, us, n, d, fd.peer_uploads(u, n, spread), rng_for(seed, 2))
    slack = 1 + 1e-12  # float rounding only
    assert cs.time_s * slack >= fd.client_server_time(f, us, n, d)
    assert p2p.time_s * slack >= fd.p2p_time(f, us, n, d, n * u)
    assert (p2p.completion_s > 0).all() and (cs.completion_s > 0).all()
    assert p2p.transfers == n * m and cs.transfers == n * m


@pytest.mark.parametrize("n", [10, 100, 1000])
@pytest.mark.parametrize("u", [300e3, 700e3, 2e6])
def test_it_brings_the_swarm_within_15_percent_of_the_p2p_bound_for_identical_peers(n, u):
    sim = fd.simulate_swarm(F, 256, US, n, D, u, rng_for(0, 2))
    bound = fd.p2p_time(F, US, n, D, n * u)
    assert bound <= sim.time_s <= 1.15 * bound


def test_it_brings_the_default_run_within_15_percent():
    result = KIND.run(KIND.defaults(), seed=0)
    assert 1.0 <= result["simulated"]["p2p_over_analytic"] <= 1.15
    assert 1.0 <= result["simulated"]["client_server_over_analytic"] <= 1.15


def test_it_is_deterministic_for_a_seed():
    params = {**KIND.defaults(), "peers": 50, "chunks": 32}
    a = KIND.run(params, seed=7)
    b = KIND.run(params, seed=7)
    c = KIND.run(params, seed=8)
    assert a == b
    assert a["simulated"]["p2p_per_peer_s"] != c["simulated"]["p2p_per_peer_s"]


def test_it_reports_progress_and_stops_when_cancelled():
    from simulator.engine import Cancelled

    seen = []

    def progress(fraction):
        seen.append(fraction)
        if len(seen) >= 2:
            raise Cancelled

    with pytest.raises(Cancelled):
        KIND.run({**KIND.defaults(), "peers": 1000}, seed=0, progress=progress)
    assert seen[0] == 0.0 and all(0 <= x <= 1 for x in seen)


def test_it_reports_progress_up_to_one():
    seen = []
    KIND.run({**KIND.defaults(), "peers": 20, "chunks": 16}, seed=0, progress=seen.append)
    assert seen[0] == 0.0 and seen[-1] == 1.0
    assert seen == sorted(seen)


@pytest.mark.parametrize(
    "raw, field",
    [
        ({"peers": 10**9}, "peers"),
        ({"peers": 0}, "peers"),
        ({"peers": 2.5}, "peers"),
        ({"server_upload_bps": 0}, "server_upload_bps"),
        ({"server_upload_bps": -1}, "server_upload_bps"),
        ({"peer_download_bps": 0}, "peer_download_bps"),
        ({"peer_upload_bps": -5}, "peer_upload_bps"),
        ({"file_size_bits": "15 Gbit"}, "file_size_bits"),
        ({"file_size_bits": float("nan")}, "file_size_bits"),
        ({"chunks": 10**6}, "chunks"),
        ({"colour": 1}, "colour"),
        ({"peers": True}, "peers"),
    ],
)
def test_it_rejects_bad_parameters_naming_the_field(raw, field):
    _, errors = validate_params(KIND, raw)
    assert field in errors


def test_it_fills_defaults_and_accepts_zero_peer_upload():
    clean, errors = validate_params(KIND, {"peer_upload_bps": 0})
    assert errors == {}
    assert clean["peers"] == 100 and clean["peer_upload_bps"] == 0.0
    result = KIND.run({**clean, "peers": 20, "chunks": 8}, seed=1)
    assert result["analytic"]["p2p_s"] == result["analytic"]["client_server_s"]


def test_it_spreads_peer_uploads_around_the_same_total():
    uploads = fd.peer_uploads(700e3, 5, 0.5)
    assert uploads.tolist() == [350e3, 525e3, 700e3, 875e3, 1050e3]
    assert uploads.sum() == pytest.approx(5 * 700e3)
    assert fd.peer_uploads(700e3, 1, 0.5).tolist() == [700e3]


def test_it_keeps_the_analytic_times_when_uploads_differ_but_the_simulation_sees_it():
    base = {**KIND.defaults(), "peers": 200, "chunks": 64}
    even = KIND.run(base, seed=2)
    spread = KIND.run({**base, "peer_upload_spread": 0.9}, seed=2)
    assert spread["analytic"] == even["analytic"]
    assert spread["simulated"]["p2p_s"] >= spread["analytic"]["p2p_s"]
    assert spread["simulated"]["p2p_per_peer_s"] != even["simulated"]["p2p_per_peer_s"]
