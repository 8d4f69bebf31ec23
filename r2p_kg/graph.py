"""Document model (and extracted facts) -> RDF quads. The only module that knows the ontology's terms.

Each report goes into its own named graph (``{base}graph/{slug}``). No blank nodes are minted, so
serializations are deterministic.
"""

from __future__ import annotations

import csv
import logging
from dataclasses import dataclass
from pathlib import Path

from pyoxigraph import Literal, NamedNode, Quad

from .config import SOURCE_DIR
from .iris import VOCAB, Iris
from .report import Report

log = logging.getLogger(__name__)

RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
XSD = "http://www.w3.org/2001/XMLSchema#"
DCT = "http://purl.org/dc/terms/"
PREFIXES = {
    "r2p": VOCAB,
    "rdf": RDF,
    "rdfs": RDFS,
    "xsd": XSD,
    "dcterms": DCT,
    "owl": "http://www.w3.org/2002/07/owl#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "prov": "http://www.w3.org/ns/prov#",
    "oa": "http://www.w3.org/ns/oa#",
    "org": "http://www.w3.org/ns/org#",
}

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


def report_quads(report: Report, iris: Iris, meta: ReportMeta | None = None) -> list[Quad]:
    """The document structure of one report as quads in its named graph."""
    slug = report.slug
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
    if meta and meta.published:
        w.add(rep, "dcterms:issued", Literal(meta.published, datatype=_GYM))
    if meta and meta.ordinal:
        w.int(rep, "r2p:ordinal", meta.ordinal)
    if meta and meta.symbol:
        w.text(rep, "r2p:symbol", meta.symbol)
    w.text(rep, "dcterms:language", lang)
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
        w.int(f, "r2p:firstLine", note.lines[0])
        for page in note.pages:
            w.int(f, "r2p:page", page)

    per_page: dict[int, int] = {}
    for link in report.links:
        per_page[link.page] = per_page.get(link.page, 0) + 1
        h = iris.hyperlink(slug, link.page, per_page[link.page])
        w.a(h, "r2p:Hyperlink")
        w.add(h, "r2p:url", Literal(link.url, datatype=_ANYURI))
        w.int(h, "r2p:page", link.page)
        w.int(h, "r2p:firstLine", link.line)
        w.add(h, "r2p:localFile", Literal("true" if link.local else "false", datatype=_BOOL))
        w.ref(h, "r2p:inReport", rep)

    log.info("report %s: %d quads", slug, len(w.quads))
    return w.quads
