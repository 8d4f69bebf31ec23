"""Document model (and extracted facts) -> RDF quads. The only module that knows the ontology's terms.

Each report's own statements (its document model, mentions, statistics, claims, provenance) go into
its named graph (``{base}graph/{slug}``); the entities that reports share (countries, organizations,
documents, instruments, situations...: their classes, labels, codes, links) are described in the
entities graph (``{base}graph/entities``), which every report writes alike, so that the build's
merge of sorted, de-duplicated lines keeps one description per entity and the union default graph
no duplicate triples. No blank nodes are minted, so serializations are deterministic.
"""

from __future__ import annotations

import csv
import logging
import re
from dataclasses import dataclass
from pathlib import Path

from pyoxigraph import Literal, NamedNode, Quad

from .config import SOURCE_DIR
from .errors import BuildError
from .extract.base import URL
from .extract.model import (
    INSTRUMENT_PILLAR,
    INSTRUMENT_SITUATION,
    MEASURE,
    RECOMMENDATION,
    RESPONSIBILITY,
    SITUATION_CLAIM,
    Claim,
    Extraction,
    Ref,
    Where,
)
from .iris import VOCAB_ID, Iris
from .kinds import cited_kinds, kind, ontology_kinds
from .namespaces import DATA_PREFIXES, UNIT, WD, XSD
from .report import Report
from .report.translation import Translation

log = logging.getLogger(__name__)

PREFIXES = DATA_PREFIXES  # the namespace table's (r2p_kg/namespaces.py)

_INT = NamedNode(XSD + "integer")
_BOOL = NamedNode(XSD + "boolean")
_ANYURI = NamedNode(XSD + "anyURI")
_GYM = NamedNode(XSD + "gYearMonth")


@dataclass(frozen=True)
class ReportMeta:
    """What is known about a report but not printed in its text (data/source/reports.csv)."""

    slug: str
    file: str
    year: int | None = None
    ordinal: int | None = None
    title_en: str = ""
    published: str = ""
    symbol: str = ""
    language: str = "zh"


def load_report_meta(path: Path = SOURCE_DIR / "reports.csv") -> dict[str, ReportMeta]:
    """Known facts about each source file, keyed by file name."""
    if not path.exists():
        return {}
    with path.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    return {
        r["file"]: ReportMeta(
            slug=r["slug"], file=r["file"], year=int(r["year"]) if r["year"] else None,
            ordinal=int(r["ordinal"]) if r["ordinal"] else None, title_en=r["title_en"],
            published=r["published"], symbol=r["symbol"], language=r["language"] or "zh")
        for r in rows
    }


class _Writer:
    """Collects quads for one named graph with terse helpers."""

    def __init__(self, graph: str, vocab: str) -> None:
        self.graph = NamedNode(graph)
        self.vocab = vocab
        self.quads: list[Quad] = []

    def term(self, name: str) -> NamedNode:
        if ":" in name:
            prefix, local = name.split(":", 1)
            return NamedNode((PREFIXES[prefix] if prefix != "r2p" else self.vocab) + local)
        return NamedNode(name)

    def add(self, s: str, p: str, o: NamedNode | Literal) -> None:
        self.quads.append(Quad(NamedNode(s), self.term(p), o, self.graph))

    def a(self, s: str, cls: str) -> None:
        self.add(s, "rdf:type", self.term(cls))

    def ref(self, s: str, p: str, o: str) -> None:
        self.add(s, p, NamedNode(o))

    def text(self, s: str, p: str, value: str, lang: str | None = None) -> None:
        self.add(s, p, Literal(value, language=lang) if lang else Literal(value))

    def int(self, s: str, p: str, value: int) -> None:
        self.add(s, p, Literal(str(value), datatype=_INT))


def _address(url: str) -> str:
    return re.sub(r"^https?://", "", url).rstrip("/").lower()


