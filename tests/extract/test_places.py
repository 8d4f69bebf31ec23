"""Countries and regions: every paragraph's and footnote's, hand-checked against the report."""

from __future__ import annotations

import pytest

from r2p_kg.extract import extract
from r2p_kg.extract.base import Passage
from r2p_kg.extract.gazetteer import load_gazetteer
from r2p_kg.extract.model import FOOTNOTE, PARAGRAPH, Mention, Where
from r2p_kg.extract.names import CountryRule, RegionRule

# ISO 3166-1 alpha-2 codes of the countries and territories each paragraph names, in order of first
# mention (巴勒斯坦被占领土 -> PS; 缅甸联邦共和国 -> MM; 苏丹北达尔富尔州 -> SD + region).
PARAGRAPH_COUNTRIES: dict[int, list[str]] = {
    14: ["CD", "ET", "IL", "PS", "MM", "SD", "UA", "YE"],
    18: ["IL", "PS", "MM", "SD", "UA"],
    20: ["PS", "MM", "SD"],
    23: ["PS", "SD", "SY", "YE"],
    28: ["MM"],
    29: ["HT"],
    32: ["AF"],
    43: ["CO", "NP", "PH", "TL"],
    44: ["AU", "CA", "FI", "NO", "SE", "CH", "CO"],
    46: ["GM"],
    52: ["KE", "KG"],
    57: ["BR"],
    58: ["PS", "UA"],
}
FOOTNOTE_COUNTRIES: dict[int, list[str]] = {
    13: ["IL", "PS"],
    54: ["CF", "KE", "LR", "NE", "NG", "RW", "UG", "TZ", "ZM"],
    106: ["GM", "MM", "SD", "AE", "ZA", "IL", "UA", "RU"],
}
PARAGRAPH_REGIONS: dict[int, list[str]] = {
    18: ["great-lakes-region", "lake-chad-basin", "sahel"],
    23: ["north-darfur"],
    28: ["rakhine"],
    29: ["port-au-prince"],
    40: ["africa", "asia-pacific", "latin-america-caribbean"],
    44: ["amazon"],
    51: ["south-east-asia"],
    53: ["asia-pacific"],
}
FOOTNOTE_REGIONS: dict[int, list[str]] = {13: ["east-jerusalem"]}


@pytest.fixture(scope="module")
def extraction(report):
    return extract(report)


def _by_passage(extraction, kind: str, where_kind: str, count: int) -> dict[int, list[str]]:
    found = {n: [r.key for r in extraction.refs_in(Where(where_kind, n), kind)] for n in range(1, count + 1)}
    return {n: keys for n, keys in found.items() if keys}


def test_countries_per_paragraph(extraction, report) -> None:
    assert _by_passage(extraction, "country", PARAGRAPH, len(report.paragraphs)) == PARAGRAPH_COUNTRIES


def test_countries_per_footnote(extraction, report) -> None:
    assert _by_passage(extraction, "country", FOOTNOTE, len(report.footnotes)) == FOOTNOTE_COUNTRIES


def test_regions_per_paragraph(extraction, report) -> None:
    assert _by_passage(extraction, "region", PARAGRAPH, len(report.paragraphs)) == PARAGRAPH_REGIONS


def test_regions_per_footnote(extraction, report) -> None:
    assert _by_passage(extraction, "region", FOOTNOTE, len(report.footnotes)) == FOOTNOTE_REGIONS


def _places(text: str) -> list[tuple[str, str]]:
    gaz = load_gazetteer()
    passage = Passage(Where(PARAGRAPH, 1), text)
    return [(m.entity.key, m.quote) for rule in (CountryRule(), RegionRule())
            for m in rule.apply(passage, gaz) if isinstance(m, Mention)]


@pytest.mark.parametrize("text, expected", [
    ("南苏丹和苏丹", [("SS", "南苏丹"), ("SD", "苏丹")]),
    ("尼日尔、尼日利亚", [("NE", "尼日尔"), ("NG", "尼日利亚")]),
    ("几内亚比绍和几内亚", [("GW", "几内亚比绍"), ("GN", "几内亚")]),
    ("刚果民主共和国", [("CD", "刚果民主共和国")]),
    ("中非共和国", [("CF", "中非共和国")]),
    ("乍得湖盆地", [("lake-chad-basin", "乍得湖盆地")]),
    ("萨赫勒区域", [("sahel", "萨赫勒区域")]),
    ("非洲联盟", []),                      # an organization, not the region 非洲
    ("大湖区问题国际会议", []),            # an organization, not the region 大湖区
    ("以色列人", [("IL", "以色列")]),      # the country is still named
])
def test_longest_match_and_no_names_inside_longer_names(text: str, expected) -> None:
    assert sorted(_places(text)) == sorted(expected)


def test_every_iso_country_is_recognised_in_chinese() -> None:
    import babel
    gaz = load_gazetteer()
    countries = {e.key for e in gaz.entities.values() if e.kind == "country"}
    assert len(countries) == 249                    # ISO 3166-1 alpha-2 today
    assert {"PS", "TW", "HK", "EH"} <= countries and not {"EU", "UN", "XK", "ZZ"} & countries
    zh = babel.Locale("zh").territories
    for code in sorted(countries):
        assert gaz.names[zh[code]].key == code


def test_country_labels_and_classes(extraction) -> None:
    by_key = {e.key: e for e in extraction.entities if e.kind == "country"}
    assert by_key["MM"].label_en == "Myanmar" and by_key["MM"].label_zh == "缅甸"
    assert by_key["CD"].label_en == "Democratic Republic of the Congo"
    assert by_key["PS"].classes == ("Territory",)
    assert by_key["SD"].classes == ("State",)
    regions = {e.key: e for e in extraction.entities if e.kind == "region"}
    assert regions["north-darfur"].parent.key == "SD" and regions["rakhine"].parent.key == "MM"


def test_un_names_are_the_labels_and_cldr_names_alternatives() -> None:
    """The 193 Member States and the 2 observer States carry the UN's names (hand-checked ones below)."""
    gaz = load_gazetteer()
    countries = {e.key: e for e in gaz.entities.values() if e.kind == "country"}
    states = {k for k, e in countries.items() if e.classes == ("State",)}
    assert len(states) == 194                       # 193 Member States + the Holy See
    assert ((countries["PS"].label_zh, countries["PS"].label_en)
            == ("巴勒斯坦被占领土", "Occupied Palestinian Territory"))
    assert countries["PS"].classes == ("Territory",) and "巴勒斯坦领土" in countries["PS"].titles_zh
    assert ((countries["CD"].label_zh, countries["CD"].label_en)
            == ("刚果民主共和国", "Democratic Republic of the Congo"))
    assert "刚果（金）" in countries["CD"].titles_zh and "Congo - Kinshasa" in countries["CD"].alt_en
    assert (countries["SY"].label_zh, countries["SY"].label_en) == ("阿拉伯叙利亚共和国", "Syrian Arab Republic")
    assert (countries["VA"].label_zh, countries["VA"].label_en) == ("教廷", "Holy See")
    assert countries["EH"].classes == ("Territory",) and countries["TW"].classes == ("Country",)
    for form, code in (("刚果（金）", "CD"), ("刚果布", "CG"), ("叙利亚", "SY"), ("俄罗斯", "RU"),
                       ("巴勒斯坦国", "PS")):
        assert gaz.names[form].key == code
