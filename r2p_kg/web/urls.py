"""The endpoint's URL table, in one place. System pages live under ``/-/``; ``/`` is left to the
linked-data pages when they are installed (an index otherwise).

================================  ==========================  =====================================
rule                              methods                     what
================================  ==========================  =====================================
``/sparql``                       GET, POST                   SPARQL 1.1 query (and update) endpoint;
                                                              a bare GET is the service description
``/update``                       POST                        SPARQL 1.1 update (with --allow-update)
``/store``, ``/store/<path>``     GET, HEAD, PUT, POST,       Graph Store HTTP Protocol
                                  DELETE
``/.well-known/void``             GET                         VoID description of the dataset
``/health``                       GET                         liveness and readiness
``/openapi.json``                 GET                         OpenAPI description of this HTTP API
``/-/settings``                   GET                         the server's settings
``/dumps/``                       GET                         an index of the dumps (HTML or JSON)
``/dumps/<name>``                 GET                         the built dataset's files (dumps);
                                                              also at ``/-/dumps/<name>``
``/-/``                           GET                         this table as links
================================  ==========================  =====================================
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field

from flask import Blueprint, Flask, Response, request, url_for

from . import conneg, gsp, htmlviews, meta, sparql
from .htmlviews import Cell, Table, View


@dataclass(frozen=True)
class Route:
    rule: str
    endpoint: str  # "<blueprint>.<name>"
    view: Callable
    methods: tuple[str, ...]
    doc: str
    cors: tuple[str, ...] = ()  # methods open to other origins (read-only routes only)
    listed: bool = True
    example_args: dict = field(default_factory=dict)


def index() -> Response:
    """A map of the endpoint's URLs (JSON for programs, a short HTML page for browsers)."""
    links = [{"url": url_for(r.endpoint, _external=True, **r.example_args), "about": r.doc}
             for r in ROUTES if r.listed]
    offers = (conneg._offer("application/json", "json"), conneg._offer("text/html", "html"))
    offer = conneg.negotiate(request.headers.get("Accept"), offers, request.args.getlist("format"))
    if offer.fmt == "json":
        return Response(json.dumps({"links": links}, indent=2), content_type=offer.content_type)
    rows = [(Cell(link["url"], href=link["url"]), Cell(link["about"])) for link in links]
    view = View("index", "endpoint_index", tables=[Table("links", ("col_url", "col_about"), rows)])
    return Response(htmlviews.render(view), content_type=offer.content_type)


READ = ("GET", "HEAD", "OPTIONS")
ROUTES: tuple[Route, ...] = (
    Route("/sparql", "sparql.query", sparql.query, ("GET", "POST"),
          "SPARQL 1.1 Protocol query endpoint; GET without a query: service description",
          cors=("GET", "HEAD", "POST", "OPTIONS")),
    Route("/update", "sparql.update", sparql.update, ("GET", "POST"),
          "SPARQL 1.1 Update (only with --allow-update and a bearer token)"),
    Route("/store", "store.graph_store", gsp.graph_store, ("GET", "PUT", "POST", "DELETE"),
          "Graph Store HTTP Protocol (?default, ?graph=IRI)", cors=READ),
    Route("/store/<path:rest>", "store.graph_store", gsp.graph_store, ("GET", "PUT", "POST", "DELETE"),
          "Graph Store HTTP Protocol, direct graph identification", cors=READ, listed=False),
    Route("/.well-known/void", "meta.void", meta.void, ("GET",), "VoID description of the dataset",
          cors=READ),
    Route("/health", "meta.health", meta.health, ("GET",), "liveness and readiness", cors=READ),
    Route("/openapi.json", "meta.openapi", meta.openapi, ("GET",), "OpenAPI description of the API",
          cors=READ),
    Route("/-/settings", "meta.settings", meta.settings, ("GET",), "settings of this server", cors=READ),
    Route("/dumps/", "meta.dumps", meta.dumps, ("GET",),
          "an index of the dumps: format, size, SHA-256, licence (HTML for browsers, JSON)", cors=READ),
    Route("/dumps/<name>", "meta.dump", meta.dump, ("GET",),
          "the dataset's dumps (r2p.nq, .nt, .nt.gz, .ttl, .trig, .jsonld, .rdf, void.ttl, build.json, "
          "SHA256SUMS)",
          cors=READ, example_args={"name": "r2p.nq"}),
    Route("/-/dumps/<name>", "meta.dump", meta.dump, ("GET",), "the same dumps (older address)",
          cors=READ, listed=False),
    Route("/-/", "meta.index", index, ("GET",), "this list", cors=READ),
)
INDEX_AT_ROOT = Route("/", "meta.index_root", index, ("GET",), "this list", listed=False)


def blueprints() -> list[Blueprint]:
    """The endpoint's blueprints with the routes above."""
    bps: dict[str, Blueprint] = {}
    for r in ROUTES:
        name, _, view_name = r.endpoint.partition(".")
        bp = bps.setdefault(name, Blueprint(name, __name__))
        bp.add_url_rule(r.rule, view_name, r.view, methods=list(r.methods))
    return list(bps.values())


def register(app: Flask) -> dict[str, tuple[str, ...]]:
    """Register the blueprints; returns {endpoint: CORS methods} for the transport hooks."""
    for bp in blueprints():
        app.register_blueprint(bp)
    return {r.endpoint: r.cors for r in ROUTES if r.cors}


def register_root_index(app: Flask) -> None:
    """``/`` shows the index unless another blueprint (the pages) already answers there."""
    if not any(rule.rule == "/" for rule in app.url_map.iter_rules()):
        app.add_url_rule("/", INDEX_AT_ROOT.endpoint, INDEX_AT_ROOT.view)
