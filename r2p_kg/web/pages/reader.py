"""The report as a reader sees it: sections, numbered paragraphs, footnotes, mentions linked.

``read`` computes the whole reader page as one structure; ``passage`` and ``mention_passages`` give
single passages for the entity pages. All text is cut into :class:`~.spans.Piece` runs so that the
template only escapes and wraps them.
"""

from __future__ import annotations

import re
from collections import defaultdict
from typing import TYPE_CHECKING, Any

import pyoxigraph as ox

from ...iris import VOCAB
from ...namespaces import DCT
from .data import Dataset, Mention, mentions_of, report_slugs, texts
from .spans import Marker, Piece, Span, pieces

if TYPE_CHECKING:
    from .page import Page

_URL = re.compile(r"(?:https?://|www\.)[A-Za-z0-9\-._~:/?#\[\]@!$&'*+,;=%]+")


def reports(ds: Dataset, p: Page) -> list[dict[str, Any]]:
    """Each report with its titles, symbol and summary, for the home page."""
    out = []
    counts: dict[tuple[str, str], int] = {
        (r["r"].value, r["kind"].value): int(r["n"].value)
        for r in ds.select("SELECT ?r ?kind (COUNT(?x) AS ?n) WHERE { ?x r2p:inReport ?r ; a ?kind . "
                           "FILTER(?kind IN (r2p:Paragraph, r2p:Footnote)) } GROUP BY ?r ?kind")}
    for slug in report_slugs(ds):
        iri = ds.base + "id/report/" + slug
        node = ox.NamedNode(iri)
        info: dict[str, Any] = {"slug": slug, "iri": iri, "titles": {}, "summary": "", "symbol": "",
                                "counts": {}}
        for t in ds.triples(node):
            prop, obj = t.predicate.value, t.object
            if not isinstance(obj, ox.Literal):
                continue
            if prop.endswith("/title"):
                info["titles"][obj.language or ""] = obj.value
            elif prop.endswith("#summary"):
                info["summary"] = obj.value
            elif prop.endswith("#symbol"):
                info["symbol"] = obj.value
        for kind in ("Paragraph", "Footnote"):
            info["counts"][kind] = counts.get((iri, VOCAB + kind), 0)
        info["translation"] = translation_of(ds, iri, p.lang)
        out.append(info)
    return out


def linkify(text: str) -> list[Span]:
    """Web addresses in a footnote as spans that link out."""
    spans = []
    for m in _URL.finditer(text):
        url = m.group(0).rstrip(".,;:!?)'")
        href = url if url.startswith("http") else "https://" + url
        spans.append(Span(m.start(), m.start() + len(url), href, url, "url"))
    return spans


def mention_spans(mentions: list[Mention], p: Page) -> list[Span]:
    return [Span(m.start, m.end, p.href(m.body), p.label(m.body), "k-" + p.kind(m.body))
            for m in mentions]


def passage(ds: Dataset, iri: str, p: Page) -> list[Piece] | None:
    """A paragraph's or footnote's own text with every mention and marker, or None for other IRIs."""
    text = texts(ds, [iri]).get(iri)
    if text is None:
        return None
    node = ox.NamedNode(iri)
    spans = mention_spans(mentions_of(ds, source=node), p) + linkify(text)
    markers = [Marker(off, p.href(f), str(n)) for f, n, off in _markers(ds, node)]
    return pieces(text, spans, markers)


def notes_of(ds: Dataset, paragraph: str, p: Page) -> list[dict[str, Any]]:
    """A paragraph's footnotes with their text, mentions and web addresses linked."""
    rows = ds.select("SELECT ?p ?f ?n ?text WHERE { ?f r2p:citedBy ?p ; r2p:number ?n ; r2p:text ?text } "
                     "ORDER BY ?n", p=ox.NamedNode(paragraph))
    out = []
    for r in rows:
        f, text = r["f"].value, r["text"].value
        spans = mention_spans(mentions_of(ds, source=ox.NamedNode(f)), p) + linkify(text)
        out.append({"iri": f, "n": int(r["n"].value), "pieces": pieces(text, spans)})
    return out


def mention_passages(ds: Dataset, mentions: list[Mention], p: Page) -> list[dict[str, Any]]:
    """The passages that mention an entity, each with just those mentions highlighted."""
    by_source: dict[str, list[Mention]] = defaultdict(list)
    for m in mentions:
        by_source[m.source].append(m)
    text_of = texts(ds, by_source)
    out = []
    for source, ms in by_source.items():
        text = text_of.get(source)
        if text is None:
            continue
        spans = [Span(m.start, m.end, "", m.exact or text[m.start:m.end], "hit") for m in ms]
        out.append({"iri": source, "pieces": pieces(text, spans), "count": len(ms)})
    return out


