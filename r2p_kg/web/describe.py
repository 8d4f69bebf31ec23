"""The dataset described for machines: the SPARQL service description and the VoID description.

Both are built from the dataset's statistics — counted by the build (``build.json``, see
:mod:`r2p_kg.stats`) for the built dataset, or else (after updates, or over a remote backend) by
queries of the store, once per dataset version — and from the URL the client actually used
(``X-Forwarded-*`` honoured behind a trusted proxy), never from a configured host name.
"""

from __future__ import annotations

import hashlib
import json
import logging
from collections.abc import Callable
from pathlib import Path

import pyoxigraph as ox
from flask import Response, current_app, request, url_for

from .. import config
from . import conneg, htmlviews
from .context import described, get_store
from .htmlviews import Cell, Table, View
from .transport import cache_control, make_etag, not_modified

log = logging.getLogger(__name__)

SD = "http://www.w3.org/ns/sparql-service-description#"
VOID = "http://rdfs.org/ns/void#"
RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
DCT = "http://purl.org/dc/terms/"
FORMATS = "http://www.w3.org/ns/formats/"
XSD_INT = ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer")
RESULT_FORMAT_IRIS = ("SPARQL_Results_JSON", "SPARQL_Results_XML", "SPARQL_Results_CSV",
                      "SPARQL_Results_TSV", "Turtle", "N-Triples", "JSON-LD", "RDF_XML", "N-Quads",
                      "TriG")
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


def served_dist() -> Path:
    """The build folder served: the embedded store's (resolved when it opened), else R2P_DIST."""
    return Path(getattr(get_store(), "dist", current_app.config["R2P_DIST"]))


def served_base() -> str:
    """The base IRI the served build minted its IRIs under (``build.json``; the setting if absent)."""
    try:
        base = json.loads((served_dist() / "build.json").read_text(encoding="utf-8")).get("base")
    except (OSError, ValueError, AttributeError):
        base = None
    return base if isinstance(base, str) and base else str(config.setting("base"))


