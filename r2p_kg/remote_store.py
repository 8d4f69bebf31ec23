"""A remote SPARQL 1.1 store (Virtuoso, Oxigraph server, Fuseki, GraphDB...) behind the endpoint.

Implements :class:`r2p_kg.store.Store`, so ``serve --backend URL`` runs the same endpoint over data
that lives elsewhere. Requests are built by SPARQLWrapper and sent through a private urllib opener
(:func:`authenticated_opener`, shared with ``r2p-kg push``). Answers are fetched in one well-supported
format — SPARQL JSON for SELECT/ASK, N-Triples for CONSTRUCT/DESCRIBE — counted against the same
row limit as the embedded store, and re-serialized in the asked format, so clients see the same
bytes, limits and errors whichever store serves them.

What the remote store must provide:

- the embedded store's dataset: the union of all graphs as the default graph. With ``graphs`` given
  (the dataset's named graphs), a query without a dataset of its own is sent with those graphs as
  ``default-graph-uri`` and ``named-graph-uri``, which gives exactly that on any store, and keeps
  the store's other graphs (Virtuoso's system graphs...) out. Without ``graphs`` the store's own
  default graph must be that union (Virtuoso: yes, with its system graphs; ``oxigraph serve
  --union-default-graph``; Fuseki ``tdb2:unionDefaultGraph true``);
- a result cap above the endpoint's ``max_rows``, or ``row_cap`` set to it: Virtuoso cuts results at
  ``ResultSetMaxRows`` without saying so, and an answer of exactly ``row_cap`` rows is refused as
  possibly cut instead of being passed on as complete.

Graph Store reads (:meth:`RemoteStore.read_graph`) serve the dataset's graphs only (given
``graphs``: any other graph of the store, such as Virtuoso's system graphs, is "not found"), and the
default graph is the union of the dataset's graphs, as for queries. They are never cut: the triples
are counted first (per predicate), and when the store's result cap cut the one-request answer the
graph is read again one predicate at a time, each part checked against its count; a part the store
still cuts, or a graph over ``GRAPH_CAP`` triples, is an explicit ``result-too-large``.

A query or update the remote store fails on (HTTP 5xx: Virtuoso answers 500 for a query it cannot
compile) is the store's failure (``backend-failed``, 502), not the client's. A 400 is the client's
``syntax-error`` when the store says so or the text does not parse as SPARQL 1.1 here either
(rdflib's parser, which runs nothing); otherwise ``backend-refused`` (400): the store's reason,
without calling it a syntax error.

Virtuoso writes ``xsd:boolean`` values as ``"0"``/``"1"`` in SELECT answers (its CONSTRUCT answers
say ``false``/``true``); they are put back to the canonical form.

The remote data can change without us: :attr:`RemoteStore.version` changes every ``cache_seconds``
and on every write made through this store, so cached answers live at most that long.
"""

from __future__ import annotations

import base64
import hashlib
import http.client
import itertools
import json
import logging
import re
import socket
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Sequence
from pathlib import Path

import pyoxigraph as ox
from SPARQLWrapper import INSERT, POST, SPARQLWrapper
from SPARQLWrapper.Wrapper import URLENCODED

from .dist import NQUADS, require_build
from .errors import (
    BackendFailed,
    BackendRefused,
    ConfigError,
    Overloaded,
    QuerySyntaxError,
    QueryTimeout,
    ResultTooLarge,
    StoreFailure,
)
from .formats import RDF_FORMATS
from .namespaces import XSD
from .rdfbytes import serialize, serialize_results
from .sparqlscan import scan
from .store import QueryResult, Store, check_iri

log = logging.getLogger(__name__)

RESULTS = {"json": ox.QueryResultsFormat.JSON, "xml": ox.QueryResultsFormat.XML,
           "csv": ox.QueryResultsFormat.CSV, "tsv": ox.QueryResultsFormat.TSV}
