"""``/-/search?q=…``: full-text search of the report and the names in the graph (r2p_kg/search.py).

One view, three representations: an HTML page (counts by kind as filters, highlighted snippets, links
to the passage in the reader), JSON for programs and CSV for a spreadsheet (``?format=json|csv`` or
the Accept header). The query stays in the URL; ``kind=`` narrows and ``offset=`` pages.
"""

from __future__ import annotations

import threading

import pyoxigraph as ox
from flask import Response, request

from ...errors import BadRequest
from ...iris import VOCAB
from ...search import KINDS, SEARCH_FILE, Results, SearchIndex
from . import downloads
from .data import RemoteDataset
from .views import Page, dataset, html, page

PAGE_SIZE = 50
_BUILDING = threading.Lock()


def index() -> SearchIndex:
    """The dataset's search index, read on first use from its build (``dist/search.sqlite``), or built
    from the data when there is no such file or the data is a remote store's; kept for its version."""
    ds = dataset()
    cached = ds.memo.get("search")
    if cached is None or cached[0] != ds.version:
        with _BUILDING:
            cached = ds.memo.get("search")
            if cached is None or cached[0] != ds.version:
                built = ds.dist / SEARCH_FILE if ds.dist is not None and not isinstance(ds, RemoteDataset) else None
                if built is not None and built.is_file():
                    cached = (ds.version, SearchIndex.load(built))
                else:
                    cached = (ds.version, SearchIndex.build(ds.select, ds.base))
                ds.memo["search"] = cached
    return cached[1]


def _int(name: str, default: int) -> int:
    raw = request.args.get(name, "")
    if not raw:
        return default
    if not raw.isdigit():
        raise BadRequest(f"{name} must be a whole number, not {raw[:20]!r}", where=name)
    return int(raw)


def search() -> Response:
    """Paragraphs, footnotes, section titles, names and symbols holding every word of ``q``."""
    fmt = downloads.chosen()
    q = request.args.get("q", "").strip()
    kind = request.args.get("kind") or None
    if kind is not None and kind not in KINDS:
        raise BadRequest(f"kind must be one of {', '.join(KINDS)}, not {kind[:20]!r}", where="kind")
    p = page()
    results = index().search(q, kind, limit=PAGE_SIZE, offset=_int("offset", 0), lang=p.lang)
    if fmt == "json":
        return downloads.as_json(_as_json(results, p))
    if fmt == "csv":
        return downloads.as_csv(["kind", "title", "iri", "url", "snippet"],
                                ([h.kind, _title(h, p), h.iri, _where(h, p), "".join(t for t, _ in h.snippet)]
                                 for h in results.hits))
    return html("search.html", q=q, results=results, kinds=KINDS, where=lambda hit: _where(hit, p),
                title_of=lambda hit: _title(hit, p), page_size=PAGE_SIZE, twins=downloads.twins())


def _where(hit, p: Page) -> str:
    """Where a hit opens: a passage in the reader, anything else on its own page."""
    return p.in_reader(hit.iri) or p.href(hit.iri)


def _title(hit, p: Page) -> str:
    if hit.kind in ("paragraph", "footnote"):
        slug = hit.iri[len(p.ds.base):].split("/")[2] if hit.iri.startswith(p.ds.base + "id/report/") else ""
        mark = "¶" if hit.kind == "paragraph" else p.t("k_footnote") + " "
        return f"{mark}{hit.title}" + (f" · {slug}" if slug else "")
    if hit.kind == "section":  # in the page language where the project translated it
        for t in p.ds.triples(ox.NamedNode(hit.iri), ox.NamedNode(VOCAB + "translatedText")):
            if isinstance(t.object, ox.Literal) and t.object.language == p.lang != "zh":
                return t.object.value
        return hit.title
    return p.label(hit.iri) or hit.title


def _as_json(results: Results, p: Page) -> dict:
    return {"q": results.query, "terms": list(results.terms), "kind": results.kind, "total": results.total,
            "offset": results.offset, "counts": results.counts,
            "hits": [{"kind": h.kind, "iri": h.iri, "url": _where(h, p), "title": _title(h, p),
                      "snippet": "".join(t for t, _ in h.snippet), "lang": h.lang,
                      "matches": [t for t, hit in h.snippet if hit]} for h in results.hits]}

