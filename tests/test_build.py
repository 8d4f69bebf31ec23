"""The build: deterministic bytes, checksums, atomic replacement of dist/."""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys

import pyoxigraph as ox
import pytest

from r2p_kg import build as build_mod
from r2p_kg.build import OUTPUT_FILES, build
from r2p_kg.errors import BuildError, ConfigError, ParseError

from .conftest import REPORT_FILE


def snapshot(folder):
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def test_two_builds_give_the_same_bytes(tmp_path):
    a = build([REPORT_FILE], tmp_path / "a")
    b = build([REPORT_FILE], tmp_path / "b")
    assert snapshot(a.out) == snapshot(b.out)
    assert a.version == b.version


def test_outputs_and_checksums(built):
    names = {p.name for p in built.out.iterdir()}
    assert set(OUTPUT_FILES) | {"build.json", "SHA256SUMS"} <= names
    sums = dict(reversed(line.split("  ")) for line in (built.out / "SHA256SUMS").read_text().splitlines())
    for name, digest in sums.items():
        assert hashlib.sha256((built.out / name).read_bytes()).hexdigest() == digest
    manifest = json.loads((built.out / "build.json").read_text())
    assert manifest["version"] == sums["r2p.nq"]
    assert manifest["reports"][0]["paragraphs"] == 80 and manifest["reports"][0]["footnotes"] == 140
    lines = (built.out / "r2p.nt").read_bytes().splitlines()
    assert lines == sorted(lines) and len(lines) == len(set(lines))
    assert b"_:" not in (built.out / "r2p.nq").read_bytes()  # no blank nodes


def test_every_format_holds_the_same_graph(built):
    reference = set(ox.parse(path=str(built.out / "r2p.nq"), format=ox.RdfFormat.N_QUADS))
    for name, fmt in [("r2p.trig", ox.RdfFormat.TRIG), ("r2p.jsonld", ox.RdfFormat.JSON_LD)]:
        assert set(ox.parse(path=str(built.out / name), format=fmt)) == reference, name
    triples = {q.triple for q in reference}
    for name, fmt in [("r2p.nt", ox.RdfFormat.N_TRIPLES), ("r2p.ttl", ox.RdfFormat.TURTLE)]:
        assert {q.triple for q in ox.parse(path=str(built.out / name), format=fmt)} == triples, name


def test_document_structure_in_the_graph(built):
    store = ox.Store()
    store.bulk_load(path=str(built.out / "r2p.nq"), format=ox.RdfFormat.N_QUADS)
    q = """PREFIX r2p: <https://w3id.org/r2p/ontology#>
    SELECT ?text ?fn WHERE { GRAPH ?g {
      <https://w3id.org/r2p/id/report/sg-2025/paragraph/13> r2p:text ?text ; r2p:hasFootnote ?fn } }
    ORDER BY ?fn"""
    rows = list(store.query(q))
    assert [r["fn"].value for r in rows] == [
        "https://w3id.org/r2p/id/report/sg-2025/footnote/10",
        "https://w3id.org/r2p/id/report/sg-2025/footnote/11"]
    assert rows[0]["text"].value.startswith("保护责任的确立是为了应对未能有效防止基于身份认同")
    assert rows[0]["text"].language == "zh"


def test_failed_build_leaves_previous_output(tmp_path):
    out = tmp_path / "dist"
    first = build([REPORT_FILE], out)
    before = snapshot(out)
    target = out.resolve()
    bad = tmp_path / "bad.txt"
    bad.write_text("not a report\n", encoding="utf-8")
    with pytest.raises(ParseError):
        build([bad], out)
    with pytest.raises(ConfigError):
        build([REPORT_FILE], out, base="not-an-iri")
    with pytest.raises(BuildError, match="not found"):
        build([tmp_path / "missing.txt"], out)
    assert out.resolve() == target and snapshot(out) == before
    assert first.version == json.loads((out / "build.json").read_text())["version"]


def test_failure_while_writing_leaves_previous_output(tmp_path, monkeypatch):
    out = tmp_path / "dist"
    build([REPORT_FILE], out)
    before = snapshot(out)
    real = build_mod.serialize_nquads

    def half_written(nquads, folder):
        real(nquads, folder)
        (folder / "r2p.nq").write_bytes(b"truncated")
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(build_mod, "serialize_nquads", half_written)
    with pytest.raises(OSError):
        build([REPORT_FILE], out)
    assert snapshot(out) == before
    builds = list((tmp_path / ".dist-builds").glob("build-*"))
    assert len(builds) == 1  # the failed build's folder was removed


def test_build_replaces_a_plain_folder(tmp_path):
    out = tmp_path / "dist"
    out.mkdir()
    (out / "old.txt").write_text("old")
    build([REPORT_FILE], out)
    assert out.is_symlink() and (out / "build.json").is_file()


def test_cli_build(tmp_path):
    proc = subprocess.run([sys.executable, "-m", "r2p_kg.cli", "build", "--out", str(tmp_path / "d")],
                          capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    assert "3" in proc.stdout and "quads" in proc.stdout


def test_corpus_builds_in_parallel_with_the_same_bytes(tmp_path, report):
    from r2p_kg.synthetic import write_corpus
    paths = write_corpus(report, 3, tmp_path / "corpus", seed=11)
    one = build(paths, tmp_path / "one", workers=1)
    two = build(paths, tmp_path / "two", workers=2)
    assert snapshot(one.out) == snapshot(two.out)
    assert [r.slug for r in two.reports] == ["synthetic-0001", "synthetic-0002", "synthetic-0003"]
    assert {"parse+extract", "serialize", "total"} <= set(two.timings)


def test_a_violation_in_one_report_of_a_corpus_fails_the_build(tmp_path, report):
    from r2p_kg.build import check_shared_entities
    a = b'<https://w3id.org/r2p/id/country/MM> <http://www.w3.org/2000/01/rdf-schema#label> "Myanmar"@en <https://w3id.org/r2p/graph/a> .\n'
    b = b'<https://w3id.org/r2p/id/country/MM> <http://www.w3.org/2000/01/rdf-schema#label> "Burma"@en <https://w3id.org/r2p/graph/b> .\n'
    check_shared_entities([a, a])
    with pytest.raises(BuildError, match="country/MM> is described differently by report 1 and report 2"):
        check_shared_entities([a, b])
