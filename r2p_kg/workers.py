"""A pool of query worker processes, each with its own in-memory Oxigraph copy of the dataset.

Why processes: pyoxigraph cannot cancel a running query and releases the GIL while it runs, so the
only way to enforce a deadline is to kill the process running it. A worker past its deadline gets
SIGKILL (its CPU is freed at once) and a fresh worker is started in its place, while the other
workers keep answering. Workers serialize results themselves, straight into the negotiated format,
so the web process only moves bytes.

Memory: each worker may use ``memory_mb`` beyond what its data takes (an address-space limit set
after loading). A query that needs more makes its worker abort; the caller gets
:class:`~r2p_kg.errors.QueryOutOfMemory` and a fresh worker takes its place, so one runaway query can
never exhaust the machine's memory.

Data: by default each worker loads ``r2p.nq`` into memory (fastest). Given ``store_path`` (the
build's on-disk Oxigraph store), workers open it read-only instead and share it through the page
cache: for corpora too large to copy into every worker.

Writes (SPARQL Update, Graph Store writes; only when updates are enabled, and only on in-memory
copies) are applied to every worker while no query runs, and kept in a log that a replacement worker
replays after loading the data, so all copies stay the same. Writes are in memory only: a restart
serves the built dataset again.
"""

from __future__ import annotations

import itertools
import logging
import multiprocessing as mp
import queue
import resource
import signal
import threading
import time
from dataclasses import dataclass
from multiprocessing.connection import Connection
from pathlib import Path

from .errors import (OutboundRefused, Overloaded, QueryOutOfMemory, QuerySyntaxError, QueryTimeout,
                     ResultTooLarge, StoreFailure)
from .sandbox import deny_network

log = logging.getLogger(__name__)

# --- jobs: small picklable messages; ``run_job`` below executes them inside a worker ---------------


@dataclass(frozen=True)
class Query:
    sparql: str
    result_format: str  # for SELECT/ASK: json | xml | csv | tsv
    graph_format: str  # for CONSTRUCT/DESCRIBE: turtle | ntriples | nquads | trig | jsonld | rdfxml
    default_graphs: tuple[str, ...] | None = None  # None: the union of all graphs
    named_graphs: tuple[str, ...] | None = None  # None: every named graph
    base_iri: str | None = None
    max_rows: int = 10_000


@dataclass(frozen=True)
class Update:
    sparql: str
    base_iri: str | None = None


@dataclass(frozen=True)
class ReadGraph:
    graph: str | None  # None: the default graph
    fmt: str


@dataclass(frozen=True)
class WriteGraph:
    graph: str | None
    ntriples: bytes
    replace: bool


@dataclass(frozen=True)
class DeleteGraph:
    graph: str | None


WRITES = (Update, WriteGraph, DeleteGraph)


@dataclass(frozen=True)
class Answer:
    """A job's outcome: ``kind`` is bindings | boolean | graph | none; ``fmt`` the format of ``body``."""

    kind: str
    fmt: str | None = None
    body: bytes = b""
    rows: int | None = None
    flag: bool | None = None  # graph existed (writes, deletes) or was found (reads)


# --- inside a worker -----------------------------------------------------------------------------

class _RowLimit(Exception):
    """Raised by the counting writer to stop serializing at the row cap."""


class _CountingWriter:
    """A file-like sink that counts lines (TSV rows) and stops the serializer past ``limit``."""

    def __init__(self, limit: int) -> None:
        self.limit, self.lines, self.chunks = limit + 1, 0, []  # +1: the TSV header line

    def write(self, data: bytes) -> int:
        self.lines += data.count(b"\n")
        self.chunks.append(bytes(data))
        if self.lines > self.limit:
            raise _RowLimit
        return len(data)

    def flush(self) -> None:
        pass


