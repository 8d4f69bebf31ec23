"""Linked-data pages: every IRI of the graph as a page for people and as RDF for programs.

The URL table (one place; ``ROUTES`` below registers it):

=============================  ===================================================================
``/``                          home: the report, what the graph holds, ways in
``/report/<slug>``             the reader: the whole report with mentions and footnotes linked
``/report/<slug>/recommendations``  its recommendations: speech act, speaker, addressees, sentence
``/id/<path>``                 any entity IRI ``{base}id/<path>``: page or RDF by Accept;
                               ``.html .ttl .jsonld .nt .rdf`` suffixes and ``?format=`` for links
``/graph/<path>``              a named graph ``{base}graph/<path>``: summary page or its triples
``/ontology``                  the ontology: pyLODE HTML for browsers, OWL for programs (terms are
``/ontology.<ext>``            hash IRIs ``…/ontology#Term``, so they all resolve here)
``/ontology/<version>``        a released ontology (``/ontology/0.1.0``); page or RDF by Accept
``/shapes``                    the SHACL shapes (working copy); ``/shapes/<version>`` a release
``/query``                     the SPARQL editor with the ``queries/`` catalogue as named examples
``/pictures``                  network, timeline, statistics charts, world map
``/pictures/<name>``           one picture (HTML with a table fallback)
``/pictures/<name>.json``      the picture's data, computed by live queries of the graph
``/-/browse``                  entities by class (``?class=IRI``)
``/-/search``                  full-text search (``?q=``, ``kind=``, ``offset=``; JSON and CSV too)
``/-/paragraphs``              paragraphs by facet (``?country=SD&crime=genocide``; JSON and CSV too)
``/-/cite``                    a citation (``?iri=…&format=text|bibtex|csl|ris``, or by Accept)
``/-/mentions``                an entity's mentions (``?iri=…``; JSON and CSV too)
``/-/static/<file>``           the pages' CSS, scripts and vendored libraries
``/-/static/pages/kinds.css``  the entity kinds' colours, made from ``data/kinds.csv``
=============================  ===================================================================

The server maps its own host to the dataset's canonical base, as Pubby does: ``/id/country/FR``
here describes ``https://w3id.org/r2p/id/country/FR`` whatever host serves it.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from flask import Blueprint, Flask, request
from werkzeug.routing import PathConverter

from ..context import on_warm_up
from ..transport import open_to_other_origins
from . import cite, claims, deadline, labels, mentions, pagecache, paragraphs, releases, search, styles, system, views

log = logging.getLogger(__name__)

STATIC = Path(__file__).resolve().parent.parent / "static"


@dataclass(frozen=True)
class Route:
    rule: str
    endpoint: str
    view: Callable
    doc: str
    cors: bool = False  # readable by pages of other origins (linked-data clients in browsers)


ROUTES: tuple[Route, ...] = (
    Route("/", "home", views.home, "home page"),
    Route("/report/<slug>", "reader", views.reader, "the report reader"),
    Route("/report/<slug>/recommendations", "recommendations", claims.recommendations_view,
          "a report's recommendations with their sentences"),
    Route("/id/<anypath:rest>", "resource", views.resource, "an entity IRI: page or RDF", cors=True),
    Route("/graph/<anypath:rest>", "graph", views.graph, "a named graph: page or RDF", cors=True),
    Route("/ontology", "ontology", views.ontology, "the ontology: docs or OWL", cors=True),
    Route("/ontology.<ext>", "ontology_file", views.ontology, "the ontology in one format", cors=True),
    Route("/ontology/<version>", "ontology_release", releases.ontology_release, "a released ontology",
          cors=True),
    Route("/shapes", "shapes", releases.shapes, "the SHACL shapes (working copy)", cors=True),
    Route("/shapes.<ext>", "shapes_file", releases.shapes_file, "the shapes in one format", cors=True),
    Route("/shapes/<version>", "shapes_release", releases.shapes, "a released version of the shapes", cors=True),
    Route("/query", "query", views.query, "the SPARQL editor"),
    Route("/pictures", "pictures", views.pictures, "the pictures"),
    Route("/pictures/<name>.json", "picture_data", views.picture_data, "a picture's data", cors=True),
    Route("/pictures/<name>", "picture", views.picture, "one picture"),
    Route("/-/browse", "browse", views.browse, "entities by class"),
    Route("/-/search", "search", search.search, "full-text search of the report and the names"),
    Route("/-/paragraphs", "paragraphs", paragraphs.paragraphs, "paragraphs narrowed by facets"),
    Route("/-/cite", "cite", cite.cite, "a citation of a passage, report or entity", cors=True),
    Route("/-/mentions", "mentions", mentions.mentions, "an entity's mentions, as a table, CSV or JSON",
          cors=True),
    Route("/-/labels", "labels", labels.labels, "labels of IRIs in the page language, as JSON", cors=True),
    Route("/-/static/pages/kinds.css", "kinds_css", styles.kinds_css, "the entity kinds' colours"),
)


class AnyPathConverter(PathConverter):
    """Like ``path``, but also matching control characters (a newline), so that such a path reaches
    the view and gets its 400 instead of the router's generic 404."""

    regex = r"[^/][\s\S]*?"


class PagesBlueprint(Blueprint):
    """Static files cached by browsers: a day for the pinned vendor libraries, minutes for our own."""

    def get_send_file_max_age(self, filename: str | None) -> int | None:
        return 86400 if filename and filename.startswith("vendor/") else 300


def blueprint() -> Blueprint:
    """A fresh blueprint with the URL table, static files and error handlers."""
    bp = PagesBlueprint("pages", __name__, template_folder="templates",
                   static_folder=str(STATIC), static_url_path="/-/static")
    for r in ROUTES:
        bp.add_url_rule(r.rule, r.endpoint, r.view, methods=["GET", "HEAD"])
    bp.register_error_handler(views.R2PError, views.render_error)
    bp.before_request(deadline.start)  # before_request functions run in order, until one answers
    bp.before_request(pagecache.serve_cached)
    bp.before_request(_take_turn)  # a page that was not in the cache is rendered in its turn
    bp.teardown_request(deadline.finish)
    bp.after_request(pagecache.keep)  # after_request runs last-registered first: keep sees the CSP
    bp.after_request(views.secure_headers)
    return bp


def _take_turn() -> None:
    if request.endpoint not in ("pages.static", "pages.kinds_css"):  # static files are cheap: they never wait
        deadline.take_turn()


def init_app(app: Flask) -> None:
    """Mount the pages on ``app``: ``PAGES_DATASET`` (a Dataset) or ``R2P_DIST`` (a folder) feeds them."""
    app.url_map.converters.setdefault("anypath", AnyPathConverter)
    app.register_blueprint(blueprint())
    for r in ROUTES:
        if r.cors:
            open_to_other_origins(app, f"pages.{r.endpoint}")
    views.init_dataset(app)
    on_warm_up(app, "pages", lambda _app: views.dataset())  # loaded as the server starts
    system.init_app(app)
    pagecache.init_app(app)
    deadline.init_app(app)
