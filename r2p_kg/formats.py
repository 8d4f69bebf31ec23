"""The registry of RDF syntaxes: one row per syntax, one home for its names, media types and suffixes.

The endpoint's content negotiation (:mod:`r2p_kg.web.conneg`), the resource pages' twins
(:mod:`r2p_kg.web.pages.formats`), the query page's downloads, the stores (embedded and remote), the
service description, the validator's file types and the dumps' media types all derive their tables
from :data:`SYNTAXES`. A syntax added here is offered for graph answers at once; ``pages`` says
whether a resource page also links it as a twin (only syntaxes of one graph: a page describes
triples, not quads).
"""

from __future__ import annotations

from dataclasses import dataclass

import pyoxigraph as ox


@dataclass(frozen=True)
class Syntax:
    """One RDF syntax: its format name (``?format=``, the store's), media types and file suffixes."""

    name: str
    media_type: str
    rdf: ox.RdfFormat
    suffixes: tuple[str, ...]       # file suffixes, the one the pages and dumps use first
    names: tuple[str, ...] = ()     # further ``?format=`` names
    aliases: tuple[str, ...] = ()   # further media types a client may ask for (``Accept``)
    w3c: str = ""                   # its name under http://www.w3.org/ns/formats/
    title: str = ""
    pages: bool = False             # resource pages offer it as a twin

    @property
    def suffix(self) -> str:
        return self.suffixes[0]


SYNTAXES: tuple[Syntax, ...] = (
    Syntax("turtle", "text/turtle", ox.RdfFormat.TURTLE, ("ttl", "turtle"), ("ttl",),
           ("application/x-turtle",), "Turtle", "Turtle", pages=True),
    Syntax("ntriples", "application/n-triples", ox.RdfFormat.N_TRIPLES, ("nt", "ntriples"), ("nt", "n-triples"),
           ("text/plain",), "N-Triples", "N-Triples", pages=True),
    Syntax("jsonld", "application/ld+json", ox.RdfFormat.JSON_LD, ("jsonld", "json"), ("json-ld",),
           ("application/json",), "JSON-LD", "JSON-LD", pages=True),
    Syntax("rdfxml", "application/rdf+xml", ox.RdfFormat.RDF_XML, ("rdf", "owl", "xml"), ("rdf", "rdf+xml", "owl"),
           ("application/xml", "text/xml"), "RDF_XML", "RDF/XML", pages=True),
    Syntax("nquads", "application/n-quads", ox.RdfFormat.N_QUADS, ("nq", "nquads"), ("nq", "n-quads"),
           (), "N-Quads", "N-Quads"),
    Syntax("trig", "application/trig", ox.RdfFormat.TRIG, ("trig",), (), (), "TriG", "TriG"),
)
# Format name -> Oxigraph syntax: what the stores parse and serialize graph answers with.
RDF_FORMATS: dict[str, ox.RdfFormat] = {s.name: s.rdf for s in SYNTAXES}
# File suffix (".ttl") -> Oxigraph syntax: how a file named on the command line is read.
BY_SUFFIX: dict[str, ox.RdfFormat] = {"." + x: s.rdf for s in SYNTAXES for x in s.suffixes}


def of_file(name: str) -> Syntax:
    """The syntax of a file by its suffix (``r2p.nt.gz`` -> N-Triples); KeyError for another file."""
    stem = name.removesuffix(".gz")
    suffix = stem.rpartition(".")[2]
    found = next((s for s in SYNTAXES if suffix in s.suffixes), None)
    if found is None:
        raise KeyError(f"no RDF syntax for {name!r}")
    return found


def format_names() -> dict[str, tuple[str, ...]]:
    """Format name -> every name ``?format=`` takes for it (the name first)."""
    return {s.name: (s.name, *s.names) for s in SYNTAXES}
