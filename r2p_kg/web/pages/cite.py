"""``/-/cite?iri=…&format=text|bibtex|csl|ris``: the citation of a passage, report or entity
(:mod:`.citation`), by ``format=`` or the Accept header, for the pages' "cite" panels and for
anyone without JavaScript."""

from __future__ import annotations

import pyoxigraph as ox
from flask import Response, request

from ...errors import BadRequest
from ..conneg import Offer, negotiate
from .citation import as_bibtex, as_csl, as_ris, as_text, citation
from .errors import PageNotFound
from .views import page

OFFERS = (Offer("text/plain", "text", "text/plain"),
          Offer("application/x-bibtex", "bibtex", "application/x-bibtex"),
          Offer("application/vnd.citationstyles.csl+json", "csl", "application/vnd.citationstyles.csl+json"),
          Offer("application/x-research-info-systems", "ris", "application/x-research-info-systems"))
# (format=, name shown) for the panels' links
NAMES = (("text", "Text"), ("bibtex", "BibTeX"), ("csl", "CSL-JSON"), ("ris", "RIS"))


def cite() -> Response:
    """One citation in the asked format (plain text by default)."""
    iri = request.args.get("iri", "")
    if not iri:
        raise BadRequest("iri= is required: the IRI of a paragraph, footnote, report or entity", where="iri")
    try:
        ox.NamedNode(iri)
    except ValueError:
        raise BadRequest(f"not an IRI: {iri[:80]!r}", where="iri") from None
    p = page()
    found = citation(p.ds, iri, p.labels)
    if found is None:
        raise PageNotFound(f"nothing citable at {iri[:200]}", where="iri")
    offer = negotiate(request.headers.get("Accept"), OFFERS, request.args.get("format"))
    assert offer is not None  # strict matching raises NotAcceptable instead
    body = {"text": lambda: as_text(found, p.lang) + "\n", "bibtex": lambda: as_bibtex(found),
            "csl": lambda: as_csl(found), "ris": lambda: as_ris(found)}[offer.fmt]()
    resp = Response(body, mimetype=offer.content_type)
    resp.vary.update(("Accept", "Accept-Language", "Cookie"))
    return resp
