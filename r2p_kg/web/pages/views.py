"""The page views. Each computes one data structure, then :func:`html` or :func:`rdf` renders it."""

from __future__ import annotations

import json
import logging
import re
import threading
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlencode

import pyoxigraph as ox
from flask import Flask, Response, current_app, g, render_template, request

from ...config import DEFAULT_BASE, DEFAULT_DIST, ONTOLOGY_FILE, QUERIES_DIR, SOURCE_RIGHTS
from ...errors import R2PError
from ...iris import ONTOLOGY, VOCAB
from ...store import choose_store_mode
from ..conneg import ERRORS, negotiate as match
from ..describe import statistics
from ..errors import render as render_plain
from ..transport import make_etag, not_modified
from . import catalogue, facets, pictures as pics, reader as reading
from .citation import citation
from .claims import claims_of as claim_items
from .data import (DEF_KIND, OWL, PREFIXES, SKOS, Dataset, Description, Labels, RemoteDataset, describe,
                   short)
from .errors import BadPath, PageNotFound
from .formats import RDF_FORMATS, Format, by_suffix, negotiate, split_suffix
from .i18n import COOKIE, LANGS, STANDARD_TERMS, choose_lang, translator
from .paths import page_args, raw_path, route_tail
from .suggest import index as suggestion_index, nearest

log = logging.getLogger(__name__)

EXTENSION = "r2p_pages"
PASSAGES_SHOWN = 12  # passages shown open on an entity page; the rest fold away
PASSAGES_MAX = 100  # passages on one entity page; past that, a link to a query that lists them all
# An IRI path: no spaces, controls, or the characters RFC 3987 excludes; no empty, '.' or '..' segments.
_PATH_OK = re.compile(r"^[^\s<>\"{}|\\^`#?\x00-\x1f\x7f]+$")
_PASSAGE = re.compile(r"^id/report/(?P<slug>[^/]+)/(?P<kind>paragraph|footnote)/(?P<n>\d+)$")
_NUMBERED = re.compile(r"^id/report/(?P<slug>[^/]+)/(?P<part>[a-z-]+)/(?P<n>\d+)$")
_PART_ORDER = {"paragraph": 0, "footnote": 1}
_CSP = ("default-src 'self'; script-src 'self'; style-src 'self'{inline}; img-src 'self' data:; "
        "font-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'self'; "
        "form-action 'self'; frame-ancestors 'self'")


# --- the dataset and the page context ------------------------------------------------------------

def init_dataset(app: Flask) -> None:
    """Keep a loader on the app; the dataset itself is read on first use, not at import or startup."""
    app.extensions.setdefault(EXTENSION, {"dataset": app.config.get("PAGES_DATASET")})


def dataset() -> Dataset:
    """The app's dataset: ``PAGES_DATASET`` if given, else ``R2P_DIST`` (default ``dist/``) loaded once."""
    state = current_app.extensions.setdefault(EXTENSION, {"dataset": None})
    if state.get("dataset") is None:
        with _LOAD_LOCK:  # the first requests arrive together: load once, not once each
            if state.get("dataset") is None:
                _load_dataset(state)
                suggestion_index(state["dataset"])  # start indexing names for 404 pages now
    return state["dataset"]


_LOAD_LOCK = threading.Lock()


def _load_dataset(state: dict) -> None:
    """The local build (``R2P_DIST``), or the remote store with ``serve --backend``."""
    dist = Path(current_app.config.get("R2P_DIST") or current_app.config.get("DIST") or DEFAULT_DIST)
    if not current_app.config.get("R2P_BACKEND"):
        mode = "memory"
        if (dist / "r2p.nq").is_file():
            config = current_app.config
            mode = choose_store_mode(dist.resolve(), str(config["R2P_STORE_MODE"]),
                                     writable=bool(config["R2P_ALLOW_UPDATE"]))
        state["dataset"] = Dataset.load(dist, disk=mode == "disk")
        return
    from ..context import get_store
    manifest = dist / "build.json"
    meta = json.loads(manifest.read_text(encoding="utf-8")) if manifest.is_file() else {}
    state["dataset"] = RemoteDataset(get_store(), meta.get("base", DEFAULT_BASE), meta.get("version", ""),
                                     dist)


