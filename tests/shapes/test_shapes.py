"""SHACL shapes: the valid graph conforms, and every shape rejects a graph broken for it.

A shape that rejects nothing is a defect, so ``test_every_shape_has_a_negative_case`` fails when a
named shape in shapes/ has no case in CASES.
"""

from __future__ import annotations

import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import RDF, RDFS, SH

from r2p_kg.validate import results, validate
from r2p_kg.validation.shacl import shapes_using
from tests.shapes.conftest import NODES

SHAPES_NS = "https://w3id.org/r2p/shapes#"

# (shape that must report, severity, SPARQL Update that breaks valid.ttl for it)
CASES: list[tuple[str, str, str]] = [
    # reused property shapes
    ("LabelZh_Shape", "Violation", 'DELETE DATA { «P1» rdfs:label "第 1 段"@zh }'),
    ("LabelEn_Shape", "Violation", 'DELETE DATA { «SD» rdfs:label "Sudan"@en }'),
    ("LabelForm_Shape", "Violation", 'INSERT DATA { «SD» rdfs:label "the Sudan"@en }'),
    ("DefinitionZh_Shape", "Violation",
     'DELETE { pillar:2 skos:definition ?d } WHERE { pillar:2 skos:definition ?d FILTER (LANG(?d) = "zh") }'),
    ("DefinitionEn_Shape", "Violation",
     'DELETE { crime:genocide skos:definition ?d } '
     'WHERE { crime:genocide skos:definition ?d FILTER (LANG(?d) = "en") }'),
    ("InReport_Shape", "Violation", "DELETE DATA { «H» r2p:inReport «R» }"),
    ("FirstLine_Shape", "Violation", 'DELETE DATA { «H» r2p:firstLine 30 } ; INSERT DATA { «H» r2p:firstLine "30" }'),
    ("Pages_Shape", "Violation", "DELETE DATA { «F1» r2p:page 1 }"),
    ("Number_Shape", "Violation", 'DELETE DATA { «AG» r2p:number 1 } ; INSERT DATA { «AG» r2p:number "1" }'),
    ("Title_Shape", "Violation", 'DELETE DATA { «R» dcterms:title "测试报告"@zh , "Test report"@en }'),
    ("WikidataMatch_Shape", "Violation",
     "INSERT DATA { «GA» skos:exactMatch <https://www.wikidata.org/wiki/Q47423> }"),
    # document structure
    ("Report_Shape", "Violation", "INSERT DATA { «R» r2p:pageCount 0 }"),
    ("Report_Shape", "Violation", 'INSERT DATA { «R» dcterms:language "Chinese" }'),
    ("SourceReport_Shape", "Violation", "DELETE DATA { «R» r2p:pageCount 2 }"),
    ("SecretaryGeneralReport_Shape", "Violation",
     'INSERT DATA { <https://w3id.org/r2p/id/document/A-79-1> a r2p:SecretaryGeneralReport ; '
     'rdfs:label "秘书长的报告"@zh , "report of the Secretary-General"@en }'),
    ("ParagraphNumbering_Shape", "Violation", "DELETE DATA { «P1» r2p:number 1 } ; INSERT DATA { «P1» r2p:number 3 }"),
    ("ParagraphNumbering_Shape", "Violation", "DELETE DATA { «P2» r2p:number 2 } ; INSERT DATA { «P2» r2p:number 1 }"),
    ("FootnoteNumbering_Shape", "Violation", "DELETE DATA { «F2» r2p:number 2 } ; INSERT DATA { «F2» r2p:number 5 }"),
    ("FootnoteCitation_Shape", "Violation",
     "DELETE DATA { «F1» r2p:markerOffset 12 } ; INSERT DATA { «F1» r2p:markerOffset 99 }"),
    ("FootnoteCitation_Shape", "Violation", "DELETE DATA { «P2» r2p:hasFootnote «F2» }"),
    ("FootnoteCitation_Shape", "Violation",
     "DELETE DATA { «F2» r2p:ibidOf «F1» } ; INSERT DATA { «F1» r2p:ibidOf «F2» }"),
    ("MentionSpan_Shape", "Violation",
     'DELETE DATA { «M13Q» oa:exact "苏丹" } ; INSERT DATA { «M13Q» oa:exact "南苏丹" }'),
    ("MentionSpan_Shape", "Violation",
     'DELETE DATA { «M13P» oa:end 16 } ; INSERT DATA { «M13P» oa:end 40 }'),
    ("MentionProvenance_Shape", "Violation", "INSERT DATA { «P2» r2p:mentions «SD» }"),
    ("MentionProvenance_Shape", "Violation", "INSERT DATA { «P2» r2p:cites «RES» }"),
    ("FootnoteLink_Shape", "Violation",
     'INSERT DATA { «F1» r2p:link <https://w3id.org/r2p/id/report/t/footnote/1/link/1> . '
     '<https://w3id.org/r2p/id/report/t/footnote/1/link/1> a r2p:FootnoteLink ; '
     'r2p:printedUrl "www.un.org" ; r2p:offset 2 }'),
    ("Section_Shape", "Violation", 'DELETE DATA { «S1» r2p:numeral "一" }'),
    ("Subsection_Shape", "Violation", 'DELETE DATA { «S1A» r2p:letter "A" } ; INSERT DATA { «S1A» r2p:letter "a" }'),
    ("Passage_Shape", "Violation", 'INSERT DATA { «P2» r2p:text "另一段文本"@zh }'),
    ("Passage_Shape", "Violation", 'INSERT DATA { «P2» r2p:cites «SD» }'),
    ("Paragraph_Shape", "Violation", "DELETE DATA { «P1» r2p:section «S1» }"),
    ("Footnote_Shape", "Violation", "DELETE DATA { «F1» r2p:citedBy «P1» }"),
    ("Hyperlink_Shape", "Violation", "DELETE DATA { «H» r2p:localFile false }"),
    ("AgendaItem_Shape", "Violation", "DELETE DATA { «R» r2p:agendaItem «AG» }"),
    # pillars and crimes
    ("Pillar_Shape", "Violation",
     'INSERT DATA { pillar:4 a r2p:Pillar ; r2p:number 4 ; rdfs:label "支柱四"@zh , "pillar four"@en }'),
    ("AtrocityCrime_Shape", "Violation", "DELETE DATA { crime:genocide skos:broader crime:atrocity-crimes }"),
    # actors and places
    ("Actor_Shape", "Violation", 'INSERT DATA { «GA» skos:altLabel "GA" }'),
    ("SubOrganization_Shape", "Violation", "INSERT DATA { «GA» org:subOrganizationOf «SD» }"),
    ("PostIn_Shape", "Violation", "INSERT DATA { «GA» org:postIn «SD» }"),
    ("Membership_Shape", "Violation", "INSERT DATA { «SD» org:memberOf «SAHEL» }"),
    ("Country_Shape", "Violation",
     'DELETE DATA { «SD» r2p:iso3166Alpha2 "SD" } ; INSERT DATA { «SD» r2p:iso3166Alpha2 "sd" }'),
    ("CountryCode_Shape", "Violation",
     'INSERT DATA { <https://w3id.org/r2p/id/country/SDN> a r2p:State ; r2p:iso3166Alpha2 "SD" ; '
     'rdfs:label "苏丹"@zh , "Sudan"@en }'),
    ("Region_Shape", "Violation", 'INSERT DATA { «SAHEL» r2p:iso3166Alpha2 "SA" }'),
    # instruments
    ("Instrument_Shape", "Violation", 'INSERT DATA { «RES» r2p:year "2005" }'),
    ("UNDocument_Shape", "Violation",
     'DELETE DATA { «RES» r2p:symbol "A/RES/60/1" } ; INSERT DATA { «RES» r2p:symbol "A/RES/60/1 " }'),
    ("UNDocument_Shape", "Violation",
     'INSERT DATA { <https://w3id.org/r2p/id/document/A-78-901-S-2024-434> a r2p:UNDocument ; '
     'r2p:symbol "A/78/901-S/2024/434" ; rdfs:label "A/78/901-S/2024/434"@zh , "A/78/901-S/2024/434"@en }'),
    ("DocumentIri_Shape", "Violation",
     'INSERT DATA { <https://w3id.org/r2p/id/document/A-78-902> a r2p:UNDocument ; r2p:symbol "A/78/901" ; '
     'rdfs:label "A/78/901"@zh , "A/78/901"@en }'),
    ("GeneralAssemblyResolution_Shape", "Violation",
     'INSERT DATA { <https://w3id.org/r2p/id/document/S-RES-1674-2006> a r2p:GeneralAssemblyResolution ; '
     'r2p:symbol "S/RES/1674(2006)" ; rdfs:label "第 1674(2006)号决议"@zh , "resolution 1674 (2006)"@en }'),
    ("SecurityCouncilResolution_Shape", "Violation",
     'INSERT DATA { <https://w3id.org/r2p/id/document/S-RES-1674> a r2p:SecurityCouncilResolution ; '
     'r2p:symbol "S/RES/1674" ; rdfs:label "第 1674 号决议"@zh , "resolution 1674"@en }'),
    ("HumanRightsCouncilResolution_Shape", "Violation",
     'INSERT DATA { <https://w3id.org/r2p/id/document/A-RES-44-14> a r2p:HumanRightsCouncilResolution ; '
     'r2p:symbol "A/RES/44/14" ; rdfs:label "第 44/14 号决议"@zh , "resolution 44/14"@en }'),
    # situations and statistics
    ("Situation_Shape", "Violation", "DELETE DATA { «SIT» r2p:situationIn «SD» }"),
    ("Statistic_Shape", "Violation", 'INSERT DATA { «STAT» r2p:qualifier "roughly" }'),
    ("Statistic_Shape", "Violation",
     'DELETE DATA { «STAT» r2p:value "1230000"^^xsd:decimal } ; INSERT DATA { «STAT» r2p:value 1230000 }'),
    ("Statistic_Shape", "Violation",
     "DELETE DATA { «STAT» r2p:unit unit:NUM } ; INSERT DATA { «STAT» r2p:unit unit:USD }"),
    ("Statistic_Shape", "Violation", 'DELETE DATA { «STAT» r2p:measure "displaced people"@en }'),
    ("Statistic_Shape", "Violation", "DELETE DATA { «STAT» r2p:statedIn «P2» }"),
    # provenance
    ("Mention_Shape", "Violation", 'DELETE DATA { «M13» r2p:rule "country" }'),
    ("SpecificResource_Shape", "Violation", "DELETE DATA { «M13T» oa:hasSelector «M13Q» }"),
    ("TextPositionSelector_Shape", "Violation",
     'DELETE DATA { «M13P» oa:start 14 } ; INSERT DATA { «M13P» oa:start "14"^^xsd:nonNegativeInteger }'),
    ("TextPositionSelector_Shape", "Violation",
     'DELETE DATA { «M13P» oa:start 14 } ; INSERT DATA { «M13P» oa:start -1 }'),
    ("TextQuoteSelector_Shape", "Violation", 'INSERT DATA { «M13Q» oa:exact "丹" }'),
    # claims (issue 12)
    ("Claim_Shape", "Violation", "DELETE DATA { «REC» r2p:evidence «EV1» }"),
    ("Claim_Shape", "Violation", "DELETE DATA { «REC» prov:wasGeneratedBy «ACT» }"),
    ("Claim_Shape", "Violation", "INSERT DATA { «RESP» r2p:evidence «SD» }"),
    ("ClaimEvidenceSpan_Shape", "Violation",
     'DELETE DATA { «EV2Q» oa:exact "大会第 60/1 号决议涉及苏丹和萨赫勒。" } ; '
     'INSERT DATA { «EV2Q» oa:exact "大会第 60/1 号决议涉及南苏丹和萨赫勒。" }'),
    ("Recommendation_Shape", "Violation", "DELETE DATA { «REC» r2p:modality act:calls-on }"),
    ("Recommendation_Shape", "Violation",
     "DELETE DATA { «REC» r2p:modality act:calls-on } ; INSERT DATA { «REC» r2p:modality sitmod:reported }"),
    ("Recommendation_Shape", "Violation", "DELETE DATA { «REC» r2p:addressee «GA» }"),
    ("Recommendation_Shape", "Violation", "INSERT DATA { «REC» r2p:addressee «SAHEL» }"),
    ("AddresseeDeclared_Shape", "Violation",
     "INSERT DATA { «REC» r2p:addressee <https://w3id.org/r2p/id/actor/nobody> }"),
    ("ResponsibilityStatement_Shape", "Violation", "DELETE DATA { «RESP» r2p:bearer «GA» }"),
    ("SituationClaim_Shape", "Violation", "DELETE DATA { «SITC» r2p:modality sitmod:reported }"),
    ("SituationClaim_Shape", "Violation", "INSERT DATA { «SITC» r2p:crime «SD» }"),
    ("InstrumentPillarLink_Shape", "Violation", "DELETE DATA { «LINK» r2p:pillar pillar:3 }"),
    ("MeasureClaim_Shape", "Violation",
     "DELETE DATA { «MEAS» r2p:modality <https://w3id.org/r2p/id/measure/sanctions> } ; "
     "INSERT DATA { «MEAS» r2p:modality act:urges }"),
    # recommendations (warnings)
    ("StatisticSource_Shape", "Warning", "DELETE DATA { «STAT» r2p:source «F2» }"),
    ("StatisticPeriod_Shape", "Warning", 'DELETE DATA { «STAT» r2p:period "2024"^^xsd:gYear }'),
    ("SituationLabel_Shape", "Warning",
     'INSERT DATA { <https://w3id.org/r2p/id/situation/sahel> a r2p:Situation ; r2p:situationIn «SAHEL» ; '
     'r2p:describedIn «P1» ; rdfs:label "萨赫勒局势"@zh , "situation in the Sahel"@en }'),
    ("ResolutionDetails_Shape", "Warning", 'DELETE DATA { «RES» r2p:year "2005"^^xsd:gYear }'),
    ("ParentOrganization_Shape", "Warning",
     'INSERT DATA { <https://w3id.org/r2p/id/organization/hrc> a r2p:UNSubsidiaryBody ; '
     'rdfs:label "人权理事会"@zh , "Human Rights Council"@en }'),
    ("CountryKind_Shape", "Warning", "DELETE DATA { «SD» a r2p:State } ; INSERT DATA { «SD» a r2p:Country }"),
    ("EntityProvenance_Shape", "Warning",
     'INSERT DATA { <https://w3id.org/r2p/id/region/lake-chad> a r2p:Region ; '
     'rdfs:label "乍得湖盆地"@zh , "Lake Chad Basin"@en }'),
    ("MentionShortcut_Shape", "Warning", "DELETE DATA { «P1» r2p:mentions «SAHEL» }"),
    ("UncitedSymbol_Shape", "Warning", "DELETE DATA { «F1» r2p:cites «RES» . «F2» r2p:cites «RES» }"),
    # Translations: one the project made claims to be official; a translated text without its translation.
    ("Translation_Shape", "Violation",
     'INSERT DATA { «R» r2p:hasTranslation <https://w3id.org/r2p/id/report/t/translation/en> . '
     '<https://w3id.org/r2p/id/report/t/translation/en> a r2p:Translation ; r2p:translationOf «R» ; '
     'dcterms:language "en" ; rdfs:comment "Unofficial reading"@en ; r2p:official true ; '
     '<http://www.w3.org/ns/prov#wasAttributedTo> <https://w3id.org/r2p/id/agent/r2p-kg> }'),
    ("TranslatedText_Shape", "Violation", 'INSERT DATA { «P1» r2p:translatedText "Paragraph one."@en }'),
    # meaning (issue 12)
    ("MentionBody_Shape", "Violation",
     "DELETE DATA { «M13» oa:hasBody «SD» } ; INSERT DATA { «M13» oa:hasBody <https://w3id.org/r2p/id/country/XX> }"),
    ("StatisticValue_Shape", "Violation",
     'DELETE DATA { «STAT» r2p:unit unit:NUM } ; INSERT DATA { «STAT» r2p:unit unit:PERCENT }'),
    ("StatisticValue_Shape", "Violation",
     'DELETE DATA { «STAT» r2p:value "1230000"^^xsd:decimal } ; INSERT DATA { «STAT» r2p:value "-1"^^xsd:decimal }'),
    ("StatisticValue_Shape", "Violation",
     'DELETE DATA { «STAT» r2p:value "1230000"^^xsd:decimal } ; INSERT DATA { «STAT» r2p:value "123"^^xsd:decimal }'),
    ("LanguageTag_Shape", "Violation", 'INSERT DATA { «SD» skos:altLabel "Soudan"@fr }'),
    ("DisjointClasses_Shape", "Violation", "INSERT DATA { «GA» a r2p:RegionalOrganizationBody }"),
]