GRAPHS = RDF_FORMATS  # the syntax registry's (r2p_kg/formats.py)
ACCEPT_BINDINGS = "application/sparql-results+json"
ACCEPT_GRAPH = "application/n-triples"
MAX_BODY = 256 << 20  # bytes read from the remote store for one answer, whatever the row count
GRAPH_CAP = 10_000_000  # triples one Graph Store read returns at most (an explicit error past it)
XSD_BOOLEAN = XSD + "boolean"
# How stores say "syntax error" in a 400 (Virtuoso: SP030; Oxigraph, Fuseki, GraphDB: "parse"/"syntax").
_SYNTAX = re.compile(r"syntax error|parse error|parsing error|lexical error|encountered|SP030|\bparse\b",
                     re.IGNORECASE)
_FROM = re.compile(r"(?<![\w:?$\\\-])FROM(?![\w:\-])", re.IGNORECASE)


class OpenerWrapper(SPARQLWrapper):
    """SPARQLWrapper sending through a given urllib opener (see :func:`authenticated_opener`)."""

    def __init__(self, endpoint: str, update_endpoint: str, opener: urllib.request.OpenerDirector) -> None:
        super().__init__(endpoint, updateEndpoint=update_endpoint, agent="r2p-kg")
        self._opener = opener

    def _query(self):
        return self._opener.open(self._createRequest(), timeout=self.timeout), self.returnFormat


def authenticated_opener(urls: Sequence[str], scheme: str | None, user: str | None,
                         secret: str | None) -> tuple[urllib.request.OpenerDirector, dict[str, str]]:
    """A private opener and the headers to send for ``scheme`` (basic, digest, bearer or None).

    Digest answers whatever realm the store announces; SPARQLWrapper's own digest support would
    install a process-wide opener for one realm.
    """
    handlers: list[urllib.request.BaseHandler] = []
    headers: dict[str, str] = {}
    if scheme == "digest":
        passwords = urllib.request.HTTPPasswordMgrWithDefaultRealm()
        if user is not None:  # without a user urllib finds no credentials and sends none
            passwords.add_password(None, list(urls), user, secret or "")
        handlers.append(urllib.request.HTTPDigestAuthHandler(passwords))
    elif scheme == "basic":
        headers["Authorization"] = "Basic " + base64.b64encode(f"{user}:{secret}".encode()).decode("ascii")
    elif scheme == "bearer":
        headers["Authorization"] = f"Bearer {secret}"
    elif scheme is not None:
        raise ConfigError(f"unknown auth scheme {scheme!r}: basic, digest or bearer", where="--auth")
    return urllib.request.build_opener(*handlers), headers


def _room_for_headers(sw: SPARQLWrapper) -> None:
    """Let the answer to ``sw``'s request carry a header per graph it names: Virtuoso echoes every
    ``default-graph-uri`` and ``named-graph-uri`` as an ``X-SPARQL-default-graph`` / ``-named-graph``
    header, and http.client refuses an answer with more than 100 headers (50 graphs would fail)."""
    needed = 100 + sum(len(sw.parameters.get(name, ())) for name in ("default-graph-uri", "named-graph-uri"))
    if getattr(http.client, "_MAXHEADERS", 100) < needed:
        http.client._MAXHEADERS = needed  # type: ignore[attr-defined]


