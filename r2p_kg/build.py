"""Source texts -> the built dataset in ``dist/``, deterministic and atomic.

Output folder layout (all files byte-identical for the same input):

``r2p.nq``        N-Quads, sorted: the canonical file the server and exports load
``r2p.nt``        N-Triples of the union of all graphs, sorted and de-duplicated
``r2p.ttl``       Turtle of the union; ``r2p.trig`` TriG with the named graphs; ``r2p.jsonld`` JSON-LD
``build.json``    dataset version (SHA-256 of r2p.nq), base IRI, counts per report
``SHA256SUMS``    checksums of the files above, in ``sha256sum -c`` format

Atomicity: each build is written into a fresh folder beside the output, then the output path — a
symbolic link — is switched to it with one ``rename``. A failing or killed build never touches the
previous output.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import shutil
import tempfile
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from .config import ONTOLOGY_FILE
from .errors import BuildError
from .graph import PREFIXES, ReportMeta, load_report_meta, report_quads
from .iris import Iris
from .report import Report, read_report

log = logging.getLogger(__name__)

OUTPUT_FILES = ("r2p.nq", "r2p.nt", "r2p.ttl", "r2p.trig", "r2p.jsonld")
KEEP_BUILDS = 2  # the current build and the one before it


@dataclass(frozen=True)
class BuildResult:
    out: Path
    version: str
    quads: int
    reports: tuple[Report, ...]
    seconds: float


def _sorted_lines(data: bytes) -> list[bytes]:
    return sorted(set(line for line in data.split(b"\n") if line))


def collect_quads(reports: Sequence[Report], iris: Iris,
                  metas: Sequence[ReportMeta | None]) -> list[ox.Quad]:
    """All quads of the dataset: each report's graph, plus the ontology's graph when present."""
    quads: list[ox.Quad] = []
    for report, meta in zip(reports, metas):
        quads.extend(report_quads(report, iris, meta))
    if ONTOLOGY_FILE.exists():
        g = ox.NamedNode(iris.base + "graph/ontology")
        for t in ox.parse(path=str(ONTOLOGY_FILE), format=ox.RdfFormat.TURTLE):
            quads.append(ox.Quad(t.subject, t.predicate, t.object, g))
    return quads


def serialize(quads: Iterable[ox.Quad], folder: Path) -> dict[str, str]:
    """Write every output format into ``folder``; returns {file name: sha256}."""
    nq_lines = _sorted_lines(ox.serialize(quads, format=ox.RdfFormat.N_QUADS))
    nq = b"\n".join(nq_lines) + b"\n"
    # Canonical order for the other writers: parse back the sorted N-Quads.
    ordered = list(ox.parse(nq, format=ox.RdfFormat.N_QUADS))
    triples = [ox.Triple(q.subject, q.predicate, q.object) for q in ordered]
    nt_lines = _sorted_lines(ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES))
    nt = b"\n".join(nt_lines) + b"\n"
    unique_triples = list(ox.parse(nt, format=ox.RdfFormat.N_TRIPLES))
    outputs = {
        "r2p.nq": nq,
        "r2p.nt": nt,
        "r2p.ttl": ox.serialize(unique_triples, format=ox.RdfFormat.TURTLE, prefixes=PREFIXES),
        "r2p.trig": ox.serialize(ordered, format=ox.RdfFormat.TRIG, prefixes=PREFIXES),
        "r2p.jsonld": ox.serialize(ordered, format=ox.RdfFormat.JSON_LD, prefixes=PREFIXES),
    }
    sums = {}
    for name, data in outputs.items():
        (folder / name).write_bytes(data)
        sums[name] = hashlib.sha256(data).hexdigest()
    return sums


def _switch(out: Path, new_build: Path) -> None:
    """Point ``out`` at ``new_build`` in one atomic rename."""
    if out.exists() and not out.is_symlink():
        # An output folder from elsewhere (or an older layout): keep it as a build, then link.
        legacy = new_build.parent / f"previous-{int(time.time())}"
        os.rename(out, legacy)
    link_tmp = out.parent / f".{out.name}.link-{os.getpid()}"
    if link_tmp.is_symlink() or link_tmp.exists():
        link_tmp.unlink()
    os.symlink(os.path.relpath(new_build, out.parent), link_tmp)
    os.replace(link_tmp, out)


def _prune(builds_dir: Path, current: Path) -> None:
    builds = sorted((p for p in builds_dir.iterdir() if p.is_dir()), key=lambda p: p.stat().st_mtime)
    for old in builds[:-KEEP_BUILDS]:
        if old != current:
            shutil.rmtree(old, ignore_errors=True)


def build(sources: Sequence[str | Path], out: str | Path, base: str | None = None) -> BuildResult:
    """Parse, convert and write the dataset for ``sources`` into ``out``, atomically."""
    start = time.perf_counter()
    iris = Iris(base) if base else Iris()
    paths = [Path(s) for s in sources]
    if not paths:
        raise BuildError("no source texts given")
    for p in paths:
        if not p.is_file():
            raise BuildError(f"source text not found: {p}")
    meta = load_report_meta()
    reports = tuple(read_report(p, meta[p.name].slug if p.name in meta else None) for p in paths)
    slugs = [r.slug for r in reports]
    if len(set(slugs)) != len(slugs):
        raise BuildError(f"two sources have the same report slug: {sorted(slugs)}")
    quads = collect_quads(reports, iris, [meta.get(p.name) for p in paths])

    out = Path(out).absolute()
    builds_dir = out.parent / f".{out.name}-builds"
    builds_dir.mkdir(parents=True, exist_ok=True)
    folder = Path(tempfile.mkdtemp(prefix="build-", dir=builds_dir))
    try:
        sums = serialize(quads, folder)
        version = sums["r2p.nq"]
        manifest = {
            "version": version,
            "base": iris.base,
            "quads": len(set(quads)),
            "reports": [
                {"slug": r.slug, "source": r.source, "paragraphs": len(r.paragraphs),
                 "footnotes": len(r.footnotes), "links": len(r.links), "pages": r.pages}
                for r in reports
            ],
            "files": {name: {"sha256": h, "bytes": (folder / name).stat().st_size}
                      for name, h in sorted(sums.items())},
        }
        (folder / "build.json").write_text(json.dumps(manifest, indent=2, ensure_ascii=False) + "\n",
                                           encoding="utf-8")
        sums["build.json"] = hashlib.sha256((folder / "build.json").read_bytes()).hexdigest()
        (folder / "SHA256SUMS").write_text("".join(f"{h}  {n}\n" for n, h in sorted(sums.items())),
                                           encoding="ascii")
        for f in folder.iterdir():
            with f.open("rb") as fh:
                os.fsync(fh.fileno())
        os.chmod(folder, 0o755)
        _switch(out, folder)
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise
    _prune(builds_dir, folder)
    seconds = time.perf_counter() - start
    log.info("built %s: %d quads, version %s, %.2fs", out, manifest["quads"], version[:12], seconds)
    return BuildResult(out, version, manifest["quads"], reports, seconds)