def footnote_links(text: str, pages: tuple[int, ...] | list[int], links) -> list[tuple[int, str, str | None]]:
    """(offset, address as printed, target IRI or None) for each web address printed in a footnote.

    The target is the printed address when it has its scheme, else the hyperlink with the same
    address listed on the footnote's pages; a trailing full stop or semicolon is punctuation.
    """
    listed: dict[str, str] = {}
    for link in links:
        if link.page in pages and not link.local:
            listed.setdefault(_address(link.url), link.url)
    out = []
    for m in URL.finditer(text):
        printed = m.group().rstrip(".;,")
        target = printed if printed.startswith(("http://", "https://")) else listed.get(_address(printed))
        if target:
            try:
                NamedNode(target)
            except ValueError:
                log.info("footnote address %r is not an IRI; kept as printed only", target)
                target = None
        out.append((m.start(), printed, target))
    return out


# Graph names under {base}graph/ that are not reports' (r2p_kg/build.py writes the ontology's).
RESERVED_SLUGS = {"entities": "the shared entities", "ontology": "the ontology"}


def report_quads(report: Report, iris: Iris, meta: ReportMeta | None = None) -> list[Quad]:
    """The document structure of one report as quads in its named graph."""
    slug = report.slug
    if slug in RESERVED_SLUGS:
        raise BuildError(f"report slug {slug!r} would name the graph {iris.graph(slug)}, kept for "
                         f"{RESERVED_SLUGS[slug]}: give the report another slug in data/source/reports.csv",
                         where=report.source)
    w = _Writer(iris.graph(slug), iris.vocab)
    rep = iris.report(slug)
    fm = report.front_matter
    lang = meta.language if meta else "zh"

    w.a(rep, "r2p:Report")
    w.text(rep, "dcterms:title", fm.title, lang)
    w.text(rep, "rdfs:label", fm.title, lang)
    if meta and meta.title_en:
        w.text(rep, "dcterms:title", meta.title_en, "en")
        w.text(rep, "rdfs:label", meta.title_en, "en")
    else:  # no known English title (data/source/reports.csv): say which report it is, invent nothing
        w.text(rep, "rdfs:label", f"Report {slug}", "en")
    if meta and meta.published:
        w.add(rep, "dcterms:issued", Literal(meta.published, datatype=_GYM))
    if meta and meta.ordinal:
        w.int(rep, "r2p:ordinal", meta.ordinal)
    if meta and meta.symbol:
        w.text(rep, "r2p:symbol", meta.symbol)
    w.text(rep, "dcterms:language", lang)
    # The report is a work; the text the dataset is built from is its expression in one language.
    text = iris.report_text(slug, lang)
    w.a(text, "r2p:ReportText")
    w.ref(text, "frbr:realizationOf", rep)
    w.ref(rep, "frbr:realization", text)
    w.text(text, "dcterms:language", lang)
    w.text(text, "rdfs:label", f"{fm.title}（{lang} 文本）", "zh")
    w.text(text, "rdfs:label", f"{meta.title_en if meta and meta.title_en else 'Report ' + slug} ({lang} text)", "en")
    w.text(rep, "r2p:documentType", fm.document_type, lang)
    w.text(rep, "r2p:summary", fm.summary, lang)
    if fm.title_note:
        w.text(rep, "r2p:titleNote", fm.title_note, lang)
    w.text(rep, "r2p:sourceFile", report.source)
    for body in fm.bodies:
        w.text(rep, "r2p:addressedToName", body, lang)
    if fm.session is not None:
        w.int(rep, "r2p:session", fm.session)
    if fm.council_year is not None:
        w.int(rep, "r2p:councilYear", fm.council_year)
    for item in fm.agenda_items:
        node = iris.agenda_item(slug, item.number)
        w.ref(rep, "r2p:agendaItem", node)
        w.a(node, "r2p:AgendaItem")
        w.int(node, "r2p:number", item.number)
        w.text(node, "dcterms:title", item.title, lang)
        w.text(node, "rdfs:label", f"议程项目 {item.number}", "zh")
        w.text(node, "rdfs:label", f"Agenda item {item.number}", "en")
    w.int(rep, "r2p:pageCount", report.pages)

    for sec in report.sections:
        s = iris.section(slug, sec.number)
        w.a(s, "r2p:Section")
        w.ref(s, "dcterms:isPartOf", rep)
        w.ref(s, "r2p:inReport", rep)
        w.int(s, "r2p:number", sec.number)
        w.text(s, "r2p:numeral", sec.numeral)
        w.text(s, "dcterms:title", sec.title, lang)
        w.text(s, "rdfs:label", f"{sec.numeral}. {sec.title}", lang)
        w.text(s, "rdfs:label", f"Section {sec.number}", "en")
        for sub in sec.subsections:
            u = iris.subsection(slug, sec.number, sub.letter)
            w.a(u, "r2p:Subsection")
            w.ref(u, "dcterms:isPartOf", s)
            w.ref(u, "r2p:inReport", rep)
            w.text(u, "r2p:letter", sub.letter)
            w.text(u, "dcterms:title", sub.title, lang)
            w.text(u, "rdfs:label", f"{sub.letter}. {sub.title}", lang)
            w.text(u, "rdfs:label", f"Section {sec.number}.{sub.letter}", "en")

    for para in report.paragraphs:
        p = iris.paragraph(slug, para.number)
        w.a(p, "r2p:Paragraph")
        w.int(p, "r2p:number", para.number)
        w.text(p, "r2p:text", para.text, lang)
        w.text(p, "rdfs:label", f"第 {para.number} 段", "zh")
        w.text(p, "rdfs:label", f"Paragraph {para.number}", "en")
        parent = (iris.subsection(slug, para.section, para.subsection) if para.subsection
                  else iris.section(slug, para.section))
        w.ref(p, "dcterms:isPartOf", parent)
        w.ref(p, "r2p:section", iris.section(slug, para.section))
        w.ref(p, "r2p:inReport", rep)
        w.int(p, "r2p:firstLine", para.lines[0])
        for page in para.pages:
            w.int(p, "r2p:page", page)
        for marker in para.markers:
            w.ref(p, "r2p:hasFootnote", iris.footnote(slug, marker.footnote))

    for note in report.footnotes:
        f = iris.footnote(slug, note.number)
        w.a(f, "r2p:Footnote")
        w.int(f, "r2p:number", note.number)
        w.text(f, "r2p:text", note.text, lang)
        w.text(f, "rdfs:label", f"脚注 {note.number}", "zh")
        w.text(f, "rdfs:label", f"Footnote {note.number}", "en")
        w.ref(f, "dcterms:isPartOf", rep)
        w.ref(f, "r2p:inReport", rep)
        citing = report.paragraph(note.cited_by)
        w.ref(f, "r2p:citedBy", iris.paragraph(slug, note.cited_by))
        offset = next(m.offset for m in citing.markers if m.footnote == note.number)
        w.int(f, "r2p:markerOffset", offset)
        if note.ibid_of:
            w.ref(f, "r2p:ibidOf", iris.footnote(slug, note.ibid_of))
        for k, (start, printed, target) in enumerate(footnote_links(note.text, note.pages, report.links), 1):
            link = iris.footnote_link(slug, note.number, k)
            w.ref(f, "r2p:link", link)
            w.a(link, "r2p:FootnoteLink")
            w.text(link, "r2p:printedUrl", printed)
            w.int(link, "r2p:offset", start)
            if target:
                w.ref(link, "r2p:linkTarget", target)
        w.int(f, "r2p:firstLine", note.lines[0])
        for page in note.pages:
            w.int(f, "r2p:page", page)

    per_page: dict[int, int] = {}
    for hyperlink in report.links:
        per_page[hyperlink.page] = per_page.get(hyperlink.page, 0) + 1
        h = iris.hyperlink(slug, hyperlink.page, per_page[hyperlink.page])
        w.a(h, "r2p:Hyperlink")
        w.add(h, "r2p:url", Literal(hyperlink.url, datatype=_ANYURI))
        w.int(h, "r2p:page", hyperlink.page)
        w.int(h, "r2p:firstLine", hyperlink.line)
        w.add(h, "r2p:localFile", Literal("true" if hyperlink.local else "false", datatype=_BOOL))
        w.ref(h, "r2p:inReport", rep)

    log.info("report %s: %d quads", slug, len(w.quads))
    return w.quads


