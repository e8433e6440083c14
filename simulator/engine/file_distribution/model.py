"""The analytic model of file distribution (Kurose & Ross, section 2.5): minimum distribution times.

F file size in bit, u_s server upload, d_min slowest download, u_i peer uploads, all in bit/s:

    client-server  D_cs  = max(N·F/u_s, F/d_min)
    P2P            D_p2p = max(F/u_s, F/d_min, N·F/(u_s + Σ u_i))

Free-riders upload nothing, so only the contributors' uploads count in Σ u_i.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from .._util import chart, gettext_noop


def client_server_time(file_size_bits: float, server_upload_bps: float, peers: int, d_min: float) -> float:
    """max(N·F/u_s, F/d_min), in seconds."""
    n, f = peers, file_size_bits
    return max(n * f / server_upload_bps, f / d_min)


def p2p_time(file_size_bits: float, server_upload_bps: float, peers: int, d_min: float, sum_upload: float) -> float:
    """max(F/u_s, F/d_min, N·F/(u_s + Σu_i)), in seconds."""
    n, f = peers, file_size_bits
    return max(f / server_upload_bps, f / d_min, n * f / (server_upload_bps + sum_upload))


def peer_uploads(peer_upload_bps: float, peers: int, spread: float) -> np.ndarray:
    """Each peer's upload rate: evenly from u(1 - spread) to u(1 + spread), so that the sum is N·u."""
    if peers <= 1 or spread <= 0:
        return np.full(peers, float(peer_upload_bps))
    offsets = 2.0 * np.arange(peers) / (peers - 1) - 1.0
    return peer_upload_bps * (1.0 + spread * offsets)


def free_riders_among(peers: int, fraction: float) -> np.ndarray:
    """Which peers free-ride: round(fraction·N) of them, evenly spaced over the peers (so over the spread of
    upload rates too, leaving the contributors' mean rate at u)."""
    count = min(peers, int(round(fraction * peers)))
    if count <= 0:
        return np.empty(0, dtype=np.int64)
    return np.unique(np.round(np.linspace(0, peers - 1, count)).astype(np.int64))


def contributors_upload(peer_upload_bps: float, peers: int, spread: float, free_fraction: float) -> float:
    """Σ u_i over the peers that upload (all of them without free-riders: exactly N·u)."""
    riders = free_riders_among(peers, free_fraction)
    if riders.size == 0:
        return peers * peer_upload_bps
    if spread <= 0:
        return (peers - riders.size) * peer_upload_bps
    uploads = peer_uploads(peer_upload_bps, peers, spread)
    uploads[riders] = 0.0
    return float(uploads.sum())


def analytic(params: dict[str, Any]) -> dict[str, float]:
    f = params["file_size_bits"]
    us = params["server_upload_bps"]
    n = int(params["peers"])
    d = params["peer_download_bps"]
    u = params["peer_upload_bps"]
    total = contributors_upload(u, n, params.get("peer_upload_spread", 0.0), params.get("free_rider_fraction", 0.0))
    return {
        "client_server_s": client_server_time(f, us, n, d),
        "p2p_s": p2p_time(f, us, n, d, total),
    }


TEXTBOOK = {
    "file_size_bits": 15e9,
    "server_upload_bps": 30e6,
    "peer_download_bps": 2e6,
    "peers": (10, 100, 1000),
    "peer_upload_bps": (300e3, 700e3, 2e6),
}


def textbook_chart() -> dict[str, Any]:
    """The homework chart of Kurose & Ross (chapter 2, problem on distribution time): F = 15 Gbit, u_s = 30 Mbps,
    d = 2 Mbps, N = 10, 100, 1000 and u = 300 kbps, 700 kbps, 2 Mbps. Exact analytic values, in seconds.

    Returns {"client_server": {N: s}, "p2p": {u: {N: s}}, "chart": chart-dict}.
    """
    f, us, d = TEXTBOOK["file_size_bits"], TEXTBOOK["server_upload_bps"], TEXTBOOK["peer_download_bps"]
    ns, us_list = TEXTBOOK["peers"], TEXTBOOK["peer_upload_bps"]
    cs = {n: client_server_time(f, us, n, d) for n in ns}
    p2p = {u: {n: p2p_time(f, us, n, d, n * u) for n in ns} for u in us_list}
    series = [
        {"name": gettext_noop("client-server (u = %(u)s)"), "name_args": {"u": _rate(u)}, "y": [cs[n] for n in ns]}
        for u in us_list
    ]
    series += [
        {"name": gettext_noop("P2P (u = %(u)s)"), "name_args": {"u": _rate(u)}, "y": [p2p[u][n] for n in ns]}
        for u in us_list
    ]
    return {
        "client_server": cs,
        "p2p": p2p,
        "chart": chart(
            "textbook",
            gettext_noop("Distribution time, F = 15 Gbit, u_s = 30 Mbps, d = 2 Mbps"),
            gettext_noop("N (peers)"),
            gettext_noop("minimum distribution time (s)"),
            list(ns),
            series,
            log_x=True,
            log_y=True,
        ),
    }


def _rate(bps: float) -> dict[str, Any]:
    """A quantity argument: the Django layer writes it with its unit in the reader's number format."""
    return {"value": bps, "unit": "bit/s"}
