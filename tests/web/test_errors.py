"""Every error path answers its documented status, code and message; the error shape is pinned."""

from __future__ import annotations

import httpx
import pytest

Q = "ASK { ?s ?p ?o }"
JSON = {"Accept": "application/json"}


def call(srv, method: str, path: str, **kw) -> httpx.Response:
    headers = {**JSON, **kw.pop("headers", {})}
    return httpx.request(method, srv.url + path, headers=headers, timeout=30, **kw)


CASES = [
    # (name, method, path, kwargs, status, code, words in the message)
    ("syntax error with position", "GET", "/sparql", {"params": {"query": "SELECT * WHERE { ?s ?p }"}},
     400, "syntax-error", ["line 1, column"]),
    ("two queries", "GET", "/sparql", {"params": [("query", Q), ("query", Q)]}, 400, "bad-request",
     ["more than one query"]),
    ("query and update", "POST", "/sparql", {"data": {"query": Q, "update": "CLEAR ALL"}}, 400,
     "bad-request", ["both a query and an update"]),
    ("non-UTF-8 charset", "POST", "/sparql", {"content": Q.encode("utf-16"),
     "headers": {"Content-Type": "application/sparql-query; charset=UTF-16"}}, 400, "bad-request",
     ["UTF-8"]),
    ("non-UTF-8 bytes", "POST", "/sparql", {"content": b"ASK { \xff }",
     "headers": {"Content-Type": "application/sparql-query"}}, 400, "bad-request", ["UTF-8"]),
    ("bad IRI in default-graph-uri", "GET", "/sparql", {"params": {"query": Q,
     "default-graph-uri": "not an iri"}}, 400, "bad-request", ["IRI"]),
    ("bad timeout", "GET", "/sparql", {"params": {"query": Q, "timeout": "soon"}}, 400, "bad-request",
     ["timeout"]),
    ("wrong method", "PUT", "/sparql", {"params": {"query": Q}}, 405, "method-not-allowed", []),
    ("update by GET", "GET", "/sparql", {"params": {"update": "CLEAR ALL"}}, 405, "method-not-allowed",
     ["POST"]),
    ("wrong media type", "POST", "/sparql", {"content": Q, "headers": {"Content-Type": "text/plain"}},
     415, "unsupported-media-type", ["text/plain"]),
    ("no media type", "POST", "/sparql", {"content": Q}, 415, "unsupported-media-type",
     ["no Content-Type"]),
    ("not acceptable", "GET", "/sparql", {"params": {"query": Q},
     "headers": {"Accept": "image/png"}}, 406, None, ["image/png"]),
    ("update when read-only", "POST", "/update", {"content": "CLEAR ALL",
     "headers": {"Content-Type": "application/sparql-update"}}, 403, "read-only", ["--allow-update"]),
    ("update via /sparql when read-only", "POST", "/sparql", {"data": {"update": "CLEAR ALL"}}, 403,
     "read-only", ["read-only"]),
    ("graph store write when read-only", "PUT", "/store?default", {"content": "<a:b> <a:c> <a:d> .",
     "headers": {"Content-Type": "application/n-triples"}}, 405, "method-not-allowed", ["read-only"]),
    ("no such graph", "GET", "/store?graph=http://example.org/none", {}, 404, "not-found",
     ["http://example.org/none"]),
    ("no graph named", "GET", "/store", {}, 400, "bad-request", ["?default"]),
    ("both default and graph", "GET", "/store?default&graph=http://example.org/g", {}, 400,
     "bad-request", ["not both"]),
    ("SERVICE not allowed", "GET", "/sparql", {"params": {"query":
     "SELECT * { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }"}}, 403, "outbound-refused",
     ["allow-list"]),
    ("unknown dump", "GET", "/-/dumps/secret.txt", {}, 404, "not-found", ["r2p.nq"]),
    ("unknown route", "GET", "/nothing-here", {}, 404, "not-found", []),
]


@pytest.mark.parametrize(("name", "method", "path", "kw", "status", "code", "words"), CASES,
                         ids=[c[0] for c in CASES])
