"""file_distribution with free-riders: BitTorrent choking, contributors against free-riders, and no change at 0 %."""

import json

import numpy as np
import pytest

from simulator.engine import KINDS, validate_params
from simulator.engine import file_distribution as fd
from simulator.engine._util import rng_for

KIND = KINDS["file_distribution"]


def _params(**over):
    clean, errors = validate_params(KIND, over)
    assert not errors, errors
    return clean


def test_it_gives_the_same_result_as_the_swarm_before_free_riders_at_zero_percent():
    # The numbers of the swarm as it was before free-riders existed (same parameters, same seed).
    result = KIND.run(_params(peers=60, chunks=32, free_rider_fraction=0.0), seed=7)
    simulated = result["simulated"]
    assert simulated["p2p_s"] == 14732.142857142857 and simulated["client_server_s"] == 31640.625
    assert simulated["p2p_mean_completion_s"] == 13180.803571428572
    assert simulated["rounds"] == 22 and simulated["transfers"] == 1920
    assert simulated["p2p_per_peer_s"][:4] == [
        13392.857142857141,
        12723.214285714284,
        12723.214285714284,
        13392.857142857141,
    ]
    assert result["analytic"] == {"client_server_s": 30000.0, "p2p_s": 12500.0}
    assert result["free_riders"] == 0 and result["groups"]["free_riders"] is None
    assert "completion_by_group" not in {c["id"] for c in result["charts"]}


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_it_lets_contributors_finish_before_free_riders(seed):
    result = KIND.run(_params(peers=200, chunks=64, free_rider_fraction=0.2), seed=seed)
    groups = result["groups"]
    contributors, riders = groups["contributors"], groups["free_riders"]
    assert contributors["peers"] == 160 and riders["peers"] == 40 and result["free_riders"] == 40
    assert contributors["mean_s"] < riders["mean_s"]
    # Most contributors are done before the median free-rider.
    assert contributors["percentiles_s"][3] < riders["percentiles_s"][3]
    # Nobody beats the analytic bound for the whole swarm (only contributors' uploads count in it).
    assert result["simulated"]["p2p_s"] >= result["analytic"]["p2p_s"] * (1 - 1e-9)
    chart = next(c for c in result["charts"] if c["id"] == "completion_by_group")
    assert [s["name"] for s in chart["series"]] == ["contributors", "free-riders", "P2P analytic bound"]
    json.dumps(result, allow_nan=False)


def test_it_counts_only_contributors_uploads_in_the_analytic_bound():
    with_riders = KIND.run(_params(peers=100, chunks=16, free_rider_fraction=0.5), seed=1)
    f, us, d, u = 15e9, 30e6, 2e6, 700e3
    assert with_riders["analytic"]["p2p_s"] == pytest.approx(fd.p2p_time(f, us, 100, d, 50 * u))
    assert with_riders["analytic"]["p2p_s"] > KIND.run(_params(peers=100, chunks=16), seed=1)["analytic"]["p2p_s"]


def test_it_uses_choking_so_free_riders_get_less_than_their_share():
    n, m = 300, 64
    uploads = np.full(n, 700e3)
    riders = fd.free_riders_among(n, 0.3)
    uploads[riders] = 0.0
    choked = fd.simulate_swarm(15e9, m, 30e6, n, 2e6, uploads, rng_for(4, 2), choking=True)
    open_swarm = fd.simulate_swarm(15e9, m, 30e6, n, 2e6, uploads, rng_for(4, 2), choking=False)
    is_rider = np.zeros(n, dtype=bool)
    is_rider[riders] = True
    gap_choked = choked.completion_s[is_rider].mean() - choked.completion_s[~is_rider].mean()
    gap_open = open_swarm.completion_s[is_rider].mean() - open_swarm.completion_s[~is_rider].mean()
    # Tit-for-tat is what makes free-riding cost: without it free-riders keep pace with contributors.
    assert gap_choked > 0 and gap_choked > gap_open


def test_it_runs_a_swarm_of_only_free_riders_from_the_server():
    result = KIND.run(_params(peers=10, chunks=8, free_rider_fraction=0.9), seed=1)
    assert result["free_riders"] == 9 and result["groups"]["contributors"]["peers"] == 1
    assert result["simulated"]["p2p_s"] >= result["analytic"]["p2p_s"] * (1 - 1e-9)
