"""What every request and response goes through: the body limit, timing and the access log,
conditional requests, gzip, CORS, ``X-Content-Type-Options: nosniff``.

The access log has one line per request: method, route, status, rows, milliseconds and a short hash
of the query; never the query text, a token or a request body.
"""

from __future__ import annotations

import gzip
import hashlib
import io
import ipaddress
import logging
import re
import time
from collections.abc import Callable, Iterable

from flask import Flask, Response, current_app, g, request
from werkzeug.exceptions import BadRequest, RequestEntityTooLarge
from werkzeug.middleware.proxy_fix import ProxyFix

from ..errors import ConfigError

log = logging.getLogger(__name__)
access_log = logging.getLogger("r2p_kg.web.access")

GZIP_MIN_BYTES = 1024
GZIP_TYPES = ("application/", "text/")


def query_hash(text: str) -> str:
    """A short stable hash of a query for the log (the text itself is never logged)."""
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:12]


def make_etag(*parts: object) -> str:
    """A strong ETag for a representation: a hash of the dataset version and everything else it
    depends on (query, dataset parameters, format)."""
    digest = hashlib.sha256(repr(parts).encode("utf-8", "surrogatepass")).hexdigest()[:32]
    return f'"{digest}"'


def not_modified(etag: str) -> str | None:
    """The tag in If-None-Match that names ``etag`` (or its gzip variant, see :func:`_gzip`), if any.

    A 304 answer must carry the tag the client holds, so the caller sends back the one returned.
    """
    header = request.headers.get("If-None-Match", "")
    if not header:
        return None
    if header.strip() == "*":
        return etag
    tags = {t.strip().removeprefix("W/") for t in header.split(",")}
    for candidate in (etag, _gz_etag(etag)):
        if candidate in tags:
            return candidate
    return None


def cache_control() -> str:
    """Read-only data may be cached for a while; with updates enabled, caches must revalidate."""
    if current_app.config.get("R2P_ALLOW_UPDATE"):
        return "no-cache"
    return f"public, max-age={int(current_app.config['R2P_CACHE_SECONDS'])}"


def _gz_etag(etag: str) -> str:
    return etag[:-1] + '-gz"' if etag.endswith('"') else etag


def _accepts_gzip() -> bool:
    for member in request.headers.get("Accept-Encoding", "").split(","):
        name, _, params = member.strip().partition(";")
        if name.strip().lower() in ("gzip", "*"):
            q = params.strip().removeprefix("q=") if params.strip().startswith("q=") else "1"
            try:
                return float(q) > 0
            except ValueError:
                return False
    return False


def _gzip(resp: Response) -> None:
    if (resp.status_code != 200 or resp.direct_passthrough or resp.is_streamed
            or "Content-Encoding" in resp.headers
            or not (resp.mimetype or "").startswith(GZIP_TYPES)):
        return
    resp.vary.add("Accept-Encoding")
    data = resp.get_data()
    if len(data) < GZIP_MIN_BYTES or not _accepts_gzip():
        return
    resp.set_data(gzip.compress(data, compresslevel=5, mtime=0))
    resp.headers["Content-Encoding"] = "gzip"
    if "ETag" in resp.headers:  # a different representation needs a different strong ETag
        resp.headers["ETag"] = _gz_etag(resp.headers["ETag"])


def _cors(resp: Response, origin: str, methods: tuple[str, ...]) -> None:
    resp.headers["Access-Control-Allow-Origin"] = origin
    resp.headers["Access-Control-Expose-Headers"] = "ETag, Content-Type, Content-Length, Location, Link"
    if request.method == "OPTIONS":
        resp.headers["Access-Control-Allow-Methods"] = ", ".join(methods)
        resp.headers["Access-Control-Allow-Headers"] = "Accept, Content-Type, If-None-Match"
        resp.headers["Access-Control-Max-Age"] = "86400"


TOO_LARGE = "r2p.body_too_large"
RAW_INPUT = "r2p.raw_input"
DISCARD_FACTOR = 4  # a refused body is read and dropped up to this many times the limit
BAD_HOST = "r2p.bad_host"
# RFC 3986 host (reg-name, IPv4 or [IPv6]) with an optional port; forwarded values must look the same.
_HOST = re.compile(r"(?:[A-Za-z0-9._~!$&'()*+,;=-]+|%[0-9A-Fa-f]{2}|\[[0-9A-Fa-f:.]+\])+(?::[0-9]{1,5})?")
_FORWARDED = {"HTTP_X_FORWARDED_PROTO": re.compile(r"https?", re.IGNORECASE),
              "HTTP_X_FORWARDED_HOST": _HOST, "HTTP_X_FORWARDED_PORT": re.compile(r"[0-9]{1,5}"),
              # a path of non-empty segments: "//evil.example" would make links to another host
              "HTTP_X_FORWARDED_PREFIX": re.compile(r"(?:/(?:[A-Za-z0-9._~!$&'()*+,;=:@-]|%[0-9A-Fa-f]{2})+)*/?"),
              "HTTP_X_FORWARDED_FOR": re.compile(r"[0-9A-Fa-f:.\[\], ]+")}


