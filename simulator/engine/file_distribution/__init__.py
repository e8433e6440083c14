"""`file_distribution`: distributing one file to N peers, client-server against P2P (Kurose & Ross, section 2.5).

Analytic minimum distribution times (F file size in bit, u_s server upload, d_min slowest download,
u_i peer uploads, all in bit/s):

    client-server  D_cs  = max(N·F/u_s, F/d_min)
    P2P            D_p2p = max(F/u_s, F/d_min, N·F/(u_s + Σ u_i))

The chunk-level simulations use a slotted model that can never beat those bounds: the file is cut into
M chunks of c = F/M bit; every transfer moves one whole chunk over one "connection" of rate r during one
round of length c/r. A node uploading at u opens at most floor(u/r) connections at once, a peer downloading
at d receives on at most floor(d/r) connections, and a peer only uploads chunks it fully holds (received in
an earlier round). So no node ever exceeds its rates, and every schedule the model makes is one the
analytic bounds apply to: simulated >= analytic, always. r is picked among fractions of the rates to keep
rounding losses small and the round count bounded.

Peers may differ in upload rate (`peer_upload_spread`): rates spread evenly around u with the same sum N·u,
so the analytic times do not change; only the simulation sees the difference.

Swarm (BitTorrent-like): each round, free upload connections are paired at random with free download
connections; each pair moves the rarest chunk (fewest holders, counting chunks already in flight; ties
broken at random per pair) that the uploader holds and the receiver lacks. The server holds every chunk.

Free-riders (`free_rider_fraction`): peers that never upload. With free-riders the swarm chokes as BitTorrent
does (`choking.py`: each downloading peer serves the 4 peers that sent it most over the last rounds plus one
optimistic unchoke rotating every 3 rounds); the result reports contributors and free-riders apart, against the
analytic bound with only the contributors' uploads in Σ u_i. With no free-rider the swarm is the plain one above.

Modules: `model` (the analytic model), `swarm` (the slotted simulations), `rounds` (their shared bookkeeping),
`choking` (tit-for-tat), `report` (the kind: parameters, presets, the run and its charts).
"""

from .model import (
    TEXTBOOK,
    analytic,
    client_server_time,
    contributors_upload,
    free_riders_among,
    p2p_time,
    peer_uploads,
    textbook_chart,
)
from .report import KIND, PARAMS, PRESETS, run
from .swarm import (
    MAX_PASSES,
    MAX_ROUNDS_CS,
    MAX_ROUNDS_SWARM,
    MAX_SLOTS,
    Plan,
    SimResult,
    plan_rounds,
    simulate_client_server,
    simulate_swarm,
)

__all__ = [
    "KIND",
    "MAX_PASSES",
    "MAX_ROUNDS_CS",
    "MAX_ROUNDS_SWARM",
    "MAX_SLOTS",
    "PARAMS",
    "PRESETS",
    "TEXTBOOK",
    "Plan",
    "SimResult",
    "analytic",
    "client_server_time",
    "contributors_upload",
    "free_riders_among",
    "p2p_time",
    "peer_uploads",
    "plan_rounds",
    "run",
    "simulate_client_server",
    "simulate_swarm",
    "textbook_chart",
]
