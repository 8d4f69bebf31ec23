"""SPARQL 1.1 Protocol: queries at ``/sparql`` (GET, POST form, POST direct), updates at ``/update``.

``/sparql`` also takes updates (POST form ``update=`` or ``application/sparql-update``), so a client
may use one URL for both; the rules are the same as at ``/update``. GET ``/sparql`` without a query
answers with the service description.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from urllib.parse import parse_qsl

from flask import Blueprint, Response, current_app, g, request

from ..errors import BadRequest, MethodNotAllowed, QuerySyntaxError, UnsupportedMediaType
from ..federation import check_outbound, federate
from ..sparqlscan import Outbound, Scan, scan
from ..store import check_iri
from ..syntax import explain
from . import conneg
from .context import get_cache, get_store, require_update_rights, timeout_param
from .transport import cache_control, make_etag, not_modified, query_hash

log = logging.getLogger(__name__)

bp = Blueprint("sparql", __name__)

FORM = "application/x-www-form-urlencoded"
QUERY = "application/sparql-query"
UPDATE = "application/sparql-update"
DATASET_PARAMS = ("default-graph-uri", "named-graph-uri")
USING_PARAMS = ("using-graph-uri", "using-named-graph-uri")


@dataclass
class Operation:
    """One protocol request, read and checked: a query or an update, its text and parameters."""

    kind: str  # "query" | "update" | "none" (GET without a query)
    text: str = ""
    params: dict[str, list[str]] = field(default_factory=dict)

    def get(self, name: str) -> list[str]:
        return self.params.get(name, [])

    def one(self, name: str) -> str | None:
        values = self.get(name)
        if len(values) > 1:
            raise BadRequest(f"{name} is given {len(values)} times; give it once", where=name)
        return values[0] if values else None


def _charset_is_utf8() -> None:
    charset = request.mimetype_params.get("charset")
    if charset and charset.strip().lower().replace("_", "-") not in ("utf-8", "utf8", "us-ascii"):
        raise BadRequest(f"the body must be UTF-8, not {charset} (SPARQL 1.1 Protocol §2.1)",
                         where="Content-Type")


def _utf8(data: bytes, what: str) -> str:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise BadRequest(f"the {what} is not valid UTF-8 (byte {exc.start})") from None


def _merge(params: dict[str, list[str]], pairs: list[tuple[str, str]]) -> None:
    for name, value in pairs:
        params.setdefault(name, []).append(value)


def read_operation(allow_query: bool = True) -> Operation:
    """Read the protocol operation from the request, or raise the protocol's 4xx."""
    params: dict[str, list[str]] = {}
    _merge(params, list(request.args.items(multi=True)))
    if request.method in ("GET", "HEAD"):
        if params.get("update"):
            raise MethodNotAllowed("an update must be sent with POST, never GET", allowed=("POST",))
        if not allow_query:
            raise MethodNotAllowed("POST an update here (form update= or application/sparql-update)",
                                   allowed=("POST",))
        if params.get("query"):
            if len(params["query"]) > 1:
                raise BadRequest("the request has more than one query; send exactly one")
            return Operation("query", params["query"][0], params)
        return Operation("none", params=params)
    media = request.mimetype
    if media == FORM:
        _charset_is_utf8()
        body = _utf8(request.get_data(cache=True), "form body")
        try:
            pairs = parse_qsl(body, keep_blank_values=True, encoding="utf-8", errors="strict")
        except UnicodeDecodeError:
            raise BadRequest("a form value is not valid percent-encoded UTF-8") from None
        _merge(params, pairs)
        queries, updates = params.get("query", []), params.get("update", [])
    elif media in (QUERY, UPDATE):
        _charset_is_utf8()
        text = _utf8(request.get_data(cache=True), "request body")
        queries = [text] + params.get("query", []) if media == QUERY else params.get("query", [])
        updates = [text] + params.get("update", []) if media == UPDATE else params.get("update", [])
    else:
        accepted = f"{FORM} or {QUERY}" if allow_query else f"{FORM} or {UPDATE}"
        if allow_query:
            accepted += f" (or {UPDATE} for an update)"
        shown = media or "no Content-Type"
        raise UnsupportedMediaType(f"a POST body must be {accepted}; this one has {shown}",
                                   where="Content-Type")
    if queries and updates:
        raise BadRequest("the request has both a query and an update; send one operation")
    if len(queries) > 1:
        raise BadRequest("the request has more than one query; send exactly one")
    if len(updates) > 1:
        raise BadRequest("the request has more than one update string; send exactly one")
    if queries:
        if not allow_query:
            raise BadRequest("this is the update endpoint; send queries to /sparql")
        return Operation("query", queries[0], params)
    if updates:
        return Operation("update", updates[0], params)
    raise BadRequest("no query or update in the request (parameter 'query' or 'update', or a "
                     f"{QUERY} body)")


def allowed_calls(sc: Scan, base_iri: str) -> list[Outbound]:
    """The operation's SERVICE calls, all to allow-listed endpoints; refuses SERVICE and LOAD to
    anything else before anything runs (see :mod:`r2p_kg.federation`)."""
    return check_outbound(sc, base_iri, current_app.config.get("R2P_SERVICE_ALLOW") or ())


def federated(sc: Scan, calls: list[Outbound], base_iri: str, timeout: float) -> str:
    """The text with each allow-listed SERVICE answered by the web process, as VALUES."""
    return federate(sc, calls, base_iri, timeout=timeout, max_rows=int(current_app.config["R2P_MAX_ROWS"]))


