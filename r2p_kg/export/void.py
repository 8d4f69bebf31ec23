"""The VoID + DCAT description of the dumps (``void.ttl``), by the one VoID generator of
:mod:`r2p_kg.dist` (the endpoint's ``/.well-known/void`` says the same things).

IRIs minted here (the dataset and its distributions are not part of the graph itself):
``{base}dataset`` the dataset, ``{base}dataset/distribution/{file}`` each file, ``...#sha256`` its
checksum; the files themselves are downloaded from ``{download base}{file}`` (``{base}dumps/`` unless
told otherwise).
"""

from __future__ import annotations

from collections.abc import Mapping

import pyoxigraph as ox

from ..dist import DCAT, DUMPS, IANA, NQUADS, NTRIPLES, SPDX, TITLE, VOID, Dump, void_triples
from ..graph import PREFIXES
from ..stats import dataset_statistics
from .dataset import BuiltDataset

__all__ = ["DCAT", "DUMPS", "IANA", "SPDX", "TITLE", "VOID", "VOID_PREFIXES", "Dump", "dataset_iri",
           "distribution_iri", "void_quads"]

VOID_PREFIXES = {**PREFIXES, "void": VOID, "dcat": DCAT, "spdx": SPDX}


def dataset_iri(base: str) -> str:
    return f"{base}dataset"


def distribution_iri(base: str, file: str) -> str:
    return f"{base}dataset/distribution/{file}"


def void_quads(dataset: BuiltDataset, sums: Mapping[str, str], sizes: Mapping[str, int],
               download_base: str) -> list[ox.Triple]:
    """The description as triples, in a fixed order so that void.ttl is byte-identical per build."""
    base = dataset.base
    manifest = dataset.manifest_of
    statistics = manifest.statistics
    if statistics is None:  # a build from before the build counted them: count its files now
        statistics = dataset_statistics(dataset.folder / NTRIPLES, dataset.folder / NQUADS, base)
    files = {name: {"sha256": sums[name], "bytes": sizes[name]} for name in sums if name in sizes}
    return void_triples(dataset=dataset_iri(base), base=base, version=dataset.version,
                        statistics=statistics, files=files, download=lambda name: download_base + name,
                        distribution=lambda name: distribution_iri(base, name), reports=manifest.reports)
