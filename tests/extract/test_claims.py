"""Claims with evidence: recommendations, responsibilities, situation claims, instrument links, measures.

The expected tables were written by reading the report's sentences (quoted in the comments), and the
probe sentences are written for these tests in the style of Security Council and General Assembly
texts; none of them is in the report.
"""

from __future__ import annotations

import shutil

import pytest

from r2p_kg.config import GAZETTEER_DIR
from r2p_kg.errors import ConfigError
from r2p_kg.extract import extract, extract_text
from r2p_kg.extract.claimdata import load_claim_data
from r2p_kg.extract.model import Ref

MS, STATES, IC = "member-states", "states", "international-community"
SG, SC, GA, ICJ = "secretary-general", "security-council", "general-assembly", "international-court-of-justice"
SA_R2P = "special-adviser-r2p"
AREA_ADDRESSEES = frozenset({SA_R2P, MS, "other-stakeholders"})

# (paragraph, speech act, speaker or None, addressees)
RECOMMENDATIONS = {
    (1, "should", None, frozenset({IC})),                       # 国际社会应酌情支持联合国建立预警能力
    (23, "calls-on", SC, frozenset({"parties-to-armed-conflict"})),   # 安全理事会在第 2417(2018)号决议中…呼吁交战各方…
    (28, "demands", ICJ, frozenset({"MM"})),                    # 国际法院发布临时措施令，要求缅甸联邦共和国政府…
    (37, "encourages", None, frozenset({MS})),                  # (首次报告)…鼓励会员国将保护责任相关原则纳入…
    (38, "encourages", None, frozenset({MS})),                  # 《新和平纲领》鼓励会员国制定各自的国家战略
    (58, "calls-on", MS, frozenset({GA})),                      # 会员国呼吁大会召开紧急特别会议
    (58, "demands", GA, frozenset({"president-of-the-general-assembly"})),  # 大会通过了一项决议，要求大会主席…
    # ¶76's three areas of action (首先，应… 其次，… 第三，应…), taken up in ¶77: 秘书长保护责任问题特别顾问
    # 将与会员国和其他利益攸关方合作，逐一审议上述领域.
    (76, "should", None, AREA_ADDRESSEES), (76, "recommends", None, AREA_ADDRESSEES),
    (77, "encourages", SG, frozenset({MS})),                    # 我鼓励会员国与特别顾问就此开展合作
    (78, "invites", SG, frozenset({MS})),                       # 我还邀请会员国参加大会关于保护责任的年度辩论
    (80, "calls-on", SG, frozenset({MS})),                      # 我呼吁所有会员国加强和提升…
}
# (paragraph, pillar, bearer)
RESPONSIBILITIES = {
    (1, 1, STATES),   # 各国有责任保护其人民免遭灭绝种族、战争罪、族裔清洗和危害人类罪之害
    (1, 2, IC),       # 世界领导人还商定酌情鼓励和帮助其他国家履行这一责任
    (1, 3, MS),       # 根据《联合国宪章》第六章和第八章 … 通过安全理事会 … 采取集体行动
    (3, 1, STATES), (3, 2, IC), (3, 3, MS),   # 支柱一是国家的保护责任，支柱二是国际援助和能力建设，支柱三是…
    (57, 3, MS),      # 根据第三支柱——作出及时果断的反应——履行保护责任
    (70, 3, MS),      # 根据《宪章》第六、七、八章作出及时果断的反应；
}
CHARTER = {"un-charter", "un-charter-chapter-6", "un-charter-chapter-7", "un-charter-chapter-8"}
# (paragraph, instrument key, pillar)
INSTRUMENT_PILLARS = {
    (1, "A/RES/60/1", 1),
    *((1, k, 3) for k in CHARTER), *((70, k, 3) for k in CHARTER),
    # ¶57 is about pillar three only (第三支柱 twice); it cites the two Security Council resolutions
    # and Brazil's "responsibility while protecting".
    (57, "S/RES/1970(2011)", 3), (57, "S/RES/1973(2011)", 3), (57, "responsibility-while-protecting", 3),
}


@pytest.fixture(scope="module")
def extraction(report):
    return extract(report)