class CheckedHost:
    """WSGI middleware: the request URL is built from Host and X-Forwarded-*, and becomes the base
    IRI of queries and the ``sd:endpoint`` of the service description, so these must be a host and
    a scheme. A malformed forwarded value is ignored (as if no proxy had sent it); a malformed Host
    is refused with 400 (by the hook in :func:`init_app`)."""

    def __init__(self, app: Callable) -> None:
        self.app = app

    def __call__(self, environ: dict, start_response: Callable) -> Iterable[bytes]:
        for key, pattern in _FORWARDED.items():
            value = environ.get(key)
            if value is not None and not all(pattern.fullmatch(v.strip()) for v in value.split(",")):
                log.info("ignored a malformed %s header", key[5:].replace("_", "-"))
                del environ[key]
        prefix = environ.get("HTTP_X_FORWARDED_PREFIX")
        if prefix is not None:  # "/r2p/" is the prefix "/r2p": links must not get "//"
            environ["HTTP_X_FORWARDED_PREFIX"] = ",".join(v.strip().rstrip("/") for v in prefix.split(","))
        host = environ.get("HTTP_HOST")
        if host is not None and not _HOST.fullmatch(host):
            environ[BAD_HOST] = True
            environ["HTTP_HOST"] = f"{environ.get('SERVER_NAME', 'localhost')}:{environ.get('SERVER_PORT', '80')}"
        return self.app(environ, start_response)


FORWARDED_HEADERS = tuple(_FORWARDED)
FROM_PROXY = "r2p.from_proxy"
# What a response may depend on when a trusted proxy's forwarded headers were applied.
FORWARDED_VARY = ("X-Forwarded-Proto", "X-Forwarded-Host", "X-Forwarded-Port", "X-Forwarded-Prefix")


def proxy_networks(values: Iterable[str]) -> tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, ...]:
    """The trusted proxies (addresses or CIDR networks) of ``R2P_TRUSTED_PROXIES``, checked."""
    out = []
    for value in values:
        try:
            out.append(ipaddress.ip_network(value.strip(), strict=False))
        except ValueError:
            raise ConfigError(f"{value!r} is not an IP address or network (e.g. 10.0.0.5 or "
                              "10.0.0.0/24)", where="R2P_TRUSTED_PROXIES") from None
    return tuple(out)


class TrustedProxies:
    """WSGI middleware: ``X-Forwarded-*`` are applied (werkzeug's ProxyFix, ``hops`` deep) only to
    requests whose peer (REMOTE_ADDR) is a configured proxy; from anyone else they are removed, so
    no client can name the host, scheme or path prefix that links and descriptions are built on."""

    def __init__(self, app: Callable, networks: tuple, hops: int) -> None:
        self.app, self.networks = app, networks
        self.fixed = ProxyFix(app, x_for=hops, x_proto=hops, x_host=hops, x_port=hops, x_prefix=hops)

    def trusted(self, peer: str | None) -> bool:
        try:
            address = ipaddress.ip_address((peer or "").split("%")[0])
        except ValueError:
            return False
        return any(address in net for net in self.networks)

    def __call__(self, environ: dict, start_response: Callable) -> Iterable[bytes]:
        if self.networks and self.fixed.x_for and self.trusted(environ.get("REMOTE_ADDR")):
            environ[FROM_PROXY] = any(key in environ for key in FORWARDED_HEADERS)
            return self.fixed(environ, start_response)
        for key in FORWARDED_HEADERS:
            environ.pop(key, None)
        return self.app(environ, start_response)


