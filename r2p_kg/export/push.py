"""Atomic, verified replacement of a named graph in a remote SPARQL 1.1 store.

A push never exposes a half-loaded graph: the triples go into a temporary graph first (Graph Store
HTTP Protocol PUT/POST when ``--store`` is given, SPARQL 1.1 Update ``INSERT DATA`` in chunks
otherwise); the temporary graph is verified against the local one (total triples and triples per
predicate, by query); only then does one ``MOVE`` (or ``DROP`` + ``ADD`` where a store lacks MOVE)
swap it into the target, which is verified again. A push that fails before the swap leaves the target
graph exactly as it was, and the temporary graph is dropped (or, when the store died, dropped by the
next push: its IRI is fixed per target).

Credentials and retries are :mod:`r2p_kg.export.client`'s, shared with the protocol modules;
:class:`GraphStats` is what verification compares. The secret is never logged nor put into messages.
"""

from __future__ import annotations

import hashlib
import logging
import time
from collections import Counter
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

import pyoxigraph as ox

from ..errors import (
    ConfigError,
    CredentialsRefused,
    PushError,
    StoreUnreachable,
    VerificationFailed,
)
from ..rdfbytes import serialize
from .client import PASSWORD_ENV, Auth, Retry, redact

__all__ = ["PASSWORD_ENV", "Auth", "GraphStats", "Retry", "push", "redact", "remote_stats", "temp_graph"]

if TYPE_CHECKING:
    from .update import SparqlClient

log = logging.getLogger(__name__)

SwapMethod = Literal["auto", "move", "drop-add"]
Progress = Callable[[str, int, int], None]  # (stage, done, total): "load", "verify", "swap", "done"

TEMP_GRAPH_PREFIX = "urn:r2p-kg:push-tmp:"


def temp_graph(target: str) -> str:
    """The temporary graph of pushes to ``target``: fixed, so a crashed push's leftovers get dropped."""
    return TEMP_GRAPH_PREFIX + hashlib.sha256(target.encode("utf-8")).hexdigest()[:24]


@dataclass(frozen=True)
class GraphStats:
    """What verification compares: the number of triples, in total and per predicate."""

    triples: int
    by_predicate: dict[str, int]

    @classmethod
    def of(cls, triples: Sequence[ox.Triple]) -> GraphStats:
        unique = set(triples)
        return cls(len(unique), dict(Counter(t.predicate.value for t in unique)))

    def differences(self, remote: GraphStats) -> list[str]:
        """Readable differences between the store's graph and the local one; empty when equal."""
        diffs = [] if self.triples == remote.triples else [
            f"{remote.triples} triples in the store, {self.triples} local"]
        for p in sorted(set(self.by_predicate) | set(remote.by_predicate)):
            here, there = self.by_predicate.get(p, 0), remote.by_predicate.get(p, 0)
            if here != there:
                diffs.append(f"<{p}>: {there} in the store, {here} local")
        return diffs


def ntriples_lines(triples: Sequence[ox.Triple]) -> list[bytes]:
    """One N-Triples line per triple (also valid SPARQL INSERT DATA content), sorted."""
    data = serialize(triples, ox.RdfFormat.N_TRIPLES)
    return sorted(set(line for line in data.split(b"\n") if line))


def bnodes_first(lines: Sequence[bytes]) -> tuple[list[bytes], int]:
    """The lines with every blank-node line first, and how many those are.

    A blank node label is scoped to one request, so all its triples must travel in the first chunk.
    """
    with_bnodes = [ln for ln in lines if b"_:" in ln and _has_bnode(ln)]
    if not with_bnodes:
        return list(lines), 0
    chosen = set(with_bnodes)
    return with_bnodes + [ln for ln in lines if ln not in chosen], len(with_bnodes)


def next_chunk(lines: Sequence[bytes], start: int, max_triples: int, max_bytes: int,
               keep_together: int = 0) -> int:
    """End index of the chunk from ``start``: at most ``max_triples`` lines and about ``max_bytes``
    bytes, but never fewer than the first ``keep_together`` lines (the blank-node lines)."""
    end, size = start, 0
    while end < len(lines) and end - start < max_triples:
        if end > start and end >= keep_together and size + len(lines[end]) > max_bytes:
            break
        size += len(lines[end]) + 1
        end += 1
    if end < keep_together:
        raise PushError(f"{keep_together} triples with blank nodes do not fit in one request of "
                        f"{max_triples} triples; raise --chunk")
    return end


