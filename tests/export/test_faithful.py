"""What the endpoint answers is what a user downloads (issue 13, items 15 and 16): the Graph Store's
answer validates like the dump, holds the same literals, ``/store?default`` is the union that SPARQL
queries see, and VoID's counts are the endpoint's. A real WSGI server on loopback over the real build."""

from __future__ import annotations

import json
import subprocess
import sys

import httpx
import pyoxigraph as ox
import pytest

from ..web.servers import ThreadedServer

NT = {"Accept": "application/n-triples"}
JSON = {"Accept": "application/sparql-results+json"}


@pytest.fixture(scope="module")
def server(built):
    with ThreadedServer({"R2P_DIST": str(built.out), "R2P_WORKERS": 1}) as srv:
        yield srv


def _triples(body: bytes) -> set[ox.Triple]:
    return {q.triple for q in ox.parse(body, format=ox.RdfFormat.N_TRIPLES)}


def _count(server, query: str) -> int:
    resp = httpx.get(server.url + "/sparql", params={"query": query}, headers=JSON, timeout=60)
    assert resp.status_code == 200, resp.text
    return int(resp.json()["results"]["bindings"][0]["n"]["value"])


def _validate(*paths) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "r2p_kg.cli", "validate", *map(str, paths)],
                          capture_output=True, text=True, timeout=600)


def test_the_graph_store_answer_validates_like_the_dump(server, dataset, tmp_path):
    """The report's graph with the entities graph (which describes what the report names) validates."""
    served = []
    for name in ("sg-2025", "entities"):
        graph = next(g for g in dataset.graph_names() if g.endswith(f"/graph/{name}"))
        resp = httpx.get(server.url + "/store", params={"graph": graph}, headers=NT, timeout=60)
        assert resp.status_code == 200
        served.append(tmp_path / f"{name}.nt")
        served[-1].write_bytes(resp.content)
    proc = _validate(*served)
    assert proc.returncode == 0, proc.stdout[-2000:] + proc.stderr[-2000:]


def test_the_endpoint_holds_the_dumps_literals_unchanged(server, dataset):
    """Every triple comes back exactly as the dump has it: no datatype folded (the text offsets
    were xsd:nonNegativeInteger, which the store gave back as xsd:integer), no lexical form changed."""
    for graph in dataset.graph_names():
        resp = httpx.get(server.url + "/store", params={"graph": graph}, headers=NT, timeout=60)
        assert resp.status_code == 200
        assert _triples(resp.content) == set(dataset.triples(graph)), graph
    offsets = [t.object for t in dataset.triples() if t.predicate.value.endswith("oa#start")]
    assert len(offsets) > 100 and {o.datatype.value for o in offsets} == {
        "http://www.w3.org/2001/XMLSchema#integer"}


def test_the_default_graph_is_the_union_as_for_queries(server, dataset, built):
    resp = httpx.get(server.url + "/store?default", headers=NT, timeout=60)
    assert resp.status_code == 200
    union = _triples(resp.content)
    assert union == set(dataset.triples())
    assert len(union) == len((built.out / "r2p.nt").read_bytes().splitlines())
    assert len(union) == _count(server, "SELECT (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?s ?p ?o "
                                        "WHERE { ?s ?p ?o } }")


def test_void_counts_are_the_endpoints(server, built):
    stats = json.loads((built.out / "build.json").read_text(encoding="utf-8"))["statistics"]
    assert stats["objects"] == _count(server, "SELECT (COUNT(DISTINCT ?o) AS ?n) WHERE { ?s ?p ?o }")
    assert stats["subjects"] == _count(server, "SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s ?p ?o }")
    assert stats["triples"] == _count(server, "SELECT (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?s ?p ?o "
                                               "WHERE { ?s ?p ?o } }")