class BoundedBody:
    """WSGI middleware: a body without Content-Length (``Transfer-Encoding: chunked``) is read here,
    up to ``limit`` bytes. werkzeug applies MAX_CONTENT_LENGTH to such a body by cutting it at the
    limit without error, so a query longer than the limit would run truncated; here a longer body
    is refused with 413 (by the hook in :func:`init_app`) before any view sees it.
    """

    def __init__(self, app: Callable, limit: int) -> None:
        self.app, self.limit = app, limit

    def __call__(self, environ: dict, start_response: Callable) -> Iterable[bytes]:
        if environ.get("CONTENT_LENGTH") in (None, "") and environ.get("wsgi.input_terminated"):
            stream, chunks, size = environ["wsgi.input"], [], 0
            while size <= self.limit:
                chunk = stream.read(min(65536, self.limit + 1 - size))
                if not chunk:
                    break
                chunks.append(chunk)
                size += len(chunk)
            body = b"".join(chunks)
            if size > self.limit:
                environ[TOO_LARGE], body = True, b""
            environ[RAW_INPUT], environ["wsgi.input"] = stream, io.BytesIO(body)
            environ["CONTENT_LENGTH"] = str(len(body))  # now a plain body of known length:
            environ.pop("wsgi.input_terminated", None)  # werkzeug ignores the length while these say
            environ.pop("HTTP_TRANSFER_ENCODING", None)  # "chunked"
        return self.app(environ, start_response)


def _discard_body() -> None:
    """Read and drop what is left of a refused body (up to a few times the limit): a client that
    sends its whole body before it reads the answer then gets the 413 rather than a reset
    connection. The client's deadline (R2P_CLIENT_TIMEOUT) bounds the time this takes."""
    environ = request.environ
    stream = environ.get(RAW_INPUT) or environ.get("wsgi.input")
    if stream is None:  # a WSGI server always gives one
        return
    budget = DISCARD_FACTOR * int(current_app.config["MAX_CONTENT_LENGTH"])
    if environ.get(RAW_INPUT) is None:
        try:  # never read past Content-Length: a raw socket stream would wait for more
            budget = min(budget, int(environ.get("CONTENT_LENGTH") or 0))
        except ValueError:
            return
    try:
        while budget > 0:
            chunk = stream.read(min(65536, budget))
            if not chunk:
                break
            budget -= len(chunk)
    except (OSError, ValueError):
        pass


CORS_EXT = "r2p_cors"


def open_to_other_origins(app: Flask, endpoint: str, methods: tuple[str, ...] = ("GET", "HEAD", "OPTIONS")) -> None:
    """Let pages of other origins read ``endpoint`` (read-only routes only): extensions call this
    for their linked-data routes, so that browser clients can dereference the IRIs."""
    app.extensions[CORS_EXT][endpoint] = methods


def init_app(app: Flask, cors: dict[str, tuple[str, ...]]) -> None:
    """Install the hooks; ``cors`` maps an endpoint name to the methods open to other origins
    (extensions add theirs with :func:`open_to_other_origins`)."""
    cors = app.extensions.setdefault(CORS_EXT, cors)
    proxies = TrustedProxies(app.wsgi_app, proxy_networks(app.config["R2P_TRUSTED_PROXIES"]),
                             int(app.config["R2P_PROXY_HOPS"]))
    # Wrapping the WSGI app is Flask's documented middleware hook; mypy sees a method reassigned.
    app.wsgi_app = BoundedBody(CheckedHost(proxies), int(app.config["MAX_CONTENT_LENGTH"]))  # type: ignore[method-assign]

    @app.before_request
    def _start() -> None:
        g.t0 = time.perf_counter()
        if request.environ.get(BAD_HOST):
            raise BadRequest("the Host header is not a host name (RFC 3986 host[:port])")
        if request.environ.get(TOO_LARGE):
            raise RequestEntityTooLarge(f"the request body is larger than this server's limit of "
                                        f"{app.config['MAX_CONTENT_LENGTH']} bytes")

    @app.after_request
    def _finish(resp: Response) -> Response:
        if request.endpoint in cors and app.config.get("R2P_CORS_ORIGIN"):
            _cors(resp, app.config["R2P_CORS_ORIGIN"], cors[request.endpoint])
        # Browsers must take every answer as the type it says (an error's text is never a script).
        resp.headers.setdefault("X-Content-Type-Options", "nosniff")
        if request.environ.get(FROM_PROXY):  # links in the answer were built from these headers
            resp.vary.update(FORWARDED_VARY)
        if resp.status_code == 413:
            _discard_body()
        _gzip(resp)  # HEAD too: it must carry the same headers as GET
        ms = (time.perf_counter() - g.get("t0", time.perf_counter())) * 1000
        rule = request.url_rule.rule if request.url_rule else "-"
        access_log.info("%s %s %d rows=%s ms=%.1f q=%s", request.method, rule, resp.status_code,
                        g.get("rows", "-"), ms, g.get("query_hash", "-"))
        return resp