class RemoteStore(Store):
    """The endpoint's store interface over a remote SPARQL 1.1 query (and update) endpoint."""

    def __init__(self, endpoint: str, *, update_endpoint: str | None = None, auth_scheme: str | None = None,
                 user: str | None = None, secret: str | None = None, row_cap: int | None = None,
                 graphs: Sequence[str] | None = None, cache_seconds: float = 10.0) -> None:
        if not endpoint.startswith(("http://", "https://")):
            raise ConfigError(f"the backend must be an http(s) SPARQL endpoint URL: {endpoint!r}",
                              where="--backend")
        self.endpoint = endpoint
        self.update_endpoint = update_endpoint or endpoint
        self.row_cap = row_cap
        self.graphs = tuple(check_iri(g, "graphs") for g in graphs or ())
        self.cache_seconds = cache_seconds
        self._opener, self._headers = authenticated_opener([self.endpoint, self.update_endpoint],
                                                           auth_scheme, user, secret)
        self._writes = 0
        self._lock = threading.Lock()
        self._id = hashlib.sha256(self.endpoint.encode()).hexdigest()[:12]

    @property
    def version(self) -> str:
        bucket = int(time.time() // self.cache_seconds) if self.cache_seconds > 0 else time.monotonic_ns()
        return f"remote-{self._id}-{bucket}+w{self._writes}"

    # --- queries -----------------------------------------------------------------------------

    def query(self, sparql: str, *, result_format: str = "json", graph_format: str = "turtle",
              default_graph_uris: Sequence[str] | None = None,
              named_graph_uris: Sequence[str] | None = None, base_iri: str | None = None,
              timeout: float = 10.0, max_rows: int = 10_000) -> QueryResult:
        scanned = scan(sparql)
        form = scanned.form()
        if form is None:
            raise QuerySyntaxError("not a query: no SELECT, ASK, CONSTRUCT or DESCRIBE found")
        graph_form = form in ("CONSTRUCT", "DESCRIBE")
        sw = self._wrapper(_with_base(sparql, base_iri), timeout, ACCEPT_GRAPH if graph_form else ACCEPT_BINDINGS)
        if not default_graph_uris and not named_graph_uris and not _FROM.search(scanned.skeleton):
            default_graph_uris = named_graph_uris = self.graphs  # the dataset's graphs, as one union
        for g in default_graph_uris or ():
            sw.addParameter("default-graph-uri", check_iri(g, "default-graph-uri"))
        for g in named_graph_uris or ():
            sw.addParameter("named-graph-uri", check_iri(g, "named-graph-uri"))
        body = self._send(sw, timeout, what="query")
        if graph_form:
            return self._graph_answer(body, graph_format, max_rows)
        return self._bindings_answer(body, result_format, max_rows)

    def _bindings_answer(self, body: bytes, fmt: str, max_rows: int) -> QueryResult:
        body = _canonical_booleans(body)
        try:
            parsed = ox.parse_query_results(body, format=ox.QueryResultsFormat.JSON)
        except SyntaxError as exc:
            raise StoreFailure(f"the remote store's answer is not SPARQL JSON results: {exc}") from None
        if isinstance(parsed, ox.QueryBoolean):
            return QueryResult("boolean", fmt, serialize_results(parsed, RESULTS[fmt]), 1, bool(parsed))
        rows = sum(1 for _ in itertools.islice(parsed, max_rows + 1))
        self._check_rows(rows, max_rows, "rows")
        again = ox.parse_query_results(body, format=ox.QueryResultsFormat.JSON)
        return QueryResult("bindings", fmt, serialize_results(again, RESULTS[fmt]), rows)

    def _graph_answer(self, body: bytes, fmt: str, max_rows: int) -> QueryResult:
        try:
            triples = [q.triple for q in ox.parse(body, format=ox.RdfFormat.N_TRIPLES)]
        except SyntaxError as exc:
            raise StoreFailure(f"the remote store's answer is not N-Triples: {exc}") from None
        self._check_rows(len(triples), max_rows, "triples")
        return QueryResult("graph", fmt, serialize(triples, GRAPHS[fmt]), len(triples))

    def _check_rows(self, rows: int, max_rows: int, what: str) -> None:
        if rows > max_rows:
            raise ResultTooLarge(f"the result has more than {max_rows} {what}, the server's limit; add "
                                 f"LIMIT (and OFFSET to page through it) or narrow the query")
        if self.row_cap is not None and rows >= self.row_cap:
            raise ResultTooLarge(f"the remote store cuts results at {self.row_cap} {what} and this one "
                                 f"reached it, so it may be incomplete; add LIMIT (and OFFSET) or narrow "
                                 f"the query")

    # --- updates and graphs ----------------------------------------------------------------------

    def update(self, sparql: str, *, base_iri: str | None = None, timeout: float = 10.0) -> None:
        self._send(self._wrapper(_with_base(sparql, base_iri), timeout, "*/*", update=True), timeout,
                   what="update")
        self._written()

    def read_graph(self, graph: str | None, fmt: str, *, timeout: float = 10.0) -> bytes | None:
        """A graph of the dataset (None: the union of the dataset's graphs), whole, or None when the
        store has no such graph or it is not one of the dataset's."""
        deadline = time.monotonic() + timeout
        if graph is not None:
            check_iri(graph, "graph")
            if self.graphs and graph not in self.graphs:
                return None
            if not self._exists(graph, timeout):
                return None
        triples = self._whole_graph(graph, deadline)
        return serialize(triples, GRAPHS[fmt])

    def _whole_graph(self, graph: str | None, deadline: float) -> list[ox.Triple]:
        """Every distinct triple of ``graph``, checked against the store's own count of them."""
        counts = {}
        query = (f"SELECT ?p (COUNT(*) AS ?n) WHERE {{ SELECT DISTINCT ?s ?p ?o WHERE "
                 f"{{ {_pattern(graph, '?p')} }} }} GROUP BY ?p")
        solutions = ox.parse_query_results(self._read(query, graph, ACCEPT_BINDINGS, deadline),
                                           format=ox.QueryResultsFormat.JSON)
        assert isinstance(solutions, ox.QuerySolutions), "a SELECT query"
        for row in solutions:
            counts[row["p"].value] = int(row["n"].value)
        total = sum(counts.values())
        if total > GRAPH_CAP:
            raise ResultTooLarge(f"the graph has {total} triples, more than the {GRAPH_CAP} a Graph Store "
                                 f"read returns; read it with CONSTRUCT queries, LIMIT and OFFSET")
        whole = self._construct(graph, "?p", deadline)
        if len(whole) == total:
            return whole
        log.info("the remote store cut a graph read at %d of %d triples: reading it per predicate",
                 len(whole), total)
        triples: list[ox.Triple] = []
        for predicate, n in sorted(counts.items()):
            part = self._construct(graph, f"<{check_iri(predicate, 'predicate')}>", deadline)
            if len(part) != n:
                raise ResultTooLarge(f"the remote store cuts answers at {len(part)} triples and the graph "
                                     f"has {n} with predicate <{predicate}> ({total} in all): raise its "
                                     f"result cap (Virtuoso: ResultSetMaxRows) to read it whole")
            triples.extend(part)
        return triples

    def _construct(self, graph: str | None, predicate: str, deadline: float) -> list[ox.Triple]:
        query = f"CONSTRUCT {{ ?s {predicate} ?o }} WHERE {{ {_pattern(graph, predicate)} }}"
        body = self._read(query, graph, ACCEPT_GRAPH, deadline)
        try:
            return list(dict.fromkeys(q.triple for q in ox.parse(body, format=ox.RdfFormat.N_TRIPLES)))
        except SyntaxError as exc:
            raise StoreFailure(f"the remote store's answer is not N-Triples: {exc}") from None

    def _read(self, query: str, graph: str | None, accept: str, deadline: float) -> bytes:
        """One request of a Graph Store read; the default graph is the dataset's graphs' union."""
        timeout = deadline - time.monotonic()
        if timeout <= 0:
            raise QueryTimeout("the remote store did not answer the graph read within its deadline")
        sw = self._wrapper(query, timeout, accept)
        for g in self.graphs if graph is None else ():
            sw.addParameter("default-graph-uri", g)
        return self._send(sw, timeout, what="query")

    def write_graph(self, graph: str | None, ntriples: bytes, *, replace: bool,
                    timeout: float = 10.0) -> bool:
        existed = graph is None or self._exists(graph, timeout)
        target = "DEFAULT" if graph is None else f"GRAPH <{check_iri(graph, 'graph')}>"
        if graph is not None and self.graphs and graph not in self.graphs:
            self.graphs += (graph,)  # written through this store: part of the dataset from now on
        data = ntriples.decode("utf-8")
        insert = (f"INSERT DATA {{ {data} }}" if graph is None
                  else f"INSERT DATA {{ GRAPH <{graph}> {{ {data} }} }}")
        self.update((f"DROP SILENT {target} ;\n" if replace else "") + insert, timeout=timeout)
        return existed

    def delete_graph(self, graph: str | None, *, timeout: float = 10.0) -> bool:
        if graph is None:
            self.update("DROP SILENT DEFAULT", timeout=timeout)
            return True
        if self.graphs and graph not in self.graphs:
            return False  # not one of the dataset's graphs: not ours to drop
        existed = self._exists(graph, timeout)
        if existed:
            self.update(f"DROP SILENT GRAPH <{check_iri(graph, 'graph')}>", timeout=timeout)
        return existed

    def _exists(self, graph: str, timeout: float) -> bool:
        sw = self._wrapper(f"ASK {{ GRAPH <{check_iri(graph, 'graph')}> {{ ?s ?p ?o }} }}", timeout,
                           ACCEPT_BINDINGS)
        return bool(ox.parse_query_results(self._send(sw, timeout, what="query"),
                                           format=ox.QueryResultsFormat.JSON))

    def _written(self) -> None:
        with self._lock:
            self._writes += 1

    # --- the HTTP exchange ---------------------------------------------------------------------

    def _wrapper(self, text: str, timeout: float, accept: str, update: bool = False) -> OpenerWrapper:
        scanned = scan(text)
        form = scanned.form()
        if update and not scanned.is_update():
            raise QuerySyntaxError("not an update: a query was sent to the update operation")
        if not update and (form is None or scanned.is_update()):
            raise QuerySyntaxError("not a query: an update was sent to the query operation")
        sw = OpenerWrapper(self.endpoint, self.update_endpoint, self._opener)
        sw.setMethod(POST)
        sw.setRequestMethod(URLENCODED)
        sw.setOnlyConneg(True)  # the Accept header only: no format=... parameters that Virtuoso obeys
        sw.setTimeout(max(int(timeout + 0.999), 1))
        sw.setQuery(text)
        # SPARQLWrapper guesses the form by searching the text for words, comments included ("# a
        # copy of ..." makes a SELECT an update): the form found by our own scanner decides instead.
        sw.queryType = INSERT if update else form
        for name, value in {**self._headers, "Accept": accept}.items():
            sw.addCustomHttpHeader(name, value)
        return sw

    def _send(self, sw: OpenerWrapper, timeout: float, *, what: str) -> bytes:
        """The whole answer body, or the endpoint's error for what went wrong."""
        url = self.update_endpoint if what == "update" else self.endpoint
        deadline = time.monotonic() + timeout
        _room_for_headers(sw)
        try:
            response = sw.query().response
            with response:
                chunks, size = [], 0
                while chunk := response.read(1 << 16):
                    chunks.append(chunk)
                    size += len(chunk)
                    if size > MAX_BODY:
                        raise ResultTooLarge(f"the remote store's answer is over {MAX_BODY >> 20} MiB; "
                                             f"add LIMIT or narrow the query")
                    if time.monotonic() > deadline:
                        raise QueryTimeout(f"the remote store did not answer within {timeout:g} s")
                return b"".join(chunks)
        except urllib.error.HTTPError as exc:
            raise _http_error(exc, what, url, sw.queryString) from None
        except TimeoutError:
            raise QueryTimeout(f"the remote store did not answer within {timeout:g} s") from None
        except (urllib.error.URLError, ConnectionError, http.client.HTTPException) as exc:
            reason = getattr(exc, "reason", None) or exc
            if isinstance(reason, (socket.timeout, TimeoutError)):
                raise QueryTimeout(f"the remote store did not answer within {timeout:g} s") from None
            raise StoreFailure(f"the remote store at {url} is unreachable: {reason}") from None


def dataset_graphs(dist: str | Path) -> list[str]:
    """The named graphs of the dataset built in ``dist``: what ``push --each-graph`` publishes, and
    the ``graphs`` a RemoteStore over that store should be given."""
    statistics = require_build(dist).statistics  # the build counted them
    if statistics is not None:
        return sorted(name for name, _ in statistics["graphs"])
    nquads = Path(dist) / NQUADS
    return sorted({q.graph_name.value for q in ox.parse(path=str(nquads), format=ox.RdfFormat.N_QUADS)
                   if isinstance(q.graph_name, ox.NamedNode)})


def _canonical_booleans(body: bytes) -> bytes:
    """SPARQL JSON results with ``xsd:boolean`` values ``0``/``1`` (Virtuoso) as ``false``/``true``."""
    if XSD_BOOLEAN.encode() not in body:
        return body
    try:
        data = json.loads(body)
    except ValueError:
        return body  # the parser below reports it
    for row in data.get("results", {}).get("bindings", []):
        for term in row.values():
            if term.get("datatype") == XSD_BOOLEAN and term.get("value") in ("0", "1"):
                term["value"] = "true" if term["value"] == "1" else "false"
    return json.dumps(data).encode()


def _with_base(sparql: str, base_iri: str | None) -> str:
    """BASE first in the prologue: a BASE of the text itself still wins, as it comes later."""
    return f"BASE <{check_iri(base_iri, 'base')}>\n{sparql}" if base_iri else sparql


def _pattern(graph: str | None, predicate: str) -> str:
    return f"?s {predicate} ?o" if graph is None else f"GRAPH <{graph}> {{ ?s {predicate} ?o }}"


def parses(text: str, what: str) -> bool:
    """Whether ``text`` parses as a SPARQL 1.1 query (or update); nothing is run."""
    from pyparsing.exceptions import ParseBaseException
    from rdflib.plugins.sparql import parser
    try:
        (parser.parseUpdate if what == "update" else parser.parseQuery)(text)
    except ParseBaseException:
        return False
    except Exception:  # the parser failing otherwise proves nothing either way: trust the store
        log.debug("rdflib could not parse the %s", what, exc_info=True)
        return False
    return True


def _http_error(exc: urllib.error.HTTPError, what: str, url: str, text_sent: str = "") -> Exception:
    try:
        text = " ".join(exc.read().decode("utf-8", "replace").split())[:500]
    except (OSError, http.client.HTTPException):
        text = ""
    if exc.code == 400:
        if _SYNTAX.search(text) or not (text_sent and parses(text_sent, what)):
            return QuerySyntaxError(f"the remote store rejected the {what}: {text}")
        return BackendRefused(f"the remote store refused the {what}, which parses as SPARQL 1.1 here (so "
                              f"not for its syntax): HTTP 400: {text}")
    if exc.code in (408, 504):
        return QueryTimeout(f"the remote store timed out on the {what} (HTTP {exc.code})")
    if exc.code in (429, 503):
        return Overloaded(f"the remote store is busy (HTTP {exc.code})")
    if exc.code in (401, 403):
        return StoreFailure(f"the remote store at {url} refused the backend's credentials (HTTP {exc.code})")
    if exc.code >= 500:
        return BackendFailed(f"the remote store failed on the {what} (HTTP {exc.code}; its failure, not a "
                             f"syntax error of the {what}): {text}")
    return StoreFailure(f"the remote store failed on the {what} with HTTP {exc.code}: {text}")
