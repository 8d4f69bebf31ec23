"""Quality checks (queries/qc/*.rq): no rows on ontology + built data; rows on a graph broken for each."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest

from r2p_kg.config import ONTOLOGY_FILE, QUERIES_DIR

QC = sorted((QUERIES_DIR / "qc").glob("*.rq"))
PREFIXES = """@prefix r2p: <https://w3id.org/r2p/ontology#> .
@prefix owl: <http://www.w3.org/2002/07/owl#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix crime: <https://w3id.org/r2p/id/crime/> .
@prefix ex: <https://example.org/> .
"""
# qc file -> Turtle that, added to the ontology, must make it return rows
BROKEN = {
    "missing-labels.rq": 'r2p:Orphan a owl:Class ; rdfs:label "orphan"@en ; skos:definition "x"@en , "x"@zh .',
    "missing-definitions.rq": 'r2p:Orphan a owl:Class ; rdfs:label "orphan"@en , "孤儿"@zh .',
    "undeclared-classes.rq": "ex:x a ex:Undeclared .",
    "undeclared-properties.rq": "ex:x ex:undeclared 1 .",
    "unknown-r2p-terms.rq": "ex:x a r2p:Paragrah .",
    "property-kind-mismatch.rq": 'ex:x r2p:hasFootnote "1" .',
    "ambiguous-property-kinds.rq": "r2p:number a owl:ObjectProperty .",
    "sameas.rq": "crime:genocide owl:sameAs crime:ethnic-cleansing .",
    "unchecked-wikidata.rq": "ex:x skos:exactMatch <http://www.wikidata.org/entity/Q1> .",
}


def rows(store: ox.Store, path: Path) -> list:
    return list(store.query(path.read_text(encoding="utf-8"), use_default_graph_as_union=True))


@pytest.fixture(scope="module")
def built_store(built) -> ox.Store:
    store = ox.Store()
    store.bulk_load(path=str(built.out / "r2p.nq"), format=ox.RdfFormat.N_QUADS)
    return store


def test_there_are_quality_checks():
    assert len(QC) >= 8


@pytest.mark.parametrize("path", QC, ids=[p.name for p in QC])
def test_qc_finds_nothing_on_ontology_and_built_data(built_store, path):
    found = rows(built_store, path)
    assert found == [], f"{path.name}: {found[:10]}"


@pytest.mark.parametrize("path", QC, ids=[p.name for p in QC])
def test_qc_catches_its_problem(path):
    assert path.name in BROKEN, f"add a broken graph for {path.name} to BROKEN"
    store = ox.Store()
    store.load(path=str(ONTOLOGY_FILE), format=ox.RdfFormat.TURTLE)
    store.load((PREFIXES + BROKEN[path.name]).encode(), format=ox.RdfFormat.TURTLE)
    assert rows(store, path), f"{path.name} returned nothing on a graph broken for it"


@pytest.mark.parametrize("path", QC, ids=[p.name for p in QC])
def test_qc_states_its_question_in_en_and_zh(path):
    head = path.read_text(encoding="utf-8").splitlines()[:6]
    assert head[0].startswith("# Question (en): ")
    assert any(line.startswith("# 问题 (zh): ") for line in head)
