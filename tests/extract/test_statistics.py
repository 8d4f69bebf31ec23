"""Every quantitative claim in the body, hand-checked: quote, value, unit, period, place, source footnote."""

from __future__ import annotations

import pytest

from r2p_kg.extract import extract
from r2p_kg.extract.statistics import NUMBER, number_value, period_of

# (paragraph, quote, value, unit, period, places, footnote) read off the report by hand.
STATISTICS = [
    (18, "72%", "72", "PERCENT", "2023", (), 16),
    (18, "每 10 起死亡事件中就有 7 起", "70", "PERCENT", "2023", ("IL", "PS"), 16),
    (21, "3 700 万人", "37000000", "NUM", "2005", (), 24),
    (21, "1.23 亿人", "123000000", "NUM", "2024-10", (), 24),
    (21, "7 210 万人", "72100000", "NUM", "2024-06", (), 24),
    (22, "20%", "20", "PERCENT", "2022", (), 27),
    (22, "10%", "10", "PERCENT", "2022", (), 27),
    (22, "40%", "40", "PERCENT", "2023", (), 28),
    (22, "30%", "30", "PERCENT", "2023", (), 28),
    (22, "21%", "21", "PERCENT", "2023", (), 29),
    (24, "16 个", "16", "NUM", "2024", (), 31),
    (24, "1 637 起", "1637", "NUM", "2024", (), 31),
    (28, "70 万", "700000", "NUM", "2017", (), 33),
    (28, "1万人", "10000", "NUM", "2017", (), 33),
    (39, "118 个", "118", "NUM", None, (), 62),
    (41, "61 个", "61", "NUM", None, (), None),
    (41, "两个", "2", "NUM", None, (), None),
    (41, "56个", "56", "NUM", None, (), 67),
    (42, "141 个", "141", "NUM", None, (), 69),
    (42, "1 200 名", "1200", "NUM", None, (), 69),
    (44, "270万英亩", "2700000", "AC", None, ("CO", "amazon"), 79),
    (51, "8个", "8", "NUM", None, ("south-east-asia",), None),
    (51, "140多名", "140", "NUM", None, ("south-east-asia",), None),
    (55, "56 个", "56", "NUM", None, (), None),
    (60, "四起", "4", "NUM", None, (), 106),
    (60, "15起", "15", "NUM", None, (), None),
    (64, "16 个", "16", "NUM", None, (), 120),
]


@pytest.fixture(scope="module")
def extraction(report):
    return extract(report)


def test_all_statistics(extraction) -> None:
    found = [(s.where.number, s.quote, s.value, s.unit, s.period, tuple(r.key for r in s.places), s.footnote)
             for s in extraction.statistics]
    assert found == STATISTICS


def test_statistics_are_anchored_in_their_paragraph(extraction, report) -> None:
    for s in extraction.statistics:
        assert report.paragraph(s.where.number).text[s.start:s.end] == s.quote
        assert s.measure_zh and s.measure_en


def test_displacement_measures(extraction) -> None:
    labels = {s.value: s.measure_en for s in extraction.statistics if s.where.number == 21}
    assert labels == {"37000000": "forcibly displaced people worldwide",
                      "123000000": "forcibly displaced people worldwide",
                      "72100000": "internally displaced people (more than)"}


@pytest.mark.parametrize("text, value, unit", [
    ("1.23 亿人", "123000000", "NUM"),
    ("3 700 万人", "37000000", "NUM"),
    ("1 637 起", "1637", "NUM"),
    ("72%", "72", "PERCENT"),
    ("每 10 起死亡事件中就有 7 起", "70", "PERCENT"),
    ("270万英亩", "2700000", "AC"),
    ("700多万人", "7000000", "NUM"),  # 多 before 万: more than seven million
    ("10 余万人", "100000", "NUM"),
    ("两个", "2", "NUM"),
])
def test_number_normalisation(text: str, value: str, unit: str) -> None:
    from r2p_kg.extract.statistics import _plain
    m = NUMBER.search(text)
    assert m and m.group() == text
    v, u = number_value(m)
    assert (_plain(v), u) == (value, unit)


@pytest.mark.parametrize("text", ["过去 20 年", "第 140段", "十天内", "十几个会员国", "一个办公室", "2024 年 10 月"])
def test_not_numbers_of_things(text: str) -> None:
    assert NUMBER.search(text) is None or NUMBER.search(text).group() == ""


def test_periods() -> None:
    assert period_of("在 2024 年 1 月至 12 月期间") == "2024"
    assert period_of("从 2005 年的 3 700 万人增至 2024 年 10 月") == "2024-10"
    assert period_of("2024 年 1 月至 6 月") == "2024-01/2024-06"
    assert period_of("过去 20 年") is None


def test_an_impossible_month_is_not_a_period():
    from r2p_kg.extract.statistics import period_of
    assert period_of("在 2006 年 82 月") is None
    assert period_of("在 2024 年 10 月") == "2024-10"
