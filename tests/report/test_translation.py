"""The English reading (data/translations/): the real file checks against the real report, and every
kind of broken row fails with the file and line."""

from __future__ import annotations

from pathlib import Path

import pytest

from r2p_kg.errors import TranslationError
from r2p_kg.report.translation import (
    check_translation,
    load_translation,
    lost_tokens,
    read_translation,
    translation_path,
)

REAL = translation_path("sg-2025")


@pytest.fixture(scope="module")
def translation(report):
    return load_translation(report)


def test_real_translation_covers_every_unit(report, translation):
    assert translation is not None
    kinds = [k for k, _ in translation.units]
    assert kinds.count("paragraph") == 80 == len(report.paragraphs)
    assert kinds.count("footnote") == 140 == len(report.footnotes)
    assert kinds.count("section") == 5
    assert sorted(n for k, n in translation.units if k == "subsection") == [
        "2.A", "2.B", "2.C", "2.D", "2.E", "3.A", "3.B", "3.C", "3.D"]
    assert {("title", "1"), ("title-note", "1"), ("summary", "1")} <= set(translation.units)


def test_real_translation_says_it_is_unofficial(translation):
    assert "nofficial" in translation.notice and "not the English version" in translation.notice
    assert translation.translator == "r2p-kg project"
    readme = (REAL.parent / "README.md").read_text(encoding="utf-8")
    assert "**Unofficial.**" in readme


def test_real_translation_facts_checked_by_hand(translation):
    # 第 21 段: 3 700 万 (2005) -> 1.23 亿 (2024 年 10 月); 7 210 万 internally displaced.
    p21 = translation.paragraph(21)
    assert "37 million in 2005" in p21 and "123 million in October 2024" in p21 and "72.1 million" in p21
    assert translation.footnote(1) == "General Assembly resolution 60/1."
    assert translation.footnote(9) == "Ibid., para. 35 (g), action 14."
    assert translation.footnote(15) == "See https://unstats.un.org/sdgs/report/2024/Goal-16/."
    assert translation.section(1) == "Introduction"
    assert translation.subsection(2, "B") == "Humanitarian impact of conflicts"
    assert "Occupied Palestinian Territory" in translation.paragraph(14)


def _write(tmp_path: Path, edit) -> Path:
    lines = REAL.read_text(encoding="utf-8").split("\n")
    lines = edit(lines)
    out = tmp_path / REAL.name
    out.write_text("\n".join(lines), encoding="utf-8")
    return out


def _line_of(lines: list[str], prefix: str) -> int:
    return next(i for i, ln in enumerate(lines, start=1) if ln.startswith(prefix))


def _check(report, path: Path) -> None:
    check_translation(read_translation(path), report)


def test_swapped_rows_are_caught_with_their_line(report, tmp_path):
    lines = REAL.read_text(encoding="utf-8").split("\n")
    a, b = _line_of(lines, "paragraph\t21\t"), _line_of(lines, "paragraph\t22\t")

    def swap(ls):
        ls[a - 1], ls[b - 1] = ("paragraph\t21\t" + ls[b - 1].split("\t", 2)[2],
                                "paragraph\t22\t" + ls[a - 1].split("\t", 2)[2])
        return ls
    with pytest.raises(TranslationError) as err:
        _check(report, _write(tmp_path, swap))
    assert err.value.where == f"sg-2025.en.tsv:{a}"
    assert "paragraph 21" in err.value.message and "37000000" in err.value.message


def test_truncated_url_is_caught(report, tmp_path):
    lines = REAL.read_text(encoding="utf-8").split("\n")
    n = _line_of(lines, "footnote\t22\t")

    def cut(ls):
        ls[n - 1] = ls[n - 1][:-25] + "."
        return ls
    with pytest.raises(TranslationError) as err:
        _check(report, _write(tmp_path, cut))
    assert err.value.where == f"sg-2025.en.tsv:{n}" and "URL" in err.value.message


def test_changed_resolution_number_is_caught(report, tmp_path):
    lines = REAL.read_text(encoding="utf-8").split("\n")
    n = _line_of(lines, "footnote\t6\t")

    def change(ls):
        ls[n - 1] = ls[n - 1].replace("75/277", "75/272")
        return ls
    with pytest.raises(TranslationError, match="75/277"):
        _check(report, _write(tmp_path, change))


def test_duplicate_row_names_both_lines(report, tmp_path):
    lines = REAL.read_text(encoding="utf-8").split("\n")
    n = _line_of(lines, "paragraph\t5\t")
    with pytest.raises(TranslationError) as err:
        read_translation(_write(tmp_path, lambda ls: ls + [ls[n - 1]]))
    assert err.value.where == f"sg-2025.en.tsv:{len(lines) + 1}"
    assert f"first on line {n}" in err.value.message


def test_missing_and_extra_units(report, tmp_path):
    lines = REAL.read_text(encoding="utf-8").split("\n")
    n = _line_of(lines, "footnote\t140\t")
    with pytest.raises(TranslationError, match="1 unit.* no text: footnote 140"):
        _check(report, _write(tmp_path, lambda ls: ls[:n - 1] + ls[n:]))
    with pytest.raises(TranslationError) as err:
        _check(report, _write(tmp_path, lambda ls: ls + ["paragraph\t81\tOne paragraph too many."]))
    assert err.value.where == f"sg-2025.en.tsv:{len(lines) + 1}"
    assert "paragraph 81 is not a unit of report sg-2025" in err.value.message


@pytest.mark.parametrize("row, message", [
    ("chapter\t1\tText", "unknown kind 'chapter'"),
    ("subsection\t2a\tText", "bad number '2a'"),
    ("paragraph\t0\tText", "bad number '0'"),
    ("paragraph\t1", "expected 3 tab-separated cells"),
    ("paragraph\t3\t ", "the text is empty"),
])
def test_malformed_rows_name_the_line(tmp_path, row, message):
    path = tmp_path / "x.en.tsv"
    path.write_text("# notice: unofficial\n# report: x\n# language: en\n# translator: t\n"
                    f"kind\tnumber\ttext\n{row}\n", encoding="utf-8")
    with pytest.raises(TranslationError) as err:
        read_translation(path)
    assert err.value.where == "x.en.tsv:6" and message in err.value.message


def test_missing_notice_header_is_refused(tmp_path):
    path = tmp_path / "x.en.tsv"
    path.write_text("# report: x\n# language: en\n# translator: t\nkind\tnumber\ttext\n", encoding="utf-8")
    with pytest.raises(TranslationError, match="# notice"):
        read_translation(path)


def test_no_file_means_no_translation(report, tmp_path):
    assert load_translation(report, folder=tmp_path) is None


def test_number_check_scales_chinese_units_and_months():
    assert lost_tokens("从 2005 年的 3 700 万人增至 1.23 亿人", "from 37 million in 2005 to 123 million") == []
    assert lost_tokens("2024 年 7 月19 日", "19 July 2024") == []
    assert lost_tokens("2024 年 7 月19 日", "19 June 2024") == ["month 7"]
    assert lost_tokens("1 637 起", "1,637 attacks") == []
    assert lost_tokens("1 637 起", "637 attacks") == ["number '1637'"]
