"""The built dataset (``dist/``) as the exporters read it: sorted N-Quads plus the build manifest.

:class:`BuiltDataset` holds every quad (one push of the whole union, the tests' expectations);
:func:`each_graph` streams the named graphs one at a time for ``push --each-graph``, holding one
graph in memory, whatever the number of reports.
"""

from __future__ import annotations

import logging
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

import pyoxigraph as ox

from ..dist import NQUADS, Manifest, require_build, served_folder

log = logging.getLogger(__name__)

SPILL_BYTES = 32 << 20  # N-Triples lines buffered across graphs before they are appended to their files


@dataclass(frozen=True)
class BuiltDataset:
    folder: Path
    manifest: dict
    quads: tuple[ox.Quad, ...]

    @property
    def manifest_of(self) -> Manifest:
        """The manifest read through :class:`r2p_kg.dist.Manifest`."""
        return Manifest(self.folder, self.manifest)

    @property
    def version(self) -> str:
        return str(self.manifest["version"])

    @property
    def base(self) -> str:
        return self.manifest_of.base

    @cached_property
    def _by_graph(self) -> dict[str, list[ox.Triple]]:
        """Each named graph's triples, grouped in one pass (quads are unique, so are they per graph)."""
        graphs: dict[str, list[ox.Triple]] = {}
        for q in self.quads:
            if isinstance(q.graph_name, ox.NamedNode):
                graphs.setdefault(q.graph_name.value, []).append(q.triple)
        return graphs

    def triples(self, graph: str | None = None) -> list[ox.Triple]:
        """The de-duplicated triples of one named graph, or of the union of all graphs, in sorted order."""
        if graph is not None:
            return list(dict.fromkeys(self._by_graph.get(graph, ())))
        return list(dict.fromkeys(q.triple for q in self.quads))

    def graph_names(self) -> list[str]:
        return sorted(self._by_graph)


def read_built(folder: str | Path) -> BuiltDataset:
    """Read ``r2p.nq`` and ``build.json`` from a build folder; a missing build is a ConfigError."""
    folder = Path(folder)
    manifest = require_build(folder)
    quads = tuple(ox.parse(path=str(folder / NQUADS), format=ox.RdfFormat.N_QUADS))
    log.debug("read %d quads from %s", len(quads), folder / NQUADS)
    return BuiltDataset(folder, dict(manifest.data), quads)


def each_graph(folder: str | Path, *, scratch: str | Path | None = None,
               spill_bytes: int = SPILL_BYTES) -> Iterator[tuple[str, list[ox.Triple]]]:
    """(graph IRI, its triples) of each named graph of the build in ``folder``, in IRI order, one
    graph in memory at a time.

    ``r2p.nq`` is sorted by subject, so a graph's quads are spread over the whole file: one pass
    appends each quad's triple to its graph's file in a temporary folder (in ``scratch``, else the
    system's), then each file is read back as it is asked for. The folder is removed when the
    iteration ends or is abandoned. A missing build is a ConfigError."""
    folder = served_folder(folder)
    require_build(folder)
    with tempfile.TemporaryDirectory(prefix="r2p-graphs-", dir=scratch) as tmp:
        files: dict[str, Path] = {}
        pending: dict[str, list[str]] = {}
        buffered = 0

        def flush() -> None:
            for graph, lines in pending.items():
                with files[graph].open("a", encoding="utf-8") as out:
                    out.writelines(lines)
            pending.clear()

        for q in ox.parse(path=str(folder / NQUADS), format=ox.RdfFormat.N_QUADS):
            if not isinstance(q.graph_name, ox.NamedNode):
                continue
            graph = q.graph_name.value
            if graph not in files:
                files[graph] = Path(tmp) / f"{len(files)}.nt"
            line = f"{q.triple} .\n"
            pending.setdefault(graph, []).append(line)
            buffered += len(line)
            if buffered >= spill_bytes:
                flush()
                buffered = 0
        flush()
        log.debug("split %s into %d named graphs", folder / NQUADS, len(files))
        for graph in sorted(files):
            quads = ox.parse(path=str(files[graph]), format=ox.RdfFormat.N_TRIPLES)
            triples = [q.triple for q in quads]
            files[graph].unlink()
            yield graph, triples
