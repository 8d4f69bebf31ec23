"""``/-/labels?iri=…&iri=…``: the labels of IRIs in the page language, as JSON. The query page shows
them in place of the IRIs of its results, without building a query from the results' text."""

from __future__ import annotations

from flask import Response, request

from ...errors import BadRequest
from . import downloads
from .i18n import STANDARD_TERMS
from .page import page

MAX_IRIS = 100  # a page of results asks in batches; each IRI is a few lookups in the store


def labels() -> Response:
    """``{"lang": …, "labels": {iri: label}}`` for the IRIs that have a label (others are left out)."""
    iris = request.args.getlist("iri")
    if not iris:
        raise BadRequest("iri= is required: one or more IRIs, each in its own iri= parameter", where="iri")
    if len(iris) > MAX_IRIS:
        raise BadRequest(f"at most {MAX_IRIS} iri= parameters in one request, not {len(iris)}", where="iri")
    p = page()
    found: dict[str, str] = {}
    for iri in dict.fromkeys(iris):
        try:
            names = p.labels.of(iri)
        except ValueError:
            raise BadRequest(f"not an IRI: {iri[:80]!r}", where="iri") from None
        if names or iri in STANDARD_TERMS:
            found[iri] = p.label(iri)
    return downloads.as_json({"lang": p.lang, "labels": found})
