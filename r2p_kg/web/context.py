"""Per-app resources: the store (opened lazily, closed at exit), the result cache, the update token.

Views reach them through these functions only, so a test or another backend can put its own
:class:`~r2p_kg.store.Store` in ``app.config["R2P_STORE"]``.
"""

from __future__ import annotations

import atexit
import hmac
import logging
import threading
from pathlib import Path

from flask import Flask, current_app, request
from werkzeug.wsgi import ClosingIterator

from ..budget import AnswerBudget
from ..dist import Manifest, read_manifest, served_folder
from ..errors import BadRequest, ConfigError, ReadOnly, Unauthorized
from ..store import OxigraphStore, Store
from .cache import LRUCache

log = logging.getLogger(__name__)
_lock = threading.Lock()
_warm_lock = threading.Lock()  # the set of warm-ups still running
EXT = "r2p_endpoint"


def init_app(app: Flask) -> None:
    budget = _answer_budget(app.config)
    app.extensions[EXT] = {
        "store": app.config.get("R2P_STORE"),
        "cache": LRUCache(int(app.config["R2P_CACHE_ENTRIES"]), int(app.config["R2P_CACHE_MAX_BYTES"])),
        "described": {},
        "budget": budget,
        "warm_up": [],  # (name, callable(app)): what the server loads before it is ready
        "warming": set(),  # names of warm-ups not finished yet
    }
    if budget is not None:
        app.wsgi_app = _ReleaseAnswers(app.wsgi_app, budget)  # type: ignore[method-assign]


def on_warm_up(app: Flask, name: str, load) -> None:
    """Have the server call ``load(app)`` when it starts, beside the query workers, so that the first
    requests do not pay for it (an extension's data, such as the pages'). Until it returns, ``/health``
    says the server is not ready."""
    app.extensions[EXT]["warm_up"].append((name, load))


def warm_up(app: Flask) -> None:
    """Start every warm-up registered with :func:`on_warm_up`, each in a thread of its own."""
    ext = app.extensions[EXT]
    for name, load in ext["warm_up"]:
        with _warm_lock:
            ext["warming"].add(name)

        def run(name=name, load=load) -> None:
            try:
                with app.app_context():
                    load(app)
            except Exception:  # the first request that needs it loads it again, and says why
                log.exception("warm-up %s failed", name)
            finally:
                with _warm_lock:
                    ext["warming"].discard(name)

        threading.Thread(target=run, name=f"r2p-warm-up-{name}", daemon=True).start()


def warming(app: Flask | None = None) -> list[str]:
    """The warm-ups still running (none: the server is warm)."""
    with _warm_lock:  # read while warm-up threads end
        return sorted((app or current_app).extensions[EXT]["warming"])


def _answer_budget(config: dict) -> AnswerBudget | None:
    """The bound on answers held by the web process (R2P_ANSWER_MEMORY_MB), if any."""
    mb = int(config["R2P_ANSWER_MEMORY_MB"])
    if mb <= 0:
        return None
    budget = AnswerBudget(mb * 1_000_000)
    cap = int(config["R2P_MAX_RESULT_BYTES"])
    if cap <= 0 or cap > budget.max_bytes:
        largest = f"{cap} bytes" if cap > 0 else "no cap"
        raise ConfigError(f"{mb} MB cannot hold one answer of R2P_MAX_RESULT_BYTES ({largest}): "
                          "raise it, or set it to 0 for no bound", where="R2P_ANSWER_MEMORY_MB")
    return budget


class _ReleaseAnswers:
    """WSGI wrapper: a request's answers leave the budget when its response is closed, that is once
    the server has handed the body to the connection (whose outbox bounds what still waits)."""

    def __init__(self, app, budget: AnswerBudget) -> None:
        self.app, self.budget = app, budget

    def __call__(self, environ, start_response):
        self.budget.begin_request()
        try:
            body = self.app(environ, start_response)
        except BaseException:
            self.budget.end_request()
            raise
        file_wrapper = environ.get("wsgi.file_wrapper")
        if isinstance(file_wrapper, type) and isinstance(body, file_wrapper):
            # A file (the dumps): no answer is held, and the server must see its own wrapper to
            # send the file with sendfile rather than read it into memory.
            self.budget.end_request()
            return body
        return ClosingIterator(body, self.budget.end_request)


