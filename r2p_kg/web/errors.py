"""One error handler: every error becomes ``{"error": {"status", "code", "message"}}`` as JSON, a
one-line text, or an escaped HTML page, whichever the client prefers (plain text by default). A
client's error (4xx) as HTML is drawn by :mod:`.htmlviews` (the site's layout when the pages are
installed); a server's error stays a bare page that needs nothing that may have failed.
"""

from __future__ import annotations

import logging
from html import escape

from flask import Flask, Response, g, json, request
from werkzeug.exceptions import HTTPException

from ..errors import EndpointError, R2PError
from . import htmlviews
from .conneg import ERRORS, negotiate
from .htmlviews import View

log = logging.getLogger(__name__)


def error_body(status: int, code: str, message: str) -> dict:
    """The error shape, pinned by tests/web/test_errors.py."""
    return {"error": {"status": status, "code": code, "message": message}}


def render(status: int, code: str, message: str, headers: dict[str, str] | None = None) -> Response:
    """An error response in the client's preferred form."""
    offer = negotiate(request.headers.get("Accept"), ERRORS, strict=False) or ERRORS[0]
    if offer.fmt == "json":
        body = json.dumps(error_body(status, code, message))
    elif offer.fmt == "html" and status < 500:  # a client's mistake: a page with the way on
        body = htmlviews.render(View("error", code, status=status, message=message, path=request.path))
    elif offer.fmt == "html":
        body = (f"<!doctype html><html><head><meta charset='utf-8'><title>{status} {escape(code)}</title>"
                f"</head><body><h1>{status} {escape(code)}</h1><p>{escape(message)}</p></body></html>")
    else:
        body = f"{status} {code}: {message}\n"
    resp = Response(body, status=status, content_type=offer.content_type)
    resp.headers.update(headers or {})
    resp.headers["Cache-Control"] = "no-store"
    resp.vary.add("Accept")
    g.error_code = code
    return resp


def handle_endpoint_error(exc: EndpointError) -> Response:
    return render(exc.http_status, exc.code, str(exc), dict(exc.headers))


def handle_r2p_error(exc: R2PError) -> Response:
    return render(exc.http_status, type(exc).__name__, str(exc))


def handle_http_exception(exc: HTTPException) -> Response:
    code = (exc.name or "error").lower().replace(" ", "-")
    headers = {k: v for k, v in exc.get_headers() if k.lower() in ("allow", "www-authenticate")}
    return render(exc.code or 500, code, exc.description or exc.name, headers)


def init_app(app: Flask) -> None:
    app.register_error_handler(EndpointError, handle_endpoint_error)
    app.register_error_handler(R2PError, handle_r2p_error)
    app.register_error_handler(HTTPException, handle_http_exception)
