"""The page views. Each computes one data structure, then :func:`html` or :func:`rdf` renders it."""

from __future__ import annotations

import json
import logging
import re
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlencode

import pyoxigraph as ox
from flask import Response, current_app, g, render_template, request

from ...config import ONTOLOGY_FILE, QUERIES_DIR
from ...errors import BadRequest, R2PError
from ...iris import VOCAB
from ...namespaces import OWL, SKOS, WD
from ..conneg import ERRORS
from ..conneg import negotiate as match
from ..describe import statistics
from ..errors import render as render_plain
from . import catalogue, facets
from . import pictures as pics
from . import reader as reading
from .citation import citation
from .claims import claims_of as claim_items
from .data import Dataset, Description, describe
from .errors import BadPath, PageNotFound
from .formats import RDF_FORMATS, Format, by_suffix, negotiate, split_suffix

# The page context and the renderers, also reachable here as they were (views.html, views.page …).
from .page import EXTENSION, Page, dataset, init_dataset, kind_of, page  # noqa: F401
from .paths import route_tail
from .render import _finish, alternates, html, rdf, secure_headers  # noqa: F401
from .suggest import nearest

log = logging.getLogger(__name__)

PASSAGES_SHOWN = 12  # passages shown open on an entity page; the rest fold away
PASSAGES_MAX = 100  # passages on one entity page; past that, a link to a query that lists them all
# An IRI path: no spaces, controls, or the characters RFC 3987 excludes; no empty, '.' or '..' segments.
_PATH_OK = re.compile(r"^[^\s<>\"{}|\\^`#?\x00-\x1f\x7f]+$")


# Like the endpoint's error offers, but a page by default: these URLs are pages first.
_ERROR_OFFERS = tuple(o for o in ERRORS if o.fmt == "html") + tuple(o for o in ERRORS if o.fmt != "html")


def render_error(exc: R2PError) -> Response:
    """A helpful page for people; for programs the endpoint's one error shape (JSON or text)."""
    status = exc.http_status if 400 <= exc.http_status < 600 else 500
    code = getattr(exc, "code", type(exc).__name__)
    if status >= 500:
        log.error("page error: %s", exc)
    offer = match(request.headers.get("Accept"), _ERROR_OFFERS, strict=False)
    if offer is not None and offer.fmt == "html":
        resp = html("error.html", status=status, message=exc.message, status_code=status, code=code,
                    suggestions=error_suggestions(status))
        resp.headers.update(dict(getattr(exc, "headers", {}) or {}))
        resp.headers["Cache-Control"] = "no-store"
        return resp
    return render_plain(status, code, exc.message, dict(getattr(exc, "headers", {}) or {}))


def error_suggestions(status: int) -> list[tuple[str, str]]:
    """Where to go from an error page: close IRIs for a 404 under ``/id/``, the entry points."""
    try:
        return _suggestions() if status == 404 else _entry_points()
    except R2PError:
        return []


def _suggestions() -> list[tuple[str, str]]:
    """For a 404: IRIs of the same kind with the nearest names (from an index, see
    :mod:`.suggest`), then the site's entry points."""
    p = page()
    out: list[tuple[str, str]] = []
    parts = request.path.strip("/").split("/")
    if len(parts) >= 2 and parts[0] in ("id", "graph"):
        prefix = p.ds.base + "/".join(parts[:-1]) + "/"
        for iri in nearest(p.ds, prefix, parts[-1]):
            out.append((p.href(iri), p.label(iri)))
    return out + _entry_points()


def _entry_points() -> list[tuple[str, str]]:
    """Home, browse and the reader of each report."""
    p = page()
    out = [("/", p.t("home")), ("/-/search", p.t("search")), ("/-/browse", p.t("browse"))]
    slugs = reading.report_slugs(p.ds)
    for slug in slugs:
        out.append((f"/report/{slug}", p.t("reader") + (f" ({slug})" if len(slugs) > 1 else "")))
    return out


# --- paths -> IRIs -------------------------------------------------------------------------------

def checked_path(rest: str) -> str:
    """The path after ``/id/`` or ``/graph/``, or :class:`BadPath` when it cannot be part of an IRI."""
    if not rest or not _PATH_OK.match(rest):
        raise BadPath(f"not a valid IRI path: {rest[:80]!r}")
    if any(seg in ("", ".", "..") for seg in rest.split("/")):
        raise BadPath(f"empty, '.' or '..' path segment in {rest[:80]!r}")
    return rest


