"""pyoxigraph's serializers as functions that return the bytes.

``ox.serialize`` and the ``serialize`` method of query results return the bytes when given no
output and None when they write to one; their stubs say ``bytes | None`` for both. These wrappers
are the first use, typed as such, so that callers need not narrow the result each time.
"""

from __future__ import annotations

from collections.abc import Iterable

import pyoxigraph as ox


def _bytes(data: bytes | None) -> bytes:
    if data is None:  # only when an output is given, which these wrappers never do
        raise TypeError("pyoxigraph returned no bytes")
    return data


def serialize(terms: Iterable[ox.Triple] | Iterable[ox.Quad], format: ox.RdfFormat, *,
              prefixes: dict[str, str] | None = None) -> bytes:
    """Triples or quads in ``format``."""
    return _bytes(ox.serialize(terms, format=format, prefixes=prefixes))


def serialize_results(result: ox.QuerySolutions | ox.QueryBoolean, format: ox.QueryResultsFormat) -> bytes:
    """SELECT or ASK results in ``format``."""
    return _bytes(result.serialize(format=format))
