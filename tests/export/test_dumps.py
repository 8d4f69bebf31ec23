"""``r2p-kg export``: every format, the VoID/DCAT description, checksums, determinism, atomicity."""

from __future__ import annotations

import gzip
import hashlib
import shutil
import subprocess
from pathlib import Path

import pyoxigraph as ox
import pytest

from r2p_kg.cli import main
from r2p_kg.config import GRAPH_LICENSE
from r2p_kg.errors import ConfigError, ExportError
from r2p_kg.export import dumps
from r2p_kg.export.dumps import export
from r2p_kg.export.void import DCAT, DUMPS, SPDX, VOID

FORMATS = {
    "r2p.nt": ox.RdfFormat.N_TRIPLES, "r2p.nq": ox.RdfFormat.N_QUADS, "r2p.trig": ox.RdfFormat.TRIG,
    "r2p.ttl": ox.RdfFormat.TURTLE, "r2p.jsonld": ox.RdfFormat.JSON_LD, "r2p.rdf": ox.RdfFormat.RDF_XML,
}


@pytest.fixture(scope="module")
def exported(built, tmp_path_factory):
    return export(built.out, tmp_path_factory.mktemp("exp") / "dumps")


def test_every_file_is_written_and_listed_in_sha256sums(exported):
    names = sorted(p.name for p in exported.out.iterdir())
    assert names == sorted([d.file for d in DUMPS] + ["void.ttl", "SHA256SUMS"])
    done = subprocess.run(["sha256sum", "--strict", "-c", "SHA256SUMS"], cwd=exported.out,
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout.count(": OK") == len(names) - 1


@pytest.mark.parametrize("name", sorted(FORMATS))
def test_each_format_holds_the_whole_graph(exported, dataset, name):
    parsed = list(ox.parse(path=str(exported.out / name), format=FORMATS[name]))
    assert {q.triple for q in parsed} == set(dataset.triples())
    if name in ("r2p.nq", "r2p.trig", "r2p.jsonld"):  # the named graphs survive
        assert {q.graph_name.value for q in parsed} == set(dataset.graph_names())


def test_gzip_is_the_n_triples_and_carries_no_timestamp(exported):
    raw = (exported.out / "r2p.nt.gz").read_bytes()
    assert gzip.decompress(raw) == (exported.out / "r2p.nt").read_bytes()
    assert raw[4:8] == b"\0\0\0\0"  # MTIME
    assert raw[3] & 0x08 == 0  # no FNAME


def test_the_export_describes_the_dumps_as_the_build_did(built, exported):
    """One VoID generator: with the default download base, the export's void.ttl is the build's."""
    assert (exported.out / "void.ttl").read_bytes() == (built.out / "void.ttl").read_bytes()


def test_two_exports_are_byte_identical(built, exported, tmp_path):
    again = export(built.out, tmp_path / "again")
    for name in [d.file for d in DUMPS] + ["void.ttl", "SHA256SUMS"]:
        assert (again.out / name).read_bytes() == (exported.out / name).read_bytes(), name


def test_void_describes_each_distribution_truthfully(exported, dataset):
    void = ox.Store()
    void.load(path=str(exported.out / "void.ttl"), format=ox.RdfFormat.TURTLE)
    rows = list(void.query(f"""
        PREFIX dcat: <{DCAT}> PREFIX spdx: <{SPDX}> PREFIX dcterms: <http://purl.org/dc/terms/>
        SELECT ?url ?type ?size ?sum ?licence WHERE {{
          ?ds dcat:distribution ?d . ?d dcat:downloadURL ?url ; dcat:mediaType ?type ; dcat:byteSize ?size ;
             dcterms:license ?licence ; spdx:checksum [ spdx:algorithm spdx:checksumAlgorithm_sha256 ;
                                                        spdx:checksumValue ?sum ] }}"""))
    assert len(rows) == len(DUMPS)
    by_file = {r["url"].value.rsplit("/", 1)[1]: r for r in rows}
    for dump in DUMPS:
        row, data = by_file[dump.file], (exported.out / dump.file).read_bytes()
        assert int(row["size"].value) == len(data)
        assert row["sum"].value == hashlib.sha256(data).hexdigest()
        assert row["type"].value.endswith("/" + dump.media_type)
        assert row["licence"].value == GRAPH_LICENSE
        assert row["url"].value == dataset.base + "dumps/" + dump.file


def test_void_names_the_report_as_source_and_counts_triples(exported, dataset):
    void = ox.Store()
    void.load(path=str(exported.out / "void.ttl"), format=ox.RdfFormat.TURTLE)
    ds = ox.NamedNode(dataset.base + "dataset")
    dct = "http://purl.org/dc/terms/"
    sources = {q.object.value for q in void.quads_for_pattern(ds, ox.NamedNode(dct + "source"), None)}
    assert sources == {dataset.base + "id/report/" + r["slug"] for r in dataset.manifest["reports"]}
    count = next(void.quads_for_pattern(ds, ox.NamedNode(VOID + "triples"), None)).object.value
    assert int(count) == len(dataset.triples())
    licence = next(void.quads_for_pattern(ds, ox.NamedNode(dct + "license"), None)).object
    assert licence.value == GRAPH_LICENSE


def test_a_failed_export_leaves_the_previous_dumps(built, tmp_path, monkeypatch):
    out = tmp_path / "dumps"
    export(built.out, out)
    before = {p.name: p.read_bytes() for p in out.iterdir()}

    def broken(*args, **kwargs):
        (args[1] / "r2p.nt").write_bytes(b"half")
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(dumps, "write_dumps", broken)
    with pytest.raises(OSError):
        export(built.out, out)
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before
    assert [p.name for p in (tmp_path / ".dumps-exports").iterdir()] == [out.resolve().name]


def test_an_altered_dump_fails_the_export_and_leaves_the_previous_dumps(built, tmp_path):
    """The export copies the build's files: one changed since the build (its checksum is not the one
    build.json lists) or gone is refused, naming it, and the dumps exported before stay."""
    dist = tmp_path / "dist"
    shutil.copytree(built.out.resolve(), dist, ignore=shutil.ignore_patterns("store", "search.sqlite"))
    out = tmp_path / "dumps"
    export(dist, out)
    before = {p.name: p.read_bytes() for p in out.iterdir()}

    with (dist / "r2p.ttl").open("ab") as ttl:
        ttl.write(b"# edited by hand\n")
    with pytest.raises(ExportError, match=r"r2p\.ttl was altered since the build") as altered:
        export(dist, out)
    assert altered.value.where == str(dist / "r2p.ttl")
    (dist / "r2p.ttl").unlink()
    with pytest.raises(ExportError, match=r"the build has no r2p\.ttl"):
        export(dist, out)

    assert {p.name: p.read_bytes() for p in out.iterdir()} == before
    assert [p.name for p in (tmp_path / ".dumps-exports").iterdir()] == [out.resolve().name]


def test_export_without_a_build_says_so(tmp_path):
    with pytest.raises(ConfigError, match="run 'r2p-kg build' first"):
        export(tmp_path / "nothing", tmp_path / "dumps")


def test_cli_export(built, tmp_path, capsys):
    assert main(["export", "--dist", str(built.out), "--out", str(tmp_path / "d"),
                 "--download-base", "https://example.org/files/"]) == 0
    assert "exported" in capsys.readouterr().out
    assert "<https://example.org/files/r2p.nt.gz>" in (tmp_path / "d" / "void.ttl").read_text()
    assert main(["export", "--dist", str(tmp_path / "none"), "--out", str(tmp_path / "e")]) == 2
    assert "run 'r2p-kg build' first" in capsys.readouterr().err
    assert not Path(tmp_path / "e").exists()
