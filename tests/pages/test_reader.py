"""The report reader: every paragraph, numbered and linked, footnotes at their markers."""

from __future__ import annotations

import re


def test_reader_shows_all_80_paragraphs_with_links(real):
    resp = real.get("/report/sg-2025")
    assert resp.status_code == 200
    page = resp.get_data(as_text=True)
    numbers = [int(n) for n in re.findall(r'<section class="para" id="p(\d+)">', page)]
    assert numbers == list(range(1, 81))
    for n in (1, 40, 80):
        assert f'<a class="pn" href="/id/report/sg-2025/paragraph/{n}"' in page


def test_reader_links_all_140_footnote_markers_to_their_notes(real):
    # Markers sit at offsets into the Chinese text: Chinese mode (English mode reads the unofficial
    # English reading, whose notes follow each paragraph; see test_english_reading.py).
    page = real.get("/report/sg-2025?lang=zh").get_data(as_text=True)
    markers = re.findall(r'<sup class="fn"><a href="#fn-(\d+)">\1</a></sup>', page)
    assert sorted(map(int, markers)) == list(range(1, 141))
    notes = re.findall(r'<li id="fn-(\d+)" value="\1">', page)
    assert sorted(map(int, notes)) == list(range(1, 141))


def test_reader_has_sections_in_order_with_a_table_of_contents(real):
    page = real.get("/report/sg-2025").get_data(as_text=True)
    ids = re.findall(r'<section class="section" id="s(\d+)">', page)
    assert ids == [str(i) for i in range(1, len(ids) + 1)] and len(ids) >= 3
    assert 'href="#s1"' in page


def test_reader_links_mentions_and_documents(fx):
    page = fx.get("/report/t-1").get_data(as_text=True)
    assert 'href="/id/country/SD"' in page and 'href="/id/document/S-RES-1674-2006"' in page
    assert 'href="https://www.un.org/en/genocideprevention/"' in page  # web address in a footnote
    assert '<sup class="fn"><a href="#fn-1">1</a></sup>' in page


def test_unknown_and_malformed_report_slugs(real):
    assert real.get("/report/nope").status_code == 404
    assert real.get("/report/%3Cx%3E").status_code == 400
