"""Probe texts that are not the report: the extractor must generalize beyond the text it was built on.

The texts below were written for these tests in four styles (a news item, a Security Council
presidential statement, a paragraph of another kind of UN report, a humanitarian update); the
expected mentions were read off them by hand. Nothing here appears in data/source/.
"""

from __future__ import annotations

import pytest

from r2p_kg.annotate import annotate
from r2p_kg.extract.gazetteer import load_gazetteer

NEWS = ("新华社日内瓦电 联合国难民署周四发布报告说，截至今年6月，全球被迫流离失所者已超过1.2亿人，"
        "其中苏丹境内流离失所者近1 000万人。联合国人权事务高级专员办事处警告，达尔富尔可能再次发生种族灭绝，"
        "并呼吁各方停止种族清洗。开发署表示，刚果（金）东部约2 500万人面临粮食不安全。")
COUNCIL = ("安全理事会重申，每个国家都有责任保护其人民免遭灭绝种族罪、战争罪行、族裔清洗和反人类罪之害。"
           "安理会欢迎建设和平委员会的工作，并鼓励联合国南苏丹特派团与非盟委员会和政府间发展管理局密切合作。"
           "安理会请秘书长儿童与武装冲突问题特别代表和人权高专在 30 天内提交报告。")
REPORT = ("在支柱一下，各国应加强国家机制；第二个支柱强调国际援助，而支柱 3 涉及及时果断的反应。"
          "2023 年，缅甸境内至少 260 万人流离失所，阿拉伯叙利亚共和国和巴勒斯坦国的平民伤亡增加了 35%。"
          "国际刑事法院和国际移民组织与联合国儿童基金会及欧洲联盟委员会交换了信息。")

UPDATE = ("人道主义事务协调厅称，自冲突爆发以来，约180万人逃往邻国，另有逾300万人逃离家园。"
          "据报至少1 200人失踪，其中包括被武装团体绑架的儿童。"
          "在索马里南部，约43万人面临饥荒，联合国粮食计划署正在扩大援助。")


def found(text: str) -> set[tuple[str, str, str]]:
    """Names and figures (claims, and the situations the claim rules read off places, are pinned by
    the claim model's own tests; test_claims_of_a_council_statement checks that they come out)."""
    out = set()
    for a in annotate(text, load_gazetteer()):
        if a["kind"] in ("claim", "situation"):
            continue
        assert text[a["start"]:a["end"]] == a["exact"]
        key = a["iri"].rsplit("/", 1)[1] if a["iri"] else a["value"]
        out.add((a["exact"], a["kind"], key))
    return out


def test_news_item() -> None:
    got = found(NEWS)
    expected = {
        ("联合国难民署", "organization", "unhcr"),
        ("1.2亿人", "statistic", "120000000"),
        ("苏丹", "country", "SD"),
        ("1 000万人", "statistic", "10000000"),
        ("联合国人权事务高级专员办事处", "organization", "ohchr"),
        ("达尔富尔", "region", "darfur"),
        ("种族灭绝", "crime", "genocide"),
        ("种族清洗", "crime", "ethnic-cleansing"),
        ("开发署", "organization", "undp"),
        ("刚果（金）", "country", "CD"),
        ("2 500万人", "statistic", "25000000"),
    }
    assert expected <= got, expected - got
    # the "6月" date is no statistic; nothing else is found
    assert got - expected == set()


def test_news_statistics_keep_measure_and_qualifier() -> None:
    stats = {a["exact"]: a for a in annotate(NEWS) if a["kind"] == "statistic"}
    assert (stats["1.2亿人"]["label_en"], stats["1.2亿人"]["qualifier"]) == ("forcibly displaced people", "more-than")
    assert ((stats["1 000万人"]["label_en"], stats["1 000万人"]["qualifier"])
            == ("internally displaced people", "nearly"))
    assert ((stats["2 500万人"]["label_en"], stats["2 500万人"]["qualifier"])
            == ("people facing food insecurity", "about"))
    assert stats["2 500万人"]["places"] == ["CD"]


