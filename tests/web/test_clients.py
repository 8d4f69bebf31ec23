"""Real SPARQL clients against the live endpoint: SPARQLWrapper and rdflib's SPARQLStore."""

from __future__ import annotations

import csv
import io

import pytest
import rdflib
from rdflib.plugins.stores.sparqlstore import SPARQLStore
from SPARQLWrapper import CSV, JSON, JSONLD, TURTLE, XML, SPARQLWrapper

REPORT = "https://w3id.org/r2p/id/report/sg-2025"
SELECT = f"SELECT ?p ?o WHERE {{ <{REPORT}> ?p ?o }} ORDER BY ?p ?o"


def wrapper(live, query: str, fmt: str, method: str = "GET") -> SPARQLWrapper:
    sw = SPARQLWrapper(live.url + "/sparql")
    sw.setQuery(query)
    sw.setReturnFormat(fmt)
    sw.setMethod(method)
    return sw


@pytest.mark.parametrize("method", ["GET", "POST"])
def test_sparqlwrapper_select_json(live, method):
    result = wrapper(live, SELECT, JSON, method).queryAndConvert()
    rows = result["results"]["bindings"]
    assert result["head"]["vars"] == ["p", "o"]
    assert any(r["o"]["value"] == "https://w3id.org/r2p/ontology#Report" for r in rows)


def test_sparqlwrapper_select_xml(live):
    doc = wrapper(live, SELECT, XML).queryAndConvert()
    results = doc.getElementsByTagName("result")
    assert len(results) > 3


def test_sparqlwrapper_select_csv(live):
    data = wrapper(live, SELECT, CSV).queryAndConvert()
    rows = list(csv.reader(io.StringIO(data.decode("utf-8"))))
    assert rows[0] == ["p", "o"] and len(rows) > 3


def test_sparqlwrapper_ask(live):
    assert wrapper(live, f"ASK {{ <{REPORT}> a ?c }}", JSON).queryAndConvert()["boolean"] is True
    assert wrapper(live, "ASK { <urn:nothing> ?p ?o }", XML).query().convert() is not None


@pytest.mark.parametrize("fmt", [TURTLE, JSONLD])
def test_sparqlwrapper_construct(live, fmt):
    query = f"CONSTRUCT {{ <{REPORT}> ?p ?o }} WHERE {{ <{REPORT}> ?p ?o }}"
    result = wrapper(live, query, fmt).queryAndConvert()
    graph = result if isinstance(result, rdflib.Graph) else rdflib.Graph().parse(
        data=result, format="turtle" if fmt == TURTLE else "json-ld")
    assert (rdflib.URIRef(REPORT), rdflib.RDF.type, None) in graph


def test_rdflib_sparqlstore_reads_through_the_endpoint(live):
    graph = rdflib.Graph(SPARQLStore(live.url + "/sparql", returnFormat="json"))
    rows = list(graph.query(f"SELECT ?c WHERE {{ <{REPORT}> a ?c }}"))
    assert rows
    assert (rdflib.URIRef(REPORT), rdflib.RDF.type, None) in graph
    assert len(list(graph.triples((rdflib.URIRef(REPORT), None, None)))) > 3
