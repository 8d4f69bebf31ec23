"""The built dataset (``dist/``) as the exporters read it: sorted N-Quads plus the build manifest."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from ..dist import NQUADS, Manifest, require_build

log = logging.getLogger(__name__)


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

    def triples(self, graph: str | None = None) -> list[ox.Triple]:
        """The de-duplicated triples of one named graph, or of the union of all graphs, in sorted order."""
        seen: dict[ox.Triple, None] = {}
        for q in self.quads:
            if graph is None or (isinstance(q.graph_name, ox.NamedNode) and q.graph_name.value == graph):
                seen.setdefault(ox.Triple(q.subject, q.predicate, q.object), None)
        return list(seen)

    def graph_names(self) -> list[str]:
        return sorted({q.graph_name.value for q in self.quads if isinstance(q.graph_name, ox.NamedNode)})


def read_built(folder: str | Path) -> BuiltDataset:
    """Read ``r2p.nq`` and ``build.json`` from a build folder; a missing build is a ConfigError."""
    folder = Path(folder)
    manifest = require_build(folder)
    quads = tuple(ox.parse(path=str(folder / NQUADS), format=ox.RdfFormat.N_QUADS))
    log.debug("read %d quads from %s", len(quads), folder / NQUADS)
    return BuiltDataset(folder, dict(manifest.data), quads)
