"""The pre-commit hooks from a downstream repository's point of view: a repository made in a
temporary folder with valid and invalid data runs ``pre-commit try-repo <this checkout> r2p-validate``
(and ``r2p-qc``), as docs/validate.md says. pre-commit and everything it starts run under the
network sandbox (r2p_kg/sandbox.py), so the hooks are shown to need no network at all."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest
import yaml
from junitparser import JUnitXml

from r2p_kg import sandbox
from r2p_kg.config import CHECKOUT, ROOT

pytestmark = [pytest.mark.slow,
              pytest.mark.skipif(not CHECKOUT, reason="needs the checkout (its .pre-commit-hooks.yaml)"),
              pytest.mark.skipif(not sandbox.supported(), reason="the network sandbox needs Linux")]

DOWN = ROOT / "tests" / "shapes" / "data" / "downstream"
SCHEMA = json.loads((ROOT / "tests" / "schemas" / "sarif-2.1.0-rtm.5.json").read_text())
PRE_COMMIT = [sys.executable, "-m", "pre_commit"]


@pytest.fixture()
def downstream(tmp_path) -> tuple[Path, dict[str, str]]:
    repo = tmp_path / "their-repo"
    (repo / "data").mkdir(parents=True)
    shutil.copy(DOWN / "bad.ttl", repo / "data" / "bad.ttl")
    shutil.copy(DOWN / "good.ttl", repo / "data" / "good.ttl")
    (repo / "data" / "undeclared.ttl").write_text(
        "@prefix ex: <https://example.org/> .\n\nex:x a ex:Undeclared .\n", encoding="utf-8")
    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}",
           "PRE_COMMIT_HOME": str(tmp_path / "pre-commit-home"), "GIT_AUTHOR_NAME": "t",
           "GIT_AUTHOR_EMAIL": "t@example.org", "GIT_COMMITTER_NAME": "t",
           "GIT_COMMITTER_EMAIL": "t@example.org", "PRE_COMMIT_COLOR": "never", "NO_COLOR": "1"}
    for args in (["init", "-q"], ["add", "."], ["commit", "-q", "-m", "data"]):
        subprocess.run(["git", *args], cwd=repo, env=env, check=True, capture_output=True)
    return repo, env


def try_repo(repo: Path, env: dict[str, str], hook: str, *files: str) -> subprocess.CompletedProcess:
    return subprocess.run([*PRE_COMMIT, "try-repo", str(ROOT), hook, "--files", *files], cwd=repo, env=env,
                          capture_output=True, text=True, timeout=600, preexec_fn=sandbox.deny_network)


def test_the_manifest_declares_both_hooks():
    hooks = {h["id"]: h for h in yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text())}
    assert set(hooks) == {"r2p-validate", "r2p-qc"}
    assert hooks["r2p-validate"]["entry"] == "r2p-kg validate"
    assert hooks["r2p-qc"]["entry"] == "r2p-kg validate --qc"
    assert all(h["language"] == "unsupported" for h in hooks.values())


def test_validate_hook_fails_on_bad_data_and_names_the_line(downstream):
    repo, env = downstream
    done = try_repo(repo, env, "r2p-validate", "data/bad.ttl")
    assert done.returncode == 1, done.stdout + done.stderr
    assert "r2p SHACL validation" in done.stdout and "Failed" in done.stdout
    assert "data/bad.ttl:26: Violation: <https://w3id.org/r2p/id/report/t/agenda-item/1>" in done.stdout
    assert "data/bad.ttl:69: Violation: <https://w3id.org/r2p/id/report/t/footnote/1>" in done.stdout


def test_validate_hook_passes_valid_data(downstream):
    repo, env = downstream
    done = try_repo(repo, env, "r2p-validate", "data/good.ttl")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "Passed" in done.stdout


def test_qc_hook_names_the_line_of_an_undeclared_class(downstream):
    repo, env = downstream
    done = try_repo(repo, env, "r2p-qc", "data/undeclared.ttl")
    assert done.returncode == 1, done.stdout + done.stderr
    assert "data/undeclared.ttl:3: Violation: <https://example.org/Undeclared>" in done.stdout
    assert try_repo(repo, env, "r2p-qc", "data/good.ttl").returncode == 0


def test_the_same_run_as_sarif_and_junit(downstream):
    """docs/validate.md: the SARIF of the same files validates against SARIF 2.1.0; JUnit parses."""
    repo, env = downstream
    r2p = [str(Path(sys.executable).parent / "r2p-kg"), "validate", "data/bad.ttl"]
    done = subprocess.run([*r2p, "--format", "sarif", "--output", "r2p.sarif"], cwd=repo, env=env,
                          capture_output=True, text=True, preexec_fn=sandbox.deny_network)
    assert done.returncode == 1, done.stderr
    log = json.loads((repo / "r2p.sarif").read_text())
    jsonschema.Draft4Validator(SCHEMA).validate(log)
    lines = {(r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
              r["locations"][0]["physicalLocation"]["region"]["startLine"]) for r in log["runs"][0]["results"]}
    assert lines == {("data/bad.ttl", 26), ("data/bad.ttl", 69)}
    done = subprocess.run([*r2p, "--format", "junit", "--output", "r2p.xml"], cwd=repo, env=env,
                          capture_output=True, text=True, preexec_fn=sandbox.deny_network)
    assert done.returncode == 1
    suite = next(iter(JUnitXml.fromfile(str(repo / "r2p.xml"))))
    assert suite.failures == 3
