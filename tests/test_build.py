"""The build: deterministic bytes, checksums, atomic replacement of dist/."""

from __future__ import annotations

import dataclasses
import hashlib
import itertools
import json
import random
import subprocess
import sys

import pyoxigraph as ox
import pytest

from r2p_kg import build as build_mod
from r2p_kg.build import OUTPUT_FILES, build
from r2p_kg.errors import BuildError, ConfigError, ParseError

from .conftest import REPORT_FILE


def snapshot(folder):
    """Every file of a build (the store/ index is not byte-deterministic: checked on its own)."""
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file()}


def test_two_builds_give_the_same_bytes(tmp_path, built):
    # validation reads the data and writes nothing: the builds here skip it, the session's did not
    a = build([REPORT_FILE], tmp_path / "a", validate=False)
    b = build([REPORT_FILE], tmp_path / "b", validate=False)
    assert snapshot(a.out) == snapshot(b.out)
    assert a.version == b.version == built.version


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
    first = build([REPORT_FILE], out, validate=False)  # these tests are about files, not meaning
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
    build([REPORT_FILE], out, validate=False)
    before = snapshot(out)
    real = build_mod.write_formats

    def half_written(folder):
        real(folder)
        (folder / "r2p.nq").write_bytes(b"truncated")
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(build_mod, "write_formats", half_written)
    with pytest.raises(OSError):
        build([REPORT_FILE], out, validate=False)
    assert snapshot(out) == before
    builds = list((tmp_path / ".dist-builds").glob("build-*"))
    assert len(builds) == 1  # the failed build's folder was removed


def test_build_replaces_a_plain_folder(tmp_path):
    out = tmp_path / "dist"
    out.mkdir()
    (out / "old.txt").write_text("old")
    build([REPORT_FILE], out, validate=False)
    assert out.is_symlink() and (out / "build.json").is_file()


def test_cli_build(tmp_path):
    proc = subprocess.run([sys.executable, "-m", "r2p_kg.cli", "build", "--out", str(tmp_path / "d")],
                          capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    quads = len((tmp_path / "d" / "r2p.nq").read_bytes().splitlines())
    version = json.loads((tmp_path / "d" / "build.json").read_text())["version"]
    assert f": {quads} quads from 1 report(s), version {version[:12]} (" in proc.stdout


def test_corpus_builds_in_parallel_with_the_same_bytes(tmp_path, report):
    from r2p_kg.synthetic import write_corpus
    paths = write_corpus(report, 3, tmp_path / "corpus", seed=11)
    one = build(paths, tmp_path / "one", workers=1, validate=False)
    two = build(paths, tmp_path / "two", workers=2, validate=False)
    assert snapshot(one.out) == snapshot(two.out)
    assert [r.slug for r in two.reports] == ["synthetic-0001", "synthetic-0002", "synthetic-0003"]
    assert {"parse+extract", "serialize", "total"} <= set(two.timings)


def test_a_violation_in_one_report_of_a_corpus_fails_the_build(tmp_path, report):
    from r2p_kg.build import SharedEntities, identity

    def check_shared_entities(descriptions):
        shared = SharedEntities()
        for desc in descriptions:
            shared.add(desc)
    label = b"<https://w3id.org/r2p/id/country/MM> <http://www.w3.org/2000/01/rdf-schema#label> "
    a = label + b'"Myanmar"@en <https://w3id.org/r2p/graph/a> .\n'
    b = label + b'"Burma"@en <https://w3id.org/r2p/graph/b> .\n'
    a, b = (identity(ox.parse(x, format=ox.RdfFormat.N_QUADS)) for x in (a, b))
    check_shared_entities([a, a])
    expected = ("country/MM> is described differently by report 1 and report 2 of the corpus: <https://"
                'w3id.org/r2p/id/country/MM> <http://www.w3.org/2000/01/rdf-schema#label> "Burma"@en')
    with pytest.raises(BuildError, match=expected):
        check_shared_entities([a, b])


def test_a_conflict_between_reports_fails_the_corpus_build(tmp_path, report, monkeypatch):
    """Each worker returns its report's identity description; the parent compares them."""
    from r2p_kg.synthetic import write_corpus
    paths = write_corpus(report, 2, tmp_path / "corpus", seed=11)
    real, calls = build_mod.identity, itertools.count(1)

    def renamed(quads):  # the second report labels one shared entity differently
        desc = real(quads)
        if next(calls) == 2:
            subject = min(desc)
            desc[subject] |= {f'<{subject}> <http://www.w3.org/2000/01/rdf-schema#label> "X"'}
        return desc
    monkeypatch.setattr(build_mod, "identity", renamed)
    with pytest.raises(BuildError, match="is described differently by report 1 and report 2"):
        build(paths, tmp_path / "dist", workers=1)
    assert not (tmp_path / "dist").exists()
    assert list((tmp_path / ".dist-builds").glob("build-*")) == []


def test_the_store_holds_exactly_the_nquads(built):
    """store/ is an Oxigraph store of r2p.nq that several processes can open read-only at once."""
    store = built.out / "store"
    assert store.is_dir() and "store" not in (built.out / "SHA256SUMS").read_text()
    assert "store" not in json.loads((built.out / "build.json").read_text())["files"]
    assert not (built.out / build_mod.PARTS_DIR).exists()
    code = ("import sys, time, pyoxigraph as ox; s = ox.Store.read_only(sys.argv[1]); "
            "print(len(s), flush=True); time.sleep(1)")
    procs = [subprocess.Popen([sys.executable, "-c", code, str(store)], stdout=subprocess.PIPE, text=True)
             for _ in range(2)]
    assert [p.communicate()[0].strip() for p in procs] == [str(built.quads)] * 2
    disk = ox.Store.read_only(str(store))
    memory = ox.Store()
    memory.bulk_load(path=str(built.out / "r2p.nq"), format=ox.RdfFormat.N_QUADS)
    assert set(disk) == set(memory) and len(disk) == built.quads
    q = "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s a ?t } } GROUP BY ?g ORDER BY ?g"
    assert [tuple(r) for r in disk.query(q)] == [tuple(r) for r in memory.query(q)]


def test_the_build_keeps_report_summaries(built):
    (summary,) = built.reports
    assert (summary.slug, summary.paragraphs, summary.footnotes) == ("sg-2025", 80, 140)
    manifest = json.loads((built.out / "build.json").read_text())
    assert manifest["reports"] == [dataclasses.asdict(summary)]


def test_merge_sorted_in_rounds_equals_one_sort(tmp_path, monkeypatch):
    """Part files merge into sorted, de-duplicated lines, in rounds when there are many."""
    rng = random.Random(7)
    words = [f'<http://x/{rng.randrange(60)}> <http://p> "{rng.randrange(9)}" .'.encode() for _ in range(500)]
    parts = []
    for k in range(13):
        part = tmp_path / f"{k}.nq"
        part.write_bytes(b"".join(w + b"\n" for w in sorted(set(rng.sample(words, 40)))))
        parts.append(part)
    expected = sorted({line for p in parts for line in p.read_bytes().splitlines()})
    monkeypatch.setattr(build_mod, "FAN_IN", 3)
    assert build_mod.merge_sorted(parts, tmp_path / "out") == len(expected)
    assert (tmp_path / "out").read_bytes().splitlines() == expected
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([p.name for p in parts] + ["out"])
