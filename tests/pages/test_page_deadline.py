"""Page work has a deadline and is cheap where it can be (issue 13, item 13): a page past
R2P_PAGE_TIMEOUT (its wait for a turn included) is a 503 with Retry-After; 404 suggestions come from
an index built once, not from a scan of the store per request; query parameters a page does not read
do not make a new page-cache entry."""

from __future__ import annotations

import time

import pytest

from r2p_kg.web.pages.data import Dataset
from r2p_kg.web.pages.deadline import EXT as TURNS
from r2p_kg.web.pages.pagecache import EXT as PAGE_CACHE

from .conftest import make_app

SUDAN = "/id/country/SD"
HTML = {"Accept": "text/html", "Accept-Language": "en"}


class CountingDataset(Dataset):
    """The real dataset, remembering the SELECT queries the pages run on it."""

    queries: list[str]

    def select(self, query, **bindings):
        self.queries.append(query)
        return super().select(query, **bindings)


@pytest.fixture(scope="module")
def counting(built):
    loaded = Dataset.load(built.out)
    ds = CountingDataset(loaded.store, loaded.base, loaded.version, loaded.dist)
    ds.queries = []
    return ds


def test_a_page_past_its_deadline_is_503_with_retry_after(built):
    app = make_app(R2P_DIST=str(built.out), PAGES_DATASET=Dataset.load(built.out), R2P_PAGE_TIMEOUT=1e-9)
    client = app.test_client()
    page = client.get(SUDAN, headers=HTML)
    assert page.status_code == 503 and page.headers["Retry-After"] == "2"
    assert page.headers["Cache-Control"] == "no-store" and "text/html" in page.content_type
    data = client.get(SUDAN, headers={"Accept": "application/json"})
    assert data.status_code == 503 and data.json["error"]["code"] == "page-timeout"
    assert data.headers["Retry-After"] == "2"
    assert app.extensions[PAGE_CACHE].stats()["entries"] == 0  # nothing kept
    assert client.get("/-/static/pages/site.css").status_code == 200  # static files have no deadline


def test_a_page_waits_its_turn_within_the_deadline(built):
    # The deadline is long enough for a render on a loaded machine: the waits below cost it twice.
    app = make_app(R2P_DIST=str(built.out), PAGES_DATASET=Dataset.load(built.out), R2P_PAGE_RENDERS=1,
                   R2P_PAGE_TIMEOUT=2.0)
    client = app.test_client()
    turns = app.extensions[TURNS]
    assert turns.acquire(timeout=5)  # another page is being rendered
    try:
        busy = client.get(SUDAN, headers={"Accept": "application/json"})
        assert busy.status_code == 503 and busy.json["error"]["code"] == "page-timeout"
        assert "too many pages" in busy.json["error"]["message"]
        page = client.get(SUDAN, headers=HTML)  # a person gets the error page, not a 500
        assert page.status_code == 503 and page.headers["Retry-After"] == "2"
    finally:
        turns.release()
    assert client.get(SUDAN, headers=HTML).status_code == 200
    assert client.get(SUDAN, headers=HTML).status_code == 200  # the turn was given back


def test_404_suggestions_come_from_an_index(built, counting):
    client = make_app(R2P_DIST=str(built.out), PAGES_DATASET=counting).test_client()
    deadline = time.monotonic() + 60
    while True:  # the first 404 starts building the index; then it suggests the nearest names
        page = client.get("/id/country/SDD", headers=HTML)
        assert page.status_code == 404
        if 'href="/id/country/SD"' in page.get_data(as_text=True):
            break
        assert time.monotonic() < deadline, "the suggestion index was not built within 60 s"
        time.sleep(0.1)
    counting.queries.clear()
    missing = client.get("/id/country/ZZ1", headers=HTML)
    assert missing.status_code == 404 and 'href="/report/sg-2025"' in missing.get_data(as_text=True)
    # one bound query (what links to the IRI); no query over all of the store's subjects
    assert len(counting.queries) <= 1 and not any("STRSTARTS" in q for q in counting.queries)


def test_parameters_a_page_does_not_read_share_its_cache_entry(built):
    app = make_app(R2P_DIST=str(built.out), PAGES_DATASET=Dataset.load(built.out))
    client, cache = app.test_client(), app.extensions[PAGE_CACHE]
    first = client.get(SUDAN + "?utm_source=a", headers=HTML)
    before = cache.stats()
    second = client.get(SUDAN + "?utm_source=b&x=1&x=2", headers=HTML)
    after = cache.stats()
    assert first.status_code == second.status_code == 200
    assert after["hits"] == before["hits"] + 1 and after["entries"] == before["entries"]
    assert first.headers["ETag"] == second.headers["ETag"]
    body = second.get_data(as_text=True)
    assert "utm_source" not in body and "lang=zh" in body  # the language switch keeps only what counts
    other = client.get(SUDAN + "?format=ttl", headers=HTML)  # a parameter the page reads
    assert other.headers["Content-Type"].startswith("text/turtle")


def test_pages_over_a_remote_backend_have_their_own_deadline():
    """Over ``serve --backend`` every read is a round trip: the reader page took over 5 s on
    Virtuoso (tests/export/test_serve_backend.py), so those pages have R2P_BACKEND_PAGE_TIMEOUT."""
    from r2p_kg.web.pages import deadline
    remote = make_app(R2P_BACKEND="http://127.0.0.1:9/sparql", R2P_PAGE_TIMEOUT=1.0, R2P_BACKEND_PAGE_TIMEOUT=42.0)
    local = make_app(R2P_PAGE_TIMEOUT=1.0, R2P_BACKEND_PAGE_TIMEOUT=42.0)
    for app, expected in ((remote, 42.0), (local, 1.0)):
        with app.test_request_context("/id/country/SD"):
            deadline.start()
            assert deadline._seconds() == expected
            deadline.finish()