def _claims(extraction, kind):
    return [c for c in extraction.claims if c.kind == kind]


def test_recommendations(extraction) -> None:
    found = {(c.where.number, c.modality, c.speaker.key if c.speaker else None,
              frozenset(a.key for a in c.addressees)) for c in _claims(extraction, "recommendation")}
    assert found == RECOMMENDATIONS
    areas = [c for c in _claims(extraction, "recommendation") if c.where.number == 76]
    assert [c.evidence[0].quote[:3] for c in areas] == ["首先，", "其次，", "第三，"]
    assert all(c.evidence[1].where.number == 77 and "上述领域" in c.evidence[1].quote for c in areas)


def test_recommendation_details(extraction) -> None:
    by_paragraph = {c.where.number: c for c in _claims(extraction, "recommendation")}
    assert by_paragraph[23].made_in == Ref("document", "S/RES/2417(2018)")
    assert by_paragraph[38].made_in == Ref("document", "A/77/CRP.1/Add.8")     # 《新和平纲领》
    assert by_paragraph[78].involves == (Ref("organization", GA),)            # 参加大会…年度辩论
    # ¶77: 我鼓励会员国与特别顾问就此开展合作 — the Special Adviser named in full in the sentence before.
    assert by_paragraph[77].involves == (Ref("organization", SA_R2P),)
    assert by_paragraph[80].evidence[0].quote == ("为此，我呼吁所有会员国加强和提升各自及共同的"
                                                   "预防暴行罪和保护境内民众的努力。")
    # 应要求 ('upon request', ¶49) and 呼吁继续… without an addressee (¶7) are no recommendations.
    assert not {7, 49} & set(by_paragraph)


def test_responsibilities(extraction) -> None:
    found = {(c.where.number, c.pillars[0], c.bearer.key) for c in _claims(extraction, "responsibility")}
    assert found == RESPONSIBILITIES
    p1_pillar3 = next(c for c in _claims(extraction, "responsibility") if c.where.number == 1 and c.pillars == (3,))
    assert {r.key for r in p1_pillar3.instruments} >= CHARTER


def test_instrument_pillar_links(extraction) -> None:
    found = {(c.where.number, c.instruments[0].key, c.pillars[0]) for c in _claims(extraction, "instrument-pillar")}
    assert found == INSTRUMENT_PILLARS
    res = next(c for c in _claims(extraction, "instrument-pillar") if c.instruments[0].key == "S/RES/1970(2011)")
    assert "第三支柱" in res.evidence[1].quote and "1970(2011)" in res.evidence[0].quote


def test_paragraph_44_names_no_situation(extraction) -> None:
    """¶44: 澳大利亚、加拿大、芬兰、挪威、和瑞典 … 都承认了对少数民族或土著居民犯下的罪行 … 的责任."""
    places = {c.situation.key for c in _claims(extraction, "situation")}
    assert not places & {"AU", "CA", "FI", "NO", "SE", "CH"}
    assert not [c for c in extraction.claims if c.where.number == 44]


def test_situation_claims_are_per_sentence(extraction) -> None:
    myanmar = [c for c in _claims(extraction, "situation") if c.situation.key == "MM"]
    # ¶18 names Myanmar among conflicts with civilian deaths but no crime: no crime is paired with it.
    assert [c.crimes for c in myanmar if c.where.number == 18] == [()]
    # ¶14: the next sentence (这些违法行为可能构成危害人类罪和战争罪) gives the crimes and the modality.
    p14 = next(c for c in myanmar if c.where.number == 14)
    assert set(p14.crimes) == {"war-crimes", "crimes-against-humanity"} and p14.modality == "reported"
    assert p14.evidence[1].quote.startswith("在有些情况下，这些违法行为可能构成")
    # ¶28: the ICJ ordered Myanmar to prevent genocide against the Rohingya: a risk, not a finding.
    p28 = [c for c in myanmar if c.where.number == 28 and c.crimes]
    assert [(c.crimes, c.modality) for c in p28] == [(("genocide",), "at-risk")]
    assert Ref("group", "rohingya") in p28[0].groups
    gambia = [c.modality for c in _claims(extraction, "situation") if c.situation.key == "GM"]
    assert gambia == ["prevented"]          # ¶46: 从而防止了可能的局势升级


