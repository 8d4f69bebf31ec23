"""Fixtures for the SHACL tests: the hand-written valid graph (with the ontology) and the shapes."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph

from r2p_kg.config import ONTOLOGY_FILE
from r2p_kg.validate import SHAPES_FILES, load_rdf

DATA = Path(__file__).parent / "data"

PREFIXES = """
PREFIX r2p:     <https://w3id.org/r2p/ontology#>
PREFIX rdfs:    <http://www.w3.org/2000/01/rdf-schema#>
PREFIX xsd:     <http://www.w3.org/2001/XMLSchema#>
PREFIX skos:    <http://www.w3.org/2004/02/skos/core#>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX org:     <http://www.w3.org/ns/org#>
PREFIX oa:      <http://www.w3.org/ns/oa#>
PREFIX unit:    <http://qudt.org/vocab/unit/>
PREFIX pillar:  <https://w3id.org/r2p/id/pillar/>
PREFIX crime:   <https://w3id.org/r2p/id/crime/>
PREFIX prov:    <http://www.w3.org/ns/prov#>
PREFIX act:     <https://w3id.org/r2p/id/speech-act/>
PREFIX sitmod:  <https://w3id.org/r2p/id/situation-modality/>
"""

ID = "https://w3id.org/r2p/id/"
REP = ID + "report/t"
# Nodes of valid.ttl, written «NAME» in the updates of the negative tests.
NODES = {
    "R": REP, "AG": REP + "/agenda-item/1", "S1": REP + "/section/1", "S1A": REP + "/section/1/A",
    "P1": REP + "/paragraph/1", "P2": REP + "/paragraph/2", "F1": REP + "/footnote/1",
    "F2": REP + "/footnote/2", "H": REP + "/page/1/link/1", "SD": ID + "country/SD",
    "SAHEL": ID + "region/sahel", "GA": ID + "organization/general-assembly",
    "RES": ID + "document/A-RES-60-1", "SIT": ID + "situation/SD", "STAT": REP + "/statistic/1",
    "M13": REP + "/paragraph/1/mention/3", "M13T": REP + "/paragraph/1/mention/3/target",
    "M13P": REP + "/paragraph/1/mention/3/position", "M13Q": REP + "/paragraph/1/mention/3/quote",
    "REC": REP + "/claim/1", "SITC": REP + "/claim/2", "RESP": REP + "/claim/3", "LINK": REP + "/claim/4",
    "MEAS": REP + "/claim/5", "EV1": REP + "/claim/1/evidence/1", "EV2Q": REP + "/claim/2/evidence/1/quote",
    "ACT": REP + "/activity/recommendation",
}


def expand(update: str) -> str:
    for name, iri in NODES.items():
        update = update.replace(f"«{name}»", f"<{iri}>")
    assert "«" not in update, update
    return PREFIXES + update


@pytest.fixture(scope="session")
def valid_graph() -> Graph:
    """valid.ttl plus the ontology: the base every negative test breaks in one place."""
    return load_rdf([DATA / "valid.ttl", ONTOLOGY_FILE])


@pytest.fixture(scope="session")
def shapes_graph() -> Graph:
    return load_rdf(SHAPES_FILES)


@pytest.fixture()
def broken(valid_graph):
    """A fresh copy of the valid graph changed by a SPARQL Update (prefixes above are declared)."""
    def make(update: str) -> Graph:
        g = Graph()
        g += valid_graph
        g.update(expand(update))
        return g
    return make
