"""The result cache's size counts what it holds: values and keys (issue 13: 60 POSTs of a 9.9 MB
comment grew the web process by 560 MB while the cache reported 7 MB)."""

from __future__ import annotations

from r2p_kg.web.cache import LRUCache

BIG_COMMENT = "#" + "x" * 9_900_000


def test_keys_count_in_the_size_and_the_total_stays_under_the_cap():
    cache = LRUCache(512, 64_000_000)
    for i in range(60):  # as the web layer keys them: (version, (form, query text, ...))
        cache.put(("v1", ("query", f"{BIG_COMMENT}{i}\nASK {{}}", (), (), "json")), b"{}", 2)
    stats = cache.stats()
    # One such entry is over an eighth of the cache: none is kept (before: all 60, "7 MB").
    assert stats["entries"] == 0 and stats["bytes"] == 0


def test_a_key_of_a_megabyte_is_a_megabyte():
    cache = LRUCache(512, 64_000_000)
    cache.put(("v1", "#" + "y" * 1_000_000), b"answer", 6)
    assert cache.stats()["entries"] == 1
    assert 1_000_006 < cache.stats()["bytes"] < 1_002_000


def test_entries_are_evicted_by_bytes_including_keys():
    cache = LRUCache(512, 8_000_000)
    for i in range(20):
        cache.put(("v1", f"{i:04d}" + "z" * 900_000), b"", 0)
    stats = cache.stats()
    assert stats["bytes"] <= 8_000_000
    assert stats["entries"] == 8  # 8 x ~900 KB keys fit, the 12 oldest were evicted
    assert cache.get(("v1", "0019" + "z" * 900_000)) is not None
    assert cache.get(("v1", "0000" + "z" * 900_000)) is None
