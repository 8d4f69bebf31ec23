"""OWL RL (owlrl) closure of ontology + data: consistent for the real data, inconsistent when a node
is put in disjoint classes (so the disjointness axioms make the check mean something)."""

from __future__ import annotations

import owlrl
import pytest
from rdflib import Graph, Namespace
from rdflib.namespace import RDF

from r2p_kg.config import ONTOLOGY_FILE
from r2p_kg.validate import load_rdf

ERR = Namespace("http://www.daml.org/2002/03/agents/agent-ont#")


def inconsistencies(g: Graph) -> list[str]:
    owlrl.DeductiveClosure(owlrl.OWLRL_Semantics, axiomatic_triples=False,
                           datatype_axioms=False).expand(g)
    return sorted(str(g.value(m, ERR.error)) for m in g.subjects(RDF.type, ERR.ErrorMessage))


def test_ontology_and_built_data_are_consistent(built):
    g = load_rdf([built.out / "r2p.nq", ONTOLOGY_FILE])
    assert inconsistencies(g) == []


@pytest.fixture(scope="module")
def broken_errors() -> list[str]:
    """One closure over the ontology plus three nodes, each wrong in its own way."""
    g = Graph().parse(ONTOLOGY_FILE, format="turtle")
    g.parse(data="""
        @prefix r2p: <https://w3id.org/r2p/ontology#> .
        @prefix ex: <https://example.org/> .
        ex:state-and-org a r2p:State , r2p:RegionalOrganization .
        ex:paragraph-and-footnote a r2p:Paragraph , r2p:Footnote .
        ex:region-with-code a r2p:Region ; r2p:iso3166Alpha2 "SA" .
        ex:treaty-resolution a r2p:Treaty , r2p:SecurityCouncilResolution .
    """, format="turtle")
    return inconsistencies(g)


@pytest.mark.parametrize("node", ["state-and-org", "paragraph-and-footnote", "region-with-code",
                                  "treaty-resolution"])
def test_disjointness_is_detected(broken_errors, node):
    assert any(f"https://example.org/{node}" in e for e in broken_errors), broken_errors
