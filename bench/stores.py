"""Real stores to run beside r2p-kg: a Virtuoso and an Oxigraph server, each started with its own data
folder and free loopback ports, and stopped by PID. The benchmark compares against them and the export
tests push to them; the harness lives here, not in the test suite, so the benchmark needs no tests.

Virtuoso facts this relies on (Debian's ``virtuoso-opensource`` 7.2): a new database starts as
dba/dba; ``isql-vt`` exits 0 even when the SQL fails, so its output is checked; ``/sparql-auth`` and
``/sparql-graph-crud-auth`` take digest auth; ``ResultSetMaxRows`` silently cuts SELECT results.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

READY_TIMEOUT = 90.0


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _ready(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            return response.status == 200
    except (urllib.error.URLError, ConnectionError, TimeoutError, OSError):
        return False


@dataclass
class Server:
    """A store process we started: its endpoints, and start/stop/kill by PID."""

    name: str
    folder: Path
    query: str
    update: str
    gsp: str
    user: str | None = None
    password: str | None = None
    auth: str | None = None
    process: subprocess.Popen | None = field(default=None, repr=False)

    def command(self) -> list[str]:
        raise NotImplementedError

    def start(self) -> None:
        log = (self.folder / "server.log").open("ab")
        self.process = subprocess.Popen(self.command(), cwd=self.folder, stdout=log, stderr=subprocess.STDOUT,
                                        stdin=subprocess.DEVNULL, start_new_session=True)
        log.close()
        deadline = time.monotonic() + READY_TIMEOUT
        probe = self.ready_url()
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"{self.name} exited with {self.process.returncode}:\n{self.log_tail()}")
            if _ready(probe):
                return
            time.sleep(0.2)
        self.kill()
        raise RuntimeError(f"{self.name} not ready after {READY_TIMEOUT}s:\n{self.log_tail()}")

    def ready_url(self) -> str:
        return self.query + "?query=ASK%7B%7D"

    def running(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def kill(self) -> None:
        """SIGKILL, as a crash would: no shutdown, no checkpoint."""
        self._signal(signal.SIGKILL, 10)

    def stop(self) -> None:
        self._signal(signal.SIGTERM, 30)

    def _signal(self, sig: int, wait: float) -> None:
        if not self.running():
            return
        assert self.process is not None
        os.kill(self.process.pid, sig)
        try:
            self.process.wait(wait)
        except subprocess.TimeoutExpired:
            os.kill(self.process.pid, signal.SIGKILL)
            self.process.wait(10)

    def log_tail(self, lines: int = 30) -> str:
        path = self.folder / "server.log"
        text = path.read_text(errors="replace") if path.exists() else ""
        return "\n".join(text.splitlines()[-lines:])


class Virtuoso(Server):
    """virtuoso-t in the foreground with its own ini; a non-default dba password; a push user."""

    def __init__(self, folder: Path, password: str = "Dba-S3cret", max_rows: int = 1_000_000,
                 buffers: int = 10_000) -> None:
        """``buffers``: Virtuoso's page cache in 8 kB pages (NumberOfBuffers); the default suits the
        tests' small graphs, a corpus wants about 85,000 per GB it may use."""
        http, sql = free_port(), free_port()
        base = f"http://127.0.0.1:{http}"
        super().__init__("virtuoso", folder, f"{base}/sparql-auth", f"{base}/sparql-auth",
                         f"{base}/sparql-graph-crud-auth", user="r2p", password="Push-S3cret",
                         auth="digest")
        self.sql_port, self.http_port, self.dba_password = sql, http, password
        self.public_query = f"{base}/sparql"
        db = folder / "db"
        db.mkdir(parents=True, exist_ok=True)
        (folder / "virtuoso.ini").write_text(f"""\
[Database]
DatabaseFile = {db}/virtuoso.db
ErrorLogFile = {db}/virtuoso.log
LockFile = {db}/virtuoso.lck
TransactionFile = {db}/virtuoso.trx
xa_persistent_file = {db}/virtuoso.pxa
ErrorLogLevel = 7
FileExtend = 200
Striping = 0
TempStorage = TempDatabase
[TempDatabase]
DatabaseFile = {db}/virtuoso-temp.db
TransactionFile = {db}/virtuoso-temp.trx
[Parameters]
ServerPort = 127.0.0.1:{sql}
DisableUnixSocket = 1
CheckpointInterval = 60
CaseMode = 2
DirsAllowed = .
NumberOfBuffers = {buffers}
MaxDirtyBuffers = {buffers * 3 // 5}
[HTTPServer]
ServerPort = 127.0.0.1:{http}
ServerRoot = {folder}
ServerThreads = 10
Charset = UTF-8
[SPARQL]
ResultSetMaxRows = {max_rows}
MaxQueryExecutionTime = 60
""", encoding="utf-8")
        self._configured = False

    def command(self) -> list[str]:
        return ["virtuoso-t", "+foreground", "+configfile", str(self.folder / "virtuoso.ini")]

    def ready_url(self) -> str:
        return self.public_query + "?query=ASK%7B%7D"

    def start(self) -> None:
        super().start()
        if not self._configured:
            self.isql("dba", "dba", f"USER_SET_PASSWORD('dba', '{self.dba_password}');")
            self.isql("dba", self.dba_password,
                      f"DB.DBA.USER_CREATE('{self.user}', '{self.password}'); "
                      f"GRANT SPARQL_UPDATE TO \"{self.user}\";")
            self._configured = True

    def isql(self, user: str, password: str, sql: str, timeout: float = 60) -> str:
        """Run SQL through isql-vt; an error in its output (it still exits 0) raises."""
        done = subprocess.run(["isql-vt", f"127.0.0.1:{self.sql_port}", user, password, f"exec={sql}"],
                              capture_output=True, text=True, timeout=timeout, stdin=subprocess.DEVNULL)
        out = done.stdout + done.stderr
        if done.returncode != 0 or "*** Error" in out:
            raise RuntimeError(f"isql-vt failed ({done.returncode}): {sql}\n{out}")
        return out

    def checkpoint(self) -> None:
        self.isql("dba", self.dba_password, "checkpoint;")


