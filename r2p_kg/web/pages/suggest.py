"""Suggestions on a 404 page: IRIs of the same kind whose names are nearest the one asked for.

They come from an index of the dataset's typed IRIs by path prefix (``{base}id/country/`` ->
{``SD``: IRI, ...}), built once per dataset version in a background thread, so that a 404 costs a
lookup and a fuzzy match over one kind's names, never a scan of the store (which took seconds per
request on a 100-report corpus). Until the index is ready a 404 page shows the site's entry points
only.
"""

from __future__ import annotations

import difflib
import logging
import threading
from collections import defaultdict

from .data import Dataset

log = logging.getLogger(__name__)

INDEX = "suggestion_index"
MAX_CANDIDATES = 2000  # names compared per 404; a larger kind is narrowed to names like the one asked
_lock = threading.Lock()
_building: set[int] = set()


def index(ds: Dataset) -> dict[str, dict[str, str]] | None:
    """{path prefix: {last segment: IRI}} for ``ds``, or None while it is being built."""
    kept = ds.memo.get(INDEX)
    if kept is not None and kept[0] == ds.version:
        return kept[1]
    with _lock:
        if id(ds) not in _building:
            _building.add(id(ds))
            threading.Thread(target=_build, args=(ds,), name="r2p-suggestions", daemon=True).start()
    return None


def _build(ds: Dataset) -> None:
    try:
        by_prefix: dict[str, dict[str, str]] = defaultdict(dict)
        for iri in [*ds.typed_subjects(), *ds.graphs()]:
            if iri.startswith(ds.base):
                head, _, tail = iri.rpartition("/")
                if tail:
                    by_prefix[head + "/"][tail] = iri
        ds.memo[INDEX] = (ds.version, dict(by_prefix))
        log.info("404 suggestions: %d names indexed", sum(len(v) for v in by_prefix.values()))
    except Exception:  # a failed index only means 404 pages without names; say why in the log
        log.exception("could not index the dataset's names for 404 suggestions")
    finally:
        with _lock:
            _building.discard(id(ds))


def nearest(ds: Dataset, prefix: str, name: str, n: int = 6) -> list[str]:
    """IRIs under ``prefix`` whose last segment is nearest ``name`` (best first)."""
    found = index(ds)
    if not found:
        return []
    names = found.get(prefix, {})
    candidates = list(names)
    if len(candidates) > MAX_CANDIDATES:
        candidates = [c for c in candidates if c[:1] == name[:1] and abs(len(c) - len(name)) <= 2]
        candidates = sorted(candidates, key=lambda c: (abs(len(c) - len(name)), c))[:MAX_CANDIDATES]
    return [names[c] for c in difflib.get_close_matches(name, candidates, n=n, cutoff=0.3)]
