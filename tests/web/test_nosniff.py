"""Every response carries ``X-Content-Type-Options: nosniff`` (issue 13, item 4): answers, errors,
304s, preflights, dumps, and the pages with their static files, over a real server."""

from __future__ import annotations

import httpx
import pytest

from .servers import ThreadedServer

ASK = "ASK {}"


@pytest.fixture(scope="module")
def site(built):
    """The endpoint with the linked-data pages, as ``r2p-kg serve`` mounts them."""
    with ThreadedServer({"R2P_DIST": str(built.out), "R2P_EXTENSIONS": ("r2p_kg.web.pages",)}) as srv:
        yield srv


REQUESTS = [
    ("GET", "/sparql", {"params": {"query": ASK}}),
    ("POST", "/sparql", {"data": {"query": ASK}}),
    ("GET", "/sparql", {"params": {"query": "SELEC nothing"}}),  # 400
    ("GET", "/sparql", {"params": {"query": ASK}, "headers": {"Accept": "image/png"}}),  # 406
    ("DELETE", "/sparql", {}),  # 405
    ("POST", "/update", {"data": {"update": "CLEAR ALL"}}),  # 403 read-only
    ("OPTIONS", "/sparql", {"headers": {"Origin": "https://elsewhere.example",
                                        "Access-Control-Request-Method": "POST"}}),
    ("GET", "/sparql", {}),  # service description
    ("GET", "/.well-known/void", {}),
    ("GET", "/health", {}),
    ("GET", "/openapi.json", {}),
    ("GET", "/-/settings", {}),
    ("GET", "/-/", {}),
    ("GET", "/dumps/r2p.nq", {}),
    ("GET", "/dumps/nothing.here", {}),  # 404
    ("GET", "/store", {"params": {"graph": "https://w3id.org/r2p/graph/sg-2025"}}),
    ("GET", "/no/such/route", {}),  # the router's 404
    ("GET", "/", {}),
    ("GET", "/id/report/sg-2025", {"headers": {"Accept": "text/turtle"}}),
    ("GET", "/id/report/sg-2025", {"headers": {"Accept": "text/html"}}),
    ("GET", "/id/country/ZZ1", {"headers": {"Accept": "text/html"}}),  # 404 page
    ("GET", "/-/static/pages/site.css", {}),
    ("GET", "/pictures/statistics.json", {}),
]


@pytest.mark.parametrize(("method", "path", "kwargs"), REQUESTS,
                         ids=[f"{m} {p} {i}" for i, (m, p, _) in enumerate(REQUESTS)])
def test_nosniff_everywhere(site, method, path, kwargs):
    resp = httpx.request(method, site.url + path, **kwargs)
    assert resp.headers.get("x-content-type-options") == "nosniff", (resp.status_code, dict(resp.headers))


def test_nosniff_on_304_and_on_a_cached_page(site):
    for path, accept in (("/sparql?query=ASK%20%7B%7D", "*/*"), ("/id/report/sg-2025", "text/html")):
        first = httpx.get(site.url + path, headers={"Accept": accept})
        assert first.status_code == 200 and "etag" in first.headers
        again = httpx.get(site.url + path, headers={"Accept": accept, "If-None-Match": first.headers["etag"]})
        assert again.status_code == 304
        assert again.headers.get("x-content-type-options") == "nosniff"


def test_nosniff_without_the_pages(live):
    resp = httpx.get(live.url + "/nowhere")
    assert resp.status_code == 404 and resp.headers.get("x-content-type-options") == "nosniff"
