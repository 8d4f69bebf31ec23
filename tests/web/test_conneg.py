"""Content negotiation, as a table of Accept headers: q-values, lists, wildcards, format=, 406."""

from __future__ import annotations

import httpx
import pytest

from r2p_kg.web.conneg import GRAPHS, RESULTS, negotiate

SELECT = "SELECT ?s WHERE { ?s a ?c } LIMIT 3"
CONSTRUCT = "CONSTRUCT WHERE { ?s a ?c } LIMIT 3"
ASK = "ASK { ?s ?p ?o }"

TABLE = [
    # (query, Accept, format=, expected Content-Type media type)
    (SELECT, None, None, "application/sparql-results+json"),
    (SELECT, "*/*", None, "application/sparql-results+json"),
    (SELECT, "application/sparql-results+xml", None, "application/sparql-results+xml"),
    (SELECT, "text/csv", None, "text/csv"),
    (SELECT, "text/tab-separated-values", None, "text/tab-separated-values"),
    (SELECT, "application/json", None, "application/json"),
    (SELECT, "text/csv;q=0.5, text/tab-separated-values;q=0.9", None, "text/tab-separated-values"),
    (SELECT, "text/turtle, text/csv;q=0.1", None, "text/csv"),
    (SELECT, "text/*", None, "text/csv"),
    (SELECT, "application/sparql-results+json;q=0, */*;q=0.1", None, "application/sparql-results+xml"),
    (SELECT, "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8", None, "application/xml"),
    (SELECT, "text/turtle", "csv", "text/csv"),
    (SELECT, None, "application/sparql-results+xml", "application/sparql-results+xml"),
    (ASK, None, None, "application/sparql-results+json"),
    (ASK, "application/sparql-results+xml", None, "application/sparql-results+xml"),
    (ASK, "text/csv, application/sparql-results+xml;q=0.1", None, "application/sparql-results+xml"),
    (CONSTRUCT, None, None, "text/turtle"),
    (CONSTRUCT, "application/n-triples", None, "application/n-triples"),
    (CONSTRUCT, "application/ld+json", None, "application/ld+json"),
    (CONSTRUCT, "application/rdf+xml", None, "application/rdf+xml"),
    (CONSTRUCT, "application/n-quads", None, "application/n-quads"),
    (CONSTRUCT, "application/trig", None, "application/trig"),
    (CONSTRUCT, "text/xml", None, "text/xml"),  # RDF/XML, as application/xml: the XML alias of each table
    (CONSTRUCT, "application/sparql-results+json, text/turtle;q=0.5", None, "text/turtle"),
    (CONSTRUCT, "application/rdf+xml;q=0.3, application/ld+json;q=0.6", None, "application/ld+json"),
    (CONSTRUCT, "text/html", "jsonld", "application/ld+json"),
    (CONSTRUCT, None, "nt", "application/n-triples"),
]


@pytest.mark.parametrize(("query", "accept", "fmt", "expected"), TABLE)
def test_accept_table(live, query, accept, fmt, expected):
    params = {"query": query, **({"format": fmt} if fmt else {})}
    headers = {"Accept": accept} if accept else {}
    resp = httpx.get(live.url + "/sparql", params=params, headers=headers)
    assert resp.status_code == 200, resp.text
    assert resp.headers["content-type"].split(";")[0] == expected
    assert "Accept" in resp.headers["vary"]


@pytest.mark.parametrize(("query", "accept"), [
    (SELECT, "text/turtle"), (SELECT, "image/png"), (ASK, "text/csv"),
    (CONSTRUCT, "application/sparql-results+json"), (CONSTRUCT, "text/csv;q=1, */*;q=0"),
])
def test_nothing_acceptable_is_406(live, query, accept):
    resp = httpx.get(live.url + "/sparql", params={"query": query}, headers={"Accept": accept})
    assert resp.status_code == 406
    assert "available" in resp.text


def test_unknown_format_parameter_is_406(live):
    resp = httpx.get(live.url + "/sparql", params={"query": SELECT, "format": "png"})
    assert resp.status_code == 406 and "format='png'" in resp.text


@pytest.mark.parametrize(("accept", "offers", "expected"), [
    ("", RESULTS, "application/sparql-results+json"),
    ("garbage", RESULTS, "application/sparql-results+json"),
    ("text/turtle;q=0.9;charset=utf-8", GRAPHS, "text/turtle"),
    ("application/n-triples;q=0.4, text/turtle;q=0.4", GRAPHS, "text/turtle"),  # tie: server order
    ("application/ld+json;q=bad, application/rdf+xml;q=0.2", GRAPHS, "application/rdf+xml"),
])
def test_negotiate_unit(accept, offers, expected):
    assert negotiate(accept, offers).media_type == expected
