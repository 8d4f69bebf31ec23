"""The built dataset -> a folder of dumps: every common RDF format, a VoID/DCAT description, checksums.

Layout of ``r2p-kg export --out DIR`` (byte-identical for the same build):

``r2p.nt`` ``r2p.nt.gz``   N-Triples of the union of all graphs (gzip without a timestamp)
``r2p.nq`` ``r2p.trig``    N-Quads and TriG, one named graph per report (and one for the ontology)
``r2p.ttl`` ``r2p.jsonld`` ``r2p.rdf``   Turtle, JSON-LD and RDF/XML of the union
``void.ttl``               VoID + DCAT: the dataset, each file as a distribution (media type, size,
                           SHA-256, licence), the report as its source
``SHA256SUMS``             checksums of all the files above, in ``sha256sum -c`` format

The build already wrote every dump (:mod:`r2p_kg.build`, layout in :mod:`r2p_kg.dist`), so the export
copies them, each checked against the checksum ``build.json`` lists for it: nothing is parsed or
serialized again. ``void.ttl`` is the build's too, unless the dumps are downloaded from elsewhere
(``--download-base``): then the one VoID generator describes them at their new address.

The folder is written like a build: into a fresh folder beside ``DIR``, then ``DIR`` — a symbolic
link — is switched to it with one rename, so a failure leaves the previous dumps.
"""

from __future__ import annotations

import hashlib
import logging
import time
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..build import pin_build, write_atomically
from ..dist import DUMPS, SUMS, VOID_FILE, Manifest, require_build
from ..dist import download_base as build_download_base
from ..errors import ExportError
from .void import void_ttl

log = logging.getLogger(__name__)

COPY_BUFFER = 1 << 20


@dataclass(frozen=True)
class ExportResult:
    out: Path
    version: str
    files: dict[str, str]  # file name -> sha256
    seconds: float


def copy_checked(manifest: Manifest, name: str, folder: Path) -> str:
    """Copy the build's file ``name`` into ``folder``, hashing what is written; returns its SHA-256.

    A file the build lacks, or whose checksum is not the one ``build.json`` lists (when it lists
    one), is an ExportError naming it."""
    source = manifest.folder / name
    digest = hashlib.sha256()
    try:
        with source.open("rb") as src, (folder / name).open("wb") as dest:
            while chunk := src.read(COPY_BUFFER):
                digest.update(chunk)
                dest.write(chunk)
    except FileNotFoundError:
        raise ExportError(f"the build has no {name}: rebuild with 'r2p-kg build'", where=str(source)) from None
    sha256 = digest.hexdigest()
    listed = manifest.files.get(name, {}).get("sha256")
    if listed is not None and listed != sha256:
        raise ExportError(f"{name} was altered since the build: its SHA-256 is {sha256}, build.json lists "
                          f"{listed}; rebuild with 'r2p-kg build'", where=str(source))
    return sha256


def write_dumps(manifest: Manifest, folder: Path, download_base: str | None = None) -> dict[str, str]:
    """Every dump (copied from the build), void.ttl and SHA256SUMS into ``folder``; returns
    {file name: sha256}."""
    sums = {dump.file: copy_checked(manifest, dump.file, folder) for dump in DUMPS}
    own = build_download_base(manifest.base)
    if (download_base or own) == own and (manifest.folder / VOID_FILE).is_file():
        sums[VOID_FILE] = copy_checked(manifest, VOID_FILE, folder)
    else:  # downloaded from elsewhere (or a build without one): described anew, by the same generator
        files: Mapping[str, Mapping[str, Any]] = {
            name: {"sha256": h, "bytes": (folder / name).stat().st_size} for name, h in sums.items()}
        void = void_ttl(manifest, files, download_base or own)
        (folder / VOID_FILE).write_bytes(void)
        sums[VOID_FILE] = hashlib.sha256(void).hexdigest()
    (folder / SUMS).write_text("".join(f"{h}  {n}\n" for n, h in sorted(sums.items())), encoding="ascii")
    return sums


def export(dist: str | Path, out: str | Path, download_base: str | None = None) -> ExportResult:
    """Write the dumps of the dataset built in ``dist`` into ``out``, atomically."""
    start = time.perf_counter()
    require_build(dist)  # a missing build is a ConfigError that says to build first
    out = Path(out).absolute()
    if out.resolve() == Path(dist).resolve():
        raise ExportError("the dumps folder must not be the build folder", where="--out")
    with pin_build(dist) as pin:  # the build folder the link names now, kept from pruning meanwhile
        manifest = require_build(pin.folder)
        sums = write_atomically(out, out.parent / f".{out.name}-exports", "export-",
                                lambda folder: write_dumps(manifest, folder, download_base))
    seconds = time.perf_counter() - start
    log.info("exported %s: %d files, version %s, %.2fs", out, len(sums), manifest.version[:12], seconds)
    return ExportResult(out, manifest.version, sums, seconds)
