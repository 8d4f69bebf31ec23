"""The query page as a person uses it: values shown as values, a link that opens the same query,
completions from this server only, and a chart of the results."""

from __future__ import annotations

from urllib.parse import quote

from .conftest import shot

COUNTS = ("PREFIX r2p: <https://w3id.org/r2p/ontology#>\n"
          "SELECT ?section (COUNT(?p) AS ?paragraphs) WHERE { ?p a r2p:Paragraph ; r2p:number ?n . "
          "BIND(IF(?n <= 40, \"first half\", \"second half\") AS ?section) } GROUP BY ?section ORDER BY ?section")


def outside_requests(page, server: str) -> list[str]:
    found: list[str] = []
    page.on("request", lambda r: None if r.url.startswith((server, "data:", "blob:")) else found.append(r.url))
    return found


def test_numbers_show_as_numbers_and_a_shared_link_runs_the_same_query(server, page):
    outside = outside_requests(page, server)
    page.goto(server + "/query?lang=en&query=" + quote(COUNTS))
    rows = page.locator(".yasr table tbody tr")
    rows.first.wait_for()
    # 40 paragraphs each side of the middle of the report's 80; shown as 40, not "40"^^xsd:integer
    cells = [[c.inner_text().strip() for c in r.locator("td").all()] for r in rows.all()]
    assert cells == [["first half", "40"], ["second half", "40"]]
    assert "XMLSchema#integer" not in page.locator(".yasr table").inner_text()
    page.locator(".yasqe_share").click()
    shared = page.locator(".yasqe_sharePopup input").input_value()
    assert shared.startswith(server + "/query?query=")
    page.goto(shared)
    page.locator(".yasr table tbody tr").first.wait_for()
    assert "first half" in page.locator(".yasr table").inner_text()
    assert outside == [] and not page.errors


def test_completions_come_from_this_server(server, page):
    outside = outside_requests(page, server)
    page.goto(server + "/query?lang=en")
    page.wait_for_selector(".yasqe .CodeMirror")
    page.evaluate("() => document.querySelector('.yasqe .CodeMirror').CodeMirror.setValue('')")
    page.locator(".yasqe .CodeMirror").click()
    page.keyboard.type("PREFIX r2")
    page.keyboard.press("Control+Space")
    hints = page.locator(".CodeMirror-hints li")
    hints.first.wait_for()
    assert "r2p: <https://w3id.org/r2p/ontology#>" in hints.all_inner_texts()
    page.keyboard.press("Enter")
    page.keyboard.type("\nSELECT * WHERE { ?p a r2p:Para")
    page.keyboard.press("Control+Space")
    hints.first.wait_for()
    assert "r2p:Paragraph" in hints.all_inner_texts()
    shot(page, "query-completion")
    assert outside == [] and not page.errors


def test_results_as_a_chart(server, page):
    page.goto(server + "/query?lang=en&query=" + quote(COUNTS))
    page.locator(".yasr table tbody tr").first.wait_for()
    page.locator(".yasr .select_chart, .yasr button:has-text('Chart')").first.click()
    canvas = page.locator(".yasr .result-chart canvas")
    canvas.wait_for()
    bars = page.evaluate("() => Chart.getChart(document.querySelector('.yasr .result-chart canvas'))"
                         ".data.datasets[0].data")
    labels = page.evaluate("() => Chart.getChart(document.querySelector('.yasr .result-chart canvas'))"
                           ".data.labels")
    assert bars == [40, 40] and labels == ["first half", "second half"]
    shot(page, "query-chart")
    # Shared from the chart, the link opens the chart again, not the table.
    page.locator(".yasqe_share").click()
    shared = page.locator(".yasqe_sharePopup input").input_value()
    assert shared.startswith(server + "/query?query=") and shared.endswith("&view=chart")
    page.goto(shared)
    page.locator(".yasr .result-chart canvas").wait_for()
    assert page.locator(".yasr table tbody tr").count() == 0
    assert not page.errors


def test_iris_in_results_show_their_labels(server, page):
    query = ("PREFIX r2p: <https://w3id.org/r2p/ontology#>\n"
             "SELECT ?country WHERE { ?country r2p:iso3166Alpha2 \"SD\" }")
    for lang, name in (("en", "Sudan"), ("zh", "苏丹")):  # un-country-names.csv: the UN's names
        page.goto(server + f"/query?lang={lang}&query=" + quote(query))
        link = page.locator(".yasr table tbody a.labelled")
        link.first.wait_for()
        assert link.first.inner_text().strip() == name
        assert link.first.get_attribute("title") == "https://w3id.org/r2p/id/country/SD"
    assert not page.errors


def test_years_chart_as_a_line_in_time_order(server, page):
    query = 'SELECT ?year ?n WHERE { VALUES (?year ?n) { ("2025" 3) ("2023" 1) ("2024" 2) } }'
    page.goto(server + "/query?lang=en&view=chart&query=" + quote(query))
    page.locator(".yasr .result-chart canvas").wait_for()
    chart = page.evaluate("() => { const c = Chart.getChart(document.querySelector('.yasr .result-chart canvas'));"
                          " return [c.config.type, c.data.labels, c.data.datasets[0].data]; }")
    assert chart == ["line", ["2023", "2024", "2025"], [1, 2, 3]]
    assert not page.errors
