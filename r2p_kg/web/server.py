"""Run the app under gunicorn (the production WSGI server), configured from Python.

One gunicorn worker process with threads: the dataset copies live in the query worker processes
(:mod:`r2p_kg.workers`), so more gunicorn processes would only multiply them, and in-memory updates
must be seen by every request. Threads wait on the query workers without holding the GIL.

Slow clients: gunicorn's threaded worker gives a connection a thread as soon as its first bytes
arrive and then reads the rest of the request with no time limit, so a few clients that send half a
request and stall (slowloris) hold every thread and the server stops answering.
:class:`DeadlineThreadWorker` gives each request ``client_timeout`` seconds to arrive whole (headers
and body); a client slower than that is disconnected and its thread freed. A connection that sends
nothing waits in the poller, not in a thread (after half a second instead of gunicorn's five).

Slow readers: a thread that writes an answer to a client that reads slowly (or not at all) would wait
for it. Writes go through the connection's :class:`~r2p_kg.web.outbox.Outbox` instead: what the
socket does not take at once is sent by one drain thread as the client reads, the server thread is
free at once, and a client that has not read its answer within ``client_timeout`` seconds of
falling behind is disconnected. The next request of a connection whose client has not read its
last answer yet is read only once it has (the connection waits without a thread meanwhile).
"""

from __future__ import annotations

import logging
import socket
import time
from collections.abc import Callable, Mapping
from typing import Any

from flask import Flask
from gunicorn.app.base import BaseApplication
from gunicorn.http.errors import NoMoreData
from gunicorn.workers.gthread import _DEFER, ThreadWorker

from .outbox import Outbox
from .settings import load

log = logging.getLogger(__name__)


class GunicornServer(BaseApplication):
    """``GunicornServer(factory, options).run()`` serves ``factory()`` until interrupted."""

    def __init__(self, factory: Callable[[], Flask], options: Mapping[str, object]) -> None:
        self.factory = factory
        self.options = dict(options)
        super().__init__()

    def load_config(self) -> None:
        for key, value in self.options.items():
            if key in self.cfg.settings and value is not None:
                self.cfg.set(key, value)

    def load(self) -> Flask:
        return self.factory()


class ClientTooSlow(NoMoreData):
    """The client did not send its request within the deadline (gunicorn closes the connection
    quietly; while the app reads the body, werkzeug turns it into a 400)."""


class DeadlineSocket:
    """A client socket whose reads share one deadline per request, and whose sends have a timeout.

    Everything else is the socket's own (selectors, ``sendfile``, ``close`` ...).
    """

    def __init__(self, sock: socket.socket, client_timeout: float) -> None:
        self._sock = sock
        self.client_timeout = client_timeout
        self.deadline = time.monotonic() + client_timeout
        self._outbox = Outbox(sock, client_timeout)
        self._closing = False

    def start_request(self) -> None:
        self.deadline = time.monotonic() + self.client_timeout

    def setblocking(self, flag: bool) -> None:
        # gunicorn switches to blocking mode in the worker thread: blocking, but never for ever.
        if flag:
            self._sock.settimeout(self.client_timeout)
        else:
            self._sock.setblocking(False)

    def _bounded(self, read: Callable, *args):
        if self._closing:  # closing (gunicorn lingers to read what is left): nothing more to read
            raise ConnectionAbortedError()
        remaining = self.deadline - time.monotonic()
        if remaining <= 0:
            raise ClientTooSlow()
        prior = self._sock.gettimeout()
        if prior == 0:  # non-blocking (gunicorn probing readiness): no deadline to apply
            return read(*args)
        self._sock.settimeout(min(remaining, prior) if prior else remaining)
        try:
            return read(*args)
        except TimeoutError:
            raise ClientTooSlow() from None
        finally:
            self._sock.settimeout(prior)

    def recv(self, *args) -> bytes:
        return self._bounded(self._sock.recv, *args)

    def recv_into(self, *args) -> int:
        return self._bounded(self._sock.recv_into, *args)

    # Writes never wait for the client: see r2p_kg.web.outbox.
    def sendall(self, data, flags: int = 0) -> None:
        self._outbox.sendall(data)

    def send(self, data, flags: int = 0) -> int:
        self._outbox.sendall(data)
        return len(data)

    def sendfile(self, file, offset: int = 0, count: int | None = None) -> int:
        return self._outbox.sendfile(file, offset, count)

    def shutdown(self, how: int) -> None:
        if self._outbox.pending:  # the drain thread ends the connection once the answer is out
            self._closing = True
            return
        self._sock.shutdown(how)

    @property
    def pending(self) -> bool:
        """Whether part of an answer still waits for the client to read it."""
        return self._outbox.pending

    def when_drained(self, callback: Callable[[], None]) -> None:
        self._outbox.when_drained(callback)

    def close(self) -> None:
        if self._outbox.close():
            self._sock.close()

    def __getattr__(self, name: str):
        return getattr(self._sock, name)


