"""The endpoint's own pages in a real browser (issue 14): the dumps' index, the endpoint's page,
VoID and a 404, each drawn in the site's layout; screenshots go to test-artifacts/."""

from __future__ import annotations

import hashlib
import time

from .conftest import shot


def test_dumps_index_renders_with_sizes_and_checksums(server, page, built):
    page.goto(server + "/dumps/?lang=en")
    assert page.locator("h1").inner_text() == "Downloads"
    rows = page.locator("#files tbody tr")
    assert rows.count() >= 9
    nq = page.locator("#files tbody tr", has=page.locator('a[href="/dumps/r2p.nq"]'))
    cells = nq.locator("td").all_inner_texts()
    assert cells[2] == "application/n-quads"
    assert cells[3] == f"{(built.out / 'r2p.nq').stat().st_size:,}"
    assert cells[4] == hashlib.sha256((built.out / "r2p.nq").read_bytes()).hexdigest()
    assert page.locator("header.top nav a", has_text="SPARQL").count() == 1
    shot(page, "dumps-index-en", full_page=True)
    page.locator("a.lang-switch").click()
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() == "下载"
    shot(page, "dumps-index-zh", full_page=True)
    page.goto(server + "/dumps/?lang=en")  # leave the cookie on English for the other tests
    assert not page.errors


def test_nav_sparql_link_opens_a_page_that_explains_the_endpoint(server, page):
    page.goto(server + "/?lang=en")
    page.locator("header.top nav a", has_text="SPARQL").click()
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() == "SPARQL endpoint"
    assert "SPARQLWrapper(" in page.locator(".system-examples").inner_text()
    shot(page, "sparql-endpoint-en", full_page=True)
    page.locator(".rdf-source summary").click()
    assert "sd:Service" in page.locator(".rdf-source pre").inner_text()
    page.goto(server + "/.well-known/void?lang=en")
    assert page.locator("h1").inner_text() == "VoID description of the dataset"
    shot(page, "void-en")
    assert not page.errors


def test_a_404_has_the_layout_and_a_way_on(server, page):
    resp = page.goto(server + "/no/such/page?lang=en")
    assert resp is not None and resp.status == 404
    assert page.locator("header.top nav").is_visible()
    page.locator(".error .suggestions a", has_text="Home").click()
    page.wait_for_url(server + "/")
    # a mistyped IRI: the same kind's nearest names (their index is built in the background after
    # the first 404 under /id/, so ask again until it is ready)
    deadline = time.monotonic() + 30
    while True:
        near = page.goto(server + "/id/country/SDN?lang=en")
        assert near is not None and near.status == 404
        if page.locator('.error .suggestions a[href="/id/country/SD"]').count() or time.monotonic() > deadline:
            break
        page.wait_for_timeout(200)
    assert page.locator('.error .suggestions a[href="/id/country/SD"]').inner_text() == "Sudan"
    shot(page, "not-found-en")
    # the console reports only the 404s of the pages themselves (no style or script is missing)
    assert all("status of 404" in e for e in page.errors)
