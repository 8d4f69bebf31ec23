"""The built dataset -> a folder of dumps: every common RDF format, a VoID/DCAT description, checksums.

Layout of ``r2p-kg export --out DIR`` (byte-identical for the same build):

``r2p.nt`` ``r2p.nt.gz``   N-Triples of the union of all graphs (gzip without a timestamp)
``r2p.nq`` ``r2p.trig``    N-Quads and TriG, one named graph per report (and one for the ontology)
``r2p.ttl`` ``r2p.jsonld`` ``r2p.rdf``   Turtle, JSON-LD and RDF/XML of the union
``void.ttl``               VoID + DCAT: the dataset, each file as a distribution (media type, size,
                           SHA-256, licence), the report as its source
``SHA256SUMS``             checksums of all the files above, in ``sha256sum -c`` format

The folder is written like a build (see :mod:`r2p_kg.build`): into a fresh folder beside ``DIR``, then
``DIR`` — a symbolic link — is switched to it with one rename, so a failure leaves the previous dumps.
"""

from __future__ import annotations

import hashlib
import logging
import time
from dataclasses import dataclass
from pathlib import Path

from ..build import serialize, write_atomically
from ..errors import ExportError
from .dataset import BuiltDataset, read_built
from .void import DUMPS, void_ttl

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class ExportResult:
    out: Path
    version: str
    files: dict[str, str]  # file name -> sha256
    seconds: float


def write_dumps(dataset: BuiltDataset, folder: Path, download_base: str | None = None) -> dict[str, str]:
    """Write every dump, void.ttl and SHA256SUMS into ``folder``; returns {file name: sha256}."""
    sums = serialize(dataset.quads, folder)  # every format, as the build writes them
    missing = {d.file for d in DUMPS} - set(sums)
    if missing:
        raise ExportError(f"no serializer wrote {sorted(missing)}", where=str(folder))
    sizes = {name: (folder / name).stat().st_size for name in sums}
    base = download_base or dataset.base + "dumps/"
    void = void_ttl(dataset, sums, sizes, base)
    (folder / "void.ttl").write_bytes(void)
    sums["void.ttl"] = hashlib.sha256(void).hexdigest()
    (folder / "SHA256SUMS").write_text("".join(f"{h}  {n}\n" for n, h in sorted(sums.items())),
                                       encoding="ascii")
    return sums


def export(dist: str | Path, out: str | Path, download_base: str | None = None) -> ExportResult:
    """Write the dumps of the dataset built in ``dist`` into ``out``, atomically."""
    start = time.perf_counter()
    dataset = read_built(dist)
    out = Path(out).absolute()
    if out.resolve() == Path(dist).resolve():
        raise ExportError("the dumps folder must not be the build folder", where="--out")
    sums = write_atomically(out, out.parent / f".{out.name}-exports", "export-",
                            lambda folder: write_dumps(dataset, folder, download_base))
    seconds = time.perf_counter() - start
    log.info("exported %s: %d files, version %s, %.2fs", out, len(sums), dataset.version[:12], seconds)
    return ExportResult(out, dataset.version, sums, seconds)

