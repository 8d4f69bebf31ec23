"""Issue 13 over HTTP: text that could crash the query engine is a 400, answers are capped in bytes,
a failing update is the client's 400 without internals, and RDF/XML uploads cannot expand entities."""

from __future__ import annotations

import httpx
import pyoxigraph as ox
import pytest

from r2p_kg.errors import BadRequest, UploadTooLarge
from r2p_kg.store import to_ntriples

from .servers import ThreadedServer

NESTED = "SELECT * WHERE { FILTER(" + "(" * 5000 + "1" + ")" * 5000 + ") }"
JSON = {"Accept": "application/json"}


def test_deeply_nested_query_is_400_too_complex_and_no_worker_dies(live):
    before = sorted(live.store.pool.pids())
    crashes = live.store.pool.crashes
    for text in (NESTED, "SELECT * WHERE " + "{" * 3000 + "}" * 3000,
                 "SELECT * WHERE { " + " UNION ".join(["{ ?s ?p ?o }"] * 20000) + " }"):
        resp = httpx.post(live.url + "/sparql", data={"query": text}, headers=JSON, timeout=30)
        assert resp.status_code == 400
        error = resp.json()["error"]
        assert error["code"] == "too-complex" and "line 1, column" in error["message"]
    assert sorted(live.store.pool.pids()) == before and live.store.pool.crashes == crashes
    ok = httpx.get(live.url + "/sparql", params={"query": "ASK { ?s ?p ?o }"}, headers=JSON, timeout=30)
    assert ok.status_code == 200 and ok.json()["boolean"] is True


def _doubling(n: int) -> str:
    binds = 'BIND("x" AS ?v0) ' + " ".join(f"BIND(CONCAT(?v{i}, ?v{i}) AS ?v{i + 1})" for i in range(n))
    return f"SELECT ?v{n} WHERE {{ {binds} }}"


def test_a_result_over_the_byte_cap_is_422_never_a_cut_200(built):
    with ThreadedServer({"R2P_DIST": str(built.out), "R2P_WORKERS": 1,
                         "R2P_MAX_RESULT_BYTES": 100_000}) as srv:
        for accept in ("application/sparql-results+json", "text/csv"):
            resp = httpx.post(srv.url + "/sparql", data={"query": _doubling(18)}, timeout=60,
                              headers={"Accept": accept})  # one value of 262,144 characters
            assert resp.status_code == 422, resp.text[:200]
            assert "100000 bytes" in resp.text
        small = httpx.post(srv.url + "/sparql", data={"query": _doubling(10)}, headers=JSON, timeout=60)
        assert small.status_code == 200
        assert len(small.json()["results"]["bindings"][0]["v10"]["value"]) == 1024
        graph = httpx.get(srv.url + "/store", params={"graph": "https://w3id.org/r2p/graph/sg-2025"},
                          headers={"Accept": "application/n-triples"}, timeout=60)
        assert graph.status_code == 422 and "result-too-large" in graph.text


def test_a_failing_update_is_400_update_failed_without_internals(writable, auth):
    def create():
        return httpx.post(writable.url + "/update", data={"update": "CREATE GRAPH <http://example.org/dup>"},
                          headers={**auth, **JSON}, timeout=30)
    assert create().status_code == 204
    resp = create()
    assert resp.status_code == 400
    error = resp.json()["error"]
    assert error["code"] == "update-failed"
    assert error["message"] == ("the update could not be applied: The graph <http://example.org/dup> "
                                "already exists")
    httpx.post(writable.url + "/update", data={"update": "DROP GRAPH <http://example.org/dup>"},
               headers=auth, timeout=30)


LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE rdf:RDF [
 <!ENTITY a "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa">
 <!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">
 <!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">
 <!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">
 <!ENTITY e "&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;">
]>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:ex="http://example.org/">
 <rdf:Description rdf:about="http://example.org/s"><ex:p>&e;</ex:p></rdf:Description>
</rdf:RDF>
"""


def test_rdfxml_with_entity_declarations_is_refused_before_parsing(writable, auth):
    target = {"graph": "http://example.org/laughs"}
    resp = httpx.put(writable.url + "/store", params=target, content=LAUGHS, timeout=30,
                     headers={**auth, **JSON, "Content-Type": "application/rdf+xml"})
    assert resp.status_code == 400
    assert "document type declaration" in resp.json()["error"]["message"]
    assert httpx.get(writable.url + "/store", params=target, timeout=30).status_code == 404
    for encoding in ("utf-16-le", "utf-16-be"):
        with pytest.raises(BadRequest, match="document type declaration"):
            to_ntriples(LAUGHS.decode().encode(encoding), ox.RdfFormat.RDF_XML, None)


def test_rdfxml_without_a_dtd_still_loads():
    body = LAUGHS.split(b"]>\n", 1)[1].replace(b"&e;", b"plain")
    assert to_ntriples(body, ox.RdfFormat.RDF_XML, None) == \
        b'<http://example.org/s> <http://example.org/p> "plain" .\n'


def test_uploads_are_bounded_in_triples_and_bytes_while_parsing():
    turtle = b"@prefix : <http://example.org/> . :s :p " + b", ".join(b"%d" % i for i in range(1000)) + b" ."
    assert to_ntriples(turtle, ox.RdfFormat.TURTLE, None, max_triples=1000).count(b"\n") == 1000
    with pytest.raises(UploadTooLarge, match="more than 999 triples") as caught:
        to_ntriples(turtle, ox.RdfFormat.TURTLE, None, max_triples=999)
    assert caught.value.http_status == 413 and caught.value.code == "upload-too-large"
    with pytest.raises(UploadTooLarge, match="more than 10000 bytes of N-Triples"):
        to_ntriples(turtle, ox.RdfFormat.TURTLE, None, max_bytes=10_000)
