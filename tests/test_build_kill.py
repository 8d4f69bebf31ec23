"""Data safety: a build killed with SIGKILL at any point leaves dist/ whole — the previous dataset or
the new one, never a mix — and the next build succeeds."""

from __future__ import annotations

import hashlib
import json
import os
import random
import signal
import subprocess
import sys
import time

import pytest

from .conftest import REPORT_FILE
from .web.servers import alive

KILLS = int(os.environ.get("R2P_KILLS", "6"))  # make soak: 30


def verify(dist) -> str:
    """Every file listed in SHA256SUMS matches; returns the dataset version."""
    sums = (dist / "SHA256SUMS").read_text().splitlines()
    assert len(sums) >= 6
    for line in sums:
        digest, name = line.split("  ")
        assert hashlib.sha256((dist / name).read_bytes()).hexdigest() == digest, name
    return json.loads((dist / "build.json").read_text())["version"]


@pytest.mark.timeout(120 + 20 * KILLS)  # a hang guard: each kill costs up to two builds
def test_sigkill_during_build_never_breaks_dist(tmp_path):
    from r2p_kg.build import build
    from r2p_kg.report import read_report
    from r2p_kg.synthetic import write_corpus

    (other,) = write_corpus(read_report(REPORT_FILE), 1, tmp_path / "corpus", seed=3)
    dist = tmp_path / "dist"
    old = build([other], dist, validate=False).version  # validation writes nothing
    new = build([REPORT_FILE], tmp_path / "reference", validate=False).version
    cmd = [sys.executable, "-m", "r2p_kg.cli", "build", "--source", str(REPORT_FILE), "--out", str(dist)]
    # How long a whole build takes here, to spread the kills over it.
    t = time.perf_counter()
    subprocess.run(cmd, check=True, capture_output=True)
    full = time.perf_counter() - t
    build([other], dist, validate=False)  # back to the old dataset

    rng = random.Random(20251126)
    seen = set()
    for _ in range(KILLS):
        proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(rng.uniform(0, full))
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        version = verify(dist)
        assert version in (old, new), f"dist holds {version}, neither the old nor the new dataset"
        seen.add(version)
        if version == new:
            build([other], dist, validate=False)
    assert old in seen, f"every one of {KILLS} kills came after the build finished ({full:.2f}s)"
    assert subprocess.run(cmd, capture_output=True).returncode == 0
    assert verify(dist) == new


@pytest.mark.timeout(120)
def test_a_killed_build_leaves_no_worker_processes(tmp_path):
    """The parallel build's worker processes die with it (they would otherwise run on, orphaned)."""
    from r2p_kg.report import read_report
    from r2p_kg.synthetic import write_corpus
    paths = write_corpus(read_report(REPORT_FILE), 4, tmp_path / "corpus", seed=5)
    cmd = [sys.executable, "-m", "r2p_kg.cli", "build", "--out", str(tmp_path / "dist")]
    for p in paths:
        cmd += ["--source", str(p)]
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    children: list[int] = []
    while time.monotonic() < deadline and not children:  # wait until the pool has forked
        children = [int(p) for p in subprocess.run(["pgrep", "-P", str(proc.pid)], capture_output=True,
                                                   text=True).stdout.split()]
        time.sleep(0.05)
    assert children, "the build forked no workers"
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    deadline = time.monotonic() + 10  # they exit when they see their parent gone: poll, do not sleep
    while (running := [pid for pid in children if alive(pid)]) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert running == [], f"worker processes outlived the killed build: {running}"

