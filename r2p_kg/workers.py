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
copies) are applied to every worker while no query runs. After each write the first worker dumps its
data as N-Quads into a private temporary folder (written under a temporary name, then renamed), and
replacement workers load that snapshot instead of replaying past writes: starting a worker costs
one load whatever was written, and nothing old is run again. Writes are in memory only: a restart
serves the built dataset again.

Lifetime: workers are started by one long-lived thread of the pool and ask the kernel to kill them
when it ends (``PR_SET_PDEATHSIG``), so they never outlive the web process, even mid-query. A
worker found dead is replaced before it is handed a job; one that crashes is logged with its pid
and signal. Workers that keep dying while they start are restarted with a growing delay (up to
30 s), so a broken snapshot or dataset cannot make the pool spawn processes in a loop.
"""

from __future__ import annotations

import ctypes
import itertools
import logging
import multiprocessing as mp
import os
import queue
import resource
import shutil
import signal
import tempfile
import threading
import time
from dataclasses import dataclass
from multiprocessing.connection import Connection
from pathlib import Path

from .budget import AnswerBudget
from .errors import (
    EndpointError,
    OutboundRefused,
    Overloaded,
    QueryCrashed,
    QueryOutOfMemory,
    QuerySyntaxError,
    QueryTimeout,
    ResultTooLarge,
    StoreFailure,
    UpdateFailed,
)
from .formats import RDF_FORMATS
from .rdfbytes import serialize_results
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
    max_bytes: int | None = None  # of the serialized answer; None: no byte cap


@dataclass(frozen=True)
class Update:
    sparql: str
    base_iri: str | None = None


@dataclass(frozen=True)
class ReadGraph:
    graph: str | None  # None: the default graph
    fmt: str
    max_bytes: int | None = None


@dataclass(frozen=True)
class WriteGraph:
    graph: str | None
    ntriples: bytes
    replace: bool


@dataclass(frozen=True)
class DeleteGraph:
    graph: str | None


@dataclass(frozen=True)
class Snapshot:
    """Dump the worker's data as N-Quads to ``path`` (written to a temporary name, then renamed)."""

    path: str


WRITES = (Update, WriteGraph, DeleteGraph)

# Answers of at least this many bytes are announced before they are sent, so that the web process
# can reserve room for them in its AnswerBudget; smaller ones (the most) are sent at once.
SMALL_ANSWER = 64 * 1024


@dataclass(frozen=True)
class Answer:
    """A job's outcome: ``kind`` is bindings | boolean | graph | none; ``fmt`` the format of ``body``."""

    kind: str
    fmt: str | None = None
    body: bytes = b""
    rows: int | None = None
    flag: bool | None = None  # graph existed (writes, deletes) or was found (reads)


# --- inside a worker -----------------------------------------------------------------------------

class _Limit(Exception):
    """Raised by the counting writer to stop serializing at the row or byte cap."""

    def __init__(self, what: str) -> None:
        super().__init__(what)
        self.what = what


class _CountingWriter:
    """A file-like sink that counts lines (TSV rows) and bytes, and stops the serializer past
    ``limit`` lines (``None``: any number) or ``max_bytes`` bytes (``None``: any size)."""

    def __init__(self, limit: int | None = None, max_bytes: int | None = None) -> None:
        self.limit = None if limit is None else limit + 1  # +1: the TSV header line
        self.max_bytes, self.lines, self.size = max_bytes, 0, 0
        self.chunks: list[bytes] = []

    def write(self, data: bytes) -> int:
        self.lines += data.count(b"\n")
        self.size += len(data)
        if self.max_bytes is not None and self.size > self.max_bytes:
            self.chunks.clear()
            raise _Limit("bytes")
        self.chunks.append(bytes(data))
        if self.limit is not None and self.lines > self.limit:
            raise _Limit("rows")
        return len(data)

    def flush(self) -> None:
        pass

    def value(self) -> bytes:
        return b"".join(self.chunks)


def _capped(serialize, max_bytes: int | None) -> bytes:
    """The bytes ``serialize(sink)`` writes, or ResultTooLarge past ``max_bytes``."""
    sink = _CountingWriter(max_bytes=max_bytes)
    try:
        serialize(sink)
    except _Limit:
        raise ResultTooLarge(_too_large(max_bytes or 0, "bytes")) from None
    return sink.value()


