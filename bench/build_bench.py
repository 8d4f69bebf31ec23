"""Build benchmark: wall time per phase and peak memory, for the real report and synthetic corpora.

Each measurement runs in a child process of its own, so that its peak memory (``ru_maxrss``) is its
own. Run as ``python -m bench.build_bench --child LISTFILE OUT`` for one measurement.
"""

from __future__ import annotations

import json
import math
import os
import resource
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path


def tree_rss_mb(root: int) -> float:
    """Resident memory of ``root`` and all its descendants (the build and its worker processes)."""
    parent: dict[int, int] = {}
    rss: dict[int, int] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
            pid = int(stat.parent.name)
            parent[pid] = int(fields[1])
            rss[pid] = int(fields[21]) * resource.getpagesize()  # field 24 of stat: rss in pages
        except (OSError, ValueError, IndexError):
            continue
    total = 0
    for pid, size in rss.items():
        p = pid
        while p and p != root:
            p = parent.get(p, 0)
        if p == root:
            total += size
    return total / 2**20


class TreeSampler:
    """Samples :func:`tree_rss_mb` of this process every ``interval`` s and keeps the peak."""

    def __init__(self, interval: float = 0.2) -> None:
        self.interval, self.peak = interval, 0.0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self._stop.is_set():
            self.peak = max(self.peak, tree_rss_mb(os.getpid()))
            self._stop.wait(self.interval)

    def __enter__(self) -> TreeSampler:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()


def folder_mb(folder: Path) -> float:
    """Bytes on disk under ``folder`` (symbolic links followed once at the top), in MB."""
    folder = folder.resolve()
    return sum(f.stat().st_size for f in folder.rglob("*") if f.is_file()) / 2**20 if folder.is_dir() else 0.0


def child(list_file: Path, out: Path) -> dict:
    """One build of the sources named in ``list_file``; returns timings, memory and size."""
    from r2p_kg.build import build
    from r2p_kg.dist import STORE_DIR
    from r2p_kg.report import read_report
    sources = [Path(line) for line in list_file.read_text().splitlines() if line]
    t = time.perf_counter()
    for s in sources:
        read_report(s)
    parse = time.perf_counter() - t
    t = time.perf_counter()
    with TreeSampler() as sampler:
        result = build(sources, out)
    total = time.perf_counter() - t
    timings = dict(getattr(result, "timings", {}) or {})
    timings.setdefault("parse", parse)
    timings["total"] = total
    return {"reports": len(sources), "quads": result.quads, "seconds": timings,
            # the whole process tree (the build and its workers), sampled; and the parent alone
            "peak_rss_mb": max(sampler.peak, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
            "parent_peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
            "quads_per_second": result.quads / total if total else 0.0,
            "store_mb": folder_mb(out / STORE_DIR)}


def measure(sources: list[Path], workdir: Path) -> dict:
    """Run one child measurement over ``sources``."""
    workdir.mkdir(parents=True, exist_ok=True)
    listing = workdir / f"sources-{len(sources)}.txt"
    listing.write_text("\n".join(str(s) for s in sources) + "\n")
    out = workdir / f"dist-{len(sources)}"
    done = subprocess.run([sys.executable, "-m", "bench.build_bench", "--child", str(listing), str(out)],
                          capture_output=True, text=True, cwd=Path(__file__).resolve().parent.parent)
    if done.returncode != 0:
        raise RuntimeError(f"build of {len(sources)} reports failed:\n{done.stderr[-2000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def exponent(points: list[tuple[int, float]]) -> float | None:
    """Least-squares slope of log(value) against log(N): 1.0 is linear growth."""
    pts = [(math.log(n), math.log(v)) for n, v in points if n > 0 and v > 0]
    if len(pts) < 2:
        return None
    mx = sum(x for x, _ in pts) / len(pts)
    my = sum(y for _, y in pts) / len(pts)
    den = sum((x - mx) ** 2 for x, _ in pts)
    return sum((x - mx) * (y - my) for x, y in pts) / den if den else None


def run(real_report: Path, corpus_sizes: list[int], seed: int = 0, work: Path | None = None) -> dict:
    """The real report, then each corpus size; with growth exponents over the two largest sizes.

    With ``work``, the corpus (``work/corpus``) and each build (``work/dist-N``) are left there for
    the endpoint figures to reuse; otherwise they go with a temporary folder.
    """
    from r2p_kg.report import read_report
    from r2p_kg.synthetic import write_corpus
    results: dict = {"real": None, "corpora": []}
    with tempfile.TemporaryDirectory(prefix="r2p-bench-") as tmp:
        work = work or Path(tmp)
        # Twice: the first pays for what later builds find cached (the ontology docs); the target is
        # the warm figure, and the cold one is kept beside it.
        results["real_cold"] = measure([real_report], work / "real")  # the same folder: its cache
        results["real"] = measure([real_report], work / "real")
        base = read_report(real_report)
        largest = max(corpus_sizes)
        paths = write_corpus(base, largest, work / "corpus", seed=seed)
        for n in corpus_sizes:
            results["corpora"].append(measure(paths[:n], work))
    big = sorted(results["corpora"], key=lambda r: r["reports"])[-2:]
    results["time_exponent"] = exponent([(r["reports"], r["seconds"]["total"]) for r in big])
    results["memory_exponent"] = exponent([(r["reports"], r["peak_rss_mb"]) for r in big])
    return results


if __name__ == "__main__":
    if len(sys.argv) == 4 and sys.argv[1] == "--child":
        print(json.dumps(child(Path(sys.argv[2]), Path(sys.argv[3]))))
    else:
        sys.exit("usage: python -m bench.build_bench --child LISTFILE OUT")
