"""In a real browser: narrowing the paragraphs by facets and downloading the selection, copying a
citation, and searching in Chinese and in English. (The browser's server adds the hand-written
report t-1 to the real one, so the report facet is there too.) Expected paragraphs were counted by
hand in the report text: see tests/pages/test_facets.py."""

from __future__ import annotations

import csv
import io
import re
from urllib.parse import quote

from playwright.sync_api import expect

from .conftest import shot


def test_a_facet_combination_and_its_csv(server, page):
    page.goto(server + "/-/paragraphs?lang=en")
    count = page.locator("#facet-count")
    total = int(re.search(r"of (\d+) paragraphs", count.inner_text())[1])
    assert total > 80  # the real report's 80 and the hand-written one's
    page.locator('details[data-facet="report"] a[data-key="sg-2025"]').click()
    expect(count).to_have_text(f"80 of {total} paragraphs")
    page.locator('details[data-facet="country"] a[data-key="SD"]').click()
    expect(count).to_have_text(f"4 of {total} paragraphs")  # Sudan: 14, 18, 20, 23
    page.locator('details[data-facet="country"] a[data-key="MM"]').click()
    expect(count).to_have_text(f"5 of {total} paragraphs")  # or Myanmar: and 28
    icj = page.locator('details[data-facet="organization"] a[data-key="international-court-of-justice"]')
    expect(icj.locator("xpath=../span[@class='n']")).to_have_text("1")
    icj.click()
    expect(count).to_have_text(f"1 of {total} paragraphs")  # and the ICJ: 28 only
    assert "report=sg-2025" in page.url and "country=SD" in page.url and "country=MM" in page.url
    assert [a.get_attribute("href") for a in page.locator(".paragraph-list a.pn").all()] == ["/report/sg-2025#p28"]
    assert page.evaluate("window.__xss") is None  # a hostile label among the facet values stays text
    shot(page, "paragraphs-facets", full_page=True)

    href = page.locator("a.download-csv").get_attribute("href")
    resp = page.request.get(server + href)
    assert resp.ok and resp.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(resp.text())))
    assert [(r["report"], r["paragraph"]) for r in rows] == [("sg-2025", "28")]
    assert "International Court of Justice" in rows[0]["organization"]

    page.locator(".paragraph-list a.pn").click()
    page.wait_for_url("**/report/sg-2025*#p28")
    expect(page.locator("#p28")).to_be_in_viewport()
    assert not page.errors


def test_copying_a_citation(server, page, browser_context):
    browser_context.grant_permissions(["clipboard-read", "clipboard-write"], origin=server)
    page.goto(server + "/report/sg-2025?lang=en#p14")
    cite = page.locator("#p14 details.cite")
    cite.locator("summary").click()
    box = cite.locator("textarea.cite-text")
    expect(box).to_have_value(re.compile(r"paragraph 14\. Chinese text\. https://w3id\.org/r2p/id/report/sg-2025/paragraph/14$"))
    cite.locator('a[data-format="bibtex"]').click()
    expect(box).to_have_value(re.compile(r"^@techreport\{r2p-sg-2025-p14,"))
    cite.locator("button.cite-copy").click()
    expect(cite.locator(".cite-status")).to_have_text("Copied")
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied == box.input_value() and "month = may" in copied
    shot(page, "reader-cite")

    page.goto(server + "/id/country/SD?lang=en")
    page.locator(".res-head details.cite summary").click()
    expect(page.locator(".res-head textarea.cite-text")).to_have_value(re.compile(r"^“Sudan”\. In R2P Knowledge Graph"))
    shot(page, "entity-cite")
    assert not page.errors


def test_citation_without_javascript(server, nojs_page):
    nojs_page.goto(server + "/report/sg-2025?lang=en")
    cite = nojs_page.locator("#p14 details.cite")
    cite.locator("summary").click()
    cite.locator('a[data-format="text"]').click()
    nojs_page.wait_for_url("**/-/cite?**")
    assert "paragraph 14" in nojs_page.locator("body").inner_text()


def test_chinese_and_english_searches_highlight_their_words(server, page):
    page.goto(server + "/?lang=zh")
    page.locator("header form.search input[name=q]").fill("苏丹")
    page.locator("header form.search input[name=q]").press("Enter")
    page.wait_for_url("**/-/search?q=*")
    marks = page.locator(".search-hits mark")
    expect(marks.first).to_have_text("苏丹")
    paragraphs = page.locator(".search-hits li.hit-paragraph")
    assert paragraphs.count() >= 4 and paragraphs.first.locator("p.snippet").get_attribute("lang") == "zh"
    expect(page.locator('nav.facets a[href*="kind=paragraph"]')).to_contain_text("段落")
    shot(page, "search-zh", full_page=True)

    page.goto(server + "/-/search?lang=en")
    page.locator("form.search-big input[name=q]").fill("genocide")
    page.locator("form.search-big button").click()
    page.wait_for_url("**q=genocide*")
    english = page.locator(".search-hits li.hit-paragraph p.snippet[lang=en] mark")
    expect(english.first).to_have_text(re.compile("^genocide$", re.I))
    shot(page, "search-en", full_page=True)

    for q, word in (("A/RES/60/1", "A/RES/60/1"), ("ICC", "ICC"), ("国际刑事法院", "国际刑事法院")):
        page.goto(server + "/-/search?lang=en&q=" + quote(q))
        expect(page.locator(".search-hits mark").first).to_have_text(word)
    assert not page.errors


def test_an_entitys_mentions_table(server, page):
    page.goto(server + "/-/mentions?lang=en&iri=" + quote("https://w3id.org/r2p/id/country/SD", safe=""))
    rows = page.locator("table.mention-table tbody tr")
    expect(rows.first).to_be_visible()
    assert rows.count() >= 5  # the real report's four paragraphs and footnote 106, and t-1's mention
    assert page.locator("a.download-csv").get_attribute("href").endswith("format=csv")
    shot(page, "mentions", full_page=True)
    assert not page.errors