def run_job(store, job) -> Answer:  # one dispatch table, kept together on purpose
    """Execute ``job`` on the pyoxigraph ``store`` of this worker."""
    import pyoxigraph as ox
    results = {"json": ox.QueryResultsFormat.JSON, "xml": ox.QueryResultsFormat.XML,
               "csv": ox.QueryResultsFormat.CSV, "tsv": ox.QueryResultsFormat.TSV}
    graphs = RDF_FORMATS

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
                          serialize_results(result, results[job.result_format]), rows=1, flag=bool(result))
        if isinstance(result, ox.QuerySolutions):
            # TSV first: the most compact form, counted row by row and byte by byte as it is written.
            sink = _CountingWriter(job.max_rows, job.max_bytes)
            try:
                # pyoxigraph writes to any object with write(); its stub asks for a whole IO[bytes]
                result.serialize(sink, format=ox.QueryResultsFormat.TSV)  # type: ignore[arg-type]
            except _Limit as exc:
                limit = job.max_rows if exc.what == "rows" else job.max_bytes or 0
                raise ResultTooLarge(_too_large(limit, exc.what)) from None
            tsv = sink.value()
            rows = max(sink.lines - 1, 0)
            if job.result_format == "tsv":
                return Answer("bindings", "tsv", tsv, rows)
            parsed = ox.parse_query_results(tsv, format=ox.QueryResultsFormat.TSV)
            del sink, tsv
            body = _capped(lambda out: parsed.serialize(out, format=results[job.result_format]),
                           job.max_bytes)
            return Answer("bindings", job.result_format, body, rows)
        triples = list(itertools.islice(result, job.max_rows + 1))
        if len(triples) > job.max_rows:
            raise ResultTooLarge(_too_large(job.max_rows, "triples"))
        body = _capped(lambda out: ox.serialize(triples, out, format=graphs[job.graph_format]),
                       job.max_bytes)
        return Answer("graph", job.graph_format, body, len(triples))
    if isinstance(job, Update):
        store.update(job.sparql, base_iri=job.base_iri)
        return Answer("none")
    if isinstance(job, ReadGraph):
        g = graph_name(job.graph)
        if job.graph is not None and not store.contains_named_graph(g):
            return Answer("graph", job.fmt, flag=False)
        triples = [ox.Triple(q.subject, q.predicate, q.object)
                   for q in store.quads_for_pattern(None, None, None, g)]
        body = _capped(lambda out: ox.serialize(triples, out, format=graphs[job.fmt]), job.max_bytes)
        return Answer("graph", job.fmt, body, len(triples), True)
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
    if isinstance(job, Snapshot):
        partial = f"{job.path}.partial"
        store.dump(partial, format=ox.RdfFormat.N_QUADS)
        os.replace(partial, job.path)
        return Answer("none")
    raise TypeError(f"unknown job {type(job).__name__}")


def _too_large(limit: int, what: str) -> str:
    if what == "bytes":
        return (f"the result is larger than {limit} bytes, the server's limit; ask for fewer or "
                f"shorter values (LIMIT, SUBSTR) or narrow the query")
    return (f"the result has more than {limit} {what}, the server's limit; add LIMIT (and OFFSET to "
            f"page through it) or narrow the query")


def _limit_memory(headroom_mb: int) -> None:
    """Cap this process's address space at what it uses now plus ``headroom_mb``."""
    with open("/proc/self/status", encoding="ascii") as f:
        size_kb = next(int(line.split()[1]) for line in f if line.startswith("VmSize:"))
    limit = (size_kb * 1024) + (headroom_mb << 20)
    resource.setrlimit(resource.RLIMIT_AS, (limit, resource.getrlimit(resource.RLIMIT_AS)[1]))


_PR_SET_PDEATHSIG = 1


