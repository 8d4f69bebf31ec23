"""W3C SPARQL 1.1 Protocol tests (manifests/sparql11/protocol/manifest.ttl), all 34, updates
included (the server runs with --allow-update)."""

from __future__ import annotations

import pytest

from .conftest import W3C
from .manifest import load
from .suite import run_case

MANIFEST = W3C / "protocol" / "manifest.ttl"
TESTS = load(MANIFEST)
KNOWN_FAILURES: dict[str, str] = {}  # test name -> why it fails (none today)


def test_manifest_is_there():
    assert len(TESTS) == 34


@pytest.mark.parametrize("case", TESTS, ids=[t.name for t in TESTS])
def test_protocol(case, w3c_server):
    run_case("protocol", case, w3c_server, KNOWN_FAILURES)