def get_store(app: Flask | None = None) -> Store:
    """The app's store, created on first use from ``R2P_DIST`` and ``R2P_WORKERS``."""
    app = app or current_app
    ext = app.extensions[EXT]
    if ext["store"] is None:
        with _lock:
            if ext["store"] is None:
                store = _open_store(app.config, ext["budget"])
                atexit.register(store.close)
                ext["store"] = store
    return ext["store"]


def _open_store(config: dict, budget: AnswerBudget | None) -> Store:
    """The embedded Oxigraph store, or the remote store named by ``R2P_BACKEND``."""
    if not config.get("R2P_BACKEND"):
        return OxigraphStore(config["R2P_DIST"], workers=int(config["R2P_WORKERS"]),
                             max_waiting=int(config["R2P_MAX_WAITING"]) or None,
                             mode=str(config["R2P_STORE_MODE"]), writable=bool(config["R2P_ALLOW_UPDATE"]),
                             memory_mb=int(config["R2P_QUERY_MEMORY_MB"]) or None,
                             max_result_bytes=int(config["R2P_MAX_RESULT_BYTES"]) or None,
                             answer_budget=budget)
    from ..remote_store import RemoteStore, dataset_graphs
    return RemoteStore(config["R2P_BACKEND"], update_endpoint=config.get("R2P_BACKEND_UPDATE") or None,
                       auth_scheme=(config.get("R2P_BACKEND_AUTH")
                                    or ("digest" if config.get("R2P_BACKEND_USER") else None)),
                       user=config.get("R2P_BACKEND_USER") or None,
                       secret=config.get("R2P_BACKEND_PASSWORD") or None,
                       row_cap=int(config.get("R2P_BACKEND_ROW_CAP") or 0) or None,
                       graphs=() if config.get("R2P_BACKEND_UNION") else dataset_graphs(config["R2P_DIST"]))


def served_dist() -> Path:
    """The build folder this app serves: the embedded store's (resolved when it opened), else the
    folder ``R2P_DIST`` names now (see :func:`r2p_kg.dist.served_folder`)."""
    return Path(getattr(get_store(), "dist", None) or served_folder(current_app.config["R2P_DIST"]))


def served_manifest() -> Manifest | None:
    """``build.json`` of the served build (None without one: an empty or remote dataset)."""
    return read_manifest(served_dist())


def get_cache() -> LRUCache:
    return current_app.extensions[EXT]["cache"]


def described() -> dict:
    """Memo of dataset statistics per dataset version (see describe.py)."""
    return current_app.extensions[EXT]["described"]


def require_update_rights() -> None:
    """Updates must be enabled and carry ``Authorization: Bearer <R2P_UPDATE_TOKEN>``."""
    if not current_app.config.get("R2P_ALLOW_UPDATE"):
        raise ReadOnly("this endpoint is read-only: updates are disabled (start the server with "
                       "--allow-update and R2P_UPDATE_TOKEN to enable them, in memory only)")
    token = current_app.config.get("R2P_UPDATE_TOKEN") or ""
    scheme, _, given = request.headers.get("Authorization", "").partition(" ")
    if not token or scheme.lower() != "bearer" or not hmac.compare_digest(
            given.strip().encode("utf-8"), token.encode("utf-8")):
        raise Unauthorized("updates need the header 'Authorization: Bearer <token>' with the token "
                           "the server was started with")


MIN_TIMEOUT = 0.5  # seconds: the shortest deadline a client may ask for


def timeout_param(value: str | None) -> float:
    """The request's deadline: the server's, or less when the client asks with ``timeout=`` (s)."""
    limit = float(current_app.config["R2P_TIMEOUT"])
    if value is None or value == "":
        return limit
    try:
        asked = float(value)
    except ValueError:
        raise BadRequest(f"timeout={value!r} is not a number of seconds", where="timeout") from None
    if not asked > 0:
        raise BadRequest("timeout must be a positive number of seconds", where="timeout")
    floor = min(MIN_TIMEOUT, limit)
    if asked < floor:
        # A deadline the query cannot meet only makes the server kill and restart a query worker:
        # for a client, a way to make the server load the data again on every request.
        raise BadRequest(f"timeout must be at least {floor:g} s", where="timeout")
    return min(asked, limit)
