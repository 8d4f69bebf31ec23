"""The search page (/-/search): highlighted snippets, passages opened in the reader, JSON and CSV
twins, escaping, and clear errors for bad parameters."""

from __future__ import annotations


def test_search_page_json_csv_and_escaping(real):
    page = real.get("/-/search?q=%E8%8B%8F%E4%B8%B9&lang=en")
    assert page.status_code == 200 and "<mark>苏丹</mark>" in page.get_data(as_text=True)
    assert 'href="/report/sg-2025#p' in page.get_data(as_text=True)  # passages open in the reader
    data = real.get("/-/search?q=A/RES/60/1&format=json").get_json()
    assert data["total"] >= 1 and data["hits"][0]["url"].startswith("/id/document/")
    csv_text = real.get("/-/search?q=A/RES/60/1", headers={"Accept": "text/csv"}).get_data(as_text=True)
    assert csv_text.splitlines()[0] == "kind,title,iri,url,snippet"
    hostile = real.get("/-/search?q=%3Cscript%3Ealert(1)%3C/script%3E").get_data(as_text=True)
    assert "<script>alert(1)" not in hostile and "&lt;script&gt;alert(1)" in hostile
    assert real.get("/-/search?q=x&kind=bogus").status_code == 400
    assert real.get("/-/search?q=x&offset=-1").status_code == 400


# (query, page language, a kind it must find, the words highlighted): the issue's five searches.
# By hand in data/source: A/RES/60/1 is the World Summit Outcome (a document); "ICC-01/19" is printed in
# footnote 33; 国际刑事法院 in paragraph 60 and footnote 33; 苏丹 in paragraphs 14, 18, 20 and 23;
# "genocide" in the English reading of many paragraphs (data/translations/sg-2025.en.tsv).
SEARCHES = [("A/RES/60/1", "en", "document", "A/RES/60/1"), ("ICC", "en", "footnote", "ICC"),
            ("国际刑事法院", "zh", "paragraph", "国际刑事法院"), ("苏丹", "zh", "paragraph", "苏丹"),
            ("genocide", "en", "paragraph", "genocide")]


def test_the_issues_searches_find_highlight_and_count(real):
    from urllib.parse import quote
    for q, lang, kind, word in SEARCHES:
        url = f"/-/search?q={quote(q)}&lang={lang}"
        page = real.get(url).get_data(as_text=True)
        assert f"<mark>{word}</mark>" in page, q
        data = real.get(url, headers={"Accept": "application/json"}).get_json()
        assert data == real.get(url + "&format=json").get_json()
        assert data["counts"].get(kind, 0) >= 1 and data["total"] == sum(data["counts"].values()), q
        assert any(h["kind"] == kind and word.lower() in [m.lower() for m in h["matches"]] for h in data["hits"]), q
    sudan = real.get("/-/search?q=%E8%8B%8F%E4%B8%B9&format=json").get_json()
    assert sudan["counts"]["paragraph"] == 4  # 14, 18, 20, 23
    icc = real.get("/-/search?q=ICC&kind=footnote&format=json").get_json()
    assert [h["title"].split(" ")[-3] for h in icc["hits"]] == ["33"]  # "footnote 33 · sg-2025"
    # the courts' abbreviations (alternative labels from the gazetteer) name the courts first
    for q, iri in (("ICC", "/id/organization/international-criminal-court"),
                   ("icj", "/id/organization/international-court-of-justice")):
        assert real.get(f"/-/search?q={q}&format=json").get_json()["hits"][0]["iri"].endswith(iri), q
    english = real.get("/-/search?q=genocide&lang=en&kind=paragraph").get_data(as_text=True)
    assert '<p class="snippet" lang="en">' in english


def test_section_titles_in_the_page_language(real):
    # section 五 is "结论和今后步骤"; the English reading calls it "Conclusions and next steps"
    zh = real.get("/-/search?q=%E4%BB%8A%E5%90%8E%E6%AD%A5%E9%AA%A4&kind=section&format=json&lang=zh").get_json()
    en = real.get("/-/search?q=%E4%BB%8A%E5%90%8E%E6%AD%A5%E9%AA%A4&kind=section&format=json&lang=en").get_json()
    assert [h["title"] for h in zh["hits"]] == ["结论和今后步骤"]
    assert [h["title"] for h in en["hits"]] == ["Conclusions and next steps"]
