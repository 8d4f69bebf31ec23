"""A realistic corpus workload: what an analyst asks of many reports, not the whole catalogue.

The catalogue questions list everything (one of them has ~480k rows at 1,000 reports), which
measures the size of the answers, not the system. An analyst asks about one report, one entity,
one situation, or for an aggregate. Each class below is a question template whose ``$report`` or
``$entity`` is drawn at random (seeded) from the data; the mix draws from every class.

    per-report:  one report's paragraphs and the countries they name; one report's statistics
    entity:      everything said of one entity; where one entity is mentioned, report by report
    aggregate:   mentions of one country per year of report; crimes tied to situations, over all
    pages:       entity pages (HTML; r2p-kg only, Oxigraph's server has none)

The figures are made by :mod:`bench.compare`'s alternation (ours, peer, ours, peer, medians).
"""

from __future__ import annotations

import os
import random
import statistics
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from . import load, peers

R2P = "https://w3id.org/r2p/ontology#"
PREFIXES = (f"PREFIX r2p: <{R2P}>\nPREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n"
            "PREFIX dcterms: <http://purl.org/dc/terms/>\n")

# name -> (class, what is drawn, template). Templates are plain SPARQL a user would write.
TEMPLATES: dict[str, tuple[str, str, str]] = {
    "report-countries": ("per-report", "report", """
SELECT ?n ?country ?label WHERE {
  ?p r2p:inReport $report ; r2p:number ?n ; r2p:mentions ?country .
  ?country r2p:iso3166Alpha2 ?code ; rdfs:label ?label .
  FILTER (lang(?label) = "en")
} ORDER BY ?n ?label"""),
    "report-statistics": ("per-report", "report", """
SELECT ?statistic ?value ?unit ?measure ?n WHERE {
  ?statistic a r2p:Statistic ; r2p:value ?value ; r2p:unit ?unit ; r2p:measure ?measure ;
             r2p:statedIn ?p .
  ?p r2p:inReport $report ; r2p:number ?n .
  FILTER (lang(?measure) = "en")
} ORDER BY ?n"""),
    "entity-describe": ("entity", "entity", """
SELECT ?p ?o WHERE { $entity ?p ?o }"""),
    "entity-mentions": ("entity", "entity", """
SELECT ?report ?n WHERE {
  ?p r2p:mentions $entity ; r2p:inReport ?report ; r2p:number ?n .
} ORDER BY ?report ?n"""),
    "country-per-year": ("aggregate", "country", """
SELECT ?year (COUNT(DISTINCT ?p) AS ?passages) WHERE {
  ?p r2p:mentions $entity ; r2p:inReport ?report .
  ?report dcterms:issued ?issued .
  BIND (SUBSTR(STR(?issued), 1, 4) AS ?year)
} GROUP BY ?year ORDER BY ?year"""),
    "crimes-by-situation": ("aggregate", "none", """
SELECT ?situation ?crime (COUNT(?claim) AS ?claims) WHERE {
  ?claim a r2p:SituationClaim ; r2p:situation ?situation ; r2p:crime ?crime .
} GROUP BY ?situation ?crime ORDER BY DESC(?claims)"""),
}


@dataclass
class Draws:
    """IRIs the templates are filled with, read from the data."""

    reports: list[str]
    entities: list[str]
    countries: list[str]
    pages: list[str]  # local paths of entity pages


