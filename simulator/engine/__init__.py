"""Simulation engine: pure Python (numpy, SimPy, networkx), no Django.

`KINDS` maps a kind name to its `Kind` (parameters and run function). Every kind's
`run(params, *, seed=0, progress=None)` takes params cleaned by `validate_params`, is deterministic for a
seed, calls `progress(fraction)` at least every ~0.2 s (raise `Cancelled` from it to stop the run) and
returns JSON-ready data (no numpy types, no NaN/inf: an infinite analytic value is null) made of numbers and
English message ids (marked with `gettext_noop`; the Django layer translates them and writes the summary from the
numbers, see simulator/summaries.py and simulator/texts.py):

    {"charts": [{"id", "title", "title_args", "x_label", "y_label", "x", "series": [{"name", "name_args", "y"}],
                 "log_x", "log_y", "kind": "line" | "points" | "bar"}],   # "y" may hold null where a value is infinite
     "table": {"columns": [msgid, ...], "rows": [[...], ...]},  # the numbers behind the main chart
     ...kind-specific numbers}

Kind-specific numbers, for exercises graded against the model's own results:
- file_distribution: analytic.client_server_s, analytic.p2p_s; simulated.client_server_s, simulated.p2p_s,
  simulated.*_per_peer_s, simulated.p2p_over_analytic; by_n (analytic and simulated at N/100, N/10, N);
  free_riders, groups.contributors / groups.free_riders (peers, mean_s, std_s, min_s, max_s, percentiles_s).
  Pure helpers: file_distribution.textbook_chart(), client_server_time(), p2p_time().
- lookup: central.success_rate / messages_per_lookup; flooding.ttl, .success_rate[], .messages_per_lookup[];
  dht.success_rate, .mean_hops, .max_hops; dht_by_n[] (peers, mean_hops, log2_n).
- server_load: by_clients[] (clients, server_response_s, server_response_s_mm1, server_utilisation,
  p2p_response_s, p2p_busiest_utilisation, overloaded); saturation_clients.
- availability: p_online; analytic.p2p / .server; simulated.p2p / .server; by_copies[];
  unavailable_hours_per_year.
"""

from .base import Cancelled, Kind, Param, validate_params

KINDS: dict[str, Kind] = {}


def register(kind: Kind) -> Kind:
    KINDS[kind.kind] = kind
    return kind


__all__ = ["KINDS", "Cancelled", "Kind", "Param", "register", "validate_params"]


# The four kinds, registered last (their modules import from .base and ._util only).
from . import availability as _availability  # noqa: E402
from . import file_distribution as _file_distribution  # noqa: E402
from . import lookup as _lookup  # noqa: E402
from . import server_load as _server_load  # noqa: E402

for _module in (_file_distribution, _lookup, _server_load, _availability):
    register(_module.KIND)
