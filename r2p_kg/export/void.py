"""The VoID + DCAT description of the dumps (``void.ttl``), by the one VoID generator of
:mod:`r2p_kg.dist` (the endpoint's ``/.well-known/void`` says the same things).

IRIs (minted by :mod:`r2p_kg.dist`; the dataset and its distributions are not part of the graph):
``{base}dataset`` the dataset, ``{base}dataset/distribution/{file}`` each file, ``...#sha256`` its
checksum; the files themselves are downloaded from ``{download base}{file}`` (``{base}dumps/`` unless
told otherwise).
"""

from __future__ import annotations

from collections.abc import Mapping

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
    dataset_iri,
    distribution_iri,
    void_turtle,
)
from ..stats import dataset_statistics
from .dataset import BuiltDataset

__all__ = ["DCAT", "DUMPS", "IANA", "SPDX", "TITLE", "VOID", "VOID_PREFIXES", "Dump", "dataset_iri",
           "distribution_iri", "void_ttl"]


def void_ttl(dataset: BuiltDataset, sums: Mapping[str, str], sizes: Mapping[str, int],
             download_base: str) -> bytes:
    """void.ttl of the dumps, byte-identical per build (the build's own when the base is the same)."""
    manifest = dataset.manifest_of
    statistics = manifest.statistics
    if statistics is None:  # a build from before the build counted them: count its files now
        statistics = dataset_statistics(dataset.folder / NTRIPLES, dataset.folder / NQUADS, dataset.base)
    files = {name: {"sha256": sums[name], "bytes": sizes[name]} for name in sums if name in sizes}
    return void_turtle(base=dataset.base, version=dataset.version, statistics=statistics, files=files,
                       reports=manifest.reports, download_base=download_base)
