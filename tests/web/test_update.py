"""Updates (with --allow-update and the bearer token) are applied in memory to every worker, change
the dataset version (so ETags and the result cache move on), and support the protocol's
using-graph-uri parameters and Graph Store writes."""

from __future__ import annotations

import httpx

G = "http://example.org/g1"


def update(srv, auth, text: str, **params) -> httpx.Response:
    return httpx.post(srv.url + "/update", content=text, params=params,
                      headers={"Content-Type": "application/sparql-update", **auth}, timeout=30)


def ask(srv, text: str) -> bool:
    return httpx.get(srv.url + "/sparql", params={"query": text}, timeout=30).json()["boolean"]


def test_update_is_seen_by_every_worker_and_changes_the_version(writable, auth):
    assert update(writable, auth, "DROP ALL").status_code == 204
    v0 = httpx.get(writable.url + "/health").json()["version"]
    resp = update(writable, auth, f"INSERT DATA {{ GRAPH <{G}> {{ <http://example.org/s> "
                                  f"<http://example.org/p> 'o' }} }}")
    assert resp.status_code == 204
    assert httpx.get(writable.url + "/health").json()["version"] != v0
    # many reads, so that every worker answers at least once
    assert all(ask(writable, f"ASK {{ GRAPH <{G}> {{ ?s ?p 'o' }} }}") for _ in range(8))


def test_etag_changes_after_an_update(writable, auth):
    q = {"query": "SELECT * WHERE { ?s ?p ?o }"}
    first = httpx.get(writable.url + "/sparql", params=q)
    update(writable, auth, "INSERT DATA { <http://example.org/a> <http://example.org/b> 1 }")
    second = httpx.get(writable.url + "/sparql", params=q,
                       headers={"If-None-Match": first.headers["etag"]})
    assert second.status_code == 200 and second.headers["etag"] != first.headers["etag"]
    assert "http://example.org/a" in second.text  # not the cached answer


def test_using_graph_uri_and_conflict(writable, auth):
    update(writable, auth, "DROP ALL")
    update(writable, auth, f"INSERT DATA {{ GRAPH <{G}> {{ <http://example.org/x> a <http://example.org/T> }} }}")
    resp = update(writable, auth, "INSERT { GRAPH <http://example.org/out> { ?s a <http://example.org/U> } } "
                                  "WHERE { ?s a <http://example.org/T> }", **{"using-graph-uri": G})
    assert resp.status_code == 204
    assert ask(writable, "ASK { GRAPH <http://example.org/out> { <http://example.org/x> a ?t } }")
    conflict = update(writable, auth, f"WITH <{G}> DELETE {{ ?s ?p ?o }} WHERE {{ ?s ?p ?o }}",
                      **{"using-graph-uri": G})
    assert conflict.status_code == 400 and "USING or WITH" in conflict.text


def test_graph_store_put_get_delete(writable, auth):
    url = writable.url + "/store"
    body = "<http://example.org/s> <http://example.org/p> _:b .\n_:b <http://example.org/q> \"x\" ."
    headers = {"Content-Type": "application/n-triples", **auth}
    assert httpx.put(url, params={"graph": G + "/gsp"}, content=body, headers=headers).status_code == 201
    assert httpx.put(url, params={"graph": G + "/gsp"}, content=body, headers=headers).status_code == 204
    got = httpx.get(url, params={"graph": G + "/gsp"}, headers={"Accept": "application/n-triples"})
    assert got.status_code == 200 and got.text.count("\n") == 2
    head = httpx.head(url, params={"graph": G + "/gsp"}, headers={"Accept": "application/n-triples"})
    assert head.headers["content-type"] == got.headers["content-type"]
    assert head.headers["etag"] == got.headers["etag"]
    # the same blank node in every worker: the answer is identical whichever worker serves it
    assert len({httpx.get(url, params={"graph": G + "/gsp"},
                          headers={"Accept": "application/n-triples"}).text for _ in range(6)}) == 1
    assert httpx.delete(url, params={"graph": G + "/gsp"}, headers=auth).status_code == 204
    assert httpx.delete(url, params={"graph": G + "/gsp"}, headers=auth).status_code == 404


def test_graph_store_rejects_bad_bodies(writable, auth):
    url = writable.url + "/store"
    bad = httpx.put(url, params={"graph": G}, content="this is not turtle",
                    headers={"Content-Type": "text/turtle", **auth})
    assert bad.status_code == 400 and "does not parse" in bad.text
    odd = httpx.put(url, params={"graph": G}, content="x", headers={"Content-Type": "image/png", **auth})
    assert odd.status_code == 415


def test_update_syntax_error_leaves_no_trace(writable, auth):
    version = httpx.get(writable.url + "/health").json()["version"]
    resp = update(writable, auth, "INSERT DATA { <http://example.org/a> }")
    assert resp.status_code == 400
    assert httpx.get(writable.url + "/health").json()["version"] == version
