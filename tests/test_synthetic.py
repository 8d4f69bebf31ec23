"""The synthetic corpus generator and the layout renderer it uses (the parser's inverse)."""

from __future__ import annotations

import subprocess
import sys

from r2p_kg.report import parse_report
from r2p_kg.report.render import render, wrap
from r2p_kg.report.text import join_lines
from r2p_kg.synthetic import synthesize


def test_real_report_survives_render_and_parse(report):
    text = render(report.front_matter, report.sections, report.paragraphs, report.footnotes,
                  {1: ["https://docs.un.org/zh/A/RES/60/1"]})
    again = parse_report(text, slug=report.slug)
    assert again.front_matter == report.front_matter
    assert [(s.title, [u.title for u in s.subsections]) for s in again.sections] == \
        [(s.title, [u.title for u in s.subsections]) for s in report.sections]
    assert [(p.text, p.markers, p.section, p.subsection) for p in again.paragraphs] == \
        [(p.text, p.markers, p.section, p.subsection) for p in report.paragraphs]
    assert [(f.text, f.cited_by, f.ibid_of) for f in again.footnotes] == \
        [(f.text, f.cited_by, f.ibid_of) for f in report.footnotes]
    assert [ln.url for ln in again.links] == ["https://docs.un.org/zh/A/RES/60/1"]


def test_wrap_joins_back():
    text = "见 www.example.org/a-long-path/with-parts; https://example.org/x 和 A/78/901-S/2024/434。"
    for width in range(5, 40):
        assert join_lines(wrap(text, width, in_notes=True)) == text


def test_synthetic_reports_parse_and_vary(report):
    seen = set()
    for i in range(1, 31):
        text = synthesize(report, i, seed=7)
        r = parse_report(text, source=f"s{i}")
        assert 1 <= len(r.paragraphs) <= 110 and r.pages >= 2
        assert [m.footnote for p in r.paragraphs for m in p.markers] == list(range(1, len(r.footnotes) + 1))
        seen.add((len(r.paragraphs), len(r.footnotes), r.pages))
    assert len(seen) > 20  # counts and layouts differ from report to report


def test_deterministic_from_seed(report):
    assert synthesize(report, 4, seed=1) == synthesize(report, 4, seed=1)
    assert synthesize(report, 4, seed=1) != synthesize(report, 4, seed=2)


def test_cli_synth_then_build_a_corpus(tmp_path):
    out = tmp_path / "corpus"
    run = [sys.executable, "-m", "r2p_kg.cli"]
    proc = subprocess.run(run + ["synth", "--count", "3", "--seed", "5", "--out", str(out)],
                          capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    files = sorted(out.glob("*.zh.txt"))
    assert [f.name for f in files] == [f"synthetic-000{i}.zh.txt" for i in (1, 2, 3)]
    args = run + ["build", "--out", str(tmp_path / "dist")]
    for f in files:
        args += ["--source", str(f)]
    proc = subprocess.run(args, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    nq = (tmp_path / "dist" / "r2p.nq").read_text(encoding="utf-8")
    for i in (1, 2, 3):
        assert f"<https://w3id.org/r2p/graph/synthetic-000{i}>" in nq
