"""`r2p-kg query FILE [--format table|csv|json|tsv]` on a built dataset."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from r2p_kg.cli import main
from r2p_kg.config import QUERIES_DIR

QUERY = str(QUERIES_DIR / "pillars-by-paragraph.rq")


def _run(capsys, *args: str) -> tuple[int, str, str]:
    code = main(["query", *args])
    out, err = capsys.readouterr()
    return code, out, err


def test_table(built, capsys) -> None:
    code, out, _ = _run(capsys, QUERY, "--dist", str(built.out))
    lines = out.splitlines()
    assert code == 0 and lines[0].split() == ["paragraph", "n", "pillar"]
    assert lines[-1] == "(16 rows)"            # paras 3 9 35 70 73: three pillars each; para 57: one


@pytest.mark.parametrize("fmt", ["csv", "tsv"])
def test_csv_and_tsv(built, capsys, fmt: str) -> None:
    code, out, _ = _run(capsys, QUERY, "--dist", str(built.out), "--format", fmt)
    rows = list(csv.reader(io.StringIO(out), delimiter="," if fmt == "csv" else "\t"))
    assert code == 0 and len(rows) == 17
    assert rows[0] == (["paragraph", "n", "pillar"] if fmt == "csv" else ["?paragraph", "?n", "?pillar"])


def test_json(built, capsys) -> None:
    code, out, _ = _run(capsys, QUERY, "--dist", str(built.out), "--format", "json")
    data = json.loads(out)
    assert code == 0 and data["head"]["vars"] == ["paragraph", "n", "pillar"]
    assert data["results"]["bindings"][0]["pillar"]["value"] == "https://w3id.org/r2p/id/pillar/1"


def test_missing_dataset_is_a_clear_error(tmp_path: Path, capsys) -> None:
    code, _, err = _run(capsys, QUERY, "--dist", str(tmp_path))
    assert code != 0 and "run 'r2p-kg build' first" in err


def test_missing_query_file_is_a_clear_error(built, tmp_path: Path, capsys) -> None:
    code, _, err = _run(capsys, str(tmp_path / "nope.rq"), "--dist", str(built.out))
    assert code != 0 and "no such query file" in err
