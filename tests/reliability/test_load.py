"""Load: the traffic mix at 64 connections over loopback with wrk — no errors, p99 recorded, and the
memory of the whole server (gunicorn and its query workers, from /proc) flat across the run."""

from __future__ import annotations

import logging
import statistics

import pytest

from .conftest import _env, count, record
from .mix import mixed
from .servers import LoggedServer, MemorySampler, run_wrk

log = logging.getLogger(__name__)

CONNECTIONS = 64
ROUNDS = 5
# Generous deadlines (R2P_TIMEOUT, R2P_PAGE_TIMEOUT): this test asks whether the server drops or
# fails anything under load, not how fast it is, so its outcome must not depend on how busy the
# machine is. The suite's 2 s deadline turns a queue wait on a loaded machine into 503 busy.
DEADLINE = 30.0


@pytest.fixture(scope="module")
def load_server(built, tmp_path_factory):
    """Read-only ``r2p-kg serve`` (gunicorn, 2 query workers) with the default deadlines."""
    log = tmp_path_factory.mktemp("serve-load") / "server.log"
    with LoggedServer(built.out, log, "--timeout", str(DEADLINE), "--workers", "2",
                      env=_env(R2P_PAGE_TIMEOUT=str(DEADLINE))) as srv:
        yield srv


@pytest.mark.timeout(1800)
def test_mixed_load_has_no_errors_and_flat_memory(load_server, wrk, entity_paths):
    server = load_server
    target = count("R2P_LOAD_REQUESTS", 12_000, 120_000)
    reqs = mixed(entity_paths)
    warm = run_wrk(server.url, reqs, seconds=3, connections=CONNECTIONS)  # fills caches, loads pages
    assert warm.failed == 0, (warm.errors, warm.statuses)
    # Enough seconds per round for the target at the warm-up's rate.
    per_round = max(2.0, target / max(warm.rps, 1.0) / ROUNDS)
    rounds, rss_after = [], []
    with MemorySampler(server) as mem:
        start_rss = server.rss_bytes()
        while sum(r.requests for r in rounds) < target and len(rounds) < ROUNDS * 3:
            rounds.append(run_wrk(server.url, reqs, seconds=per_round, connections=CONNECTIONS))
            rss_after.append(server.rss_bytes())
    sent = sum(r.requests for r in rounds)
    failed = sum(r.failed for r in rounds)
    p99 = max(r.p99_ms for r in rounds)
    statuses: dict[str, int] = {}
    for r in rounds:
        for code, n in r.statuses.items():
            statuses[code] = statuses.get(code, 0) + n
    growth = rss_after[-1] - rss_after[0]
    record("load", requests=sent + warm.requests, connections=CONNECTIONS, distinct_requests=len(reqs),
           seconds=round(sum(r.seconds for r in rounds), 1), rps=round(sent / sum(r.seconds for r in rounds)),
           errors=failed, statuses=statuses, p50_ms=round(statistics.median(r.p50_ms for r in rounds), 2),
           p99_ms=round(p99, 1), p99_per_round_ms=[round(r.p99_ms, 1) for r in rounds],
           max_ms=round(max(r.max_ms for r in rounds), 1), rss_start_mb=round(start_rss / 2**20, 1),
           rss_after_rounds_mb=[round(b / 2**20, 1) for b in rss_after],
           rss_peak_mb=round(max(b for _, b in mem.samples) / 2**20, 1),
           rss_growth_mb=round(growth / 2**20, 1))
    assert sent >= target
    assert failed == 0, [(r.errors, r.statuses) for r in rounds]
    assert set(statuses) <= {"200"}, statuses
    # Flat: after the first round (caches full), the group grows by less than 5% + 16 MB.
    assert growth < 0.05 * rss_after[0] + 16 * 2**20, [b // 2**20 for b in rss_after]
    assert server.up()
