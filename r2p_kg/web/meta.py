"""System pages: health, the OpenAPI description, VoID, settings and the dumps (the index of them
all is :func:`r2p_kg.web.urls.index`, beside the URL table it shows)."""

from __future__ import annotations

from flask import Response, current_app, jsonify, request, send_from_directory

from ..dist import MANIFESTS, dump_files, media_type
from ..errors import EndpointError, NotFound
from .context import get_cache, get_store, served_dist
from .describe import void_description
from .settings import public


def health() -> Response:
    """Liveness always; readiness when a worker answers ``ASK {}`` within two seconds."""
    if request.args.get("probe") == "live":
        return jsonify(live=True)
    store = get_store()
    try:
        store.query("ASK {}", timeout=2.0)
        ready, problem = True, None
    except EndpointError as exc:
        ready, problem = False, str(exc)
    body = {"live": True, "ready": ready, "version": store.version, "cache": get_cache().stats(),
            "updates": bool(current_app.config.get("R2P_ALLOW_UPDATE"))}
    if problem:
        body["problem"] = problem
    resp = jsonify(body)
    resp.status_code = 200 if ready else 503
    resp.headers["Cache-Control"] = "no-store"
    return resp


def openapi() -> Response:
    """The HTTP API as OpenAPI 3.1."""
    from .openapi import document
    return jsonify(document(request.url_root.rstrip("/")))


def void() -> Response:
    """VoID description of the dataset."""
    return void_description()


def settings() -> Response:
    """The server's settings (secrets only as set/unset)."""
    return jsonify(settings=public(current_app.config))


def dump(name: str) -> Response:
    """A file of the built dataset (the VoID data dumps), by name only: no path reaches beyond it."""
    dist = served_dist()
    available = sorted(dump_files(dist)) + list(MANIFESTS)
    if name not in available:
        raise NotFound(f"no dump named {name!r}; available: {', '.join(available)}")
    resp = send_from_directory(dist, name, max_age=int(current_app.config["R2P_CACHE_SECONDS"]),
                               mimetype=media_type(name))
    if name.endswith(".gz"):  # a compressed file to download as it is, not a compressed transfer
        resp.headers.pop("Content-Encoding", None)
        resp.headers["Content-Disposition"] = f"attachment; filename={name}"
    return resp
