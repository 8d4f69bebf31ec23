"""The r2p-kg command as a user runs it."""

from __future__ import annotations

import json
import subprocess
import sys


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "r2p_kg.cli", *args], capture_output=True, text=True)


def test_help_lists_subcommands():
    proc = run("--help")
    assert proc.returncode == 0
    for cmd in ("build", "report", "serve"):
        assert cmd in proc.stdout


def test_report_table():
    proc = run("report")
    assert proc.returncode == 0, proc.stderr
    rows = dict(line.split(None, 1) for line in proc.stdout.splitlines() if not line.startswith(" "))
    assert rows["paragraphs"].strip() == "80"
    assert rows["footnotes"].strip() == "140"
    assert rows["links"].strip() == "140"


def test_report_json():
    proc = run("report", "--format", "json")
    data = json.loads(proc.stdout)
    assert len(data["paragraphs"]) == 80 and len(data["footnotes"]) == 140


def test_report_one_paragraph():
    proc = run("report", "--paragraph", "3")
    assert proc.returncode == 0
    assert "秘书长关于保护责任的首次报告大力推出了落实保护责任的三大支柱战略" in proc.stdout
    assert "[3] 见 A/63/677。" in proc.stdout
    assert "[4] 更多详情见第 70 段。" in proc.stdout


def test_errors_are_one_line_without_traceback(tmp_path):
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"\xff\xfe")
    proc = run("report", str(bad))
    assert proc.returncode == 2
    assert proc.stderr.count("\n") == 1 and "Traceback" not in proc.stderr
    assert "bad.txt:1" in proc.stderr and "UTF-8" in proc.stderr
    proc = run("report", "--paragraph", "81")
    assert proc.returncode == 2 and "no paragraph 81" in proc.stderr
    proc = run("report", str(tmp_path / "missing.txt"))
    assert proc.returncode == 2 and "missing.txt" in proc.stderr and "Traceback" not in proc.stderr


def test_debug_shows_traceback(tmp_path):
    bad = tmp_path / "bad.txt"
    bad.write_text("x\n")
    proc = run("--debug", "report", str(bad))
    assert proc.returncode != 0 and "Traceback" in proc.stderr
