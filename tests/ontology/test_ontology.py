"""The hand-edited ontology: metadata, the terms other modules rely on, alignments, and DL hygiene."""

from __future__ import annotations

import csv

import pytest
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS, SKOS

from r2p_kg.config import ONTOLOGY_FILE
from tests.conftest import REFERENCE

R2P = "https://w3id.org/r2p/ontology#"
ONT = URIRef("https://w3id.org/r2p/ontology")
ID = "https://w3id.org/r2p/id/"
FABIO, DOCO, CITO = "http://purl.org/spar/fabio/", "http://purl.org/spar/doco/", "http://purl.org/spar/cito/"
ORG, PROV, OA = "http://www.w3.org/ns/org#", "http://www.w3.org/ns/prov#", "http://www.w3.org/ns/oa#"

# Names other engineers depend on: renaming one is a breaking change.
CLASSES = """Report SecretaryGeneralReport Section Subsection Passage Paragraph Footnote Hyperlink AgendaItem
Pillar AtrocityCrime Actor State RegionalOrganization SubregionalOrganization UNPrincipalOrgan
UNSubsidiaryBody UNOffice UNEntity InternationalCourt CivilSocietyOrganization GroupOfStates
ParliamentaryNetwork NonStateArmedActor IntergovernmentalOrganization Place Country Territory Region
Instrument UNDocument Resolution GeneralAssemblyResolution SecurityCouncilResolution
HumanRightsCouncilResolution Treaty Declaration PolicyAgenda CourtCase Mechanism CommissionOfInquiry
FactFindingMission SpecialProcedure UniversalPeriodicReview ProtectionOfCiviliansMandate
EarlyWarningFramework NationalMechanism FocalPoint Situation Statistic Mention""".split()
OBJECT_PROPERTIES = """agendaItem inReport section hasFootnote citedBy ibidOf adoptedBy servesPillar situationIn
relatedCrime describedIn unit place statedIn source mentions cites""".split()
DATATYPE_PROPERTIES = """number numeral letter text summary titleNote documentType sourceFile addressedToName session
councilYear pageCount ordinal symbol firstLine page markerOffset url localFile year iso3166Alpha2 value
measure period rule""".split()
CRIMES = ("genocide", "war-crimes", "ethnic-cleansing", "crimes-against-humanity")


@pytest.fixture(scope="module")
def ont() -> Graph:
    return Graph().parse(ONTOLOGY_FILE, format="turtle")


def r2p(name: str) -> URIRef:
    return URIRef(R2P + name)


def langs(g: Graph, s: URIRef, p: URIRef) -> set[str]:
    return {o.language for o in g.objects(s, p) if isinstance(o, Literal)}


def test_header_has_version_and_metadata(ont):
    assert (ONT, RDF.type, OWL.Ontology) in ont
    # The working copy is the next, unreleased version; released ones are in ontology/releases/.
    assert ont.value(ONT, OWL.priorVersion) == URIRef("https://w3id.org/r2p/ontology/0.1.0")
    assert str(ont.value(ONT, OWL.versionInfo)) == "0.2.0-dev"
    for p in (DCTERMS.title, DCTERMS.description):
        assert langs(ont, ONT, p) >= {"zh", "en"}, p
    for p in (DCTERMS.creator, DCTERMS.license, DCTERMS.created, DCTERMS.modified):
        assert ont.value(ONT, p) is not None, p


@pytest.mark.parametrize("name", CLASSES)
def test_class_declared_with_zh_en_label_and_definition(ont, name):
    assert (r2p(name), RDF.type, OWL.Class) in ont
    assert langs(ont, r2p(name), RDFS.label) >= {"zh", "en"}
    assert langs(ont, r2p(name), SKOS.definition) >= {"zh", "en"}


@pytest.mark.parametrize(("name", "kind"), [(n, OWL.ObjectProperty) for n in OBJECT_PROPERTIES]
                         + [(n, OWL.DatatypeProperty) for n in DATATYPE_PROPERTIES])
def test_property_declared_with_zh_en_label_and_definition(ont, name, kind):
    assert (r2p(name), RDF.type, kind) in ont
    assert langs(ont, r2p(name), RDFS.label) >= {"zh", "en"}
    assert langs(ont, r2p(name), SKOS.definition) >= {"zh", "en"}


def test_every_r2p_term_is_labelled_and_defined_in_zh_and_en(ont):
    terms = {s for s in ont.subjects() if isinstance(s, URIRef) and str(s).startswith("https://w3id.org/r2p/")
             and s != ONT}
    for s in terms:
        assert langs(ont, s, RDFS.label) >= {"zh", "en"}, s
        assert langs(ont, s, SKOS.definition) >= {"zh", "en"}, s


def test_no_blank_nodes_so_builds_stay_deterministic(ont):
    assert not [t for t in ont if any(isinstance(x, BNode) for x in t)]


