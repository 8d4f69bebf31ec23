"""The store behind the endpoint: one small interface, and its embedded Oxigraph implementation.

The web layer only talks to :class:`Store`. Formats are named, not typed: results are ``json``,
``xml``, ``csv`` or ``tsv`` (SELECT/ASK) and graphs ``turtle``, ``ntriples``, ``nquads``, ``trig``,
``jsonld`` or ``rdfxml`` (CONSTRUCT/DESCRIBE, Graph Store reads); the web layer maps them to media
types. A store answers with bytes already in the asked format, so a remote backend (``serve --backend
URL``, to come) can pass a remote endpoint's answer through, and the embedded one serializes inside
its worker processes.

Dataset semantics (documented in docs/endpoint.md): without ``default_graph_uris`` and
``named_graph_uris`` the default graph is the union of all graphs; with either, the dataset is
exactly the graphs named (SPARQL 1.1 Protocol §2.1.4).

Every method raises the errors of :mod:`r2p_kg.errors` (QuerySyntaxError, QueryTimeout,
ResultTooLarge, Overloaded, StoreFailure), never a backend's own exception.
"""

from __future__ import annotations

import json
import logging
from abc import ABC, abstractmethod
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from .budget import AnswerBudget
from .dist import NQUADS, STORE_DIR, require_build, served_folder
from .errors import BadRequest, ConfigError, UploadTooLarge
from .formats import RDF_FORMATS
from .rdfbytes import serialize
from .workers import DeleteGraph, Query, ReadGraph, Update, WorkerPool, WriteGraph

log = logging.getLogger(__name__)

RESULT_FORMATS = ("json", "xml", "csv", "tsv")
GRAPH_FORMATS = tuple(RDF_FORMATS)  # the syntax registry's (r2p_kg/formats.py)


@dataclass(frozen=True)
class QueryResult:
    """An answer in its final form: ``kind`` is ``bindings``, ``boolean`` or ``graph``."""

    kind: str
    fmt: str
    body: bytes
    rows: int | None = None
    boolean: bool | None = None


def check_iri(iri: str, where: str) -> str:
    """``iri`` if it is an absolute IRI (so it can never break out of ``<...>``), else BadRequest."""
    try:
        ox.NamedNode(iri)
    except ValueError as exc:
        raise BadRequest(f"not a valid absolute IRI: {iri!r} ({exc})", where=where) from None
    return iri


UPLOAD_MAX_TRIPLES = 1_000_000  # triples one Graph Store upload may parse into
UPLOAD_MAX_BYTES = 256_000_000  # bytes of N-Triples one upload may parse into
# An XML document type declaration or entity declaration, in the encodings an XML parser detects
# without a declaration (UTF-8, UTF-16 either way round). Either can define entities, and entities
# that refer to each other expand a few hundred bytes into gigabytes ("billion laughs").
_DTD_MARKERS = tuple(marker.encode(enc) for marker in ("<!DOCTYPE", "<!ENTITY")
                     for enc in ("utf-8", "utf-16-le", "utf-16-be"))


def to_ntriples(data: bytes, rdf_format: ox.RdfFormat, base_iri: str | None, *,
                max_triples: int = UPLOAD_MAX_TRIPLES, max_bytes: int = UPLOAD_MAX_BYTES) -> bytes:
    """Parse an uploaded graph (any RDF syntax) into N-Triples; blank nodes get fixed labels.

    Raises BadRequest for a body that does not parse and for RDF/XML with a DTD (refused before
    parsing: entity expansion is unbounded), UploadTooLarge past ``max_triples`` triples or
    ``max_bytes`` bytes of N-Triples (counted while parsing, so nothing larger is ever held)."""
    if rdf_format == ox.RdfFormat.RDF_XML and any(m in data for m in _DTD_MARKERS):
        raise BadRequest("the RDF/XML body has a document type declaration (<!DOCTYPE> or <!ENTITY>), "
                         "which this server refuses: entity declarations can expand a small upload "
                         "into gigabytes; expand entities before uploading", where="body")
    out: list[bytes] = []
    size = count = 0
    try:
        for t in ox.parse(data, format=rdf_format, base_iri=base_iri):
            count += 1
            if count > max_triples:
                raise UploadTooLarge(f"the {rdf_format.name} body holds more than {max_triples} "
                                     "triples, the most one upload may add; split it", where="body")
            line = serialize([ox.Triple(t.subject, t.predicate, t.object)], ox.RdfFormat.N_TRIPLES)
            size += len(line)
            if size > max_bytes:
                raise UploadTooLarge(f"the {rdf_format.name} body expands to more than {max_bytes} "
                                     "bytes of N-Triples, the most one upload may add; split it",
                                     where="body")
            out.append(line)
    except SyntaxError as exc:
        raise BadRequest(f"the {rdf_format.name} body does not parse: {exc}") from None
    return b"".join(out)


