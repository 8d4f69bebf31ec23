"""``/-/paragraphs``: the report's paragraphs narrowed by facets (:mod:`.facets`), as a page, CSV or JSON.

The selection is the query string (``?country=SD&crime=genocide&crime=war-crimes``), so a selection
is a link to keep or share; every value on the page is a link that adds it to or takes it out of the
selection. Each paragraph links to its place in the reader.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

import pyoxigraph as ox
from flask import Response, request

from ...errors import BadRequest
from ...iris import VOCAB
from . import downloads
from . import facets as fc
from .reader import translated_texts
from .views import Page, html, page

PARAMS = ("lang", "format", "offset")  # the page's own parameters; every other one names a facet
EXCERPT = 160  # characters of each paragraph shown in the list
PAGE_SIZE = 100  # paragraphs listed on one page (the downloads hold them all)


def paragraphs() -> Response:
    """The paragraphs the facets in the query string select, with each value's count."""
    fmt = downloads.chosen()
    offset = _offset()  # read (and checked) whatever the format, though only the page uses it
    p = page()
    tab = fc.table(p.ds)
    args = [(k, v) for k, v in request.args.items(multi=True)]
    chosen = fc.parse(tab, args, ignored=PARAMS)
    found = fc.select(tab, chosen)
    texts = _texts_in(p, {x.report for x in found})  # the page language's text where there is one
    if fmt == "json":
        return downloads.as_json(_as_json(p, tab, chosen, found, texts))
    if fmt == "csv":
        return _as_csv(p, tab, found, texts)
    counted = fc.counts(tab, chosen)
    groups = [{"facet": f, "name": facet_name(p, f), "values": _ordered(p, f, counted[f], args)}
              for f in tab.names if counted[f]]
    rows = [{"p": x, "href": p.in_reader(x.iri), "text": _excerpt(texts.get(x.iri) or x.text),
             "lang": p.lang if x.iri in texts else "zh"} for x in found[offset:offset + PAGE_SIZE]]
    picked = [{"facet": f, "name": facet_name(p, f), "label": value_label(p, f, v),
               "href": _toggled(args, f, tab.key_of(f, v))} for f, vs in chosen.items() for v in vs]
    more = (_url([a for a in args if a[0] not in ("offset", "format")] + [("offset", str(offset + PAGE_SIZE))])
            if offset + PAGE_SIZE < len(found) else "")
    return html("paragraphs.html", groups=groups, rows=rows, picked=picked, total=len(tab.paragraphs),
                found=len(found), offset=offset, more=more, twins=downloads.twins(),
                clear=_url([(k, v) for k, v in args if k == "lang"]))


def _offset() -> int:
    raw = request.args.get("offset", "0") or "0"
    if not raw.isdigit():
        raise BadRequest(f"offset must be a whole number, not {raw[:20]!r}", where="offset")
    return int(raw)


def facet_name(p: Page, facet: str) -> str:
    """A facet's heading in the page language: its own word, else the kind's, else the kind itself."""
    for key in ("facet_" + facet, "k_" + facet):
        word = p.t(key)
        if word != key:
            return word
    return facet


def value_label(p: Page, facet: str, iri: str) -> str:
    """A value's name; a section's is its number and (translated) title."""
    if facet == fc.SECTION:
        number = next((t.object.value for t in p.ds.triples(ox.NamedNode(iri), ox.NamedNode(VOCAB + "number"))
                       if isinstance(t.object, ox.Literal)), "")
        if p.lang != "zh":
            for t in p.ds.triples(ox.NamedNode(iri), ox.NamedNode(VOCAB + "translatedText")):
                if isinstance(t.object, ox.Literal) and t.object.language == p.lang:
                    return f"{number}. {t.object.value}"
    return p.label(iri)


def _ordered(p: Page, facet: str, counted: list[fc.Count], args: list[tuple[str, str]]) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = [
        {"iri": c.iri, "key": c.key, "count": c.count, "selected": c.selected,
         "label": value_label(p, facet, c.iri), "href": _toggled(args, facet, c.key)} for c in counted]
    if facet not in fc.NATURAL_ORDER:  # sections stay in the report's order; the rest by count
        rows.sort(key=lambda r: (-r["count"], r["label"].lower()))
    return rows


def _toggled(args: list[tuple[str, str]], facet: str, key: str) -> str:
    """This page's URL with ``facet=key`` added, or taken out when it is there."""
    kept = [(k, v) for k, v in args if k not in ("format", "offset")]  # a new selection starts at its top
    if (facet, key) in kept:
        return _url([a for a in kept if a != (facet, key)])
    return _url(kept + [(facet, key)])


def _url(args: list[tuple[str, str]]) -> str:
    return request.path + ("?" + urlencode(args) if args else "")


def _texts_in(p: Page, reports: set[str]) -> dict[str, str]:
    """The paragraphs' text in the page language where the project has a translation into it."""
    if p.lang == "zh":
        return {}
    out: dict[str, str] = {}
    for report in reports:
        out.update(translated_texts(p.ds, report, p.lang))
    return out


def _excerpt(text: str) -> str:
    return text if len(text) <= EXCERPT else text[:EXCERPT].rstrip() + "…"


def _absolute(path: str) -> str:
    return request.url_root.rstrip("/") + path if path.startswith("/") else path


def _as_json(p: Page, tab: fc.FacetTable, chosen: fc.Selection, found: list[fc.Paragraph],
             texts: dict[str, str]) -> dict[str, Any]:
    counted = fc.counts(tab, chosen)
    return {
        "selection": {f: [tab.key_of(f, v) for v in vs] for f, vs in chosen.items()},
        "total": len(found), "of": len(tab.paragraphs),
        "facets": {f: [{"key": c.key, "iri": c.iri, "label": value_label(p, f, c.iri), "count": c.count,
                        "selected": c.selected} for c in counted[f]] for f in tab.names},
        "paragraphs": [{"iri": x.iri, "number": x.n, "report": x.report, "url": _absolute(p.in_reader(x.iri)),
                        "text": x.text, **({"text_" + p.lang: texts[x.iri]} if x.iri in texts else {}),
                        "facets": {f: vs for f, vs in fc.values_of(tab, x.iri).items() if vs}}
                       for x in found]}


def _as_csv(p: Page, tab: fc.FacetTable, found: list[fc.Paragraph], texts: dict[str, str]) -> Response:
    extra = [f for f in tab.names if f not in (fc.REPORT, fc.SECTION)]
    columns = ["report", "paragraph", "iri", "url", "section", "text"] + (["text_" + p.lang] if texts else [])
    columns += extra
    rows = []
    for x in found:
        values = fc.values_of(tab, x.iri)
        row = [x.report.rsplit("/", 1)[-1], x.n, x.iri, _absolute(p.in_reader(x.iri)),
               "; ".join(value_label(p, fc.SECTION, v) for v in values.get(fc.SECTION, [])), x.text]
        row += [texts.get(x.iri, "")] if texts else []
        row += ["; ".join(value_label(p, f, v) for v in values[f]) for f in extra]
        rows.append(row)
    return downloads.as_csv(columns, rows)