def _built_statistics(version: str) -> dict | None:
    """The build's own counts, when the store serves exactly the build (no updates since)."""
    manifest = served_dist() / "build.json"
    try:
        meta = json.loads(manifest.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    stats = meta.get("statistics")
    if meta.get("version") != version or not isinstance(stats, dict):
        return None
    return {k: [tuple(x) for x in v] if isinstance(v, list) else v for k, v in stats.items()}


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


def _vocabulary(term: str) -> str:
    cut = max(term.rfind("#"), term.rfind("/"))
    return term[:cut + 1]


def _bnode(kind: str, key: str) -> ox.BlankNode:
    """A blank node named by what it stands for, so that every answer under one ETag is the same
    bytes (a fresh label per request would make the strong ETag a lie)."""
    return ox.BlankNode(kind + hashlib.sha256(key.encode("utf-8")).hexdigest()[:16])


def void_triples(dataset: ox.NamedNode | ox.BlankNode, stats: dict) -> list[ox.Triple]:
    """VoID statistics of ``dataset``: sizes, class and property partitions, vocabularies."""
    t = []
    add = lambda s, p, o: t.append(ox.Triple(s, _iri(p), o))  # noqa: E731
    add(dataset, VOID + "triples", _n(stats["triples"]))
    add(dataset, VOID + "entities", _n(stats["entities"]))
    add(dataset, VOID + "distinctSubjects", _n(stats["subjects"]))
    add(dataset, VOID + "distinctObjects", _n(stats["objects"]))
    add(dataset, VOID + "classes", _n(len(stats["classes"])))
    add(dataset, VOID + "properties", _n(len(stats["properties"])))
    for cls, n in stats["classes"]:
        part = _bnode("class", cls)
        add(dataset, VOID + "classPartition", part)
        add(part, VOID + "class", _iri(cls))
        add(part, VOID + "entities", _n(n))
    for prop, n in stats["properties"]:
        part = _bnode("property", prop)
        add(dataset, VOID + "propertyPartition", part)
        add(part, VOID + "property", _iri(prop))
        add(part, VOID + "triples", _n(n))
    for vocab in sorted({_vocabulary(k) for k, _ in stats["classes"] + stats["properties"]} - {""}):
        add(dataset, VOID + "vocabulary", _iri(vocab))
    return t


_PREFIXES = {"sd": SD, "void": VOID, "dcterms": DCT, "formats": FORMATS}


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
        page.source = ox.serialize(triples, format=ox.RdfFormat.TURTLE, prefixes=_PREFIXES).decode("utf-8")
        page.formats = [(o.names[0], f"{request.path}?format={o.names[0]}") for o in conneg.GRAPHS[:6]]
        resp = Response(htmlviews.render(page), content_type=offer.content_type)
    else:
        kwargs = {"prefixes": _PREFIXES} if offer.fmt in ("turtle", "trig", "rdfxml", "jsonld") else {}
        resp = Response(ox.serialize(triples, format=_RDF[offer.fmt], **kwargs),
                        content_type=offer.content_type)
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


_RDF = {"turtle": ox.RdfFormat.TURTLE, "ntriples": ox.RdfFormat.N_TRIPLES,
        "nquads": ox.RdfFormat.N_QUADS, "trig": ox.RdfFormat.TRIG, "jsonld": ox.RdfFormat.JSON_LD,
        "rdfxml": ox.RdfFormat.RDF_XML}


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
        ng, graph = _bnode("namedGraph", name), _bnode("graph", name)
        add(dataset, SD + "namedGraph", ng)
        add(ng, RDF_TYPE, _iri(SD + "NamedGraph"))
        add(ng, SD + "name", _iri(name))
        add(ng, SD + "graph", graph)
        add(graph, RDF_TYPE, _iri(SD + "Graph"))
        add(graph, VOID + "triples", _n(n))
    add(dataset, VOID + "sparqlEndpoint", _iri(endpoint_url()))
    t += void_triples(dataset, stats)
    return _respond(t, lambda: service_view(stats, languages, features), (tuple(languages), tuple(features)))


def _distributions(dataset: ox.NamedNode, add) -> None:
    """Each dump as a void:dataDump and a dcat:Distribution: media type, byte size, SHA-256."""
    from ..export.void import DCAT, DUMPS, IANA, SPDX
    from .meta import dump_files
    files = dump_files(served_dist())
    for dump in DUMPS:
        info = files.get(dump.file)
        if info is None:
            continue
        url = _iri(url_for("meta.dump", name=dump.file, _external=True))
        add(dataset, VOID + "dataDump", url)
        add(dataset, DCAT + "distribution", url)
        add(url, RDF_TYPE, _iri(DCAT + "Distribution"))
        add(url, DCT + "title", ox.Literal(dump.title, language="en"))
        add(url, DCAT + "downloadURL", url)
        add(url, DCAT + "mediaType", _iri(IANA + dump.media_type))
        if dump.compression:
            add(url, DCAT + "compressFormat", _iri(IANA + dump.compression))
        add(url, DCAT + "byteSize", ox.Literal(str(info["bytes"]), datatype=XSD_INT))
        checksum = _iri(url.value + "#sha256")
        add(url, SPDX + "checksum", checksum)
        add(checksum, SPDX + "algorithm", _iri(SPDX + "checksumAlgorithm_sha256"))
        add(checksum, SPDX + "checksumValue", ox.Literal(info["sha256"]))


def void_description() -> Response:
    """The VoID description of the dataset at ``/.well-known/void``."""
    stats = statistics()
    dataset = _iri(url_for("meta.void", _external=True) + "#dataset")
    t = []
    add = lambda s, p, o: t.append(ox.Triple(s, _iri(p) if isinstance(p, str) else p, o))  # noqa: E731
    add(dataset, RDF_TYPE, _iri(VOID + "Dataset"))
    title = ("R2P knowledge graph: the UN Secretary-General's 2025 report on the Responsibility to "
             "Protect")
    license_iri = getattr(config, "GRAPH_LICENSE", "https://creativecommons.org/licenses/by/4.0/")
    add(dataset, DCT + "title", ox.Literal(title, language="en"))
    add(dataset, DCT + "license", _iri(license_iri))
    add(dataset, VOID + "sparqlEndpoint", _iri(endpoint_url()))
    add(dataset, VOID + "uriSpace", ox.Literal(served_base() + "id/"))  # as the dumps' VoID says
    add(dataset, VOID + "feature", _iri(FORMATS + "N-Quads"))
    _distributions(dataset, add)
    for example, _ in stats["examples"]:
        add(dataset, VOID + "exampleResource", _iri(example))
    for name, n in stats["graphs"]:
        sub = ox.NamedNode(name)
        add(dataset, VOID + "subset", sub)
        add(sub, RDF_TYPE, _iri(VOID + "Dataset"))
        add(sub, VOID + "triples", _n(n))
        add(sub, VOID + "sparqlEndpoint", _iri(endpoint_url()))
    t += void_triples(dataset, stats)
    return _respond(t, lambda: void_view(stats, title, license_iri), ())