def test_pillars(ont):
    for n in (1, 2, 3):
        p = URIRef(f"{ID}pillar/{n}")
        assert (p, RDF.type, r2p("Pillar")) in ont
        assert ont.value(p, r2p("number")) == Literal(n)
        assert (p, SKOS.inScheme, URIRef(ID + "scheme/pillars")) in ont
    labels = {str(o) for o in ont.objects(URIRef(ID + "pillar/1"), RDFS.label)}
    assert "支柱一：国家的保护责任" in labels


def test_crimes_form_a_scheme_under_the_umbrella(ont):
    umbrella = URIRef(ID + "crime/atrocity-crimes")
    scheme = URIRef(ID + "scheme/atrocity-crimes")
    assert (umbrella, RDF.type, r2p("AtrocityCrime")) in ont
    assert "暴行罪" in {str(o) for o in ont.objects(umbrella, RDFS.label)}
    assert (scheme, SKOS.hasTopConcept, umbrella) in ont
    for key in CRIMES:
        c = URIRef(f"{ID}crime/{key}")
        assert (c, RDF.type, r2p("AtrocityCrime")) in ont
        assert (c, SKOS.broader, umbrella) in ont
        assert (c, SKOS.inScheme, scheme) in ont
    labels_zh = {str(o) for key in CRIMES for o in ont.objects(URIRef(f"{ID}crime/{key}"), RDFS.label)
                 if o.language == "zh"}
    assert labels_zh == {"灭绝种族", "战争罪", "族裔清洗", "危害人类罪"}


def test_ethnic_cleansing_is_said_not_to_be_a_crime_of_its_own(ont):
    c = URIRef(ID + "crime/ethnic-cleansing")
    defs = {o.language: str(o) for o in ont.objects(c, SKOS.definition)}
    assert "not recognized as an independent crime under international law" in defs["en"]
    assert "并未被确认为一项独立罪行" in defs["zh"]


def test_never_same_as(ont):
    assert not list(ont.triples((None, OWL.sameAs, None)))


def test_wikidata_links_only_for_checked_ids(ont):
    with (REFERENCE / "wikidata.csv").open(encoding="utf-8") as fh:
        checked = {"http://www.wikidata.org/entity/" + r["wikidata"] for r in csv.DictReader(fh)
                   if r["checked"] == "yes"}
    links = {str(o) for o in ont.objects(None, SKOS.exactMatch) if "wikidata.org" in str(o)}
    assert links and links <= checked


@pytest.mark.parametrize(("s", "p", "o"), [
    (R2P + "Report", RDFS.subClassOf, FABIO + "Work"),            # a work; its text is a fabio:Report
    (R2P + "ReportText", RDFS.subClassOf, FABIO + "Report"),      # fabio:Report is Expression-level
    (R2P + "Section", RDFS.subClassOf, DOCO + "Section"),
    (R2P + "Paragraph", RDFS.subClassOf, DOCO + "Paragraph"),
    (R2P + "Footnote", RDFS.subClassOf, DOCO + "Footnote"),
    (R2P + "cites", RDFS.subPropertyOf, CITO + "cites"),
    (R2P + "Mention", RDFS.subClassOf, OA + "Annotation"),
    (R2P + "Actor", RDFS.subClassOf, PROV + "Agent"),
    (R2P + "RegionalOrganization", RDFS.subClassOf, R2P + "IntergovernmentalOrganization"),
    (R2P + "IntergovernmentalOrganization", RDFS.subClassOf, ORG + "FormalOrganization"),
    (R2P + "UNSubsidiaryBody", RDFS.subClassOf, ORG + "OrganizationalUnit"),
    (R2P + "State", RDFS.subClassOf, R2P + "Country"),
    (R2P + "State", RDFS.subClassOf, R2P + "Actor"),
    (R2P + "Territory", RDFS.subClassOf, R2P + "Country"),
    (R2P + "SecretaryGeneralReport", RDFS.subClassOf, R2P + "UNDocument"),
    (R2P + "Resolution", RDFS.subClassOf, R2P + "UNDocument"),
    (R2P + "Report", RDFS.subClassOf, R2P + "Instrument"),
    (R2P + "adoptedBy", RDFS.subPropertyOf, PROV + "wasAttributedTo"),
    (R2P + "inReport", RDFS.subPropertyOf, str(DCTERMS.isPartOf)),
    (R2P + "citedBy", OWL.inverseOf, R2P + "hasFootnote"),
])
def test_alignment(ont, s, p, o):
    assert (URIRef(s), p, URIRef(o)) in ont


def test_units_are_declared_qudt_units(ont):
    qudt_unit = URIRef("http://qudt.org/schema/qudt/Unit")
    for u in ("NUM", "PERCENT"):
        assert (URIRef("http://qudt.org/vocab/unit/" + u), RDF.type, qudt_unit) in ont
    statistic = {o.language: str(o) for o in ont.objects(r2p("Statistic"), SKOS.definition)}
    assert "0 to 100" in statistic["en"] and "PERCENT" in statistic["en"]
