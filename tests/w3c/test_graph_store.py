"""W3C SPARQL 1.1 Graph Store HTTP Protocol tests (direct and indirect identification), all 13."""

from __future__ import annotations

import pytest

from .conftest import W3C
from .manifest import load
from .suite import run_case

MANIFEST = W3C / "graph-store-protocol" / "manifest.ttl"
TESTS = load(MANIFEST)
KNOWN_FAILURES: dict[str, str] = {}


def test_manifest_is_there():
    assert len(TESTS) == 13


@pytest.mark.parametrize("case", TESTS, ids=[t.name for t in TESTS])
def test_graph_store(case, w3c_server):
    run_case("graph-store", case, w3c_server, KNOWN_FAILURES)
