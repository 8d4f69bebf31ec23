"""The traffic mix of the load and timeout tests: what a public endpoint serves all day."""

from __future__ import annotations

from urllib.parse import quote, urlencode

from r2p_kg.config import ROOT

QUERIES = sorted((ROOT / "queries").glob("*.rq"))
RESULTS_OR_GRAPH = "application/sparql-results+json, text/turtle;q=0.9"


def catalogue() -> list[tuple[str, str]]:
    """Every competency question of ``queries/`` as a GET of /sparql."""
    return [("/sparql?" + urlencode({"query": q.read_text(encoding="utf-8")}), RESULTS_OR_GRAPH)
            for q in QUERIES]


def mixed(entity_paths: list[str]) -> list[tuple[str, str]]:
    """Catalogue queries, entity pages (HTML and Turtle), dumps and the system documents."""
    reqs = catalogue()
    for i, path in enumerate(entity_paths):
        reqs.append((quote(path, safe="/:@-._~!$&'()*+,;="), "text/html" if i % 2 else "text/turtle"))
    reqs += [("/dumps/build.json", "*/*"), ("/dumps/r2p.ttl", "*/*"), ("/.well-known/void", "text/turtle"),
             ("/sparql", "text/turtle"), ("/health?probe=live", "application/json")]
    return reqs