def reporting_shapes(report: Graph, shapes: Graph, severity: str) -> set[str]:
    """Named shapes with a result of ``severity``; a blank property shape counts for its node shape."""
    named = set()
    for r in report.subjects(RDF.type, SH.ValidationResult):
        if str(report.value(r, SH.resultSeverity)) != str(SH) + severity:
            continue
        shape = report.value(r, SH.sourceShape)
        if not isinstance(shape, URIRef):
            shape = shapes.value(predicate=SH.property, object=shape) or shape
        named.add(str(shape).removeprefix(SHAPES_NS))
    return named


def test_valid_graph_conforms_without_warnings(valid_graph):
    conforms, report, _ = validate(valid_graph, ontology=None)
    assert conforms, [r.message for r in results(report)]
    assert results(report) == []


@pytest.mark.parametrize(("shape", "severity", "update"), CASES,
                         ids=[f"{s}-{i}" for i, (s, _, _) in enumerate(CASES)])
def test_shape_rejects_broken_graph(broken, shapes_graph, shape, severity, update):
    # Only this shape and the shapes that hold it run: the valid graph conforms to all of them.
    conforms, report, _ = validate(broken(update), shapes=shapes_graph, ontology=None,
                                   only=[SHAPES_NS + shape])
    assert shape in reporting_shapes(report, shapes_graph, severity), results(report)
    # warnings never make the data non-conforming
    assert conforms == (severity != "Violation")