# --- translations (data/translations/): unofficial readings, with their provenance ---------------

PROJECT_AGENT = VOCAB_ID + "agent/r2p-kg"
_LANGUAGE_NAMES = {"en": ("English", "英文")}


def translation_iri(report_iri: str, language: str) -> str:
    return f"{report_iri}/translation/{language}"


def translation_quads(report: Report, translation: Translation, iris: Iris) -> list[Quad]:
    """A checked translation as quads in the report's graph: one r2p:Translation node saying who made
    it and that it is unofficial, and each unit's r2p:translatedText pointing to it."""
    slug, lang = report.slug, translation.language
    w = _Writer(iris.graph(slug), iris.vocab)
    rep = iris.report(slug)
    t = translation_iri(rep, lang)
    name_en, name_zh = _LANGUAGE_NAMES.get(lang, (lang, lang))
    w.a(t, "r2p:Translation")
    w.ref(t, "r2p:translationOf", rep)
    w.ref(t, "prov:wasDerivedFrom", rep)
    w.ref(t, "prov:wasAttributedTo", PROJECT_AGENT)
    w.add(t, "r2p:official", Literal("false", datatype=_BOOL))
    w.text(t, "dcterms:language", lang)
    w.text(t, "rdfs:label", f"Unofficial {name_en} reading of report {slug}", "en")
    w.text(t, "rdfs:label", f"报告 {slug} 的非正式{name_zh}译文", "zh")
    w.text(t, "rdfs:comment", translation.notice, "en")
    if translation.headers.get("notice-zh"):
        w.text(t, "rdfs:comment", translation.headers["notice-zh"], "zh")
    title = translation.text("title", 1)
    if title is None:  # check_translation guarantees the title
        raise ValueError(f"no {lang} title for {rep}")
    w.text(t, "dcterms:title", title, lang)
    if summary := translation.text("summary", 1):
        w.text(t, "r2p:summary", summary, lang)
    if title_note := translation.text("title-note", 1):
        w.text(t, "r2p:titleNote", title_note, lang)
    w.ref(rep, "r2p:hasTranslation", t)

    def unit(iri: str, text: str | None) -> None:
        if text is None:  # check_translation guarantees a text for every unit
            raise ValueError(f"no {lang} text for {iri}")
        w.text(iri, "r2p:translatedText", text, lang)
        w.ref(iri, "r2p:hasTranslation", t)

    for sec in report.sections:
        unit(iris.section(slug, sec.number), translation.section(sec.number))
        for sub in sec.subsections:
            unit(iris.subsection(slug, sec.number, sub.letter), translation.subsection(sec.number, sub.letter))
    for para in report.paragraphs:
        unit(iris.paragraph(slug, para.number), translation.paragraph(para.number))
    for note in report.footnotes:
        unit(iris.footnote(slug, note.number), translation.footnote(note.number))
    log.info("report %s: %d quads of the %s translation", slug, len(w.quads), lang)
    return w.quads