class Store(ABC):
    """What the endpoint needs from a store. Implementations must be safe to call from many threads."""

    @property
    @abstractmethod
    def version(self) -> str:
        """Changes whenever the data changes: the build's hash, plus a write counter if updated."""

    @abstractmethod
    def query(self, sparql: str, *, result_format: str = "json", graph_format: str = "turtle",
              default_graph_uris: Sequence[str] | None = None,
              named_graph_uris: Sequence[str] | None = None, base_iri: str | None = None,
              timeout: float = 10.0, max_rows: int = 10_000) -> QueryResult:
        """Run a query; SELECT/ASK answer in ``result_format``, CONSTRUCT/DESCRIBE in ``graph_format``."""

    @abstractmethod
    def update(self, sparql: str, *, base_iri: str | None = None, timeout: float = 10.0) -> None:
        """Run a SPARQL 1.1 Update (dataset clauses already in the text)."""

    @abstractmethod
    def read_graph(self, graph: str | None, fmt: str, *, timeout: float = 10.0) -> bytes | None:
        """A graph's triples in ``fmt``; ``graph=None`` is the default graph; ``None`` if no such graph."""

    @abstractmethod
    def write_graph(self, graph: str | None, ntriples: bytes, *, replace: bool,
                    timeout: float = 10.0) -> bool:
        """Replace (PUT) or add to (POST) a graph; returns whether the graph existed before."""

    @abstractmethod
    def delete_graph(self, graph: str | None, *, timeout: float = 10.0) -> bool:
        """Drop a named graph (or empty the default graph); returns whether it existed."""

    def named_graphs(self, *, timeout: float = 10.0) -> list[str]:
        """IRIs of the named graphs that hold triples, sorted (through :meth:`query`)."""
        result = self.query("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } } ORDER BY ?g",
                            result_format="json", timeout=timeout, max_rows=1_000_000)
        return [row["g"]["value"] for row in json.loads(result.body)["results"]["bindings"]]

    def close(self) -> None:  # noqa: B027 - an optional hook: backends that hold nothing keep it empty
        """Release processes and connections."""


STORE_MODES = ("auto", "memory", "disk")
AUTO_DISK_BYTES = 1 << 30  # ``auto``: a dataset whose N-Quads exceed this is read from disk


def choose_store_mode(dist: Path, mode: str = "auto", *, writable: bool = False) -> str:
    """``memory`` (every worker loads ``r2p.nq``) or ``disk`` (workers share the build's read-only
    on-disk store ``dist/store``). ``auto`` picks disk for large datasets that will not be written."""
    if mode not in STORE_MODES:
        raise ConfigError(f"unknown store mode {mode!r}; use one of {', '.join(STORE_MODES)}",
                          where="R2P_STORE_MODE")
    has_disk = (dist / STORE_DIR).is_dir()
    if mode == "disk":
        if writable:
            raise ConfigError("updates need the in-memory store: the on-disk store is opened read-only "
                              "(use R2P_STORE_MODE=memory with --allow-update)", where="R2P_STORE_MODE")
        if not has_disk:
            raise ConfigError(f"no on-disk store in {dist} (dist/store): rebuild with 'r2p-kg build'",
                              where="R2P_STORE_MODE")
        return "disk"
    if mode == "auto" and has_disk and not writable and (dist / NQUADS).stat().st_size > AUTO_DISK_BYTES:
        return "disk"
    return "memory"


class OxigraphStore(Store):
    """The built dataset (``dist/r2p.nq``) in Oxigraph: one in-memory copy per worker process, or
    (``mode="disk"``, or ``auto`` for a large dataset) the build's on-disk store shared read-only."""

    def __init__(self, dist: str | Path, *, workers: int = 2, start_method: str = "spawn",
                 max_waiting: int | None = None, mode: str = "memory", writable: bool = True,
                 memory_mb: int | None = None, max_result_bytes: int | None = None,
                 answer_budget: AnswerBudget | None = None) -> None:
        # Resolve the dist/ symlink now: a rebuild while serving switches the link, not our files.
        self.dist = served_folder(dist)
        self._base_version = require_build(self.dist).version
        self.mode = choose_store_mode(self.dist, mode, writable=writable)
        self.max_result_bytes = max_result_bytes  # of one serialized answer (None: no byte cap)
        log.info("query workers read the dataset %s", "from the on-disk store" if self.mode == "disk"
                 else "into memory")
        self.pool = WorkerPool(self.dist / NQUADS, workers, start_method=start_method,
                               max_waiting=max_waiting, memory_mb=memory_mb,
                               answer_budget=answer_budget,
                               store_path=self.dist / STORE_DIR if self.mode == "disk" else None)

    @property
    def version(self) -> str:
        n = self.pool.writes
        return self._base_version if n == 0 else f"{self._base_version[:40]}+w{n}"

    def start(self, wait: float | None = 60.0) -> None:
        """Start the workers now and wait until one has loaded the data (fails loudly at startup)."""
        self.pool.start(wait=wait)

    def query(self, sparql: str, *, result_format: str = "json", graph_format: str = "turtle",
              default_graph_uris: Sequence[str] | None = None,
              named_graph_uris: Sequence[str] | None = None, base_iri: str | None = None,
              timeout: float = 10.0, max_rows: int = 10_000) -> QueryResult:
        protocol_dataset = bool(default_graph_uris) or bool(named_graph_uris)
        job = Query(sparql, result_format, graph_format,
                    tuple(default_graph_uris or ()) if protocol_dataset else None,
                    tuple(named_graph_uris or ()) if protocol_dataset else None,
                    base_iri, max_rows, self.max_result_bytes)
        answer = self.pool.run(job, timeout)
        return QueryResult(answer.kind, answer.fmt or "", answer.body, answer.rows, answer.flag)

    def update(self, sparql: str, *, base_iri: str | None = None, timeout: float = 10.0) -> None:
        self.pool.write(Update(sparql, base_iri), timeout)

    def read_graph(self, graph: str | None, fmt: str, *, timeout: float = 10.0) -> bytes | None:
        answer = self.pool.run(ReadGraph(graph, fmt, self.max_result_bytes), timeout)
        return answer.body if answer.flag else None

    def write_graph(self, graph: str | None, ntriples: bytes, *, replace: bool,
                    timeout: float = 10.0) -> bool:
        return bool(self.pool.write(WriteGraph(graph, ntriples, replace), timeout).flag)

    def delete_graph(self, graph: str | None, *, timeout: float = 10.0) -> bool:
        return bool(self.pool.write(DeleteGraph(graph), timeout).flag)

    def close(self) -> None:
        self.pool.close()
