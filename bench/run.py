"""The benchmark harness behind ``make bench``.

Every comparison is made in one run, on one machine, on the same data, and reported as a ratio as
well as absolute numbers. Writes ``bench/results/<timestamp>.json``, ``BENCH.md`` and SVG plots.

    python -m bench.run            # the full run (minutes to hours: corpora up to 1,000 reports)
    python -m bench.run --smoke    # tiny N, half a second per measurement (part of the test suite)
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import logging
import platform
import sys
import tempfile
from pathlib import Path

from r2p_kg.dist import has_build, require_build

from . import build_bench, compare, floor, load, peers, plots, summary
from . import workload as analyst

log = logging.getLogger("bench")
ROOT = Path(__file__).resolve().parent.parent
REAL = ROOT / "data" / "source" / "sg-r2p-report-2025.zh.txt"


def catalogue() -> list[str]:
    """The competency-question catalogue: the workload."""
    return [p.read_text(encoding="utf-8") for p in sorted((ROOT / "queries").glob("*.rq"))]


def entity_paths(dist: Path, store, limit: int = 200) -> list[str]:
    """Local paths of up to ``limit`` entity IRIs spread over the dataset (every kind of page)."""
    base = require_build(dist).base
    rows = store.query("SELECT DISTINCT ?s WHERE { ?s a ?c }", use_default_graph_as_union=True)
    iris = sorted(r["s"].value for r in rows if r["s"].value.startswith(base + "id/"))
    step = max(1, len(iris) // limit)
    return ["/" + iri[len(base):] for iri in iris[::step][:limit]]


def warm_up(url: str, deadline: float = 120.0) -> None:
    """Ask for ``url`` until it answers 200, waiting as a 503's ``Retry-After`` says (a server still
    draining the previous measurement's requests may answer 503 busy or page-timeout)."""
    import time
    import urllib.error
    import urllib.request
    end = time.monotonic() + deadline
    while True:
        request = urllib.request.Request(url, headers={"Accept": "text/html"})
        try:
            with urllib.request.urlopen(request, timeout=60) as resp:
                resp.read()
                return
        except urllib.error.HTTPError as exc:
            if exc.code != 503 or time.monotonic() > end:
                raise RuntimeError(f"warming up {url}: HTTP {exc.code}") from exc
            log.info("warming up %s: 503, retrying", url)
            time.sleep(min(5.0, float(exc.headers.get("Retry-After") or 1)))


def page_bench(peer, uncached_peer, pages: list[str], seconds: float, levels: list[int]) -> list[dict]:
    """Entity pages (HTML): the same pages again and again (``peer``, its page cache answering), and
    every page rendered (``uncached_peer``, started without a page cache)."""
    out = []
    for workload, server in (("repeated", peer), ("uncached", uncached_peer)):
        # Warm up: the first page loads the pages' data, which is not what a page costs.
        warm_up(server.base_url + pages[0])
        for c in levels:
            r = load.run_wrk(server.base_url, pages, target="r2p-kg entity page", workload=workload,
                             concurrency=c, seconds=seconds, distinct=workload == "uncached",
                             accept="text/html", salt_param="_")
            out.append(r.as_dict())
            log.info("entity pages %s c=%d: %.0f req/s p50 %.1f ms", workload, c, r.rps, r.p50_ms)
    return out


