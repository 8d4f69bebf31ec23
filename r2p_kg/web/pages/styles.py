"""The entity kinds' stylesheet, made from the kinds registry (``data/kinds.csv``) rather than kept
by hand in ``site.css``: a kind added to the registry has its colour on every page."""

from __future__ import annotations

from flask import Response

from ...kinds import stylesheet
from ..transport import make_etag, not_modified

MAX_AGE = 300  # as the pages' own static files (PagesBlueprint)


def kinds_css() -> Response:
    """The kinds' colours: a ``--k-<kind>`` property each and a ``.k-<kind>`` rule."""
    body = stylesheet()
    etag = make_etag("kinds.css", body)
    held = not_modified(etag)
    resp = Response(status=304) if held else Response(body, mimetype="text/css")
    resp.headers["ETag"] = held or etag
    resp.headers["Cache-Control"] = f"public, max-age={MAX_AGE}"
    return resp
