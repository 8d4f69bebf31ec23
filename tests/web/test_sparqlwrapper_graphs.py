"""SPARQLWrapper's CONSTRUCT and DESCRIBE with its default and every setReturnFormat, against a live
server (issue 13, item 17): SPARQLWrapper sends the same ``format=`` for every query form (``xml`` by
default, ``json``, ``n3``...), which must name a graph syntax for a graph answer."""

from __future__ import annotations

import json

import pytest
import rdflib
from SPARQLWrapper import CSV, JSON, JSONLD, N3, RDF, RDFXML, TSV, TURTLE, XML, SPARQLWrapper

REPORT = "https://w3id.org/r2p/id/report/sg-2025"
QUERIES = {
    "CONSTRUCT": f"CONSTRUCT {{ <{REPORT}> ?p ?o }} WHERE {{ <{REPORT}> ?p ?o }}",
    "DESCRIBE": f"DESCRIBE <{REPORT}>",
}
# setReturnFormat -> the media type the answer must have (checked by hand against the mapping that
# Virtuoso and Fuseki use: xml -> RDF/XML, json -> JSON-LD, n3 -> Turtle; CSV and TSV have no graph
# form, so SPARQLWrapper's Accept: */* decides: Turtle, the first graph syntax).
EXPECTED = {
    None: "application/rdf+xml",  # SPARQLWrapper's default, XML
    XML: "application/rdf+xml",
    RDFXML: "application/rdf+xml",
    RDF: "application/rdf+xml",
    JSON: "application/ld+json",
    JSONLD: "application/ld+json",
    TURTLE: "text/turtle",
    N3: "text/turtle",
    CSV: "text/turtle",
    TSV: "text/turtle",
}
RDFLIB_FORMAT = {"application/rdf+xml": "xml", "application/ld+json": "json-ld", "text/turtle": "turtle"}


@pytest.mark.parametrize("method", ["GET", "POST"])
@pytest.mark.parametrize("form", sorted(QUERIES))
@pytest.mark.parametrize("fmt", list(EXPECTED), ids=lambda f: f or "default")
def test_every_return_format_gets_a_graph(live, form, fmt, method):
    sw = SPARQLWrapper(live.url + "/sparql")
    sw.setQuery(QUERIES[form])
    sw.setMethod(method)
    if fmt is not None:
        sw.setReturnFormat(fmt)
    result = sw.query()  # raises on any 4xx/5xx (SPARQLWrapper's own exceptions)
    media = result.info()["content-type"].split(";")[0]
    assert media == EXPECTED[fmt]
    converted = result.convert()
    if isinstance(converted, rdflib.Graph):
        graph = converted
    else:
        data = json.dumps(converted) if isinstance(converted, (dict, list)) else converted
        graph = rdflib.Graph().parse(data=data, format=RDFLIB_FORMAT[media])
    assert (rdflib.URIRef(REPORT), rdflib.RDF.type,
            rdflib.URIRef("https://w3id.org/r2p/ontology#Report")) in graph
