"""The dataset described for machines: the SPARQL service description and the VoID description.

Both are built from the dataset's statistics — counted by the build (``build.json``, see
:mod:`r2p_kg.stats`) for the built dataset, or else (after updates, or over a remote backend) by
queries of the store, once per dataset version — and from the URL the client actually used
(``X-Forwarded-*`` honoured behind a trusted proxy), never from a configured host name. The VoID
triples come from :mod:`r2p_kg.dist`, which also describes the dumps.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable

import pyoxigraph as ox
from flask import Response, current_app, request, url_for

from ..config import DEFAULT_BASE, GRAPH_LICENSE
from ..dist import TITLE, named_bnode, statistics_triples, void_triples
from ..formats import RDF_FORMATS, SYNTAXES
from ..namespaces import DCT, FORMATS, RDF, SD, VOID, XSD, prefixes
from ..rdfbytes import serialize
from . import conneg, htmlviews
from .context import described, get_store, served_manifest
from .htmlviews import Cell, Table, View
from .transport import cache_control, make_etag, not_modified

log = logging.getLogger(__name__)

RDF_TYPE = ox.NamedNode(RDF + "type")
XSD_INT = ox.NamedNode(XSD + "integer")
RESULT_FORMAT_IRIS = ("SPARQL_Results_JSON", "SPARQL_Results_XML", "SPARQL_Results_CSV",
                      "SPARQL_Results_TSV", *(s.w3c for s in SYNTAXES))
PAGE_OFFERS = conneg.GRAPHS + (conneg._offer("text/html", "html"),)
STATS_TIMEOUT = 30.0

_STATS_QUERIES = {
    "triples": "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }",
    "entities": "SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s ?p ?o FILTER isIRI(?s) }",
    "subjects": "SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s ?p ?o }",
    "objects": "SELECT (COUNT(DISTINCT ?o) AS ?n) WHERE { ?s ?p ?o }",
    "classes": "SELECT ?k (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s a ?k FILTER isIRI(?k) } "
               "GROUP BY ?k ORDER BY ?k",
    "properties": "SELECT ?k (COUNT(*) AS ?n) WHERE { ?s ?k ?o } GROUP BY ?k ORDER BY ?k",
    "graphs": "SELECT ?k (COUNT(*) AS ?n) WHERE { GRAPH ?k { ?s ?p ?o } } GROUP BY ?k ORDER BY ?k",
    # {base}: the dataset's own IRI space, as a SPARQL literal (from the configuration, never a request)
    "examples": "SELECT DISTINCT ?k (1 AS ?n) WHERE { ?k a ?c FILTER(isIRI(?k) && STRSTARTS(STR(?k), "
                "{base})) } ORDER BY ?k LIMIT 3",
}


def served_base() -> str:
    """The base IRI the served build minted its IRIs under (its ``build.json``)."""
    manifest = served_manifest()
    return manifest.base if manifest is not None else DEFAULT_BASE


def _built_statistics(version: str) -> dict | None:
    """The build's own counts, when the store serves exactly the build (no updates since)."""
    manifest = served_manifest()
    if manifest is None or manifest.version != version:
        return None
    return manifest.statistics


def statistics() -> dict:
    """Counts and partitions of the whole dataset, memoized per version."""
    store = get_store()
    memo = described()
    version = store.version
    if version not in memo and (built := _built_statistics(version)) is not None:
        memo.clear()
        memo[version] = built
    if version not in memo:
        stats: dict = {}
        base = str(ox.Literal(served_base() + "id/"))
        for name, sparql in _STATS_QUERIES.items():
            sparql = sparql.replace("{base}", base)
            result = store.query(sparql, result_format="json", timeout=STATS_TIMEOUT,
                                 max_rows=1_000_000)
            rows = json.loads(result.body)["results"]["bindings"]
            if "k" in (json.loads(result.body)["head"]["vars"]):
                stats[name] = [(r["k"]["value"], int(r["n"]["value"])) for r in rows if "k" in r]
            else:
                stats[name] = int(rows[0]["n"]["value"]) if rows else 0
        memo.clear()
        memo[version] = stats
    return memo[version]


def _n(value: int) -> ox.Literal:
    return ox.Literal(str(value), datatype=XSD_INT)


def _iri(value: str) -> ox.NamedNode:
    return ox.NamedNode(value)


def endpoint_url() -> str:
    return url_for("sparql.query", _external=True)


_PREFIXES = prefixes("sd", "void", "dcterms", "formats")


def _vocabulary(term: str) -> str:
    cut = max(term.rfind("#"), term.rfind("/"))
    return term[:cut + 1]


