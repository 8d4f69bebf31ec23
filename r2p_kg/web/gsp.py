"""SPARQL 1.1 Graph Store HTTP Protocol at ``/store``.

Indirect identification: ``/store?default`` and ``/store?graph=IRI``; direct identification: the
request URL ``/store/<path>`` is the graph's IRI. GET and HEAD always; PUT, POST (also
multipart/form-data) and DELETE only when updates are enabled (in memory, bearer token). POST to
``/store`` itself creates a new graph and answers 201 with its IRI in ``Location``.

Reads agree with SPARQL: ``GET /store?default`` is the default graph a query sees — the union of
the store's own default graph and every named graph of the dataset (on a remote store, of the
dataset's graphs only) — while writes to ``?default`` change the store's own default graph, the one
part of that union that is no named graph. A read is never cut: past ``GRAPH_CAP`` triples it is
an explicit 422.
"""

from __future__ import annotations

import uuid

from flask import Response, current_app, g, request

from ..errors import BadRequest, MethodNotAllowed, NotFound, UnsupportedMediaType
from ..remote_store import GRAPH_CAP, RemoteStore
from ..store import Store, check_iri, to_ntriples
from . import conneg
from .context import get_store, require_update_rights, timeout_param
from .transport import cache_control, make_etag, not_modified

READ_METHODS = ("GET", "HEAD", "OPTIONS")
_DATASET = object()  # the target of a request to /store without ?default or ?graph
UNION = "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }"  # the default graph, as SPARQL sees it


def _target(direct: bool):
    """The graph a request names: an IRI, None for the default graph, or _DATASET for none."""
    if direct:
        return check_iri(request.base_url, "request URL")
    has_default = "default" in request.args
    graphs = request.args.getlist("graph")
    if has_default and graphs:
        raise BadRequest("give either ?default or ?graph=IRI, not both")
    if len(graphs) > 1:
        raise BadRequest("give ?graph=IRI once")
    if has_default:
        return None
    if graphs:
        return check_iri(graphs[0], "graph")
    return _DATASET


def _label(target) -> str:
    return "the default graph" if target is None else f"<{target}>"


def _read(target) -> Response:
    if target is _DATASET:
        raise BadRequest("name a graph: /store?default, /store?graph=IRI or /store/<path>")
    offer = conneg.negotiate(request.headers.get("Accept"), conneg.GRAPHS, request.args.getlist("format"))
    store = get_store()
    etag = make_etag(store.version, "graph", target, offer.fmt)
    matched = not_modified(etag)
    if matched:
        resp = Response(status=304)
        resp.headers["ETag"] = matched
        return resp
    body = _read_graph(store, target, offer.fmt, timeout_param(request.args.get("timeout")))
    if body is None:
        raise NotFound(f"there is no graph {_label(target)} in the store")
    resp = Response(body, content_type=offer.content_type)
    resp.vary.add("Accept")
    resp.headers["ETag"] = etag
    resp.headers["Cache-Control"] = cache_control()
    return resp


def _read_graph(store: Store, target: str | None, fmt: str, timeout: float) -> bytes | None:
    """One graph's triples in ``fmt``; the default graph is the union that queries see."""
    if target is None and not isinstance(store, RemoteStore):  # a remote store reads the union itself
        return store.query(UNION, graph_format=fmt, timeout=timeout, max_rows=GRAPH_CAP).body
    return store.read_graph(target, fmt, timeout=timeout)


def _body_ntriples(base_iri: str) -> bytes:
    """The request body as N-Triples: one RDF document, or every part of a multipart/form-data body."""
    if request.mimetype == "multipart/form-data":
        parts = []
        for storage in request.files.values():
            fmt = conneg.upload_format(storage.content_type)
            if fmt is None:
                raise UnsupportedMediaType(f"part {storage.name!r} has an unsupported Content-Type "
                                           f"{storage.content_type!r}")
            parts.append(to_ntriples(storage.read(), fmt, base_iri))
        if not parts:
            raise BadRequest("the multipart/form-data body has no file parts")
        return b"".join(parts)
    fmt = conneg.upload_format(request.content_type)
    if fmt is None:
        raise UnsupportedMediaType(
            f"the body's Content-Type {request.mimetype or '(none)'!r} is not an RDF syntax this store "
            "reads: " + ", ".join(sorted(conneg.UPLOADS)), where="Content-Type")
    return to_ntriples(request.get_data(), fmt, base_iri)


def _write(target) -> Response:
    if not current_app.config.get("R2P_ALLOW_UPDATE"):
        raise MethodNotAllowed("the graph store is read-only: writes are disabled (start the server "
                               "with --allow-update to enable them, in memory only)",
                               allowed=READ_METHODS)
    require_update_rights()
    store = get_store()
    timeout = timeout_param(request.args.get("timeout"))
    g.rows = None
    if request.method == "DELETE":
        if target is _DATASET:
            raise BadRequest("name the graph to delete: ?default or ?graph=IRI")
        if not store.delete_graph(target, timeout=timeout):
            raise NotFound(f"there is no graph {_label(target)} in the store")
        return Response(status=204)
    created_here = target is _DATASET
    if created_here:
        if request.method != "POST":
            raise BadRequest("name the graph to PUT: ?default or ?graph=IRI")
        target = f"{request.base_url.rstrip('/')}/{uuid.uuid4().hex}"
    data = _body_ntriples(target or request.base_url)
    existed = store.write_graph(target, data, replace=request.method == "PUT", timeout=timeout)
    if existed and not created_here:
        return Response(status=204)
    resp = Response(status=201)
    if created_here:
        resp.headers["Location"] = target
    return resp


def graph_store(rest: str | None = None) -> Response:
    """Graph Store Protocol: read or (when enabled) write one graph."""
    target = _target(direct=rest is not None)
    if request.method in ("GET", "HEAD"):
        return _read(target)
    return _write(target)
