"""A real OWL 2 DL reasoner (HermiT, through owlready2, on the system's Java) on the ontology and data.

The ontology is OWL 2 DL: HermiT loads it, finds it consistent and every class satisfiable. The
data is not OWL 2 DL as published: it has xsd:gYear and xsd:gYearMonth literals (years and periods)
and xsd:anyURI literals with non-ASCII characters, outside the OWL 2 datatype map, and HermiT
refuses it. Its DL view (those literals left out: nothing else changes) is consistent, and stops
being so when a node is put in two disjoint classes (docs/ontology.md).
"""

from __future__ import annotations

import shutil

import pytest
from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import RDF

from r2p_kg.config import ONTOLOGY_FILE
from r2p_kg.validate import load_rdf
from tests.conftest import need

try:
    import owlready2
except ImportError:          # a test dependency (pyproject.toml [test]); required in CI
    owlready2 = None

R2P = Namespace("https://w3id.org/r2p/ontology#")
XSD = Namespace("http://www.w3.org/2001/XMLSchema#")
ICC = URIRef("https://w3id.org/r2p/id/organization/international-criminal-court")


@pytest.fixture(autouse=True)
def reasoner() -> None:
    need(owlready2 is not None, "owlready2 (pip install -e '.[test]') runs HermiT")
    need(shutil.which("java") is not None, "Java (Debian's openjdk-17) runs HermiT")


def outside_datatype_map(o) -> bool:
    return isinstance(o, Literal) and (o.datatype in (XSD.gYear, XSD.gYearMonth)
                                       or (o.datatype == XSD.anyURI and not str(o).isascii()))


def dl_view(g: Graph) -> Graph:
    """The graph without the literals outside the OWL 2 datatype map."""
    out = Graph()
    for t in g:
        if not outside_datatype_map(t[2]):
            out.add(t)
    return out


def hermit(g: Graph, tmp_path):
    """Run HermiT on ``g`` and return owlready2's World; raises its errors (inconsistency, refused input)."""
    path = tmp_path / "graph.owl"
    g.serialize(path, format="xml")
    world = owlready2.World()
    onto = world.get_ontology(path.as_uri()).load()
    with onto:
        owlready2.sync_reasoner_hermit(world, infer_property_values=False, debug=0)
    return world


@pytest.fixture(scope="module")
def data(built) -> Graph:
    return load_rdf([built.out / "r2p.nq", ONTOLOGY_FILE])


def test_ontology_is_consistent_with_every_class_satisfiable(tmp_path) -> None:
    world = hermit(Graph().parse(ONTOLOGY_FILE, format="turtle"), tmp_path)
    assert list(world.inconsistent_classes()) == []


def test_published_data_is_not_dl_because_of_its_literals(data, tmp_path) -> None:
    assert any(outside_datatype_map(o) for o in data.objects(None, R2P.year))
    with pytest.raises(owlready2.OwlReadyJavaError):
        hermit(data, tmp_path)


def test_dl_view_of_the_data_is_consistent(data, tmp_path) -> None:
    hermit(dl_view(data), tmp_path)


def test_dl_view_is_inconsistent_when_the_icc_is_made_a_un_body(data, tmp_path) -> None:
    g = dl_view(data)
    g.add((ICC, RDF.type, R2P.UNEntity))          # a related organization is outside the UN system
    with pytest.raises(owlready2.OwlReadyInconsistentOntologyError):
        hermit(g, tmp_path)
