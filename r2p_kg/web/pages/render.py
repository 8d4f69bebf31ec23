"""Rendering a page: a template as HTML, triples as RDF, and the headers every answer carries."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

import pyoxigraph as ox
from flask import Response, g, render_template, request

from ...config import SOURCE_RIGHTS
from ..transport import make_etag, not_modified
from .data import PREFIXES
from .formats import RDF_FORMATS, Format
from .i18n import COOKIE, LANGS
from .page import dataset, page
from .paths import page_args, raw_path

_CSP = ("default-src 'self'; script-src 'self'; style-src 'self'{inline}; img-src 'self' data:; "
        "font-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'self'; "
        "form-action 'self'; frame-ancestors 'self'")


def alternates(path: str, formats: tuple[Format, ...] = RDF_FORMATS) -> list[tuple[str, str, str]]:
    """(href, media type, name) of each twin of the page at ``path``."""
    return [(f"{path}.{f.suffix}", f.media_type, f.name) for f in formats]


def html(template: str, status: int = 200, twins: list[tuple[str, str, str]] | None = None,
         **data: Any) -> Response:
    p = page()
    body = render_template(f"pages/{template}", p=p, t=p.t, lang=p.lang, twins=twins or [],
                           rights=SOURCE_RIGHTS, **data)
    resp = Response(body, status=status, mimetype="text/html")
    return _finish(resp, twins)


def rdf(triples: list[ox.Triple], fmt: Format, twins: list[tuple[str, str, str]] | None = None) -> Response:
    assert fmt.rdf is not None
    kwargs: dict[str, Any] = {}
    if fmt.rdf in (ox.RdfFormat.TURTLE, ox.RdfFormat.RDF_XML, ox.RdfFormat.JSON_LD):
        kwargs["prefixes"] = PREFIXES
    body = ox.serialize(triples, format=fmt.rdf, **kwargs)
    resp = Response(body, mimetype=fmt.media_type)
    return _finish(resp, twins)


def _finish(resp: Response, twins: list[tuple[str, str, str]] | None) -> Response:
    """Headers every representation carries: Vary, Link to the twins (pages only), the language cookie, and
    (the data being read-only) an ETag per build, language, URL and format, answered with 304."""
    resp.vary.update(("Accept", "Accept-Language", "Cookie"))
    # Pages name their twins; RDF answers do not: JSON-LD loaders (pyld) read "alternate" links on a
    # JSON-LD answer as a redirect to follow and fail on several of them.
    if twins and resp.mimetype == "text/html":
        resp.headers["Link"] = ", ".join(f'<{quote(h, safe="/:.-_~%")}>; rel="alternate"; type="{mt}"'
                                         for h, mt, _ in twins)
    asked = request.args.get("lang")
    if asked in LANGS:
        resp.set_cookie(COOKIE, asked, max_age=365 * 24 * 3600, samesite="Lax")
    version = dataset().version
    if resp.status_code != 200 or not version:
        return resp
    etag = make_etag(version, page().lang, request.url_root, raw_path(), page_args(), resp.mimetype)
    resp.headers["ETag"] = etag
    resp.cache_control.public = True
    resp.cache_control.max_age = 300
    held = not_modified(etag)
    if held:
        resp.set_data(b"")
        resp.status_code = 304
        resp.headers["ETag"] = held
        resp.headers.pop("Set-Cookie", None)
    return resp


def secure_headers(resp: Response) -> Response:
    """CSP allowing only this site's scripts (no inline ones), and the usual hardening headers."""
    inline = " 'unsafe-inline'" if g.get("inline_styles") else ""
    resp.headers.setdefault("Content-Security-Policy", _CSP.format(inline=inline))
    resp.headers.setdefault("X-Content-Type-Options", "nosniff")
    resp.headers.setdefault("Referrer-Policy", "same-origin")
    return resp