def run_job(store, job) -> Answer:  # noqa: C901 - one dispatch table, kept together on purpose
    """Execute ``job`` on the pyoxigraph ``store`` of this worker."""
    import pyoxigraph as ox
    results = {"json": ox.QueryResultsFormat.JSON, "xml": ox.QueryResultsFormat.XML,
               "csv": ox.QueryResultsFormat.CSV, "tsv": ox.QueryResultsFormat.TSV}
    graphs = {"turtle": ox.RdfFormat.TURTLE, "ntriples": ox.RdfFormat.N_TRIPLES,
              "nquads": ox.RdfFormat.N_QUADS, "trig": ox.RdfFormat.TRIG,
              "jsonld": ox.RdfFormat.JSON_LD, "rdfxml": ox.RdfFormat.RDF_XML}

    def graph_name(iri: str | None):
        return ox.DefaultGraph() if iri is None else ox.NamedNode(iri)

    if isinstance(job, Query):
        kwargs: dict = {"base_iri": job.base_iri}
        if job.default_graphs is None and job.named_graphs is None:
            kwargs["use_default_graph_as_union"] = True
        else:
            kwargs["default_graph"] = [ox.NamedNode(g) for g in job.default_graphs or ()]
            kwargs["named_graphs"] = [ox.NamedNode(g) for g in job.named_graphs or ()]
        result = store.query(job.sparql, **kwargs)
        if isinstance(result, ox.QueryBoolean):
            return Answer("boolean", job.result_format,
                          result.serialize(format=results[job.result_format]), rows=1, flag=bool(result))
        if isinstance(result, ox.QuerySolutions):
            sink = _CountingWriter(job.max_rows)
            try:
                result.serialize(sink, format=ox.QueryResultsFormat.TSV)
            except _RowLimit:
                raise ResultTooLarge(_too_large(job.max_rows, "rows")) from None
            tsv = b"".join(sink.chunks)
            rows = max(sink.lines - 1, 0)
            if job.result_format == "tsv":
                return Answer("bindings", "tsv", tsv, rows)
            parsed = ox.parse_query_results(tsv, format=ox.QueryResultsFormat.TSV)
            return Answer("bindings", job.result_format,
                          parsed.serialize(format=results[job.result_format]), rows)
        triples = list(itertools.islice(result, job.max_rows + 1))
        if len(triples) > job.max_rows:
            raise ResultTooLarge(_too_large(job.max_rows, "triples"))
        return Answer("graph", job.graph_format, ox.serialize(triples, format=graphs[job.graph_format]),
                      len(triples))
    if isinstance(job, Update):
        store.update(job.sparql, base_iri=job.base_iri)
        return Answer("none")
    if isinstance(job, ReadGraph):
        g = graph_name(job.graph)
        if job.graph is not None and not store.contains_named_graph(g):
            return Answer("graph", job.fmt, flag=False)
        triples = [ox.Triple(q.subject, q.predicate, q.object)
                   for q in store.quads_for_pattern(None, None, None, g)]
        return Answer("graph", job.fmt, ox.serialize(triples, format=graphs[job.fmt]), len(triples), True)
    if isinstance(job, WriteGraph):
        g = graph_name(job.graph)
        existed = job.graph is None or store.contains_named_graph(g)
        if job.replace and existed:
            store.clear_graph(g)
        if job.graph is not None:
            store.add_graph(g)
        store.extend([ox.Quad(t.subject, t.predicate, t.object, g)
                      for t in ox.parse(job.ntriples, format=ox.RdfFormat.N_TRIPLES)])
        return Answer("none", flag=existed)
    if isinstance(job, DeleteGraph):
        g = graph_name(job.graph)
        if job.graph is None:
            store.clear_graph(g)
            return Answer("none", flag=True)
        existed = store.contains_named_graph(g)
        if existed:
            store.remove_graph(g)
        return Answer("none", flag=existed)
    raise TypeError(f"unknown job {type(job).__name__}")


def _too_large(limit: int, what: str) -> str:
    return (f"the result has more than {limit} {what}, the server's limit; add LIMIT (and OFFSET to "
            f"page through it) or narrow the query")


def _limit_memory(headroom_mb: int) -> None:
    """Cap this process's address space at what it uses now plus ``headroom_mb``."""
    with open("/proc/self/status", encoding="ascii") as f:
        size_kb = next(int(line.split()[1]) for line in f if line.startswith("VmSize:"))
    limit = (size_kb * 1024) + (headroom_mb << 20)
    resource.setrlimit(resource.RLIMIT_AS, (limit, resource.getrlimit(resource.RLIMIT_AS)[1]))


