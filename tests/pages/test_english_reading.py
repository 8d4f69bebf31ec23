"""English mode shows the project's unofficial English reading, says so, and puts the Chinese
original beside it on request; Chinese mode stays as it was. (Flask client over the real build.)"""

from __future__ import annotations

import html
import re

import pytest

from r2p_kg.report.translation import read_translation, translation_path
from r2p_kg.web.pages.data import Dataset

from .conftest import FIXTURE, make_app

NOTICE = read_translation(translation_path("sg-2025")).notice


def test_reader_in_english_shows_every_paragraph_in_english_with_the_notice(real):
    page = real.get("/report/sg-2025?lang=en").get_data(as_text=True)
    assert re.findall(r'<section class="para" id="p(\d+)">', page) == [str(n) for n in range(1, 81)]
    assert page.count('<div class="translation" lang="en">') == 80
    assert '<strong>Unofficial translation.</strong> ' + html.escape(NOTICE) in page
    # 第 21 段, read by hand: 3 700 万 (2005) -> 1.23 亿 (2024 年 10 月).
    assert "from 37 million in 2005 to a record 123 million in October 2024" in page
    assert "3 700 万" not in page  # the original is not shown unless asked for
    assert '<div class="original"' not in page
    assert 'href="?lang=en&amp;original=1">Show the Chinese original beside it</a>' in page
    # Headings in English, in the contents and the text; the report's English title as the heading.
    assert '<a href="#s1">1. Introduction</a>' in page
    assert ">2.A" not in page and '<a href="#s2A">A. Historical figures on global conflicts' in page
    assert "<h1><a href=\"/id/report/sg-2025\">Responsibility to Protect: 20 years of commitment" in page
    # Footnotes in English, web addresses linked, numbered as in the report.
    notes = re.findall(r'<li id="fn-(\d+)" value="\1">', page)
    assert sorted(map(int, notes)) == list(range(1, 141))
    assert 'href="https://unstats.un.org/sdgs/report/2024/Goal-16/"' in page
    assert 'See <a class="m k-document" href="/id/document/S-2007-721" title="S/2007/721">S/2007/721</a>.' in page


def test_quotes_in_the_english_reading_are_escaped(real):
    page = real.get("/report/sg-2025?lang=en").get_data(as_text=True)
    assert "the phrase &#34;never again&#34; remains vital" in page


def test_reader_puts_the_chinese_original_beside_the_english(real):
    page = real.get("/report/sg-2025?lang=en&original=1").get_data(as_text=True)
    assert page.count('<div class="bilingual both">') == 80
    assert page.count('<div class="original" lang="zh">') == 80
    assert "3 700 万" in page and "37 million" in page
    assert '<span class="original-title" lang="zh">一. 导言</span>' in page
    # The original keeps its footnote markers (as in Chinese mode), each note once in each language.
    markers = re.findall(r'<sup class="fn"><a href="#fn-(\d+)">\1</a></sup>', page)
    assert sorted(map(int, markers)) == list(range(1, 141))
    assert len(re.findall(r'<li id="fn-\d+-zh"', page)) == 140
    assert 'href="?lang=en">Hide the Chinese original</a>' in page


def test_chinese_mode_is_unchanged(real):
    page = real.get("/report/sg-2025?lang=zh").get_data(as_text=True)
    assert "Unofficial translation" not in page and "37 million" not in page
    assert "全球被迫流离失所者人数在过去 20 年急剧上升，从 2005 年的 " in page
    assert 'title="全球被迫流离失所者人数：3 700 万人">3 700 万人</a>' in page  # mentions still highlighted
    assert '<a href="#s1">一. 导言</a>' in page
    home = real.get("/?lang=zh").get_data(as_text=True)
    assert "Unofficial translation" not in home and "今年是 2005 年世界首脑会议二十周年" in home


def test_the_language_cookie_chooses_the_english_reading(real):
    real.set_cookie("lang", "en")
    page = real.get("/report/sg-2025").get_data(as_text=True)
    assert "from 37 million in 2005" in page and "Unofficial translation." in page


def test_home_shows_the_english_summary_with_the_notice(real):
    page = real.get("/?lang=en").get_data(as_text=True)
    assert '<p class="summary" lang="en">This year marks the twentieth anniversary of the 2005 World Summit' in page
    assert "今年是" not in page
    assert "Unofficial translation." in page
    both = real.get("/?lang=en&original=1").get_data(as_text=True)
    assert '<p class="summary original" lang="zh">今年是 2005 年世界首脑会议二十周年' in both


