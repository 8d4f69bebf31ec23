"""``/-/mentions?iri=…``: every recorded mention of one entity (passage, offsets, quoted words), as
a table, CSV or JSON: the download of an entity page's "Where the report mentions it" list."""

from __future__ import annotations

from typing import Any

import pyoxigraph as ox
from flask import Response, request

from ...errors import BadRequest
from . import downloads
from .data import mentions_of
from .errors import PageNotFound
from .views import Page, html, kind_of, page

COLUMNS = ("mention", "passage", "kind", "number", "url", "start", "end", "exact")


def mentions() -> Response:
    """The mentions of the entity ``iri=``, in passage order."""
    fmt = downloads.chosen()
    iri = request.args.get("iri", "")
    if not iri:
        raise BadRequest("iri= is required: the IRI of an entity", where="iri")
    try:
        node = ox.NamedNode(iri)
    except ValueError:
        raise BadRequest(f"not an IRI: {iri[:80]!r}", where="iri") from None
    p = page()
    if not p.ds.exists(node):
        raise PageNotFound(f"no resource {iri[:200]}", where="iri")
    rows = [_row(p, m) for m in mentions_of(p.ds, body=node)]
    if fmt == "json":
        return downloads.as_json({"iri": iri, "label": p.label(iri), "total": len(rows), "mentions": rows})
    if fmt == "csv":
        return downloads.as_csv(COLUMNS, ([r[c] for c in COLUMNS] for r in rows))
    return html("mentions.html", iri=iri, rows=rows, twins=downloads.twins())


def _row(p: Page, m) -> dict[str, Any]:
    tail = m.source.rsplit("/", 1)[-1]
    where = p.in_reader(m.source)
    return {"mention": m.iri, "passage": m.source, "kind": kind_of(m.source, p.ds.base),
            "number": int(tail) if tail.isdigit() else None,
            "url": request.url_root.rstrip("/") + where if where else "",
            "start": m.start, "end": m.end, "exact": m.exact}
