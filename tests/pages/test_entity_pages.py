"""Entity pages: both languages, the language switch, mentions highlighted from their spans,
external links, inbound links, escaping, and the security headers."""

from __future__ import annotations

import re

import pytest

SUDAN = "/id/country/SD"


def parse_tags(page: str) -> list[tuple[str, list[tuple[str, str | None]]]]:
    """Every start tag with its attributes, as a browser's parser sees them."""
    from html.parser import HTMLParser
    found: list[tuple[str, list[tuple[str, str | None]]]] = []

    class Collect(HTMLParser):
        def handle_starttag(self, tag, attrs):
            found.append((tag, attrs))

    Collect().feed(page)
    return found


def test_page_shows_both_languages(fx):
    page = fx.get(SUDAN, headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert "<h1 lang=\"en\">Sudan</h1>" in page
    assert 'class="subtitle" lang="zh">苏丹<' in page


@pytest.mark.parametrize(("headers", "query", "cookie", "title"), [
    ({"Accept-Language": "zh-CN,zh;q=0.9"}, "", None, "苏丹"),
    ({"Accept-Language": "en-GB,en;q=0.8"}, "", None, "Sudan"),
    ({"Accept-Language": "zh-Hans-CN"}, "", None, "苏丹"),
    ({"Accept-Language": "fr"}, "", None, "Sudan"),
    ({"Accept-Language": "zh"}, "?lang=en", None, "Sudan"),
    ({"Accept-Language": "zh"}, "", "en", "Sudan"),
    ({"Accept-Language": "en"}, "?lang=zh", "en", "苏丹"),
])
def test_language_choice(fixture_app, headers, query, cookie, title):
    client = fixture_app.test_client()
    if cookie:
        client.set_cookie("lang", cookie)
    resp = client.get(SUDAN + query, headers=headers)
    assert re.search(rf"<h1 lang=\"\w+\">{title}</h1>", resp.get_data(as_text=True))
    assert "Accept-Language" in resp.headers["Vary"]


def test_language_choice_is_kept_in_a_cookie(fixture_app):
    client = fixture_app.test_client()
    resp = client.get(SUDAN + "?lang=zh", headers={"Accept-Language": "en"})
    assert "lang=zh" in resp.headers["Set-Cookie"]
    assert "<h1 lang=\"zh\">苏丹</h1>" in client.get(SUDAN, headers={"Accept-Language": "en"}).get_data(as_text=True)


def test_mentions_are_highlighted_from_their_recorded_spans(fx):
    page = fx.get(SUDAN).get_data(as_text=True)
    assert '<mark class="hit" title="苏丹">苏丹</mark>' in page
    assert 'href="/id/report/t-1/paragraph/1"' in page


def test_paragraph_page_links_every_mention_and_marker(fx):
    page = fx.get("/id/report/t-1/paragraph/1", headers={"Accept-Language": "en"}).get_data(as_text=True)
    for href, text in (("/id/organization/security-council", "安全理事会"), ("/id/country/SD", "苏丹"),
                       ("/id/crime/genocide", "灭绝种族"), ("/id/document/S-RES-1674-2006", "1674(2006)")):
        assert re.search(rf'<a class="m k-\w+" href="{href}" title="[^"]*">{re.escape(text)}</a>', page)
    assert '<sup class="fn"><a href="/id/report/t-1/footnote/1">1</a></sup>。苏丹' in page.replace(
        '<a class="m k-country" href="/id/country/SD" title="Sudan">苏丹</a>', "苏丹")


def test_external_links(fx):
    page = fx.get(SUDAN).get_data(as_text=True)
    assert 'href="http://www.wikidata.org/wiki/Q1049"' in page
    assert 'href="https://www.iso.org/obp/ui/#iso:code:3166:SD"' in page
    doc = fx.get("/id/document/S-RES-1674-2006").get_data(as_text=True)
    assert 'href="https://undocs.org/S/RES/1674(2006)"' in doc


def test_inbound_links_and_definitions(fx):
    page = fx.get("/id/crime/genocide", headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert "Acts committed with intent to destroy" in page and "蓄意全部或局部消灭" in page
    sudan = fx.get(SUDAN, headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert 'href="/id/report/t-1/statistic/1"' in sudan  # a statistic about Sudan points here


def test_rdf_twin_carries_the_supporting_mentions(fx):
    import pyoxigraph as ox
    triples = list(ox.parse(fx.get(SUDAN + ".nt").data, format=ox.RdfFormat.N_TRIPLES))
    values = {t.object.value for t in triples if isinstance(t.object, ox.Literal)}
    assert {"Sudan", "苏丹", "30", "32"} <= values  # labels, and the mention's oa:start/oa:end
    assert any(t.predicate.value == "http://www.w3.org/ns/oa#hasSource" for t in triples)


def test_hostile_labels_are_escaped(fx):
    for path in ("/id/country/MM", "/id/report/t-1/paragraph/1",
                 "/-/browse?class=https%3A%2F%2Fw3id.org%2Fr2p%2Fontology%23Country"):
        page = fx.get(path, headers={"Accept-Language": "en"}).get_data(as_text=True)
        assert "<script>window.__xss" not in page and "<img src=x" not in page
        assert "&lt;script&gt;window.__xss = 1&lt;/script&gt;" in page


def test_pages_set_a_strict_content_security_policy(fx):
    csp = fx.get(SUDAN).headers["Content-Security-Policy"]
    assert "script-src 'self';" in csp and "unsafe-inline" not in csp.split("script-src")[1].split(";")[0]
    for path in ("/", "/report/t-1", "/pictures/map", "/query"):
        page = fx.get(path).get_data(as_text=True)
        tags = parse_tags(page)
        # No inline scripts: a script element has a src, or is a data block the browser never runs.
        assert all(dict(attrs).get("src") or dict(attrs).get("type") in ("application/json", "application/ld+json")
                   for tag, attrs in tags if tag == "script"), path
        assert not [a for _, attrs in tags for a, _ in attrs if a.startswith("on")], path  # no handlers


def test_home_and_browse(real):
    home = real.get("/", headers={"Accept-Language": "zh"}).get_data(as_text=True)
    assert "保护责任" in home and 'href="/report/sg-2025"' in home
    browse = real.get("/-/browse?class=https%3A%2F%2Fw3id.org%2Fr2p%2Fontology%23Paragraph").get_data(as_text=True)
    assert browse.count('href="/id/report/sg-2025/paragraph/') == 80
    assert real.get("/-/browse?class=not%20an%20iri").status_code == 400


def test_statistics_about_a_place_are_listed(fx):
    page = fx.get(SUDAN, headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert '<section class="statistics">' in page and "forcibly displaced people" in page
    assert '<td class="num">123000000</td>' in page


def test_passages_are_in_reading_order_paragraphs_first():
    from r2p_kg.web.pages.data import _passage_key
    iris = ["x/footnote/2", "x/paragraph/10", "x/footnote/1", "x/paragraph/9"]
    assert sorted(iris, key=_passage_key) == ["x/paragraph/9", "x/paragraph/10", "x/footnote/1", "x/footnote/2"]


def test_passages_link_to_their_place_in_the_reader(fx):
    page = fx.get(SUDAN).get_data(as_text=True)
    assert 'class="in-reader" href="/report/t-1#p1"' in page
    note = fx.get("/id/report/t-1/footnote/1").get_data(as_text=True)
    assert 'class="in-reader" href="/report/t-1#fn-1"' in note


def test_paragraph_page_shows_its_footnotes(fx):
    page = fx.get("/id/report/t-1/paragraph/1").get_data(as_text=True)
    assert '<li id="fn-1"><a class="fnn" href="/id/report/t-1/footnote/1">1</a>' in page
    assert 'href="https://www.un.org/en/genocideprevention/"' in page


@pytest.mark.parametrize(("q", "first"), [("苏丹", "/id/country/SD"), ("sudan", "/id/country/SD"),
                                         ("GENOCIDE", "/id/crime/genocide")])
def test_search_finds_entities_by_label_in_either_language(fx, q, first):
    page = fx.get(f"/-/search?q={q}").get_data(as_text=True)
    hits = re.findall(r'<a class="hit-title" href="([^"]+)"', page)
    assert hits and hits[0] == first


def test_search_is_safe_with_any_text(fx):
    for q in ('"', "') } SELECT * {", "<script>", "\\", "%00"):
        resp = fx.get("/-/search", query_string={"q": q})
        assert resp.status_code == 200 and "<script>" not in resp.get_data(as_text=True).split("</header>")[1]


def test_an_entity_named_in_many_passages_shows_some_and_links_a_query_for_all(built, monkeypatch):
    """The Security Council is named in paragraphs and footnotes across the report (more than three);
    with the page's cap at three, the page says how many there are and links a query that lists
    every one of them, which the endpoint answers."""
    from urllib.parse import parse_qs, urlsplit

    from r2p_kg.web.pages import views
    from r2p_kg.web.pages.data import Dataset

    from .conftest import make_app
    monkeypatch.setattr(views, "PASSAGES_MAX", 3)
    app = make_app(R2P_DIST=str(built.out), PAGES_DATASET=Dataset.load(built.out), R2P_PAGE_CACHE_ENTRIES=0)
    client = app.test_client()
    page = client.get("/id/organization/security-council", headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert page.count('<div class="mention-passage">') == 3
    m = re.search(r"3 of (\d+) passages are shown here\.\s*<a href=\"([^\"]+)\">", page)
    assert m, "the cut is said, with a link to all the passages"
    total, href = int(m.group(1)), m.group(2).replace("&amp;", "&")
    assert total > 3
    query = parse_qs(urlsplit(href).query)["query"][0]
    assert "<https://w3id.org/r2p/id/organization/security-council>" in query
    answer = client.get("/sparql", query_string={"query": query},
                        headers={"Accept": "application/sparql-results+json"}).get_json()
    rows = answer["results"]["bindings"]
    assert len(rows) == total
    assert all("/id/report/sg-2025/" in r["passage"]["value"] for r in rows)
