"""Extraction -> RDF: shared entity IRIs across reports, no blank nodes, ontology individuals untouched."""

from __future__ import annotations

import dataclasses

import pyoxigraph as ox

from r2p_kg.extract import extract
from r2p_kg.graph import extraction_quads
from r2p_kg.iris import Iris

RDFS_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"


def _quads(report, slug: str) -> list[ox.Quad]:
    return extraction_quads(extract(dataclasses.replace(report, slug=slug)), Iris())


def test_shared_entities_keep_their_iris_across_reports(report) -> None:
    a, b = _quads(report, "one"), _quads(report, "two")
    subjects = lambda qs: {q.subject.value for q in qs}  # noqa: E731
    shared = subjects(a) & subjects(b)
    assert "https://w3id.org/r2p/id/organization/security-council" in shared
    assert "https://w3id.org/r2p/id/document/A-RES-60-1" in shared
    assert "https://w3id.org/r2p/id/country/MM" in shared
    assert not any("/report/" in s for s in shared)          # mentions and statistics are per report
    entities = "https://w3id.org/r2p/graph/entities"
    assert {q.graph_name.value for q in a} == {"https://w3id.org/r2p/graph/one", entities}
    # The shared entities are described in the entities graph, alike by both reports, and only there.
    in_entities = lambda qs: {q for q in qs if q.graph_name.value == entities}  # noqa: E731
    assert in_entities(a) == in_entities(b)
    assert not any("/report/" in q.subject.value or "/report/" in q.object.value for q in in_entities(a))
    sc = "https://w3id.org/r2p/id/organization/security-council"
    assert {q.graph_name.value for q in a if q.subject.value == sc} == {entities}


def test_a_situation_is_described_in_the_report_that_describes_it(report) -> None:
    """r2p:describedIn points at paragraphs of one report: in that report's graph, not the shared one."""
    described = [q for q in _quads(report, "one") if q.predicate.value.endswith("#describedIn")]
    assert described and all(q.graph_name.value == "https://w3id.org/r2p/graph/one" for q in described)
    assert all(q.object.value.startswith("https://w3id.org/r2p/id/report/one/paragraph/") for q in described)


def test_a_report_cannot_take_a_reserved_graph_name(report) -> None:
    import pytest

    from r2p_kg.errors import BuildError
    from r2p_kg.graph import report_quads
    with pytest.raises(BuildError, match="entities"):
        report_quads(dataclasses.replace(report, slug="entities"), Iris())


def test_no_blank_nodes(report) -> None:
    for q in _quads(report, "sg-2025"):
        assert not isinstance(q.subject, ox.BlankNode) and not isinstance(q.object, ox.BlankNode)


def test_crimes_and_pillars_are_only_pointed_at(report) -> None:
    quads = _quads(report, "sg-2025")
    described = {q.subject.value for q in quads if q.predicate.value == RDFS_LABEL}
    assert not any("/id/crime/" in s or "/id/pillar/" in s for s in described)
    objects = {q.object.value for q in quads if isinstance(q.object, ox.NamedNode)}
    assert "https://w3id.org/r2p/id/crime/genocide" in objects and "https://w3id.org/r2p/id/pillar/3" in objects


def test_every_entity_has_zh_and_en_labels(report) -> None:
    quads = _quads(report, "sg-2025")
    langs: dict[str, set[str]] = {}
    for q in quads:
        if q.predicate.value == RDFS_LABEL:
            langs.setdefault(q.subject.value, set()).add(q.object.language)
    typed = {q.subject.value for q in quads if q.predicate.value.endswith("#type")
             and "/mention/" not in q.subject.value and "/evidence/" not in q.subject.value}
    assert typed and all(langs.get(s) == {"zh", "en"} for s in typed)


def test_report_is_a_work_realized_by_its_chinese_text(report) -> None:
    from r2p_kg.graph import report_quads
    quads = report_quads(report, Iris())
    rep = "https://w3id.org/r2p/id/report/" + report.slug
    text = rep + "/text/zh"
    triples = {(q.subject.value, q.predicate.value, q.object.value) for q in quads}
    assert (text, "http://www.w3.org/1999/02/22-rdf-syntax-ns#type",
            "https://w3id.org/r2p/ontology#ReportText") in triples
    assert (text, "http://purl.org/vocab/frbr/core#realizationOf", rep) in triples
    assert (rep, "http://purl.org/vocab/frbr/core#realization", text) in triples


def test_footnote_addresses_are_data_with_their_footnote(report) -> None:
    """70 web addresses are printed in the footnotes (counted in the text by hand: F15 ... F140)."""
    from r2p_kg.graph import report_quads
    quads = report_quads(report, Iris())
    r2p = "https://w3id.org/r2p/ontology#"
    printed = {q.subject.value: q.object.value for q in quads if q.predicate.value == r2p + "printedUrl"}
    targets = {q.subject.value: q.object.value for q in quads if q.predicate.value == r2p + "linkTarget"}
    assert len(printed) == 70
    f88 = "https://w3id.org/r2p/id/report/" + report.slug + "/footnote/88/link/1"
    assert printed[f88] == "www.osce.org/hcnm" and f88 not in targets      # no scheme, not in the page's list
    f15 = "https://w3id.org/r2p/id/report/" + report.slug + "/footnote/15/link/1"
    assert printed[f15] == targets[f15] == "https://unstats.un.org/sdgs/report/2024/Goal-16/"
    f94 = [printed[s] for s in printed if "/footnote/94/" in s]
    assert not any(p.endswith(";") for p in f94)                           # punctuation is not the address
    for note in report.footnotes:
        for s in printed:
            if f"/footnote/{note.number}/" in s:
                offset = next(int(q.object.value) for q in quads
                              if q.subject.value == s and q.predicate.value == r2p + "offset")
                assert note.text[offset:offset + len(printed[s])] == printed[s]
