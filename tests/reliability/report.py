"""``make soak``: run the reliability scenarios at soak counts and write RELIABILITY.md from what the
runs measured (figures recorded by the tests, outcomes from pytest's JUnit XML) — nothing by hand.

    python -m tests.reliability.report            # soak counts (R2P_SOAK=1), writes RELIABILITY.md
    python -m tests.reliability.report --quick    # the bounded in-suite counts (a dry run of the report)

Scenarios: tests/reliability/ (HTTP fuzzing, load, timeouts under load, security) and the data-safety
tests that live elsewhere: tests/report/test_fuzz.py (parser fuzzing), tests/test_build_kill.py
(SIGKILL during builds) and tests/export/test_push.py (the store killed mid-push).
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import platform
import signal
import subprocess
import sys
import time
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

from r2p_kg.config import ROOT

log = logging.getLogger(__name__)

PUSH_KILL = "tests/export/test_push.py::test_store_killed_mid_push_keeps_the_previous_graph"
TRUNCATED = "tests/report/test_complete.py::test_cli_build_refuses_a_truncated_source_and_keeps_the_dataset"
TESTS = ["tests/reliability", "tests/report/test_fuzz.py", "tests/test_build_kill.py", PUSH_KILL, TRUNCATED]
SOAK_ENV = {"R2P_SOAK": "1", "R2P_FUZZ_EXAMPLES": "1500", "R2P_KILLS": "30", "R2P_REBUILDS": "12"}

# Defects these tests found, and the regression test that pins each fix (its outcome is read from
# the run). The text is the finding; whether it still holds is the run's.
DEFECTS = [
    ("Slow clients (slowloris) froze the server: 8 connections sending half a request held all of "
     "gunicorn's threads for ever.", "r2p_kg/web/server.py: a deadline for each request to arrive "
     "(R2P_CLIENT_TIMEOUT); silent connections wait in the poller",
     "tests/reliability/test_security.py::test_slow_clients_time_out_without_tying_up_the_server"),
    ("Slow readers held every server thread: 140 clients reading big answers at 64 B/s made `/health` "
     "time out for 45 s (the client timeout bounded only slow senders).", "r2p_kg/web/outbox.py: what a "
     "client has not read yet is sent by one drain thread, the server thread is free at once; a client "
     "that falls behind for R2P_CLIENT_TIMEOUT is disconnected; r2p_kg/web/server.py: a connection's "
     "next (pipelined) request is read only once its client has read the last answer",
     "tests/reliability/test_slow_readers.py::test_slow_readers_do_not_hold_the_server"),
    ("A chunked body over the size limit was cut at the limit without error and the cut query ran "
     "(200 instead of 413).", "r2p_kg/web/transport.py: BoundedBody reads chunked bodies up to the limit",
     "tests/reliability/test_regressions.py::test_chunked_body_over_the_limit_is_413_not_run_cut"),
    ("A client sending a large body before reading the answer saw a reset connection instead of the "
     "413.", "r2p_kg/web/transport.py: a refused body is read and dropped (up to 4x the limit)",
     "tests/reliability/test_regressions.py::test_413_reaches_a_client_that_sends_its_whole_body_first"),
    ("`X-Forwarded-Proto: */*` (or a malformed forwarded host/port/prefix) became the base IRI of the "
     "query and gave a 500.", "r2p_kg/web/transport.py: CheckedHost ignores malformed X-Forwarded-* and "
     "refuses a malformed Host with 400",
     "tests/reliability/test_regressions.py::test_malformed_forwarded_header_is_ignored_not_a_500"),
    ("20 runaway queries held all 8 gunicorn threads while they waited for the 2 query workers: the "
     "traffic mix's p99 went from 0.17 s to 4 s and runaways answered after 6.6 s instead of 2 s.",
     "r2p_kg/web/server.py: 128 threads; r2p_kg/workers.py: at most R2P_MAX_WAITING queries wait for "
     "a worker, the rest are 'busy' at once",
     "tests/reliability/test_regressions.py::test_waiting_queries_are_bounded_so_they_cannot_hold_every_thread"),
    ("A query whose deadline passed while it waited killed the fresh, still-loading worker it was "
     "given, which started another load: a cascade of loads delayed every answer by 1-1.5 s.",
     "r2p_kg/workers.py: a worker that is not ready yet is kept, the job answered 'busy'",
     "tests/reliability/test_regressions.py::test_a_worker_still_loading_is_not_killed_by_a_job_that_waited_too_long"),
    ("`timeout=1e-253` was accepted: even `ASK {}` missed such a deadline, so every such request "
     "killed a query worker and made the server load the data again (found by schemathesis).",
     "r2p_kg/web/context.py: a client's timeout must be at least 0.5 s (400 otherwise)",
     "tests/reliability/test_regressions.py::test_tiny_client_timeout_cannot_make_the_server_restart_workers"),
    ("GET queries longer than about 4 KB were refused by gunicorn with 414 (SPARQLWrapper uses GET).",
     "r2p_kg/web/server.py: limit_request_line 8190 (gunicorn's maximum)",
     "tests/reliability/test_regressions.py::test_get_query_of_several_kilobytes_is_not_414"),
    ("A build killed with SIGKILL left its worker processes running, orphaned, waiting for ever on the "
     "pool's pipe (57 processes, 3.1 GB after 30 kills).", "r2p_kg/build.py: each worker asks the "
     "kernel to kill it when its parent dies (PR_SET_PDEATHSIG)",
     "tests/test_build_kill.py::test_a_killed_build_leaves_no_worker_processes"),
    ("Two rebuilds while serving deleted the build being served (two are kept): dumps answered 404 at "
     "once, and once a query worker was replaced every query failed until restart.",
     "r2p_kg/build.py: `serve` pins the build folder it serves (a shared flock); pruning skips pinned "
     "folders", "tests/reliability/test_rebuild.py::test_a_rebuild_loop_while_serving_answers_no_5xx"),
    ("A truncated source (`head -c 30000` of the report: 39 of 80 paragraphs) built without error and "
     "replaced the good dataset.", "r2p_kg/report/parser.py: a source must show its whole structure "
     "(sections with paragraphs, the closing section, a last paragraph that ends its sentence)",
     TRUNCATED),
    ("Clients that asked for large answers and did not read them each kept a copy in the web process "
     "(100 such clients and 5 MB answers grew it by 254 MB; nothing bounded it).",
     "r2p_kg/budget.py: large answers are received only within R2P_ANSWER_MEMORY_MB; "
     "r2p_kg/web/outbox.py: 64 MB waiting in memory in all, the rest in spill files",
     "tests/reliability/test_web_memory.py::test_clients_that_do_not_read_cannot_grow_the_web_process"),
]


@dataclass
class Outcome:
    name: str
    status: str  # passed | failed | skipped
    seconds: float
    message: str = ""


def run_tests(out: Path, env: dict[str, str]) -> tuple[int, float]:
    """pytest over the scenarios with ``env``; JUnit XML and figures land in ``out``."""
    out.mkdir(parents=True, exist_ok=True)
    cmd = [sys.executable, "-m", "pytest", *TESTS, "-q", "-p", "no:cacheprovider", "-o", "addopts=-ra",
           f"--junitxml={out / 'junit.xml'}"]
    t0 = time.monotonic()
    # In a session of its own, so that whatever it leaves running can be found (and ended) by group.
    proc = subprocess.Popen(cmd, cwd=ROOT, env={**os.environ, **env, "R2P_RELIABILITY_OUT": str(out)},
                            start_new_session=True)
    rc = proc.wait()
    seconds = time.monotonic() - t0
    left = _group(proc.pid)
    (out / "leftovers.json").write_text(json.dumps(
        {"processes": len(left), "rss_mb": round(sum(rss for _, rss, _ in left) / 2**20),
         # paths relative to the checkout: no path of this machine goes into the report
         "commands": sorted({cmd.replace(str(ROOT) + "/", "") for _, _, cmd in left})}), encoding="utf-8")
    if left:
        log.warning("%d processes of the run outlived it; ending them", len(left))
        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
    return rc, seconds


def _group(pgid: int) -> list[tuple[int, int, str]]:
    """(pid, RSS bytes, command) of the live processes in process group ``pgid``."""
    found = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            fields = Path(f"/proc/{entry}/stat").read_text().rsplit(")", 1)[1].split()
            if int(fields[2]) != pgid or fields[0] == "Z":
                continue
            rss = int(Path(f"/proc/{entry}/statm").read_text().split()[1]) * os.sysconf("SC_PAGE_SIZE")
            cmd = Path(f"/proc/{entry}/cmdline").read_bytes().replace(b"\0", b" ").decode().strip()
        except (OSError, IndexError, ValueError):
            continue
        found.append((int(entry), rss, cmd[:120]))
    return found


def outcomes(junit: Path) -> list[Outcome]:
    found = []
    for case in ET.parse(junit).getroot().iter("testcase"):
        name = case.get("classname", "").replace(".", "/") + ".py::" + case.get("name", "")
        status, message = "passed", ""
        for tag in ("failure", "error", "skipped"):
            el = case.find(tag)
            if el is not None:
                status = "skipped" if tag == "skipped" else "failed"
                message = (el.get("message") or "").splitlines()[0][:200] if el.get("message") else ""
        found.append(Outcome(name, status, float(case.get("time", 0)), message))
    return found


def figures(path: Path) -> dict[str, list[dict]]:
    by: dict[str, list[dict]] = {}
    if path.is_file():
        for line in path.read_text(encoding="utf-8").splitlines():
            row = json.loads(line)
            by.setdefault(row["scenario"], []).append(row)
    return by


def _status(results: list[Outcome], prefix: str) -> str:
    chosen = [o for o in results if o.name.startswith(prefix) or prefix in o.name]
    if not chosen:
        return "not run"
    if any(o.status == "failed" for o in chosen):
        return "**FAILED**"
    if all(o.status == "skipped" for o in chosen):
        return "skipped: " + chosen[0].message
    passed = sum(o.status == "passed" for o in chosen)
    skipped = sum(o.status == "skipped" for o in chosen)
    return f"passed ({passed} test{'s' * (passed != 1)}" + (f", {skipped} skipped" if skipped else "") + ")"


def _one(fig: dict[str, list[dict]], name: str) -> dict:
    rows = fig.get(name) or [{}]
    return rows[-1]


def _fmt(n: object) -> str:
    return f"{n:,}" if isinstance(n, int) else str(n)


def _storm_row(storm: dict, results: list[Outcome]) -> str:
    """The nested-query storm (tests/reliability/test_nested_storm.py)."""
    success = storm.get("normal_success")
    return (f"| Nested-query storm | {_fmt(storm.get('nested_queries', 0))} deeply nested queries (5,000 "
            f"parentheses, 3,000 groups, 20,000 UNIONs, 1,000 nested calls) over "
            f"{storm.get('seconds', '?')} s on {storm.get('reports', '?')} report(s), with normal traffic "
            f"(uncached ASKs and the catalogue's queries, less {storm.get('catalogue_left_out', '?')} "
            f"that outran the deadline before the storm) "
            f"| {', '.join(f'{n} × {k}' for k, n in storm.get('nested_outcomes', {}).items())}; worker "
            f"crashes {storm.get('worker_crashes', '?')}; normal requests "
            f"{_fmt(storm.get('normal_requests', 0))}, "
            f"**success {'?' if success is None else f'{100 * success:.2f} %'}** | "
            f"{_status(results, 'test_nested_storm.py')} |")


def render(fig: dict[str, list[dict]], results: list[Outcome], env: dict[str, str], seconds: float,
           rc: int, leftovers: dict) -> str:
    load, run, fuzz = _one(fig, "load"), _one(fig, "runaway"), _one(fig, "http-fuzz")
    ssrf, trav, slow = _one(fig, "ssrf"), _one(fig, "traversal"), _one(fig, "slowloris")
    token, secrets = _one(fig, "token"), _one(fig, "secrets")
    rebuild = _one(fig, "rebuild")
    readers = _one(fig, "slow_readers")
    memory = _one(fig, "web_memory")
    inj = (_one(fig, "injection-linked-data").get("requests", 0)
           + _one(fig, "injection-graph-parameters").get("requests", 0))
    failed = [o for o in results if o.status == "failed"]
    kills = int(env.get("R2P_KILLS", "6"))
    parser_examples = int(env.get("R2P_FUZZ_EXAMPLES", "150"))
    push = [o for o in results if o.name.endswith(("]",)) and "killed_mid_push" in o.name]
    push_ok = sum(o.status == "passed" for o in push)
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True,
                            text=True).stdout.strip()
    wrk = subprocess.run(["wrk", "--version"], capture_output=True, text=True)
    wrk_version = (wrk.stdout or wrk.stderr).split("[")[0].strip() or "missing"
    mem = next((ln.split()[1] for ln in Path("/proc/meminfo").read_text().splitlines()
                if ln.startswith("MemTotal")), "?")
    errors_seen = (load.get("errors", 0) + run.get("mix_errors", 0) + fuzz.get("server_errors", 0)
                   + slow.get("probe_failures", 0) + rebuild.get("server_errors", 0)
                   + readers.get("probe_failures", 0))
    lines = [
        "# Reliability",
        "",
        "How r2p-kg behaves under bad input, load, slow clients, hostile requests and faults — measured, "
        "not promised. **Generated by `make soak`** (`tests/reliability/report.py`) from the figures the "
        "tests recorded in this run; the same scenarios run at small counts in `make test`.",
        "",
        f"Run: {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}, commit `{commit}` (plus the working "
        f"tree), {'soak counts' if env.get('R2P_SOAK') else 'in-suite counts'}, {seconds / 60:.1f} min, "
        f"{os.cpu_count()} CPUs, {int(mem) // 1024} MB RAM, Python {platform.python_version()}, "
        f"{wrk_version}. Servers: `r2p-kg serve` (gunicorn) on loopback over the built dataset, 2 query "
        f"workers, deadline {run.get('deadline_s', 2.0)} s, request bodies up to 1 MB, "
        f"{slow.get('client_timeout_s', 2.0)} s for a client to send a request.",
        "",
        f"**Outcome: {'all scenarios passed' if rc == 0 and not failed else 'FAILURES — see below'}. "
        f"Errors seen: {errors_seen}. Data lost: {0 if rc == 0 and not failed else 'see failures'}.**",
        "",
        "| Scenario | What was tried | Figures | Result |",
        "|---|---|---|---|",
        f"| HTTP fuzzing | {_fmt(fuzz.get('total', 0))} generated requests: schemathesis on every operation of "
        f"`/openapi.json` ({_fmt(fuzz.get('inputs', {}).get('openapi', 0))}), SPARQL queries well-formed and "
        f"broken ({_fmt(fuzz.get('inputs', {}).get('sparql', 0))}), odd headers and Accept "
        f"({_fmt(fuzz.get('inputs', {}).get('headers', 0))}), odd and non-UTF-8 bodies "
        f"({_fmt(fuzz.get('inputs', {}).get('bodies', 0))}), bodies over the limit "
        f"({_fmt(fuzz.get('inputs', {}).get('huge bodies', 0))}), odd paths of the linked-data routes "
        f"({_fmt(fuzz.get('inputs', {}).get('paths', 0))}) | server errors: {fuzz.get('server_errors', '?')}; "
        f"every error had its documented status, code and shape | {_status(results, 'test_fuzz_http.py')} |",
        f"| Load | {_fmt(load.get('requests', 0))} requests at {load.get('connections', 64)} connections "
        f"(wrk): "
        f"{load.get('distinct_requests', '?')} distinct — every catalogue query, entity pages in HTML and "
        f"Turtle, dumps, VoID, service description | {load.get('rps', '?')} req/s, p50 "
        f"{load.get('p50_ms', '?')} ms, **p99 {load.get('p99_ms', '?')} ms**, "
        f"errors {load.get('errors', '?')}; "
        f"memory of gunicorn + query workers {load.get('rss_after_rounds_mb', ['?'])[0]} → "
        f"{load.get('rss_after_rounds_mb', ['?'])[-1]} MB (growth {load.get('rss_growth_mb', '?')} MB) | "
        f"{_status(results, 'test_load.py')} |",
        f"| Timeouts under load | {run.get('runaways', '?')} runaway cartesian products "
        f"({run.get('rounds', '?')} round(s) of 20 at once) while the mix ran | slowest runaway answered after "
        f"{run.get('slowest_runaway_s', '?')} s (deadline {run.get('deadline_s', '?')} s): "
        f"{', '.join(f'{n} × {k}' for k, n in run.get('outcomes', {}).items())}; mix p99 "
        f"**{run.get('p99_without_ms', '?')} ms without, {run.get('p99_with_ms', '?')} ms with** runaways, "
        f"mix errors {run.get('mix_errors', '?')}; uncached queries meanwhile: "
        f"{', '.join(f'{n} × {k}' for k, n in run.get('fresh_outcomes', {}).items())} | "
        f"{_status(results, 'test_runaway.py')} |",
        _storm_row(_one(fig, "nested-storm"), results),
        f"| SSRF | {_fmt(ssrf.get('attempts', 0))} generated SERVICE/LOAD spellings (case, `\\u` escapes, "
        f"glued to a number, boolean, literal, IRI or variable before them, relative IRIs under BASE, "
        f"comments, prefixes, BASE, 7 spellings of loopback, nested groups) at a local listener | "
        f"connections made: {ssrf.get('connections', '?')}; "
        f"{', '.join(f'{n} × {k}' for k, n in ssrf.get('outcomes', {}).items())} | "
        f"{_status(results, 'test_generated_service_and_load')} |",
        f"| XSS | `<script>`, attribute and `javascript:` payloads in paths and parameters of 10 routes | "
        f"no unescaped payload in any answer | {_status(results, 'test_reflected_scripts_are_escaped')} |",
        f"| XSS in a browser | headless Chromium: a query whose results hold a `<script>`, an `onerror` "
        f"handler and a `javascript:` IRI (clicked) on the query page, and a script in a failing query; "
        f"a crafted label: tests/browser | scripts run: {_one(fig, 'xss-browser').get('executed', '?')} | "
        f"{_status(results, 'test_xss_')} |",
        f"| Injection | {_fmt(inj)} requests with `>`, `}}`, quotes, newlines and SPARQL keywords in entity "
        f"IRIs, `?class=`, `?graph=`, `default-graph-uri`, `named-graph-uri`, `using-graph-uri` | triples "
        f"before/after: {_one(fig, 'injection-graph-parameters').get('triples_before', '?')}/"
        f"{_one(fig, 'injection-graph-parameters').get('triples_after', '?')} | "
        f"{_status(results, 'with_query_syntax')} |",
        f"| Traversal | {_fmt(trav.get('attempts', 0))} generated `../` variants (encoded, double-encoded, "
        f"overlong UTF-8, backslashes) under the static, dump and data routes, sent raw | nothing outside "
        f"the folders served; statuses {trav.get('statuses', {})} | {_status(results, 'test_traversal')} |",
        f"| Body limit | bodies over 1 MB with Content-Length and chunked on /sparql, /update, /store | "
        f"all 413 | {_status(results, '413')} |",
        f"| Slow clients | {slow.get('slow_connections', '?')} connections sending half a request, half a "
        f"body, or nothing | {slow.get('cut', '?')} trickling clients cut, the last after "
        f"{slow.get('cut_after_max_s', '?')} s; {slow.get('probes', '?')} normal requests meanwhile: "
        f"{slow.get('probe_failures', '?')} failed, slowest {slow.get('probe_max_ms', '?')} ms | "
        f"{_status(results, 'test_slow_clients')} |",
        f"| Slow readers | {readers.get('slow_readers', '?')} connections that ask for big answers (a dump, "
        f"pipelined pages and SPARQL results: {_fmt(readers.get('answer_bytes', 0))} bytes each kind) and "
        f"read them at 64 B/s, for {readers.get('seconds', '?')} s | {readers.get('probes', '?')} `/health` "
        f"probes meanwhile: {readers.get('probe_failures', '?')} failed, slowest "
        f"**{readers.get('probe_max_ms', '?')} ms** (bound 1 s) | {_status(results, 'test_slow_readers')} |",
        f"| Answers nobody reads | {memory.get('non_reading_clients', '?')} connections ask for a "
        f"{_fmt(memory.get('answer_bytes', 0))}-byte answer each (a string doubled in SPARQL) and do not "
        f"read it: {_fmt(memory.get('promised_mb', 0))} MB promised | answered "
        f"{memory.get('answered', '?')}; web process {memory.get('rss_start_mb', '?')} → peak "
        f"**{memory.get('rss_peak_mb', '?')} MB** (bound: answer budget + outbox + one answer + slack = "
        f"{memory.get('bound_mb', '?')} MB of growth); answers whole once read | "
        f"{_status(results, 'test_web_memory')} |",
        f"| Update token | {token.get('refused', '?')} writes with no, wrong, truncated, extended or "
        f"mis-schemed tokens on 6 write routes; the comparison is `hmac.compare_digest` (checked in the "
        f"source) | all 401, data version unchanged | {_status(results, 'token')} |",
        f"| Secrets in logs | update token, push password, backend password in the servers' environment; "
        f"right and wrong tokens, errors, settings, a dead backend | leaked: "
        f"{secrets.get('leaked', '?')} (log of {_fmt(secrets.get('log_bytes', 0))} bytes read) | "
        f"{_status(results, 'secret')} |",
        f"| Parser fuzzing | {_fmt(parser_examples)} mutated report texts (lines deleted, duplicated, "
        f"swapped, truncated, garbage; other layouts; empty and binary files) | a document model or a "
        f"ParseError naming the line, every time | {_status(results, 'tests/report/test_fuzz.py')} |",
        f"| Build killed | {kills} SIGKILLs at random points of a build | `dist/` whole every time (old or "
        f"new dataset, checksums verified), next build succeeds, and a killed build's worker processes "
        f"die with it | {_status(results, 'test_build_kill')} |",
        f"| Rebuilds while serving | {rebuild.get('rebuilds', '?')} builds replacing `dist` while "
        f"`r2p-kg serve` answered queries (cached and uncached), dumps, VoID and `/health` in a loop, a "
        f"query worker replaced after each build (a runaway past its deadline) | "
        f"{_fmt(rebuild.get('requests', 0))} requests: statuses {rebuild.get('statuses', {})}, **5xx: "
        f"{rebuild.get('server_errors', '?')}**; runaways {rebuild.get('runaways', {})}; dumps still the "
        f"served build's after the loop; its folder pruned only after the server ended | "
        f"{_status(results, 'test_rebuild.py')} |",
        f"| Push interrupted | the store (Virtuoso, Oxigraph server) killed in the middle of a push, per "
        f"protocol | previous remote graph intact after restart, second push completes: {push_ok}/"
        f"{len(push)} | {_status(results, 'killed_mid_push')} |",
        "",
        "## Defects found and fixed",
        "",
        "Each was found by these tests, fixed, and is pinned by a regression test (its outcome in this run):",
        "",
        "| Defect | Fix | Regression test | This run |",
        "|---|---|---|---|",
    ]
    for finding, fix, test in DEFECTS:
        name = test.split("::")[1]
        lines.append(f"| {finding} | {fix} | `{name}` | {_status(results, name)} |")
    lines += [
        "",
        "## Processes left behind",
        "",
        f"Processes started by this run that were still running when it ended: "
        f"**{leftovers.get('processes', '?')}** ({leftovers.get('rss_mb', '?')} MB: "
        f"{', '.join(leftovers.get('commands', [])) or 'none'}); the report run ended them.",
        "",
        "## Limits (what these figures do not promise)",
        "",
        "- Uncached queries share the query workers (`R2P_WORKERS`, 2 here). While slow queries hold them, "
        "another uncached query waits for a worker and gets `503 busy` when none frees within its deadline "
        "(the 'uncached queries meanwhile' figure above); cached answers, pages and dumps do not wait.",
        "- Slow clients: each holds a server thread for at most `R2P_CLIENT_TIMEOUT`. With more slow "
        "clients than threads (128), later requests wait up to that long for a thread. Behind a buffering "
        "reverse proxy (nginx) this does not arise.",
        "- The token comparison is checked in the source (`hmac.compare_digest`), not by timing.",
        "",
        "## Per test",
        "",
        "| Test | Result | Seconds |",
        "|---|---|---|",
    ]
    for o in results:
        note = f" — {o.message}" if o.status != "passed" and o.message else ""
        lines.append(f"| `{o.name}` | {o.status}{note} | {o.seconds:.1f} |")
    lines += ["", "Raw figures of this run (one JSON object per scenario):", "", "```json"]
    lines += [json.dumps(row, ensure_ascii=False) for rows in fig.values() for row in rows]
    lines += ["```", "", "Reproduce: `make soak` (about 15 minutes on 2 CPUs). The bounded versions run in "
              "`make test` (`tests/reliability/`, under 3 minutes).", ""]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="in-suite counts instead of soak counts")
    parser.add_argument("--out", type=Path, default=ROOT / "RELIABILITY.md")
    parser.add_argument("--work", type=Path, default=ROOT / "test-artifacts" / "reliability-soak")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    env = {} if args.quick else dict(SOAK_ENV)
    rc, seconds = run_tests(args.work, env)
    results = outcomes(args.work / "junit.xml")
    leftovers = json.loads((args.work / "leftovers.json").read_text(encoding="utf-8"))
    args.out.write_text(render(figures(args.work / "figures.jsonl"), results, env, seconds, rc, leftovers),
                        encoding="utf-8")
    log.info("wrote %s (pytest exit %d, %.0f s)", args.out, rc, seconds)
    return rc


if __name__ == "__main__":
    sys.exit(main())
