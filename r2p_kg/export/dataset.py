"""The built dataset (``dist/``) as the exporters read it: sorted N-Quads plus the build manifest."""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from ..errors import ConfigError

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class BuiltDataset:
    folder: Path
    manifest: dict
    quads: tuple[ox.Quad, ...]

    @property
    def version(self) -> str:
        return str(self.manifest["version"])

    @property
    def base(self) -> str:
        return str(self.manifest["base"])

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
    nq, manifest = folder / "r2p.nq", folder / "build.json"
    if not (nq.is_file() and manifest.is_file()):
        raise ConfigError(f"no built dataset in {folder}: run 'r2p-kg build' first", where="--dist")
    quads = tuple(ox.parse(path=str(nq), format=ox.RdfFormat.N_QUADS))
    log.debug("read %d quads from %s", len(quads), nq)
    return BuiltDataset(folder, json.loads(manifest.read_text(encoding="utf-8")), quads)