def test_security_council_statement() -> None:
    got = found(COUNCIL)
    expected = {
        ("安全理事会", "organization", "security-council"),
        ("灭绝种族罪", "crime", "genocide"),
        ("战争罪行", "crime", "war-crimes"),
        ("族裔清洗", "crime", "ethnic-cleansing"),
        ("反人类罪", "crime", "crimes-against-humanity"),
        ("安理会", "organization", "security-council"),
        ("建设和平委员会", "organization", "peacebuilding-commission"),
        ("联合国南苏丹特派团", "organization", "unmiss"),
        ("非盟委员会", "organization", "african-union-commission"),
        ("政府间发展管理局", "organization", "igad"),
        ("秘书长儿童与武装冲突问题特别代表", "organization", "srsg-children-armed-conflict"),
        ("人权高专", "organization", "high-commissioner-for-human-rights"),
    }
    # "30 天" is a duration, not a statistic; 南苏丹 inside the mission's name is not the country.
    assert got == expected


def test_another_report_paragraph() -> None:
    got = found(REPORT)
    expected = {
        ("支柱一", "pillar", "1"),
        ("第二个支柱", "pillar", "2"),
        ("支柱 3", "pillar", "3"),
        ("缅甸", "country", "MM"),
        ("260 万人", "statistic", "2600000"),
        ("阿拉伯叙利亚共和国", "country", "SY"),
        ("巴勒斯坦国", "country", "PS"),
        ("35%", "statistic", "35"),
        ("国际刑事法院", "organization", "international-criminal-court"),
        ("国际移民组织", "organization", "iom"),
        ("联合国儿童基金会", "organization", "unicef"),
        ("欧洲联盟委员会", "organization", "european-commission"),
        ("国家机制", "mechanism", "national-atrocity-prevention-mechanisms"),
        ("各国", "actor", "states"),          # the collective actor 'States' (claim model)
    }
    assert expected <= got, expected - got
    assert got - expected == set()
    stats = {a["exact"]: a for a in annotate(REPORT) if a["kind"] == "statistic"}
    assert (stats["260 万人"]["qualifier"], stats["260 万人"]["period"]) == ("at-least", "2023")
    assert stats["35%"]["label_en"] == "civilian casualties" and stats["35%"]["unit"] == "PERCENT"


def test_humanitarian_update() -> None:
    """Figures of kinds this report does not count (refugee flight, the missing, famine), the media's
    name for WFP and a collective actor of armed conflict."""
    got = found(UPDATE)
    expected = {
        ("人道主义事务协调厅", "organization", "ocha"),
        ("180万人", "statistic", "1800000"),
        ("300万人", "statistic", "3000000"),
        ("1 200人", "statistic", "1200"),
        ("武装团体", "actor", "armed-groups"),  # (儿童 is a population group only in a situation claim)
        ("索马里", "country", "SO"),
        ("43万人", "statistic", "430000"),
        ("联合国粮食计划署", "organization", "world-food-programme"),
    }
    assert got == expected, (expected - got, got - expected)
    stats = {a["exact"]: (a["label_en"], a["qualifier"]) for a in annotate(UPDATE) if a["kind"] == "statistic"}
    assert stats == {
        "180万人": ("people who fled to neighbouring countries", "about"),
        "300万人": ("people who fled their homes", "more-than"),
        "1 200人": ("people missing", "at-least"),
        "43万人": ("people facing famine", "about"),
    }
    [more] = [a for a in annotate("东部的武装冲突已造成700多万人流离失所。") if a["kind"] == "statistic"]
    assert (more["exact"], more["value"], more["qualifier"]) == ("700多万人", "7000000", "more-than")


