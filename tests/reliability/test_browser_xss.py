"""XSS through a query, in a real browser (Debian's Chromium, Playwright): a query whose results hold
scripts, handlers and a ``javascript:`` IRI runs on the query page of the real server, and nothing of it
executes; nor does a script in a query that fails. tests/browser covers a crafted label in the data."""

from __future__ import annotations

from urllib.parse import quote

import pytest

from ..browser.conftest import launch
from .conftest import record

QUERY = ('SELECT ?x WHERE { VALUES ?x { "<script>window.__xss = 1</script>" '
         '"<img src=x onerror=\\"window.__xss = 2\\">" <javascript:window.__xss=3> } }')


@pytest.mark.timeout(120)
def test_xss_a_query_with_scripts_runs_none_in_the_browser(server, tmp_path, playwright):
    context = launch(playwright, tmp_path / "profile")
    try:
        page = context.new_page()
        dialogs: list[str] = []
        page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
        page.goto(server.url + "/query")
        page.wait_for_selector(".CodeMirror")
        page.evaluate("q => document.querySelector('.CodeMirror').CodeMirror.setValue(q)", QUERY)
        page.click(".yasqe_queryButton")
        page.wait_for_selector(".yasr table td", timeout=20_000)
        cells = page.locator(".yasr table").inner_text()
        assert "<script>window.__xss = 1</script>" in cells  # shown as text
        links = page.locator(".yasr a[href^='javascript:']")
        if links.count():
            links.first.click()  # the Content-Security-Policy must block it
            page.wait_for_timeout(300)
        assert page.evaluate("typeof window.__xss") == "undefined"
        page.goto(server.url + "/sparql?query=" + quote("<script>window.__xss = 4</script>"))
        assert "400 syntax-error" in page.locator("body").inner_text()
        assert page.evaluate("typeof window.__xss") == "undefined"
        assert not dialogs
    finally:
        context.close()
    record("xss-browser", payloads=4, executed=0)