def test_error_paths(live, name, method, path, kw, status, code, words):
    resp = call(live, method, path, **kw)
    assert resp.status_code == status, resp.text
    if code is not None:
        assert resp.headers["content-type"].startswith("application/json")
        error = resp.json()["error"]
        assert error["status"] == status and error["code"] == code
        for word in words:
            assert word in error["message"]
    else:
        for word in words:
            assert word in resp.text
    assert resp.headers["cache-control"] == "no-store"


def test_405_lists_allowed_methods(live):
    resp = call(live, "PUT", "/store?default", content=b"", headers={"Content-Type": "text/turtle"})
    assert set(resp.headers["allow"].replace(" ", "").split(",")) >= {"GET", "HEAD"}


def test_result_over_the_cap_is_an_error_not_a_truncation(strict):
    resp = call(strict, "GET", "/sparql", params={"query": "SELECT * WHERE { ?s ?p ?o }"})
    assert resp.status_code == 422
    assert resp.json()["error"]["code"] == "result-too-large"
    assert "LIMIT" in resp.json()["error"]["message"] and "50" in resp.json()["error"]["message"]
    construct = call(strict, "GET", "/sparql", params={"query": "CONSTRUCT WHERE { ?s ?p ?o }"})
    assert construct.status_code == 422
    ok = call(strict, "GET", "/sparql", params={"query": "SELECT * WHERE { ?s ?p ?o } LIMIT 50"})
    assert ok.status_code == 200 and len(ok.json()["results"]["bindings"]) == 50


def test_error_shape_is_pinned(live):
    resp = call(live, "GET", "/sparql", params={"query": "ASK {"})
    assert resp.json() == {"error": {"status": 400, "code": "syntax-error",
                                     "message": resp.json()["error"]["message"]}}
    assert set(resp.json()["error"]) == {"status", "code", "message"}


@pytest.mark.parametrize(("accept", "media"), [(None, "text/plain"), ("*/*", "text/plain"),
                                               ("text/html, */*;q=0.1", "text/html"),
                                               ("application/json", "application/json")])
def test_error_renders_for_the_client(live, accept, media):
    headers = {"Accept": accept} if accept else {}
    resp = httpx.get(live.url + "/sparql", params={"query": "ASK { <x:a> <x:b> '<script>' . "},
                     headers=headers)
    assert resp.status_code == 400
    assert resp.headers["content-type"].split(";")[0] == media
    # A syntax error quotes the client's own line with a caret under the error: escaped in HTML; in
    # text and JSON it is inert data (never served as HTML)
    assert "does not parse at line 1" in resp.text
    if media == "text/html":
        assert "<script>" not in resp.text and "&#x27;&lt;script&gt;&#x27;" in resp.text


def test_bad_token_is_401_and_missing_token_too(writable):
    for headers in ({}, {"Authorization": "Bearer wrong"}, {"Authorization": "Basic abc"}):
        resp = httpx.post(writable.url + "/update", content="CLEAR ALL",
                          headers={"Content-Type": "application/sparql-update", **headers, **JSON})
        assert resp.status_code == 401
        assert resp.headers["www-authenticate"].startswith("Bearer")
        assert resp.json()["error"]["code"] == "unauthorized"


def test_every_dump_is_served_and_described_in_void(live):
    """Issue 6: the server offers the dumps under /dumps/ and lists each in VoID with its checksum."""
    import hashlib
    manifest = call(live, "GET", "/dumps/build.json").json()
    for name, info in manifest["files"].items():
        resp = call(live, "GET", f"/dumps/{name}", headers={"Accept": "*/*"})
        assert resp.status_code == 200, name
        assert hashlib.sha256(resp.content).hexdigest() == info["sha256"], name
    void = call(live, "GET", "/.well-known/void", headers={"Accept": "application/n-triples"}).text
    for name in ("r2p.nt", "r2p.nt.gz", "r2p.nq", "r2p.trig", "r2p.ttl", "r2p.jsonld", "r2p.rdf"):
        assert f"/dumps/{name}> <http://www.w3.org/ns/dcat#downloadURL>" in void, name
        assert f'"{manifest["files"][name]["sha256"]}"' in void, name
    assert call(live, "GET", "/dumps/..%2Fbuild.py").status_code == 404
