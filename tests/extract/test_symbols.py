"""UN document symbols: normalisation on crafted strings, and every footnote's citations, hand-checked."""

from __future__ import annotations

import pytest

from r2p_kg.extract import extract
from r2p_kg.extract.base import Passage
from r2p_kg.extract.gazetteer import load_gazetteer
from r2p_kg.extract.model import FOOTNOTE, PARAGRAPH, Mention, Where
from r2p_kg.extract.symbols import ChineseResolutionRule, LatinSymbolRule, split_joint, symbol_year
from r2p_kg.iris import Iris


def symbols(text: str, kind: str = FOOTNOTE) -> list[tuple[str, str]]:
    """(symbol, quote) pairs the two symbol rules find in a crafted passage, in text order."""
    gaz = load_gazetteer()
    passage = Passage(Where(kind, 1), text)
    found = [m for rule in (LatinSymbolRule(), ChineseResolutionRule())
             for m in rule.apply(passage, gaz) if isinstance(m, Mention)]
    for m in found:
        assert text[m.start:m.end] == m.quote
    return [(m.entity.key, m.quote) for m in sorted(found)]


@pytest.mark.parametrize("text, expected", [
    ("见 A/63/677。", [("A/63/677", "A/63/677")]),
    ("见 E/CN.4/Sub.2/1997/20/Rev.1。", [("E/CN.4/Sub.2/1997/20/Rev.1", "E/CN.4/Sub.2/1997/20/Rev.1")]),
    ("见 A/77/CRP.1/Add.8。", [("A/77/CRP.1/Add.8", "A/77/CRP.1/Add.8")]),
    ("见 A/ES-10/794 和 A/78/901。", [("A/ES-10/794", "A/ES-10/794"), ("A/78/901", "A/78/901")]),
    ("见 A/HRC/EMRIP/2009/6，国际劳工组织", [("A/HRC/EMRIP/2009/6", "A/HRC/EMRIP/2009/6")]),
    ("见 www.example.org/；E/C.19/2025/4。", [("E/C.19/2025/4", "E/C.19/2025/4")]),
])
def test_latin_symbols(text: str, expected: list[tuple[str, str]]) -> None:
    assert symbols(text) == expected


def test_joint_symbol_is_two_documents_with_their_own_spans() -> None:
    assert symbols("见 A/78/901-S/2024/434。") == [("A/78/901", "A/78/901"), ("S/2024/434", "S/2024/434")]
    assert split_joint("A/65/877-S/2011/393") == [(0, "A/65/877"), (9, "S/2011/393")]
    assert split_joint("A/ES-10/794") == [(0, "A/ES-10/794")]


def test_symbols_inside_urls_are_not_read() -> None:
    assert symbols("见 https://undocs.org/A/63/677 和 www.un.org/S/2007/721。") == []


def test_icc_record_number_is_not_a_un_symbol() -> None:
    assert symbols("国际刑事法院，ICC-01/19 号文件，第 71 段。") == []


@pytest.mark.parametrize("text, expected", [
    ("大会第 60/1 号决议。", [("A/RES/60/1", "大会第 60/1 号决议")]),
    ("见大会第 79/1号决议。", [("A/RES/79/1", "大会第 79/1号决议")]),
    ("安全理事会第 1674(2006)号决议", [("S/RES/1674(2006)", "安全理事会第 1674(2006)号决议")]),
    ("人权理事会第 44/14(2020)号决议", [("A/HRC/RES/44/14", "人权理事会第 44/14(2020)号决议")]),
    ("大会第 377(V)号决议。", [("A/RES/377(V)", "大会第 377(V)号决议")]),
    ("安全理事会在第 2417(2018)号决议中", [("S/RES/2417(2018)", "安全理事会在第 2417(2018)号决议")]),
    ("(第 47/135 号决议)", [("A/RES/47/135", "第 47/135 号决议")]),
])
def test_chinese_resolutions(text: str, expected: list[tuple[str, str]]) -> None:
    assert symbols(text) == expected


def test_chinese_lists_give_one_symbol_per_item() -> None:
    text = ("安全理事会第 1674(2006)和 1894(2009)号决议；大会第 63/308 和 75/277 号决议；"
            "人权理事会第 44/14(2020)、7/25(2008)和 55/13(2024)号决议。")
    assert symbols(text) == [
        ("S/RES/1674(2006)", "1674(2006)"), ("S/RES/1894(2009)", "1894(2009)"),
        ("A/RES/63/308", "63/308"), ("A/RES/75/277", "75/277"),
        ("A/HRC/RES/44/14", "44/14(2020)"), ("A/HRC/RES/7/25", "7/25(2008)"),
        ("A/HRC/RES/55/13", "55/13(2024)")]


