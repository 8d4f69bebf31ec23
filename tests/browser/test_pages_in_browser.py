"""What a person sees in a real browser: entity pages, the reader, the query page, the pictures."""

from __future__ import annotations

import pytest

from .conftest import shot


def test_entity_page_shows_both_languages_and_highlighted_mentions(server, page):
    page.goto(server + "/id/country/SD?lang=en")
    assert page.locator("h1").inner_text() == "Sudan"
    assert page.locator(".res-head .subtitle").inner_text() == "苏丹"
    hits = page.locator("mark.hit")
    assert hits.count() >= 1 and hits.first.is_visible()
    assert "苏丹" in hits.all_inner_texts()
    wheres = [a.get_attribute("href") for a in page.locator(".mentions .where a").all()]
    assert "/id/report/t-1/paragraph/1" in wheres
    shot(page, "entity-sudan-en", full_page=True)
    page.locator("a.lang-switch").click()
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() == "苏丹" and page.locator(".res-head .subtitle").inner_text() == "Sudan"
    assert page.locator("header.top nav a").first.inner_text() == "阅读报告"
    shot(page, "entity-sudan-zh", full_page=True)
    page.goto(server + "/id/country/SD?lang=en")  # leave the cookie on English for the other tests
    assert not page.errors


def test_paragraph_page_links_each_mention(server, page):
    page.goto(server + "/id/report/t-1/paragraph/1?lang=en")
    links = page.locator("blockquote.passage a.m")
    assert links.count() == 5
    links.filter(has_text="苏丹").click()
    page.wait_for_url("**/id/country/SD")
    assert page.locator("h1").inner_text() == "Sudan"


def test_reader_shows_all_80_paragraphs_with_links(server, page):
    page.goto(server + "/report/sg-2025?lang=zh")
    paras = page.locator("article.report section.para")
    assert paras.count() == 80
    assert page.locator("a.pn").count() == 80
    assert page.locator("sup.fn a").count() == 140
    assert page.locator("#p80").is_visible() or page.locator("#p80").count() == 1
    shot(page, "reader")
    page.locator("sup.fn a").first.click()
    assert page.url.endswith("#fn-1")
    shot(page, "reader-footnote-1")
    assert not page.errors


def test_query_page_runs_a_catalogue_query_and_shows_its_rows(server, page):
    page.goto(server + "/query?lang=en")
    page.wait_for_selector(".yasqe .CodeMirror")
    assert not page.locator("#query-form").is_visible()  # the editor replaced the plain form
    example = page.locator("a.example-link").first
    name = example.locator("xpath=..").get_attribute("data-name")
    example.click()
    rows = page.locator(".yasr table tbody tr")
    rows.first.wait_for()
    assert rows.count() > 0
    assert name in page.url
    assert "format=csv" in page.locator("#downloads a[data-format=csv]").get_attribute("href")
    shot(page, "query", full_page=True)
    assert not [e for e in page.errors if "Content Security Policy" in e]
    # The table lays an expanded copy of each cell over it, so fire the click on the link itself.
    page.locator(".yasr table tbody a[href^='https://w3id.org/r2p/id/']").first.dispatch_event("click")
    page.wait_for_url(server + "/id/**")  # dataset IRIs in results open on this server
    assert page.locator("h1").is_visible()


@pytest.mark.parametrize("name", ["network", "timeline", "statistics", "map"])
def test_each_picture_renders_with_data_points_from_the_graph(server, page, name):
    page.goto(server + f"/pictures/{name}?lang=en")
    picture = page.locator("#picture.drawn")
    picture.wait_for()
    points = picture.get_attribute("data-points") or picture.get_attribute("data-nodes")
    assert int(points) > 0
    if name == "network":
        assert int(picture.get_attribute("data-edges")) > 0
        assert page.locator("#picture canvas").count() > 0
    if name == "map":
        assert page.locator("#picture path.named").count() >= 2
        assert page.locator('#picture path[data-iso2="SD"]').count() == 1
    if name in ("timeline", "statistics"):
        assert page.locator("#picture canvas").count() > 0
    shot(page, f"picture-{name}")
    assert not page.errors, page.errors


def test_a_crafted_label_renders_as_text_and_no_script_runs(server, page):
    dialogs = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    for path in ("/id/country/MM?lang=en", "/id/report/t-1/paragraph/1?lang=en", "/pictures/network?lang=en",
                 "/pictures/map?lang=en"):
        page.goto(server + path)
        page.wait_for_load_state("networkidle")
        assert page.evaluate("typeof window.__xss") == "undefined", path
    page.goto(server + "/id/country/MM?lang=en")
    assert page.locator("h1").inner_text().startswith("<script>window.__xss = 1</script>")
    assert page.locator("h1 script, h1 img").count() == 0
    shot(page, "xss-label")
    assert not dialogs


def test_home_and_a_real_entity_page_look_right(server, page):
    page.goto(server + "/?lang=zh")
    assert page.locator(".hero h1").first.inner_text().startswith("保护责任")
    assert page.locator(".cards .card").count() == 4
    shot(page, "home-zh", full_page=True)
    page.goto(server + "/id/crime/genocide?lang=zh")
    assert page.locator("h1").is_visible()
    shot(page, "entity-genocide-zh")
    assert not page.errors


def test_pages_work_without_javascript(server, nojs_page):
    tab = nojs_page
    tab.goto(server + "/query?lang=en")
    assert tab.locator("#query-form textarea").is_visible()  # the plain form sends queries to /sparql
    tab.goto(server + "/pictures/map?lang=en")
    tab.locator("details.data-table summary").click()
    assert tab.locator("table.rows tbody tr").count() >= 2  # the same data as a table
    tab.goto(server + "/id/country/SD?lang=en")
    assert tab.locator("mark.hit").count() >= 1
    shot(tab, "no-javascript-entity")


def test_search_from_the_header(server, page):
    page.goto(server + "/?lang=en")
    box = page.locator("header form.search input[name=q]")
    box.fill("Sudan")
    box.press("Enter")
    page.wait_for_url("**/-/search?q=Sudan")
    page.locator(".search-hits a", has_text="Sudan").first.click()
    page.wait_for_url("**/id/**")
    assert "Sudan" in page.locator("h1").inner_text()
    assert not page.errors


def test_ontology_page(server, page):
    page.goto(server + "/ontology")
    assert page.locator("h1").first.is_visible()
    assert page.locator("#Pillar, #Report").count() >= 1  # term IRIs (…/ontology#Term) land on their entry
    shot(page, "ontology")
    assert not page.errors, page.errors


def test_recommendations_page_from_the_reader(server, page):
    """From the reader to the recommendations; each call shows its sentence; an addressee leads back."""
    page.goto(server + "/report/sg-2025?lang=en")
    page.locator("a.recommendations-link").click()
    page.wait_for_url("**/report/sg-2025/recommendations")
    calls = page.locator("li.claim")
    assert calls.count() == 13
    last = calls.last
    assert last.locator("blockquote.evidence").first.is_visible()
    assert "我呼吁所有会员国" in last.locator("blockquote.evidence").first.inner_text()
    shot(page, "recommendations", full_page=True)
    last.locator('a[href="/id/actor/member-states"]').click()
    page.wait_for_url("**/id/actor/member-states")
    assert page.locator("section.claims blockquote.evidence").first.is_visible()
    assert page.locator('section.claims a[href="/report/sg-2025/recommendations"]').count() == 1
    assert not page.errors