def endpoint_bench(dist: Path, names: list[str], seconds: float, levels: list[int], folder: Path,
                   label: str) -> dict:
    """Each peer on the same data, at each concurrency, uncached and repeated workloads."""
    import pyoxigraph as ox
    queries = catalogue()
    out: dict = {"label": label, "results": [], "skipped": {}}
    if not queries:
        out["skipped"]["all"] = "no queries in queries/"
        return out
    store = ox.Store()
    store.bulk_load(path=str(dist / "r2p.nq"), format=ox.RdfFormat.N_QUADS)
    for workload in ("uncached", "repeated"):
        out["results"].append(load.in_process(store, queries, seconds, workload).as_dict())
    if not load.wrk_available():
        out["skipped"]["http"] = "wrk is not installed (Debian package wrk)"
        return out
    folder = folder / label.replace(" ", "-")  # each block its own data folders (Virtuoso's db...)
    folder.mkdir(parents=True, exist_ok=True)
    for name in names:
        try:
            peer = peers.PEERS[name](dist, folder)
        except Exception as exc:  # a peer that cannot start is reported, not fatal
            out["skipped"][name] = f"{type(exc).__name__}: {exc}"
            log.warning("skipping %s: %s", name, exc)
            continue
        try:
            paths = load.query_paths(peer.query_path, queries)
            for workload in ("uncached", "repeated"):
                for c in levels:
                    r = load.run_wrk(peer.base_url, paths, target=peer.name, workload=workload,
                                     concurrency=c, seconds=seconds, distinct=workload == "uncached")
                    out["results"].append(r.as_dict())
                    log.info("%s %s c=%d: %.0f req/s p99 %.1f ms", peer.name, workload, c, r.rps, r.p99_ms)
            if name == "r2p-kg":
                rendering = peers.start_r2p(dist, folder, page_cache=False)
                try:
                    out["results"] += page_bench(peer, rendering, entity_paths(dist, store), seconds,
                                                 sorted({1, 8} | set(levels)) if len(levels) > 1 else [8])
                except (RuntimeError, OSError) as exc:  # recorded, and the run goes on
                    out["skipped"]["r2p-kg entity pages"] = f"{type(exc).__name__}: {exc}"
                    log.warning("entity pages: %s", exc)
                finally:
                    rendering.stop()
            if peer.group is not None:  # after the load: caches full, every worker started
                out.setdefault("memory_mb", {})[peer.name] = peers.group_memory_mb(peer.group)
        finally:
            peer.stop()
    return out


def _write(path: Path, text: str) -> None:
    """Write ``path`` whole or not at all (a stopped run never leaves half a BENCH.md)."""
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(text, encoding="utf-8")
    tmp.replace(path)


def measure(results: dict, *, smoke: bool, names: list[str], sizes: list[int], scale_sizes: list[int],
            seconds: float, levels: list[int]) -> None:
    """Every figure of the run, into ``results`` as it is measured (a failure keeps the earlier ones)."""
    from r2p_kg.build import build
    from r2p_kg.report import read_report
    from r2p_kg.synthetic import write_corpus
    with tempfile.TemporaryDirectory(prefix="r2p-bench-") as tmp:
        work = Path(tmp)
        # The build figures leave their corpus and builds in work/ for the endpoint figures.
        results["build"] = build_bench.run(REAL, sizes, work=work)
        real_dist = work / "real" / "dist-1"
        results["endpoint"] = [endpoint_bench(real_dist, names, seconds, levels, work, "real report")]
        if {"r2p-kg", "oxigraph"} <= set(names) and load.wrk_available():
            # Per query, alternated with Oxigraph's server, medians (uncached first); then the
            # analyst workload on the same two servers.
            folder = work / "compare"
            folder.mkdir()
            # (the analyst workload's page figures are of rendered pages: no page cache)
            ours, theirs = peers.start_r2p(real_dist, folder, page_cache=False), None
            try:
                theirs = peers.start_oxigraph(real_dist, folder)
                results["per_query"] = compare.per_query(
                    ours, theirs, compare.queries(["pillars-by-paragraph"] if smoke else None),
                    seconds=seconds if smoke else max(2.0, seconds / 3), rounds=1 if smoke else 3,
                    concurrency=8)
                results["floor"] = floor.measure(ours, theirs, seconds=seconds if smoke else max(2.0, seconds / 3),
                                                 rounds=1 if smoke else 3, concurrency=8)
                results["workload"] = [analyst.run(ours, theirs, analyst.draws_of(real_dist),
                                                   seconds=seconds,
                                                   rounds=1 if smoke else 3, concurrency=8,
                                                   only=["mix"] if smoke else None)]
            finally:
                for server in (theirs, ours):
                    if server is not None:
                        server.stop()
            if smoke:  # the stateless node over a shared store, Oxigraph's server only
                folder = work / "backends-real"
                results["backends"] = analyst.run_backends(real_dist, folder, seconds=seconds, rounds=1,
                                                           concurrency=8, only=["mix"], stores=("oxigraph",))
        corpus = sorted((work / "corpus").glob("*.txt"))
        if scale_sizes and len(corpus) < max(scale_sizes):
            corpus = write_corpus(read_report(REAL), max(scale_sizes), work / "corpus-scale")
        for n in scale_sizes:
            dist = work / f"dist-{n}"
            if not has_build(dist):  # a size the build figures did not build
                dist = build(corpus[:n], dist).out
            results["endpoint"].append(endpoint_bench(dist, [x for x in names if x != "rdflib-endpoint"],
                                                      seconds, levels[-1:], work, f"{n} reports"))
            if {"r2p-kg", "oxigraph"} <= set(names) and load.wrk_available():
                folder = work / f"workload-{n}"
                folder.mkdir()
                results.setdefault("workload", []).append(
                    analyst.run_on(dist, folder, seconds=seconds, rounds=3, concurrency=8))
                if n == min(scale_sizes):  # docs/scaling.md: nodes over a shared store
                    results["backends"] = analyst.run_backends(dist, work / f"backends-{n}", seconds=seconds,
                                                               rounds=3, concurrency=8)



