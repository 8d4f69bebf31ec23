"""System pages: health, the OpenAPI description, VoID, settings, the dumps and a small index."""

from __future__ import annotations

import json
from html import escape
from pathlib import Path

from flask import Response, current_app, jsonify, request, send_from_directory, url_for

from ..errors import EndpointError, NotFound
from . import conneg
from .context import get_cache, get_store
from .settings import public

MANIFESTS = ("build.json", "SHA256SUMS")


def dump_files(dist: Path) -> dict[str, dict]:
    """The downloadable files of the build in ``dist``: {name: {"sha256", "bytes"}} from build.json."""
    manifest = dist / "build.json"
    try:
        files = json.loads(manifest.read_text(encoding="utf-8")).get("files", {})
    except (OSError, ValueError):
        return {}
    return {name: info for name, info in files.items() if "/" not in name}


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
    from .describe import void_description
    return void_description()


def settings() -> Response:
    """The server's settings (secrets only as set/unset)."""
    return jsonify(settings=public(current_app.config))


def dump(name: str) -> Response:
    """A file of the built dataset (the VoID data dumps), by name only: no path reaches beyond it."""
    dist = Path(getattr(get_store(), "dist", current_app.config["R2P_DIST"]))
    available = sorted(dump_files(dist)) + list(MANIFESTS)
    if name not in available:
        raise NotFound(f"no dump named {name!r}; available: {', '.join(available)}")
    resp = send_from_directory(dist, name, max_age=int(current_app.config["R2P_CACHE_SECONDS"]),
                               mimetype=_dump_type(name))
    if name.endswith(".gz"):  # a compressed file to download as it is, not a compressed transfer
        resp.headers.pop("Content-Encoding", None)
        resp.headers["Content-Disposition"] = f"attachment; filename={name}"
    return resp


def _dump_type(name: str) -> str | None:
    """The media type of a dump: the export's table of distributions, then the few other files."""
    from ..export.void import DUMPS
    for dump in DUMPS:
        if dump.file == name:
            return dump.compression or dump.media_type
    return {"ontology.html": "text/html", "build.json": "application/json",
            "SHA256SUMS": "text/plain"}.get(name)


def index() -> Response:
    """A map of the endpoint's URLs (JSON for programs, a short HTML page for browsers)."""
    from .urls import ROUTES
    links = [{"url": url_for(r.endpoint, _external=True, **r.example_args), "about": r.doc}
             for r in ROUTES if r.listed]
    offers = (conneg._offer("application/json", "json"), conneg._offer("text/html", "html"))
    offer = conneg.negotiate(request.headers.get("Accept"), offers, request.args.getlist("format"))
    if offer.fmt == "json":
        return Response(json.dumps({"links": links}, indent=2), content_type=offer.content_type)
    items = "".join(f"<li><a href='{escape(link['url'])}'>{escape(link['url'])}</a> — "
                    f"{escape(link['about'])}</li>" for link in links)
    return Response(f"<!doctype html><html lang='en'><head><meta charset='utf-8'><title>r2p-kg endpoint"
                    f"</title></head><body><h1>r2p-kg SPARQL endpoint</h1><ul>{items}</ul></body></html>",
                    content_type=offer.content_type)