def _markers(ds: Dataset, paragraph: ox.NamedNode) -> list[tuple[str, int, int]]:
    rows = ds.select("SELECT ?p ?f ?n ?off WHERE { ?f r2p:citedBy ?p ; r2p:number ?n ; "
                     "r2p:markerOffset ?off }", p=paragraph)
    return [(r["f"].value, int(r["n"].value), int(r["off"].value)) for r in rows]


def read(ds: Dataset, slug: str, p: Page) -> dict[str, Any] | None:
    """The reader page: sections in order, each with its paragraphs and their footnotes.

    (Oxigraph joins in the order written: each query starts from the report, bound, so a corpus
    of many reports costs the reader of one report no more than its own size.)"""
    rep = ox.NamedNode(ds.base + "id/report/" + slug)
    if not ds.triples(rep):
        return None
    titles = {(t.object.language or ""): t.object.value
              for t in ds.triples(rep, ox.NamedNode(DCT + "title"))
              if isinstance(t.object, ox.Literal)}
    sections = ds.select("""
        SELECT ?r ?s ?n ?numeral ?title WHERE {
          ?s r2p:inReport ?r ; a r2p:Section ; r2p:number ?n ; r2p:numeral ?numeral ; dcterms:title ?title
        } ORDER BY ?n""", r=rep)
    subsections = ds.select("""
        SELECT ?r ?u ?s ?letter ?title WHERE {
          ?u r2p:inReport ?r ; a r2p:Subsection ; dcterms:isPartOf ?s ; r2p:letter ?letter ; dcterms:title ?title
        } ORDER BY ?letter""", r=rep)
    paragraphs = ds.select("""
        SELECT ?r ?p ?n ?text ?parent WHERE {
          ?p r2p:inReport ?r ; a r2p:Paragraph ; r2p:number ?n ; r2p:text ?text ; dcterms:isPartOf ?parent
        } ORDER BY ?n""", r=rep)
    notes = ds.select("""
        SELECT ?r ?f ?n ?text ?p ?off WHERE {
          ?f r2p:inReport ?r ; a r2p:Footnote ; r2p:number ?n ; r2p:text ?text ; r2p:citedBy ?p .
          OPTIONAL { ?f r2p:markerOffset ?off }
        } ORDER BY ?n""", r=rep)
    mentions: dict[str, list[Mention]] = defaultdict(list)
    for m in mentions_of(ds, report=rep):
        mentions[m.source].append(m)

    notes_of: dict[str, list[dict[str, Any]]] = defaultdict(list)
    markers_of: dict[str, list[Marker]] = defaultdict(list)
    for r in notes:
        f, n, text = r["f"].value, int(r["n"].value), r["text"].value
        spans = mention_spans(mentions.get(f, []), p) + linkify(text)
        notes_of[r["p"].value].append({"iri": f, "n": n, "pieces": pieces(text, spans)})
        if r.get("off") is not None:
            markers_of[r["p"].value].append(Marker(int(r["off"].value), f"#fn-{n}", str(n)))

    blocks: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for r in paragraphs:
        iri, text = r["p"].value, r["text"].value
        spans = mention_spans(mentions.get(iri, []), p)
        blocks[r["parent"].value].append({
            "iri": iri, "n": int(r["n"].value), "pieces": pieces(text, spans, markers_of.get(iri, [])),
            "notes": notes_of.get(iri, []), "mentions": len(mentions.get(iri, []))})

    subs_of: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for r in subsections:
        u = r["u"].value
        subs_of[r["s"].value].append({"iri": u, "letter": r["letter"].value, "title": r["title"].value,
                                      "paragraphs": blocks.get(u, [])})
    out_sections = []
    for r in sections:
        s = r["s"].value
        out_sections.append({"iri": s, "n": int(r["n"].value), "numeral": r["numeral"].value,
                             "title": r["title"].value, "paragraphs": blocks.get(s, []),
                             "subsections": subs_of.get(s, [])})
    count = sum(len(v) for v in blocks.values())
    doc = {"iri": rep.value, "slug": slug, "titles": titles, "sections": out_sections,
           "paragraph_count": count, "mention_count": sum(len(v) for v in mentions.values())}
    doc["translation"] = _add_translation(ds, doc, p, mentions)
    return doc


# --- the project's unofficial translations (r2p:translatedText, r2p:Translation) ----------------------

