"""Live endpoints for the web tests: the real built dataset (``built``) served over loopback by
werkzeug's threaded server; ``r2p-kg serve`` itself (gunicorn) where the test is about it."""

from __future__ import annotations

import secrets

import pytest

from .servers import ThreadedServer, empty_dist

TOKEN = secrets.token_urlsafe(16)


@pytest.fixture(scope="session")
def live(built):
    """Read-only endpoint over the real dataset, default limits."""
    with ThreadedServer({"R2P_DIST": str(built.out)}) as srv:
        yield srv


@pytest.fixture(scope="session")
def strict(built):
    """Read-only endpoint with a short deadline and a small row cap."""
    with ThreadedServer({"R2P_DIST": str(built.out), "R2P_TIMEOUT": 1.5, "R2P_MAX_ROWS": 50,
                         "R2P_WORKERS": 2}) as srv:
        yield srv


@pytest.fixture(scope="session")
def writable(tmp_path_factory):
    """Endpoint with updates enabled (bearer TOKEN) over an empty dataset."""
    dist = empty_dist(tmp_path_factory.mktemp("writable") / "dist")
    with ThreadedServer({"R2P_DIST": str(dist), "R2P_ALLOW_UPDATE": True, "R2P_UPDATE_TOKEN": TOKEN,
                         "R2P_WORKERS": 2}) as srv:
        yield srv


@pytest.fixture()
def auth() -> dict[str, str]:
    return {"Authorization": f"Bearer {TOKEN}"}
