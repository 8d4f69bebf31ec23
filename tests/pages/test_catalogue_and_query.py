"""The query page and its catalogue of named examples."""

from __future__ import annotations

from pathlib import Path

from r2p_kg.web.pages import catalogue


def test_parse_takes_the_question_in_both_languages():
    ex = catalogue.parse("cited-documents", "# Which UN documents does the report cite?\n"
                         "# 报告引用了哪些联合国文件？\nPREFIX r2p: <x#>\nSELECT * {}\n")
    assert ex.en == "Which UN documents does the report cite?" and ex.zh == "报告引用了哪些联合国文件？"
    assert ex.title("zh") == ex.zh and ex.title("en") == ex.en


def test_parse_prefers_marked_lines():
    ex = catalogue.parse("x", "# Question (en): Which passages cite it?\n# 问题 (zh): 哪些段落引用了它？\n"
                         "# Change the VALUES line to ask about another symbol.\nSELECT * {}\n")
    assert (ex.en, ex.zh) == ("Which passages cite it?", "哪些段落引用了它？")


def test_examples_read_every_rq_file(tmp_path: Path):
    (tmp_path / "b.rq").write_text("# en: Second\n# zh: 第二\nSELECT * {}", encoding="utf-8")
    (tmp_path / "a.rq").write_text("# First\nSELECT * {}", encoding="utf-8")
    (tmp_path / "bad.rq").write_bytes(b"\xff\xfe")
    names = [(e.name, e.en, e.zh) for e in catalogue.examples(tmp_path)]
    assert names == [("a", "First", ""), ("b", "Second", "第二")]


def test_query_page_lists_examples_and_works_without_javascript(real):
    page = real.get("/query").get_data(as_text=True)
    assert '<form id="query-form" method="get" action="/sparql"' in page
    assert '<textarea id="query-text" name="query"' in page
    for fmt in ("json", "xml", "csv", "tsv"):
        assert f"format={fmt}" in page
    for ex in catalogue.examples():
        assert f'href="/query?example={ex.name}"' in page
        assert real.get(f"/query?example={ex.name}").status_code == 200
    assert real.get("/query?example=no-such-question").status_code == 404


def test_query_page_preloads_a_query_from_the_url(real):
    page = real.get("/query?query=ASK%20%7B%3Fs%20%3Fp%20%3Fo%7D").get_data(as_text=True)
    assert "ASK {?s ?p ?o}" in page


def test_query_page_keeps_the_result_view_of_a_shared_link(real):
    page = real.get("/query?query=ASK%20%7B%7D&view=chart").get_data(as_text=True)
    assert 'data-view="chart"' in page
    bad = real.get("/query?query=ASK%20%7B%7D&view=pie")
    assert bad.status_code == 400
    assert "view" in bad.get_data(as_text=True) and "pie" in bad.get_data(as_text=True)


def test_download_formats_follow_the_query_form():
    assert catalogue.query_form("PREFIX a: <x#>\n# comment\nCONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }") == "construct"
    assert catalogue.query_form("# q\nASK {}") == "ask"
    assert catalogue.download_formats("DESCRIBE <x:y>") == catalogue.GRAPH_FORMATS
    assert catalogue.download_formats("SELECT * {}") == catalogue.RESULT_FORMATS


def test_query_page_offers_graph_formats_for_construct(real):
    query = "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o } LIMIT 1"
    page = real.get("/query", query_string={"query": query}).get_data(as_text=True)
    assert '<option value="turtle" selected>' in page
    assert 'data-format="turtle" data-for="construct describe" href=' in page
    # a table format does not fit a CONSTRUCT: hidden, and with no link (it would answer 406) until
    # the script sets one for a SELECT typed in the editor
    assert 'data-format="csv" data-for="select ask" hidden>CSV' in page


def test_download_links_work_at_the_endpoint(real):
    """Every format the page offers is one the endpoint serves, under the same format= names."""
    select = "SELECT ?s WHERE { ?s a <https://w3id.org/r2p/ontology#Paragraph> } LIMIT 2"
    construct = "CONSTRUCT { ?s a ?c } WHERE { ?s a ?c } LIMIT 2"
    for text in (select, construct):
        for fmt, _ in catalogue.download_formats(text):
            resp = real.get("/sparql", query_string={"query": text, "format": fmt})
            assert resp.status_code == 200, (fmt, resp.data[:200])
