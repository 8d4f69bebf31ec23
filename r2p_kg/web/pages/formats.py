"""Content negotiation for resource descriptions: a table of formats on top of the endpoint's matcher.

Precedence: an explicit ``?format=`` (name, suffix or media type), then a file suffix on the path,
then the Accept header (q-values and specificity honoured by :mod:`r2p_kg.web.conneg`; ties go to
HTML, so browsers and ``curl`` without an Accept header get a page). An unknown suffix is a 404 (no
such document); an unknown ``?format=`` or an Accept header that nothing satisfies is a 406, as at
the endpoint.
"""

from __future__ import annotations

from dataclasses import dataclass

import pyoxigraph as ox
from flask import Request

from ...formats import SYNTAXES
from ..conneg import Offer
from ..conneg import negotiate as match
from .errors import PageNotFound


@dataclass(frozen=True)
class Format:
    name: str  # also the endpoint's format name, so ?format= takes the same names there and here
    suffix: str
    media_type: str
    rdf: ox.RdfFormat | None  # None: HTML
    aliases: tuple[str, ...] = ()


# HTML, then the syntaxes of the registry (r2p_kg/formats.py) that pages offer.
FORMATS: tuple[Format, ...] = (
    Format("html", "html", "text/html", None, ("application/xhtml+xml",)),
    *(Format(s.name, s.suffix, s.media_type, s.rdf, s.aliases) for s in SYNTAXES if s.pages),
)
RDF_FORMATS = tuple(f for f in FORMATS if f.rdf is not None)
BY_SUFFIX = {f.suffix: f for f in FORMATS}
_BY_NAME = {f.name: f for f in FORMATS}


def offers(formats: tuple[Format, ...]) -> tuple[Offer, ...]:
    """The endpoint's offer rows for these formats: main media types first, then aliases."""
    main = [Offer(f.media_type, f.name, f.media_type) for f in formats]
    return tuple(main + [Offer(a, f.name, f.media_type) for f in formats for a in f.aliases])


def split_suffix(path: str) -> tuple[str, Format | None]:
    """``country/FR.ttl`` -> (``country/FR``, Turtle); a path without a known suffix is unchanged."""
    stem, dot, ext = path.rpartition(".")
    if dot and "/" not in ext and ext in BY_SUFFIX:
        return stem, BY_SUFFIX[ext]
    return path, None


def by_suffix(ext: str) -> Format:
    fmt = BY_SUFFIX.get(ext.lower())
    if fmt is None:
        raise PageNotFound(f"no .{ext} version; there are: " + ", ".join("." + f.suffix for f in FORMATS))
    return fmt


def negotiate(request: Request, suffix_format: Format | None = None,
              offered: tuple[Format, ...] = FORMATS) -> Format:
    """The format for this request (see the module docstring)."""
    asked = request.args.get("format")
    if not asked and suffix_format is not None:
        return suffix_format
    offer = match(request.headers.get("Accept"), offers(offered), asked)
    assert offer is not None  # strict matching raises NotAcceptable instead
    return _BY_NAME[offer.fmt]