# --- extracted facts -----------------------------------------------------------------------------

QUDT_UNIT = UNIT
WIKIDATA = WD
# Offsets are xsd:integer (their value is non-negative, as oa:start/oa:end require): stores such as
# Oxigraph fold integer subtypes to xsd:integer, and the dumps must hold what the endpoint serves.
_OFFSET = NamedNode(XSD + "integer")
_DEC = NamedNode(XSD + "decimal")
_GYEAR = NamedNode(XSD + "gYear")


def entity_iri(ref: Ref, iris: Iris) -> str:
    """The IRI of an extracted entity: shared across reports, derived from its kind (data/kinds.csv) and key."""
    return kind(ref.kind).iri(ref.key, iris)


def _period(value: str) -> Literal:
    if len(value) == 4:
        return Literal(value, datatype=_GYEAR)
    if len(value) == 7:
        return Literal(value, datatype=_GYM)
    return Literal(value)


def _passage_iri(where: Where, slug: str, iris: Iris) -> str:
    return (iris.paragraph(slug, where.number) if where.kind == "paragraph"
            else iris.footnote(slug, where.number))


def entity_quads(extraction: Extraction, iris: Iris) -> list[Quad]:
    """The shared entities a report names, in the entities graph: what they are, not where the
    report names them (the same quads whichever report names an entity; crimes and pillars are the
    ontology's). A situation's r2p:describedIn points into one report, so it is in that report's graph."""
    w = _Writer(iris.entities_graph(), iris.vocab)
    for e in extraction.entities:
        if e.kind in ontology_kinds():
            continue
        s = entity_iri(e.ref, iris)
        for cls in e.classes:
            w.a(s, f"r2p:{cls}")
        w.text(s, "rdfs:label", e.label_zh, "zh")
        w.text(s, "rdfs:label", e.label_en, "en")
        for alt in e.titles_zh:
            w.text(s, "skos:altLabel", alt, "zh")
        for alt in e.alt_en:
            w.text(s, "skos:altLabel", alt, "en")
        if e.symbol:
            w.text(s, "r2p:symbol", e.symbol)
        if e.iso2:
            w.text(s, "r2p:iso3166Alpha2", e.iso2)
        if e.year:
            w.add(s, "r2p:year", Literal(str(e.year), datatype=_GYEAR))
        if e.parent:
            link = ("dcterms:isPartOf" if e.kind != "organization"
                    else "org:postIn" if "Post" in e.classes else "org:subOrganizationOf")
            w.ref(s, link, entity_iri(e.parent, iris))
        if e.part_of:
            w.ref(s, "dcterms:isPartOf", entity_iri(e.part_of, iris))
        if e.organ:
            w.ref(s, "r2p:adoptedBy", entity_iri(e.organ, iris))
        if e.wikidata:
            w.ref(s, "skos:exactMatch", WIKIDATA + e.wikidata)
        for n in e.pillars:
            w.ref(s, "r2p:servesPillar", iris.pillar(n))
        if e.place:
            w.ref(s, "r2p:situationIn", entity_iri(e.place, iris))
    return w.quads


