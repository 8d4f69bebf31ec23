"""pyld loads an IRI by URL from a live server (issue 13, item 19): the ``Link: rel="alternate"``
headers on RDF answers made pyld's document loader fail (several alternates are a list it cannot
read); they are now on HTML answers only."""

from __future__ import annotations

import httpx
import pytest
from pyld import jsonld
from pyld.documentloader.requests import requests_document_loader

from tests.web.servers import ThreadedServer

IRI = "https://w3id.org/r2p/id/report/sg-2025"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"  # Oxigraph writes it as a property


@pytest.fixture(scope="module")
def site(built):
    with ThreadedServer({"R2P_DIST": str(built.out), "R2P_EXTENSIONS": ("r2p_kg.web.pages",)}) as srv:
        yield srv


@pytest.mark.parametrize("path", ["/id/report/sg-2025", "/id/report/sg-2025.jsonld"])
def test_pyld_expands_an_iri_by_url(site, path):
    expanded = jsonld.expand(site.url + path, {"documentLoader": requests_document_loader(timeout=30)})
    report = next(node for node in expanded if node.get("@id") == IRI)
    assert {"@id": "https://w3id.org/r2p/ontology#Report"} in report[RDF_TYPE]


def test_links_to_the_twins_are_on_pages_only(site):
    page = httpx.get(site.url + "/id/report/sg-2025", headers={"Accept": "text/html"})
    assert 'rel="alternate"; type="application/ld+json"' in page.headers["link"]
    for accept in ("application/ld+json", "text/turtle", "application/rdf+xml", "application/n-triples"):
        resp = httpx.get(site.url + "/id/report/sg-2025", headers={"Accept": accept})
        assert resp.status_code == 200 and "link" not in resp.headers, accept
