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


def test_countries_in_results_on_a_map(server, page):
    country = "<https://w3id.org/r2p/id/country/{}>".format
    query = f"SELECT ?country ?n WHERE {{ VALUES (?country ?n) {{ ({country('SD')} 3) ({country('MM')} 5) }} }}"
    page.goto(server + "/query?lang=en&query=" + quote(query))
    page.locator(".yasr table tbody tr").first.wait_for()
    page.locator(".yasr .select_map, .yasr button:has-text('Map')").first.click()
    page.locator(".yasr .result-map.drawn").wait_for()
    named = page.evaluate("() => [...document.querySelectorAll('.yasr .result-map path.named')].map(p =>"
                          " [p.dataset.iso2, p.querySelector('title').textContent, parseFloat("
                          "p.getAttribute('fill').split(',')[3]), p.parentElement.getAttribute('href')])")
    by_code = {code: (title, alpha, href) for code, title, alpha, href in named}
    assert set(by_code) == {"SD", "MM"}
    # labels in the page language (the fixture's English label of Myanmar is hostile: it stays text)
    hostile = '<script>window.__xss = 1</script><img src=x onerror="window.__xss = 2">'
    assert by_code["SD"][0] == "Sudan · 3" and by_code["MM"][0] == hostile + " · 5"
    assert page.evaluate("typeof window.__xss") == "undefined"
    assert by_code["MM"][1] > by_code["SD"][1]  # the larger value is the darker
    assert by_code["SD"][2] == "/id/country/SD"
    assert page.locator(".yasr .result-map g.scale").count() == 1
    shot(page, "query-map")
    page.locator(".yasqe_share").click()
    shared = page.locator(".yasqe_sharePopup input").input_value()
    assert shared.endswith("&view=map")
    page.goto(shared)
    page.locator(".yasr .result-map.drawn").wait_for()
    assert page.locator(".yasr .result-map path.named").count() == 2
    # Without a column of numbers, a country is shaded by the rows that name it.
    rows = f"SELECT ?country WHERE {{ VALUES ?country {{ {country('SD')} {country('SD')} {country('MM')} }} }}"
    page.goto(server + "/query?lang=zh&view=map&query=" + quote(rows))
    page.locator(".yasr .result-map.drawn").wait_for()
    titles = page.evaluate("() => [...document.querySelectorAll('.yasr .result-map path.named title')]"
                           ".map(t => t.textContent).sort()")
    assert titles == sorted(["苏丹 · 2", "缅甸 · 1"])
    assert not page.errors
