"""Provenance round trip: for every mention in the built graph, the text at [start, end) of its
source paragraph or footnote equals the recorded quote (oa:exact)."""

from __future__ import annotations

from r2p_kg.config import QUERIES_DIR


def test_every_mention_quotes_its_source_exactly(run, report) -> None:
    rows = run("mention-provenance.rq").dicts()
    assert len(rows) > 500
    for r in rows:
        assert r["text"][int(r["start"]):int(r["end"])] == r["exact"], r["mention"]


def test_every_mention_is_anchored(store) -> None:
    from r2p_kg.query import ask
    q = """PREFIX r2p: <https://w3id.org/r2p/ontology#> PREFIX oa: <http://www.w3.org/ns/oa#>
    SELECT ?m WHERE { ?m a r2p:Mention . FILTER NOT EXISTS {
      ?m oa:hasTarget/oa:hasSelector/oa:exact ?e ; oa:hasTarget/oa:hasSelector/oa:start ?s } }"""
    assert ask(store, q).rows == ()


def test_shortcuts_match_mentions(store) -> None:
    from r2p_kg.query import ask
    q = """PREFIX r2p: <https://w3id.org/r2p/ontology#> PREFIX oa: <http://www.w3.org/ns/oa#>
    SELECT ?p ?e WHERE { ?p r2p:mentions ?e . FILTER NOT EXISTS {
      ?m oa:hasBody ?e ; oa:hasTarget/oa:hasSource ?p } }"""
    assert ask(store, q).rows == ()


def test_provenance_query_file_exists() -> None:
    assert (QUERIES_DIR / "mention-provenance.rq").is_file()
