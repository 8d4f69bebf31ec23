"""What the reliability tests drive: ``r2p-kg serve`` (gunicorn) with its log in a file, the memory
of its whole process group from /proc, wrk for load, and raw HTTP for requests that clients would
clean up (dot segments, unfinished requests)."""

from __future__ import annotations

import http.client
import json
import os
import subprocess
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import httpx

from ..web.servers import GunicornProcess, free_port

__all__ = ["LoggedServer", "MemorySampler", "free_port", "raw_request", "run_wrk"]

PAGE_SIZE = os.sysconf("SC_PAGE_SIZE")


class LoggedServer(GunicornProcess):
    """``r2p-kg serve`` whose output goes to a file: a pipe nobody reads would block a busy server,
    and the secret checks read the whole log afterwards."""

    def __init__(self, dist: Path, log_path: Path, *args: str, env: dict[str, str] | None = None,
                 ready: tuple[int, ...] = (200,)) -> None:
        super().__init__(dist, *args, env=env)
        self.log_path, self.ready = log_path, ready

    def __enter__(self) -> LoggedServer:
        with self.log_path.open("wb") as log:
            self.proc = subprocess.Popen(self.cmd, env=self.env, stdout=log, stderr=subprocess.STDOUT,
                                         stdin=subprocess.DEVNULL, start_new_session=True)
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"r2p-kg serve exited: {self.log()[-2000:]}")
            try:
                if httpx.get(self.url + "/health", timeout=5).status_code in self.ready:
                    return self
            except httpx.TransportError:
                pass
            time.sleep(0.1)
        self.__exit__()
        raise RuntimeError("r2p-kg serve did not become ready within 90 s")

    def log(self) -> str:
        return self.log_path.read_text(encoding="utf-8", errors="replace")

    def up(self) -> bool:
        """The server runs and answers its liveness probe quickly."""
        try:
            return (self.proc.poll() is None
                    and httpx.get(self.url + "/health?probe=live", timeout=5).status_code == 200)
        except httpx.TransportError:
            return False

    def group_pids(self) -> list[int]:
        """Every process of the server's group: gunicorn master and worker, query workers."""
        pids = []
        for entry in os.listdir("/proc"):
            if entry.isdigit():
                try:
                    stat = Path(f"/proc/{entry}/stat").read_text()
                except OSError:
                    continue
                fields = stat.rsplit(")", 1)[1].split()
                if int(fields[2]) == self.proc.pid and fields[0] != "Z":  # pgrp, state
                    pids.append(int(entry))
        return pids

    def rss_bytes(self) -> int:
        """Resident memory of the whole process group, from /proc/<pid>/statm."""
        total = 0
        for pid in self.group_pids():
            try:
                total += int(Path(f"/proc/{pid}/statm").read_text().split()[1]) * PAGE_SIZE
            except (OSError, IndexError):
                pass
        return total


class MemorySampler:
    """Samples the server group's RSS every ``interval`` seconds in a thread, while in the block."""

    def __init__(self, server: LoggedServer, interval: float = 0.5) -> None:
        self.server, self.interval = server, interval
        self.samples: list[tuple[float, int]] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        t0 = time.monotonic()
        while not self._stop.is_set():
            self.samples.append((time.monotonic() - t0, self.server.rss_bytes()))
            self._stop.wait(self.interval)

    def __enter__(self) -> MemorySampler:
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join()


def raw_request(url: str, method: str, target: str, headers: dict[str, str] | None = None,
                body: bytes | None = None, timeout: float = 20) -> tuple[int, dict[str, str], bytes]:
    """One request with ``target`` sent exactly as given (httpx would resolve ``..`` itself)."""
    host, port = url.removeprefix("http://").split(":")
    conn = http.client.HTTPConnection(host, int(port), timeout=timeout)
    try:
        conn.putrequest(method, target, skip_host="host" in {k.lower() for k in headers or {}},
                        skip_accept_encoding=True)
        for name, value in (headers or {}).items():
            conn.putheader(name, value)
        if body is not None:
            conn.putheader("Content-Length", str(len(body)))
        conn.endheaders(body)
        resp = conn.getresponse()
        return resp.status, {k.lower(): v for k, v in resp.getheaders()}, resp.read()
    finally:
        conn.close()


# --- wrk ------------------------------------------------------------------------------------------

WRK_SCRIPT = """
local reqs = {%(requests)s}
local threads = {}
function setup(thread) table.insert(threads, thread) end
function init(args) n = 0; statuses = {} end
function request()
  n = n + 1
  local r = reqs[(n %% #reqs) + 1]
  return wrk.format("GET", r[1], {["Accept"] = r[2], ["Accept-Encoding"] = "gzip"})
end
function response(status, headers, body)
  local k = tostring(status)
  statuses[k] = (statuses[k] or 0) + 1
end
function done(summary, latency, requests)
  local agg = {}
  for _, t in ipairs(threads) do
    for k, v in pairs(t:get("statuses")) do agg[k] = (agg[k] or 0) + v end
  end
  local parts = {}
  for k, v in pairs(agg) do table.insert(parts, string.format('"%%s": %%d', k, v)) end
  local e = summary.errors
  io.write(string.format('WRKJSON {"requests": %%d, "duration_us": %%d, "bytes": %%d, '
    .. '"errors": {"connect": %%d, "read": %%d, "write": %%d, "timeout": %%d, "status": %%d}, '
    .. '"p50_us": %%d, "p90_us": %%d, "p99_us": %%d, "max_us": %%d, "statuses": {%%s}}\\n',
    summary.requests, summary.duration, summary.bytes, e.connect, e.read, e.write, e.timeout,
    e.status, latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max,
    table.concat(parts, ", ")))
end
"""


@dataclass
class WrkResult:
    requests: int
    seconds: float
    errors: dict[str, int]
    statuses: dict[str, int]
    p50_ms: float
    p90_ms: float
    p99_ms: float
    max_ms: float
    bytes: int = 0
    extra: dict = field(default_factory=dict)

    @property
    def failed(self) -> int:
        """Socket errors, timeouts and answers that are not 2xx/3xx."""
        return sum(self.errors.values())

    @property
    def rps(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0


def run_wrk(url: str, requests: list[tuple[str, str]], *, seconds: float, connections: int = 64,
            threads: int = 2, timeout: float = 10.0) -> WrkResult:
    """wrk against ``url`` cycling over ``requests`` (path, Accept) for ``seconds``."""
    table = ", ".join(f"{{{json.dumps(path)}, {json.dumps(accept)}}}" for path, accept in requests)
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as fh:
        fh.write(WRK_SCRIPT % {"requests": table})
        script = fh.name
    try:
        out = subprocess.run(["wrk", f"-t{threads}", f"-c{connections}", f"-d{max(1, round(seconds))}s",
                              f"--timeout={timeout:g}s", "-s", script, url],
                             capture_output=True, text=True, timeout=seconds + timeout + 60)
    finally:
        os.unlink(script)
    line = next((ln for ln in out.stdout.splitlines() if ln.startswith("WRKJSON ")), None)
    if line is None:
        raise RuntimeError(f"wrk printed no summary: {out.stdout[-1000:]} {out.stderr[-1000:]}")
    data = json.loads(line.removeprefix("WRKJSON "))
    return WrkResult(requests=data["requests"], seconds=data["duration_us"] / 1e6, errors=data["errors"],
                     statuses=data["statuses"], p50_ms=data["p50_us"] / 1000, p90_ms=data["p90_us"] / 1000,
                     p99_ms=data["p99_us"] / 1000, max_ms=data["max_us"] / 1000, bytes=data["bytes"])