def extraction_quads(extraction: Extraction, iris: Iris) -> list[Quad]:
    """Extracted facts as quads: the report's mentions (Web Annotations with text selectors),
    statistics and claims in its graph, the entities they name in the entities graph (:func:`entity_quads`).

    Every mention becomes ``{passage}/mention/{k}`` (k in text order within the passage) with a
    SpecificResource target holding a TextPositionSelector and a TextQuoteSelector; the shortcuts
    ``r2p:mentions`` and (for documents and instruments) ``r2p:cites`` link the passage to the entity.
    """
    slug = extraction.report
    w = _Writer(iris.graph(slug), iris.vocab)

    def iri(ref: Ref) -> str:
        return entity_iri(ref, iris)

    for e in extraction.entities:
        for where in () if e.kind in ontology_kinds() else e.described_in:
            w.ref(iri(e.ref), "r2p:describedIn", _passage_iri(where, slug, iris))

    counters: dict[Where, int] = {}

    def annotate(where: Where, start: int, end: int, quote: str, body: str, rule: str) -> None:
        counters[where] = counters.get(where, 0) + 1
        passage = _passage_iri(where, slug, iris)
        m = iris.mention(passage, counters[where])
        target, position, selector = f"{m}/target", f"{m}/position", f"{m}/quote"
        w.a(m, "r2p:Mention")
        w.ref(m, "oa:hasBody", body)
        w.ref(m, "oa:hasTarget", target)
        w.ref(m, "oa:motivatedBy", PREFIXES["oa"] + "identifying")
        w.text(m, "r2p:rule", rule)
        w.a(target, "oa:SpecificResource")
        w.ref(target, "oa:hasSource", passage)
        w.ref(target, "oa:hasSelector", position)
        w.ref(target, "oa:hasSelector", selector)
        w.a(position, "oa:TextPositionSelector")
        w.add(position, "oa:start", Literal(str(start), datatype=_OFFSET))
        w.add(position, "oa:end", Literal(str(end), datatype=_OFFSET))
        w.a(selector, "oa:TextQuoteSelector")
        w.text(selector, "oa:exact", quote)

    cited = cited_kinds()
    for mention in extraction.mentions:
        body = iri(mention.entity)
        annotate(mention.where, mention.start, mention.end, mention.quote, body, mention.rule)
        passage = _passage_iri(mention.where, slug, iris)
        w.ref(passage, "r2p:mentions", body)
        if mention.entity.kind in cited:
            w.ref(passage, "r2p:cites", body)

    for n, st in enumerate(extraction.statistics, start=1):
        s = iris.statistic(slug, n)
        paragraph = _passage_iri(st.where, slug, iris)
        w.a(s, "r2p:Statistic")
        w.int(s, "r2p:number", n)
        w.add(s, "r2p:value", Literal(st.value, datatype=_DEC))
        w.ref(s, "r2p:unit", QUDT_UNIT + st.unit)
        w.text(s, "r2p:measure", st.measure_zh, "zh")
        w.text(s, "r2p:measure", st.measure_en, "en")
        w.text(s, "rdfs:label", f"{st.measure_zh}：{st.quote}", "zh")
        w.text(s, "rdfs:label", f"{st.measure_en}: {st.value}" + (" %" if st.unit == "PERCENT" else ""), "en")
        if st.qualifier:
            w.text(s, "r2p:qualifier", st.qualifier)
        if st.period:
            w.add(s, "r2p:period", _period(st.period))
        for place in st.places:
            w.ref(s, "r2p:place", iri(place))
        w.ref(s, "r2p:statedIn", paragraph)
        if st.footnote:
            w.ref(s, "r2p:source", iris.footnote(slug, st.footnote))
        annotate(st.where, st.start, st.end, st.quote, s, st.rule)

    claim_quads(w, extraction, iris)
    shared = entity_quads(extraction, iris)
    log.info("report %s: %d quads of extracted facts, %d of shared entities", slug, len(w.quads), len(shared))
    return w.quads + shared


