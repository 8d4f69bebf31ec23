"""Shared fixtures: the real report, its document model and a built dataset in a temporary folder."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from r2p_kg.config import ROOT, SOURCE_DIR

REPORT_FILE = SOURCE_DIR / "sg-r2p-report-2025.zh.txt"
# Checked facts the tests compare against (see tests/reference/README.md).
REFERENCE = Path(__file__).parent / "reference"
IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")


def need(condition: bool, reason: str) -> None:
    """Skip on a user's machine when a real part is missing; in CI (CI=true) fail instead."""
    if not condition:
        if IN_CI:
            pytest.fail(f"required in CI: {reason}")
        pytest.skip(reason)


@pytest.fixture(scope="session")
def report():
    from r2p_kg.report import read_report
    return read_report(REPORT_FILE)


@pytest.fixture(scope="session")
def built(tmp_path_factory):
    """The real dataset built once per test session (per test process) into a temporary dist/ folder.

    Without the build's SHACL step: tests/shapes/test_validate_cli.py validates this dataset with
    ``r2p-kg validate``, and the build's own validation is tested where builds are."""
    from r2p_kg.build import build
    out = tmp_path_factory.mktemp("built") / "dist"
    return build([REPORT_FILE], out, validate=False)


@pytest.fixture(scope="session")
def playwright():
    """One Playwright driver for the whole session (a second sync driver cannot start while one
    runs), driving Debian's Chromium; skips on a user's machine without it, fails in CI."""
    import shutil

    from r2p_kg.web.pages.vendor import missing
    need(Path("/usr/bin/chromium").is_file() and shutil.which("chromium") is not None,
         "Debian's chromium is not installed (apt-get install chromium)")
    need(not missing(), "front-end libraries not vendored: run 'make setup' (npm ci + copy)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        need(False, "playwright for Python is not installed")
    (ROOT / "test-artifacts").mkdir(exist_ok=True)
    with sync_playwright() as pw:
        yield pw


# --- tiers: `make test-fast` deselects these; `make test` (CI) runs them all ----------------------
# Marked by where a test lives, so a new test in these folders joins its tier without a decorator
# (a prefix may name a file, or a test in it).
TIERS = {
    "browser": ("tests/browser/", "tests/reliability/test_browser_xss.py"),
    "store": ("tests/export/",),
    "soak": ("tests/reliability/",),
    "slow": ("tests/test_build_kill.py", "tests/test_synthetic.py", "tests/test_bench.py",
             "tests/test_corpus_graphs.py", "tests/ontology/test_reasoning.py", "tests/ontology/test_hermit.py",
             "tests/report/test_fuzz.py", "tests/test_wheel.py",
             # whole builds with SHACL and the ontology docs, several each (5-10 s apiece)
             "tests/test_build.py::test_cli_build", "tests/test_build.py::test_corpus_builds_in_parallel",
             "tests/test_build.py::test_two_builds_give_the_same_bytes",
             "tests/test_build.py::test_failure_while_writing_leaves_previous_output",
             "tests/test_build_pin.py", "tests/web/test_meta.py::test_void_names_the_base_the_build_used",
             "tests/shapes/test_validate_cli.py::test_validate_catches_claims_broken_in_the_built_data",
             "tests/shapes/test_validate_cli.py::test_built_dataset_conforms",
             "tests/pages/test_conneg.py::test_every_iri_in_the_data_dereferences",
             "tests/ontology/test_docs.py::test_docs_are_deterministic"),
}


# The longest tests start first, so that the parallel workers (pytest-xdist) do not end the run
# waiting on one of them that happened to come last (the order within a file is kept).
LONG_FIRST = ("tests/reliability/test_web_memory.py", "tests/test_bench.py", "tests/test_build_kill.py",
              "tests/export/test_push.py", "tests/export/test_serve_backend.py", "tests/browser/test_crawl.py",
              "tests/test_synthetic.py", "tests/test_corpus_graphs.py", "tests/ontology/test_reasoning.py")


def pytest_collection_modifyitems(config, items) -> None:
    for item in items:
        path = Path(str(item.fspath)).relative_to(ROOT).as_posix()
        node = path + item.nodeid[item.nodeid.index("::"):] if "::" in item.nodeid else path
        for marker, prefixes in TIERS.items():
            if node.startswith(prefixes):
                item.add_marker(getattr(pytest.mark, marker))
    items.sort(key=lambda item: not Path(str(item.fspath)).relative_to(ROOT).as_posix().startswith(LONG_FIRST))
