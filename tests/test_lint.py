"""The linter and the type checker pass on the whole tree (issue 15, item 7).

Both run from the test environment's own executables, with the settings in pyproject.toml: ruff
over every Python file of the checkout, mypy over the packages it lists. A finding fails the test
and its output is the failure message. Both are quick (ruff well under a second; mypy a few seconds
cold, under one with its cache in .mypy_cache), so they belong to the fast tier too.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent


@pytest.mark.parametrize("command", [["ruff", "check", "--no-fix", "."], ["mypy"]], ids=["ruff", "mypy"])
def test_the_tree_is_clean(command: list[str]) -> None:
    tool = BIN / command[0]
    assert tool.is_file(), f"{tool.name} is not installed in the test environment: run make setup"
    proc = subprocess.run([str(tool), *command[1:]], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, f"{' '.join(command)} found problems:\n{proc.stdout}{proc.stderr}"