def resolve(prefix: str, rest: str) -> tuple[str, Format | None]:
    """(IRI, suffix format) for ``/prefix/rest``: a suffix counts only when the IRI without it exists.
    The path is read as the client wrote it (``%2F`` is not ``/``, see :mod:`.paths`)."""
    ds = dataset()
    rest = checked_path(route_tail("/" + prefix, rest))
    full = ds.base + prefix + rest
    stem, fmt = split_suffix(rest)
    try:
        if fmt is not None and not ds.exists(ox.NamedNode(full)):
            return ds.base + prefix + stem, fmt
        ox.NamedNode(full)
    except ValueError as exc:
        raise BadPath(f"not a valid IRI: {exc}") from None
    return full, None


# --- views -----------------------------------------------------------------------------------------

def resource(rest: str) -> Response:
    """An entity: its description as a page or RDF."""
    iri, suffix = resolve("id/", rest)
    fmt = negotiate(request, suffix)
    p = page()
    desc = describe(p.ds, iri, p.labels)
    if desc is None:
        raise PageNotFound(f"no resource {iri}", where=iri)
    path = p.href(iri)
    twins = alternates(path)
    if fmt.rdf is not None:
        return rdf(desc.triples(p.ds), fmt, twins)
    sources = list(dict.fromkeys(m.source for m in desc.mentions))
    kept = set(sources[:PASSAGES_MAX])
    passages = reading.mention_passages(p.ds, [m for m in desc.mentions if m.source in kept], p)
    all_passages = ("/query?" + urlencode({"query": ALL_PASSAGES.format(iri=ox.NamedNode(iri))})
                    if len(sources) > PASSAGES_MAX else "")
    own_text = reading.passage(p.ds, iri, p)
    notes = reading.notes_of(p.ds, iri, p) if own_text is not None else []
    translated = reading.translated_passage(p.ds, iri, notes, p) if own_text is not None else None
    stats = pics.statistic_items(p.ds, p, about=ox.NamedNode(iri))
    return html("resource.html", twins=twins, d=desc, passages=passages, own_text=own_text,
                citable=citation(p.ds, iri, p.labels) is not None, facet_link=facet_link(p.ds, iri),
                claims=claim_items(p.ds, iri, p),
                externals=external_links(desc), path=path, stats=stats, notes=notes, translated=translated,
                shown=PASSAGES_SHOWN, passages_total=len(sources), all_passages=all_passages,
                inbound_query=lambda prop: "/query?" + urlencode({"query": ALL_INBOUND.format(
                    prop=ox.NamedNode(prop), iri=ox.NamedNode(iri))}))


# The query behind "all N passages" on an entity page; {iri} is an ox.NamedNode, written by Oxigraph
# (an IRI that parsed as one, so it cannot end the <...> it is written in).
ALL_PASSAGES = """PREFIX oa: <http://www.w3.org/ns/oa#>
PREFIX r2p: <https://w3id.org/r2p/ontology#>
SELECT ?passage (COUNT(?mention) AS ?mentions) ?text WHERE {{
  ?mention oa:hasBody {iri} ; oa:hasTarget ?target .
  ?target oa:hasSource ?passage .
  ?passage r2p:text ?text .
}}
GROUP BY ?passage ?text
ORDER BY ?passage"""


# The query behind "... N more" in "What links here" (terms written by Oxigraph, as above).
ALL_INBOUND = """SELECT DISTINCT ?s WHERE {{ ?s {prop} {iri} }} ORDER BY ?s"""


def facet_link(ds: Dataset, iri: str) -> str:
    """``/-/paragraphs?<facet>=<key>`` when paragraphs can be narrowed to those naming ``iri``, else ''."""
    tab = facets.table(ds)
    for name in tab.names:
        if iri in tab.members[name]:
            return "/-/paragraphs?" + urlencode({name: tab.key_of(name, iri)})
    return ""


def external_links(desc: Description) -> list[tuple[str, str]]:
    """(label, URL) for identifiers that have a home elsewhere: Wikidata, ISO 3166, UN documents."""
    out: list[tuple[str, str]] = []
    for prop, values in desc.properties:
        for v in values:
            if v.iri and v.iri.startswith(WD):
                out.append((f"Wikidata {v.iri.rsplit('/', 1)[-1]}", v.iri.replace("/entity/", "/wiki/")))
            elif prop.endswith("#iso3166Alpha2") and re.fullmatch(r"[A-Z]{2}", v.text):
                out.append((f"ISO 3166-1 {v.text}", f"https://www.iso.org/obp/ui/#iso:code:3166:{v.text}"))
            elif prop.endswith("#symbol") and v.text and "/" in v.text:
                out.append((f"UN {v.text}", "https://undocs.org/" + quote(v.text, safe="/()")))
            elif prop.endswith("#url") and v.text.startswith(("http://", "https://")):
                out.append((v.text, v.text))
    return out


