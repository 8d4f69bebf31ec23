"""Content negotiation as data: media-type tables and one Accept-header matcher (RFC 9110 §12.5.1).

The tables map a media type to a format name of :mod:`r2p_kg.store`; the first row of each table is
the default when the client sends no Accept header. ``format=`` (a name or a media type) overrides
Accept, for links typed into a browser.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal, overload

import pyoxigraph as ox

from ..errors import NotAcceptable
from ..formats import SYNTAXES, format_names


@dataclass(frozen=True)
class Offer:
    media_type: str  # what the client asks for
    fmt: str  # the store's format name
    content_type: str  # what the response says

    @property
    def names(self) -> tuple[str, ...]:
        return FORMAT_NAMES.get(self.fmt, (self.fmt,))


def _offer(media_type: str, fmt: str, charset: bool = True) -> Offer:
    return Offer(media_type, fmt, f"{media_type}; charset=utf-8" if charset else media_type)


# SELECT and ASK results (SPARQL 1.1 Query Results JSON, XML, CSV and TSV).
RESULTS: tuple[Offer, ...] = (
    _offer("application/sparql-results+json", "json"),
    _offer("application/sparql-results+xml", "xml"),
    _offer("text/csv", "csv"),
    _offer("text/tab-separated-values", "tsv"),
    _offer("application/json", "json"),
    _offer("application/xml", "xml"),
    _offer("text/xml", "xml"),
)
# ASK has no CSV/TSV form in the standard.
BOOLEAN: tuple[Offer, ...] = tuple(o for o in RESULTS if o.fmt in ("json", "xml"))
# CONSTRUCT and DESCRIBE results, Graph Store reads, service description and VoID: every syntax of
# the registry (r2p_kg/formats.py), main media types first, then the aliases.
GRAPHS: tuple[Offer, ...] = (tuple(_offer(s.media_type, s.name) for s in SYNTAXES)
                             + tuple(_offer(a, s.name) for s in SYNTAXES for a in s.aliases))
# Error bodies: plain text unless the client prefers JSON or HTML.
ERRORS: tuple[Offer, ...] = (
    _offer("text/plain", "text"),
    _offer("application/json", "json"),
    _offer("application/problem+json", "json"),
    _offer("text/html", "html"),
)
# Bodies a Graph Store write accepts.
UPLOADS: dict[str, ox.RdfFormat] = {
    "text/turtle": ox.RdfFormat.TURTLE,
    "application/x-turtle": ox.RdfFormat.TURTLE,
    "application/n-triples": ox.RdfFormat.N_TRIPLES,
    "text/plain": ox.RdfFormat.N_TRIPLES,
    "application/rdf+xml": ox.RdfFormat.RDF_XML,
    "application/ld+json": ox.RdfFormat.JSON_LD,
    "text/n3": ox.RdfFormat.N3,
}

# What ``format=`` means for a graph answer (CONSTRUCT, DESCRIBE). Clients send one value for every
# query form (SPARQLWrapper's default is ``format=xml``; ``json`` and ``n3`` too), and Virtuoso and
# Fuseki read it by the form: a results format's name then names the graph syntax of the same family.
GRAPH_FORMAT_PARAMS: dict[str, str] = {"xml": "rdfxml", "json": "jsonld", "n3": "turtle",
                                       "text/n3": "turtle", "text/rdf+n3": "turtle"}
# Result-table formats with no graph form: for a graph answer such a ``format=`` leaves the choice to
# Accept (a 406 if that names no graph syntax either).
TABLE_ONLY = frozenset({"csv", "tsv", "text/csv", "text/tab-separated-values"})

FORMAT_NAMES: dict[str, tuple[str, ...]] = {
    "json": ("json", "srj"), "xml": ("xml", "srx"), "csv": ("csv",), "tsv": ("tsv",),
    **format_names(), "html": ("html",), "text": ("text", "txt"),
}


@dataclass(frozen=True)
class MediaRange:
    type: str
    subtype: str
    q: float
    order: int

    def matches(self, media_type: str) -> int:
        """Specificity of the match (3 exact, 2 ``type/*``, 1 ``*/*``), 0 for none."""
        t, _, s = media_type.partition("/")
        if self.type == t and self.subtype == s:
            return 3
        if self.type == t and self.subtype == "*":
            return 2
        if self.type == "*" and self.subtype == "*":
            return 1
        return 0


def parse_accept(header: str) -> list[MediaRange]:
    """The ranges of an Accept header; malformed members are skipped, a bad q counts as 0."""
    ranges = []
    for i, member in enumerate(header.split(",")):
        parts = [p.strip() for p in member.split(";")]
        t, sep, s = parts[0].lower().partition("/")
        if not sep or not t or not s:
            continue
        q = 1.0
        for param in parts[1:]:
            name, _, value = param.partition("=")
            if name.strip().lower() == "q":
                try:
                    q = min(max(float(value), 0.0), 1.0)
                except ValueError:
                    q = 0.0
        ranges.append(MediaRange(t, s, q, i))
    return ranges


def quality(ranges: list[MediaRange], media_type: str) -> float:
    """The q-value the client gives ``media_type``: that of its most specific matching range."""
    best, q = 0, 0.0
    for r in ranges:
        spec = r.matches(media_type)
        if spec > best:
            best, q = spec, r.q
    return q


@overload
def negotiate(accept: str | None, offers: tuple[Offer, ...], format_param: str | list[str] | None = None, *,
              strict: Literal[True] = True) -> Offer: ...
@overload
def negotiate(accept: str | None, offers: tuple[Offer, ...], format_param: str | list[str] | None = None, *,
              strict: bool) -> Offer | None: ...
def negotiate(accept: str | None, offers: tuple[Offer, ...],
              format_param: str | list[str] | None = None, *, strict: bool = True) -> Offer | None:
    """The best offer for the client: ``format=`` first, then the highest q, then table order.

    ``format_param`` may be repeated or comma-separated (SPARQLWrapper sends
    ``format=json-ld&format=application/ld+json,application/x-json+ld``): the first known one wins.
    Returns None (``strict=False``) or raises NotAcceptable (``strict=True``) when nothing fits.
    """
    values = [format_param] if isinstance(format_param, str) else list(format_param or [])
    wanted = [w.strip().lower() for v in values for w in v.split(",") if w.strip()]
    if wanted:
        for w in wanted:
            for o in offers:
                if w == o.media_type or w in o.names:
                    return o
        if strict:
            raise NotAcceptable(f"format={','.join(wanted)!r} is not available here; choose one of: "
                                + ", ".join(sorted({o.names[0] for o in offers})))
        return None
    if not accept or not accept.strip():
        return offers[0]
    ranges = parse_accept(accept)
    if not ranges:
        return offers[0]
    best, best_q = None, 0.0
    for o in offers:
        q = quality(ranges, o.media_type)
        if q > best_q:
            best, best_q = o, q
    if best is None and strict:
        raise NotAcceptable(f"none of the media types in Accept: {accept!r} can be produced here; "
                            "available: " + ", ".join(dict.fromkeys(o.media_type for o in offers)))
    return best


def graph_format_param(format_param: str | list[str] | None) -> list[str]:
    """``format=`` values as read for a graph answer (see :data:`GRAPH_FORMAT_PARAMS`): results
    names mapped to the graph syntax, result-table names dropped, everything else as it is."""
    values = [format_param] if isinstance(format_param, str) else list(format_param or [])
    wanted = [w.strip().lower() for v in values for w in v.split(",") if w.strip()]
    return [GRAPH_FORMAT_PARAMS.get(w, w) for w in wanted if w not in TABLE_ONLY]


def upload_format(content_type: str | None) -> ox.RdfFormat | None:
    """The RDF syntax of a request body from its Content-Type, or None if unsupported."""
    media = (content_type or "").split(";")[0].strip().lower()
    return UPLOADS.get(media)
