"""The page cache: a page is rendered once per dataset version and way of asking, and never served to
a request that asks differently, after the data changed, or with someone else's cookie."""

from __future__ import annotations

import pytest

from r2p_kg.web.pages.data import Dataset

from .conftest import FIXTURE, make_app

SUDAN = "/id/country/SD"


@pytest.fixture()
def app():
    ds = Dataset.from_turtle(FIXTURE.read_text(encoding="utf-8"), graph="https://w3id.org/r2p/graph/t-1")
    return make_app(PAGES_DATASET=ds)


def stats(app) -> dict[str, int]:
    return app.extensions["r2p_page_cache"].stats()


def test_a_page_is_rendered_once_then_served_from_memory(app):
    client = app.test_client()
    first = client.get(SUDAN, headers={"Accept-Language": "en"})
    second = client.get(SUDAN, headers={"Accept-Language": "en"})
    assert first.status_code == second.status_code == 200
    assert second.get_data() == first.get_data()
    assert second.headers["ETag"] == first.headers["ETag"]
    assert second.headers["Content-Security-Policy"] == first.headers["Content-Security-Policy"]
    assert stats(app)["hits"] == 1 and stats(app)["entries"] == 1


def test_each_language_and_format_is_its_own_entry(app):
    client = app.test_client()
    en = client.get(SUDAN, headers={"Accept-Language": "en"}).get_data(as_text=True)
    zh = client.get(SUDAN, headers={"Accept-Language": "zh"}).get_data(as_text=True)
    ttl = client.get(SUDAN, headers={"Accept": "text/turtle"})
    again_en = client.get(SUDAN, headers={"Accept-Language": "en"}).get_data(as_text=True)
    again_zh = client.get(SUDAN, headers={"Accept-Language": "zh"}).get_data(as_text=True)
    assert '<h1 lang="en">Sudan</h1>' in en and '<h1 lang="en">Sudan</h1>' in again_en
    assert '<h1 lang="zh">苏丹</h1>' in zh and '<h1 lang="zh">苏丹</h1>' in again_zh
    assert ttl.mimetype == "text/turtle" and b"<html" not in ttl.get_data()
    assert stats(app)["entries"] == 3


def test_the_language_cookie_is_part_of_the_key(app):
    client = app.test_client()
    client.get(SUDAN, headers={"Accept-Language": "zh"})
    client.set_cookie("lang", "en")
    assert '<h1 lang="en">Sudan</h1>' in client.get(SUDAN, headers={"Accept-Language": "zh"}).get_data(as_text=True)


def test_answers_that_set_a_cookie_or_fail_are_not_kept(app):
    client = app.test_client()
    assert "Set-Cookie" in client.get(SUDAN + "?lang=en").headers
    assert client.get("/id/country/XX").status_code == 404
    assert client.get("/id/country/XX").status_code == 404
    assert stats(app)["entries"] == 0


def test_a_kept_page_still_answers_if_none_match_with_304(app):
    client = app.test_client()
    etag = client.get(SUDAN).headers["ETag"]
    client.get(SUDAN)  # now kept
    resp = client.get(SUDAN, headers={"If-None-Match": etag})
    assert resp.status_code == 304 and resp.get_data() == b"" and resp.headers["ETag"] == etag
    assert stats(app)["hits"] == 2


def test_a_new_dataset_version_is_never_served_a_stale_page(app):
    client = app.test_client()
    assert "Sudan" in client.get(SUDAN, headers={"Accept-Language": "en"}).get_data(as_text=True)
    ds = app.config["PAGES_DATASET"]
    ds.store.update('PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> '
                    'DELETE { GRAPH ?g { ?s rdfs:label "Sudan"@en } } '
                    'INSERT { GRAPH ?g { ?s rdfs:label "Republic of the Sudan"@en } } '
                    'WHERE { GRAPH ?g { ?s rdfs:label "Sudan"@en } }')
    ds.version = "test-2"
    page = client.get(SUDAN, headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert '<h1 lang="en">Republic of the Sudan</h1>' in page


def test_the_cache_can_be_turned_off():
    ds = Dataset.from_turtle(FIXTURE.read_text(encoding="utf-8"), graph="https://w3id.org/r2p/graph/t-1")
    app = make_app(PAGES_DATASET=ds, R2P_PAGE_CACHE_ENTRIES=0)
    client = app.test_client()
    client.get(SUDAN)
    client.get(SUDAN)
    assert stats(app) == {"entries": 0, "bytes": 0, "hits": 0, "misses": 0}
