"""``%2F`` in an ``/id`` path is not ``/`` (issue 13, item 19): werkzeug decoded the path before the
views saw it, so ``/id/doc/A%2FB`` showed ``…/id/doc/A/B`` (and both shared one page-cache entry).
Served by a real threaded server, whose raw request URI the views read."""

from __future__ import annotations

import httpx
import pyoxigraph as ox
import pytest

from r2p_kg.web.pages.data import Dataset
from r2p_kg.web.pages.paths import iri_path
from tests.web.servers import ThreadedServer, empty_dist

BASE = "https://w3id.org/r2p/"
TURTLE = f"""@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
<{BASE}id/doc/A%2FB> rdfs:label "escaped slash"@en .
<{BASE}id/doc/A/B> rdfs:label "two segments"@en .
<{BASE}id/place/苏丹> rdfs:label "unicode path"@en .
<{BASE}id/doc/50%25> rdfs:label "escaped percent"@en .
"""


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    dist = empty_dist(tmp_path_factory.mktemp("raw") / "dist")
    with ThreadedServer({"R2P_DIST": str(dist), "R2P_EXTENSIONS": ("r2p_kg.web.pages",),
                         "PAGES_DATASET": Dataset.from_turtle(TURTLE)}) as srv:
        yield srv


def subjects(resp: httpx.Response) -> set[str]:
    return {t.subject.value for t in ox.parse(resp.content, format=ox.RdfFormat.N_TRIPLES)}


@pytest.mark.parametrize(("path", "iri", "label"), [
    ("/id/doc/A%2FB", BASE + "id/doc/A%2FB", "escaped slash"),
    ("/id/doc/A%2fB", BASE + "id/doc/A%2FB", "escaped slash"),
    ("/id/doc/A/B", BASE + "id/doc/A/B", "two segments"),
    ("/id/place/%E8%8B%8F%E4%B8%B9", BASE + "id/place/苏丹", "unicode path"),
    ("/id/doc/50%25", BASE + "id/doc/50%25", "escaped percent"),
])
def test_the_path_names_the_iri_as_written(site, path, iri, label):
    for _ in range(2):  # the second answer comes from the page cache
        page = httpx.get(site.url + path, headers={"Accept": "text/html", "Accept-Language": "en"})
        assert page.status_code == 200 and label in page.text
    assert subjects(httpx.get(site.url + path, headers={"Accept": "application/n-triples"})) == {iri}
    assert subjects(httpx.get(site.url + path + ".nt")) == {iri}


def test_the_two_pages_have_different_etags(site):
    one = httpx.get(site.url + "/id/doc/A%2FB", headers={"Accept": "text/html"})
    two = httpx.get(site.url + "/id/doc/A/B", headers={"Accept": "text/html"})
    assert one.headers["etag"] != two.headers["etag"]
    again = httpx.get(site.url + "/id/doc/A/B", headers={"Accept": "text/html", "If-None-Match": one.headers["etag"]})
    assert again.status_code == 200 and "two segments" in again.text


@pytest.mark.parametrize(("raw", "expected"), [
    ("A%2FB", "A%2FB"), ("A%2fB", "A%2FB"), ("%E8%8B%8F", "苏"), ("a%41b", "aAb"), ("%3F%23%25", "%3F%23%25"),
    ("%FF%2F", "%FF%2F"), ("plain/path", "plain/path"),
])
def test_iri_path_by_hand(raw, expected):
    assert iri_path(raw) == expected
