"""The English reading in real headless Chromium: English mode shows it with its notice, the link
puts the Chinese original (mentions highlighted) beside it, and Chinese mode is as before."""

from __future__ import annotations

import pytest

from .conftest import launch, shot


@pytest.fixture()
def page(playwright, tmp_path):
    """A tab in a browser of its own: the language cookie and HTTP cache it leaves do not reach the
    shared browser of the other tests (a cached 304 answer does not reset the cookie)."""
    context = launch(playwright, tmp_path / "profile")
    tab = context.new_page()
    tab.errors = []  # type: ignore[attr-defined]
    tab.on("console", lambda m: m.type == "error" and tab.errors.append(m.text))  # type: ignore[attr-defined]
    tab.on("pageerror", lambda e: tab.errors.append(str(e)))  # type: ignore[attr-defined]
    yield tab
    context.close()


def test_reader_in_english_then_beside_the_chinese_original(server, page):
    page.goto(server + "/report/sg-2025?lang=en")
    note = page.locator("article.report header aside.translation-note")
    assert note.is_visible()
    assert note.inner_text().startswith("Unofficial translation. Unofficial English reading prepared by the r2p-kg")
    assert page.locator("article.report section.para").count() == 80
    p21 = page.locator("#p21 .translation > p")
    assert "from 37 million in 2005 to a record 123 million in October 2024" in p21.inner_text()
    assert page.locator("#p21 .original").count() == 0
    assert page.locator("nav.toc a").first.inner_text() == "1. Introduction"
    shot(page, "reader-en")

    page.locator("a.original-toggle").first.click()
    page.wait_for_url("**original=1")
    original = page.locator("#p21 .original")
    assert original.is_visible() and original.get_attribute("lang") == "zh"
    assert "3 700 万人" in original.inner_text()
    # English and Chinese side by side: the original's box starts to the right of the reading's.
    left, right = page.locator("#p21 .translation").bounding_box(), original.bounding_box()
    assert right["x"] >= left["x"] + left["width"]
    assert page.locator("#p21 .original a.m").count() >= 1  # the original keeps its linked mentions
    page.locator("#p21").scroll_into_view_if_needed()
    shot(page, "reader-en-beside-zh")
    assert not page.errors


def test_paragraph_page_and_home_in_english(server, page):
    page.goto(server + "/id/report/sg-2025/paragraph/21?lang=en")
    assert page.locator("blockquote.passage.translation").inner_text().startswith(
        "The number of forcibly displaced people worldwide")
    assert page.locator("aside.translation-note").is_visible()
    assert page.locator("blockquote.passage.original").count() == 0
    shot(page, "paragraph-21-en", full_page=True)
    page.locator("a.original-toggle").click()
    page.wait_for_url("**original=1")
    assert page.locator("blockquote.passage.original").inner_text().startswith("全球被迫流离失所者人数")

    page.goto(server + "/?lang=en")
    summary = page.locator(".hero p.summary").first
    assert summary.inner_text().startswith("This year marks the twentieth anniversary of the 2005 World Summit")
    assert page.locator(".hero aside.translation-note").first.is_visible()
    shot(page, "home-en")
    assert not page.errors


def test_chinese_mode_shows_the_original_only(server, page):
    page.goto(server + "/report/sg-2025?lang=zh")
    assert page.locator("aside.translation-note").count() == 0
    assert page.locator("#p21 > p").inner_text().startswith("21. 全球被迫流离失所者人数")
    assert page.locator("nav.toc a").first.inner_text() == "一. 导言"
