"""The endpoint's own pages without the linked-data pages installed (issue 14): /dumps/, VoID, the
service description and the URL index still answer browsers with a plain, escaped HTML page."""

from __future__ import annotations

import hashlib

import httpx

BROWSER = {"Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"}


def test_dumps_index_is_plain_html_without_the_pages(live, built):
    page = httpx.get(live.url + "/dumps/", headers=BROWSER)
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    assert hashlib.sha256((built.out / "r2p.ttl").read_bytes()).hexdigest() in page.text
    assert "<a href='/dumps/r2p.ttl'>r2p.ttl</a>" in page.text and "site.css" not in page.text
    listing = httpx.get(live.url + "/dumps/").json()
    assert {f["name"] for f in listing["files"]} >= {"r2p.nq", "r2p.ttl", "SHA256SUMS"}
    assert all(f["url"].startswith(live.url + "/dumps/") for f in listing["files"])


def test_void_and_index_are_plain_html_without_the_pages(live):
    void = httpx.get(live.url + "/.well-known/void", headers=BROWSER)
    assert void.headers["content-type"].startswith("text/html") and "void:Dataset" in void.text
    assert "<h2>sizes</h2>" in void.text and "<a href='/dumps/'>" in void.text
    index = httpx.get(live.url + "/-/", headers=BROWSER)
    assert index.headers["content-type"].startswith("text/html") and live.url + "/sparql" in index.text


def test_a_404_for_a_browser_is_plain_html_without_the_pages(live):
    resp = httpx.get(live.url + "/no/<such>/page", headers=BROWSER)
    assert resp.status_code == 404 and resp.headers["content-type"].startswith("text/html")
    assert "<such>" not in resp.text and "<a href='/'>" in resp.text
