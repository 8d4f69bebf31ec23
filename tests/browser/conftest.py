"""A real browser against a real server: Debian's Chromium driven by Playwright, never `playwright install`.

The app (the pages, and the endpoint's /sparql when it exists) is served by a threaded WSGI server on a
free loopback port. Its dataset is the real built graph plus the hand-written graph of
tests/pages/fixture.ttl, so that features whose real data the extraction has not produced yet
(mentions, countries, statistics) are seen too. Screenshots go to test-artifacts/.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox
import pytest
from flask import Flask, Response, request

from r2p_kg.config import QUERIES_DIR, ROOT
from r2p_kg.web.pages.data import Dataset
from tests.pages.conftest import FIXTURE, make_app

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]
ARTIFACTS = ROOT / "test-artifacts"
FIXTURE_QUERIES = Path(__file__).resolve().parent.parent / "pages" / "queries"


def _add_stub_sparql(app: Flask, ds: Dataset) -> None:
    """Until the endpoint's /sparql is mounted: a minimal SELECT/ASK responder for the query page."""
    if any(r.rule == "/sparql" for r in app.url_map.iter_rules()):
        return

    def sparql() -> Response:
        text = request.values.get("query", "")
        try:
            result = ds.store.query(text, use_default_graph_as_union=True)
        except SyntaxError as exc:
            return Response(str(exc), status=400, mimetype="text/plain")
        body = result.serialize(format=ox.QueryResultsFormat.JSON)
        return Response(body, mimetype="application/sparql-results+json")

    app.add_url_rule("/sparql", "stub_sparql", sparql, methods=["GET", "POST"])


@pytest.fixture(scope="session")
def server(built) -> Iterator[str]:
    from werkzeug.serving import make_server
    ds = Dataset.load(built.out)
    for t in ox.parse(path=str(FIXTURE), format=ox.RdfFormat.TURTLE):
        ds.store.add(ox.Quad(t.subject, t.predicate, t.object, ox.NamedNode(ds.base + "graph/t-1")))
    has_examples = any(QUERIES_DIR.glob("*.rq"))
    app = make_app(PAGES_DATASET=ds, R2P_DIST=str(built.out),
                   PAGES_QUERIES=str(QUERIES_DIR if has_examples else FIXTURE_QUERIES))
    _add_stub_sparql(app, ds)
    httpd = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_port}"
    httpd.shutdown()
    thread.join(5)


def launch(pw, profile: Path, **options):
    """Debian's Chromium with a fresh profile (never a browser downloaded by Playwright)."""
    context = pw.chromium.launch_persistent_context(
        str(profile), executable_path=CHROMIUM, args=ARGS, headless=True,
        viewport={"width": 1280, "height": 900}, locale="en-GB", **options)
    context.set_default_timeout(20_000)
    return context


@pytest.fixture(scope="session")
def browser_context(playwright, tmp_path_factory):
    context = launch(playwright, tmp_path_factory.mktemp("chromium-profile"))
    yield context
    context.close()


@pytest.fixture()
def nojs_page(playwright, tmp_path):
    """A tab in a browser with JavaScript turned off."""
    context = launch(playwright, tmp_path / "profile", java_script_enabled=False)
    yield context.new_page()
    context.close()


@pytest.fixture()
def page(browser_context):
    """A fresh tab that records console errors and CSP violations."""
    tab = browser_context.new_page()
    tab.errors = []  # type: ignore[attr-defined]
    tab.on("console", lambda m: m.type == "error" and tab.errors.append(m.text))  # type: ignore[attr-defined]
    tab.on("pageerror", lambda e: tab.errors.append(str(e)))  # type: ignore[attr-defined]
    yield tab
    tab.close()


def shot(tab, name: str, full_page: bool = False) -> None:
    tab.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=full_page)