# --- claims --------------------------------------------------------------------------------------

# kind -> (class, modality scheme path under VOCAB_ID, zh name, en name)
CLAIM_CLASSES = {
    RECOMMENDATION: ("Recommendation", "speech-act", "建议", "Recommendation"),
    RESPONSIBILITY: ("ResponsibilityStatement", None, "责任陈述", "Responsibility statement"),
    SITUATION_CLAIM: ("SituationClaim", "situation-modality", "局势陈述", "Situation claim"),
    INSTRUMENT_PILLAR: ("InstrumentPillarLink", None, "文书与支柱的联系", "Instrument-pillar link"),
    INSTRUMENT_SITUATION: ("InstrumentSituationLink", None, "文书与局势的联系", "Instrument-situation link"),
    MEASURE: ("MeasureClaim", "measure", "措施", "Measure"),
}
# Rule name -> what the activity that ran it did (zh, en).
RULE_LABELS = {
    "recommendation": ("抽取呼吁、鼓励、邀请等言语行为及“应”句", "extraction of speech acts and 'should' sentences"),
    "recommendation-area": ("抽取列举的行动领域", "extraction of enumerated areas of action"),
    "responsibility": ("抽取支柱责任的表述", "extraction of statements of pillar responsibilities"),
    "situation": ("按句抽取局势、罪行和情态", "per-sentence extraction of situations, crimes and modality"),
    "instrument-pillar": ("按句抽取文书与支柱的联系", "per-sentence extraction of instrument-pillar links"),
    "instrument-pillar-paragraph": ("按段抽取文书与唯一支柱的联系",
                                    "extraction of instrument-pillar links in a single-pillar paragraph"),
    "instrument-situation": ("按句抽取文书与局势的联系", "per-sentence extraction of instrument-situation links"),
    "measure": ("抽取移交、制裁和临时措施", "extraction of referrals, sanctions and provisional measures"),
}


