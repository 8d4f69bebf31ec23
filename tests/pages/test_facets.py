"""Paragraphs by facet (/-/paragraphs) and an entity's mentions (/-/mentions): counts, combinations,
CSV and JSON downloads, and clear errors. Expected paragraphs were found by hand in
data/source/sg-r2p-report-2025.zh.txt: 苏丹 (Sudan) is named in paragraphs 14, 18, 20 and 23;
缅甸 (Myanmar) in 14, 18, 20 and 28; 国际法院 (the ICJ) in 28 and 60 (paragraph 60's first
"国际法院和司法机制" is courts in general, its "提交国际法院" the ICJ). Footnote 106 names 苏丹 too."""

from __future__ import annotations

import csv
import io
import re

SUDAN = [14, 18, 20, 23]
MYANMAR = [14, 18, 20, 28]
ICJ = [28, 60]


def numbers(data: dict) -> list[int]:
    return [p["number"] for p in data["paragraphs"]]


def count_of(data: dict, facet: str, key: str) -> int:
    return next(v["count"] for v in data["facets"][facet] if v["key"] == key)


def test_facets_come_from_the_kinds_in_the_graph(real):
    data = real.get("/-/paragraphs?format=json").get_json()
    assert data["total"] == data["of"] == 80  # the report has 80 numbered paragraphs
    assert {"section", "country", "crime", "pillar", "situation", "organization", "claim"} <= set(data["facets"])
    assert "report" not in data["facets"]  # one report: no facet with a single value
    assert {v["key"] for v in data["facets"]["claim"]} >= {"Recommendation"}
    assert [v["key"] for v in data["facets"]["section"]] == [f"sg-2025/section/{n}" for n in range(1, 6)]


def test_counts_and_combinations_match_the_report_text(real):
    everything = real.get("/-/paragraphs?format=json").get_json()
    assert count_of(everything, "country", "SD") == len(SUDAN)
    assert count_of(everything, "organization", "international-court-of-justice") == len(ICJ)
    assert numbers(real.get("/-/paragraphs?country=SD&format=json").get_json()) == SUDAN
    # OR within a facet
    either = real.get("/-/paragraphs?country=SD&country=MM&format=json").get_json()
    assert numbers(either) == sorted(set(SUDAN) | set(MYANMAR))
    assert either["selection"] == {"country": ["SD", "MM"]}
    # AND across facets; the other facets' counts are over the selected paragraphs
    both = real.get("/-/paragraphs?country=MM&organization=international-court-of-justice&format=json").get_json()
    assert numbers(both) == [28]
    mm = real.get("/-/paragraphs?country=MM&format=json").get_json()
    assert count_of(mm, "organization", "international-court-of-justice") == 1
    # a chosen facet counts its values over what the other facets select (what choosing one more adds)
    assert count_of(mm, "country", "SD") == len(SUDAN)


def test_csv_and_json_downloads_parse(real):
    resp = real.get("/-/paragraphs?country=SD&lang=en", headers={"Accept": "text/csv"})
    assert resp.status_code == 200 and resp.mimetype == "text/csv"
    rows = list(csv.DictReader(io.StringIO(resp.get_data(as_text=True))))
    assert [int(r["paragraph"]) for r in rows] == SUDAN
    assert all("苏丹" in r["text"] and r["url"].endswith(f"/report/sg-2025#p{r['paragraph']}") for r in rows)
    assert all("Sudan" in r["country"].split("; ") for r in rows)
    assert all(r["text_en"] for r in rows)  # the English reading beside the original
    resp = real.get("/-/paragraphs?country=SD", headers={"Accept": "application/json"})
    assert resp.mimetype == "application/json"
    data = resp.get_json()
    assert numbers(data) == SUDAN
    assert all("https://w3id.org/r2p/id/country/SD" in p["facets"]["country"] for p in data["paragraphs"])


def test_page_links_toggle_values_and_open_the_reader(real):
    html = real.get("/-/paragraphs?country=SD&lang=en").get_data(as_text=True)
    assert "4 of 80 paragraphs" in html
    for n in SUDAN:
        assert f'href="/report/sg-2025#p{n}"' in html
    assert 'href="/-/paragraphs?lang=en"' in html  # taking Sudan out again (and "clear all")
    assert 'href="/-/paragraphs?country=SD&amp;lang=en&amp;country=MM"' in html  # adding Myanmar
    assert 'href="/-/paragraphs?country=SD&amp;lang=en&amp;format=csv"' in html
    assert 'href="/-/paragraphs"' in real.get("/report/sg-2025").get_data(as_text=True)  # the reader links here


