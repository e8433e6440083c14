"""`lookup`: how a peer finds which node holds a resource.

Three ways, with the same peers, resource copies and failures:

- central index (Napster-like): one query to the index server and one answer (2 messages). It fails when
  the index is down (each lookup finds it up with probability `index_uptime`) or no live peer holds a copy.
- flooding (Gnutella-like): the query spreads over a random overlay (every peer linked to about `degree`
  others); every peer that receives it for the first time forwards it to all its other live neighbours while
  the TTL lasts. Success when a holder is within TTL hops; messages count every copy sent, duplicates too.
- DHT (Chord): peers and keys get 32-bit ids on a ring; each peer keeps fingers (the successor of
  id + 2^k) and a successor list; a lookup hops to the closest live finger preceding the key. About
  ½·log2 N hops on average, at most about log2 N. The resource is stored on the key's first `replicas`
  successors, so it survives failures while one of them is alive.

Failure injection: `failed_fraction` of the peers are gone (they neither answer nor forward).

Modules: `central` (the index), `flooding` (overlay and TTL-bounded search), `chord` (the DHT), `kind`
(parameters, presets, the run and its charts).
"""

from .central import central_lookups
from .chord import ID_BITS, RING, Chord, dht_lookups
from .flooding import flood, flooding_lookups, overlay
from .kind import KIND, PARAMS, PRESETS, run

__all__ = [
    "ID_BITS",
    "KIND",
    "PARAMS",
    "PRESETS",
    "RING",
    "Chord",
    "central_lookups",
    "dht_lookups",
    "flood",
    "flooding_lookups",
    "overlay",
    "run",
]
