"""Fixtures for the competency questions: one in-memory store of the built dataset per session."""

from __future__ import annotations

from pathlib import Path

import pytest

from r2p_kg.config import QUERIES_DIR
from r2p_kg.query import Answer, ask, cached_store


@pytest.fixture(scope="session")
def store(built):
    return cached_store(Path(built.out) / "r2p.nq")


@pytest.fixture(scope="session")
def run(store):
    """Run a query file from queries/ by name and return its Answer."""
    def _run(name: str) -> Answer:
        return ask(store, (QUERIES_DIR / name).read_text(encoding="utf-8"), where=name)
    return _run
