"""The store-independent parts of push: chunking, blank nodes, stats, redaction, retries."""

from __future__ import annotations

import pyoxigraph as ox
import pytest

from r2p_kg.errors import ConfigError, PushError, StoreUnreachable
from r2p_kg.export.push import (
    Auth,
    GraphStats,
    Retry,
    bnodes_first,
    load_in_chunks,
    next_chunk,
    ntriples_lines,
    redact,
    temp_graph,
)


def lines(n: int, bnodes: int = 0) -> list[bytes]:
    ts = [ox.Triple(ox.NamedNode(f"urn:s{i}"), ox.NamedNode("urn:p"), ox.Literal(f"v{i}")) for i in range(n)]
    ts += [ox.Triple(ox.BlankNode(f"b{i}"), ox.NamedNode("urn:p"), ox.Literal("_:not a node")) for i in range(bnodes)]
    return ntriples_lines(ts)


def test_chunks_respect_count_and_bytes():
    ls = lines(100)
    assert next_chunk(ls, 0, 30, 1 << 20) == 30
    assert next_chunk(ls, 90, 30, 1 << 20) == 100
    end = next_chunk(ls, 0, 100, 80)
    assert sum(len(ln) + 1 for ln in ls[:end]) <= 80 < sum(len(ln) + 1 for ln in ls[:end + 1])
    assert next_chunk(ls, 0, 100, 1) == 1  # never an empty chunk


def test_blank_node_triples_travel_together_in_the_first_chunk():
    ordered, together = bnodes_first(lines(50, bnodes=5))
    assert together == 5 and all(ln.startswith(b"_:") for ln in ordered[:5])
    assert next_chunk(ordered, 0, 10, 1, together) == 5
    with pytest.raises(PushError, match="blank nodes do not fit"):
        next_chunk(ordered, 0, 3, 1 << 20, together)
    # a literal that merely contains "_:" is not a blank node
    assert bnodes_first([b'<urn:s> <urn:p> "_:x" .'])[1] == 0


def test_rejected_chunks_are_halved_and_the_smaller_size_kept():
    sent: list[int] = []

    def send(part: list[bytes], first: bool) -> None:
        if len(part) > 25:
            raise PushError("too large", status=400)
        sent.append(len(part))

    requests = load_in_chunks(lines(100), send, what="test", max_triples=100, max_bytes=1 << 20,
                              progress=lambda *a: None)
    assert sum(sent) == 100 and max(sent) <= 25 and requests == len(sent)


def test_a_refusal_outside_shrink_on_is_not_retried():
    def send(part, first):
        raise PushError("bad request", status=400)

    with pytest.raises(PushError, match="bad request"):
        load_in_chunks(lines(100), send, what="t", max_triples=100, max_bytes=1 << 20,
                       progress=lambda *a: None, shrink_on=(413,))


def test_stats_differences_name_the_predicates():
    a = GraphStats(3, {"urn:p": 2, "urn:q": 1})
    b = GraphStats(3, {"urn:p": 3})
    assert a.differences(a) == []
    assert a.differences(b) == ["<urn:p>: 3 in the store, 2 local", "<urn:q>: 0 in the store, 1 local"]


def test_redact_removes_user_and_password():
    assert redact("https://u:secret@store.example:8443/sparql?x=1") == "https://store.example:8443/sparql?x=1"
    assert redact("http://store/sparql") == "http://store/sparql"


def test_auth_needs_a_secret_and_hides_it():
    with pytest.raises(ConfigError, match="R2P_PUSH_PASSWORD"):
        Auth("digest", "u", "")
    with pytest.raises(ConfigError, match="--user"):
        Auth("basic", None, "x")
    assert "s3cret" not in repr(Auth("digest", "u", "s3cret"))


def test_retry_backs_off_then_gives_up():
    calls = []

    def flaky():
        calls.append(1)
        raise ConnectionRefusedError(111, "Connection refused")

    with pytest.raises(StoreUnreachable, match="failed after 3 attempts"):
        Retry(attempts=3, backoff=0.001).call(flaky, what="probe", url="http://u:p@h/x",
                                              transient=(ConnectionError,))
    assert len(calls) == 3


def test_temporary_graph_is_fixed_per_target():
    assert temp_graph("http://a/g") == temp_graph("http://a/g") != temp_graph("http://a/h")