def _respond(triples: list[ox.Triple], view: Callable[[], View], etag_parts: tuple) -> Response:
    """The description in the client's RDF syntax, or for a browser a page made by ``view()``."""
    offer = conneg.negotiate(request.headers.get("Accept"), PAGE_OFFERS,
                             conneg.graph_format_param(request.args.getlist("format")))
    if offer.fmt == "html":  # a page may be drawn in the reader's language (header or cookie)
        etag_parts += (request.headers.get("Accept-Language", ""), request.headers.get("Cookie", ""))
    etag = make_etag(get_store().version, request.url, offer.fmt, *etag_parts)
    matched = not_modified(etag)
    if matched:
        etag = matched
        resp = Response(status=304)
    elif offer.fmt == "html":
        page = view()
        page.source = serialize(triples, ox.RdfFormat.TURTLE, prefixes=_PREFIXES).decode("utf-8")
        page.formats = [(o.names[0], f"{request.path}?format={o.names[0]}") for o in conneg.GRAPHS[:6]]
        resp = Response(htmlviews.render(page), content_type=offer.content_type)
    else:
        prefixes = _PREFIXES if offer.fmt in ("turtle", "trig", "rdfxml", "jsonld") else None
        resp = Response(serialize(triples, _RDF[offer.fmt], prefixes=prefixes), content_type=offer.content_type)
    resp.headers["ETag"] = etag
    resp.headers["Cache-Control"] = cache_control()
    resp.vary.add("Accept")
    if offer.fmt == "html":
        resp.vary.update(("Accept-Language", "Cookie"))
    return resp


def _count(n: int) -> Cell:
    return Cell(f"{n:,}", num=True)


def _word(key: str) -> Cell:
    return Cell(key, word=True)


def _partitions(stats: dict) -> list[Table]:
    """The counts VoID states, as tables: sizes, graphs, classes, properties."""
    sizes = [(_word(k), Cell(f"{stats[k]:,}")) for k in ("triples", "entities", "subjects", "objects")]
    sizes += [(_word("classes"), Cell(f"{len(stats['classes']):,}")),
              (_word("properties"), Cell(f"{len(stats['properties']):,}"))]
    return [Table("sizes", ("col_what", "col_value"), sizes),
            Table("graphs", ("col_graph", "col_triples"),
                  [(Cell(g, iri=g), _count(n)) for g, n in stats["graphs"]]),
            Table("classes", ("col_class", "col_entities"),
                  [(Cell(c, iri=c), _count(n)) for c, n in sorted(stats["classes"], key=lambda x: -x[1])]),
            Table("properties", ("col_property", "col_triples"),
                  [(Cell(k, iri=k), _count(n)) for k, n in sorted(stats["properties"], key=lambda x: -x[1])])]


def void_view(stats: dict, title: str, license_iri: str) -> View:
    """The VoID description as a page: what the dataset is, where to get it, what it holds."""
    about = [(_word("title"), Cell(title)), (_word("license"), Cell(license_iri, href=license_iri)),
             (_word("sparql_endpoint"), Cell(endpoint_url(), href=url_for("sparql.query"))),
             (_word("uri_space"), Cell(served_base() + "id/")),
             (_word("dumps"), Cell(url_for("meta.dumps", _external=True), href=url_for("meta.dumps")))]
    examples = [(Cell(e, iri=e),) for e, _ in stats["examples"]]
    vocabularies = sorted({_vocabulary(k) for k, _ in stats["classes"] + stats["properties"]} - {""})
    return View("void", "void", "void_text",
                tables=[Table("about_dataset", ("col_what", "col_value"), about)] + _partitions(stats)
                + [Table("vocabularies", ("col_vocabulary",), [(Cell(v, iri=v),) for v in vocabularies]),
                   Table("example_resources", ("col_resource",), examples)])


