"""Real servers on loopback for the tests: the app in a werkzeug thread, or ``r2p-kg serve``
(gunicorn) in a subprocess. No mocks: requests go over real sockets."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import httpx
from werkzeug.serving import make_server

from r2p_kg.web import create_app
from r2p_kg.web.context import get_store


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def alive(pid: int) -> bool:
    """Whether process ``pid`` still runs (a zombie does not: it holds no CPU or memory)."""
    try:
        with open(f"/proc/{pid}/stat") as fh:
            return fh.read().split()[2] != "Z"
    except FileNotFoundError:
        return False


def empty_dist(folder: Path, version: str = "empty-test-dataset") -> Path:
    """A dist/ folder with no quads: the W3C tests load their own data."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "r2p.nq").write_bytes(b"")
    (folder / "build.json").write_text(json.dumps({"version": version}), encoding="utf-8")
    return folder


class ThreadedServer:
    """``create_app(config)`` served by werkzeug's threaded WSGI server in a daemon thread."""

    def __init__(self, config: dict) -> None:
        self.app = create_app({"TESTING": True, "R2P_EXTENSIONS": (), **config})
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self._server = make_server("127.0.0.1", self.port, self.app, threaded=True)
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    def __enter__(self) -> ThreadedServer:
        self._thread.start()
        store = get_store(self.app)
        if hasattr(store, "start"):
            store.start()
        return self

    def __exit__(self, *exc) -> None:
        self._server.shutdown()
        get_store(self.app).close()

    @property
    def store(self):
        return get_store(self.app)


class GunicornProcess:
    """``python -m r2p_kg.cli serve ...``: the production server, in a subprocess."""

    def __init__(self, dist: Path, *args: str, env: dict[str, str] | None = None) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.cmd = [sys.executable, "-m", "r2p_kg.cli", "serve", "--dist", str(dist),
                    "--port", str(self.port), *args]
        self.env = {**os.environ, **(env or {})}
        self.proc: subprocess.Popen | None = None

    def __enter__(self) -> GunicornProcess:
        self.proc = subprocess.Popen(self.cmd, env=self.env, stdout=subprocess.PIPE,
                                     stderr=subprocess.STDOUT, start_new_session=True)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"r2p-kg serve exited: {self.proc.stdout.read().decode()[-2000:]}")
            try:
                if httpx.get(self.url + "/health", timeout=2).status_code == 200:
                    return self
            except httpx.TransportError:
                pass
            time.sleep(0.1)
        self.__exit__()
        raise RuntimeError("r2p-kg serve did not become ready within 60 s")

    def __exit__(self, *exc) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait()
        # The server ran in its own session: anything left of it (query workers) goes with it.
        try:
            os.killpg(self.proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass

    def output(self) -> str:
        return self.proc.stdout.read().decode() if self.proc and self.proc.poll() is not None else ""