class DeadlineThreadWorker(ThreadWorker):
    """gunicorn's threaded worker with a deadline for each request to arrive (see the module doc)."""

    client_timeout = 30.0
    # A new connection gets a thread at once; gunicorn lets it wait 5 s there for its first bytes.
    # Real clients send at once, so after this long it waits in the poller instead, threadless.
    first_bytes_wait = 0.5

    def enqueue_req(self, conn) -> None:
        if not isinstance(conn.sock, DeadlineSocket):
            conn.sock = DeadlineSocket(conn.sock, self.client_timeout)
        super().enqueue_req(conn)

    def finish_request(self, conn, fs) -> None:
        # A kept-alive connection whose client has not read its answer yet is read again only once
        # it has: a client pipelining request after request without reading waits threadless.
        sock = conn.sock
        if (self.alive and isinstance(sock, DeadlineSocket) and sock.pending and not fs.cancelled()
                and fs.exception() is None and fs.result() and fs.result() is not _DEFER):
            sock.when_drained(lambda: self.method_queue.defer(super(DeadlineThreadWorker, self).finish_request,
                                                              conn, fs))
            return
        super().finish_request(conn, fs)

    def handle(self, conn):
        conn.sock.start_request()
        if not conn.initialized and not conn.data_ready and not conn.wait_for_data(self.first_bytes_wait):
            return _DEFER
        return super().handle(conn)


def worker_class(client_timeout: float) -> type[DeadlineThreadWorker]:
    """The worker class with ``client_timeout`` (gunicorn takes a class, not an instance)."""
    return type("DeadlineThreadWorker", (DeadlineThreadWorker,), {"client_timeout": float(client_timeout)})


def gunicorn_options(host: str, port: int, settings: Mapping[str, Any] | None = None, *,
                     query_workers: int | None = None, timeout: float | None = None,
                     client_timeout: float | None = None) -> dict[str, object]:
    """Options for one threaded gunicorn worker in front of ``R2P_WORKERS`` query processes; a request
    must arrive whole within ``R2P_CLIENT_TIMEOUT`` seconds. The values come from ``settings`` (by
    default :func:`r2p_kg.web.settings.load`, as the app reads them); a keyword overrides one."""
    settings = load() if settings is None else settings
    query_workers = int(settings["R2P_WORKERS"]) if query_workers is None else query_workers
    timeout = float(settings["R2P_TIMEOUT"]) if timeout is None else timeout
    client_timeout = float(settings["R2P_CLIENT_TIMEOUT"]) if client_timeout is None else client_timeout

    def post_worker_init(worker) -> None:
        # Start the query workers (and load the data) before the first request, in the worker, and
        # what the extensions load (the pages' data) meanwhile.
        from .context import get_store, warm_up
        warm_up(worker.wsgi)
        store = get_store(worker.wsgi)
        start = getattr(store, "start", None)
        if start:
            start()

    return {
        "bind": f"{host}:{port}",
        "workers": 1,
        "worker_class": worker_class(client_timeout),
        # Threads are cheap while they wait on a query worker; enough of them that queries waiting for
        # a worker (at most R2P_MAX_WAITING) leave most free for pages, cached answers and dumps.
        "threads": max(128, 32 * query_workers),
        "timeout": int(timeout) + 60,  # gunicorn's own watchdog: far beyond any query deadline
        "graceful_timeout": 5,
        "keepalive": 5,
        # GET carries the query in the URL: allow gunicorn's longest request line (default 4094),
        # so SPARQL clients that use GET for queries of a few KB are not refused with 414.
        "limit_request_line": 8190,
        # X-Forwarded-* are the app's to trust (R2P_TRUSTED_PROXIES, r2p_kg.web.transport), never
        # gunicorn's: by default it believes X-Forwarded-Proto and SCRIPT_NAME from loopback peers.
        "forwarded_allow_ips": "",
        "secure_scheme_headers": {},
        "accesslog": None,  # the app writes its own access log (r2p_kg.web.access)
        "errorlog": "-",
        "loglevel": "warning",
        "post_worker_init": post_worker_init,
    }
