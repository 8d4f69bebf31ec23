"""A smoke run of the benchmark harness (tiny N, one second per measurement), so it never rots."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys

import pytest

from r2p_kg.config import ROOT

from .conftest import need


@pytest.mark.timeout(300)
def test_bench_smoke(tmp_path):
    need(shutil.which("wrk") is not None, "wrk (Debian package) is needed for the HTTP figures")
    summary = tmp_path / "BENCH.md"
    proc = subprocess.run([sys.executable, "-m", "bench.run", "--smoke", "--peers", "r2p-kg,oxigraph",
                           "--out", str(tmp_path), "--summary", str(summary),
                           "--sizes", "1,2", "--scale-sizes", ""],  # the corpus figures are `make bench`'s
                          capture_output=True, text=True, cwd=ROOT, timeout=280)
    assert proc.returncode == 0, proc.stderr[-3000:]
    (result_file,) = tmp_path.glob("*-smoke.json")
    results = json.loads(result_file.read_text())
    assert results["build"]["real"]["quads"] > 3000
    assert [c["reports"] for c in results["build"]["corpora"]] == [1, 2]
    single = results["endpoint"][0]
    assert single["skipped"] == {}, single["skipped"]
    targets = {(r["target"], r["workload"]) for r in single["results"]}
    for target in ("pyoxigraph in-process", "r2p-kg", "oxigraph serve-read-only"):
        assert (target, "uncached") in targets and (target, "repeated") in targets
    assert ("r2p-kg entity page", "repeated") in targets and ("r2p-kg entity page", "uncached") in targets
    assert all(r["errors"] == 0 and r["requests"] > 0 for r in single["results"])
    for name in ("r2p-kg", "oxigraph serve-read-only"):
        memory = single["memory_mb"][name]
        assert 0 < memory["pss"] <= memory["rss"], memory
    for corpus in results["build"]["corpora"]:  # the whole process tree, at least the parent
        assert corpus["peak_rss_mb"] >= corpus["parent_peak_rss_mb"] > 0
    per_query = results["per_query"]  # alternated runs against Oxigraph's server
    assert [(r["query"], r["workload"]) for r in per_query["rows"]] == [
        ("pillars-by-paragraph", "uncached"), ("pillars-by-paragraph", "repeated")]
    assert per_query["errors"] == 0 and all(r["ours_rps"] > 0 and r["peer_rps"] > 0 for r in per_query["rows"])
    assert per_query["runs"] == 4  # one round: ours and the peer, per workload
    assert all(x["other_cores"] >= 0 for r in per_query["rows"] for rs in r["runs"].values() for x in rs)
    steps = {r["step"]: r for r in results["floor"]["rows"]}  # the floor under every query
    assert steps["http"]["ours"]["rps"] > 0 and "peer" not in steps["http"]
    for side in ("ours", "peer"):
        ask = steps["ask"][side]
        assert ask["rps"] > 0 and ask["errors"] == 0 and 0 < ask["cpu_busiest"] <= ask["cpu_total"]
    assert results["floor"]["engine_rps"] > steps["ask"]["ours"]["rps"]  # no HTTP: faster
    (block,) = results["workload"]  # the analyst workload, its mix, on the real report
    assert [r["workload"] for r in block["rows"]] == ["mix"] and block["rows"][0]["errors"] == 0
    assert block["rows"][0]["ours"]["rps"] > 0 and block["rows"][0]["peer"]["rps"] > 0
    assert block["pages"]["rps"] > 0 and block["page_errors"] == 0
    (over,) = results["backends"]  # r2p-kg as a node over Oxigraph's server
    assert over["label"] == "r2p-kg over oxigraph serve-read-only", over
    assert over["rows"][0]["errors"] == 0 and over["rows"][0]["ours"]["rps"] > 0
    text = summary.read_text()
    assert "alternated with Oxigraph's server" in text and "Analyst workload" in text and "shared store" in text
    assert "Where an uncached request's time goes" in text and "No uncached query can" in text
    assert "## Targets" in text and "Oxigraph's server" in text
    assert len(list(tmp_path.glob("*.svg"))) >= 3


def test_warm_up_waits_out_a_busy_server_and_names_any_other_answer():
    """A server still draining the last measurement answers 503 for a while: the harness waits, as
    Retry-After says, instead of losing the run; any other error status ends the warm-up, named."""
    import http.server
    import threading

    from bench.run import warm_up

    answers = [503, 503, 200, 404]

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802 (the standard library's name)
            code = answers.pop(0)
            self.send_response(code)
            self.send_header("Retry-After", "0")
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        url = f"http://127.0.0.1:{server.server_address[1]}/id/country/SD"
        warm_up(url)
        assert answers == [404]  # two 503s waited out, then the 200
        with pytest.raises(RuntimeError, match="HTTP 404") as caught:
            warm_up(url)
        assert "/id/country/SD" in str(caught.value)
    finally:
        server.shutdown()


def test_other_load_is_the_machines_cpu_time_less_the_benchmarks_and_the_servers():
    """The busy flag's two readings: the whole machine's busy CPU time grows with any process's
    work, this one's included; the benchmark's own time counts a server's process group only when
    that group is named. (What is left is other processes' load, whatever else runs.)"""
    import time

    from bench.peers import machine_busy_seconds, own_seconds

    def burn(seconds: float) -> None:
        end = time.process_time() + seconds
        while time.process_time() < end:
            pass

    before = machine_busy_seconds()
    burn(0.3)
    assert machine_busy_seconds() - before >= 0.3 - 0.02  # (clock ticks of 10 ms, per CPU)

    # A "server": its own session, 0.5 s of CPU, then idle until killed.
    stranger = subprocess.Popen([sys.executable, "-c", "import time\nend = time.process_time() + 0.5\n"
                                 "while time.process_time() < end: pass\ntime.sleep(60)"],
                                start_new_session=True)
    try:
        from bench.peers import group_cpu_seconds
        deadline = time.monotonic() + 30
        while sum(group_cpu_seconds(stranger.pid).values()) < 0.5 and time.monotonic() < deadline:
            time.sleep(0.05)
        assert own_seconds([stranger.pid]) - own_seconds([]) >= 0.5 - 0.02
    finally:
        stranger.kill()
        stranger.wait(10)