def service_view(stats: dict, languages: list[str], features: list[str]) -> View:
    """The service description as a page that explains the endpoint: URL, formats, limits, examples."""
    cfg = current_app.config
    url = endpoint_url()
    service = [(_word("sparql_endpoint"), Cell(url)),
               (_word("languages"), Cell(", ".join(languages))),
               (_word("result_formats"), Cell(", ".join(f.replace("_", " ") for f in RESULT_FORMAT_IRIS))),
               (_word("features"), Cell(", ".join(features))),
               (_word("default_graph"), Cell("the union of all named graphs")),
               (_word("void"), Cell(url_for("meta.void", _external=True), href=url_for("meta.void"))),
               (_word("dumps"), Cell(url_for("meta.dumps", _external=True), href=url_for("meta.dumps")))]
    limits = [(_word("limit_timeout"), Cell(f"{float(cfg['R2P_TIMEOUT']):g} s")),
              (_word("limit_rows"), Cell(f"{int(cfg['R2P_MAX_ROWS']):,}")),
              (_word("limit_bytes"), Cell(f"{int(cfg['R2P_MAX_RESULT_BYTES']):,}")),
              (_word("limit_body"), Cell(f"{int(cfg['R2P_MAX_BODY']):,}"))]
    media = [(Cell(o.media_type), Cell(o.names[0])) for o in conneg.RESULTS[:4]]
    media += [(Cell(o.media_type), Cell(o.names[0])) for o in conneg.GRAPHS[:6]]
    query = "SELECT ?class (COUNT(?s) AS ?n) WHERE { ?s a ?class } GROUP BY ?class ORDER BY DESC(?n)"
    examples = [("curl", f"curl -s {url} -H 'Accept: text/csv' \\\n  --data-urlencode 'query={query}'"),
                ("SPARQLWrapper", f"from SPARQLWrapper import SPARQLWrapper, JSON\n"
                                  f"sparql = SPARQLWrapper({url!r})\n"
                                  f"sparql.setQuery({query!r})\n"
                                  "sparql.setReturnFormat(JSON)\n"
                                  "for row in sparql.queryAndConvert()['results']['bindings']:\n"
                                  "    print(row['class']['value'], row['n']['value'])")]
    view = View("service", "service", "service_text",
                tables=[Table("service", ("col_what", "col_value"), service),
                        Table("limits", ("col_what", "col_value"), limits),
                        Table("formats_table", ("col_media_type", "col_format_param"), media,
                              note="formats_note")] + _partitions(stats)[:2])
    view.examples = examples
    return view


_RDF = RDF_FORMATS


def service_description() -> Response:
    """SPARQL 1.1 Service Description of this endpoint, with the default dataset's VoID counts."""
    stats = statistics()
    service = ox.BlankNode("service")
    t = []
    add = lambda s, p, o: t.append(ox.Triple(s, _iri(p) if isinstance(p, str) else p, o))  # noqa: E731
    add(service, RDF_TYPE, _iri(SD + "Service"))
    add(service, SD + "endpoint", _iri(endpoint_url()))
    languages = ["SPARQL10Query", "SPARQL11Query"]
    if current_app.config.get("R2P_ALLOW_UPDATE"):
        languages.append("SPARQL11Update")
    for lang in languages:
        add(service, SD + "supportedLanguage", _iri(SD + lang))
    for fmt in RESULT_FORMAT_IRIS:
        add(service, SD + "resultFormat", _iri(FORMATS + fmt))
    features = ["UnionDefaultGraph", "EmptyGraphs"]
    if current_app.config.get("R2P_SERVICE_ALLOW"):
        features.append("BasicFederatedQuery")
    for feature in features:
        add(service, SD + "feature", _iri(SD + feature))
    add(service, SD + "defaultEntailmentRegime", _iri("http://www.w3.org/ns/entailment/Simple"))
    dataset, default_graph = ox.BlankNode("dataset"), ox.BlankNode("defaultGraph")
    add(service, SD + "defaultDataset", dataset)
    add(dataset, RDF_TYPE, _iri(SD + "Dataset"))
    add(dataset, RDF_TYPE, _iri(VOID + "Dataset"))
    add(dataset, SD + "defaultGraph", default_graph)
    add(default_graph, RDF_TYPE, _iri(SD + "Graph"))
    add(default_graph, DCT + "description",
        ox.Literal("the union of all named graphs (default-graph-uri and named-graph-uri narrow it)",
                   language="en"))
    add(default_graph, VOID + "triples", _n(stats["triples"]))
    for name, n in stats["graphs"]:
        ng, graph = named_bnode("namedGraph", name), named_bnode("graph", name)
        add(dataset, SD + "namedGraph", ng)
        add(ng, RDF_TYPE, _iri(SD + "NamedGraph"))
        add(ng, SD + "name", _iri(name))
        add(ng, SD + "graph", graph)
        add(graph, RDF_TYPE, _iri(SD + "Graph"))
        add(graph, VOID + "triples", _n(n))
    add(dataset, VOID + "sparqlEndpoint", _iri(endpoint_url()))
    t += statistics_triples(dataset, stats)
    return _respond(t, lambda: service_view(stats, languages, features), (tuple(languages), tuple(features)))


def void_description() -> Response:
    """The VoID description of the dataset at ``/.well-known/void``: the dumps' description, with
    this endpoint, the dumps' URLs here and the store's current counts."""
    stats = statistics()
    manifest = served_manifest()
    t = void_triples(dataset=url_for("meta.void", _external=True) + "#dataset", base=served_base(),
                     version=get_store().version, statistics=stats,
                     files=manifest.files if manifest is not None else {},
                     download=lambda name: url_for("meta.dump", name=name, _external=True),
                     reports=manifest.reports if manifest is not None else [], endpoint=endpoint_url())
    return _respond(t, lambda: void_view(stats, TITLE, GRAPH_LICENSE), ())