def draws(store, base: str, limit: int = 500) -> Draws:
    """Reports, mentioned entities and countries of ``store`` (a pyoxigraph store of the build)."""
    def column(query: str) -> list[str]:
        return sorted(r[0].value for r in store.query(PREFIXES + query, use_default_graph_as_union=True))
    reports = column("SELECT DISTINCT ?r WHERE { ?p r2p:inReport ?r }")
    entities = column("SELECT DISTINCT ?e WHERE { ?p r2p:mentions ?e }")
    countries = column("SELECT DISTINCT ?c WHERE { ?p r2p:mentions ?c . ?c r2p:iso3166Alpha2 ?code }")
    pages = ["/" + e[len(base):] for e in entities if e.startswith(base + "id/")]
    step = max(1, len(entities) // limit)
    return Draws(reports, entities[::step][:limit], countries, pages[::step][:limit])


def requests(d: Draws, name: str, n: int, seed: int = 20261205) -> list[str]:
    """``n`` query texts of template ``name`` with random draws."""
    _, kind, template = TEMPLATES[name]
    pool = {"report": d.reports, "entity": d.entities, "country": d.countries, "none": [""]}[kind]
    rng = random.Random(f"{seed}-{name}")
    placeholder = "$report" if kind == "report" else "$entity"
    return [PREFIXES + template.replace(placeholder, f"<{rng.choice(pool)}>") if pool[0] else PREFIXES + template
            for _ in range(n)]


def mix(d: Draws, n_each: int = 50) -> list[str]:
    """Every template's requests, interleaved (an analyst's session is not one question repeated)."""
    per = [requests(d, name, n_each) for name in TEMPLATES]
    return [q for group in zip(*per, strict=True) for q in group]


def run(ours: peers.Peer, peer: peers.Peer, d: Draws, *, seconds: float, rounds: int,
        concurrency: int, only: list[str] | None = None) -> dict:
    """Each class alone and the mix (or the workloads named in ``only``), uncached, alternated;
    entity pages for r2p-kg alone."""
    rows = []
    groups = [g for g in (ours.group, peer.group) if g is not None]
    workloads = {name: requests(d, name, 200) for name in TEMPLATES}
    workloads["mix"] = mix(d)
    for name, texts in workloads.items():
        if only is not None and name not in only:
            continue
        def wrk(server: peers.Peer, texts: list[str]) -> dict:
            return {**load.run_wrk(server.base_url, load.query_paths(server.query_path, texts),
                                   target=server.name, workload="uncached", concurrency=concurrency,
                                   seconds=seconds, distinct=True).as_dict(),
                    "load_per_cpu": round(os.getloadavg()[0] / (os.cpu_count() or 1), 2)}

        def one(server: peers.Peer, texts: list[str] = texts) -> dict:
            return peers.other_cores(lambda: wrk(server, texts), groups)

        runs = load.alternated(rounds, lambda: one(ours), lambda: one(peer))
        med = {side: {key: statistics.median(x[key] for x in rs) for key in ("rps", "p50_ms", "p99_ms")}
               for side, rs in runs.items()}
        rows.append({"workload": name, "class": TEMPLATES[name][0] if name in TEMPLATES else "mix",
                     "ours": med["ours"], "peer": med["peer"],
                     "ratio": med["ours"]["rps"] / med["peer"]["rps"] if med["peer"]["rps"] else None,
                     "errors": sum(x["errors"] for rs in runs.values() for x in rs),
                     "max_other_cores": max(x["other_cores"] for rs in runs.values() for x in rs)})
    page_runs = [load.run_wrk(ours.base_url, d.pages, target="r2p-kg entity page", workload="uncached",
                              concurrency=concurrency, seconds=seconds, distinct=True, accept="text/html",
                              salt_param="_").as_dict() for _ in range(rounds)] if d.pages else []
    return {"reports": len(d.reports), "peer": peer.name, "rounds": rounds, "seconds": seconds,
            "concurrency": concurrency, "rows": rows,
            "pages": {key: statistics.median(x[key] for x in page_runs) for key in ("rps", "p50_ms", "p99_ms")}
            if page_runs else None,
            "page_errors": sum(x["errors"] for x in page_runs)}


def markdown(block: dict, targets: bool = True) -> list[str]:
    """The workload table with the scale issue's targets and their verdicts (``targets``)."""
    def fmt(x: float | None, spec: str = ".2f") -> str:
        return "—" if x is None else format(x, spec)

    verdict = {True: "met", False: "**not met**", None: "n/a"}
    lines = [f"{block['reports']} reports; every request a new query text; medians of {block['rounds']} "
             f"alternated runs of {block['seconds']:g} s at c={block['concurrency']} against {block['peer']}.",
             "", "| workload | class | r2p-kg req/s | p50 ms | peer req/s | p50 ms | ratio | errors |",
             "| --- | --- | --- | --- | --- | --- | --- | --- |"]
    for r in block["rows"]:
        lines.append(f"| {r['workload']} | {r['class']} | {r['ours']['rps']:.0f} | {r['ours']['p50_ms']:.1f} | "
                     f"{r['peer']['rps']:.0f} | {r['peer']['p50_ms']:.1f} | {fmt(r['ratio'])}× | {r['errors']} |")
    other = [r["max_other_cores"] for r in block["rows"] if "max_other_cores" in r]
    if other:  # (runs before this figure was recorded do not have it)
        lines += ["", f"Processes other than the benchmark and the servers used at most {max(other):.2f} "
                      "of a core during any of these runs (from /proc/stat, less the benchmark's and the "
                      "servers' own CPU time)."]
    if block.get("pages"):
        page = block["pages"]
        lines += ["", f"Entity pages (HTML, every page rendered: no page cache) from {block.get('label', 'r2p-kg')}: "
                      f"{page['rps']:.0f} req/s, p50 {page['p50_ms']:.1f} ms, p99 {page['p99_ms']:.1f} ms."]
    if not targets:
        return lines
    mixed = next((r for r in block["rows"] if r["workload"] == "mix"), {"ratio": None})
    per_report = [r["ours"]["p50_ms"] for r in block["rows"] if r["class"] == "per-report"]
    page = block["pages"]
    errors = sum(r["errors"] for r in block["rows"]) + block["page_errors"]
    lines += ["", "| target | measured | verdict |", "| --- | --- | --- |",
              f"| mix throughput ≥ 1.0× the peer | {fmt(mixed['ratio'])}× | "
              f"{verdict[None if mixed['ratio'] is None else mixed['ratio'] >= 1.0]} |",
              f"| per-report questions p50 ≤ 50 ms | {fmt(max(per_report, default=None), '.1f')} ms (slowest class) | "
              f"{verdict[None if not per_report else max(per_report) <= 50]} |",
              f"| entity pages uncached p50 ≤ 20 ms | {fmt(page and page['p50_ms'], '.1f')} ms | "
              f"{verdict[None if not page else page['p50_ms'] <= 20]} |",
              f"| zero errors (deadline or other) | {errors} | {verdict[errors == 0]} |"]
    return lines


def draws_of(dist: Path) -> Draws:
    """The draws of the build in ``dist`` (its data loaded into a store of this process for a moment)."""
    import pyoxigraph as ox

    from r2p_kg.dist import require_build
    store = ox.Store()
    store.bulk_load(path=str(dist / "r2p.nq"), format=ox.RdfFormat.N_QUADS)
    return draws(store, require_build(dist).base)


def run_on(dist: Path, folder: Path, *, seconds: float, rounds: int, concurrency: int,
           only: list[str] | None = None) -> dict:
    """Start r2p-kg and Oxigraph's server on the build in ``dist`` and run the workload."""
    d = draws_of(dist)
    ours = peers.start_r2p(dist, folder, page_cache=False)  # its page figures are of rendered pages
    try:
        theirs = peers.start_oxigraph(dist, folder)
        try:
            return run(ours, theirs, d, seconds=seconds, rounds=rounds, concurrency=concurrency, only=only)
        finally:
            theirs.stop()
    finally:
        ours.stop()


def run_backends(dist: Path, folder: Path, *, seconds: float, rounds: int, concurrency: int,
                 only: Sequence[str] | None = ("mix", "report-countries", "entity-describe"),
                 stores: tuple[str, ...] = ("oxigraph", "virtuoso")) -> list[dict]:
    """r2p-kg as a stateless node over each shared store (Oxigraph's server, Virtuoso), against the
    store asked directly: what the node layer costs, per workload."""
    d = draws_of(dist)
    out = []
    for name in stores:
        start = peers.PEERS[name]
        sub = folder / name
        sub.mkdir(parents=True, exist_ok=True)
        try:
            shared = start(dist, sub)
        except Exception as exc:  # a store that cannot start is reported, not fatal
            out.append({"label": f"r2p-kg over {name}", "skipped": f"{type(exc).__name__}: {exc}"})
            continue
        try:
            try:
                # Oxigraph's server is started with --union-default-graph over this dataset alone.
                node = peers.start_r2p_over(dist, sub, shared, union=name == "oxigraph",
                                            row_cap=peers.MAX_ROWS if name == "virtuoso" else None)
            except RuntimeError as exc:  # a node that cannot start is reported; the other stores still run
                out.append({"label": f"r2p-kg over {name}", "skipped": f"{type(exc).__name__}: {exc}"})
                continue
            try:
                block = run(node, shared, d, seconds=seconds, rounds=rounds, concurrency=concurrency,
                            only=list(only) if only else None)
            finally:
                node.stop()
        finally:
            shared.stop()
        block["label"] = node.name
        out.append(block)
    return out
