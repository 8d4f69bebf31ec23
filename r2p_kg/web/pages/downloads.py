"""Lists as downloads: a page's rows as CSV or JSON, chosen by ``?format=`` or the Accept header.

Every list the pages show (the faceted paragraphs, search results, an entity's mentions) offers the
same three forms through the project's one matcher (:mod:`r2p_kg.web.conneg`): the HTML page first,
so browsers get a page, then ``application/json`` and ``text/csv``.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Sequence
from typing import Any
from urllib.parse import urlencode

from flask import Response, request

from ..conneg import Offer, negotiate

OFFERS = (Offer("text/html", "html", "text/html"), Offer("application/json", "json", "application/json"),
          Offer("text/csv", "csv", "text/csv"))


def chosen() -> str:
    """``html``, ``json`` or ``csv`` for this request (a 406 when nothing offered fits)."""
    offer = negotiate(request.headers.get("Accept"), OFFERS, request.args.get("format")) or OFFERS[0]
    return offer.fmt


def twins() -> list[tuple[str, str, str]]:
    """(href, media type, name) of this page's JSON and CSV forms: the same parameters plus ``format``."""
    args = [(k, v) for k, v in request.args.items(multi=True) if k != "format"]
    return [(request.path + "?" + urlencode(args + [("format", name)]), media, name)
            for media, name in (("application/json", "json"), ("text/csv", "csv"))]


def as_json(data: Any) -> Response:
    return _plain(json.dumps(data, ensure_ascii=False, indent=1), "application/json")


def as_csv(columns: Sequence[str], rows: Iterable[Sequence[Any]]) -> Response:
    """A header row, then one line per row (RFC 4180 quoting)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow(["" if v is None else v for v in row])
    return _plain(out.getvalue(), "text/csv")


def _plain(body: str, media_type: str) -> Response:
    resp = Response(body, mimetype=media_type)
    resp.vary.update(("Accept", "Accept-Language", "Cookie"))
    return resp