def worker_main(conn: Connection, nquads: str | None, replay: list, store_path: str | None = None,
                memory_mb: int | None = None) -> None:
    """A worker process: load the data, replay the writes, then answer jobs until the pipe closes.

    First of all it gives up the network (:func:`r2p_kg.sandbox.deny_network`): nothing a query or
    update says can make it contact another host.
    """
    deny_network()
    import pyoxigraph as ox
    if store_path:
        store = ox.Store.read_only(store_path)
    else:
        store = ox.Store()
        if nquads:
            store.bulk_load(path=nquads, format=ox.RdfFormat.N_QUADS)
    for job in replay:
        run_job(store, job)
    if memory_mb:
        try:
            _limit_memory(memory_mb)
        except (OSError, ValueError, StopIteration) as exc:  # not Linux, or a lower hard limit
            log.warning("query worker memory limit not set: %s", exc)
    conn.send(("ready", None))
    while True:
        try:
            job = conn.recv()
        except (EOFError, OSError):
            return
        try:
            conn.send(("ok", run_job(store, job)))
        except ResultTooLarge as exc:
            conn.send(("too-large", exc.message))
        except SyntaxError as exc:
            conn.send(("syntax", str(exc)))
        except PermissionError:
            # Only the sandbox refuses anything here: the text asked for a SERVICE or LOAD that the
            # scan did not see, and the kernel refused the socket.
            conn.send(("outbound", "the query or update asks for an outbound request (SERVICE or LOAD) "
                                   "and this server makes none"))
        except (ValueError, OSError, RuntimeError) as exc:
            # pyoxigraph's evaluation and I/O errors (a failing SERVICE raises an OSError subclass).
            conn.send(("failed", f"{type(exc).__name__}: {exc}"))


# --- in the web process ----------------------------------------------------------------------------

class _Worker:
    def __init__(self, ctx, nquads: str | None, replay: list, store_path: str | None = None,
                 memory_mb: int | None = None) -> None:
        self.conn, child = ctx.Pipe()
        self.process = ctx.Process(target=worker_main,
                                   args=(child, nquads, list(replay), store_path, memory_mb),
                                   daemon=True, name="r2p-query-worker")
        self.process.start()
        child.close()
        self.ready = False

    def wait_ready(self, deadline: float) -> bool:
        if not self.ready:
            if not self.conn.poll(max(deadline - time.monotonic(), 0)):
                return False
            self.conn.recv()
            self.ready = True
        return True

    def kill(self) -> None:
        self.process.kill()
        self.process.join(timeout=5)
        self.conn.close()


