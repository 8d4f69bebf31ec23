"""Pinned releases of the shapes and the ontology: immutable copies, version IRIs, and how --shapes
and --ontology select a version, a file, or the IRI of a bundled release (never fetched)."""

from __future__ import annotations

import hashlib
import json

import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import OWL

from r2p_kg.cli import main
from r2p_kg.config import ONTOLOGY_FILE, SHAPES_DIR
from r2p_kg.errors import ConfigError
from r2p_kg.validation import releases
from r2p_kg.validation.releases import released, resolve, working_copy

from .conftest import DATA

BAD = DATA / "downstream" / "bad.ttl"
FOLDERS = [SHAPES_DIR / "releases" / "0.1.0", ONTOLOGY_FILE.parent / "releases" / "0.1.0"]


@pytest.mark.parametrize("folder", FOLDERS, ids=["shapes", "ontology"])
def test_released_files_are_unchanged(folder):
    """A release is immutable: its files match the SHA256SUMS written when it was made."""
    sums = dict(reversed(line.split("  ", 1)) for line in (folder / "SHA256SUMS").read_text().splitlines())
    assert sorted(sums) == sorted(p.name for p in folder.glob("*.ttl"))
    for name, digest in sums.items():
        assert hashlib.sha256((folder / name).read_bytes()).hexdigest() == digest, name


def test_each_release_file_states_its_version_iri():
    expected = {"r2p.shapes.ttl": ("https://w3id.org/r2p/shapes", "https://w3id.org/r2p/shapes/0.1.0"),
                "r2p.warnings.ttl": ("https://w3id.org/r2p/shapes/warnings",
                                     "https://w3id.org/r2p/shapes/warnings/0.1.0"),
                "r2p.ttl": ("https://w3id.org/r2p/ontology", "https://w3id.org/r2p/ontology/0.1.0")}
    for folder in FOLDERS:
        for f in folder.glob("*.ttl"):
            g = Graph().parse(f)
            ont, version_iri = expected[f.name]
            assert g.value(URIRef(ont), OWL.versionIRI) == URIRef(version_iri), f
            assert str(g.value(URIRef(ont), OWL.versionInfo)) == "0.1.0", f


def test_working_copies_are_the_next_version():
    for kind, main_file in (("shapes", SHAPES_DIR / "r2p.shapes.ttl"), ("ontology", ONTOLOGY_FILE)):
        g = Graph().parse(main_file)
        base = URIRef(releases.BASE_IRI[kind])
        assert g.value(base, OWL.versionIRI) is None, "an unreleased version has no version IRI"
        assert str(g.value(base, OWL.versionInfo)) == "0.2.0-dev"
        latest = released(kind)[-1]
        assert g.value(base, OWL.priorVersion) == URIRef(latest.iri)


@pytest.mark.parametrize(("spec", "version"), [
    (None, "0.2.0-dev"), ("current", "0.2.0-dev"), ("0.1.0", "0.1.0"),
    ("https://w3id.org/r2p/shapes/0.1.0", "0.1.0"), ("https://w3id.org/r2p/shapes/warnings/0.1.0", "0.1.0"),
    ("https://w3id.org/r2p/shapes", "0.2.0-dev"),
])
def test_shapes_spec_selects_a_version(spec, version):
    assert resolve("shapes", spec).version == version


def test_a_pinned_shapes_version_brings_its_ontology():
    shapes = resolve("shapes", "0.1.0")
    assert shapes.released and [p.name for p in shapes.files] == ["r2p.shapes.ttl", "r2p.warnings.ttl"]
    assert resolve("ontology", None, like=shapes).iri == "https://w3id.org/r2p/ontology/0.1.0"
    assert resolve("ontology", None, like=working_copy("shapes")).current


@pytest.mark.parametrize(("spec", "words"), [
    ("9.9.9", "no shapes release 9.9.9; there are: 0.1.0, 0.2.0-dev, current"),
    ("https://example.org/shapes/0.1.0", "is not the IRI of a bundled shapes release (IRIs are never fetched)"),
    ("missing-shapes.ttl", "missing-shapes.ttl: no such file"),
])
def test_unknown_spec_is_a_clear_error(spec, words):
    with pytest.raises(ConfigError) as err:
        resolve("shapes", spec)
    assert words in str(err.value) and err.value.where == "--shapes"


def test_cli_validates_against_the_pinned_and_the_current_shapes(capsys):
    for spec, version, iri in (("0.1.0", "0.1.0", "https://w3id.org/r2p/shapes/0.1.0"),
                               ("current", "0.2.0-dev", "https://w3id.org/r2p/shapes")):
        assert main(["validate", str(BAD), "--shapes", spec, "--format", "json"]) == 1
        data = json.loads(capsys.readouterr().out)
        assert (data["shapes"]["version"], data["shapes"]["iri"]) == (version, iri)
        assert {(r["path"], r["line"]) for r in data["results"]} == {("r2p:number", 26), ("r2p:citedBy", 69)}


def test_cli_shapes_iri_and_ontology_version(capsys):
    assert main(["validate", str(DATA / "valid.ttl"), "--shapes", "https://w3id.org/r2p/shapes/0.1.0",
                 "--ontology", "current", "--format", "sarif"]) == 0
    props = json.loads(capsys.readouterr().out)["runs"][0]["properties"]
    assert (props["shapesVersion"], props["ontologyVersion"]) == ("0.1.0", "0.2.0-dev")


def test_cli_unknown_iri_exits_2(capsys):
    assert main(["validate", str(BAD), "--shapes", "http://127.0.0.1:9/shapes"]) == 2
    assert "--shapes: http://127.0.0.1:9/shapes is not the IRI of a bundled" in capsys.readouterr().err