def test_unknown_facets_and_values_are_400s_that_name_the_parameter(real):
    resp = real.get("/-/paragraphs?country=ZZ", headers={"Accept": "application/json"})
    assert resp.status_code == 400 and "'country'" in resp.get_json()["error"]["message"]
    resp = real.get("/-/paragraphs?colour=red", headers={"Accept": "application/json"})
    assert resp.status_code == 400 and "'colour'" in resp.get_json()["error"]["message"]
    hostile = real.get("/-/paragraphs?country=%3Cscript%3E").get_data(as_text=True)
    assert "<script>" not in hostile
    assert real.get("/-/paragraphs?format=pdf").status_code == 406


def test_cached_pages_key_on_every_parameter(real):
    # the page cache once answered ?kind= and ?offset= with the page cached for the bare query
    assert real.get("/-/search?q=%E8%8B%8F%E4%B8%B9&format=json").get_json()["kind"] is None
    narrowed = real.get("/-/search?q=%E8%8B%8F%E4%B8%B9&format=json&kind=paragraph").get_json()
    assert narrowed["kind"] == "paragraph" and narrowed["total"] == len(SUDAN)
    assert numbers(real.get("/-/paragraphs?country=SD&format=json").get_json()) == SUDAN
    assert numbers(real.get("/-/paragraphs?country=MM&format=json").get_json()) == MYANMAR


def test_an_entitys_mentions_download(real):
    page = real.get("/id/country/SD?lang=en").get_data(as_text=True)
    assert 'href="/-/mentions?iri=https%3A//w3id.org/r2p/id/country/SD&amp;format=csv"' in page
    assert 'href="/-/paragraphs?country=SD"' in page
    resp = real.get("/-/mentions?iri=https://w3id.org/r2p/id/country/SD&format=csv")
    rows = list(csv.DictReader(io.StringIO(resp.get_data(as_text=True))))
    # the four paragraphs, then footnote 106, which names the case 《苏丹诉阿拉伯联合酋长国》
    assert [(r["kind"], int(r["number"])) for r in rows] == [("paragraph", n) for n in SUDAN] + [("footnote", 106)]
    assert {r["exact"] for r in rows} == {"苏丹"}
    data = real.get("/-/mentions?iri=https://w3id.org/r2p/id/country/SD",
                    headers={"Accept": "application/json"}).get_json()
    assert data["total"] == 5 and data["mentions"][0]["url"].endswith("/report/sg-2025#p14")
    assert real.get("/-/mentions?iri=https://w3id.org/r2p/id/country/SD").status_code == 200
    assert real.get("/-/mentions").status_code == 400
    assert real.get("/-/mentions?iri=not%20an%20iri").status_code == 400
    assert real.get("/-/mentions?iri=https://w3id.org/r2p/id/country/ZZ").status_code == 404


def test_the_readmes_examples_answer(real):
    from r2p_kg.config import ROOT
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    examples = re.findall(r"^\| `(/-/[^`…]+)`", readme, flags=re.M)
    assert "/-/paragraphs?country=MM&crime=genocide" in examples
    for url in examples:
        assert real.get(url).status_code == 200, url
    # ¶28 names Myanmar (缅甸) and, in the Genocide Convention's title, genocide (灭绝种族)
    assert numbers(real.get("/-/paragraphs?country=MM&crime=genocide&format=json").get_json()) == [28]


def test_long_lists_are_paged_and_downloads_hold_everything(real):
    html = real.get("/-/paragraphs?lang=en").get_data(as_text=True)
    assert "80 of 80 paragraphs" in html and html.count('class="paragraph-row"') == 80  # one page of 100
    rows = list(csv.DictReader(io.StringIO(real.get("/-/paragraphs?format=csv").get_data(as_text=True))))
    assert [int(r["paragraph"]) for r in rows] == list(range(1, 81))
    later = real.get("/-/paragraphs?lang=en&offset=78").get_data(as_text=True)
    assert later.count('class="paragraph-row"') == 2 and 'href="/report/sg-2025#p79"' in later
    assert real.get("/-/paragraphs?offset=x", headers={"Accept": "application/json"}).status_code == 400
