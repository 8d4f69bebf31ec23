"""The document model of the real 2025 report. Expected values are copied by hand from the source
text (data/source/sg-r2p-report-2025.zh.txt), not from the parser's output."""

from __future__ import annotations

from r2p_kg.report import LineKind


def test_counts(report):
    assert len(report.paragraphs) == 80
    assert len(report.footnotes) == 140
    assert [p.number for p in report.paragraphs] == list(range(1, 81))
    assert [f.number for f in report.footnotes] == list(range(1, 141))
    assert report.pages == 17
    assert len(report.links) == 140


def test_footnotes_are_cited_once_in_order(report):
    cited = [m.footnote for p in report.paragraphs for m in p.markers]
    assert cited == list(range(1, 141))
    for note in report.footnotes:
        assert note.number in report.paragraph(note.cited_by).footnotes


def test_every_line_is_accounted_for(report):
    raw = (report.lines[0].text, report.lines[-1].text)
    assert raw[0] == " 大  会  安全理事会 "
    assert len(report.lines) == 1309
    for line in report.lines:
        assert (line.kind is LineKind.BLANK) == (not line.text.strip()), line
    kinds = report.line_counts()
    assert kinds["link"] == 140
    assert kinds["separator"] == 16
    assert kinds["section-heading"] == 6   # 三 wraps onto a second line
    assert kinds["subsection-heading"] == 9


def test_front_matter(report):
    fm = report.front_matter
    assert fm.bodies == ("大会", "安全理事会")
    assert fm.session == 79
    assert [a.number for a in fm.agenda_items] == [13, 118, 132]
    assert fm.agenda_items[0].title == "联合国经济、社会及有关领域主要大型会议和首脑会议成果的统筹协调执行及后续行动"
    assert fm.agenda_items[1].title == "千年首脑会议成果的后续行动"
    assert fm.agenda_items[2].title == "保护责任与防止灭绝种族、战争罪、族裔清洗和危害人类罪"
    assert fm.council_year == 80
    assert fm.title == "保护责任：致力于有原则的集体行动 20 年"
    assert fm.title_note == "由于提交文件单位无法控制的技术原因，本报告在截止日期之后提交会议事务部门处理。"
    assert fm.document_type == "秘书长的报告"
    assert fm.summary.startswith("今年是 2005 年世界首脑会议二十周年，大会在首脑会议上对保护责任作出承诺，")
    assert fm.summary.endswith("并提出了具体的执行任务步骤。")


def test_sections(report):
    assert [(s.numeral, s.title) for s in report.sections] == [
        ("一", "导言"),
        ("二", "暴行罪的全球背景与新模式"),
        ("三", "实现保护责任各项目标：2005-2025 年期间的良好做法和经验教训"),
        ("四", "保护责任：2005-2025 年期间的概念发展"),
        ("五", "结论和今后步骤"),
    ]
    assert [s.letter for s in report.sections[1].subsections] == list("ABCDE")
    assert [s.letter for s in report.sections[2].subsections] == list("ABCD")
    assert report.sections[2].subsections[1].title == "区域举措"
    # Where paragraphs fall: 13-16 in 二.A, 36 in 三 before A, 67 in 三.D, 68 in 四.
    assert (report.paragraph(13).section, report.paragraph(13).subsection) == (2, "A")
    assert (report.paragraph(36).section, report.paragraph(36).subsection) == (3, None)
    assert (report.paragraph(67).section, report.paragraph(67).subsection) == (3, "D")
    assert (report.paragraph(68).section, report.paragraph(68).subsection) == (4, None)


def test_paragraph_1_marker_removed_with_offset(report):
    p = report.paragraph(1)
    assert p.text.startswith("在 2005 年世界首脑会议上，会员国一致对保护责任这一行动原则作出承诺。"
                             "在《2005 年世界首脑会议成果》第 138 和 139 段中，")
    (marker,) = p.markers
    assert marker.footnote == 1
    assert p.text[:marker.offset].endswith("在《2005 年世界首脑会议成果》")


