"""The released versions of the shapes and the ontology at stable paths, with content negotiation:

``/shapes``                 the working copy of the shapes (both files: violations and warnings)
``/shapes/<version>``       a released version of the shapes (``/shapes/0.1.0``)
``/ontology/<version>``     a released version of the ontology (``/ontology/0.1.0``)

Each is a page for browsers and RDF for programs (``Accept``, ``?format=``, or a suffix such as
``/shapes/0.1.0.ttl``). A release whose version is not bundled is a 404 that lists the ones there
are. The files are read from the package (:mod:`r2p_kg.validation.releases`), never fetched.
"""

from __future__ import annotations

import pyoxigraph as ox
from flask import Response, request

from ...namespaces import OWL, RDF, RDFS, SH, SKOS
from ...validation.releases import Release, find, released, versions, working_copy
from .errors import PageNotFound
from .formats import RDF_FORMATS, by_suffix, negotiate, split_suffix
from .views import _finish, html, rdf

RDFS_LABEL = RDFS + "label"
SKOS_DEFINITION = SKOS + "definition"
RDF_TYPE = RDF + "type"
_KINDS = {"shapes": (SH + "NodeShape", SH + "PropertyShape"),
          "ontology": (OWL + "Class", OWL + "ObjectProperty", OWL + "DatatypeProperty")}


def shapes(version: str | None = None) -> Response:
    return _serve("shapes", version)


def shapes_file(ext: str) -> Response:
    return _serve("shapes", None, ext)


def ontology_release(version: str) -> Response:
    return _serve("ontology", version)


def _serve(kind: str, version: str | None, ext: str | None = None) -> Response:
    fmt = None
    if version is not None:
        version, fmt = split_suffix(version)
    elif ext is not None:
        fmt = by_suffix(ext)
    release = working_copy(kind) if version is None else find(kind, version)
    if release is None or (version is not None and not release.released):
        there = ", ".join(r.version for r in released(kind))
        raise PageNotFound(f"no released {kind} version {version!r}; released: {there}",
                           where=f"/{kind}/{version}")
    path = f"/{kind}" if release.current else f"/{kind}/{release.version}"
    twins = [(f"{path}.{f.suffix}", f.media_type, f.name) for f in RDF_FORMATS]
    fmt = negotiate(request, fmt)
    quads = _quads(release)
    if fmt.rdf is not None:
        if fmt.rdf == ox.RdfFormat.TURTLE and len(release.files) == 1:
            resp = Response(release.files[0].read_bytes(), mimetype="text/turtle")  # with its comments
            return _finish(resp, twins)
        return rdf([ox.Triple(q.subject, q.predicate, q.object) for q in quads], fmt, twins)
    return html("release.html", twins=twins, release=release, kind=kind,
                all_versions=[(r, f"/{kind}" if r.current else f"/{kind}/{r.version}")
                              for r in versions(kind)],
                headers=_headers(quads), terms=_terms(kind, quads), size=len(quads))


def _quads(release: Release) -> list[ox.Quad]:
    return [q for f in release.files for q in ox.parse(path=str(f), format=ox.RdfFormat.TURTLE)]


def _texts(quads: list[ox.Quad], subject: ox.NamedNode | ox.BlankNode, predicate: str) -> dict[str, str]:
    out: dict[str, str] = {}
    for q in quads:
        if q.subject == subject and q.predicate.value == predicate and isinstance(q.object, ox.Literal):
            out.setdefault(q.object.language or "", q.object.value)
    return out


def _one(quads: list[ox.Quad], s: ox.NamedNode | ox.BlankNode, p: str) -> str:
    """The value of the first ``p`` of ``s``, or ""."""
    return next((x.object.value for x in quads if x.subject == s and x.predicate.value == p
                 and isinstance(x.object, ox.NamedNode | ox.Literal)), "")


def _headers(quads: list[ox.Quad]) -> list[dict]:
    """Each file's owl:Ontology: its IRI, labels, versionInfo, versionIRI, priorVersion."""
    out = []
    for q in quads:
        s = q.subject
        if (q.predicate.value == RDF_TYPE and q.object == ox.NamedNode(OWL + "Ontology")
                and isinstance(s, ox.NamedNode | ox.BlankNode)):
            out.append({"iri": s.value, "labels": _texts(quads, s, RDFS_LABEL),
                        "version": _one(quads, s, OWL + "versionInfo"),
                        "version_iri": _one(quads, s, OWL + "versionIRI"),
                        "prior": _one(quads, s, OWL + "priorVersion")})
    return out


def _terms(kind: str, quads: list[ox.Quad]) -> list[dict]:
    """Named shapes (label, message) or ontology terms (label, definition), sorted by IRI."""
    types = _KINDS[kind]
    named = sorted({q.subject.value for q in quads if q.predicate.value == RDF_TYPE
                    and isinstance(q.object, ox.NamedNode) and q.object.value in types
                    and isinstance(q.subject, ox.NamedNode)})
    out = []
    for iri in named:
        node = ox.NamedNode(iri)
        out.append({"iri": iri, "name": iri.rsplit("#", 1)[-1].rsplit("/", 1)[-1],
                    "labels": _texts(quads, node, RDFS_LABEL),
                    "notes": _texts(quads, node, SH + "message" if kind == "shapes" else SKOS_DEFINITION)})
    return out
