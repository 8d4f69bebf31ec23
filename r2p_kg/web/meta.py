"""System pages: health, the OpenAPI description, VoID, settings and the dumps (the index of them
all is :func:`r2p_kg.web.urls.index`, beside the URL table it shows)."""

from __future__ import annotations

import json
from pathlib import Path

from flask import Response, current_app, jsonify, request, send_from_directory, url_for

from ..config import GRAPH_LICENSE, SOURCE_LICENSE
from ..dist import DUMPS, MANIFESTS, dump_files, media_type, read_manifest
from ..errors import ConfigError, EndpointError, NotFound
from . import conneg, htmlviews
from .context import get_cache, get_store, served_dist, warming
from .describe import void_description
from .htmlviews import Cell, Table, View
from .settings import public

INDEX_OFFERS = (conneg._offer("application/json", "json"), conneg._offer("text/html", "html"))


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
    loading = warming()
    if ready and loading:
        ready, problem = False, f"still loading: {', '.join(loading)}"
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
    if name.endswith((".gz", ".html")):  # a file to save; the ontology's page is at /ontology
        resp.headers["Content-Disposition"] = f"attachment; filename={name}"
    return resp


def checksums(dist: Path) -> dict[str, str]:
    """{file: SHA-256} from ``SHA256SUMS`` (``sha256sum`` lines); empty if it is missing."""
    try:
        lines = (dist / "SHA256SUMS").read_text(encoding="utf-8").splitlines()
    except OSError:
        return {}
    sums = {}
    for line in lines:
        digest, _, name = line.strip().partition("  ")
        if digest and name:
            sums[name.lstrip("*")] = digest
    return sums


def dump_list(dist: Path) -> dict:
    """The downloads of the build in ``dist``: each file's format, media type, size, SHA-256 and URL,
    with the build's version, counts and licences."""
    try:
        read = read_manifest(dist)
    except ConfigError:
        read = None
    manifest = dict(read.data) if read is not None else {}
    titles = {d.file: d.title for d in DUMPS}
    sums = checksums(dist)
    built = dump_files(dist)
    files = []
    order = [d.file for d in DUMPS]
    for name in sorted(built, key=lambda n: (order.index(n) if n in order else len(order), n)) + list(MANIFESTS):
        path = dist / name
        if not path.is_file():
            continue
        info = built.get(name, {})
        files.append({"name": name, "format": titles.get(name, _OTHER_TITLES.get(name, "")),
                      "media_type": media_type(name) or "application/octet-stream",
                      "bytes": path.stat().st_size, "sha256": sums.get(name, info.get("sha256", "")),
                      "url": url_for("meta.dump", name=name, _external=True),
                      "href": url_for("meta.dump", name=name)})
    stats = found if isinstance(found := manifest.get("statistics"), dict) else {}
    return {"version": manifest.get("version", ""), "quads": manifest.get("quads"),
            "triples": stats.get("triples"), "license": GRAPH_LICENSE, "source_license": SOURCE_LICENSE,
            "checksums": url_for("meta.dump", name="SHA256SUMS", _external=True), "files": files}


_OTHER_TITLES = {"ontology.html": "the ontology's documentation (HTML)",
                 "void.ttl": "VoID and DCAT description of the dataset and these files (Turtle)",
                 "search.sqlite": "the full-text search index (SQLite with FTS5)",
                 "build.json": "the build's manifest: version, counts, files",
                 "SHA256SUMS": "SHA-256 checksums of the files (sha256sum -c)"}


def dumps() -> Response:
    """An index of the downloads: JSON for programs, a table for people (Accept or ``?format=``)."""
    listing = dump_list(served_dist())
    offer = conneg.negotiate(request.headers.get("Accept"), INDEX_OFFERS, request.args.getlist("format"))
    if offer.fmt == "json":
        for f in listing["files"]:
            del f["href"]  # a program is given absolute URLs
        resp = Response(json.dumps(listing, indent=2), content_type=offer.content_type)
    else:
        resp = Response(htmlviews.render(dumps_view(listing)), content_type=offer.content_type)
        resp.vary.update(("Accept-Language", "Cookie"))
    resp.vary.add("Accept")
    return resp


def dumps_view(listing: dict) -> View:
    """The downloads as a page: the files, then what they hold and under which licence."""
    rows = [(Cell(f["name"], href=f.pop("href")), Cell(f["format"]), Cell(f["media_type"]),
             Cell(f"{f['bytes']:,}", num=True), Cell(f["sha256"], href="")) for f in listing["files"]]
    about = [(Cell("version", word=True), Cell(listing["version"])),
             (Cell("license", word=True), Cell(listing["license"], href=listing["license"])),
             (Cell("source_license", word=True), Cell(listing["source_license"],
                                                      href=listing["source_license"]))]
    for key in ("triples", "quads"):
        if isinstance(listing.get(key), int):
            about.insert(1, (Cell(key, word=True), Cell(f"{listing[key]:,}")))
    return View("dumps", "dumps", "dumps_text",
                tables=[Table("files", ("col_file", "col_format", "col_media_type", "col_bytes",
                                        "col_sha256"), rows, note="checksums_note"),
                        Table("about_dataset", ("col_what", "col_value"), about)],
                formats=[("json", url_for("meta.dumps", format="json"))])
