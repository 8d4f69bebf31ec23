"""Per-query comparison with Oxigraph's server, in alternated runs (``make bench-quick``).

A ratio is only honest when both sides see the same machine: each query is measured for r2p-kg and
for Oxigraph's server in turn — ours, peer, ours, peer … for ``rounds`` rounds, the order flipped
every round so neither side always follows the other — and each side's figure is the median of its
runs. The one-minute load average is recorded before every run, and the CPU time the rest of the
machine used during it (all busy CPU time from /proc/stat less the benchmark's own and both
servers'): a run during which other processes used more than a tenth of a core is flagged, and the
summary says how many were.

    python -m bench.compare                 # the real report, the eight queries of issue 16, 3 rounds
    python -m bench.compare --all --seconds 3 --rounds 5
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import logging
import math
import os
import statistics
import sys
import tempfile
from pathlib import Path

from . import load, peers

log = logging.getLogger("bench.compare")
ROOT = Path(__file__).resolve().parent.parent
REAL = ROOT / "data" / "source" / "sg-r2p-report-2025.zh.txt"
# The catalogue queries the scale issue compares one by one (the others run in the full benchmark).
CORE = ["cited-documents", "paragraph-text", "footnotes-by-paragraph", "countries-by-paragraph",
        "organizations-by-paragraph", "crimes-by-paragraph", "pillars-by-paragraph", "statistics"]
WORKLOADS = ("uncached", "repeated")  # uncached first: it is the figure a cache cannot flatter
BUSY = 0.5  # the one-minute load average per CPU above which a run is said to start on a busy machine
OTHER = 0.1  # cores used by processes outside the benchmark above which a run is flagged


def queries(names: list[str] | None) -> dict[str, str]:
    """``{name: text}`` of the catalogue queries named (all of them for None)."""
    files = sorted((ROOT / "queries").glob("*.rq"))
    chosen = {f.stem: f.read_text(encoding="utf-8") for f in files if names is None or f.stem in names}
    missing = sorted(set(names or ()) - set(chosen))
    if missing:
        raise SystemExit(f"bench.compare: no such query in queries/: {', '.join(missing)}")
    return chosen


def _load_per_cpu() -> float:
    return os.getloadavg()[0] / (os.cpu_count() or 1)


def _geomean(xs: list[float]) -> float | None:
    xs = [x for x in xs if x and x > 0]
    return math.exp(sum(math.log(x) for x in xs) / len(xs)) if xs else None


def per_query(ours: peers.Peer, peer: peers.Peer, texts: dict[str, str], *, seconds: float,
              rounds: int, concurrency: int) -> dict:
    """Alternated runs of every query on both servers; medians, ratios and the loads seen."""
    rows = []
    groups = [g for g in (ours.group, peer.group) if g is not None]
    for workload in WORKLOADS:
        for name, text in texts.items():
            def wrk(server: peers.Peer, text: str, workload: str) -> dict:
                before = _load_per_cpu()
                r = load.run_wrk(server.base_url, load.query_paths(server.query_path, [text]),
                                 target=server.name, workload=workload, concurrency=concurrency,
                                 seconds=seconds, distinct=workload == "uncached")
                return {"rps": r.rps, "p50_ms": r.p50_ms, "p99_ms": r.p99_ms,
                        "errors": r.errors, "load_per_cpu": round(before, 2)}

            def one(server: peers.Peer, text: str = text, workload: str = workload) -> dict:
                return peers.other_cores(lambda: wrk(server, text, workload), groups)

            runs = load.alternated(rounds, lambda: one(ours), lambda: one(peer))
            med = {side: statistics.median(x["rps"] for x in rs) for side, rs in runs.items()}
            ratio = med["ours"] / med["peer"] if med["peer"] else None
            rows.append({"query": name, "workload": workload, "ours_rps": med["ours"], "peer_rps": med["peer"],
                         "ratio": ratio, "runs": runs})
            log.info("%s %s: %.0f vs %.0f req/s (%s×)", workload, name, med["ours"], med["peer"],
                     "—" if ratio is None else f"{ratio:.2f}")
    all_runs = [x for r in rows for rs in r["runs"].values() for x in rs]
    return {
        "peer": peer.name, "concurrency": concurrency, "seconds": seconds, "rounds": rounds,
        "rows": rows,
        "geomean": {w: _geomean([r["ratio"] for r in rows if r["workload"] == w]) for w in WORKLOADS},
        "runs": len(all_runs),
        "busy_runs": sum(1 for x in all_runs if x["load_per_cpu"] > BUSY),
        "max_load_per_cpu": max((x["load_per_cpu"] for x in all_runs), default=0.0),
        "other_runs": sum(1 for x in all_runs if x.get("other_cores", 0.0) > OTHER),
        "max_other_cores": max((x.get("other_cores", 0.0) for x in all_runs), default=0.0),
        "errors": sum(x["errors"] for x in all_runs),
    }


def markdown(block: dict) -> list[str]:
    """The per-query table (uncached first) with the targets of the scale issue and their verdicts."""
    def fmt(x: float | None, spec: str = ".2f") -> str:
        return "—" if x is None else format(x, spec)

    lines = [f"Each figure is the median of {block['rounds']} runs of {block['seconds']:g} s at c="
             f"{block['concurrency']}, r2p-kg and {block['peer']} alternated (the order flipped every "
             f"round). Runs: {block['runs']}; started on a busy machine (one-minute load above "
             f"{BUSY} per CPU): {block['busy_runs']}; highest load seen {block['max_load_per_cpu']:.2f} per "
             f"CPU; errors {block['errors']}. The load average counts the benchmark's own wrk and server "
             "threads too, and runs follow one another with no pause, so it stays high even on an "
             "otherwise idle machine: the count of busy starts is an upper bound, not evidence of "
             "other load.", ""]
    if "max_other_cores" in block:  # (runs before this figure was recorded do not have it)
        lines[-2:-1] = [lines[-2] + " What other load there was is measured directly: the CPU time used "
                        "during each run by processes other than the benchmark and the two servers. "
                        f"Runs during which they used more than {OTHER} of a core: {block['other_runs']}; "
                        f"the most they used: {block['max_other_cores']:.2f} of a core."]
    for workload in WORKLOADS:
        rows = [r for r in block["rows"] if r["workload"] == workload]
        lines += [f"**{workload}**", "", "| query | r2p-kg req/s | peer req/s | ratio |", "| --- | --- | --- | --- |"]
        lines += [f"| {r['query']} | {r['ours_rps']:.0f} | {r['peer_rps']:.0f} | {fmt(r['ratio'])}× |" for r in rows]
        lines.append("")
    unc = [r["ratio"] for r in block["rows"] if r["workload"] == "uncached" and r["ratio"] is not None]
    rep = [r["ratio"] for r in block["rows"] if r["workload"] == "repeated" and r["ratio"] is not None]
    g = block["geomean"]
    verdict = {True: "met", False: "**not met**", None: "n/a"}
    lines += ["| target | measured | verdict |", "| --- | --- | --- |",
              f"| uncached: geometric mean ≥ 1.5× | {fmt(g['uncached'])}× | "
              f"{verdict[None if g['uncached'] is None else g['uncached'] >= 1.5]} |",
              f"| uncached: no query below 0.7× | lowest {fmt(min(unc, default=None))}× | "
              f"{verdict[None if not unc else min(unc) >= 0.7]} |",
              f"| repeated: every query ≥ 1.0× | lowest {fmt(min(rep, default=None))}× "
              f"(geometric mean {fmt(g['repeated'])}×) | {verdict[None if not rep else min(rep) >= 1.0]} |"]
    return lines


def run_real(folder: Path, names: list[str] | None, *, seconds: float, rounds: int, concurrency: int,
             dist: Path | None = None) -> dict:
    """Build the real report (unless ``dist`` is given), start both servers, compare."""
    if dist is None:
        from r2p_kg.build import build
        dist = build([REAL], folder / "dist").out
    ours = peers.start_r2p(dist, folder)
    try:
        theirs = peers.start_oxigraph(dist, folder)
        try:
            return per_query(ours, theirs, queries(names), seconds=seconds, rounds=rounds,
                             concurrency=concurrency)
        finally:
            theirs.stop()
    finally:
        ours.stop()


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m bench.compare", description=__doc__.splitlines()[0])
    ap.add_argument("--all", action="store_true", help="every catalogue query, not only the eight core ones")
    ap.add_argument("--seconds", type=float, default=2.0, help="seconds per run (default 2)")
    ap.add_argument("--rounds", type=int, default=3, help="runs per side and query (default 3)")
    ap.add_argument("-c", "--concurrency", type=int, default=8)
    ap.add_argument("--out", type=Path, default=ROOT / "bench" / "results")
    args = ap.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    if not load.wrk_available():
        print("bench.compare: wrk is not installed (Debian package wrk)", file=sys.stderr)
        return 2
    if args.rounds < 1 or args.seconds < 1:
        print("bench.compare: --rounds and --seconds must be at least 1", file=sys.stderr)
        return 2
    started = dt.datetime.now(dt.UTC)
    if _load_per_cpu() > BUSY:
        log.warning("the machine is busy (load %.2f per CPU): the ratios will say so", _load_per_cpu())
    with tempfile.TemporaryDirectory(prefix="r2p-compare-") as tmp:
        block = run_real(Path(tmp), None if args.all else CORE, seconds=args.seconds, rounds=args.rounds,
                         concurrency=args.concurrency)
    block["started"] = started.isoformat(timespec="seconds")
    args.out.mkdir(parents=True, exist_ok=True)
    path = args.out / f"{started.strftime('%Y%m%dT%H%M%SZ')}-compare.json"
    tmp_path = path.with_suffix(".json.part")
    tmp_path.write_text(json.dumps(block, indent=2) + "\n", encoding="utf-8")
    tmp_path.replace(path)
    print("\n".join(markdown(block)))
    print(f"\nwrote {path.relative_to(ROOT) if path.is_relative_to(ROOT) else path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
