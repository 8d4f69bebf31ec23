"""The pictures read clearly (issue 14): the map has a legend and a scale, the network's labels do
not cover each other, and the statistics chart never puts counts of different things on one axis."""

from __future__ import annotations

from .conftest import shot


def test_map_has_a_legend_and_a_scale(server, page):
    page.goto(server + "/pictures/map?lang=en")
    page.locator("#picture.drawn").wait_for()
    key = page.locator(".map-key")
    assert "Passages naming the country" in key.inner_text() and "not named in the report" in key.inner_text()
    most = max(int(c) for c in page.locator(".data-table tbody tr td:nth-child(3)").all_text_contents())
    assert key.locator(".hi").inner_text() == str(most)
    scale = page.locator("#picture g.scale")
    km = int(scale.get_attribute("data-km"))
    assert scale.locator("text").text_content() == f"{km:,} km at the Equator"
    # the bar's length against the map's width: the Equal Earth projection fitted to the width
    # spans 360 degrees of the Equator, i.e. about 40,075 km, in the drawn Equator's length
    equator = page.evaluate("""() => { const svg = document.querySelector('#picture svg');
        return svg.viewBox.baseVal.width; }""")
    length = float(scale.get_attribute("data-length"))
    assert 0 < length < equator / 4
    shot(page, "picture-map-legend")
    page.goto(server + "/pictures/map?lang=zh")
    page.locator("#picture.drawn").wait_for()
    assert "公里" in page.locator("#picture g.scale text").text_content()
    page.goto(server + "/pictures/map?lang=en")
    assert not page.errors


def test_network_labels_do_not_overlap(server, page):
    page.goto(server + "/pictures/network?lang=en")
    picture = page.locator("#picture.drawn")
    picture.wait_for()
    boxes = page.evaluate("""() => document.getElementById('picture').r2pGraph.nodes('.major').map(
        n => n.boundingBox({ includeNodes: false, includeEdges: false, includeLabels: true }))""")
    assert len(boxes) == int(picture.get_attribute("data-labels")) >= 5
    for i, a in enumerate(boxes):
        for b in boxes[i + 1:]:
            assert not (a["x1"] < b["x2"] and b["x1"] < a["x2"] and a["y1"] < b["y2"] and b["y1"] < a["y2"]), (a, b)
    shot(page, "picture-network-labels")
    assert not page.errors


def test_statistics_keep_counts_of_different_things_apart(server, page):
    page.goto(server + "/pictures/statistics?lang=en")
    picture = page.locator("#picture.drawn")
    picture.wait_for()
    # ¶21 gives two figures of forcibly displaced people (37 million in 2005, 123 million in
    # October 2024): one chart; the 118 States with a national human rights institution (¶39) get
    # a chart of their own, never the displaced people's axis
    panels = page.locator(".small-multiple")
    displaced = panels.filter(has_text="forcibly displaced people worldwide")
    assert displaced.count() == 1
    states = panels.filter(has_text="States with a national human rights institution")
    assert states.count() == 1
    assert int(picture.get_attribute("data-axes")) == page.locator("#picture canvas").count() >= 3
    shot(page, "picture-statistics-grouped", full_page=True)
    assert not page.errors