def test_bare_resolution_inherits_the_organ_named_before() -> None:
    text = "安全理事会第1970(2011)和 1973(2011)号决议与保护责任相吻合，但第 1973(2011)号决议的执行"
    assert [s for s, _ in symbols(text, PARAGRAPH)] == ["S/RES/1970(2011)", "S/RES/1973(2011)",
                                                         "S/RES/1973(2011)"]


def test_years_from_symbol_or_text() -> None:
    assert symbol_year("S/RES/1674(2006)") == 2006
    assert symbol_year("S/2007/721") == 2007
    assert symbol_year("E/CN.4/Sub.2/1997/20/Rev.1") == 1997
    assert symbol_year("A/63/677") is None
    gaz = load_gazetteer()
    found = list(ChineseResolutionRule().apply(Passage(Where(FOOTNOTE, 1), "人权理事会第 49/9(2022)号决议"), gaz))
    entity = next(f for f in found if not isinstance(f, Mention))
    assert (entity.symbol, entity.year, entity.classes) == ("A/HRC/RES/49/9", 2022, ("HumanRightsCouncilResolution",))


def test_document_iris_follow_akn4un() -> None:
    iris = Iris()
    assert iris.document("A/RES/60/1").endswith("/id/document/A-RES-60-1")
    assert iris.document("S/RES/1674(2006)").endswith("/id/document/S-RES-1674-2006")


# Every footnote's cited UN document symbols, read off the report by hand (docs.un.org links are in
# the page link lists, not in the text; 同上 footnotes inherit from the footnote they repeat).
JOINT_2024 = ("A/78/901", "S/2024/434")
FOOTNOTE_SYMBOLS: dict[int, tuple[str, ...]] = {
    1: ("A/RES/60/1",), 2: ("S/2007/721",), 3: ("A/63/677",), 4: (), 5: ("A/ES-10/794", "A/78/901"),
    6: ("S/RES/1674(2006)", "S/RES/1894(2009)", "A/RES/63/308", "A/RES/75/277", "A/HRC/RES/44/14",
        "A/HRC/RES/7/25", "A/HRC/RES/22/22", "A/HRC/RES/28/34", "A/HRC/RES/37/26", "A/HRC/RES/43/29",
        "A/HRC/RES/49/9", "A/HRC/RES/55/13"),
    7: ("A/77/CRP.1/Add.8",), 8: ("A/RES/79/1",), 9: ("A/RES/79/1",), 10: ("A/77/246",),
    11: ("S/2024/385",), 12: ("S/2024/385",), 13: (), 14: ("S/2024/434",), 15: (), 16: (),
    17: JOINT_2024, 18: ("A/77/718",), 19: ("A/78/535",), 20: ("A/HRC/55/48",), 21: (), 22: (),
    23: ("A/HRC/55/29",), 24: (), 25: (), 26: ("S/2024/292",), 27: (), 28: (),
    29: ("A/78/842", "S/2024/384"), 30: (), 31: (), 32: JOINT_2024, 33: (), 34: (),
    35: ("A/HRC/57/56",), 36: (), 37: (), 38: ("S/2025/28",), 39: ("A/75/982", "A/77/CRP.1/Add.8"),
    40: ("A/79/319",), 41: ("A/77/CRP.1/Add.7",), 42: ("A/HRC/56/49",), 43: ("A/79/797", "S/2025/109"),
    44: ("A/HRC/EMRIP/2009/6",), 45: ("E/C.19/2025/4",), 46: (), 47: (), 48: ("A/RES/47/135",), 49: (),
    50: ("A/HRC/49/46", "A/HRC/46/57"), 51: (), 52: (), 53: ("A/63/677",), 54: (), 55: (), 56: (),
    57: (), 58: ("A/63/677",), 59: ("A/79/552", "S/2024/767"), 60: (), 61: JOINT_2024,
    62: ("A/75/224",), 63: ("A/HRC/41/24",) + JOINT_2024, 64: (), 65: (), 66: (), 67: (), 68: (),
    69: (), 70: ("E/CN.4/Sub.2/1997/20/Rev.1",), 71: ("A/HRC/37/65",), 72: (), 73: (), 74: (), 75: (),
    76: (), 77: (), 78: (), 79: (), 80: (), 81: ("A/65/877", "S/2011/393"), 82: (),
    83: ("S/RES/2337(2017)",), 84: (), 85: (), 86: (), 87: (), 88: (), 89: (), 90: (), 91: (), 92: (),
    93: (), 94: (), 95: (), 96: (), 97: ("A/66/551", "S/2011/701"), 98: ("A/RES/377(V)",),
    99: ("A/70/621", "S/2015/978"), 100: (), 101: ("A/RES/377(V)",), 102: ("A/RES/76/262",), 103: (),
    104: (), 105: (), 106: (), 107: ("A/RES/79/122",), 108: ("S/2004/567",), 109: ("S/2007/721",),
    110: (), 111: (), 112: (), 113: (), 114: ("S/RES/1261(1999)",), 115: ("S/RES/1265(1999)",),
    116: ("S/RES/1325(2000)",), 117: ("S/RES/1820(2008)",), 118: ("A/RES/62/141",),
    119: ("S/RES/2250(2015)",), 120: (), 121: (), 122: (), 123: (), 124: (), 125: ("A/63/677",),
    126: ("A/64/864",), 127: ("A/65/877", "S/2011/393"), 128: ("A/66/874", "S/2012/578"),
    129: ("A/67/929", "S/2013/399"), 130: ("A/68/947", "S/2014/449"), 131: ("A/72/884", "S/2018/525"),
    132: ("A/70/999", "S/2016/620"), 133: ("A/69/981", "S/2015/500"), 134: ("A/71/1016", "S/2017/556"),
    135: ("A/74/964", "S/2020/501"), 136: ("A/76/844", "S/2022/428"), 137: ("A/77/910", "S/2023/409"),
    138: ("A/73/898", "S/2019/463"), 139: JOINT_2024, 140: (),
}

