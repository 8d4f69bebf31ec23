"""BENCH.md: each target, the measured figure, and the ratio against the peer it names."""

from __future__ import annotations

from pathlib import Path

from . import compare, floor
from . import workload as analyst


def _pick(results: list[dict], target: str, workload: str, concurrency: int) -> dict | None:
    return next((r for r in results if r["target"] == target and r["workload"] == workload
                 and r["concurrency"] == concurrency), None)


def _ratio(a: dict | None, b: dict | None) -> float | None:
    if not a or not b or not b["rps"]:
        return None
    return a["rps"] / b["rps"]


def _floor_ratio(a: dict | None, b: dict | None) -> float | None:
    """When the peer finished no request at all in the measurement, its throughput was below one
    request per measurement: our throughput over that bound is a floor of the true ratio."""
    if not a or not b or b["rps"] or b.get("requests"):
        return None
    return a["rps"] * b["seconds"]


def _fmt(x: float | None, spec: str = ".2f") -> str:
    return "—" if x is None else format(x, spec)


def _verdict(ok: bool | None) -> str:
    return "n/a" if ok is None else ("met" if ok else "**not met**")


def _phases(seconds: dict[str, float], shown: int = 3) -> str:
    """The ``shown`` longest phases of a build, with their share of its wall time."""
    total = seconds.get("total") or 0.0
    phases = sorted(((k, v) for k, v in seconds.items() if k not in ("total", "parse")), key=lambda kv: -kv[1])
    return ", ".join(f"{k} {v:.1f} s ({v / total:.0%})" if total else f"{k} {v:.1f} s" for k, v in phases[:shown])