def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m bench.run")
    ap.add_argument("--smoke", action="store_true", help="tiny N and half a second per measurement")
    ap.add_argument("--out", type=Path, default=ROOT / "bench" / "results")
    ap.add_argument("--summary", type=Path, default=ROOT / "BENCH.md")
    ap.add_argument("--peers", default="r2p-kg,oxigraph,rdflib-endpoint,virtuoso")
    ap.add_argument("--sizes", default=None, metavar="N,N,...",
                    help="corpus sizes for the build figures (default 1,10,100,1000)")
    ap.add_argument("--scale-sizes", default=None, metavar="N,N,...",
                    help="corpus sizes for the endpoint-at-scale figures (default 100,1000)")
    ap.add_argument("--seconds", type=float, default=None, help="seconds per measurement (default 10)")
    args = ap.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")

    sizes = [1, 2, 4] if args.smoke else [1, 10, 100, 1000]
    scale_sizes = [2] if args.smoke else [100, 1000]
    seconds = 0.5 if args.smoke else 10.0  # the smoke run checks the harness, not the figures
    if args.sizes:
        sizes = [int(x) for x in args.sizes.split(",")]
    if args.scale_sizes is not None:
        scale_sizes = [int(x) for x in args.scale_sizes.split(",") if x]
    if args.seconds:
        seconds = args.seconds
    levels = [1, 8] if args.smoke else [1, 8, 32]
    names = [n.strip() for n in args.peers.split(",") if n.strip()]

    results: dict = {
        "started": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "smoke": args.smoke,
        "machine": {"python": sys.version.split()[0], "platform": platform.platform(),
                    "cpus": __import__("os").cpu_count()},
    }
    try:
        measure(results, smoke=args.smoke, names=names, sizes=sizes, scale_sizes=scale_sizes,
                seconds=seconds, levels=levels)
    except Exception as exc:  # what was measured is still written, and the failure named in it
        log.exception("the run stopped")
        results["failed"] = f"{type(exc).__name__}: {exc}"

    args.out.mkdir(parents=True, exist_ok=True)
    stamp = dt.datetime.fromisoformat(results["started"]).strftime("%Y%m%dT%H%M%SZ")
    json_path = args.out / f"{stamp}{'-smoke' if args.smoke else ''}.json"
    _write(json_path, json.dumps(results, indent=2) + "\n")
    if "build" not in results or not results.get("endpoint"):
        print(f"wrote {json_path}: the run stopped before the figures BENCH.md needs", file=sys.stderr)
        return 1
    svgs = plots.write_all(results, args.out, stamp)
    _write(args.summary, summary.markdown(results, json_path, svgs, ROOT))
    print(f"wrote {json_path.relative_to(ROOT) if json_path.is_relative_to(ROOT) else json_path}, "
          f"{args.summary.name} and {len(svgs)} plots")
    return 1 if "failed" in results else 0


if __name__ == "__main__":
    sys.exit(main())
