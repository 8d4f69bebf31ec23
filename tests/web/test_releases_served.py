"""The server dereferences every release of the shapes and the ontology at its stable path, with
content negotiation like every IRI (a real WSGI server on loopback, real HTTP)."""

from __future__ import annotations

from pathlib import Path

import httpx
import pyoxigraph as ox
import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import OWL

from r2p_kg.web.pages.data import Dataset

from .servers import ThreadedServer, empty_dist

FIXTURE = Path(__file__).parents[1] / "pages" / "fixture.ttl"
SHAPES, ONTOLOGY = URIRef("https://w3id.org/r2p/shapes"), URIRef("https://w3id.org/r2p/ontology")


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    dataset = Dataset.from_turtle(FIXTURE.read_text(encoding="utf-8"), graph="https://w3id.org/r2p/graph/t-1")
    dist = empty_dist(tmp_path_factory.mktemp("releases") / "dist")
    with ThreadedServer({"R2P_DIST": str(dist), "R2P_EXTENSIONS": ("r2p_kg.web.pages",),
                         "PAGES_DATASET": dataset, "R2P_WORKERS": 1}) as srv:
        yield srv


def get(site, path: str, accept: str | None = None) -> httpx.Response:
    return httpx.get(site.url + path, headers={"Accept": accept} if accept else {}, timeout=30)


@pytest.mark.parametrize(("path", "subject", "version_iri", "info"), [
    ("/shapes/0.1.0", SHAPES, "https://w3id.org/r2p/shapes/0.1.0", "0.1.0"),
    ("/ontology/0.1.0", ONTOLOGY, "https://w3id.org/r2p/ontology/0.1.0", "0.1.0"),
    ("/shapes", SHAPES, None, "0.2.0-dev"),
])
def test_each_version_dereferences_as_turtle(site, path, subject, version_iri, info):
    r = get(site, path, "text/turtle")
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/turtle")
    assert "Accept" in r.headers["vary"]
    g = Graph().parse(data=r.text, format="turtle")
    assert g.value(subject, OWL.versionIRI) == (URIRef(version_iri) if version_iri else None)
    assert str(g.value(subject, OWL.versionInfo)) == info


def test_pinned_and_current_shapes_are_each_their_own_files(site):
    """/shapes/0.1.0 is the frozen release, /shapes the working copy (which has grown since)."""
    from r2p_kg.config import SHAPES_DIR

    def canonical(triples) -> set:
        """The triples with their blank nodes named canonically (Oxigraph's RDF canonicalization):
        two parses of one graph give the same set, as rdflib's isomorphic() says, in milliseconds."""
        ds = ox.Dataset(ox.Quad(t.subject, t.predicate, t.object, ox.DefaultGraph()) for t in triples)
        ds.canonicalize(ox.CanonicalizationAlgorithm.UNSTABLE)
        return set(ds)

    def files(folder: Path) -> set:
        return canonical([t for name in ("r2p.shapes.ttl", "r2p.warnings.ttl")
                          for t in ox.parse(path=str(folder / name), format=ox.RdfFormat.TURTLE)])

    def served(path: str) -> set:
        return canonical(ox.parse(get(site, path, "text/turtle").content, format=ox.RdfFormat.TURTLE))

    old, new = served("/shapes/0.1.0"), served("/shapes")
    assert old == files(SHAPES_DIR / "releases" / "0.1.0")
    assert new == files(SHAPES_DIR)
    assert old != new
    info = ox.NamedNode(str(OWL.versionInfo))
    versions = [{q.object.value for q in g if q.subject == ox.NamedNode(str(SHAPES)) and q.predicate == info}
                for g in (old, new)]
    assert versions[0] != versions[1] and all(len(v) == 1 for v in versions)


@pytest.mark.parametrize(("path", "accept", "media_type"), [
    ("/shapes/0.1.0", "application/n-triples", "application/n-triples"),
    ("/shapes/0.1.0.jsonld", None, "application/ld+json"),
    ("/ontology/0.1.0.rdf", None, "application/rdf+xml"),
    ("/shapes.nt", None, "application/n-triples"),
    ("/ontology/0.1.0?format=nt", "text/html", "application/n-triples"),
])
def test_formats_by_accept_suffix_and_format(site, path, accept, media_type):
    r = get(site, path, accept)
    assert r.status_code == 200 and r.headers["content-type"].split(";")[0] == media_type
    fmt = {"application/n-triples": "nt", "application/ld+json": "json-ld",
           "application/rdf+xml": "xml"}[media_type]
    assert len(Graph().parse(data=r.text, format=fmt)) > 500


def test_browsers_get_a_page_with_the_versions(site):
    r = get(site, "/shapes/0.1.0", "text/html,application/xhtml+xml")
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/html")
    assert "https://w3id.org/r2p/shapes/0.1.0" in r.text
    assert 'href="/shapes"' in r.text and 'href="/shapes/0.1.0"' in r.text
    assert "Footnote_Shape" in r.text
    assert "needs an rdfs:label in Chinese (@zh)" in r.text
    assert 'rel="alternate"' in r.headers["link"] and "/shapes/0.1.0.ttl" in r.headers["link"]


@pytest.mark.parametrize("path", ["/shapes/9.9.9", "/ontology/0.2.0-dev", "/shapes/0.1.0.xyz"])
def test_unknown_versions_are_404(site, path):
    r = get(site, path, "text/turtle")
    assert r.status_code == 404


def test_unknown_version_names_the_released_ones(site):
    r = get(site, "/shapes/9.9.9", "text/plain")
    assert "no released shapes version '9.9.9'; released: 0.1.0" in r.text