class Page:
    """Per-request helpers for templates: language, words, labels and local links."""

    def __init__(self, ds: Dataset, lang: str) -> None:
        self.ds = ds
        self.lang = lang
        self.other_lang = LANGS[1 - LANGS.index(lang)]
        self.t = translator(lang)
        self.labels = Labels(ds)

    def href(self, iri: str) -> str:
        """The local path of an IRI this site serves; other IRIs are left as they are."""
        if iri.startswith(self.ds.base):
            return "/" + iri[len(self.ds.base):]
        if iri.startswith(ONTOLOGY):
            return "/ontology" + iri[len(ONTOLOGY):]
        return iri

    def is_local(self, iri: str) -> bool:
        return self.href(iri) != iri

    def label(self, iri: str) -> str:
        if iri in STANDARD_TERMS and not self.labels.of(iri):
            return STANDARD_TERMS[iri][LANGS.index(self.lang)]
        return self.labels.get(iri, self.lang)

    def label_other(self, iri: str) -> str:
        """The label in the other language, when it differs from the page language's one."""
        found = self.labels.of(iri)
        other = found.get(self.other_lang, "")
        return other if other and other != found.get(self.lang) else ""

    def kind(self, iri: str) -> str:
        """The entity kind from its IRI (``{base}id/<kind>/…``): a CSS class and a colour."""
        return kind_of(iri, self.ds.base)

    def kind_name(self, iri: str) -> str:
        """The entity kind in the page language (``countries``/``国家或地区``), else its IRI word."""
        kind = self.kind(iri)
        word = self.t("k_" + kind)
        return kind if word == "k_" + kind else word

    def short(self, iri: str) -> str:
        return short(iri)

    def curie(self, iri: str) -> str:
        """``rdfs:label`` for a known namespace, else the whole IRI."""
        s = short(iri)
        return s if ":" in s and not s.startswith(("http:", "https:")) else iri

    def reader_href(self) -> str:
        """The reader of the (first) report, for the navigation."""
        slugs = reading.report_slugs(self.ds)
        return f"/report/{slugs[0]}" if slugs else "/"

    def in_reader(self, iri: str) -> str:
        """Where a paragraph or footnote sits in the reader (``/report/<slug>#p13``), or ''."""
        m = _PASSAGE.match(iri[len(self.ds.base):]) if iri.startswith(self.ds.base) else None
        if not m:
            return ""
        anchor = "p" if m["kind"] == "paragraph" else "fn-"
        return f"/report/{m['slug']}#{anchor}{m['n']}"

    def ordered(self, iris: list[str]) -> list[str]:
        """Passages in the report's order (paragraphs, then footnotes, then other numbered parts, by
        number), then everything else by its label in the page language."""
        def key(iri: str) -> tuple:
            m = _NUMBERED.match(iri[len(self.ds.base):]) if iri.startswith(self.ds.base) else None
            if m:
                return (0, m["slug"], _PART_ORDER.get(m["part"], len(_PART_ORDER)), m["part"], int(m["n"]), "")
            return (1, "", 0, "", 0, self.label(iri).casefold(), iri)
        return sorted(iris, key=key)

    def lang_url(self, lang: str) -> str:
        args = [(k, v) for k, v in page_args() if k != "lang"]  # parameters that change nothing are dropped
        return request.path + "?" + urlencode(args + [("lang", lang)])


def kind_of(iri: str, base: str) -> str:
    """``country`` for ``{base}id/country/FR``; ``paragraph`` for a report's paragraph."""
    if iri.startswith(ONTOLOGY):
        return "term"
    if iri.startswith(base + "id/"):
        rest = iri[len(base) + 3:].split("/")
        if rest[0] == "report" and len(rest) >= 3:
            return rest[2].replace("-", "")  # paragraph, footnote, section, statistic, …
        return rest[0]
    return DEF_KIND