@pytest.mark.parametrize("space", [" ", "\u00a0", "\u202f", ","])
def test_a_grouped_figure_is_one_number_whatever_the_separator(space: str) -> None:
    text = f"据估计，全球有 3{space}700 万人被迫流离失所。"
    [stat] = [a for a in annotate(text) if a["kind"] == "statistic"]
    assert (stat["exact"], stat["value"]) == (f"3{space}700 万人", "37000000")


def test_types_of_the_field() -> None:
    """Typing a domain expert checks: organs vs organizations, posts vs offices, UN vs related."""
    gaz = load_gazetteer()
    org = {e.key: e.classes for e in gaz.entities.values() if e.kind == "organization"}
    assert org["international-court-of-justice"] == ("UNPrincipalOrgan", "InternationalCourt")
    assert "UNRelatedOrganization" in org["international-criminal-court"]
    assert not ({"UNEntity", "UNPrincipalOrgan", "UNSubsidiaryBody", "UNOffice"}
                & set(org["international-criminal-court"]))
    assert org["secretary-general"] == org["special-adviser-r2p"] == ("Post",)
    assert org["office-on-genocide-prevention-and-r2p"] == ("UNOffice",)
    regional = [k for k, c in org.items() if c == ("RegionalOrganization",)]
    for body in ("african-union-peace-and-security-council", "african-standby-force", "panel-of-the-wise",
                 "osce-odihr", "asean-intergovernmental-commission-on-human-rights"):
        assert org[body] == ("RegionalOrganizationBody",) and body not in regional
    for post in ("au-special-envoy-prevention-of-genocide", "osce-high-commissioner-on-national-minorities"):
        assert org[post] == ("Post",)


def test_peace_operations_by_name_pattern() -> None:
    """A mission the gazetteer lists is itself; one it does not list is found by its name's pattern."""
    text = "安理会延长了联合国海地稳定特派团和联合国南苏丹特派团的任务期限。"
    got = [(a["exact"], a["kind"], a["iri"].rsplit("/", 1)[1]) for a in annotate(text)]
    [(name, kind, key)] = [g for g in got if g[0] == "联合国海地稳定特派团"]
    assert kind == "organization" and key.startswith("peace-operation-") and len(key) == len("peace-operation-") + 10
    assert ("联合国南苏丹特派团", "organization", "unmiss") in got
    # the names inside a mission's name are part of it, as 非洲 is part of 非洲联盟
    assert not {"联合国", "海地", "南苏丹"} & {g[0] for g in got}
    # the same name gives the same key in another text
    again = annotate("联合国海地稳定特派团")
    assert again[0]["iri"].endswith(key) and again[0]["classes"] == ["PeaceOperation"]


def test_claims_of_a_council_statement() -> None:
    """annotate gives the claim extractor's claims after the mentions, on the sentence stating each."""
    claims = [a for a in annotate(COUNCIL) if a["kind"] == "claim"]
    start = COUNCIL.index("安理会欢迎")
    end = COUNCIL.index("。", start) + 1
    [call] = [c for c in claims if c["start"] == start]
    assert (call["end"], call["exact"], call["claim"]) == (end, COUNCIL[start:end], "recommendation")
    assert call["speaker"].endswith("/organization/security-council")
    assert call["addressees"] == ["https://w3id.org/r2p/id/organization/unmiss"]
    assert call["modality"].endswith("/encourages")


def test_the_applicant_in_a_case_title_is_no_situation() -> None:
    """X诉Y: X brings the case to the court; Y, the respondent, can be a situation."""
    text = "国际法院在冈比亚诉缅甸案中发布临时措施令，要求缅甸防止一切灭绝种族行为。"
    annotations = annotate(text)
    situations = {a["iri"].rsplit("/", 1)[1] for a in annotations if a["kind"] == "situation"}
    assert situations == {"MM"}
    # The Gambia is still named: a country mention, just not a situation.
    assert ("冈比亚", "GM") in {(a["exact"], a["iri"].rsplit("/", 1)[1]) for a in annotations if a["kind"] == "country"}
