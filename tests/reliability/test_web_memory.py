"""The web process's memory is bounded (issue 13, item 9): clients that ask for large answers and
never read them once held a copy each (8 such clients pushed it to 998 MB). Now answers received
from the query workers wait for room in R2P_ANSWER_MEMORY_MB, and answers waiting for a reader take
at most the outbox's bound in memory (r2p_kg.web.outbox.TOTAL), the rest waiting in spill files.

The query builds one long string by doubling (a few hundred bytes of SPARQL, megabytes of answer);
each client's copy differs (a comment), and the result cache is off, so nothing is shared."""

from __future__ import annotations

import re
import socket
import time
from collections import Counter
from pathlib import Path
from urllib.parse import quote

import httpx
import pytest

from r2p_kg.web import outbox

from .conftest import _env, count, record
from .servers import PAGE_SIZE, LoggedServer

ANSWER_MB = 32  # R2P_ANSWER_MEMORY_MB of the server under test
DOUBLINGS = 19  # 10 characters doubled 19 times: a 5.2 MB value
WINDOW = 8  # requests outstanding at once
# The interpreter's own growth while serving (threads, parsing, the allocator's arenas): measured
# 16-55 MB beyond answers and outbox, the most with the test suite running beside it on 2 cores.
SLACK = 64 << 20


def _query(i: int) -> str:
    binds = ['BIND("0123456789" AS ?v0)']
    binds += [f"BIND(CONCAT(?v{k}, ?v{k}) AS ?v{k + 1})" for k in range(DOUBLINGS)]
    return f"# client {i}\nSELECT ?v{DOUBLINGS} WHERE {{ {' '.join(binds)} }}"


@pytest.fixture(scope="module")
def serving(built, tmp_path_factory):
    log = tmp_path_factory.mktemp("serve-web-memory") / "server.log"
    env = _env(R2P_ANSWER_MEMORY_MB=str(ANSWER_MB), R2P_MAX_RESULT_BYTES=str(12_000_000),
               R2P_CACHE_ENTRIES="0", R2P_CLIENT_TIMEOUT="600")
    with LoggedServer(built.out, log, "--workers", "2", "--timeout", "30", env=env) as srv:
        yield srv


def _web_pid(srv: LoggedServer) -> int:
    """The gunicorn worker: the master's child that holds the answers (query workers are its own
    children)."""
    for pid in srv.group_pids():
        stat = Path(f"/proc/{pid}/stat").read_text()
        if int(stat.rsplit(")", 1)[1].split()[1]) == srv.proc.pid:
            return pid
    raise AssertionError("no gunicorn worker process found")


def _answered(srv: LoggedServer) -> Counter[str]:
    """Statuses of the /sparql requests answered so far, from the access log."""
    return Counter(re.findall(r"GET /sparql (\d{3}) ", srv.log()))


def _rss(pid: int) -> int:
    return int(Path(f"/proc/{pid}/statm").read_text().split()[1]) * PAGE_SIZE


def _ask(url: str, i: int) -> socket.socket:
    host, port = url.removeprefix("http://").split(":")
    s = socket.socket()
    s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)  # a small window: nearly all waits
    s.connect((host, int(port)))
    s.sendall(f"GET /sparql?query={quote(_query(i))} HTTP/1.1\r\nHost: x\r\nAccept: text/csv\r\n"
              "Connection: close\r\n\r\n".encode())
    return s


def _read_all(s: socket.socket) -> bytes:
    s.settimeout(60)
    chunks = []
    while data := s.recv(1 << 16):
        chunks.append(data)
    return b"".join(chunks)


@pytest.mark.timeout(300)
def test_clients_that_do_not_read_cannot_grow_the_web_process(serving):
    n = count("R2P_NON_READERS", 100, 200)
    size = len(httpx.get(serving.url + "/sparql", params={"query": _query(-1)},
                         headers={"Accept": "text/csv"}, timeout=60).content)
    assert size > 5_000_000
    pid = _web_pid(serving)
    start, peak = _rss(pid), 0
    # Ask in a window of WINDOW outstanding requests, so that none waits long for a query worker
    # (a queue of a hundred would be answered 503 busy, rightly), and wait until every answer has
    # been made and handed to its connection (the access log has a line for each), sampling the
    # web process's memory meanwhile.
    clients: list[socket.socket] = []
    deadline = time.monotonic() + 240
    while time.monotonic() < deadline:
        peak = max(peak, _rss(pid))
        answered = _answered(serving)
        if sum(answered.values()) >= n + 1:
            break
        while len(clients) < min(n, sum(answered.values()) - 1 + WINDOW):
            clients.append(_ask(serving.url, len(clients)))
        time.sleep(0.05)
    answered = _answered(serving)
    served = answered.get("200", 0) - 1
    for _ in range(5):
        peak = max(peak, _rss(pid))
        time.sleep(0.2)
    held = n * size  # what the clients have been promised and not yet read
    bound = ANSWER_MB * 1_000_000 + outbox.TOTAL + size + SLACK
    record("web_memory", non_reading_clients=n, answer_bytes=size, answered=served,
           promised_mb=round(held / 2**20), rss_start_mb=round(start / 2**20, 1),
           rss_peak_mb=round(peak / 2**20, 1), bound_mb=round(bound / 2**20))
    assert served == n, answered
    assert held > 3 * bound  # unbounded, the web process would have grown far past the bound
    assert peak - start < bound, (peak - start) >> 20
    # Every client still gets its whole answer, in order, once it reads.
    first, last = _read_all(clients[0]), _read_all(clients[-1])
    for i, answer in ((0, first), (n - 1, last)):
        head, _, body = answer.partition(b"\r\n\r\n")
        assert head.startswith(b"HTTP/1.1 200"), head[:200]
        assert body.count(b"0123456789") == 2 ** DOUBLINGS, i
    for s in clients:
        s.close()
    assert serving.up()