# Paragraphs that cite UN documents themselves (by symbol or by a title whose symbol the report gives).
PARAGRAPH_SYMBOLS: dict[int, tuple[str, ...]] = {
    1: ("A/RES/60/1",), 2: ("A/RES/60/1",), 6: ("A/77/CRP.1/Add.8",), 7: ("A/RES/79/1",),
    23: ("S/RES/2417(2018)",), 24: ("S/RES/2286(2016)",), 38: ("A/77/CRP.1/Add.8",),
    57: ("S/RES/1970(2011)", "S/RES/1973(2011)"), 58: ("A/RES/377(V)",),
}


@pytest.fixture(scope="module")
def extraction(report):
    return extract(report)


def test_table_covers_every_footnote(report) -> None:
    assert sorted(FOOTNOTE_SYMBOLS) == [f.number for f in report.footnotes]


@pytest.mark.parametrize("number", sorted(FOOTNOTE_SYMBOLS))
def test_footnote_symbols(extraction, number: int) -> None:
    found = [r.key for r in extraction.refs_in(Where(FOOTNOTE, number), "document")]
    assert found == list(FOOTNOTE_SYMBOLS[number])


def test_paragraph_symbols(extraction, report) -> None:
    found = {p.number: tuple(r.key for r in extraction.refs_in(Where(PARAGRAPH, p.number), "document"))
             for p in report.paragraphs}
    assert {n: s for n, s in found.items() if s} == PARAGRAPH_SYMBOLS


def test_ibid_footnotes_inherit_with_the_ibid_span(extraction, report) -> None:
    inherited = [m for m in extraction.mentions if m.rule == "ibid"]
    assert {(m.where.number, m.entity.key) for m in inherited} == {
        (9, "A/RES/79/1"), (12, "S/2024/385"), (123, "un-protection-agenda")}
    for m in inherited:
        assert m.quote == "同上" == report.footnote(m.where.number).text[m.start:m.end]


def test_document_types(extraction) -> None:
    classes = {e.key: e.classes[0] for e in extraction.entities if e.kind == "document"}
    assert classes["A/RES/60/1"] == "GeneralAssemblyResolution"
    assert classes["S/RES/1674(2006)"] == "SecurityCouncilResolution"
    assert classes["A/HRC/RES/44/14"] == "HumanRightsCouncilResolution"
    assert classes["A/63/677"] == "SecretaryGeneralReport"
    assert classes["A/73/898"] == "SecretaryGeneralReport"   # named a SG report by para 71 of the report
    assert classes["S/2007/721"] == "UNDocument"
    years = {e.key: e.year for e in extraction.entities if e.kind == "document"}
    assert years["A/RES/60/1"] == 2005 and years["A/RES/79/1"] == 2024 and years["A/RES/377(V)"] == 1950
    assert years["A/78/901"] == 2024 and years["A/RES/63/308"] is None
