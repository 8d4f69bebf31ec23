"""A small thread-safe LRU cache of finished answers, keyed by what determines them.

The key includes the dataset version, so an update (or a new build) never serves a stale answer; old
entries simply age out. Bounded by entries and by total bytes, where an entry's size is its value's
*and its key's* (a key holds the query text, which may be megabytes); one entry may take at most an
eighth of the total.
"""

from __future__ import annotations

import sys
import threading
from collections import OrderedDict
from collections.abc import Hashable
from typing import Generic, TypeVar

V = TypeVar("V")

ENTRY_OVERHEAD = 200  # bytes: the entry's tuple, dict slot and bookkeeping


def key_size(key: object) -> int:
    """Bytes a key holds: its strings and bytes (nested in tuples) as Python stores them."""
    if isinstance(key, (str, bytes)):
        return sys.getsizeof(key)
    if isinstance(key, (tuple, list, frozenset)):
        return sys.getsizeof(key) + sum(key_size(k) for k in key)
    return sys.getsizeof(key)


class LRUCache(Generic[V]):
    def __init__(self, entries: int, max_bytes: int) -> None:
        self.entries, self.max_bytes = entries, max_bytes
        self._data: OrderedDict[Hashable, tuple[V, int]] = OrderedDict()
        self._bytes = 0
        self._lock = threading.Lock()
        self.hits = self.misses = 0

    def get(self, key: Hashable) -> V | None:
        with self._lock:
            item = self._data.get(key)
            if item is None:
                self.misses += 1
                return None
            self._data.move_to_end(key)
            self.hits += 1
            return item[0]

    def put(self, key: Hashable, value: V, size: int) -> None:
        """Keep ``value`` (``size`` bytes) under ``key``; the key's own size is added to it."""
        size += key_size(key) + ENTRY_OVERHEAD
        if self.entries <= 0 or size > self.max_bytes // 8:
            return
        with self._lock:
            old = self._data.pop(key, None)
            if old is not None:
                self._bytes -= old[1]
            self._data[key] = (value, size)
            self._bytes += size
            while len(self._data) > self.entries or self._bytes > self.max_bytes:
                _, (_, dropped) = self._data.popitem(last=False)
                self._bytes -= dropped

    def stats(self) -> dict[str, int]:
        with self._lock:
            return {"entries": len(self._data), "bytes": self._bytes, "hits": self.hits,
                    "misses": self.misses}
