"""A linked-data client in a browser dereferences an IRI from a page of another origin (issue 13,
item 18): a cross-origin ``fetch()`` of an entity's JSON-LD in real headless Chromium."""

from __future__ import annotations

import threading
from collections.abc import Iterator

import pytest
from werkzeug.serving import make_server
from werkzeug.wrappers import Response

CLIENT_PAGE = "<!doctype html><html><head><meta charset='utf-8'><title>client</title></head><body></body></html>"
FETCH = """async (url) => {
  const resp = await fetch(url, {headers: {Accept: "application/ld+json"}});
  return {status: resp.status, type: resp.headers.get("content-type"), etag: resp.headers.get("etag"),
          body: await resp.json()};
}"""


@pytest.fixture(scope="module")
def other_origin() -> Iterator[str]:
    """A page on another loopback port: another origin than the server's."""
    def app(environ, start_response):
        return Response(CLIENT_PAGE, mimetype="text/html")(environ, start_response)

    httpd = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_port}"
    httpd.shutdown()


def nodes(doc) -> list[dict]:
    return doc if isinstance(doc, list) else doc.get("@graph", [doc])


@pytest.mark.parametrize("path", ["/id/country/SD", "/id/report/sg-2025", "/ontology",
                                  "/graph/sg-2025"])
def test_cross_origin_fetch_of_an_iris_json_ld(server, other_origin, page, path):
    page.goto(other_origin + "/")
    result = page.evaluate(FETCH, server + path)
    assert result["status"] == 200
    assert result["type"].startswith("application/ld+json")
    assert result["etag"]  # exposed to the script, for revalidation
    assert nodes(result["body"])
    assert not page.errors


def test_cross_origin_fetch_of_a_pictures_data(server, other_origin, page):
    page.goto(other_origin + "/")
    result = page.evaluate("async (url) => { const r = await fetch(url); return [r.status, await r.json()]; }",
                           server + "/pictures/statistics.json")
    assert result[0] == 200 and isinstance(result[1], (dict, list))


def test_the_sd_iri_names_the_entity(server, other_origin, page):
    page.goto(other_origin + "/")
    result = page.evaluate(FETCH, server + "/id/country/SD")
    ids = {n.get("@id") for n in nodes(result["body"])}
    assert "https://w3id.org/r2p/id/country/SD" in ids


def test_the_query_editor_stays_same_origin(server, other_origin, page):
    page.goto(other_origin + "/")
    blocked = page.evaluate("async (url) => { try { await fetch(url); return false; } catch (e) { return true; } }",
                            server + "/query")
    assert blocked