def test_paragraph_page_in_english_and_beside_the_original(real):
    page = real.get("/id/report/sg-2025/paragraph/21?lang=en").get_data(as_text=True)
    assert '<blockquote class="passage translation" lang="en">The number of forcibly displaced people' in page
    assert '<blockquote class="passage original"' not in page
    assert "Unofficial translation." in page
    # Its footnotes 24 and 25 in English, web addresses linked.
    unhcr = "https://www.unhcr.org/news/stories/unhcr-s-grandi-urges-joint-action-tackle-soaring-displacement"
    assert f'href="{unhcr}"' in page
    gpc = "https://globalprotectioncluster.org/protection-issues"
    assert f"See {gpc}" in page.replace(f'<a class="m url" href="{gpc}" title="{gpc}" rel="nofollow noopener">',
                                        "").replace("</a>.", ".")
    both = real.get("/id/report/sg-2025/paragraph/21?lang=en&original=1").get_data(as_text=True)
    assert '<blockquote class="passage original" lang="zh">全球被迫流离失所者人数' in both


def test_footnote_page_in_english(real):
    page = real.get("/id/report/sg-2025/footnote/9?lang=en").get_data(as_text=True)
    assert '<blockquote class="passage translation" lang="en">Ibid., para. 35 (g), action 14.</blockquote>' in page
    zh = real.get("/id/report/sg-2025/footnote/9?lang=zh").get_data(as_text=True)
    assert "同上</a>，第 35(g)段，行动 14。</blockquote>" in zh
    assert "Unofficial translation." not in zh and "passage translation" not in zh


def test_translation_node_has_a_page(real):
    page = real.get("/id/report/sg-2025/translation/en?lang=en").get_data(as_text=True)
    assert "Unofficial English reading of report sg-2025" in page
    assert "https://w3id.org/r2p/id/agent/r2p-kg" in page or "r2p-kg project" in page


HOSTILE = """
@prefix r2p: <https://w3id.org/r2p/ontology#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
<https://w3id.org/r2p/id/report/t-1> r2p:hasTranslation <https://w3id.org/r2p/id/report/t-1/translation/en> .
<https://w3id.org/r2p/id/report/t-1/translation/en> a r2p:Translation ; dcterms:language "en" ;
    rdfs:comment "Unofficial <b>reading</b>"@en ; dcterms:title "T <i>1</i>"@en .
<https://w3id.org/r2p/id/report/t-1/paragraph/1> r2p:translatedText "<script>window.__xss = 3</script> text"@en .
<https://w3id.org/r2p/id/report/t-1/section/1> r2p:translatedText "Intro <em>x</em>"@en .
"""


@pytest.fixture(scope="module")
def hostile():
    ds = Dataset.from_turtle(FIXTURE.read_text(encoding="utf-8") + HOSTILE, graph="https://w3id.org/r2p/graph/t-1")
    return make_app(PAGES_DATASET=ds).test_client()


def test_translated_text_and_notice_are_escaped(hostile):
    for url in ("/report/t-1?lang=en", "/id/report/t-1/paragraph/1?lang=en", "/?lang=en"):
        page = hostile.get(url).get_data(as_text=True)
        assert "<script>window.__xss" not in page and "<b>reading</b>" not in page, url
        assert "Unofficial &lt;b&gt;reading&lt;/b&gt;" in page, url
    page = hostile.get("/report/t-1?lang=en").get_data(as_text=True)
    assert "&lt;script&gt;window.__xss = 3&lt;/script&gt; text" in page and "Intro &lt;em&gt;x&lt;/em&gt;" in page


def test_entities_are_linked_where_their_english_label_occurs(real):
    page = real.get("/report/sg-2025?lang=en").get_data(as_text=True)
    p14 = page[page.index('<section class="para" id="p14">'):page.index('<section class="para" id="p15">')]
    english = p14[p14.index('<div class="translation" lang="en">'):]
    # 第 14 段 names these countries; each is linked once in the English reading, by its English label.
    for iso, name in (("CD", "Democratic Republic of the Congo"), ("ET", "Ethiopia"), ("MM", "Myanmar"),
                      ("SD", "Sudan"), ("UA", "Ukraine"), ("YE", "Yemen")):
        assert f'href="/id/country/{iso}" title="{name}">{name}</a>' in english, name
    assert 'href="/id/crime/war-crimes" title="war crimes">war crimes</a>' in english
    # A label that is not in the English text links nothing, and no entity the original does not
    # mention is linked (paragraph 14 does not mention the Security Council).
    assert "/id/organization/security-council" not in english
    page21 = real.get("/id/report/sg-2025/paragraph/14?lang=en").get_data(as_text=True)
    assert 'href="/id/country/SD" title="Sudan">Sudan</a>' in page21