def page() -> Page:
    """This request's :class:`Page`, made once."""
    if "r2p_page" not in g:
        g.r2p_page = Page(dataset(), choose_lang(request))
    return g.r2p_page


# --- rendering -----------------------------------------------------------------------------------

def alternates(path: str, formats: tuple[Format, ...] = RDF_FORMATS) -> list[tuple[str, str, str]]:
    """(href, media type, name) of each twin of the page at ``path``."""
    return [(f"{path}.{f.suffix}", f.media_type, f.name) for f in formats]


def html(template: str, status: int = 200, twins: list[tuple[str, str, str]] | None = None,
         **data: Any) -> Response:
    p = page()
    body = render_template(f"pages/{template}", p=p, t=p.t, lang=p.lang, twins=twins or [],
                           rights=SOURCE_RIGHTS, **data)
    resp = Response(body, status=status, mimetype="text/html")
    return _finish(resp, twins)


def rdf(triples: list[ox.Triple], fmt: Format, twins: list[tuple[str, str, str]] | None = None) -> Response:
    assert fmt.rdf is not None
    kwargs: dict[str, Any] = {}
    if fmt.rdf in (ox.RdfFormat.TURTLE, ox.RdfFormat.RDF_XML, ox.RdfFormat.JSON_LD):
        kwargs["prefixes"] = PREFIXES
    body = ox.serialize(triples, format=fmt.rdf, **kwargs)
    resp = Response(body, mimetype=fmt.media_type)
    if fmt.rdf != ox.RdfFormat.RDF_XML:
        resp.charset = "utf-8"
    return _finish(resp, twins)


def _finish(resp: Response, twins: list[tuple[str, str, str]] | None) -> Response:
    """Headers every representation carries: Vary, Link to the twins (pages only), the language cookie, and
    (the data being read-only) an ETag per build, language, URL and format, answered with 304."""
    resp.vary.update(("Accept", "Accept-Language", "Cookie"))
    # Pages name their twins; RDF answers do not: JSON-LD loaders (pyld) read "alternate" links on a
    # JSON-LD answer as a redirect to follow and fail on several of them.
    if twins and resp.mimetype == "text/html":
        resp.headers["Link"] = ", ".join(f'<{quote(h, safe="/:.-_~%")}>; rel="alternate"; type="{mt}"'
                                         for h, mt, _ in twins)
    asked = request.args.get("lang")
    if asked in LANGS:
        resp.set_cookie(COOKIE, asked, max_age=365 * 24 * 3600, samesite="Lax")
    version = dataset().version
    if resp.status_code != 200 or not version:
        return resp
    etag = make_etag(version, page().lang, request.url_root, raw_path(), page_args(), resp.mimetype)
    resp.headers["ETag"] = etag
    resp.cache_control.public = True
    resp.cache_control.max_age = 300
    held = not_modified(etag)
    if held:
        resp.set_data(b"")
        resp.status_code = 304
        resp.headers["ETag"] = held
        resp.headers.pop("Set-Cookie", None)
    return resp


def secure_headers(resp: Response) -> Response:
    """CSP allowing only this site's scripts (no inline ones), and the usual hardening headers."""
    inline = " 'unsafe-inline'" if g.get("inline_styles") else ""
    resp.headers.setdefault("Content-Security-Policy", _CSP.format(inline=inline))
    resp.headers.setdefault("X-Content-Type-Options", "nosniff")
    resp.headers.setdefault("Referrer-Policy", "same-origin")
    return resp


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
            if v.iri and v.iri.startswith("http://www.wikidata.org/entity/"):
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
            resp.charset = "utf-8"
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
                           for t in ds.triples(node, ox.NamedNode(SKOS + "definition"))}
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
    return html("query.html", examples=examples, text=text, chosen=chosen,
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

