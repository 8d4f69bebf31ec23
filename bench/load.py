"""Load generation: wrk (a real load generator) with a Lua script, and the in-process floor."""

from __future__ import annotations

import re
import shutil
import subprocess
import tempfile
import time
import urllib.parse
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path

LUA = r"""
local paths = {}
for line in io.lines(os.getenv("R2P_PATHS")) do paths[#paths + 1] = line end
local distinct = os.getenv("R2P_DISTINCT") == "1"
local salt_param = os.getenv("R2P_SALT_PARAM")  -- pages: a query parameter; queries: a SPARQL comment
local accept = os.getenv("R2P_ACCEPT") or "application/sparql-results+json"
local i, counter = 0, 0
math.randomseed(os.time() + math.floor(os.clock() * 1000000))
local salt = tostring(math.random(1, 1000000000))
request = function()
  i = i % #paths + 1
  local p = paths[i]
  if distinct then
    counter = counter + 1
    if salt_param then
      local sep = string.find(p, "?", 1, true) and "&" or "?"
      p = p .. sep .. salt_param .. "=" .. salt .. "-" .. tostring(counter)
    else
      p = p .. "%0A%23" .. salt .. "-" .. tostring(counter)
    end
  end
  return wrk.format("GET", p, { ["Accept"] = accept })
end
"""


@dataclass
class LoadResult:
    target: str
    workload: str
    concurrency: int
    seconds: float
    requests: int
    errors: int
    rps: float
    p50_ms: float
    p99_ms: float

    def as_dict(self) -> dict:
        return asdict(self)


def wrk_available() -> bool:
    return shutil.which("wrk") is not None


def query_paths(endpoint_path: str, queries: list[str], param: str = "query") -> list[str]:
    """One request path per query: GET with the query URL-encoded (SPARQL 1.1 Protocol)."""
    return [f"{endpoint_path}?{param}={urllib.parse.quote(q, safe='')}" for q in queries]


def _ms(value: str, unit: str) -> float:
    return float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60000.0}[unit]


def _first(pattern: str, output: str) -> str:
    """The first group of ``pattern`` in wrk's output; wrk always prints it."""
    m = re.search(pattern, output)
    if m is None:
        raise ValueError(f"wrk printed no match for {pattern!r}: {output[:200]!r}")
    return m.group(1)


def parse_wrk(output: str) -> tuple[int, int, float, float, float]:
    """(requests, errors, rps, p50 ms, p99 ms) from `wrk --latency` output."""
    requests = int(_first(r"(\d+) requests in", output))
    rps = float(_first(r"Requests/sec:\s+([\d.]+)", output))
    pct = {m.group(1): _ms(m.group(2), m.group(3))
           for m in re.finditer(r"^\s+(50|99)(?:\.\d+)?%\s+([\d.]+)(us|ms|s|m)\s*$", output, re.M)}
    errors = 0
    if m := re.search(r"Non-2xx or 3xx responses: (\d+)", output):
        errors += int(m.group(1))
    if m := re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output):
        errors += sum(int(x) for x in m.groups())
    return requests, errors, rps, pct.get("50", float("nan")), pct.get("99", float("nan"))


def run_wrk(base_url: str, paths: list[str], *, target: str, workload: str, concurrency: int,
            seconds: float, distinct: bool, accept: str | None = None,
            salt_param: str | None = None) -> LoadResult:
    """Run wrk against ``base_url`` cycling through ``paths`` for ``seconds``; ``distinct`` makes
    every request new (a SPARQL comment, or the query parameter ``salt_param`` for pages)."""
    with tempfile.TemporaryDirectory() as tmp:
        script, listing = Path(tmp) / "r2p.lua", Path(tmp) / "paths.txt"
        script.write_text(LUA, encoding="utf-8")
        listing.write_text("\n".join(paths) + "\n", encoding="utf-8")
        env = {"R2P_PATHS": str(listing), "R2P_DISTINCT": "1" if distinct else "0", "PATH": "/usr/bin:/bin"}
        if accept:
            env["R2P_ACCEPT"] = accept
        if salt_param:
            env["R2P_SALT_PARAM"] = salt_param
        threads = max(1, min(2, concurrency))
        cmd = ["wrk", "-t", str(threads), "-c", str(concurrency), "-d", f"{max(1, round(seconds))}s",
               "--timeout", "10s", "--latency", "-s", str(script), base_url]
        done = subprocess.run(cmd, capture_output=True, text=True, env=env, timeout=seconds + 60)
    if done.returncode != 0:
        raise RuntimeError(f"wrk failed: {done.stderr.strip() or done.stdout.strip()}")
    requests, errors, rps, p50, p99 = parse_wrk(done.stdout)
    return LoadResult(target, workload, concurrency, seconds, requests, errors, rps, p50, p99)


def alternated(rounds: int, ours: Callable[[], dict], peer: Callable[[], dict] | None) -> dict[str, list[dict]]:
    """``{"ours": [...], "peer": [...]}``: ``rounds`` runs of each side, in turn (ours, peer, peer,
    ours, ...: the order flipped every round, so neither side always follows the other); a side that
    is None has no runs. A ratio is only honest from runs alternated like this, taken as medians."""
    runs: dict[str, list[dict]] = {"ours": [], "peer": []}
    order = [("ours", ours), ("peer", peer)]
    for k in range(rounds):
        for side, run in order if k % 2 == 0 else order[::-1]:
            if run is not None:
                runs[side].append(run())
    return runs


def in_process(store, queries: list[str], seconds: float, workload: str) -> LoadResult:
    """The floor: the same queries on pyoxigraph in this process, no HTTP, one at a time."""
    import pyoxigraph as ox
    times: list[float] = []
    deadline = time.perf_counter() + seconds
    i = 0
    while time.perf_counter() < deadline:
        q = queries[i % len(queries)]
        if workload == "uncached":
            q = f"{q}\n# {i}"
        t = time.perf_counter()
        result = store.query(q, use_default_graph_as_union=True)
        if isinstance(result, ox.QueryTriples):
            result.serialize(format=ox.RdfFormat.N_TRIPLES)
        else:
            result.serialize(format=ox.QueryResultsFormat.JSON)
        times.append(time.perf_counter() - t)
        i += 1
    total = sum(times)
    times.sort()
    return LoadResult("pyoxigraph in-process", workload, 1, seconds, len(times), 0,
                      len(times) / total if total else 0.0, times[len(times) // 2] * 1000,
                      times[min(len(times) - 1, int(len(times) * 0.99))] * 1000)