@contextmanager
def explained_syntax(text: str) -> Iterator[None]:
    """Syntax errors raised inside name the line and column with the text there and a caret."""
    try:
        yield
    except QuerySyntaxError as exc:
        found = explain(text, exc.message)
        if found is None:
            raise
        raise QuerySyntaxError(found.message) from None


def _graph_params(op: Operation, names: tuple[str, str]) -> tuple[list[str], list[str]]:
    return ([check_iri(v, names[0]) for v in op.get(names[0])],
            [check_iri(v, names[1]) for v in op.get(names[1])])


def run_query(op: Operation) -> Response:
    """Negotiate, check, answer from the cache or the store; GET answers carry an ETag."""
    cfg = current_app.config
    g.query_hash = query_hash(op.text)
    for name in USING_PARAMS:
        if op.get(name):
            raise BadRequest(f"{name} is an update parameter; a query takes {' and '.join(DATASET_PARAMS)}")
    default_graphs, named_graphs = _graph_params(op, DATASET_PARAMS)
    timeout = timeout_param(op.one("timeout"))
    base = request.base_url
    sc = scan(op.text)
    calls = allowed_calls(sc, base)
    form, fmt, accept = sc.form(), op.get("format"), request.headers.get("Accept")
    results = conneg.BOOLEAN if form == "ASK" else conneg.RESULTS
    strict_results, strict_graphs = form in ("SELECT", "ASK"), form in ("CONSTRUCT", "DESCRIBE")
    r_offer = conneg.negotiate(accept, results, fmt, strict=strict_results) or results[0]
    g_fmt = conneg.graph_format_param(fmt)  # format=xml for a CONSTRUCT means RDF/XML
    g_offer = conneg.negotiate(accept, conneg.GRAPHS, g_fmt, strict=strict_graphs) or conneg.GRAPHS[0]
    store = get_store()
    max_rows = int(cfg["R2P_MAX_ROWS"])
    key = ("query", op.text, tuple(default_graphs), tuple(named_graphs), r_offer.fmt, g_offer.fmt,
           max_rows, base)
    version = store.version
    etag = make_etag(version, key)
    # An answer with a remote part is neither cached nor given an ETag: the remote may change.
    cacheable = request.method in ("GET", "HEAD") and not calls
    matched = not_modified(etag) if cacheable else None
    if matched:
        return _not_modified(matched)
    cache = get_cache()
    result = None if calls else cache.get((version, key))
    if result is None:
        text = op.text
        if calls:  # the remote calls spend part of the query's time
            started = time.monotonic()
            text = federated(sc, calls, base, timeout)
            timeout = max(timeout - (time.monotonic() - started), 0.001)
        with explained_syntax(text):
            result = store.query(text, result_format=r_offer.fmt, graph_format=g_offer.fmt,
                                 default_graph_uris=default_graphs, named_graph_uris=named_graphs,
                                 base_iri=base, timeout=timeout, max_rows=max_rows)
        if not calls:
            cache.put((version, key), result, len(result.body))
    g.rows = result.rows
    if result.kind == "graph":
        offer = g_offer
        if form not in ("CONSTRUCT", "DESCRIBE"):  # the scan could not tell; Accept must still fit
            conneg.negotiate(accept, conneg.GRAPHS, g_fmt, strict=True)
    else:
        offer = r_offer
        if form not in ("SELECT", "ASK"):
            conneg.negotiate(accept, results, fmt, strict=True)
    resp = Response(result.body, content_type=offer.content_type)
    resp.vary.add("Accept")
    if cacheable:
        resp.headers["ETag"] = etag
        resp.headers["Cache-Control"] = cache_control()
    else:
        resp.headers["Cache-Control"] = "no-store"
    return resp


def _not_modified(etag: str) -> Response:
    resp = Response(status=304)
    resp.headers["ETag"] = etag
    resp.headers["Cache-Control"] = cache_control()
    resp.vary.add("Accept")
    return resp


def run_update(op: Operation) -> Response:
    """Authorise, check dataset clauses and outbound calls, apply to the in-memory store."""
    g.query_hash = query_hash(op.text)
    require_update_rights()
    for name in DATASET_PARAMS:
        if op.get(name):
            raise BadRequest(f"{name} is a query parameter; an update takes {' and '.join(USING_PARAMS)}")
    using, using_named = _graph_params(op, USING_PARAMS)
    timeout = timeout_param(op.one("timeout"))
    sc = scan(op.text)
    calls = allowed_calls(sc, request.base_url)
    text = op.text
    if calls:
        text = federated(sc, calls, request.base_url, timeout)
        sc = scan(text)
    if using or using_named:
        if sc.has_dataset_clause():
            raise BadRequest("the update names its own dataset (USING or WITH) and the request has "
                             "using-graph-uri/using-named-graph-uri: give one or the other "
                             "(SPARQL 1.1 Protocol §2.2.3)")
        text = sc.with_using(using, using_named)
    with explained_syntax(text):
        get_store().update(text, base_iri=request.base_url, timeout=timeout)
    return Response(status=204)


def query() -> Response:
    """The SPARQL query endpoint (and the service description on a bare GET)."""
    op = read_operation()
    if op.kind == "none":
        from .describe import service_description
        return service_description()
    if op.kind == "update":
        return run_update(op)
    return run_query(op)


def update() -> Response:
    """The SPARQL update endpoint (POST only)."""
    op = read_operation(allow_query=False)
    if op.kind == "none":
        raise BadRequest("no update in the request: POST a form with update= or an "
                         f"{UPDATE} body")
    return run_update(op)
