"""The English reading in the graph: r2p:translatedText @en on every unit, one r2p:Translation node
with its provenance, shapes that catch a broken one, and builds of reports without a translation."""

from __future__ import annotations

import pyoxigraph as ox
import pytest

from r2p_kg.build import graph_quads
from r2p_kg.config import SOURCE_DIR
from r2p_kg.iris import VOCAB, Iris
from r2p_kg.report import parse_report
from r2p_kg.report.translation import read_translation, translation_path
from r2p_kg.validate import VIOLATION_SHAPES, results, validate

R2P = VOCAB
BASE = "https://w3id.org/r2p/"
TRANSLATION = BASE + "id/report/sg-2025/translation/en"
PREFIX = "PREFIX r2p: <https://w3id.org/r2p/ontology#> PREFIX prov: <http://www.w3.org/ns/prov#> "


@pytest.fixture(scope="module")
def store(built):
    s = ox.Store()
    s.bulk_load(path=str(built.out / "r2p.nq"), format=ox.RdfFormat.N_QUADS)
    return s


def rows(store, query: str) -> list[tuple]:
    return [tuple(v.value if v is not None else None for v in r)
            for r in store.query(PREFIX + query, use_default_graph_as_union=True)]


def test_every_unit_has_one_english_text(store):
    counts = dict(rows(store, """
        SELECT ?kind (COUNT(?t) AS ?n) WHERE {
          ?u r2p:translatedText ?t ; a ?kind ; r2p:hasTranslation ?tr .
          FILTER(lang(?t) = "en") FILTER(?kind IN (r2p:Paragraph, r2p:Footnote, r2p:Section, r2p:Subsection))
        } GROUP BY ?kind"""))
    assert {k.rsplit("#")[-1]: int(v) for k, v in counts.items()} == {
        "Paragraph": 80, "Footnote": 140, "Section": 5, "Subsection": 9}
    # The Chinese text stays the one r2p:text of each passage.
    assert rows(store, "SELECT (COUNT(*) AS ?n) WHERE { ?p r2p:text ?t FILTER(lang(?t) != 'zh') }") == [("0",)]


def test_paragraph_21_english_reading_is_the_files(store):
    expected = read_translation(translation_path("sg-2025")).paragraph(21)
    got = rows(store, """SELECT ?t WHERE { ?p a r2p:Paragraph ; r2p:number 21 ; r2p:translatedText ?t
                                          FILTER(lang(?t) = "en") }""")
    assert got == [(expected,)]
    assert "37 million in 2005" in expected


def test_translation_node_says_who_and_that_it_is_unofficial(store):
    got = rows(store, f"""
        SELECT ?report ?agent ?official ?lang ?comment ?summary WHERE {{
          <{TRANSLATION}> a r2p:Translation ; r2p:translationOf ?report ; prov:wasAttributedTo ?agent ;
             r2p:official ?official ; <http://purl.org/dc/terms/language> ?lang ;
             <http://www.w3.org/2000/01/rdf-schema#comment> ?comment ; r2p:summary ?summary .
          FILTER(lang(?comment) = "en")
          ?report r2p:hasTranslation <{TRANSLATION}> }}""")
    assert len(got) == 1
    report, agent, official, lang, comment, summary = got[0]
    assert report == BASE + "id/report/sg-2025"
    assert agent == "https://w3id.org/r2p/id/agent/r2p-kg"
    assert official == "false" and lang == "en"
    assert comment.startswith("Unofficial English reading") and "not the English version" in comment
    assert "resolution 75/277" in summary
    notices = {r[0] for r in rows(store, f"""SELECT ?c WHERE {{
        <{TRANSLATION}> <http://www.w3.org/2000/01/rdf-schema#comment> ?c FILTER(lang(?c) = "zh") }}""")}
    assert notices == {"本英文译文为 r2p-kg 项目根据中文文本所作的非正式译文，并非联合国发布的英文本。"}
    # The agent is described (labels in both languages) in the ontology graph.
    labels = {r[0] for r in rows(store, """SELECT ?l WHERE {
        <https://w3id.org/r2p/id/agent/r2p-kg> <http://www.w3.org/2000/01/rdf-schema#label> ?l }""")}
    assert labels == {"r2p-kg project", "r2p-kg 项目"}


def _translation_subgraph(store) -> list[ox.Quad]:
    """The translation node, the report's type and two translated paragraphs with their links."""
    keep = {TRANSLATION, BASE + "id/report/sg-2025", BASE + "id/report/sg-2025/paragraph/1",
            BASE + "id/report/sg-2025/paragraph/2"}
    out = [q for q in store.quads_for_pattern(None, None, None, None)
           if q.subject.value in keep and q.predicate.value in (
               R2P + "translatedText", R2P + "hasTranslation", R2P + "translationOf", R2P + "official",
               "http://www.w3.org/ns/prov#wasAttributedTo", "http://purl.org/dc/terms/language",
               "http://www.w3.org/2000/01/rdf-schema#comment", "http://www.w3.org/1999/02/22-rdf-syntax-ns#type")]
    return out


def _violations(quads, focus_suffix: str) -> list[str]:
    """Violations of the translation shapes at the focus node (the subgraph lacks what other shapes want)."""
    conforms, report, _ = validate(quads, shapes=(VIOLATION_SHAPES,))
    return [r.message for r in results(report) if r.severity == "Violation" and r.focus.endswith(focus_suffix)
            and "translat" in r.message.lower()]


def test_shapes_accept_the_translation_and_catch_a_broken_one(store):
    quads = _translation_subgraph(store)
    assert len(quads) > 8
    assert _violations(quads, "translation/en>") == [] and _violations(quads, "paragraph/1>") == []
    official = ox.NamedNode(R2P + "official")
    linked = ox.NamedNode(R2P + "hasTranslation")
    broken = [ox.Quad(q.subject, q.predicate, ox.Literal("true", datatype=ox.NamedNode(
                  "http://www.w3.org/2001/XMLSchema#boolean")), q.graph_name) if q.predicate == official else q
              for q in quads
              if not (q.predicate == linked and q.subject.value.endswith("paragraph/1"))]
    assert any("r2p:official false" in m for m in _violations(broken, "translation/en>"))
    assert any("r2p:hasTranslation" in m for m in _violations(broken, "paragraph/1>"))


def test_a_report_without_a_translation_builds_without_one():
    text = (SOURCE_DIR / "sg-r2p-report-2025.zh.txt").read_text(encoding="utf-8")
    other = parse_report(text, slug="other-2031")
    quads = graph_quads(other, Iris(), None)
    predicates = {q.predicate.value for q in quads}
    assert R2P + "text" in predicates
    assert R2P + "translatedText" not in predicates and R2P + "hasTranslation" not in predicates
