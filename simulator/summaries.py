"""A run's summary in the reader's language, written from the numbers the engine returned.

The engine speaks no language; each kind's summary is built here with gettext and the simulator's one number
formatter, so it reads true at every bound of every parameter (no "1e-12 clients", no "0 % rising to 0 %").
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from simulator.units import duration, number, percent, rate

SummaryFn = Callable[[dict[str, Any], dict[str, Any]], str]
SUMMARIES: dict[str, SummaryFn] = {}


def register(kind: str) -> Callable[[SummaryFn], SummaryFn]:
    def wrap(fn: SummaryFn) -> SummaryFn:
        SUMMARIES[kind] = fn
        return fn

    return wrap


def summary_of(kind: str, params: dict[str, Any], result: dict[str, Any] | None) -> str:
    """The summary of a finished run ("" when there is no result). A kind without a writer here (a test kind)
    may return its own plain `summary`."""
    if not result:
        return ""
    fn = SUMMARIES.get(kind)
    if fn is None:
        return str(result.get("summary", ""))
    try:
        return fn(params or {}, result)
    except (KeyError, TypeError, ValueError, ZeroDivisionError):  # a result stored by an older engine
        return ""


@register("file_distribution")
def _file_distribution(params: dict[str, Any], result: dict[str, Any]) -> str:
    n = int(params.get("peers", len(result["simulated"]["p2p_per_peer_s"])))
    a_cs, a_p2p = result["analytic"]["client_server_s"], result["analytic"]["p2p_s"]
    s_cs, s_p2p = result["simulated"]["client_server_s"], result["simulated"]["p2p_s"]
    ratio = a_cs / a_p2p if a_p2p else math.inf
    text = ngettext(
        "With N = %(n)s peer, client-server needs at least %(a_cs)s (simulated %(s_cs)s) and P2P at least "
        "%(a_p2p)s (simulated %(s_p2p)s).",
        "With N = %(n)s peers, client-server needs at least %(a_cs)s (simulated %(s_cs)s) and P2P at least "
        "%(a_p2p)s (simulated %(s_p2p)s).",
        n,
    ) % {
        "n": number(n),
        "a_cs": duration(a_cs),
        "s_cs": duration(s_cs),
        "a_p2p": duration(a_p2p),
        "s_p2p": duration(s_p2p),
    }
    # Three significant digits: a ratio below 1.005 would read "1 times faster".
    if ratio >= 1.005:
        text += " " + _("P2P is %(ratio)s times faster (formulas).") % {"ratio": number(ratio)}
    else:
        text += " " + _("P2P is no faster than client-server here.")
    groups = result.get("groups") or {}
    riders, contributors = groups.get("free_riders"), groups.get("contributors")
    if riders:
        if contributors:
            text += " " + _(
                "Contributors finished in %(c_mean)s on average (from %(c_min)s to %(c_max)s), free-riders in "
                "%(f_mean)s (from %(f_min)s to %(f_max)s)."
            ) % {
                "c_mean": duration(contributors["mean_s"]),
                "c_min": duration(contributors["min_s"]),
                "c_max": duration(contributors["max_s"]),
                "f_mean": duration(riders["mean_s"]),
                "f_min": duration(riders["min_s"]),
                "f_max": duration(riders["max_s"]),
            }
        else:
            text += " " + _("No peer uploads: every peer free-rides and only the server sends.")
    return text


@register("lookup")
def _lookup(params: dict[str, Any], result: dict[str, Any]) -> str:
    central, flooding, dht = result["central"], result["flooding"], result["dht"]
    ttls, success = flooding["ttl"], flooding["success_rate"]
    text = _("Central index: %(rate)s of lookups succeed, %(messages)s messages each.") % {
        "rate": percent(central["success_rate"]),
        "messages": number(central["messages_per_lookup"]),
    }
    first, last = success[0], success[-1]
    costs = {"messages": number(flooding["messages_per_lookup"][-1])}
    if len(ttls) == 1:
        text += " " + _("Flooding: %(rate)s at TTL 1, costing %(messages)s messages per lookup.") % {
            "rate": percent(first),
            **costs,
        }
    elif percent(first) == percent(last):
        text += " " + _(
            "Flooding: %(rate)s from TTL 1 to TTL %(ttl)s, costing up to %(messages)s messages per lookup."
        ) % {"rate": percent(first), "ttl": ttls[-1], **costs}
    else:
        text += " " + _(
            "Flooding: %(first)s at TTL 1 rising to %(last)s at TTL %(ttl)s, costing %(messages)s messages per lookup."
        ) % {"first": percent(first), "last": percent(last), "ttl": ttls[-1], **costs}
    log2n = number(math.log2(int(params.get("peers", 2))))
    if dht.get("mean_hops") is None:
        text += " " + _("Chord DHT: no lookup succeeds (log2 N = %(log2n)s).") % {"log2n": log2n}
    else:
        text += " " + _("Chord DHT: %(rate)s succeed in %(hops)s hops on average (log2 N = %(log2n)s).") % {
            "rate": percent(dht["success_rate"]),
            "hops": number(dht["mean_hops"]),
            "log2n": log2n,
        }
    return text


@register("server_load")
def _server_load(params: dict[str, Any], result: dict[str, Any]) -> str:
    rows = result["by_clients"]
    first, last = rows[0], rows[-1]
    saturation = result["saturation_clients"]
    lam = float(params.get("request_rate", 1.0))
    text = _("Client-server: mean response %(time)s at N = %(n)s.") % {
        "time": duration(first["server_response_s"]),
        "n": number(first["clients"]),
    }
    if saturation < 1:
        text += " " + _(
            "A single client already overloads the server: it can answer %(served)s, one client asks %(asked)s, "
            "so its queue keeps growing."
        ) % {"served": rate(result["service_rate_server_per_s"]), "asked": rate(lam)}
    elif last["overloaded"]:
        text += " " + _(
            "Beyond about %(saturation)s clients the server is overloaded and its queue keeps growing (mean "
            "response %(time)s at N = %(n)s)."
        ) % {
            "saturation": number(math.floor(saturation) if saturation >= 100 else saturation),
            "time": duration(last["server_response_s"]),
            "n": number(last["clients"]),
        }
    else:
        text += " " + _(
            "At N = %(n)s the server is %(busy)s busy and answers in %(time)s on average (M/M/1: %(mm1)s)."
        ) % {
            "n": number(last["clients"]),
            "busy": percent(last["server_utilisation"]),
            "time": duration(last["server_response_s"]),
            "mm1": duration(last["server_response_s_mm1"]),
        }
    if lam >= result["service_rate_peer_per_s"]:
        text += " " + _(
            "P2P: every peer gets about %(asked)s but serves only %(served)s, so the peers are overloaded too "
            "(the busiest is %(busy)s busy)."
        ) % {
            "asked": rate(lam),
            "served": rate(result["service_rate_peer_per_s"]),
            "busy": percent(last["p2p_busiest_utilisation"]),
        }
    else:
        text += " " + _(
            "P2P: the busiest peer stays near %(busy)s busy and answers in %(time)s, because each new client "
            "also serves."
        ) % {"busy": percent(last["p2p_busiest_utilisation"]), "time": duration(last["p2p_response_s"])}
    return text


@register("availability")
def _availability(params: dict[str, Any], result: dict[str, Any]) -> str:
    k = int(params.get("copies", 1))
    uptime = float(params.get("server_uptime", result["analytic"]["server"]))
    p2p, server = result["simulated"]["p2p"], result["simulated"]["server"]
    hours = result["unavailable_hours_per_year"]
    text = ngettext(
        "With the file on k = %(k)s peer that is online %(p)s of the time, it could be fetched %(sim)s of the "
        "time (formula 1-(1-p)^k: %(formula)s).",
        "With the file on k = %(k)s peers that are each online %(p)s of the time, it could be fetched %(sim)s "
        "of the time (formula 1-(1-p)^k: %(formula)s).",
        k,
    ) % {
        "k": number(k),
        "p": percent(result["p_online"]),
        "sim": percent(p2p),
        "formula": percent(result["analytic"]["p2p"]),
    }
    text += " " + _("The server with %(uptime)s uptime was reachable %(sim)s of the time.") % {
        "uptime": percent(uptime),
        "sim": percent(server),
    }
    if percent(p2p) == percent(server):
        verdict = _("Both are about as available here")
    elif p2p > server:
        verdict = _("P2P is more available here")
    else:
        verdict = _("The server is more available here")
    text += " " + _("%(verdict)s: unavailable about %(p2p_h)s a year with P2P and %(server_h)s with the server.") % {
        "verdict": verdict,
        "p2p_h": _hours(hours["p2p"]),
        "server_h": _hours(hours["server"]),
    }
    return text


def _hours(h: float) -> str:
    """Hours per year, both figures in hours so they compare at a glance."""
    return _("%(n)s h") % {"n": number(h)}