def graph(rest: str) -> Response:
    """A named graph: a summary page, or all its triples."""
    iri, suffix = resolve("graph/", rest)
    fmt = negotiate(request, suffix)
    p = page()
    node = ox.NamedNode(iri)
    if not p.ds.has_graph(node):
        raise PageNotFound(f"no named graph {iri}", where=iri)
    twins = alternates(p.href(iri))
    if fmt.rdf is not None:
        return rdf(p.ds.graph_triples(node), fmt, twins)
    classes = p.ds.select("SELECT ?g ?c (COUNT(DISTINCT ?s) AS ?n) WHERE { GRAPH ?g { ?s a ?c } } "
                          "GROUP BY ?g ?c ORDER BY DESC(?n)", g=node)
    size = len(p.ds.graph_triples(node))
    return html("graph.html", twins=twins, iri=iri, size=size,
                classes=[(r["c"].value, int(r["n"].value)) for r in classes])


def ontology(ext: str | None = None) -> Response:
    """The ontology: generated HTML docs for browsers, the OWL source in any RDF format for programs."""
    fmt = negotiate(request, by_suffix(ext) if ext else None)
    twins = [(f"/ontology.{f.suffix}", f.media_type, f.name) for f in RDF_FORMATS]
    if fmt.rdf is not None:
        if not ONTOLOGY_FILE.is_file():
            raise PageNotFound("the ontology file is not there yet")
        if fmt.rdf == ox.RdfFormat.TURTLE:
            resp = Response(ONTOLOGY_FILE.read_bytes(), mimetype="text/turtle")
            return _finish(resp, twins)
        return rdf(list(ox.parse(path=str(ONTOLOGY_FILE), format=ox.RdfFormat.TURTLE)), fmt, twins)
    ds = dataset()
    docs = (ds.dist / "ontology.html") if ds.dist else None
    if docs is not None and docs.is_file():
        g.inline_styles = True  # pyLODE's page carries its own <style>; scripts stay blocked
        resp = Response(with_site_bar(docs.read_text(encoding="utf-8")), mimetype="text/html")
        return _finish(resp, twins)
    return html("ontology.html", twins=twins, groups=ontology_terms(ds, page()))


def ontology_terms(ds: Dataset, p: Page) -> list[tuple[str, list[dict[str, Any]]]]:
    """The ontology's terms by kind (classes, properties, individuals), each with both labels and
    definitions: the page shown when the build has not generated pyLODE's documentation."""
    rows = ds.select("SELECT ?ns ?term ?kind WHERE { ?term a ?kind . "
                     "FILTER(STRSTARTS(STR(?term), STR(?ns))) } ORDER BY ?term", ns=ox.Literal(VOCAB))
    kinds = {OWL + "Class": "classes", OWL + "ObjectProperty": "object_properties",
             OWL + "DatatypeProperty": "datatype_properties", OWL + "NamedIndividual": "individuals"}
    groups: dict[str, dict[str, dict[str, Any]]] = {k: {} for k in kinds.values()}
    for r in rows:
        group = kinds.get(r["kind"].value)
        term = r["term"].value
        if group and term not in groups[group]:
            node = ox.NamedNode(term)
            definitions = {(t.object.language or ""): t.object.value
                           for t in ds.triples(node, ox.NamedNode(SKOS + "definition"))
                           if isinstance(t.object, ox.Literal)}
            groups[group][term] = {"iri": term, "name": term[len(VOCAB):], "labels": p.labels.of(term),
                                   "definitions": definitions}
    return [(name, list(terms.values())) for name, terms in groups.items() if terms]


def with_site_bar(docs: str) -> str:
    """pyLODE's page with a thin bar back to the site (its own layout is left as it is)."""
    p = page()
    bar = render_template("pages/_sitebar.html", p=p, t=p.t)
    head_end = docs.find("</head>")
    if head_end >= 0:
        link = '<link rel="stylesheet" href="/-/static/pages/sitebar.css">'
        docs = docs[:head_end] + link + docs[head_end:]
    body = re.search(r"<body[^>]*>", docs)
    return docs[:body.end()] + bar + docs[body.end():] if body else bar + docs


