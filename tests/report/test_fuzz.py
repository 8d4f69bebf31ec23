"""Mutations of the real report text: every run ends in a valid document model or a ParseError that
names a line — never another exception, never a hang (issue: reliability, parser fuzzing)."""

from __future__ import annotations

import os

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from r2p_kg.errors import ParseError
from r2p_kg.report import LineKind, parse_report

from ..conftest import REPORT_FILE

LINES = REPORT_FILE.read_text(encoding="utf-8").split("\n")
EXAMPLES = int(os.environ.get("R2P_FUZZ_EXAMPLES", "150"))

mutation = st.one_of(
    st.tuples(st.just("delete"), st.integers(0, len(LINES) - 1)),
    st.tuples(st.just("duplicate"), st.integers(0, len(LINES) - 1)),
    st.tuples(st.just("swap"), st.integers(0, len(LINES) - 2)),
    st.tuples(st.just("truncate"), st.integers(0, len(LINES) - 1), st.integers(0, 40)),
    st.tuples(st.just("garbage"), st.integers(0, len(LINES) - 1),
              st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=30)),
    st.tuples(st.just("blank-out"), st.integers(0, len(LINES) - 1)),
)


def mutate(lines: list[str], ops) -> str:
    lines = list(lines)
    for op in ops:
        kind, i = op[0], min(op[1], len(lines) - 1)
        if kind == "delete" and len(lines) > 1:
            del lines[i]
        elif kind == "duplicate":
            lines.insert(i, lines[i])
        elif kind == "swap" and i + 1 < len(lines):
            lines[i], lines[i + 1] = lines[i + 1], lines[i]
        elif kind == "truncate":
            lines[i] = lines[i][: op[2]]
        elif kind == "garbage":
            lines[i] = lines[i][: len(lines[i]) // 2] + op[2]
        elif kind == "blank-out":
            lines[i] = ""
    return "\n".join(lines)


def check_invariants(report) -> None:
    assert [p.number for p in report.paragraphs] == list(range(1, len(report.paragraphs) + 1))
    assert [f.number for f in report.footnotes] == list(range(1, len(report.footnotes) + 1))
    assert [m.footnote for p in report.paragraphs for m in p.markers] == \
        list(range(1, len(report.footnotes) + 1))
    for p in report.paragraphs:
        for m in p.markers:
            assert 0 <= m.offset <= len(p.text)
    for line in report.lines:
        assert (line.kind is LineKind.BLANK) == (not line.text.strip())


@pytest.mark.timeout(120)
@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow],
          derandomize=True)
@given(st.lists(mutation, min_size=1, max_size=4))
def test_mutated_report_parses_or_names_a_line(ops):
    text = mutate(LINES, ops)
    try:
        report = parse_report(text, source="mutated.txt")
    except ParseError as exc:
        assert exc.line is not None and exc.line >= 1
        assert str(exc).startswith("mutated.txt:")
        return
    check_invariants(report)


@pytest.mark.timeout(60)
@settings(max_examples=EXAMPLES // 3, deadline=None, derandomize=True)
@given(st.binary(max_size=2000))
def test_arbitrary_bytes(data):
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return  # read_report turns this into a ParseError; see test_quirks
    try:
        check_invariants(parse_report(text, source="bytes.txt"))
    except ParseError as exc:
        assert exc.line is not None
