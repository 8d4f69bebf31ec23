"""The endpoints compared, each started on loopback with the same data and stopped by the harness.

r2p-kg (production configuration: ``r2p-kg serve``), Oxigraph's own server (``oxigraph
serve-read-only``), rdflib-endpoint, and Virtuoso. A peer that cannot be started here is skipped
with the reason, never silently.
"""

from __future__ import annotations

import logging
import os
import shutil
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from .stores import Virtuoso, free_port  # the real-store launchers, shared with the tests

log = logging.getLogger(__name__)
BIN = Path(sys.executable).parent
PEERS_VENV = Path(__file__).resolve().parent.parent / ".venv-peers"  # rdflib-endpoint, kept apart


@dataclass
class Peer:
    """A running endpoint: where to send queries, and how to stop it."""

    name: str
    base_url: str
    query_path: str
    process: subprocess.Popen | None = None
    cleanup: list = field(default_factory=list)
    group: int | None = None  # the process group holding the server (for its memory)

    def __post_init__(self) -> None:
        if self.group is None and self.process is not None:
            self.group = self.process.pid  # started in a session of its own: pid == group id

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(10)
        for fn in self.cleanup:
            fn()


def _wait(url: str, process: subprocess.Popen | None, name: str, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            raise RuntimeError(f"{name} exited with {process.returncode}")
        try:
            with urllib.request.urlopen(url, timeout=2) as r:
                if r.status == 200:
                    return
        except (urllib.error.URLError, OSError):
            time.sleep(0.2)
    raise RuntimeError(f"{name} not ready after {timeout}s")


def _spawn(cmd: list[str], folder: Path, name: str, env: dict[str, str] | None = None) -> subprocess.Popen:
    log_file = (folder / f"{name}.log").open("ab")
    proc = subprocess.Popen(cmd, stdout=log_file, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                            start_new_session=True, cwd=folder, env={**os.environ, **(env or {})})
    log_file.close()
    return proc


ASK = "?query=ASK%7B%7D"
MAX_ROWS = 1_000_000  # Virtuoso's ResultSetMaxRows in bench/stores.py
VIRTUOSO_BUFFERS = 340_000  # 2.6 GB of page cache, as Virtuoso's docs advise for a few GB of data


def start_r2p(dist: Path, folder: Path, *, page_cache: bool = True) -> Peer:
    """``page_cache=False``: every page is rendered. The page cache keys only on the parameters a
    page reads, so a salt parameter in the URL does not get past it: uncached page figures need it off."""
    port = free_port()
    # Production settings, but for the row cap: raised to Virtuoso's here (1,000,000), so that on a
    # corpus every server returns the same whole answers instead of r2p-kg refusing the large ones.
    proc = _spawn([str(BIN / "r2p-kg"), "serve", "--dist", str(dist), "--host", "127.0.0.1",
                   "--port", str(port), "--max-rows", str(MAX_ROWS)], folder, "r2p-kg",
                  env=None if page_cache else {"R2P_PAGE_CACHE_ENTRIES": "0"})
    base = f"http://127.0.0.1:{port}"
    peer = Peer("r2p-kg", base, "/sparql", proc)
    try:
        _wait(base + "/sparql" + ASK, proc, "r2p-kg")
    except BaseException:
        peer.stop()  # a server that did not start is not left running
        raise
    return peer


def start_oxigraph(dist: Path, folder: Path) -> Peer:
    binary = str(BIN / "oxigraph") if (BIN / "oxigraph").exists() else shutil.which("oxigraph")
    if not binary:
        raise RuntimeError("the oxigraph server (PyPI package 'oxigraph') is not installed")
    db = folder / "oxigraph-db"
    subprocess.run([binary, "load", "--location", str(db), "--file", str(dist / "r2p.nq")],
                   check=True, capture_output=True, timeout=600)
    port = free_port()
    proc = _spawn([binary, "serve-read-only", "--location", str(db), "--bind", f"127.0.0.1:{port}",
                   "--union-default-graph"], folder, "oxigraph")
    base = f"http://127.0.0.1:{port}"
    _wait(base + "/query" + ASK, proc, "oxigraph")
    return Peer("oxigraph serve-read-only", base, "/query", proc)


def start_rdflib_endpoint(dist: Path, folder: Path) -> Peer:
    exe = PEERS_VENV / "bin" / "rdflib-endpoint"
    if not exe.exists():
        raise RuntimeError(f"rdflib-endpoint is not installed in {PEERS_VENV.name}/ (make bench installs it)")
    port = free_port()
    # The union of the graphs as plain triples: rdflib-endpoint's default graph is not the union.
    proc = _spawn([str(exe), "serve", str(dist / "r2p.nt"), "--host", "127.0.0.1", "--port", str(port)],
                  folder, "rdflib-endpoint")
    base = f"http://127.0.0.1:{port}"
    # Its CLI mounts the endpoint at the root (not at /sparql, whatever its help says).
    _wait(base + "/" + ASK, proc, "rdflib-endpoint", timeout=180)
    return Peer("rdflib-endpoint", base, "/", proc)


def start_virtuoso(dist: Path, folder: Path) -> Peer:
    if not shutil.which("virtuoso-t"):
        raise RuntimeError("Virtuoso is not installed (Debian package virtuoso-opensource)")
    vfolder = folder / "virtuoso"
    vfolder.mkdir(parents=True, exist_ok=True)
    shutil.copy(dist / "r2p.nq", vfolder / "r2p.nq")
    server = Virtuoso(vfolder, buffers=VIRTUOSO_BUFFERS)
    try:
        server.start()
        server.isql("dba", server.dba_password,
                    f"ld_dir('{vfolder}', 'r2p.nq', 'urn:r2p:default'); rdf_loader_run(); checkpoint;",
                    timeout=3600)  # a corpus of 11 M quads loads in minutes
    except BaseException:
        server.stop()  # a peer that fails to set up must not be left running
        raise
    base = f"http://127.0.0.1:{server.http_port}"
    return Peer("virtuoso", base, "/sparql", None, [server.stop],
                group=server.process.pid if server.process else None)


def start_r2p_over(dist: Path, folder: Path, store: Peer, row_cap: int | None = None,
                   union: bool = False) -> Peer:
    """``r2p-kg serve --backend``: a stateless node in front of ``store`` (which holds the build's
    graphs), as docs/scaling.md describes; ``union``: the store's default graph is the dataset's
    union (``--backend-union``)."""
    port = free_port()
    name = "r2p-kg-over-" + store.name.split()[0]
    cmd = [str(BIN / "r2p-kg"), "serve", "--dist", str(dist), "--host", "127.0.0.1", "--port", str(port),
           "--max-rows", str(MAX_ROWS), "--backend", store.base_url + store.query_path]
    if row_cap:
        cmd += ["--backend-row-cap", str(row_cap)]
    if union:
        cmd.append("--backend-union")
    proc = _spawn(cmd, folder, name)
    base = f"http://127.0.0.1:{port}"
    peer = Peer(f"r2p-kg over {store.name}", base, "/sparql", proc)
    try:
        _wait(base + "/sparql" + ASK, proc, name, timeout=120)
    except BaseException:
        peer.stop()  # a node that did not start is not left running
        raise
    return peer


PEERS = {
    "r2p-kg": start_r2p,
    "oxigraph": start_oxigraph,
    "rdflib-endpoint": start_rdflib_endpoint,
    "virtuoso": start_virtuoso,
}


def _group(pid: int) -> Iterator[tuple[Path, list[str]]]:
    """``(/proc/<pid>, stat fields after the command name)`` of each process in process group ``pid``."""
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue
        if len(fields) > 12 and fields[2] == str(pid):  # field 5 of stat: the process group id
            yield stat.parent, fields


def group_memory_mb(pid: int) -> dict[str, float]:
    """Memory of a process group (a server and the processes it started), from /proc: ``rss``, the
    sum of resident sets (pages shared between forked processes counted in each), and ``pss``, the
    proportional set size (shared pages divided among their sharers, so each counts once)."""
    rss = pss = 0
    for proc, _ in _group(pid):
        try:
            for line in (proc / "smaps_rollup").read_text().splitlines():
                if line.startswith("Rss:"):
                    rss += int(line.split()[1])
                elif line.startswith("Pss:"):
                    pss += int(line.split()[1])
        except (OSError, ValueError, IndexError):
            continue
    return {"rss": rss / 1024, "pss": pss / 1024}


def group_cpu_seconds(pid: int) -> dict[int, float]:
    """CPU time (user + system, seconds) used so far by each process of process group ``pid``."""
    tick = os.sysconf("SC_CLK_TCK")
    return {int(proc.name): (int(fields[11]) + int(fields[12])) / tick for proc, fields in _group(pid)}


def machine_busy_seconds() -> float:
    """CPU seconds the whole machine has spent busy since boot (/proc/stat: all but idle and iowait)."""
    fields = [int(x) for x in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:9]]
    return (sum(fields) - fields[3] - fields[4]) / os.sysconf("SC_CLK_TCK")


def own_seconds(groups: list[int]) -> float:
    """CPU seconds used by this process, its waited-for children (wrk) and the servers' process groups."""
    t = os.times()
    return (t.user + t.system + t.children_user + t.children_system
            + sum(sum(group_cpu_seconds(g).values()) for g in groups))


def other_cores(run: Callable[[], dict], groups: list[int]) -> dict:
    """``run()``'s result with ``other_cores``: the cores used on average, during the run, by
    processes that are neither the benchmark nor the servers in ``groups`` (an upper bound: a server
    process that exits during the run takes its CPU time with it)."""
    machine, own, start = machine_busy_seconds(), own_seconds(groups), time.monotonic()
    result = run()
    wall = time.monotonic() - start
    other = (machine_busy_seconds() - machine) - (own_seconds(groups) - own)
    return {**result, "other_cores": round(max(0.0, other) / wall, 2) if wall > 0 else 0.0}