class Oxigraph(Server):
    """``oxigraph serve`` from the pinned PyPI package; it has no authentication of its own."""

    def __init__(self, folder: Path, binary: str) -> None:
        port = free_port()
        base = f"http://127.0.0.1:{port}"
        super().__init__("oxigraph", folder, f"{base}/query", f"{base}/update", f"{base}/store")
        self.binary, self.port = binary, port

    def command(self) -> list[str]:
        return [self.binary, "serve", "--location", str(self.folder / "db"), "--bind", f"127.0.0.1:{self.port}"]


def oxigraph_binary() -> str | None:
    import sys
    beside = Path(sys.executable).parent / "oxigraph"
    return str(beside) if beside.exists() else shutil.which("oxigraph")


class AuthProxy:
    """A small reverse proxy that demands one Authorization header, in front of a store without auth
    (Oxigraph): how such a store is deployed, and a real check of basic and bearer credentials."""

    def __init__(self, upstream: str, authorization: str) -> None:
        import http.server
        import threading

        import httpx

        expected = authorization

        class Handler(http.server.BaseHTTPRequestHandler):
            def _relay(self) -> None:
                if self.headers.get("Authorization") != expected:
                    self.send_response(401)
                    self.send_header("WWW-Authenticate", 'Basic realm="store"')
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    return
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                keep = {k: v for k, v in self.headers.items() if k.lower() in ("content-type", "accept")}
                answer = httpx.request(self.command, upstream + self.path, content=body, headers=keep,
                                       timeout=60)
                self.send_response(answer.status_code)
                for k in ("Content-Type",):
                    if k in answer.headers:
                        self.send_header(k, answer.headers[k])
                self.send_header("Content-Length", str(len(answer.content)))
                self.end_headers()
                self.wfile.write(answer.content)

            do_GET = do_POST = do_PUT = do_DELETE = _relay

            def log_message(self, *args) -> None:
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()