def _die_with_parent(parent_pid: int) -> None:
    """Have the kernel SIGKILL this process when the thread that started it ends (the pool's
    spawner thread, which lives as long as the web process); exit now if that already happened."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl.argtypes = [ctypes.c_int, ctypes.c_ulong, ctypes.c_ulong, ctypes.c_ulong,
                               ctypes.c_ulong]
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    except (OSError, AttributeError):  # not Linux: the pipe's EOF still ends an idle worker
        pass
    if os.getppid() != parent_pid:
        os._exit(0)


def _failure(exc: BaseException) -> str:
    """What the web process logs about an unexpected error (never sent to the client)."""
    return f"{type(exc).__name__}: {exc}"


def worker_main(conn: Connection, nquads: str | None, replay: list, store_path: str | None = None,
                memory_mb: int | None = None, parent_pid: int | None = None) -> None:
    """A worker process: load the data, replay the writes, then answer jobs until the pipe closes.

    First of all it ties its life to the web process's and gives up the network
    (:func:`r2p_kg.sandbox.deny_network`): nothing a query or update says can make it contact
    another host. Replies are ``(status, payload)``; ``failed``'s payload is for the log only.
    """
    if parent_pid is not None:
        _die_with_parent(parent_pid)
    deny_network()
    import pyoxigraph as ox
    try:
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
                conn.send(("warning", f"query worker memory limit not set: {exc}"))
    except Exception as exc:  # any error: reported to the pool, which logs it and backs off
        conn.send(("start-failed", _failure(exc)))
        return
    conn.send(("ready", None))
    while True:
        try:
            job = conn.recv()
        except (EOFError, OSError):
            return
        try:
            answer = run_job(store, job)
            if len(answer.body) >= SMALL_ANSWER:
                # Ask first: the web process receives it only once it has room (see budget.py).
                conn.send(("size", len(answer.body)))
                if not conn.recv():
                    continue
            conn.send(("ok", answer))
        except ResultTooLarge as exc:
            conn.send(("too-large", exc.message))
        except SyntaxError as exc:
            conn.send(("syntax", str(exc)))
        except PermissionError:
            # Only the sandbox refuses anything here: the text asked for a SERVICE or LOAD that the
            # scan did not see, and the kernel refused the socket.
            conn.send(("outbound", "the query or update asks for an outbound request (SERVICE or LOAD) "
                                   "and this server makes none"))
        except MemoryError:
            # pyoxigraph raises it for one value too large for the address-space limit. The heap
            # may be in any state: say so and exit; the pool starts a fresh worker.
            try:
                conn.send(("oom", None))
            finally:
                os._exit(3)
        except (ValueError, RuntimeError) as exc:
            if isinstance(job, WRITES):  # the request's own doing: "the graph <g> already exists"
                conn.send(("update-failed", str(exc)))
            else:
                conn.send(("failed", _failure(exc)))
        except OSError as exc:  # storage or I/O inside the worker
            conn.send(("failed", _failure(exc)))


# --- in the web process ----------------------------------------------------------------------------

class _StartFailed(Exception):
    """A worker died, or reported an error, while loading the data."""


class _Worker:
    """One worker process and its pipe. The process is started by the pool's spawner thread."""

    def __init__(self, ctx, args: tuple, delay: float = 0.0) -> None:
        self.conn, self._child = ctx.Pipe()
        self.process = ctx.Process(target=worker_main, args=(self._child, *args), daemon=True,
                                   name="r2p-query-worker")
        self.delay = delay
        self.ready = False
        self.started = threading.Event()
        self._state = "new"  # new | started | dead
        self._lock = threading.Lock()

    def start(self) -> None:
        """Start the process (in the spawner thread), unless it was killed first."""
        with self._lock:
            if self._state == "new":
                self.process.start()
                self._state = "started"
            self._child.close()
        self.started.set()

    @property
    def pid(self) -> int | None:
        return self.process.pid

    def dead(self) -> bool:
        """Whether the process has ended (a worker not started yet is not dead)."""
        return self._state == "dead" or (self._state == "started" and not self.process.is_alive())

    def wait_ready(self, deadline: float) -> bool:
        """Whether the worker has loaded the data by ``deadline``; _StartFailed if it never will."""
        while not self.ready:
            if not self.conn.poll(max(deadline - time.monotonic(), 0)):
                return False
            try:
                status, detail = self.conn.recv()
            except (EOFError, OSError):
                self.process.join(timeout=1.0)
                raise _StartFailed(_how_it_ended(self.process.exitcode)) from None
            if status == "start-failed":
                raise _StartFailed(detail)
            if status == "warning":
                log.warning("query worker %s: %s", self.pid, detail)
                continue
            self.ready = True
        return True

    def kill(self) -> None:
        with self._lock:
            if self._state == "started":
                self.process.kill()
                self.process.join(timeout=5)
            self._state = "dead"
        self.conn.close()