def test_measures(extraction) -> None:
    measures = _claims(extraction, "measure")
    assert [(c.where.number, c.modality, c.speaker.key, [a.key for a in c.addressees]) for c in measures] == [
        (28, "provisional-measures", ICJ, ["MM"])]


def test_every_claim_quotes_its_evidence(report, extraction) -> None:
    texts = {p.number: p.text for p in report.paragraphs}
    assert extraction.claims
    for c in extraction.claims:
        for span in c.evidence:
            assert texts[span.where.number][span.start:span.end] == span.quote


# --- probes: sentences written for these tests, not from the report -----------------------------

def _one(text: str, kind: str):
    found = [c for c in extract_text(text).claims if c.kind == kind]
    assert len(found) == 1, found
    return found[0]


def test_probe_general_assembly_operative_clause() -> None:
    c = _one("大会呼吁所有会员国、区域组织和民间社会加强合作，防止暴行罪。", "recommendation")
    assert (c.modality, c.speaker.key, [a.key for a in c.addressees]) == (
        "calls-on", GA, [MS, "regional-organizations", "civil-society"])
    assert c.evidence[0].quote.startswith("大会呼吁所有会员国")


def test_probe_presidential_statement_two_calls() -> None:
    claims = extract_text("安理会促请冲突各方立即停止对平民的袭击，并敦促国际社会向难民提供援助。").claims
    recs = [(c.modality, c.speaker.key, [a.key for a in c.addressees]) for c in claims if c.kind == "recommendation"]
    assert recs == [("calls-on", SC, ["parties-to-armed-conflict"]), ("urges", SC, [IC])]


def test_probe_first_person_and_should() -> None:
    c = _one("我敦促各国批准《防止及惩治灭绝种族罪公约》。", "recommendation")
    assert (c.modality, c.speaker.key, [a.key for a in c.addressees]) == ("urges", SG, [STATES])
    assert [r.key for r in c.instruments] == ["genocide-convention"]
    c = _one("联合国系统应加强预警能力。", "recommendation")
    assert (c.modality, c.speaker, [a.key for a in c.addressees]) == ("should", None, ["united-nations-system"])


def test_probe_we_is_not_the_secretary_general() -> None:
    c = _one("我们呼吁各国加强合作。", "recommendation")
    assert (c.speaker, [a.key for a in c.addressees]) == (None, [STATES])
    c = _one("我谨再次鼓励所有会员国任命保护责任协调人。", "recommendation")
    assert (c.modality, c.speaker.key) == ("encourages", SG)


def test_probe_must_requests_and_longest_addressee() -> None:
    c = _one("国际社会必须采取行动保护平民。", "recommendation")
    assert (c.modality, [a.key for a in c.addressees]) == ("should", [IC])
    c = _one("大会请秘书长就此问题提交报告。", "recommendation")
    assert (c.modality, c.speaker.key, [a.key for a in c.addressees]) == ("requests", GA, [SG])
    c = _one("秘书长敦促安全理事会常任理事国在涉及暴行罪的情况下不使用否决权。", "recommendation")
    assert [a.key for a in c.addressees] == ["permanent-members-of-the-security-council"]


def test_probe_areas_of_action_in_another_report() -> None:
    text = ("本报告提出两项建议。首先，应加强国家预警机制。其次，我呼吁区域组织分享经验。"
            "秘书长防止灭绝种族问题特别顾问将与会员国一道推进上述建议。")
    recs = [(c.rule, c.modality, c.speaker.key if c.speaker else None, [a.key for a in c.addressees])
            for c in extract_text(text).claims if c.kind == "recommendation"]
    assert recs == [
        ("recommendation-area", "should", None, ["special-adviser-prevention-of-genocide", MS]),
        ("recommendation", "calls-on", SG, ["regional-organizations"]),     # once, as the speech act
    ]


