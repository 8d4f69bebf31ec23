"""W3C SPARQL 1.1 Service Description tests (manifests/sparql11/service-description): the
manifest only names them, so their checks are written here from the spec (§3, §4)."""

from __future__ import annotations

import httpx
import pytest
import rdflib
from rdflib import RDF, Namespace

from .conftest import W3C, record
from .manifest import RDF_TYPES

MANIFEST = W3C / "service-description" / "manifest.ttl"
SD = Namespace("http://www.w3.org/ns/sparql-service-description#")
NAMES = ("has-endpoint-triple", "returns-rdf", "conforms-to-schema")


def _names() -> list[str]:
    g = rdflib.Graph().parse(MANIFEST, format="turtle")
    return sorted(str(s).rsplit("#", 1)[-1] for s in g.subjects(RDF.type, rdflib.URIRef(
        "http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#ServiceDescriptionTest")))


TESTS = _names()


def test_manifest_is_there():
    assert TESTS == sorted(NAMES)


def fetch(server, accept: str = "text/turtle") -> tuple[httpx.Response, rdflib.Graph]:
    resp = httpx.get(server.url + "/sparql", headers={"Accept": accept}, timeout=30)
    media = resp.headers.get("content-type", "").split(";")[0]
    graph = rdflib.Graph().parse(data=resp.content, format=RDF_TYPES[media]) if media in RDF_TYPES \
        else rdflib.Graph()
    return resp, graph


def check_returns_rdf(server) -> None:
    for accept in ("text/turtle", "application/rdf+xml", "application/ld+json"):
        resp, graph = fetch(server, accept)
        assert resp.status_code == 200
        assert resp.headers["content-type"].split(";")[0] == accept
        assert len(graph) > 0


def check_has_endpoint_triple(server) -> None:
    _, graph = fetch(server)
    assert (None, SD.endpoint, rdflib.URIRef(server.url + "/sparql")) in graph


def check_conforms_to_schema(server) -> None:
    _, graph = fetch(server)
    services = list(graph.subjects(RDF.type, SD.Service))
    assert len(services) == 1
    service = services[0]
    languages = set(graph.objects(service, SD.supportedLanguage))
    assert languages and languages <= {SD.SPARQL10Query, SD.SPARQL11Query, SD.SPARQL11Update}
    assert all(isinstance(f, rdflib.URIRef) for f in graph.objects(service, SD.resultFormat))
    assert all(isinstance(f, rdflib.URIRef) for f in graph.objects(service, SD.feature))
    dataset = graph.value(service, SD.defaultDataset)
    assert (dataset, RDF.type, SD.Dataset) in graph
    default_graph = graph.value(dataset, SD.defaultGraph)
    assert (default_graph, RDF.type, SD.Graph) in graph
    for ng in graph.objects(dataset, SD.namedGraph):
        assert (ng, RDF.type, SD.NamedGraph) in graph
        assert isinstance(graph.value(ng, SD.name), rdflib.URIRef)
        assert (graph.value(ng, SD.graph), RDF.type, SD.Graph) in graph


@pytest.mark.parametrize("name", TESTS)
def test_service_description(name, w3c_server):
    check = globals()["check_" + name.replace("-", "_")]
    try:
        check(w3c_server)
    except AssertionError:
        record("service-description", False)
        raise
    record("service-description", True)