def _how_it_ended(exitcode: int | None) -> str:
    if exitcode is None:
        return "it did not end"
    if exitcode < 0:
        try:
            return f"killed by signal {signal.Signals(-exitcode).name}"
        except ValueError:
            return f"killed by signal {-exitcode}"
    return f"exit code {exitcode}"


class WorkerPool:
    """``size`` worker processes; :meth:`run` gives a job to an idle one and enforces its deadline."""

    MAX_START_DELAY = 30.0  # seconds between restarts of workers that keep dying while they start

    def __init__(self, nquads: Path | None, size: int = 2, *, start_method: str = "spawn",
                 max_waiting: int | None = None, store_path: Path | None = None,
                 memory_mb: int | None = None, answer_budget: AnswerBudget | None = None) -> None:
        self._ctx = mp.get_context(start_method)
        # Bytes of answers the web process may hold at once (None: no bound but the per-answer cap).
        self.answer_budget = answer_budget
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
        self._log: list = []  # writes since the snapshot (normally none: see _snapshot)
        self._snapshots: list[Path] = []  # the newest last; the two newest are kept
        self._snapshot_dir: Path | None = None
        self._write_lock = threading.Lock()
        self._started = False
        self._start_lock = threading.Lock()
        self._start_failures = 0  # consecutive workers that died while starting
        self._spawner: threading.Thread | None = None
        self._to_start: queue.Queue[_Worker | None] = queue.Queue()
        self.writes = 0
        self.crashes = 0  # workers that died while running a job (for tests and diagnostics)

    # -- starting workers -------------------------------------------------------------------------

    def _spawn_loop(self) -> None:
        """The spawner thread: starts every worker, so that their parent thread (the one
        PR_SET_PDEATHSIG watches) lives as long as the pool."""
        while True:
            worker = self._to_start.get()
            if worker is None:
                return
            if worker.delay:
                time.sleep(worker.delay)
            try:
                worker.start()
            except OSError as exc:  # fork failed (no memory, process limit)
                log.error("could not start a query worker: %s", exc)
                worker.kill()
                worker.started.set()

    def start(self, wait: float | None = None) -> None:
        """Start the workers (once); with ``wait``, block until the first one has loaded the data."""
        with self._start_lock:
            if not self._started:
                self._spawner = threading.Thread(target=self._spawn_loop, daemon=True,
                                                 name="r2p-worker-spawner")
                self._spawner.start()
                for _ in range(self.size):
                    self._idle.put(self._spawn())
                self._started = True
        if wait:
            worker = self._idle.get()
            try:
                if not worker.wait_ready(time.monotonic() + wait):
                    raise StoreFailure(f"the query worker did not load the data within {wait:.0f} s")
            except _StartFailed as exc:
                log.error("query worker %s failed while loading the data: %s", worker.pid, exc)
                worker.kill()
                worker = self._spawn()
                raise StoreFailure("the query worker failed while loading the data; see the "
                                   "server's log") from None
            finally:
                self._idle.put(worker)

    def _spawn(self) -> _Worker:
        """A new worker for the current data; delayed while workers keep dying as they start."""
        n = self._start_failures
        delay = 0.0 if n == 0 else min(0.25 * 2 ** n, self.MAX_START_DELAY)
        data = str(self._snapshots[-1]) if self._snapshots else self._nquads
        worker = _Worker(self._ctx, (data, list(self._log), self._store_path, self.memory_mb,
                                     os.getpid()), delay)
        self._to_start.put(worker)
        if not delay:
            worker.started.wait(timeout=10)  # so pids() lists it at once
        return worker

    def _replace(self, worker: _Worker) -> None:
        """Kill ``worker`` (if it still runs) and put a fresh one in its place."""
        worker.kill()
        self._idle.put(self._spawn())

    def _start_failed(self, worker: _Worker, exc: _StartFailed) -> None:
        self._start_failures += 1
        log.error("query worker %s failed while loading the data (%s); restarting it in %.3g s",
                  worker.pid, exc, min(0.25 * 2 ** self._start_failures, self.MAX_START_DELAY))
        self._replace(worker)

    def pids(self) -> list[int]:
        """Process ids of the idle workers (for tests and diagnostics)."""
        return [w.pid for w in list(self._idle.queue) if w.pid]

    # -- running jobs -----------------------------------------------------------------------------

    def run(self, job, timeout: float) -> Answer:
        """Run ``job`` on an idle worker; raises QueryTimeout past ``timeout`` seconds."""
        self.start()
        deadline = time.monotonic() + timeout
        worker = self._take(deadline, timeout)
        try:
            ready = worker.wait_ready(deadline)
        except _StartFailed as exc:
            self._start_failed(worker, exc)
            raise Overloaded("a query worker failed while loading the data and is being restarted; "
                             "try again later") from None
        if not ready:
            # A replacement still loading the data: nothing of this job runs on it, so it is kept,
            # not killed (killing it would only start another load, and a flood of those).
            self._idle.put(worker)
            raise Overloaded(f"no query worker was ready within {timeout:g} s (busy or starting); "
                             "try again later")
        self._start_failures = 0
        status, payload = self._exchange(worker, job, deadline, timeout)
        self._idle.put(worker)
        return self._answer(status, payload, worker.pid)

    def _take(self, deadline: float, timeout: float) -> _Worker:
        """A live idle worker, waiting until ``deadline``, and only if few other jobs already wait.
        A worker found dead (it died while idle) is replaced, never handed the job."""
        with self._waiting_lock:
            if self.max_waiting is not None and self._waiting >= self.max_waiting:
                raise Overloaded(f"all {self.size} query workers are busy and {self._waiting} queries "
                                 "already wait for one; try again later")
            self._waiting += 1
        try:
            while True:
                try:
                    worker = self._idle.get(timeout=max(deadline - time.monotonic(), 0.001))
                except queue.Empty:
                    raise Overloaded(f"all {self.size} query workers stayed busy for {timeout:g} s; "
                                     f"try again later") from None
                if not worker.dead():
                    return worker
                log.warning("query worker %s had died while idle (%s); replaced", worker.pid,
                            _how_it_ended(worker.process.exitcode))
                self._replace(worker)
        finally:
            with self._waiting_lock:
                self._waiting -= 1

    def _exchange(self, worker: _Worker, job, deadline: float, timeout: float) -> tuple[str, object]:
        """Send ``job`` and wait for the reply; a worker past the deadline, out of memory or dead is
        replaced (and the matching error raised)."""
        try:
            try:
                if not worker.wait_ready(deadline):
                    raise self._timeout(worker, timeout)
            except _StartFailed as exc:
                self._start_failed(worker, exc)
                raise StoreFailure("a query worker failed while loading the data; it is being "
                                   "restarted") from None
            worker.conn.send(job)
            if not worker.conn.poll(max(deadline - time.monotonic(), 0)):
                raise self._timeout(worker, timeout)
            reply = worker.conn.recv()
            if reply[0] == "size":
                reply = self._receive_large(worker, reply[1], deadline)
        except (EOFError, OSError):
            worker.process.join(timeout=1.0)  # let a dying worker finish, to learn how it died
            exitcode = worker.process.exitcode
            self._replace(worker)
            if exitcode == -signal.SIGABRT and self.memory_mb:
                raise self._out_of_memory() from None
            self.crashes += 1
            log.error("query worker %s crashed while running a %s (%s); started a replacement",
                      worker.pid, type(job).__name__, _how_it_ended(exitcode))
            raise QueryCrashed("the query worker crashed while running the request and was "
                               "replaced; the request was not completed") from None
        if reply[0] == "oom":
            worker.process.join(timeout=5)
            self._replace(worker)
            raise self._out_of_memory()
        return reply

    def _receive_large(self, worker: _Worker, size: int, deadline: float) -> tuple[str, object]:
        """Receive an announced answer of ``size`` bytes once the answer budget has room for it,
        waiting until ``deadline``; else tell the worker to drop it (it stays idle and healthy)."""
        budget = self.answer_budget
        if budget is None or budget.reserve(size, deadline):
            worker.conn.send(True)
            return worker.conn.recv()
        worker.conn.send(False)
        mb = budget.max_bytes / 1e6
        if size > budget.max_bytes:
            return ("too-large", f"the answer is {size} bytes, more than the {mb:g} MB this server "
                                 "holds for answers (R2P_ANSWER_MEMORY_MB); ask for less data")
        return ("no-room", f"answers being sent already take the {mb:g} MB this server holds for "
                           "them (R2P_ANSWER_MEMORY_MB); try again later")

    def _out_of_memory(self) -> QueryOutOfMemory:
        limit = f"the {self.memory_mb} MB of memory a query may use" if self.memory_mb else \
            "the memory available to a query worker"
        return QueryOutOfMemory(
            f"the query needed more than {limit}, and was stopped; narrow it (fewer variables "
            "unbound at once, no cross products, LIMIT inside subqueries, no huge strings) or ask "
            "for less data")

    @staticmethod
    def _answer(status: str, payload, pid: int | None = None) -> Answer:
        if status == "ok":
            return payload
        if status == "too-large":
            raise ResultTooLarge(payload)
        if status == "no-room":
            raise Overloaded(payload)
        if status == "syntax":
            raise QuerySyntaxError(payload)
        if status == "outbound":
            raise OutboundRefused(payload)
        if status == "update-failed":
            raise UpdateFailed(f"the update could not be applied: {payload}")
        log.error("query worker %s failed on a request: %s", pid, payload)
        raise StoreFailure("the store failed to run the request (not a problem with the request); "
                           "the server's log has the details")

    def _timeout(self, worker: _Worker, timeout: float) -> QueryTimeout:
        pid = worker.pid
        self._replace(worker)
        log.warning("killed query worker %s at its %.3g s deadline; started a replacement", pid, timeout)
        return QueryTimeout(f"the query did not finish within its time limit of {timeout:.3g} s and was "
                            f"stopped; simplify it, add LIMIT, or ask for less data")

    # -- writes -----------------------------------------------------------------------------------

    def write(self, job, timeout: float) -> Answer:
        """Apply a write to every worker while no query runs, then snapshot the data for new workers."""
        self.start()
        deadline = time.monotonic() + timeout
        with self._write_lock:
            held: list[_Worker] = []
            try:
                for _ in range(self.size):
                    held.append(self._take(deadline, timeout))
            except Overloaded:
                for w in held:
                    self._idle.put(w)
                raise Overloaded("the query workers stayed busy; the write was not applied") from None
            first, rest = held[0], held[1:]
            try:
                status, payload = self._exchange(first, job, deadline, timeout)
            except EndpointError:  # first was replaced (from the data as it was): nothing written
                for w in rest:
                    self._idle.put(w)
                raise
            if status != "ok":  # refused by the first worker: nothing was written anywhere
                for w in held:
                    self._idle.put(w)
                return self._answer(status, payload, first.pid)
            self._log.append(job)
            self.writes += 1
            for w in rest:
                try:
                    status, _ = self._exchange(w, job, time.monotonic() + max(timeout, 30.0), timeout)
                except EndpointError:
                    continue  # replaced by a worker that loads the snapshot and replays the log
                if status == "ok":
                    self._idle.put(w)
                else:  # out of step with the others: a fresh worker replays the log instead
                    log.error("a worker failed to apply a write that another applied; replacing it")
                    self._replace(w)
            self._snapshot(first, max(timeout, 60.0))
            return self._answer(status, payload, first.pid)  # "ok": the first worker's answer

    def _snapshot(self, worker: _Worker, timeout: float) -> None:
        """Have ``worker`` (which holds every write) dump the data for new workers; on failure
        the log is kept, and new workers replay it after the previous snapshot."""
        if self._snapshot_dir is None:
            self._snapshot_dir = Path(tempfile.mkdtemp(prefix="r2p-snapshots-"))  # mode 0700
        path = self._snapshot_dir / f"snapshot-{self.writes}.nq"
        try:
            status, payload = self._exchange(worker, Snapshot(str(path)), time.monotonic() + timeout,
                                             timeout)
        except EndpointError as exc:
            log.error("could not snapshot the data after a write (%s); new workers replay %d "
                      "write(s) instead", exc, len(self._log))
            return
        self._idle.put(worker)
        if status != "ok":
            log.error("could not snapshot the data after a write (%s); new workers replay %d "
                      "write(s) instead", payload, len(self._log))
            return
        self._snapshots.append(path)
        self._log = []
        # Keep the previous one too: a worker started just before may still be opening it.
        for old in self._snapshots[:-2]:
            old.unlink(missing_ok=True)
        self._snapshots = self._snapshots[-2:]

    def close(self) -> None:
        """Stop every worker, the spawner thread, and remove the snapshots."""
        while True:
            try:
                self._idle.get_nowait().kill()
            except queue.Empty:
                break
        if self._spawner is not None:
            self._to_start.put(None)
        if self._snapshot_dir is not None:
            shutil.rmtree(self._snapshot_dir, ignore_errors=True)