def markdown(results: dict, json_path: Path, svgs: list[Path], root: Path) -> str:
    b = results["build"]
    real = b["real"]
    lines = [
        "# Benchmarks",
        "",
        f"Run {results['started']} on {results['machine']['cpus']} CPUs, Python {results['machine']['python']}"
        f"{' — **smoke run** (tiny N, 1 s per measurement): figures are not meaningful' if results['smoke'] else ''}.",
        f"Raw figures: `{json_path.relative_to(root) if json_path.is_relative_to(root) else json_path}`. "
        "All comparisons are from this one run on this machine; regenerate with `make bench`.",
        "",
        *([f"**The run stopped early** ({results['failed']}): what follows is what was measured before.", ""]
          if results.get("failed") else []),
        *([results["run_note"], ""] if results.get("run_note") else []),  # what the run's figures do not say
        "## How it was measured",
        "",
        "- Workload: the `queries/` catalogue (the competency questions), sent with GET as the SPARQL 1.1 "
        "Protocol says, by wrk with a Lua script on loopback, for a fixed time per figure at each "
        "concurrency `c`. *Uncached*: every request is a new query text (a distinct comment is appended), "
        "so no cache can answer it; *repeated*: the same texts again and again.",
        "- Peers, each on the same build's data: r2p-kg (`r2p-kg serve`, production settings but for "
        "`--max-rows 1000000`, the same row cap as Virtuoso's `ResultSetMaxRows` here, so every server "
        "returns the same whole answers), Oxigraph's server (`oxigraph serve-read-only "
        "--union-default-graph`), rdflib-endpoint (single report only: it loads the union of the graphs "
        "into rdflib's memory store), Virtuoso (bulk-loaded with `ld_dir`), and pyoxigraph in-process, "
        "one query at a time with no HTTP: the floor.",
        "- Entity pages: HTML of up to 200 entities of every kind, spread over the dataset; *uncached* "
        "is a server started with its page cache off (`R2P_PAGE_CACHE_ENTRIES=0`), so every page is rendered "
        "(the cache keys only on the parameters a page reads, so a salt in the URL would not get past it).",
        "- Server memory: the proportional set size (PSS) summed over the server's processes after its "
        "load, so memory shared between forked processes counts once; the RSS sum is shown beside it.",
        "",
        "## Targets",
        "",
        "The scale issue's targets; the per-query and workload targets are in their own sections below, "
        "each with its verdict.",
        "",
        "| target | measured | ratio | verdict |",
        "| --- | --- | --- | --- |",
    ]
    total = real["seconds"]["total"]
    cold = b.get("real_cold")
    cold_note = f" (cold: {cold['seconds']['total']:.2f} s)" if cold else ""
    lines.append(f"| real report build ≤ 1.0 s warm (ontology docs cached) | {total:.2f} s{cold_note} | "
                 f"{total:.2f}× the budget | {_verdict(total <= 1.0)} |")
    biggest = max(b["corpora"], key=lambda r: r["reports"])
    big_s = biggest["seconds"]["total"]
    lines.append(f"| 1000 reports build ≤ 6 min | {biggest['reports']} reports: {big_s:.0f} s | "
                 f"{big_s / 360:.2f}× the budget | {_verdict(big_s <= 360 if biggest['reports'] >= 1000 else None)} |")
    te, me = b.get("time_exponent"), b.get("memory_exponent")
    lines.append(f"| corpus build time grows linearly (exponent ≤ 1.1) | {_fmt(te)} | — | "
                 f"{_verdict(None if te is None else te <= 1.1)} |")
    lines.append(f"| corpus build memory grows linearly (exponent ≤ 1.1) | {_fmt(me)} | — | "
                 f"{_verdict(None if me is None else me <= 1.1)} |")

    single = results["endpoint"][0]
    mem = single.get("memory_mb", {}).get("r2p-kg")
    pss = mem["pss"] if mem else None
    lines.append(f"| server memory, real report ≤ 200 MB (PSS of all its processes, after the load) | "
                 f"{_fmt(pss, '.0f')} MB (RSS sum {_fmt(mem and mem['rss'], '.0f')} MB) | "
                 f"{_fmt(pss and pss / 200)}× the budget | {_verdict(None if pss is None else pss <= 200)} |")
    for block in results["endpoint"][1:]:
        n = int(block["label"].split()[0])
        built = next((r for r in b["corpora"] if r["reports"] == n and r.get("store_mb")), None)
        m = block.get("memory_mb", {}).get("r2p-kg")
        if not built or not m:
            continue
        ratio = m["pss"] / built["store_mb"]
        lines.append(f"| server memory, {n} reports ≤ 1.5× the on-disk store | {m['pss']:.0f} MB PSS, store "
                     f"{built['store_mb']:.0f} MB | {ratio:.2f}× | {_verdict(ratio <= 1.5)} |")

    rs = single["results"]
    c = 8 if any(r["concurrency"] == 8 for r in rs) else 1
    ours = {w: _pick(rs, "r2p-kg", w, c) for w in ("uncached", "repeated")}
    oxi = {w: _pick(rs, "oxigraph serve-read-only", w, c) for w in ("uncached", "repeated")}
    rdfl = _pick(rs, "rdflib-endpoint", "repeated", c)
    virt = _pick(rs, "virtuoso", "repeated", c)
    lines += ["", "The earlier round's targets, on the whole catalogue sent as one mix (real report). These "
              "come from one run per server, one server after the other, not alternated: they are "
              "indicative only; the ratios to trust are the alternated medians of the per-query, floor and "
              "workload sections below.", "",
              "| target | measured | ratio | verdict |", "| --- | --- | --- | --- |"]
    for label, mine, peer, goal in [
        ("uncached throughput ≥ 0.5× Oxigraph's server", ours["uncached"], oxi["uncached"], 0.5),
        ("repeated throughput ≥ 1.0× Oxigraph's server", ours["repeated"], oxi["repeated"], 1.0),
        ("throughput ≥ 10× rdflib-endpoint", ours["repeated"], rdfl, 10.0),
        ("throughput ahead of Virtuoso", ours["repeated"], virt, 1.0),
    ]:
        r, at_least = _ratio(mine, peer), _floor_ratio(mine, peer)
        if at_least is not None:
            assert peer is not None  # a lower bound needs a peer that answered nothing
            lines.append(f"| {label} (c={c}) | {_fmt(mine['rps'] if mine else None, '.0f')} vs 0 req/s (no answer "
                         f"within {peer['seconds']:g} s) | > {at_least:.0f}× | {_verdict(at_least >= goal)} |")
            continue
        lines.append(f"| {label} (c={c}) | {_fmt(mine['rps'] if mine else None, '.0f')} vs "
                     f"{_fmt(peer['rps'] if peer else None, '.0f')} req/s | {_fmt(r)}× | "
                     f"{_verdict(None if r is None else r >= goal)} |")
    p99 = ours["uncached"]["p99_ms"] if ours["uncached"] else None
    lines.append(f"| p99 ≤ 50 ms at concurrency 8 | {_fmt(p99, '.1f')} ms | "
                 f"{_fmt(p99 and p99 / 50)}× the budget | {_verdict(None if p99 is None else p99 <= 50)} |")
    for workload, what in (("repeated", "pages asked again (served from the page cache)"),
                           ("uncached", "every page rendered (no page cache)")):
        page = _pick(rs, "r2p-kg entity page", workload, 8)
        p50 = page["p50_ms"] if page else None
        lines.append(f"| entity page p50 ≤ 30 ms (c=8, {what}) | {_fmt(p50, '.1f')} ms | "
                     f"{_fmt(p50 and p50 / 30)}× the budget | {_verdict(None if p50 is None else p50 <= 30)} |")

    if results.get("per_query"):
        lines += ["", "## Per query — real report, alternated with Oxigraph's server", ""]
        lines += compare.markdown(results["per_query"])

    if results.get("floor"):
        lines += ["", "## Where an uncached request's time goes — real report", ""]
        lines += floor.markdown(results["floor"])

    for block in results.get("workload", []):
        lines += ["", f"## Analyst workload — {block['reports']} report(s)", ""]
        lines += analyst.markdown(block)
    if results.get("backends"):
        lines += ["", "## Over a shared store (`r2p-kg serve --backend`)", "",
                  "r2p-kg as a stateless node in front of each store, against the store asked directly "
                  "(the ratio is what the node layer costs or saves); see docs/scaling.md.", "",
                  *([results["backends_note"], ""] if results.get("backends_note") else [])]
        for block in results["backends"]:
            lines += [f"**{block['label']}**", ""]
            lines += [f"Skipped: {block['skipped']}"] if "skipped" in block else analyst.markdown(block, targets=False)
            lines.append("")

    lines += ["", "## Build", "",
              "Peak memory is the resident memory of the build's whole process tree (the build and its "
              "worker processes), sampled every 0.2 s.", "",
              "| reports | quads | total s | where the time goes (phases; the build waits on those marked "
              "*waited*) | quads/s | peak MB |", "| --- | --- | --- | --- | --- | --- |"]
    for r in [real] + b["corpora"]:
        lines.append(f"| {r['reports']}{' (real)' if r is real else ''} | {r['quads']} | "
                     f"{r['seconds']['total']:.2f} | {_phases(r['seconds'])} | {r['quads_per_second']:.0f} | "
                     f"{r['peak_rss_mb']:.0f} |")
    phases = ", ".join(f"{k} {v:.3f} s" for k, v in real["seconds"].items())
    lines += ["", f"Real report phases: {phases}."]

    for block in results["endpoint"]:
        lines += ["", f"## Endpoint — {block['label']}", "",
                  "| target | workload | c | req/s | p50 ms | p99 ms | errors |",
                  "| --- | --- | --- | --- | --- | --- | --- |"]
        for r in block["results"]:
            lines.append(f"| {r['target']} | {r['workload']} | {r['concurrency']} | {r['rps']:.0f} | "
                         f"{r['p50_ms']:.1f} | {r['p99_ms']:.1f} | {r['errors']} |")
        for name, why in block["skipped"].items():
            lines.append(f"\nSkipped {name}: {why}")
        if block.get("memory_mb"):
            lines += ["", "Server memory after the load (MB): " + "; ".join(
                f"{name} PSS {m['pss']:.0f}, RSS sum {m['rss']:.0f}" for name, m in block["memory_mb"].items())
                + "."]
    if svgs:
        lines += ["", "## Plots", ""] + [f"![{p.stem}]({p.relative_to(root) if p.is_relative_to(root) else p})"
                                          for p in svgs]
    return "\n".join(lines) + "\n"
