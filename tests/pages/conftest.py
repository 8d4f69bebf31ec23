"""Fixtures for the linked-data pages: the real built graph, and a small hand-written graph in the
shape of the extraction's output (tests/pages/fixture.ttl) for features the real data lacks so far."""

from __future__ import annotations

from pathlib import Path

import pytest
from flask import Flask

from r2p_kg.web import create_app
from r2p_kg.web.pages.data import Dataset

FIXTURE = Path(__file__).with_name("fixture.ttl")


def make_app(**config: object) -> Flask:
    """The project's app (endpoint + pages); ``PAGES_DATASET`` gives the pages their data."""
    app = create_app({"TESTING": True, **config})
    assert "pages" in app.blueprints, "create_app() should mount r2p_kg.web.pages"
    return app


@pytest.fixture(scope="session")
def real_app(built) -> Flask:
    return make_app(R2P_DIST=str(built.out), PAGES_DATASET=Dataset.load(built.out))


@pytest.fixture(scope="session")
def fixture_dataset() -> Dataset:
    return Dataset.from_turtle(FIXTURE.read_text(encoding="utf-8"), graph="https://w3id.org/r2p/graph/t-1")


@pytest.fixture(scope="session")
def fixture_app(fixture_dataset) -> Flask:
    return make_app(PAGES_DATASET=fixture_dataset)


@pytest.fixture()
def real(real_app):
    return real_app.test_client()


@pytest.fixture()
def fx(fixture_app):
    return fixture_app.test_client()
