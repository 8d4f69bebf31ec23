"""Ontology documentation: pyLODE renders dist/ontology.html from ontology/r2p.ttl, deterministically."""

from __future__ import annotations

from r2p_kg.ontology_docs import DOCS_FILE, write_ontology_docs


def test_docs_render_every_class_in_both_languages(tmp_path):
    html = write_ontology_docs(tmp_path).read_text(encoding="utf-8")
    for text in ("R2P ontology", "保护责任本体", "atrocity crime / 暴行罪", "Secretary-General's report",
                 "statistic / 统计数据", "https://w3id.org/r2p/ontology/0.1.0"):
        assert text in html, text


def test_build_writes_the_docs_and_checksums_them(built):
    docs = built.out / DOCS_FILE
    assert docs.is_file()
    assert f"  {DOCS_FILE}" in (built.out / "SHA256SUMS").read_text()


def test_docs_are_deterministic(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    a = write_ontology_docs(tmp_path / "a")
    b = write_ontology_docs(tmp_path / "b")
    assert a.read_bytes() == b.read_bytes()
