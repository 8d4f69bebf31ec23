"""Each layout quirk of the PDF extraction, on small crafted texts with hand-written expectations."""

from __future__ import annotations

import pytest

from r2p_kg.errors import ParseError
from r2p_kg.report import LineKind, parse_report, read_report

COVER = [" 大  会  安全理事会 ", "第七十九届会议 ", "议程项目 13 ", "测试议程项目 ", "第八十年 ",
         "  测试报告* ", "  秘书长的报告 ", " 摘要 ", " 这是摘要。 ", " * 技术说明。 "]


def page(*lines: str) -> str:
    """One page as the extraction lays it out: text lines separated by blank lines; a page's link
    list (lines given with a leading '@') follows its last line directly."""
    out: list[str] = []
    for ln in lines:
        if ln.startswith("@"):
            out[-1] += "\n" + ln[1:]
        else:
            out.append(ln)
    return "\n\n".join(out)


def doc(*pages: str) -> str:
    # Pages follow each other with no blank line between the last line and the next page's first.
    return "\n".join([page(*COVER)] + list(pages)) + "\n"


def test_minimal_report():
    r = parse_report(doc(page("  一． 结论 ", "1. 第一段。 ")))
    assert r.front_matter.title == "测试报告"
    assert r.front_matter.title_note == "技术说明。"
    assert [(p.number, p.text) for p in r.paragraphs] == [(1, "第一段。")]
    assert r.pages == 2


def test_paragraph_across_page_break():
    r = parse_report(doc(
        page("  一． 结论 ", "1. 第一段开始于第一页，", "并在这一页结束前", "__________________ ",
             " 1 见 A/63/677。 ", "@https://docs.un.org/zh/A/63/677"),
        page(" 继续到第二页。1 ", "2. 第二段。 "),
    ))
    p1 = r.paragraph(1)
    assert p1.text == "第一段开始于第一页，并在这一页结束前继续到第二页。"
    assert p1.pages == (2, 3)
    assert [(m.footnote, m.offset) for m in p1.markers] == [(1, len(p1.text))]
    assert r.links[0].url == "https://docs.un.org/zh/A/63/677" and r.links[0].page == 2


def test_footnote_across_page_break():
    r = parse_report(doc(
        page("  一． 结论 ", "1. 正文，1 完。 ", "__________________ ", " 1 一个跨页的脚", "@https://example.org/a"),
        page("2. 第二段。 ", "__________________ ", "注，在下一页结束。 "),
    ))
    note = r.footnote(1)
    assert note.text == "一个跨页的脚注，在下一页结束。"
    assert note.pages == (2, 3)
    assert note.cited_by == 1


def test_url_broken_across_lines_rejoined():
    r = parse_report(doc(page(
        "  一． 结论 ", "1. 见脚注。1 ", "__________________ ",
        " 1 见 www.example.org/very/long-path-broken-", "across-lines/page.html。 ",
    )))
    assert r.footnote(1).text == "见 www.example.org/very/long-path-broken-across-lines/page.html。"


def test_thousands_separator_is_one_number_not_a_marker():
    r = parse_report(doc(page(
        "  一． 结论 ", "1. 记录了 16 个国家和地区的", "1 637 起袭击事件。1 ", "__________________ ", " 1 见 A/1/1。 ",
    )))
    p = r.paragraph(1)
    assert p.text == "记录了 16 个国家和地区的1 637 起袭击事件。"
    assert [m.footnote for m in p.markers] == [1]


def test_data_numbers_are_not_markers():
    # "2" after a full stop would be the next marker, but "2个" is a count; "3%" a percentage.
    r = parse_report(doc(page(
        "  一． 结论 ", "1. 有组织。1 另有 2个会员国和", "3%的人口。2 ", "__________________ ",
        " 1 见 A/1/1。 ", " 2 见 A/1/2。 ",
    )))
    p = r.paragraph(1)
    assert p.text == "有组织。另有 2个会员国和3%的人口。"
    assert [m.footnote for m in p.markers] == [1, 2]


def test_ibid_points_at_the_original_source():
    r = parse_report(doc(page(
        "  一． 结论 ", "1. 甲。1 乙。2 丙。3 ", "__________________ ",
        " 1 见 A/63/677。 ", " 2 同上。 ", " 3 同上，第 5 段。 ",
    )))
    assert [f.ibid_of for f in r.footnotes] == [None, 1, 1]


def test_wrapped_section_heading():
    r = parse_report(doc(page("  一． 导言 ", "1. 甲。 ", " 二. 一个很长的标题在这里换行的结论", "和今后步骤 ",
                              " A. 小节 ", "2. 乙。 ")))
    assert r.sections[1].title == "一个很长的标题在这里换行的结论和今后步骤"
    assert r.paragraph(2).subsection == "A"


def test_unclassifiable_line_names_its_line_number():
    text = doc(page("  一． 结论 ", "__________________ ", "不是脚注的文字 "))
    with pytest.raises(ParseError) as info:
        parse_report(text, source="bad.txt")
    lineno = text.split("\n").index("不是脚注的文字 ") + 1
    assert info.value.line == lineno
    assert f"bad.txt:{lineno}" in str(info.value) and "不是脚注的文字" in str(info.value)


def test_paragraph_out_of_order_is_an_error():
    with pytest.raises(ParseError, match="paragraph 3 out of order"):
        parse_report(doc(page("  一． 结论 ", "1. 甲。 ", "3. 丙。 ")))


def test_uncited_footnote_is_an_error():
    with pytest.raises(ParseError, match="footnote 1 is not cited"):
        parse_report(doc(page("  一． 结论 ", "1. 没有标记。 ", "__________________ ", " 1 见 A/1/1。 ")))


def test_non_link_line_inside_link_list_is_an_error():
    text = doc(page("  一． 结论 ", "1. 甲。1 ", "__________________ ", " 1 见 A/1/1。 ",
                    "@https://example.org/a", "@这不是链接"), page("2. 乙。 "))
    with pytest.raises(ParseError, match="hyperlink line"):
        parse_report(text)


def test_local_file_links_are_flagged():
    r = parse_report(doc(page("  一． 结论 ", "1. 甲。1 ", "__________________ ", " 1 见 A/1/1。 ",
                              "@https://docs.un.org/zh/A/1/1", "@file:///C:/Users/x/A_1_1.pdf")))
    assert [(ln.url, ln.local) for ln in r.links] == [("https://docs.un.org/zh/A/1/1", False),
                                                      ("file:///C:/Users/x/A_1_1.pdf", True)]
    assert all(r.lines[ln.line - 1].kind is LineKind.LINK for ln in r.links)


@pytest.mark.parametrize("content, message", [
    (b"", "empty"),
    (b"   \n\n  \n", "empty"),
    (b"\x00\x01\x02binary", "NUL"),
    ("第一行\n".encode() + b"\xff\xfe bad\n", "not UTF-8"),
])
def test_unreadable_files(tmp_path, content, message):
    f = tmp_path / "r.txt"
    f.write_bytes(content)
    with pytest.raises(ParseError, match=message) as info:
        read_report(f)
    assert info.value.line is not None


def test_cover_line_that_fits_nothing():
    text = doc(page("  一． 结论 ", "1. 甲。 ")).replace("  秘书长的报告 ", "  秘书长的报告 \n\n随便一行 ", 1)
    with pytest.raises(ParseError, match="cover"):
        parse_report(text)