def test_only_runs_a_property_shape_through_the_node_shapes_that_hold_it(shapes_graph):
    # LabelZh_Shape is held by Passage_Shape (shapes/r2p.shapes.ttl), among others; Report_Shape by none
    used = {str(s).removeprefix(SHAPES_NS) for s in shapes_using(shapes_graph, [SHAPES_NS + "LabelZh_Shape"])}
    assert {"LabelZh_Shape", "Passage_Shape"} <= used and "Paragraph_Shape" not in used
    assert shapes_using(shapes_graph, [SHAPES_NS + "Report_Shape"]) == [URIRef(SHAPES_NS + "Report_Shape")]


def test_every_shape_has_a_negative_case(shapes_graph):
    named = {str(s).removeprefix(SHAPES_NS) for kind in (SH.NodeShape, SH.PropertyShape)
             for s in shapes_graph.subjects(RDF.type, kind) if isinstance(s, URIRef)}
    assert named - {shape for shape, _, _ in CASES} == set()


def test_every_shape_is_named_labelled_and_explained(shapes_graph):
    for kind in (SH.NodeShape, SH.PropertyShape):
        for s in shapes_graph.subjects(RDF.type, kind):
            if isinstance(s, URIRef):
                assert str(s).startswith(SHAPES_NS) and str(s).endswith("_Shape"), s
                assert shapes_graph.value(s, RDFS.label) is not None, s
                assert shapes_graph.value(s, SH.message) is not None, s


