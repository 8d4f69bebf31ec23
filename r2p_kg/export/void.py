"""The VoID + DCAT description of the dumps (``void.ttl``), by the one VoID generator of
:mod:`r2p_kg.dist` (the endpoint's ``/.well-known/void`` says the same things).

IRIs (minted by :mod:`r2p_kg.dist`; the dataset and its distributions are not part of the graph):
``{base}dataset`` the dataset, ``{base}dataset/distribution/{file}`` each file, ``...#sha256`` its
checksum; the files themselves are downloaded from ``{download base}{file}`` (``{base}dumps/`` unless
told otherwise).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ..dist import (
    DCAT,
    DUMPS,
    IANA,
    NQUADS,
    NTRIPLES,
    SPDX,
    TITLE,
    VOID,
    VOID_PREFIXES,
    Dump,
    Manifest,
    dataset_iri,
    distribution_iri,
    void_turtle,
)
from ..stats import dataset_statistics

__all__ = ["DCAT", "DUMPS", "IANA", "SPDX", "TITLE", "VOID", "VOID_PREFIXES", "Dump", "dataset_iri",
           "distribution_iri", "void_ttl"]


def void_ttl(manifest: Manifest, files: Mapping[str, Mapping[str, Any]], download_base: str) -> bytes:
    """void.ttl of the dumps ``files`` ({name: {"sha256", "bytes"}}) of the build of ``manifest``,
    byte-identical per build (the build's own when the download base is the same)."""
    statistics = manifest.statistics
    if statistics is None:  # a build from before the build counted them: count its files now
        statistics = dataset_statistics(manifest.folder / NTRIPLES, manifest.folder / NQUADS, manifest.base)
    return void_turtle(base=manifest.base, version=manifest.version, statistics=statistics, files=files,
                       reports=manifest.reports, download_base=download_base)
