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
