"""r2p_kg.dist: the built dataset's manifest, the folder served, and the one VoID generator that the
endpoint and the dumps share."""

from __future__ import annotations

import json

import httpx
import pyoxigraph as ox
import pytest

from r2p_kg.cli import main
from r2p_kg.dist import DUMPS, MANIFEST, Manifest, media_type, read_manifest, require_build, served_folder, void_triples
from r2p_kg.errors import ConfigError
from r2p_kg.export.dumps import export

VOID = "http://rdfs.org/ns/void#"
DCT = "http://purl.org/dc/terms/"
BASE = "http://example.org/kg/"


def test_no_manifest_is_none_and_a_broken_one_names_the_file(tmp_path):
    assert read_manifest(tmp_path) is None
    with pytest.raises(ConfigError, match="run 'r2p-kg build' first") as missing:
        require_build(tmp_path)
    assert missing.value.where == "--dist"
    (tmp_path / MANIFEST).write_text("{not json", encoding="utf-8")
    with pytest.raises(ConfigError, match="not JSON") as broken:
        read_manifest(tmp_path)
    assert broken.value.where == str(tmp_path / MANIFEST)
    (tmp_path / MANIFEST).write_text("[1, 2]", encoding="utf-8")
    with pytest.raises(ConfigError, match="not a JSON object"):
        read_manifest(tmp_path)


def test_a_manifest_without_a_base_falls_back_to_the_default(tmp_path):
    (tmp_path / MANIFEST).write_text(json.dumps({"version": "v1"}), encoding="utf-8")
    m = read_manifest(tmp_path)
    assert (m.version, m.base, m.statistics, m.files, m.reports) == ("v1", "https://w3id.org/r2p/", None, {}, [])


def test_files_are_the_folders_own(tmp_path):
    m = Manifest(tmp_path, {"files": {"r2p.nq": {"sha256": "ab", "bytes": 3},
                                      "store/CURRENT": {"sha256": "cd", "bytes": 1}}})
    assert m.files == {"r2p.nq": {"sha256": "ab", "bytes": 3}}


def test_the_served_folder_is_the_one_the_link_names_now(tmp_path):
    one, two = tmp_path / "build-1", tmp_path / "build-2"
    one.mkdir()
    two.mkdir()
    link = tmp_path / "dist"
    link.symlink_to(one)
    assert served_folder(link) == one.resolve()
    link.unlink()
    link.symlink_to(two)
    assert served_folder(link) == two.resolve()


def test_media_types_of_the_build_files():
    assert media_type("r2p.nt.gz") == "application/gzip"
    assert media_type("r2p.ttl") == "text/turtle"
    assert media_type("build.json") == "application/json"
    assert media_type("void.ttl") == "text/turtle"
    assert media_type("../etc/passwd") is None


def _hand_made_void(endpoint: str | None) -> list[ox.Triple]:
    stats = {"triples": 3, "entities": 2, "subjects": 3, "objects": 2,
             "classes": [("https://w3id.org/r2p/ontology#Paragraph", 2)],
             "properties": [("http://purl.org/dc/terms/title", 1),
                            ("http://www.w3.org/1999/02/22-rdf-syntax-ns#type", 2)],
             "graphs": [(BASE + "graph/a", 3)], "examples": [(BASE + "id/x", 1)]}
    files = {"r2p.nq": {"sha256": "00ff", "bytes": 10}}
    return void_triples(dataset=BASE + "dataset", base=BASE, version="v9", statistics=stats, files=files,
                        download=lambda name: "https://files.example/" + name,
                        reports=[{"slug": "sg-2025"}], endpoint=endpoint)


