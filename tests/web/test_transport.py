"""ETag and 304, Cache-Control, the result cache, gzip, CORS and the access log line."""

from __future__ import annotations

import gzip
import logging

import httpx

Q = {"query": "SELECT ?s ?p ?o WHERE { ?s ?p ?o } LIMIT 200"}


def test_etag_and_304(live):
    first = httpx.get(live.url + "/sparql", params=Q)
    etag = first.headers["etag"]
    assert first.headers["cache-control"].startswith("public, max-age=")
    again = httpx.get(live.url + "/sparql", params=Q, headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.content == b"" and again.headers["etag"] == etag
    other_format = httpx.get(live.url + "/sparql", params={**Q, "format": "xml"},
                             headers={"If-None-Match": etag})
    assert other_format.status_code == 200 and other_format.headers["etag"] != etag


def test_result_cache_serves_repeats(live):
    q = {"query": "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o } # cache test"}
    before = live.app.extensions["r2p_endpoint"]["cache"].stats()
    a = httpx.get(live.url + "/sparql", params=q)
    b = httpx.get(live.url + "/sparql", params=q)
    after = live.app.extensions["r2p_endpoint"]["cache"].stats()
    assert a.content == b.content
    assert after["hits"] == before["hits"] + 1 and after["misses"] == before["misses"] + 1


def test_gzip_when_accepted(live):
    plain = httpx.get(live.url + "/sparql", params=Q, headers={"Accept-Encoding": "identity"})
    raw = httpx.get(live.url + "/sparql", params=Q, headers={"Accept-Encoding": "gzip"})
    assert raw.headers["content-encoding"] == "gzip"
    assert raw.content == plain.content  # httpx decodes; the bytes are the same answer
    assert int(raw.headers["content-length"]) < len(plain.content)
    assert raw.headers["etag"] != plain.headers["etag"]
    assert "Accept-Encoding" in raw.headers["vary"]
    with httpx.stream("GET", live.url + "/sparql", params=Q, headers={"Accept-Encoding": "gzip"}) as r:
        assert gzip.decompress(b"".join(r.iter_raw())) == plain.content


def test_cors_on_read_routes_not_on_update(live):
    pre = httpx.options(live.url + "/sparql", headers={
        "Origin": "https://example.org", "Access-Control-Request-Method": "POST"})
    assert pre.headers["access-control-allow-origin"] == "*"
    assert "POST" in pre.headers["access-control-allow-methods"]
    get = httpx.get(live.url + "/sparql", params=Q, headers={"Origin": "https://example.org"})
    assert get.headers["access-control-allow-origin"] == "*"
    upd = httpx.options(live.url + "/update", headers={"Origin": "https://example.org"})
    assert "access-control-allow-origin" not in upd.headers


def test_one_access_log_line_per_request_without_secrets(live, caplog):
    secret_query = "SELECT * WHERE { ?s ?p 'a-very-private-literal' }"
    with caplog.at_level(logging.INFO, logger="r2p_kg.web.access"):
        httpx.get(live.url + "/sparql", params={"query": secret_query},
                  headers={"Authorization": "Bearer token-that-must-not-be-logged"})
    lines = [r.getMessage() for r in caplog.records if r.name == "r2p_kg.web.access"]
    assert len(lines) == 1
    line = lines[0]
    assert line.startswith("GET /sparql 200 rows=0 ms=")
    assert " q=" in line and "private" not in line and "token-that" not in line


def test_result_cache_is_bounded_by_entries_and_bytes():
    from r2p_kg.web.cache import LRUCache
    # An entry's size is its value's plus its key's plus 200 bytes of bookkeeping (an int key: 28).
    cache: LRUCache[bytes] = LRUCache(entries=3, max_bytes=8000)
    for i in range(5):
        cache.put(i, b"x" * 700, 700)
    assert cache.get(0) is None and cache.get(4) == b"x" * 700
    assert cache.stats()["entries"] == 3 and cache.stats()["bytes"] == 3 * (700 + 28 + 200)
    cache.put("big", b"y" * 760, 760)  # with its key and bookkeeping over an eighth: not kept
    assert cache.get("big") is None
    for i in range(10, 18):
        cache.put(i, b"z" * 700, 700)
    assert cache.stats()["bytes"] <= 8000


def test_no_public_caching_when_updates_are_enabled(writable):
    resp = httpx.get(writable.url + "/sparql", params={"query": "ASK {}"})
    assert resp.headers["cache-control"] == "no-cache" and "etag" in resp.headers
