"""Pictures' data from live queries, their pages, and the ontology's documents."""

from __future__ import annotations

import pytest

from r2p_kg.web.pages.pictures import PICTURES


def test_network_data(fx):
    data = fx.get("/pictures/network.json").json
    ids = {n["id"].rsplit("/", 1)[-1] for n in data["nodes"]}
    assert {"SD", "MM", "genocide", "security-council", "S-RES-1674-2006"} <= ids
    assert all(set(e) == {"source", "target", "weight"} for e in data["edges"]) and len(data["edges"]) == 10
    assert {n["href"] for n in data["nodes"]} >= {"/id/country/SD", "/id/crime/genocide"}


def test_timeline_data(fx):
    items = fx.get("/pictures/timeline.json?lang=en").json["items"]
    assert [(i["symbol"], i["year"], i["organ"]) for i in items] == [("S/RES/1674(2006)", 2006, "Security Council")]


def test_statistics_data(fx):
    groups = fx.get("/pictures/statistics.json?lang=en").json["groups"]
    item = groups[0]["items"][0]
    assert item["value"] == 123000000 and item["measure"] == "forcibly displaced people"
    assert item["source_href"] == "/id/report/t-1/paragraph/1" and item["place"] == "Sudan"


def test_map_data(fx):
    countries = fx.get("/pictures/map.json").json["countries"]
    assert sorted((c["iso2"], c["mentions"]) for c in countries) == [("MM", 1), ("SD", 1)]


@pytest.mark.parametrize("name", [p.name for p in PICTURES])
def test_picture_pages_have_a_table_for_readers_without_javascript(fx, real, name):
    page = fx.get(f"/pictures/{name}").get_data(as_text=True)
    assert '<table class="rows">' in page and f'data-src="/pictures/{name}.json' in page
    assert real.get(f"/pictures/{name}").status_code == 200  # the real graph, whatever it holds yet
    assert real.get(f"/pictures/{name}.json").status_code == 200


def test_unknown_picture_is_404(fx):
    assert fx.get("/pictures/nope").status_code == 404
    assert fx.get("/pictures/nope.json").status_code == 404


@pytest.mark.parametrize(("path", "accept", "media_type"), [
    ("/ontology", "text/turtle", "text/turtle"),
    ("/ontology", "application/rdf+xml", "application/rdf+xml"),
    ("/ontology", "application/ld+json", "application/ld+json"),
    ("/ontology.ttl", "text/html", "text/turtle"),
    ("/ontology.rdf", "*/*", "application/rdf+xml"),
    ("/ontology", "text/html", "text/html"),
])
def test_ontology_for_people_and_programs(real, path, accept, media_type):
    from r2p_kg.config import ONTOLOGY_FILE
    assert ONTOLOGY_FILE.is_file()
    resp = real.get(path, headers={"Accept": accept})
    assert resp.status_code == 200 and resp.mimetype == media_type
    assert "Accept" in resp.headers["Vary"]


def test_ontology_unknown_suffix_is_404(real):
    assert real.get("/ontology.png").status_code == 404


def test_ontology_docs_from_the_build_are_served_to_browsers(tmp_path, fixture_dataset):
    from dataclasses import replace

    from tests.pages.conftest import make_app
    (tmp_path / "ontology.html").write_text(
        '<!doctype html><html><head><style>h1{color:red}</style></head><body class="x"><h1 id="Pillar">Pillar</h1>'
        "</body></html>", encoding="utf-8")
    app = make_app(PAGES_DATASET=replace(fixture_dataset, dist=tmp_path))
    resp = app.test_client().get("/ontology", headers={"Accept": "text/html"})
    assert resp.status_code == 200 and b'id="Pillar"' in resp.data
    assert b'<nav class="r2p-sitebar"' in resp.data and b'/-/static/pages/sitebar.css' in resp.data
    csp = resp.headers["Content-Security-Policy"]
    assert "script-src 'self';" in csp and "style-src 'self' 'unsafe-inline'" in csp
    assert '</ontology.ttl>; rel="alternate"; type="text/turtle"' in resp.headers["Link"]


def test_ontology_page_without_generated_docs_lists_terms_in_both_languages():
    from r2p_kg.config import ONTOLOGY_FILE
    from r2p_kg.web.pages.data import Dataset
    from tests.pages.conftest import make_app
    assert ONTOLOGY_FILE.is_file()
    ds = Dataset.from_turtle(ONTOLOGY_FILE.read_text(encoding="utf-8"))  # no dist/, so no pyLODE page
    page = make_app(PAGES_DATASET=ds).test_client().get("/ontology?lang=en").get_data(as_text=True)
    assert '<dt id="Pillar"><code>r2p:Pillar</code>' in page
    assert 'lang="zh">支柱' in page


@pytest.mark.parametrize("name", [p.name for p in PICTURES])
def test_every_table_column_has_words_in_both_languages(fx, name):
    from r2p_kg.web.pages.i18n import WORDS
    columns = fx.get(f"/pictures/{name}.json").json["columns"]
    assert columns[-1] == "href" and all(f"col_{c}" in WORDS for c in columns[:-1])