def modality_iri(kind: str, key: str) -> str:
    """The SKOS concept of a claim's modality (declared in the ontology, fixed IRIs)."""
    scheme = CLAIM_CLASSES[kind][1]
    if scheme is None:
        raise ValueError(f"claims of kind {kind!r} have no modality")
    return f"{VOCAB_ID}{scheme}/{key}"


def claim_quads(w: _Writer, extraction: Extraction, iris: Iris) -> None:
    """Each claim as ``{report}/claim/{n}``: its class, fields, evidence spans and the activity that made it.

    Evidence ``{claim}/evidence/{k}`` is an oa:SpecificResource on the passage with a
    TextPositionSelector and a TextQuoteSelector, like a mention's target: k = 1 (r2p:evidence) is the
    sentence that states the claim, further ones (r2p:furtherEvidence) sentences it depends on.
    """
    slug = extraction.report
    rep = iris.report(slug)
    activities: set[str] = set()
    for n, c in enumerate(extraction.claims, start=1):
        cls, _, zh, en = CLAIM_CLASSES[c.kind]
        s = f"{rep}/claim/{n}"
        w.a(s, f"r2p:{cls}")
        w.int(s, "r2p:number", n)
        w.ref(s, "r2p:inReport", rep)
        w.text(s, "rdfs:label", f"{zh} {n}（第 {c.where.number} 段）", "zh")
        w.text(s, "rdfs:label", f"{en} {n} (paragraph {c.where.number})", "en")
        activity = f"{rep}/activity/{c.rule}"
        w.ref(s, "prov:wasGeneratedBy", activity)
        if activity not in activities:
            activities.add(activity)
            label_zh, label_en = RULE_LABELS.get(c.rule, (c.rule, c.rule))
            w.a(activity, "prov:Activity")
            w.text(activity, "rdfs:label", label_zh, "zh")
            w.text(activity, "rdfs:label", label_en, "en")
            w.text(activity, "r2p:ruleName", c.rule)
            w.ref(activity, "prov:used", rep)
        for k, span in enumerate(c.evidence, start=1):
            passage = _passage_iri(span.where, slug, iris)
            ev = f"{s}/evidence/{k}"
            w.ref(s, "r2p:evidence" if k == 1 else "r2p:furtherEvidence", ev)
            w.ref(s, "prov:wasDerivedFrom", passage)
            w.a(ev, "oa:SpecificResource")
            w.ref(ev, "oa:hasSource", passage)
            w.ref(ev, "oa:hasSelector", f"{ev}/position")
            w.ref(ev, "oa:hasSelector", f"{ev}/quote")
            w.a(f"{ev}/position", "oa:TextPositionSelector")
            w.add(f"{ev}/position", "oa:start", Literal(str(span.start), datatype=_OFFSET))
            w.add(f"{ev}/position", "oa:end", Literal(str(span.end), datatype=_OFFSET))
            w.a(f"{ev}/quote", "oa:TextQuoteSelector")
            w.text(f"{ev}/quote", "oa:exact", span.quote)
        _claim_fields(w, s, c, iris)


def _claim_fields(w: _Writer, s: str, c: Claim, iris: Iris) -> None:
    if c.modality:
        w.ref(s, "r2p:modality", modality_iri(c.kind, c.modality))
    for p, refs in (("r2p:speaker", (c.speaker,)), ("r2p:addressee", c.addressees), ("r2p:involves", c.involves),
                    ("r2p:bearer", (c.bearer,)), ("r2p:instrument", c.instruments), ("r2p:madeIn", (c.made_in,)),
                    ("r2p:situation", (c.situation,)), ("r2p:affectedGroup", c.groups)):
        for ref in refs:
            if ref is not None:
                w.ref(s, p, entity_iri(ref, iris))
    for n in c.pillars:
        w.ref(s, "r2p:pillar", iris.pillar(n))
    for crime in c.crimes:
        w.ref(s, "r2p:crime", iris.crime(crime))