def _has_bnode(line: bytes) -> bool:
    triple = next(iter(ox.parse(line + b"\n", format=ox.RdfFormat.N_TRIPLES)))
    return isinstance(triple.subject, ox.BlankNode) or isinstance(triple.object, ox.BlankNode)


def load_in_chunks(lines: Sequence[bytes], send: Callable[[list[bytes], bool], None], *, what: str,
                   max_triples: int, max_bytes: int, progress: Progress, min_triples: int = 16,
                   shrink_on: Collection[int] | None = None) -> int:
    """Send ``lines`` in chunks (``send(chunk, first)``); returns the number of requests.

    A chunk the store rejects (with a status in ``shrink_on``; any but a refusal of credentials when
    None) is halved and sent again, and
    the smaller size is kept: stores limit requests differently (Virtuoso's SPARQL parser runs out of
    memory on large INSERT DATA), and re-sending triples into the temporary graph is harmless.
    """
    ordered, together = bnodes_first(lines)
    start, requests, limit = 0, 0, max_triples
    while start < len(ordered):
        end = next_chunk(ordered, start, limit, max_bytes, together)
        try:
            send(ordered[start:end], start == 0)
        except CredentialsRefused:
            raise
        except PushError as exc:
            if (exc.status is None or (shrink_on is not None and exc.status not in shrink_on)
                    or end - start <= min_triples or (start == 0 and together)):
                raise
            limit = max((end - start) // 2, min_triples)
            log.warning("%s: the store rejected %d triples in one request (%s); trying %d",
                        what, end - start, exc.message[:200], limit)
            continue
        requests += 1
        start = end
        progress("load", start, len(ordered))
    return requests


@dataclass(frozen=True)
class PushResult:
    graph: str
    triples: int
    protocol: str
    requests: int
    swap: str
    seconds: float


def push(triples: Sequence[ox.Triple], graph: str, *, endpoint: str, update_endpoint: str | None = None,
         store: str | None = None, auth: Auth | None = None, chunk: int = 1000,
         chunk_bytes: int = 1 << 20, gsp_chunk: int = 100_000, gsp_chunk_bytes: int = 32 << 20,
         swap: SwapMethod = "auto", retry: Retry = Retry(),
         timeout: float = 120.0, progress: Progress | None = None) -> PushResult:
    """Replace the named graph ``graph`` in the store with ``triples``, atomically, then verify it."""
    from .gsp import GraphStore
    from .update import SparqlClient

    start = time.perf_counter()
    try:
        graph = ox.NamedNode(graph).value
    except ValueError as exc:
        raise ConfigError(f"not an absolute IRI: {graph!r}", where="--graph") from exc
    if not triples:
        raise PushError("nothing to push: the graph is empty")
    if chunk < 1:
        raise ConfigError("the chunk size must be at least 1 triple", where="--chunk")
    report: Progress = progress or (lambda stage, done, total: None)
    local = GraphStats.of(triples)
    lines = ntriples_lines(triples)
    tmp = temp_graph(graph)
    sparql = SparqlClient(endpoint, update_endpoint, auth=auth, timeout=timeout, retry=retry)
    log.info("pushing %d triples into <%s> at %s via %s", local.triples, graph, redact(endpoint),
             "Graph Store protocol" if store else "SPARQL Update")

    # The first request also checks reachability and credentials before anything is written.
    sparql.update(f"DROP SILENT GRAPH <{tmp}>")
    try:
        if store:
            gsp = GraphStore(store, auth=auth, timeout=timeout, retry=retry)
            requests = load_in_chunks(lines, lambda part, first: gsp.send(tmp, part, replace=first),
                                      what="Graph Store upload", max_triples=gsp_chunk,
                                      max_bytes=gsp_chunk_bytes, progress=report, shrink_on=(413,))
        else:
            requests = load_in_chunks(lines, lambda part, first: sparql.insert_data(tmp, part),
                                      what="INSERT DATA", max_triples=chunk, max_bytes=chunk_bytes,
                                      progress=report)
        report("verify", 0, 1)
        differences = local.differences(remote_stats(sparql, tmp))
        if differences:
            raise VerificationFailed("the loaded graph differs from the local one, target left as it was: "
                                     + "; ".join(differences[:10]), where=f"<{graph}>")
    except BaseException:
        _drop_quietly(sparql, tmp)
        raise

    report("swap", 0, 1)
    used = _swap(sparql, tmp, graph, swap, local)
    report("verify", 0, 1)
    differences = local.differences(remote_stats(sparql, graph))
    if differences:
        raise VerificationFailed("the graph in the store differs from the local one after the swap: "
                                 + "; ".join(differences[:10]), where=f"<{graph}>")
    _drop_quietly(sparql, tmp)  # MOVE removed it already; DROP + ADD did not
    report("done", local.triples, local.triples)
    seconds = time.perf_counter() - start
    log.info("pushed %d triples into <%s> (%s, %d requests, %s) in %.2fs", local.triples, graph,
             "gsp" if store else "update", requests, used, seconds)
    return PushResult(graph, local.triples, "gsp" if store else "update", requests, used, seconds)


def _swap(sparql: SparqlClient, tmp: str, graph: str, method: SwapMethod, local: GraphStats) -> str:
    """MOVE the temporary graph onto the target (one request; DROP + ADD where MOVE is missing)."""
    drop_add = f"DROP SILENT GRAPH <{graph}> ;\nADD <{tmp}> TO <{graph}> ;\nDROP SILENT GRAPH <{tmp}>"
    if method in ("auto", "move"):
        try:
            sparql.update(f"MOVE <{tmp}> TO <{graph}>", retry=False)
            return "move"
        except StoreUnreachable:
            # The answer was lost: the MOVE may or may not have happened. Look before acting again.
            if not local.differences(remote_stats(sparql, graph)):
                return "move"
            raise
        except PushError as exc:
            if method == "move" or exc.status not in (400, 405, 500, 501):
                raise
            log.warning("MOVE refused (%s); falling back to DROP + ADD", exc.message)
    sparql.update(drop_add, retry=False)
    return "drop-add"


def _drop_quietly(sparql: SparqlClient, tmp: str) -> None:
    try:
        sparql.update(f"DROP SILENT GRAPH <{tmp}>", retry=False)
    except PushError as exc:
        log.warning("could not drop the temporary graph <%s> (the next push drops it): %s", tmp, exc)


def remote_stats(sparql: SparqlClient, graph: str, page: int = 1000) -> GraphStats:
    """Triples in total and per predicate, by query; pages through results a store truncates.

    Virtuoso cuts every SELECT result at ``ResultSetMaxRows`` rows without saying so; the number of
    predicates is asked for first (one row, never cut), so a short answer is detected and paged.
    """
    head = sparql.select(f"SELECT (COUNT(*) AS ?triples) (COUNT(DISTINCT ?p) AS ?predicates) "
                         f"WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}")
    total, predicates = int(head[0]["triples"]), int(head[0]["predicates"])
    by_predicate: dict[str, int] = {}
    while len(by_predicate) < predicates:
        rows = sparql.select(f"SELECT ?p (COUNT(*) AS ?n) WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }} "
                             f"GROUP BY ?p ORDER BY ?p LIMIT {page} OFFSET {len(by_predicate)}")
        if len(rows) < page and len(by_predicate) + len(rows) < predicates:
            log.warning("the store cut a result at %d rows (Virtuoso's ResultSetMaxRows?); paging",
                        len(rows))
            page = max(len(rows), 1)
        known = len(by_predicate)
        by_predicate.update((row["p"], int(row["n"])) for row in rows)
        if len(by_predicate) == known:  # nothing new: an empty or unstable page
            raise VerificationFailed(f"the store listed {known} of {predicates} predicates",
                                     where=f"<{graph}>")
    return GraphStats(total, by_predicate)
