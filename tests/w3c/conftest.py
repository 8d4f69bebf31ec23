"""The W3C SPARQL 1.1 suites against the production server (``r2p-kg serve --allow-update``, gunicorn)
on a loopback port. The manifests are vendored under ``manifests/`` with their licence. The tally of
each suite is printed at the end of the run."""

from __future__ import annotations

import secrets
from collections import defaultdict
from pathlib import Path

import pytest

from tests.web.servers import GunicornProcess, empty_dist

W3C = Path(__file__).parent / "manifests" / "sparql11"
TALLY: dict[str, list[int]] = defaultdict(lambda: [0, 0])  # suite -> [passed, total]
TOKEN = secrets.token_urlsafe(16)


@pytest.fixture(scope="session")
def w3c_server(tmp_path_factory):
    dist = empty_dist(tmp_path_factory.mktemp("w3c") / "dist")
    with GunicornProcess(dist, "--allow-update", "--workers", "2", env={"R2P_UPDATE_TOKEN": TOKEN}) as srv:
        yield srv


def record(suite: str, passed: bool) -> None:
    TALLY[suite][1] += 1
    TALLY[suite][0] += int(passed)


def pytest_terminal_summary(terminalreporter) -> None:
    for suite, (passed, total) in TALLY.items():
        terminalreporter.write_line(f"W3C {suite}: {passed}/{total} passed")
