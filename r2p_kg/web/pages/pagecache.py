"""Finished pages kept in memory: the built dataset is read-only, so a page rendered once is the
same for everyone who asks the same way, until the next build changes the dataset's version.

A page's key is what determines its bytes: the dataset version, the URL the page's links are built
on (scheme, host and path prefix: X-Forwarded-* count only from a trusted proxy, and are then in
``Vary``), the raw path, the query parameters a page reads (``lang``, ``format``, ``class``, ``q``,
``query``, ``example``: others change nothing, so they do not defeat the cache), and the request
headers that negotiation reads
(``Accept``, ``Accept-Language``, the language cookie).
Only complete ``200`` answers are kept, never one that sets a cookie, and never pages over a remote
backend (``serve --backend``), whose data may change under us. A cached page still answers
``If-None-Match`` with ``304``. ``R2P_PAGE_CACHE_ENTRIES=0`` turns the cache off.
"""

from __future__ import annotations

import logging
from collections.abc import Hashable

from flask import Flask, Response, current_app, g, request

from ..cache import LRUCache
from ..transport import not_modified
from .i18n import COOKIE
from .paths import page_args, raw_path

log = logging.getLogger(__name__)

EXT = "r2p_page_cache"
_KEPT_HEADERS = ("Content-Type", "ETag", "Link", "Vary", "Cache-Control", "Content-Security-Policy")


def init_app(app: Flask) -> None:
    app.extensions[EXT] = LRUCache(int(app.config["R2P_PAGE_CACHE_ENTRIES"]),
                                   int(app.config["R2P_PAGE_CACHE_MAX_BYTES"]))


def _cache() -> LRUCache | None:
    cache = current_app.extensions.get(EXT)
    return cache if cache is not None and cache.entries > 0 else None


def _key(version: str) -> tuple[Hashable, ...]:
    return (version, request.url_root, raw_path(), page_args(), request.headers.get("Accept", ""),
            request.headers.get("Accept-Language", ""), request.cookies.get(COOKIE, ""))


def _version() -> str | None:
    """The dataset's version when its pages may be cached, else None."""
    from .data import RemoteDataset
    from .page import dataset  # the page context owns the dataset
    ds = dataset()
    if isinstance(ds, RemoteDataset) or not ds.version:
        return None
    return ds.version


def serve_cached() -> Response | None:
    """``before_request``: the kept page for this request, if there is one."""
    if request.method not in ("GET", "HEAD") or (cache := _cache()) is None:
        return None
    if (version := _version()) is None:
        return None
    g.page_cache_key = key = _key(version)
    kept = cache.get(key)
    if kept is None:
        return None
    headers, body = kept
    g.page_cache_hit = True
    resp = Response(body, status=200, headers=headers)
    etag = resp.headers.get("ETag")
    held = not_modified(etag) if etag else None
    if held:
        resp.set_data(b"")
        resp.status_code = 304
        resp.headers["ETag"] = held
    return resp


def keep(resp: Response) -> Response:
    """``after_request``: keep a finished page for the next request that asks the same way."""
    key = g.get("page_cache_key")
    if (key is None or g.get("page_cache_hit") or resp.status_code != 200 or resp.direct_passthrough
            or resp.is_streamed or "Set-Cookie" in resp.headers or (cache := _cache()) is None):
        return resp
    body = resp.get_data()
    headers = [(k, v) for k, v in resp.headers.items() if k in _KEPT_HEADERS]
    cache.put(key, (headers, body), len(body) + 200)
    return resp
