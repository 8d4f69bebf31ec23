"""A source cut short is refused, naming the line where its structure breaks off; a BOM is read.

Every expectation below was worked out by hand from the text: the crafted reports are a few lines,
and for the real report the cut points are checked against where its closing section starts.
"""

from __future__ import annotations

import subprocess
import sys

import pytest

from r2p_kg.errors import ParseError
from r2p_kg.report import parse_report, read_report

from ..conftest import REPORT_FILE
from .test_quirks import doc, page

FULL = REPORT_FILE.read_bytes()


def test_the_reported_truncation_is_refused_naming_its_last_line(tmp_path):
    # head -c 30000 of the report: it stops in section 三, after paragraph 39 (of 80).
    cut = tmp_path / "cut.zh.txt"
    cut.write_bytes(FULL[:30000])
    lines = FULL[:30000].decode("utf-8").split("\n")
    with pytest.raises(ParseError) as info:
        read_report(cut)
    assert info.value.line == len(lines)
    assert "section 三" in str(info.value) and "closing section" in str(info.value)
    assert f"cut.zh.txt:{len(lines)}" in str(info.value)


def test_every_cut_of_the_real_report_before_its_end_is_refused(report):
    """Cut after every 9th line: each cut that ends before the closing section's first paragraph
    ends is refused; a cut inside a paragraph of the closing section too (it ends mid-sentence)."""
    text = FULL.decode("utf-8")
    lines = text.split("\n")
    closing = report.sections[-1]
    assert closing.title == "结论和今后步骤" and closing.numeral == "五"
    last_paragraph_lines = {p.lines[-1] for p in report.paragraphs}
    accepted = []
    for k in range(40, len(lines) - 1, 9):
        try:
            cut = parse_report("\n".join(lines[:k]) + "\n", source="cut")
        except ParseError as exc:
            assert exc.line is not None and 1 <= exc.line <= k
            continue
        accepted.append(k)
        # Whole paragraphs of the closing section, ending their sentence: nothing here says more is
        # missing (the report could end there).
        assert cut.sections[-1].title == closing.title
        assert cut.paragraphs[-1].text == report.paragraph(len(cut.paragraphs)).text
        assert max(ln for ln in last_paragraph_lines if ln <= k) >= closing.line
    assert all(k > closing.line for k in accepted)
    # The whole text still parses, with all of it.
    assert len(parse_report(text).paragraphs) == 80


def test_a_section_without_a_paragraph_is_refused():
    text = doc(page("  一． 导言 ", "1. 甲。 ", " 二. 背景 ", "  三． 结论 ", "2. 乙。 "))
    with pytest.raises(ParseError, match="section 二 has no paragraph") as info:
        parse_report(text)
    assert info.value.line == text.split("\n").index(" 二. 背景 ") + 1


def test_a_subsection_without_a_paragraph_is_refused():
    text = doc(page("  一． 结论 ", " A. 小节 ", "1. 甲。 ", " B. 空小节 "))
    with pytest.raises(ParseError, match="subsection 一.B has no paragraph") as info:
        parse_report(text)
    assert info.value.line == text.split("\n").index(" B. 空小节 ") + 1


def test_a_report_ending_before_its_closing_section_is_refused():
    text = doc(page("  一． 导言 ", "1. 甲。 ", " 二. 背景 ", "2. 乙。 "))
    with pytest.raises(ParseError, match=r"ends in section 二 \(背景\)") as info:
        parse_report(text)
    assert info.value.line == len(text.split("\n")) - 1  # the last line (the text ends with a newline)


def test_a_last_paragraph_cut_mid_sentence_is_refused():
    text = doc(page("  一． 结论 ", "1. 甲。 ", "2. 乙方面，会员国应当 "))
    with pytest.raises(ParseError, match="last paragraph, 2, ends mid-sentence") as info:
        parse_report(text)
    assert info.value.line == text.split("\n").index("2. 乙方面，会员国应当 ") + 1


@pytest.mark.parametrize("ending", ["2. 乙。 ", "2. 乙？ ", "2. 他说：“乙。” ", "2. 乙（见上文。） "])
def test_a_sentence_may_end_inside_quotes_or_brackets(ending):
    assert parse_report(doc(page("  一． 结论 ", "1. 甲。 ", ending))).paragraphs[-1].number == 2


def test_a_footnote_marker_without_its_footnote_is_refused():
    # The footnotes' page was cut off: paragraph 1 cites footnote 1, which is nowhere.
    text = doc(page("  一． 结论 ", "1. 见报告。1 "))
    with pytest.raises(ParseError, match="paragraph 1 cites footnote 1, which does not exist"):
        parse_report(text)


def test_a_footnote_nobody_cites_is_refused():
    text = doc(page("  一． 结论 ", "1. 没有引用。 ", "__________________ ", " 1 见 A/1/1。 "))
    with pytest.raises(ParseError, match="footnote 1 is not cited") as info:
        parse_report(text)
    assert info.value.line == text.split("\n").index(" 1 见 A/1/1。 ") + 1


def test_a_byte_order_mark_is_read(tmp_path, report):
    with_bom = tmp_path / "sg-r2p-report-2025.zh.txt"
    with_bom.write_bytes(b"\xef\xbb\xbf" + FULL)
    again = read_report(with_bom)
    assert again.paragraphs == report.paragraphs and again.footnotes == report.footnotes
    assert again.front_matter == report.front_matter
    assert [ln.number for ln in again.lines] == [ln.number for ln in report.lines]


def test_cli_build_refuses_a_truncated_source_and_keeps_the_dataset(tmp_path):
    from r2p_kg.build import build
    out = tmp_path / "dist"
    # The dataset to keep: any build will do (its SHACL run is tested elsewhere, and costs seconds).
    build([REPORT_FILE], out, validate=False)
    before = (out / "build.json").read_bytes(), out.resolve()
    cut = tmp_path / "sg-r2p-report-2025.zh.txt"
    cut.write_bytes(FULL[:30000])
    proc = subprocess.run([sys.executable, "-m", "r2p_kg.cli", "build", "--source", str(cut),
                           "--out", str(out)], capture_output=True, text=True)
    assert proc.returncode == 2
    assert "sg-r2p-report-2025.zh.txt:" in proc.stderr and "closing section" in proc.stderr
    assert "Traceback" not in proc.stderr
    assert ((out / "build.json").read_bytes(), out.resolve()) == before