def test_probe_short_form_refers_back_only_when_it_is_clear() -> None:
    x = extract_text("安全理事会欢迎秘书长防止灭绝种族问题特别顾问的工作，并鼓励会员国与特别顾问合作。")
    c = next(c for c in x.claims if c.kind == "recommendation")
    assert c.involves == (Ref("organization", "special-adviser-prevention-of-genocide"),)
    assert [m.quote for m in x.mentions if m.rule == "short-form"] == ["特别顾问"]
    # Two Special Advisers named before: 特别顾问 could be either, so it is left unresolved.
    x = extract_text("秘书长防止灭绝种族问题特别顾问和秘书长保护责任问题特别顾问提交了报告。特别顾问指出了风险。")
    assert not [m for m in x.mentions if m.rule == "short-form"]


def test_probe_no_addressee_no_recommendation() -> None:
    assert not extract_text("秘书处应要求提供了资料。大会呼吁继续努力。").claims


def test_probe_situation_modality_and_group() -> None:
    c = _one("据报，南苏丹境内的平民遭受袭击，这些袭击可能构成战争罪。", "situation")
    assert (c.situation.key, c.modality, c.crimes, [g.key for g in c.groups]) == (
        "SS", "reported", ("war-crimes",), ["civilians"])
    c = _one("布隆迪存在发生灭绝种族罪的风险。", "situation")
    assert (c.situation.key, c.modality, c.crimes) == ("BI", "at-risk", ("genocide",))
    c = _one("1994 年，卢旺达过去发生的灭绝种族罪夺去了大量生命。", "situation")
    assert c.modality == "past"
    # a warning of what may happen is a risk, not a report of what did
    c = _one("苏丹局势持续恶化，人权高专办警告可能发生种族清洗。", "situation")
    assert (c.situation.key, c.modality, c.crimes) == ("SD", "at-risk", ("ethnic-cleansing",))


def test_probe_acknowledging_states_are_no_situations() -> None:
    assert not extract_text("德国承认了对赫雷罗人犯下的灭绝种族罪的责任。").claims
    # The place acknowledging acts; the place where the crimes were committed is still a situation.
    claims = extract_text("比利时承认了在刚果民主共和国犯下的危害人类罪的责任。").claims
    assert [(c.situation.key, c.modality) for c in claims] == [("CD", "committed")]
    # 承认 without responsibility or crimes (refusing to recognize citizenship) excludes nothing.
    c = _one("缅甸拒绝承认罗兴亚人的公民身份，罗兴亚人遭受迫害。", "situation")
    assert (c.situation.key, [g.key for g in c.groups]) == ("MM", ["rohingya"])


def test_probe_referral_and_sanctions() -> None:
    claims = extract_text("安全理事会在第 1593(2005)号决议中将苏丹局势移交国际刑事法院，"
                          "并对苏丹实施武器禁运和资产冻结。").claims
    measures = [(c.modality, c.speaker.key, c.made_in.key, [a.key for a in c.addressees])
                for c in claims if c.kind == "measure"]
    assert measures == [("referral-to-icc", SC, "S/RES/1593(2005)", ["SD"]),
                        ("sanctions", SC, "S/RES/1593(2005)", ["SD"])]


def test_probe_responsibility_formula() -> None:
    c = _one("各国有责任保护其人民免遭暴行罪之害。", "responsibility")
    assert (c.pillars, c.bearer.key) == ((1,), STATES)
    c = _one("支柱三是作出及时果断的反应。", "responsibility")
    assert (c.pillars, c.bearer.key) == ((3,), MS)


# --- the data files ------------------------------------------------------------------------------

@pytest.mark.parametrize(("file", "row", "message"), [
    ("speech-acts.csv", "吁求,pleads,UNTERM\n", "speech-acts.csv line"),
    ("actors.csv", "states,其他国家,States again,here\n", "key 'states' twice"),
    ("situation-modalities.csv", "肯定,certain,\n", "empty 'source'"),
    ("responsibility-cues.csv", "保护责任,4,states,A/63/677\n", "unknown pillar or bearer"),
])
def test_bad_rows_are_named(tmp_path, file: str, row: str, message: str) -> None:
    folder = tmp_path / "gazetteer"
    shutil.copytree(GAZETTEER_DIR, folder)
    with (folder / file).open("a", encoding="utf-8") as fh:
        fh.write(row)
    with pytest.raises(ConfigError, match=message):
        load_claim_data(folder)
