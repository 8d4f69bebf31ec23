"""One error handler: every error becomes ``{"error": {"status", "code", "message"}}`` as JSON, a
one-line text, or a small escaped HTML page, whichever the client prefers (plain text by default).
"""

from __future__ import annotations

import logging
from html import escape

from flask import Flask, Response, g, json, request
from werkzeug.exceptions import HTTPException

from ..errors import EndpointError, R2PError
from .conneg import ERRORS, negotiate

log = logging.getLogger(__name__)


def error_body(status: int, code: str, message: str) -> dict:
    """The error shape, pinned by tests/web/test_errors.py."""
    return {"error": {"status": status, "code": code, "message": message}}


def render(status: int, code: str, message: str, headers: dict[str, str] | None = None) -> Response:
    """An error response in the client's preferred form."""
    offer = negotiate(request.headers.get("Accept"), ERRORS, strict=False) or ERRORS[0]
    if offer.fmt == "json":
        body = json.dumps(error_body(status, code, message))
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
