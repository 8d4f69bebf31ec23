"""r2p_kg.ontology: what the code reads from the ontology, on small ontologies written for the purpose."""

from __future__ import annotations

import pytest

from r2p_kg.errors import ConfigError
from r2p_kg.ontology import load_ontology

HEAD = """@prefix : <http://example.org/o#> .
@prefix owl: <http://www.w3.org/2002/07/owl#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
"""

# A : B : C in a chain, D beside B, an individual of C and one of D, labels in two languages.
SMALL = HEAD + """
:A a owl:Class .
:B a owl:Class ; rdfs:subClassOf :A .
:C a owl:Class ; rdfs:subClassOf :B .
:D a owl:Class ; rdfs:subClassOf :A .
:c1 a :C , owl:NamedIndividual ; skos:prefLabel "c one"@en , "丙一"@zh ; skos:altLabel "other"@en .
:d1 a :D ; rdfs:label "not a prefLabel"@en .
"""
EX = "http://example.org/o#"


@pytest.fixture
def small(tmp_path):
    path = tmp_path / "small.ttl"
    path.write_text(SMALL, encoding="utf-8")
    return load_ontology(path)


def test_subclasses_are_transitive_and_strict_leaves_the_class_out(small):
    assert small.subclasses(EX + "A") == {EX + "A", EX + "B", EX + "C", EX + "D"}
    assert small.subclasses(EX + "A", strict=True) == {EX + "B", EX + "C", EX + "D"}
    assert small.subclasses(EX + "B", strict=True) == {EX + "C"}
    assert small.subclasses(EX + "C", strict=True) == set()


def test_instances_include_those_of_subclasses(small):
    assert small.instances(EX + "A") == (EX + "c1", EX + "d1")
    assert small.instances(EX + "B") == (EX + "c1",)
    assert small.instances(EX + "D") == (EX + "d1",)


def test_pref_labels_by_language(small):
    assert (small.pref_label(EX + "c1", "zh"), small.pref_label(EX + "c1", "en")) == ("丙一", "c one")
    assert small.pref_label(EX + "d1", "en") is None  # an rdfs:label is not a preferred label


def test_the_ontology_is_parsed_once_per_path(small):
    assert load_ontology(small.path) is small


def test_two_pref_labels_in_one_language_are_refused(tmp_path):
    path = tmp_path / "two.ttl"
    path.write_text(HEAD + ':x skos:prefLabel "one"@en , "two"@en .\n', encoding="utf-8")
    with pytest.raises(ConfigError, match="two skos:prefLabel in 'en'") as caught:
        load_ontology(path)
    assert caught.value.where == str(path)


@pytest.mark.parametrize("text", [None, HEAD + ":x :y"])
def test_a_missing_or_broken_file_is_a_config_error_naming_it(tmp_path, text):
    path = tmp_path / "o.ttl"
    if text is not None:
        path.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError, match="cannot read the ontology") as caught:
        load_ontology(path)
    assert caught.value.where == str(path)