class WorkerPool:
    """``size`` worker processes; :meth:`run` gives a job to an idle one and enforces its deadline."""

    def __init__(self, nquads: Path | None, size: int = 2, *, start_method: str = "spawn",
                 max_waiting: int | None = None, store_path: Path | None = None,
                 memory_mb: int | None = None) -> None:
        self._ctx = mp.get_context(start_method)
        self._nquads = str(nquads) if nquads else None
        self._store_path = str(store_path) if store_path else None
        self.memory_mb = memory_mb
        self.size = max(1, size)
        # Jobs that may wait for a busy worker; past that, Overloaded at once. Each waiting job holds
        # a server thread for up to its deadline, so a flood of slow queries must not hold them all.
        self.max_waiting = max_waiting
        self._waiting = 0
        self._waiting_lock = threading.Lock()
        self._idle: queue.Queue[_Worker] = queue.Queue()
        self._log: list = []
        self._write_lock = threading.Lock()
        self._started = False
        self._start_lock = threading.Lock()
        self.writes = 0

    def start(self, wait: float | None = None) -> None:
        """Start the workers (once); with ``wait``, block until the first one has loaded the data."""
        with self._start_lock:
            if not self._started:
                for _ in range(self.size):
                    self._idle.put(self._spawn())
                self._started = True
        if wait:
            worker = self._idle.get()
            try:
                if not worker.wait_ready(time.monotonic() + wait):
                    raise StoreFailure(f"the query worker did not load the data within {wait:.0f} s")
            except EOFError:
                worker.kill()
                worker = self._spawn()
                raise StoreFailure("the query worker died while loading the data; see its log") from None
            finally:
                self._idle.put(worker)

    def _spawn(self) -> _Worker:
        return _Worker(self._ctx, self._nquads, self._log, self._store_path, self.memory_mb)

    def pids(self) -> list[int]:
        """Process ids of the idle workers (for tests and diagnostics)."""
        return [w.process.pid for w in list(self._idle.queue) if w.process.pid]

    def run(self, job, timeout: float) -> Answer:
        """Run ``job`` on an idle worker; raises QueryTimeout past ``timeout`` seconds."""
        self.start()
        deadline = time.monotonic() + timeout
        worker = self._take(timeout)
        try:
            ready = worker.wait_ready(deadline)
        except (EOFError, OSError):
            ready = True  # it died while loading: _exchange replaces it and says so
        if not ready:
            # A replacement still loading the data: nothing of this job runs on it, so it is kept,
            # not killed (killing it would only start another load, and a flood of those).
            self._idle.put(worker)
            raise Overloaded(f"no query worker was ready within {timeout:g} s (busy or starting); "
                             "try again later")
        status, payload = self._exchange(worker, job, deadline, timeout)
        self._idle.put(worker)
        return self._answer(status, payload)

    def _take(self, timeout: float) -> _Worker:
        """An idle worker, waiting at most ``timeout`` s, and only if few other jobs already wait."""
        with self._waiting_lock:
            if self.max_waiting is not None and self._waiting >= self.max_waiting:
                raise Overloaded(f"all {self.size} query workers are busy and {self._waiting} queries "
                                 "already wait for one; try again later")
            self._waiting += 1
        try:
            return self._idle.get(timeout=max(timeout, 0.001))
        except queue.Empty:
            raise Overloaded(f"all {self.size} query workers stayed busy for {timeout:g} s; "
                             f"try again later") from None
        finally:
            with self._waiting_lock:
                self._waiting -= 1

    def _exchange(self, worker: _Worker, job, deadline: float, timeout: float) -> tuple[str, object]:
        """Send ``job`` and wait for the reply; a worker past the deadline or dead is replaced."""
        try:
            if not worker.wait_ready(deadline):
                raise self._timeout(worker, timeout)
            worker.conn.send(job)
            if not worker.conn.poll(max(deadline - time.monotonic(), 0)):
                raise self._timeout(worker, timeout)
            return worker.conn.recv()
        except (EOFError, OSError):
            worker.process.join(timeout=1.0)  # let a dying worker finish, to learn how it died
            worker.kill()
            self._idle.put(self._spawn())
            if worker.process.exitcode == -signal.SIGABRT and self.memory_mb:
                raise QueryOutOfMemory(
                    f"the query needed more than the {self.memory_mb} MB of memory a query may use, "
                    "and was stopped; narrow it (fewer variables unbound at once, no cross products, "
                    "LIMIT inside subqueries) or ask for less data") from None
            raise StoreFailure("the query worker died while running the request; it was replaced") \
                from None

    @staticmethod
    def _answer(status: str, payload) -> Answer:
        if status == "ok":
            return payload
        if status == "too-large":
            raise ResultTooLarge(payload)
        if status == "syntax":
            raise QuerySyntaxError(payload)
        if status == "outbound":
            raise OutboundRefused(payload)
        raise StoreFailure(payload)

    def _timeout(self, worker: _Worker, timeout: float) -> QueryTimeout:
        pid = worker.process.pid
        worker.kill()
        self._idle.put(self._spawn())
        log.warning("killed query worker %s at its %.3g s deadline; started a replacement", pid, timeout)
        return QueryTimeout(f"the query did not finish within its time limit of {timeout:g} s and was "
                            f"stopped; simplify it, add LIMIT, or ask for less data")

    def write(self, job, timeout: float) -> Answer:
        """Apply a write to every worker while no query runs; the log keeps it for new workers."""
        self.start()
        deadline = time.monotonic() + timeout
        with self._write_lock:
            held: list[_Worker] = []
            try:
                for _ in range(self.size):
                    held.append(self._idle.get(timeout=max(deadline - time.monotonic(), 0.001)))
            except queue.Empty:
                for w in held:
                    self._idle.put(w)
                raise Overloaded("the query workers stayed busy; the write was not applied") from None
            first, rest = held[0], held[1:]
            try:
                status, payload = self._exchange(first, job, deadline, timeout)
            except (QueryTimeout, StoreFailure):
                for w in rest:
                    self._idle.put(w)
                raise
            self._idle.put(first)
            if status != "ok":  # refused by the first worker: nothing was written anywhere
                for w in rest:
                    self._idle.put(w)
                return self._answer(status, payload)
            self._log.append(job)
            self.writes += 1
            for w in rest:
                try:
                    status, _ = self._exchange(w, job, time.monotonic() + max(timeout, 30.0), timeout)
                except (QueryTimeout, StoreFailure):
                    continue  # replaced by a worker that replays the log
                if status == "ok":
                    self._idle.put(w)
                else:  # out of step with the others: a fresh worker replays the log instead
                    log.error("a worker failed to apply a write that another applied; replacing it")
                    w.kill()
                    self._idle.put(self._spawn())
            return payload

    def close(self) -> None:
        """Stop every worker."""
        while True:
            try:
                self._idle.get_nowait().kill()
            except queue.Empty:
                break