def translation_of(ds: Dataset, report: str, lang: str) -> dict[str, Any] | None:
    """The report's translation into ``lang`` (its IRI, notice, title and summary), or None."""
    if lang == "zh":
        return None
    rows = ds.select("""
        SELECT ?r ?lang ?t ?notice ?title ?summary WHERE {
          ?r r2p:hasTranslation ?t . ?t a r2p:Translation ; dcterms:language ?lang ; rdfs:comment ?notice .
          FILTER(lang(?notice) = ?lang)
          OPTIONAL { ?t dcterms:title ?title } OPTIONAL { ?t r2p:summary ?summary }
        } ORDER BY ?t LIMIT 1""", r=ox.NamedNode(report), lang=ox.Literal(lang))
    if not rows:
        return None
    r = rows[0]
    return {"iri": r["t"].value, "notice": r["notice"].value, "lang": lang,
            "title": r["title"].value if r.get("title") is not None else "",
            "summary": r["summary"].value if r.get("summary") is not None else ""}


def translated_texts(ds: Dataset, report: str, lang: str) -> dict[str, str]:
    """``r2p:translatedText`` in ``lang`` of every unit of a report, by unit IRI."""
    rows = ds.select("""
        SELECT ?r ?lang ?u ?text WHERE { ?u r2p:inReport ?r ; r2p:translatedText ?text FILTER(lang(?text) = ?lang) }""",
                     r=ox.NamedNode(report), lang=ox.Literal(lang))
    return {r["u"].value: r["text"].value for r in rows}


def label_spans(text: str, mentions: list[Mention], p: Page) -> list[Span]:
    """In a translation: each place where an entity that the original mentions is named by its label
    in the page language, linked like the mention (the translation has no recorded offsets)."""
    spans = []
    for body in dict.fromkeys(m.body for m in mentions):
        label = p.label(body)
        if len(label) < 3:
            continue
        for m in re.finditer(r"(?<!\w)" + re.escape(label) + r"(?!\w)", text):
            spans.append(Span(m.start(), m.end(), p.href(body), label, "k-" + p.kind(body)))
    return spans


def _add_translation(ds: Dataset, doc: dict[str, Any], p: Page,
                     mentions: dict[str, list[Mention]]) -> dict[str, Any] | None:
    """Put each unit's translated text (``en``, ``en_pieces``) beside its original in the reader's
    structure, with entities linked where their label occurs and web addresses linked."""
    info = translation_of(ds, doc["iri"], p.lang)
    if info is None:
        return None
    text = translated_texts(ds, doc["iri"], p.lang)

    def paras(list_: list[dict[str, Any]]) -> None:
        for para in list_:
            own = text.get(para["iri"], "")
            para["en_pieces"] = pieces(own, label_spans(own, mentions.get(para["iri"], []), p))
            for fn in para["notes"]:
                own = text.get(fn["iri"], "")
                fn["en_pieces"] = pieces(own, label_spans(own, mentions.get(fn["iri"], []), p) + linkify(own))

    for s in doc["sections"]:
        s["en"] = text.get(s["iri"], "")
        paras(s["paragraphs"])
        for u in s["subsections"]:
            u["en"] = text.get(u["iri"], "")
            paras(u["paragraphs"])
    return info


def translated_passage(ds: Dataset, iri: str, notes: list[dict[str, Any]], p: Page) -> dict[str, Any] | None:
    """A paragraph's or footnote's translation into the page language with its footnotes' and the
    translation's notice, for its own page; None in Chinese mode or without a translation."""
    if p.lang == "zh":
        return None
    rows = ds.select("SELECT ?u ?r WHERE { ?u r2p:inReport ?r }", u=ox.NamedNode(iri))
    if not rows:
        return None
    info = translation_of(ds, rows[0]["r"].value, p.lang)
    if info is None:
        return None
    wanted = [iri] + [fn["iri"] for fn in notes]
    found: dict[str, str] = {}
    for unit in wanted:
        for t in ds.triples(ox.NamedNode(unit), ox.NamedNode(VOCAB + "translatedText")):
            if isinstance(t.object, ox.Literal) and t.object.language == p.lang:
                found[unit] = t.object.value
    if iri not in found:
        return None
    def linked(unit: str) -> list[Piece]:
        own = found.get(unit, "")
        return pieces(own, label_spans(own, mentions_of(ds, source=ox.NamedNode(unit)), p) + linkify(own))

    info["pieces"] = linked(iri)
    info["notes"] = [{"iri": fn["iri"], "n": fn["n"], "pieces": linked(fn["iri"])} for fn in notes]
    return info
