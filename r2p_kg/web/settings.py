"""The endpoint's settings: one registry feeds the Flask config, gunicorn, ``r2p-kg serve`` and
``/-/settings``.

Each setting is a Flask config key (``R2P_...``) with a default and a help text. :func:`load` is the
one place they are merged, lowest first: the default, the environment variable of the same name
(``R2P_UPDATE_TOKEN`` is read only from there, and is never shown), the Python file named by
``R2P_WEB_CONFIG``, then what the caller gives (``r2p-kg serve``'s options, a test's config). The app
(:func:`r2p_kg.web.create_app`) and the server's options (:func:`r2p_kg.web.server.gunicorn_options`)
both read the result, so a setting means the same to both.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..config import DEFAULT_DIST

CONFIG_FILE_ENV = "R2P_WEB_CONFIG"  # names a Python file of settings (Flask's from_pyfile)


@dataclass(frozen=True)
class WebSetting:
    """A setting; one with a ``flag`` is also an option of ``r2p-kg serve`` (built by the CLI from
    here: its type from the default, its help from ``help``)."""

    key: str
    default: object
    help: str
    secret: bool = False
    flag: str | None = None  # e.g. "--timeout"
    metavar: str | None = None
    choices: tuple[str, ...] = ()
    positive: bool = False  # the option refuses zero and below

    def from_env(self) -> object:
        raw = os.environ.get(self.key)
        if raw is None:
            return self.default
        if isinstance(self.default, bool):
            return raw.strip().lower() in ("1", "true", "yes", "on")
        if isinstance(self.default, tuple):
            return tuple(v for v in raw.split() if v)
        if isinstance(self.default, int | float | str):  # bool and tuple are read above
            return type(self.default)(raw)
        return raw


SETTINGS: tuple[WebSetting, ...] = (
    WebSetting("R2P_DIST", str(DEFAULT_DIST), "built dataset folder served (r2p.nq, build.json)"),
    WebSetting("R2P_TIMEOUT", 10.0, "hard deadline of a query or update in seconds; a client may ask "
                                    "for less with timeout=, never more",
               flag="--timeout", metavar="S", positive=True),
    WebSetting("R2P_MAX_ROWS", 10_000, "largest result (rows or triples); a larger one is an error, "
                                       "never a truncated answer",
               flag="--max-rows", metavar="N", positive=True),
    WebSetting("R2P_MAX_RESULT_BYTES", 16_000_000, "largest serialized answer (query result or Graph "
                                                   "Store read) in bytes, counted by the query worker "
                                                   "as it serializes; a larger one is 422 "
                                                   "result-too-large, never a cut answer (0: no cap)"),
    WebSetting("R2P_ANSWER_MEMORY_MB", 256, "memory the web process holds for answers received from "
                                           "the query workers and not yet handed to the outbox; an "
                                           "answer waits for room until its deadline, then 503 busy "
                                           "(0: no bound; at least R2P_MAX_RESULT_BYTES)"),
    WebSetting("R2P_WORKERS", 2, "query worker processes, each with its own copy of the data (or "
                                 "sharing the on-disk store, see R2P_STORE_MODE)",
               flag="--workers", metavar="N", positive=True),
    WebSetting("R2P_STORE_MODE", "auto", "where query workers read the data: memory (each loads r2p.nq), "
                                    "disk (the build's on-disk store, shared read-only) or auto (disk "
                                    "when r2p.nq is over 1 GB and updates are off)",
               flag="--store", choices=("auto", "memory", "disk")),
    WebSetting("R2P_QUERY_MEMORY_MB", 2048, "memory a query may use beyond the data; a query that "
                                            "needs more is stopped with 422 out-of-memory (0: no "
                                            "limit)"),
    WebSetting("R2P_MAX_WAITING", 96, "queries that may wait for a busy query worker; more are answered "
                                      "503 busy at once, so slow queries never hold every server "
                                      "thread (0: no limit)"),
    WebSetting("R2P_ALLOW_UPDATE", False, "enable SPARQL Update and Graph Store writes (in memory "
                                          "only), authorised by the bearer token R2P_UPDATE_TOKEN: "
                                          "clients send 'Authorization: Bearer <token>'",
               flag="--allow-update"),
    WebSetting("R2P_UPDATE_TOKEN", "", "bearer token for updates (environment only)", secret=True),
    WebSetting("R2P_SERVICE_ALLOW", (), "endpoints SERVICE and LOAD may reach (space-separated IRIs; "
                                        "the option is repeated); empty: no outbound requests at all",
               flag="--service-allow", metavar="URL"),
    WebSetting("R2P_CACHE_ENTRIES", 512, "results kept in the in-process cache (0 disables it)"),
    WebSetting("R2P_CACHE_MAX_BYTES", 64_000_000, "total size of the result cache in bytes (one "
                                                  "answer may take an eighth of it)"),
    WebSetting("R2P_PAGE_CACHE_ENTRIES", 1024, "rendered pages kept in memory, per dataset version "
                                               "(0 disables it)"),
    WebSetting("R2P_PAGE_CACHE_MAX_BYTES", 32_000_000, "total size of the page cache in bytes"),
    WebSetting("R2P_PAGE_TIMEOUT", 5.0, "seconds a linked-data page may take, waiting for its turn "
                                        "included; past it the answer is 503 page-timeout with "
                                        "Retry-After"),
    WebSetting("R2P_BACKEND_PAGE_TIMEOUT", 60.0, "the same deadline for pages over a remote backend "
                                                 "(serve --backend), whose every read is a round trip"),
    WebSetting("R2P_PAGE_RENDERS", 2, "linked-data pages rendered at once (the others wait their turn "
                                      "within R2P_PAGE_TIMEOUT); cached pages do not count"),
    WebSetting("R2P_CACHE_SECONDS", 300, "Cache-Control max-age of read-only answers"),
    WebSetting("R2P_MAX_BODY", 10_000_000, "largest request body accepted, in bytes"),
    WebSetting("R2P_CLIENT_TIMEOUT", 30.0, "seconds a client has to send a whole request (headers and "
                                           "body), and to catch up with an answer it fell behind "
                                           "reading; slower clients are disconnected"),
    WebSetting("R2P_TRUSTED_PROXIES", (), "addresses or networks (space-separated, e.g. 127.0.0.1 "
                                          "10.0.0.0/24) of the reverse proxies whose X-Forwarded-* "
                                          "headers are honoured; empty: nobody's"),
    WebSetting("R2P_PROXY_HOPS", 1, "proxies in a row in front of the server: how many X-Forwarded-* "
                                    "values a trusted proxy's request may carry"),
    WebSetting("R2P_CORS_ORIGIN", "*", "Access-Control-Allow-Origin on the read-only routes"),
    WebSetting("R2P_BACKEND", "", "remote SPARQL 1.1 query endpoint holding the data, as published "
                                  "by 'r2p-kg push --each-graph' (empty: the embedded Oxigraph store "
                                  "loaded from R2P_DIST); its password or token is R2P_BACKEND_PASSWORD",
               flag="--backend", metavar="URL"),
    WebSetting("R2P_BACKEND_UPDATE", "", "the remote store's update endpoint, if not R2P_BACKEND",
               flag="--backend-update", metavar="URL"),
    WebSetting("R2P_BACKEND_USER", "", "user name for the remote store", flag="--backend-user",
               metavar="NAME"),
    WebSetting("R2P_BACKEND_AUTH", "", "auth scheme for the remote store: basic, digest or bearer "
                                       "(empty: digest with a user name, none without)",
               flag="--backend-auth", choices=("basic", "digest", "bearer")),
    WebSetting("R2P_BACKEND_PASSWORD", "", "password or token for the remote store (environment only)",
               secret=True),
    WebSetting("R2P_BACKEND_ROW_CAP", 0, "the remote store's own result cap (e.g. Virtuoso's "
                                         "ResultSetMaxRows): an answer that reaches it is an error",
               flag="--backend-row-cap", metavar="N"),
    WebSetting("R2P_BACKEND_UNION", False, "the remote store's default graph is already the union of "
                                           "this dataset's graphs and holds nothing else (oxigraph serve "
                                           "--union-default-graph over this dataset alone): queries are "
                                           "sent without the list of the dataset's graphs, which on a "
                                           "corpus of many graphs the store must otherwise assemble for "
                                           "every query",
               flag="--backend-union"),
)


def defaults() -> dict[str, Any]:
    """Every setting's value: its environment variable if set, else its default."""
    return {s.key: s.from_env() for s in SETTINGS}


def load(overrides: Mapping[str, object] | None = None, *,
         presets: Mapping[str, object] | None = None) -> dict[str, Any]:
    """Every setting, merged once: defaults and ``presets`` (other Flask keys, e.g. the extensions),
    then the environment, then the ``R2P_WEB_CONFIG`` file, then ``overrides``."""
    # The file is read as the app always read it: relative to this package, by Flask's own reader.
    from flask import Config  # here: reading the registry (the CLI's options) needs no Flask
    config = Config(str(Path(__file__).resolve().parent))
    config.update(defaults())
    config.update(presets or {})
    config.from_envvar(CONFIG_FILE_ENV, silent=True)
    config.update(overrides or {})
    return dict(config)


def public(config: Mapping[str, object]) -> list[dict[str, object]]:
    """The settings as shown at ``/-/settings``: secrets are reported as set or not, never shown."""
    return [{"name": s.key, "value": (bool(config.get(s.key)) if s.secret else config.get(s.key)),
             "default": ("" if s.secret else s.default), "help": s.help}
            for s in SETTINGS]