def test_void_of_a_hand_made_build():
    void = ox.Store()
    void.extend([ox.Quad(t.subject, t.predicate, t.object) for t in _hand_made_void("https://q.example/sparql")])
    ds = ox.NamedNode(BASE + "dataset")

    def values(s, p):
        return sorted(q.object.value for q in void.quads_for_pattern(s, ox.NamedNode(p), None))

    assert values(ds, VOID + "uriSpace") == [BASE + "id/"]
    assert values(ds, VOID + "triples") == ["3"]
    assert values(ds, VOID + "classes") == ["1"] and values(ds, VOID + "properties") == ["2"]
    assert values(ds, VOID + "vocabulary") == ["http://purl.org/dc/terms/",
                                               "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
                                               "https://w3id.org/r2p/ontology"]
    assert values(ds, VOID + "dataDump") == ["https://files.example/r2p.nq"]  # only the dumps present
    assert values(ds, DCT + "source") == [BASE + "id/report/sg-2025"]
    assert values(ds, VOID + "sparqlEndpoint") == ["https://q.example/sparql"]
    assert values(ox.NamedNode(BASE + "graph/a"), VOID + "triples") == ["3"]
    assert values(ds, VOID + "exampleResource") == [BASE + "id/x"]
    # the same input gives the same triples, blank nodes included (dumps are byte-identical)
    assert _hand_made_void("https://q.example/sparql") == _hand_made_void("https://q.example/sparql")
    assert not [t for t in _hand_made_void(None) if t.predicate.value == VOID + "sparqlEndpoint"]


def _void_facts(triples: list[ox.Triple], dataset: str) -> dict[str, list[str]]:
    """What the description says of the dataset itself, by predicate (IRIs that vary left out)."""
    out: dict[str, list[str]] = {}
    for t in triples:
        if t.subject.value == dataset and t.predicate.value.startswith(VOID) and isinstance(t.object, ox.Literal):
            out.setdefault(t.predicate.value[len(VOID):], []).append(t.object.value)
    return out


@pytest.mark.slow
def test_after_build_with_a_base_the_served_void_and_the_dumps_name_it(tmp_path, capsys):
    """Regression: after ``r2p-kg build --base``, ``/.well-known/void`` of ``r2p-kg serve`` named the
    default base (https://w3id.org/r2p/) from a settings registry instead of the build's."""
    from tests.web.servers import GunicornProcess

    dist = tmp_path / "dist"
    assert main(["build", "--base", BASE, "--out", str(dist)]) == 0
    capsys.readouterr()
    with GunicornProcess(dist, "--workers", "1") as srv:
        served = httpx.get(srv.url + "/.well-known/void", headers={"Accept": "application/n-triples"},
                           timeout=30)
    assert served.status_code == 200
    served_triples = list(ox.parse(served.content, format=ox.RdfFormat.N_TRIPLES))
    assert "https://w3id.org/r2p/id/" not in served.text
    facts = _void_facts(served_triples, srv.url + "/.well-known/void#dataset")
    assert facts["uriSpace"] == [BASE + "id/"]
    # the report's own facts, counted by hand: 80 paragraphs, 140 footnotes (tests/reference)
    partitions = {t.subject: t.object.value for t in served_triples if t.predicate.value == VOID + "class"}
    entities = {t.subject: int(t.object.value) for t in served_triples if t.predicate.value == VOID + "entities"}
    by_class = {cls: entities[part] for part, cls in partitions.items()}
    assert by_class["https://w3id.org/r2p/ontology#Paragraph"] == 80
    assert by_class["https://w3id.org/r2p/ontology#Footnote"] == 140
    sources = [t.object.value for t in served_triples if t.predicate.value == DCT + "source"]
    assert sources == [BASE + "id/report/sg-2025"]

    dumps = export(dist, tmp_path / "dumps")
    # the build describes its dumps with the same generator: the same bytes as the export's
    assert (dist / "void.ttl").read_bytes() == (dumps.out / "void.ttl").read_bytes()
    assert "void.ttl" in read_manifest(dist).files
    void_ttl = list(ox.parse(path=str(dumps.out / "void.ttl"), format=ox.RdfFormat.TURTLE))
    dumped = _void_facts(void_ttl, BASE + "dataset")
    assert dumped == facts  # one generator: the endpoint and the dumps say the same counts
    downloads = sorted(t.object.value for t in void_ttl if t.predicate.value == VOID + "dataDump")
    assert downloads == sorted(BASE + "dumps/" + d.file for d in DUMPS)
