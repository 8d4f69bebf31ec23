"""The composite CI action (action.yml), run the way a runner runs it: its shell steps in order with
the runner's variables, the wheel installed into a fresh environment, on a downstream repository's
files. Steps that call other actions (setup-python) are the runner's job and are not run here; the
network sandbox shows that the steps need no network once the wheel and its dependencies are there."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import jsonschema
import pytest
import yaml

from r2p_kg import sandbox
from r2p_kg.config import CHECKOUT, ROOT

from .packaging import build_wheel, fresh_environment
from .shapes.conftest import as_written_by_0_1_0

pytestmark = [pytest.mark.slow,
              pytest.mark.skipif(not CHECKOUT, reason="needs the checkout (its action.yml)"),
              pytest.mark.skipif(not sandbox.supported(), reason="the network sandbox needs Linux")]

ACTION = yaml.safe_load((ROOT / "action.yml").read_text(encoding="utf-8")) if CHECKOUT else {}
DOWN = ROOT / "tests" / "shapes" / "data" / "downstream"
SCHEMA = json.loads((ROOT / "tests" / "schemas" / "sarif-2.1.0-rtm.5.json").read_text())


def test_the_action_is_composite_and_pastes_no_input_into_scripts():
    assert ACTION["runs"]["using"] == "composite"
    runs = [s["run"] for s in ACTION["runs"]["steps"] if "run" in s]
    assert len(runs) == 2
    for script in runs:
        assert "${{" not in script, "inputs reach scripts through env:, never pasted into the text"
    assert {"files", "shapes", "ontology", "strict", "sarif-file", "wheel"} <= set(ACTION["inputs"])


@pytest.fixture(scope="module")
def runner(tmp_path_factory) -> dict[str, str]:
    """A fresh Python environment first on PATH (as setup-python leaves it), whose only packages are
    this venv's dependencies as plain path entries (so pip finds them installed and fetches nothing)."""
    tmp = tmp_path_factory.mktemp("runner")
    env_dir = tmp / "python"
    fresh_environment(env_dir)
    wheel = build_wheel(tmp / "wheels")
    (tmp / "runner-temp").mkdir()
    return {"PATH": f"{env_dir / 'bin'}{os.pathsep}/usr/bin{os.pathsep}/bin", "HOME": str(tmp),
            "RUNNER_TEMP": str(tmp / "runner-temp"), "GITHUB_ACTION_PATH": str(ROOT),
            "PIP_NO_INDEX": "1", "PIP_DISABLE_PIP_VERSION_CHECK": "1", "WHEEL": str(wheel)}


def run_action(runner: dict[str, str], workdir: Path, **inputs: str) -> tuple[int, str, dict[str, str]]:
    """Each shell step in order, with env: values filled in from the inputs (and their defaults)."""
    values = {k: str(v.get("default", "")) for k, v in ACTION["inputs"].items()}
    values.update({k.replace("_", "-"): v for k, v in inputs.items()})
    outputs = workdir / "github-output"
    outputs.write_text("")
    log = ""
    for step in ACTION["runs"]["steps"]:
        if "run" not in step:
            continue
        env = {**runner, "GITHUB_OUTPUT": str(outputs)}
        for name, expr in step.get("env", {}).items():
            key = expr.strip().removeprefix("${{ inputs.").removesuffix(" }}")
            env[name] = values[key]
        done = subprocess.run(["bash", "-e", "-c", step["run"]], cwd=workdir, env=env, capture_output=True,
                              text=True, timeout=600, preexec_fn=sandbox.deny_network)
        log += done.stdout + done.stderr
        if done.returncode != 0:
            break
    found = dict(line.split("=", 1) for line in outputs.read_text().splitlines() if "=" in line)
    return done.returncode, log, found


@pytest.fixture()
def repo(tmp_path) -> Path:
    (tmp_path / "data" / "more").mkdir(parents=True)
    shutil.copy(DOWN / "bad.ttl", tmp_path / "data" / "more" / "bad.ttl")
    shutil.copy(DOWN / "good.ttl", tmp_path / "data" / "good.ttl")
    return tmp_path


def test_the_action_writes_sarif_and_fails_on_violations(runner, repo):
    code, log, outputs = run_action(runner, repo, files="data/more/*.ttl", wheel=runner["WHEEL"])
    assert code == 1, log
    assert "r2p-kg 0.1.0" in log and "data/more/bad.ttl:69: Violation" in log
    assert outputs == {"sarif-file": "r2p-validate.sarif", "exit-code": "1"}
    sarif = json.loads((repo / "r2p-validate.sarif").read_text())
    jsonschema.Draft4Validator(SCHEMA).validate(sarif)
    assert {r["locations"][0]["physicalLocation"]["region"]["startLine"]
            for r in sarif["runs"][0]["results"]} == {26, 69}


def test_the_action_passes_valid_files_with_a_pinned_version(runner, repo):
    good = repo / "data" / "good.ttl"  # the data as release 0.1.0 typed it
    good.write_text(as_written_by_0_1_0(good.read_text(encoding="utf-8")), encoding="utf-8")
    code, log, outputs = run_action(runner, repo, files="data/good.ttl\n", shapes="0.1.0",
                                    wheel=runner["WHEEL"], sarif_file="out/r.sarif")
    assert code == 0, log
    assert outputs["exit-code"] == "0"
    props = json.loads((repo / "out" / "r.sarif").read_text())["runs"][0]["properties"]
    assert props["shapesVersion"] == "0.1.0"


def test_a_pattern_matching_nothing_is_an_error(runner, repo):
    code, log, _ = run_action(runner, repo, files="data/*.nt", wheel=runner["WHEEL"])
    assert code == 2
    assert "::error::r2p-kg validate: no file matches 'data/*.nt'" in log