def test_results_name_focus_path_and_message(broken):
    _, report, _ = validate(broken("DELETE DATA { «F1» r2p:citedBy «P1» }"), ontology=None)
    found = [r for r in results(report) if r.path == "r2p:citedBy"]
    assert found and found[0].focus == "<https://w3id.org/r2p/id/report/t/footnote/1>"
    assert "citedBy" in found[0].message and found[0].severity == "Violation"


@pytest.mark.parametrize("space", [" ", "\u00a0", "\u202f"])
@pytest.mark.parametrize(("value", "conforms"), [("37000000", True), ("3700", False), ("700", False)])
def test_a_quoted_figure_states_one_value_whatever_its_space(broken, shapes_graph, space, value, conforms):
    """"3 700 万" is 37 million with a plain, a no-break or a narrow no-break space."""
    quote = f"3{space}700 万"
    g = broken(
        'DELETE DATA { «P2» r2p:text "2024 年有 123 万人流离失所。"@zh } ; '
        f'INSERT DATA {{ «P2» r2p:text "2024 年有 {quote}人流离失所。"@zh }} ; '
        'DELETE WHERE { ?s oa:exact "123 万" } ; '
        f'INSERT {{ <{NODES["P2"]}/mention/1/quote> a oa:TextQuoteSelector ; oa:exact "{quote}" }} WHERE {{}} ; '
        f'DELETE WHERE {{ <{NODES["P2"]}/mention/1/position> oa:end ?e }} ; '
        f'INSERT DATA {{ <{NODES["P2"]}/mention/1/position> oa:end 15 }} ; '
        'DELETE WHERE { «STAT» r2p:value ?v } ; '
        f'INSERT DATA {{ «STAT» r2p:value "{value}"^^xsd:decimal }}')
    ok, report, _ = validate(g, shapes=shapes_graph, ontology=None)
    assert ok is conforms, [r.message for r in results(report)]
    if not conforms:
        assert reporting_shapes(report, shapes_graph, "Violation") == {"StatisticValue_Shape"}
