"""Why each exercise answer is what it is, worked out from the run's parameters and the model's formulas.

A question spec names its explainer (`"explain": "fd_client_server"`); after grading, the submission page and the
API give every question its explanation in the reader's language. An explainer that cannot read what it needs
gives "" (a missing explanation never breaks a graded page).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

from django.utils.translation import gettext as _

from simulator.grading import AnswerKeyError, lookup
from simulator.units import number, percent

HOURS_PER_YEAR = 365 * 24


def _fd_parts(p: dict[str, Any]) -> dict[str, float]:
    f, us, d, n, u = (
        float(p["file_size_bits"]),
        float(p["server_upload_bps"]),
        float(p["peer_download_bps"]),
        int(p["peers"]),
        float(p["peer_upload_bps"]),
    )
    return {
        "n": n,
        "server_copies": n * f / us,  # N·F/u_s
        "download": f / d,  # F/d_min
        "one_copy": f / us,  # F/u_s
        "swarm": n * f / (us + n * u),  # N·F/(u_s + Σu_i)
    }


def _limiting(terms: dict[str, tuple[str, float]]) -> dict[str, str]:
    """Format arguments for D = max(terms): each term's seconds under its key, `limit` the label of the largest
    (the first of equals) and `t` its value."""
    limit = max(terms, key=lambda key: terms[key][1])
    seconds = {key: number(value, 4) for key, (_label, value) in terms.items()}
    return {**seconds, "limit": terms[limit][0], "t": number(terms[limit][1], 4)}


def fd_client_server(p: dict, r: dict) -> str:
    x = _fd_parts(p)
    return _(
        "Client-server: D_cs = max(N·F/u_s, F/d_min). The server uploads N = %(n)s copies: N·F/u_s = %(a)s s; "
        "the slowest peer needs F/d_min = %(b)s s to download. The larger one limits the time here: %(limit)s, "
        "so D_cs = %(t)s s."
    ) % {
        "n": number(x["n"], 6),
        **_limiting(
            {
                "a": (_("the server's upload, N·F/u_s"), x["server_copies"]),
                "b": (_("the slowest download, F/d_min"), x["download"]),
            }
        ),
    }


def fd_p2p(p: dict, r: dict) -> str:
    x = _fd_parts(p)
    return _(
        "P2P: D_p2p = max(F/u_s, F/d_min, N·F/(u_s + Σu_i)) = max(%(a)s; %(b)s; %(c)s) s. "
        "The bound that limits here is %(limit)s, so D_p2p = %(t)s s. Every peer that joins also uploads: "
        "Σu_i grows with N, which is why this time levels off instead of growing like N·F/u_s."
    ) % _limiting(
        {
            "a": (_("the server must upload one copy, F/u_s"), x["one_copy"]),
            "b": (_("the slowest download, F/d_min"), x["download"]),
            "c": (_("the upload of the whole swarm, N·F/(u_s + Σu_i)"), x["swarm"]),
        }
    )


def fd_faster(p: dict, r: dict) -> str:
    cs, p2p = float(lookup(r, "analytic.client_server_s")), float(lookup(r, "analytic.p2p_s"))
    x = _fd_parts(p)
    if abs(cs - p2p) <= 0.01 * max(cs, p2p):
        verdict = _("Both take about the same time: the same bound limits both models (here the download F/d_min).")
    elif p2p < cs:
        verdict = _(
            "P2P finishes first (%(ratio)s× faster): the server alone must send N copies, while in P2P the peers "
            "share the uploading."
        ) % {"ratio": number(cs / p2p, 2)}
    else:
        verdict = _(
            "Client-server finishes first: with so few peers, or peers that upload so little, the swarm adds less "
            "capacity than it needs."
        )
    return _("Client-server needs %(cs)s s, P2P %(p2p)s s (N = %(n)s). %(verdict)s") % {
        "cs": number(cs, 4),
        "p2p": number(p2p, 4),
        "n": number(x["n"], 6),
        "verdict": verdict,
    }


def fd_simulated(p: dict, r: dict) -> str:
    sim, bound = float(lookup(r, "simulated.p2p_s")), float(lookup(r, "analytic.p2p_s"))
    return _(
        "The formula gives the minimum possible time (%(bound)s s): it assumes the file flows as a perfect fluid. "
        "The simulated swarm sends whole chunks and must first spread them, so it can only be slower or equal: "
        "%(sim)s s, %(ratio)s× the bound."
    ) % {"bound": number(bound, 4), "sim": number(sim, 4), "ratio": number(sim / bound if bound else math.inf, 3)}


def fd_scalability_claim(p: dict, r: dict) -> str:
    cs, p2p = float(lookup(r, "analytic.client_server_s")), float(lookup(r, "analytic.p2p_s"))
    x = _fd_parts(p)
    return _(
        "The document says client-server is more scalable. For distributing a file, the formulas say when: the "
        "client-server time N·F/u_s grows in proportion to N, while the P2P time stays near "
        "max(F/u_s, F/d_min, F/u) as the peers add upload capacity. Here (N = %(n)s) client-server needs %(cs)s s "
        "and P2P %(p2p)s s. Client-server holds its claim when clients are few, peers upload little or leave often, "
        "or a managed, secured service matters more than speed; P2P scales better when many peers stay and upload."
    ) % {"n": number(x["n"], 6), "cs": number(cs, 4), "p2p": number(p2p, 4)}


def _availability_parts(p: dict, r: dict) -> dict[str, float]:
    join, leave, k = float(p["join_rate"]), float(p["leave_rate"]), int(p["copies"])
    online = join / (join + leave)
    uptime = float(p["server_uptime"])
    needed = math.inf if online >= 1 or uptime >= 1 else math.log(1 - uptime) / math.log(1 - online)
    return {"p": online, "k": k, "a": 1 - (1 - online) ** k, "uptime": uptime, "needed": math.ceil(needed)}


def availability_formula(p: dict, r: dict) -> str:
    x = _availability_parts(p, r)
    return _(
        "A peer is online a fraction p = join rate / (join rate + leave rate) = %(p)s of the time. The file can be "
        "fetched unless all k = %(k)s copies are offline at once: 1 − (1 − p)^k = %(a)s."
    ) % {"p": percent(x["p"], 4), "k": x["k"], "a": percent(x["a"], 4)}


def availability_compare(p: dict, r: dict) -> str:
    x = _availability_parts(p, r)
    return _(
        "The peers keep the file reachable %(a)s of the time (1 − (1 − p)^k with p = %(p)s, k = %(k)s); the server "
        "%(up)s. One machine that is up %(up)s is more stable than a few peers that come and go, but every extra "
        "copy multiplies the chance that all are offline by (1 − p): from about %(need)s copies on, the peers "
        "beat this server. So “client-server is more stable” holds for few copies and short-lived peers, not "
        "for a well-replicated swarm."
    ) % {
        "a": percent(x["a"], 4),
        "p": percent(x["p"], 4),
        "k": x["k"],
        "up": percent(x["uptime"], 4),
        "need": x["needed"],
    }


def availability_hours(p: dict, r: dict) -> str:
    x = _availability_parts(p, r)
    measured = float(lookup(r, "simulated.p2p"))
    return _(
        "The formula gives A = 1 − (1 − p)^k = %(a)s, so the file is unreachable (1 − A) × %(hours)s h = %(down)s "
        "hours per year. The run measured A = %(measured)s: %(measured_down)s hours."
    ) % {
        "a": percent(x["a"], 4),
        "hours": number(HOURS_PER_YEAR, 4),
        "down": number((1 - x["a"]) * HOURS_PER_YEAR, 4),
        "measured": percent(measured, 4),
        "measured_down": number((1 - measured) * HOURS_PER_YEAR, 4),
    }


def server_saturation(p: dict, r: dict) -> str:
    demand = float(p["request_rate"]) * float(p["response_size_bits"])
    return _(
        "Each client asks λ·S = %(demand)s bit/s; the server has C = %(c)s bit/s, so it saturates at "
        "C / (λ·S) = %(n)s clients. Beyond that requests arrive faster than it can answer: its queue, and the "
        "response time, grow without bound (congestion at the server)."
    ) % {
        "demand": number(demand, 4),
        "c": number(float(p["server_capacity_bps"]), 4),
        "n": number(float(p["server_capacity_bps"]) / demand, 4),
    }


def server_light_load(p: dict, r: dict) -> str:
    s, c, peer = float(p["response_size_bits"]), float(p["server_capacity_bps"]), float(p["peer_capacity_bps"])
    return _(
        "With one client the server is nearly idle: an answer takes about S/C = %(server)s s (plus a little "
        "queueing), while a peer with c = %(peer_rate)s bit/s needs S/c = %(peer)s s. A dedicated server wins "
        "while it is not congested."
    ) % {"server": number(s / c, 4), "peer_rate": number(peer, 4), "peer": number(s / peer, 4)}


def server_heavy_load(p: dict, r: dict) -> str:
    demand = float(p["request_rate"]) * float(p["response_size_bits"])
    saturation = float(p["server_capacity_bps"]) / demand
    return _(
        "With N = %(n)s clients against a server that saturates at %(sat)s, the server is %(state)s: its "
        "utilisation is N / %(sat)s = %(u)s. In P2P each peer serves only a share of the requests, so no single "
        "machine is congested."
    ) % {
        "n": number(float(p["clients"]), 6),
        "sat": number(saturation, 4),
        "state": _("overloaded") if float(p["clients"]) > saturation else _("not yet overloaded"),
        "u": percent(float(p["clients"]) / saturation, 4),
    }


def lookup_central_down(p: dict, r: dict) -> str:
    central = float(lookup(r, "central.success_rate"))
    dht = float(lookup(r, "dht.success_rate"))
    return _(
        "The central index is the single place that knows where things are: while it is down (uptime %(up)s) "
        "lookups succeed only %(c)s of the time, whatever the peers do. A DHT spreads the index over the peers, "
        "so losing some peers loses only part of it: %(d)s here."
    ) % {"up": percent(float(p["index_uptime"]), 4), "c": percent(central, 4), "d": percent(dht, 4)}


def _flood_reach(degree: int, ttl: int) -> float:
    return float(sum(degree * (degree - 1) ** (h - 1) for h in range(1, ttl + 1)))


def lookup_flooding(p: dict, r: dict) -> str:
    degree, ttl, n, replicas = int(p["degree"]), int(p["ttl_max"]), int(p["peers"]), int(p["replicas"])
    alive = n * (1 - float(p.get("failed_fraction", 0.0)))
    reach = min(_flood_reach(degree, ttl), alive)
    success = lookup(r, "flooding.success_rate")
    rate = float(success[-1]) if isinstance(success, list) and success else float("nan")
    return _(
        "Flooding with TTL %(ttl)s asks each neighbour, which asks its own (d − 1 = %(d1)s) neighbours, up to "
        "%(ttl)s hops: at most d·(d − 1)^(h−1) summed over the hops = %(reach)s peers, and each asked peer sends a "
        "message. With %(r)s copies among about %(alive)s live peers, a lookup finds one only if the flood reaches "
        "a peer holding it before the TTL runs out: found %(rate)s of the time. A larger TTL finds more, at the "
        "price of many more messages."
    ) % {
        "ttl": ttl,
        "d1": degree - 1,
        "reach": number(reach, 4),
        "r": replicas,
        "alive": number(alive, 4),
        "rate": percent(rate, 4) if math.isfinite(rate) else "—",
    }


def lookup_dht_hops(p: dict, r: dict) -> str:
    n = int(p["peers"])
    return _(
        "Chord halves the distance to the key at each hop: about ½·log2 N = ½·log2 %(n)s = %(h)s hops, measured %(m)s."
    ) % {"n": number(n, 6), "h": number(0.5 * math.log2(n), 4), "m": number(float(lookup(r, "dht.mean_hops")), 4)}


def lookup_messages(p: dict, r: dict) -> str:
    flood = lookup(r, "flooding.messages_per_lookup")
    return _(
        "Asking a central index costs one or two messages; flooding asks every peer it reaches: %(m)s messages "
        "per lookup at the largest TTL."
    ) % {"m": number(float(flood[-1]), 4) if isinstance(flood, list) and flood else "—"}


EXPLAINERS: dict[str, Callable[[dict, dict], str]] = {
    "fd_client_server": fd_client_server,
    "fd_p2p": fd_p2p,
    "fd_faster": fd_faster,
    "fd_simulated": fd_simulated,
    "fd_scalability_claim": fd_scalability_claim,
    "availability_formula": availability_formula,
    "availability_compare": availability_compare,
    "availability_hours": availability_hours,
    "server_saturation": server_saturation,
    "server_light_load": server_light_load,
    "server_heavy_load": server_heavy_load,
    "lookup_central_down": lookup_central_down,
    "lookup_flooding": lookup_flooding,
    "lookup_dht_hops": lookup_dht_hops,
    "lookup_messages": lookup_messages,
}


def model_terms(kind: str, params: dict[str, Any]) -> dict[str, Any]:
    """The formulas' separate terms for a run, so a question can ask which bound limits (not only the total)."""
    try:
        if kind == "availability":
            a = _availability_parts(params, {})["a"]
            return {"availability": {"p2p": a, "p2p_hours_down": (1 - a) * HOURS_PER_YEAR}}
        if kind != "file_distribution":
            return {}
        x = _fd_parts(params)
    except (KeyError, TypeError, ValueError, ZeroDivisionError):
        return {}
    return {
        "client_server": {"server_upload_s": x["server_copies"], "download_s": x["download"]},
        "p2p": {"server_upload_s": x["one_copy"], "download_s": x["download"], "swarm_upload_s": x["swarm"]},
    }


def grading_data(kind: str, params: dict[str, Any], result: dict[str, Any]) -> dict[str, Any]:
    """What answer specs read: the run's result plus "model" (model_terms)."""
    return {**(result or {}), "model": model_terms(kind, params or {})}


def explain(question: dict[str, Any], params: dict[str, Any], result: dict[str, Any]) -> str:
    """The explanation of one question for this run, in the active language ("" when it has none)."""
    explainer = EXPLAINERS.get(question.get("explain", ""))
    if explainer is None:
        return ""
    try:
        return explainer(params or {}, result or {})
    except (AnswerKeyError, KeyError, TypeError, ValueError, ZeroDivisionError):
        return ""