def home() -> Response:
    """The home page: the report(s), what the graph holds, the ways in."""
    p = page()
    reports = reading.reports(p.ds, p)
    classes = p.ds.select("SELECT ?c (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s a ?c } GROUP BY ?c ORDER BY DESC(?n)")
    twins = [(f"/graph/{slug}.ttl", "text/turtle", f"{slug}.ttl") for slug in reading.report_slugs(p.ds)]
    # The home page lists the domain's classes; annotation and OWL machinery stay on /-/browse.
    return html("home.html", twins=twins, reports=reports,
                classes=[(r["c"].value, int(r["n"].value)) for r in classes
                         if r["c"].value.startswith(VOCAB) and r["c"].value != VOCAB + "Mention"])


def reader(slug: str) -> Response:
    """The whole report, section by section, with mentions, markers and links."""
    p = page()
    if not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9._-]*", slug):
        raise BadPath(f"not a report slug: {slug[:80]!r}")
    doc = reading.read(p.ds, slug, p)
    if doc is None:
        raise PageNotFound(f"no report {slug!r}", where=request.path)
    path = p.href(doc["iri"])
    return html("reader.html", twins=alternates(path), doc=doc)


def browse() -> Response:
    """Entities of one class, or the classes with their counts."""
    p = page()
    cls = request.args.get("class", "")
    if not cls:
        classes = p.ds.select("SELECT ?c (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s a ?c } GROUP BY ?c ORDER BY DESC(?n)")
        return html("browse.html", cls=None, items=[],
                    classes=[(r["c"].value, int(r["n"].value)) for r in classes])
    try:
        node = ox.NamedNode(cls)
    except ValueError:
        raise BadPath(f"not an IRI: {cls[:80]!r}") from None
    rows = p.ds.select("SELECT ?c ?s ?n WHERE { ?s a ?c . OPTIONAL { ?s r2p:number ?n } } "
                       "ORDER BY ?n ?s LIMIT 5000", c=node)
    items = [r["s"].value for r in rows if isinstance(r["s"], ox.NamedNode)]
    return html("browse.html", cls=cls, items=items, classes=[])


def query() -> Response:
    """The SPARQL editor, preloaded with the competency questions."""
    g.inline_styles = True  # the editor library sets style attributes in its markup
    examples = catalogue.examples(Path(current_app.config.get("PAGES_QUERIES") or QUERIES_DIR))
    chosen = request.args.get("example", "")
    text = request.args.get("query", "")
    if chosen:
        found = next((e for e in examples if e.name == chosen), None)
        if found is None:
            raise PageNotFound(f"no example query {chosen!r}")
        text = found.text
    if not text:
        text = examples[0].text if examples else catalogue.DEFAULT_QUERY
    view = request.args.get("view", "")
    if view and view not in catalogue.RESULT_VIEWS:
        raise BadRequest(f"no result view {view[:40]!r}; the views are: {', '.join(catalogue.RESULT_VIEWS)}",
                         where="view")
    map_scripts = next(x.scripts for x in pics.PICTURES if x.name == "map")  # the results' map draws with it
    return html("query.html", examples=examples, text=text, chosen=chosen, view=view, map_scripts=map_scripts,
                result_formats=catalogue.RESULT_FORMATS, graph_formats=catalogue.GRAPH_FORMATS,
                form=catalogue.query_form(text), vocabulary=catalogue.vocabulary(statistics()),
                autorun=bool(chosen or request.args.get("query")))


def pictures() -> Response:
    """The index of pictures."""
    return html("pictures.html", pictures=pics.PICTURES)


def picture(name: str) -> Response:
    """One picture: a canvas the script fills from the JSON twin, and the same data as a table."""
    spec = pics.get(name)
    p = page()
    g.inline_styles = True  # the drawing libraries insert <style> elements; scripts stay 'self' only
    data = spec.compute(p.ds, p)
    return html("picture.html", spec=spec, data=data,
                twins=[(f"/pictures/{name}.json", "application/json", "json")])


def picture_data(name: str) -> Response:
    """A picture's data as JSON, computed from the graph now."""
    spec = pics.get(name)
    p = page()
    resp = current_app.response_class(json.dumps(spec.compute(p.ds, p), ensure_ascii=False),
                                      mimetype="application/json")
    resp.vary.update(("Accept-Language", "Cookie"))
    return resp

