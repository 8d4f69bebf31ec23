"""Facts shown rightly (issue 14): "What links here" in the report's order, and a statistic's source
named as the footnote it comes from. Expected values were read off the report's text by hand."""

from __future__ import annotations

import re

EN = {"Accept": "text/html", "Accept-Language": "en"}
PARA = "/id/report/sg-2025/paragraph/"


def inbound_rows(page: str) -> dict[str, list[str]]:
    """{property IRI: linked paths in the order shown} of the 'What links here' table."""
    section = page[page.index('<section class="inbound">'):]
    section = section[:section.index("</section>")]
    return {re.search(r'title="([^"]+)"', row)[1]: re.findall(r'<li><a class="iri[^"]*" href="([^"]+)"', row)
            for row in re.findall(r"<tr>(.*?)</tr>", section, re.S)}


def test_what_links_here_lists_paragraphs_by_number(real):
    page = real.get("/id/crime/genocide", headers=EN).get_data(as_text=True)
    links = inbound_rows(page)["https://w3id.org/r2p/ontology#mentions"]
    numbers = [int(h[len(PARA):]) for h in links if h.startswith(PARA)]
    # 灭绝种族 (genocide) is named in paragraphs 1, 7, 12 and 13 of the report, among later ones;
    # by IRI text the list began 1, 12, 13, ... with 7 far down
    assert numbers[:4] == [1, 7, 12, 13]
    assert numbers == sorted(numbers)


def test_other_links_are_sorted_by_label(real):
    page = real.get(PARA + "21", headers=EN).get_data(as_text=True)
    section = page[page.index('<section class="inbound">'):]
    section = section[:section.index("</section>")]
    seen = 0
    for row in re.findall(r"<tr>(.*?)</tr>", section, re.S):
        pairs = re.findall(r'<li><a class="iri[^"]*" href="([^"]+)">([^<]*)</a>', row)
        numbered = [int(m[1]) for href, _ in pairs if (m := re.search(r"/statistic/(\d+)$", href))]
        assert numbered == sorted(numbered)  # numbered parts of the report in their order
        labels = [label.casefold() for href, label in pairs if not re.search(r"/sg-2025/[a-z]+/\d+$", href)]
        assert labels == sorted(labels)
        seen += len(labels) + len(numbered)
    assert seen >= 7  # ¶21's four mention targets and statistics 3-5 link to it


def test_a_statistic_names_the_footnote_it_comes_from(real):
    # ¶21: 37 million (2005), 123 million (October 2024) and over 72.1 million internally displaced
    # (June 2024), all followed by the marker of footnote 24 (UNHCR)
    page = real.get(PARA + "21", headers=EN).get_data(as_text=True)
    table = page[page.index('<section class="statistics">'):]
    table = table[:table.index("</section>")]
    rows = re.findall(r"<tr>(.*?)</tr>", table, re.S)[1:]
    assert len(rows) == 3
    for row in rows:
        assert '<a href="/id/report/sg-2025/footnote/24">Footnote 24</a>' in row
        assert PARA + "21" not in row
    assert {"37000000", "123000000", "72100000"} <= set(re.findall(r'class="num">(\d+)<', table))
    # the footnote's own page lists the figures drawn from it
    note = real.get("/id/report/sg-2025/footnote/24", headers=EN).get_data(as_text=True)
    assert '<section class="statistics">' in note and "123000000" in note


def test_counts_of_different_things_never_share_an_axis(real):
    groups = real.get("/pictures/statistics.json?lang=en").get_json()["groups"]
    counts = [g for g in groups if g["unit"] == "number (count)"]
    for g in counts:  # one thing counted per group (qualifiers such as "(more than)" aside)
        assert len({re.sub(r"\s*\([^)]*\)$", "", i["measure"]) for i in g["items"]}) == 1
    by_measure = {g["measure"]: [i["value"] for i in g["items"]] for g in counts}
    # ¶21: 37 million forcibly displaced in 2005 and 123 million in October 2024, on one axis;
    # the 118 States with a national human rights institution (¶39) on another
    assert sorted(by_measure["forcibly displaced people worldwide"]) == [37_000_000, 123_000_000]
    assert by_measure["States with a national human rights institution"] == [118]
