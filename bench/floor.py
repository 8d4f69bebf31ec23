"""Where an uncached request's time goes: the floor under every query, measured beside the peer.

The cheapest request each server can answer sets the ceiling on every query's throughput: for
r2p-kg ``/health`` (the HTTP stack alone) and an uncached ``ASK {}`` (the stack, the query checks and
the hand-off to a query worker), for Oxigraph's server the same ``ASK {}``; and pyoxigraph answering
``ASK {}`` in this process, the engine's own share. The CPU each server's processes use meanwhile
says what holds it back: one process near 100 % of a core is a single-threaded (GIL-bound) stack,
however many cores are free.
"""

from __future__ import annotations

import logging
import os
import statistics
import time
from collections.abc import Callable

from . import load, peers

log = logging.getLogger("bench.floor")
ASK = "ASK {}"


def _run(server: peers.Peer, path: str, *, seconds: float, concurrency: int) -> dict:
    """One wrk run of uncached requests to ``path``, with the CPU the server's processes used."""
    before = peers.group_cpu_seconds(server.group) if server.group else {}
    start = time.monotonic()
    r = load.run_wrk(server.base_url, [path], target=server.name, workload="uncached",
                     concurrency=concurrency, seconds=seconds, distinct="?query=" in path)
    wall = time.monotonic() - start
    after = peers.group_cpu_seconds(server.group) if server.group else {}
    used = [after[p] - before.get(p, 0.0) for p in after]
    return {"rps": r.rps, "p50_ms": r.p50_ms, "errors": r.errors,
            "cpu_busiest": max(used, default=0.0) / wall, "cpu_total": sum(used) / wall}


def measure(ours: peers.Peer, peer: peers.Peer, *, seconds: float, rounds: int, concurrency: int) -> dict:
    """Alternated runs (ours, peer, …, the order flipped each round) of the cheapest requests; medians."""
    import pyoxigraph as ox
    ask = load.query_paths(ours.query_path, [ASK])[0]
    steps = [("http", "r2p-kg /health: the HTTP stack alone", "/health", None),
             ("ask", "uncached ASK {}: the stack, the checks and a query worker", ask,
              load.query_paths(peer.query_path, [ASK])[0])]

    def one(server: peers.Peer, path: str) -> Callable[[], dict]:
        return lambda: _run(server, path, seconds=seconds, concurrency=concurrency)

    rows = []
    for key, what, ours_path, peer_path in steps:
        runs = load.alternated(rounds, one(ours, ours_path), None if peer_path is None else one(peer, peer_path))
        row: dict = {"step": key, "what": what}
        for side, rs in runs.items():
            if rs:
                row[side] = {f: statistics.median(x[f] for x in rs) for f in rs[0]}
        rows.append(row)
        log.info("floor %s: %s", key, row)
    engine = load.in_process(ox.Store(), [ASK], min(seconds, 2.0), "uncached")
    return {"peer": peer.name, "concurrency": concurrency, "seconds": seconds, "rounds": rounds,
            "cores": os.cpu_count(), "rows": rows, "engine_rps": engine.rps}


def markdown(block: dict) -> list[str]:
    """The floor table and what it says."""
    lines = [f"Uncached requests at c={block['concurrency']}, medians of {block['rounds']} alternated runs "
             f"of {block['seconds']:g} s; CPU is the share of one core used by the server's busiest "
             f"process and by all its processes together ({block['cores']} cores here).", "",
             "| request | r2p-kg req/s | r2p-kg CPU: busiest / all | "
             f"{block['peer']} req/s | its CPU: busiest / all |", "| --- | --- | --- | --- | --- |"]
    for r in block["rows"]:
        o, p = r.get("ours"), r.get("peer")
        lines.append(f"| {r['what']} | {o['rps']:.0f} | {o['cpu_busiest']:.0%} / {o['cpu_total']:.0%} | "
                     + (f"{p['rps']:.0f} | {p['cpu_busiest']:.0%} / {p['cpu_total']:.0%} |" if p else "— | — |"))
    lines += ["", f"pyoxigraph answers `ASK {{}}` in this process at {block['engine_rps']:,.0f} per second: "
              "the engine's share of a request is a small fraction of what a request costs over HTTP."]
    ask = next((r for r in block["rows"] if r["step"] == "ask"), None)
    if ask and ask.get("ours") and ask.get("peer"):
        o, p = ask["ours"], ask["peer"]
        lines += ["", f"No uncached query can be answered by r2p-kg faster than about {o['rps']:.0f} per "
                  f"second here, whatever its engine cost: {block['peer']} answers the same empty query at "
                  f"{p['rps']:,.0f} ({o['rps'] / p['rps']:.2f}×). While it did, r2p-kg's busiest process "
                  f"(the web process) used {o['cpu_busiest']:.0%} of a core and all its processes "
                  f"{o['cpu_total']:.0%}; {block['peer']} used {p['cpu_total']:.0%}. "
                  + ("The web process runs its Python code one thread at a time (the GIL), so it can "
                     "use one core and no more: it is the limit. " if o["cpu_busiest"] >= 0.85 else "")
                  + "A profile of that process is in docs/scaling.md, section \"The uncached path\"."]
    return lines