def test_paragraph_across_page_break(report):
    # Paragraph 6 runs from page 2 (line 93) onto page 3 (line 134).
    p = report.paragraph(6)
    assert p.pages == (2, 3)
    assert p.text == (
        "秘书长在《新和平纲领》政策简报中强调，新出现的暴力模式，叠加气候变化、新技术武器化、"
        "错误信息和虚假信息、日益加剧的不平等、公民空间缩小以及世界许多地区人权和法治的恶化等"
        "日益加剧的威胁正使全球和平与安全格局迅速转变。这些深刻的变化正在勾勒当今暴行罪的特征和"
        "动态。保护责任是应对这些新挑战所需的努力中的一个层面。")
    assert [m.footnote for m in p.markers] == [7]
    # Paragraph 58 runs from page 13 onto page 14 after footnote 102.
    p58 = report.paragraph(58)
    assert p58.pages == (13, 14)
    assert "行使否决权后十天内召开正式会议，就有关局势进行辩论。" in p58.text
    assert report.paragraph(35).pages == (8, 9)
    assert report.paragraph(35).text.endswith("既可以增强国际社会及时预防暴行罪的能力，"
                                              "又可以提升针对弱势社区的保护措施的有效性。")


def test_thousands_separators_and_data_numbers_stay_in_text(report):
    p21 = report.paragraph(21)
    assert "从 2005 年的 3 700 万人增至 2024 年 10 月创纪录的 1.23 亿人" in p21.text
    assert "境内流离失所者人数超过 7 210 万人。冲突和危机地区" in p21.text
    assert [m.footnote for m in p21.markers] == [24, 25]
    p24 = report.paragraph(24)
    assert "世界卫生组织记录了 16 个国家和地区的1 637 起针对医疗设施的袭击事件。" in p24.text
    p41 = report.paragraph(41)  # "56" wraps to the next line: data, not footnote 56
    assert "以推动任务落实。56个会员国和欧洲联盟是保护责任之友小组的成员。该小组" in p41.text
    assert [m.footnote for m in p41.markers] == [67]
    p22 = report.paragraph(22)
    assert "2022年，冲突中丧生的平民中20%为妇女，10%为儿童。到 2023 年，这一数字分别为 40%和 30%，针对儿童" in p22.text
    assert [m.footnote for m in p22.markers] == [26, 27, 28, 29]


def test_footnotes(report):
    assert report.footnote(1).text == "大会第 60/1 号决议。"
    assert report.footnote(1).cited_by == 1
    assert report.footnote(6).text == (
        "安全理事会第 1674(2006)和 1894(2009)号决议；大会第 63/308 和 75/277 号决议；人权理事会"
        "第 44/14(2020)、7/25(2008)、22/22(2013)、28/34(2015)、37/26(2018)、43/29(2020)、49/9(2022)"
        "和 55/13(2024)号决议。")
    assert report.footnote(140).text == "见 www.un.org/en/genocide-prevention/responsibility-protect/20anniversary。"
    assert report.footnote(140).cited_by == 78


def test_url_broken_across_lines_is_rejoined(report):
    assert report.footnote(21).text == ("见 www.worldbank.org/en/news/press-release/2024/04/02/"
                                        "joint-world-bank-un-report-assesses-damage-to-gaza-s-infrastructure。")
    assert "202307guidancenotetransitionaljusticeen.pdf" in report.footnote(72).text
    # After an ASCII ';' ending a line, the swallowed space before the next URL is restored.
    assert "%20this%20field; https://r2pasiapacific.org/APPAP" in report.footnote(94).text


def test_ibid(report):
    ibid = {f.number: f.ibid_of for f in report.footnotes if f.ibid_of}
    assert ibid == {9: 8, 12: 11, 16: 15, 28: 27, 123: 122}
    assert report.footnote(9).text == "同上，第 35(g)段，行动 14。"


def test_links(report):
    first = report.links[0]
    assert (first.url, first.page, first.line) == ("https://docs.un.org/zh/A/RES/60/1", 2, 117)
    local = [ln for ln in report.links if ln.local]
    assert len(local) == 7
    assert local[0].url == "file:///C:/Users/u2582310/Downloads/A_77_CRP.1_Add.8-EN.pdf"
    last = report.links[-1]
    assert (last.url, last.page) == ("http://www.un.org/en/genocide-prevention/responsibility-protect/20anniversary",
                                     17)
    # Link lines indented by a space are still links (line 1076 on page 14).
    assert any(ln.line == 1076 and ln.page == 14 for ln in report.links)
