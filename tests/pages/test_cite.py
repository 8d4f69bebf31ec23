"""Citations (/-/cite): plain text, BibTeX, CSL-JSON and RIS with their media types. The facts were
checked by hand: the Chinese title and "第七十九届会议" (79th session) on the report's cover in
data/source/sg-r2p-report-2025.zh.txt, the English title and May 2025 in data/source/README.md, which
also says the official symbol is not printed in the text (so no citation may carry one)."""

from __future__ import annotations

import json
import re
from urllib.parse import quote

import pytest

from r2p_kg.web.pages.citation import Citation, as_bibtex

P14 = "https://w3id.org/r2p/id/report/sg-2025/paragraph/14"
SUDAN = "https://w3id.org/r2p/id/country/SD"
TITLE_EN = "Responsibility to Protect: 20 years of commitment to principled and collective action"
TITLE_ZH = "保护责任：致力于有原则的集体行动 20 年"


def cite(client, iri: str, fmt: str | None = None, **headers: str):
    url = "/-/cite?iri=" + quote(iri, safe="") + (f"&format={fmt}" if fmt else "")
    return client.get(url, headers=headers)


def parse_bibtex(text: str) -> tuple[str, str, dict[str, str]]:
    """A strict reader for one entry: ``@type{key,`` then ``name = {balanced}`` or a bare word, split
    by commas, then ``}``; raises on anything else (unbalanced braces, a missing comma)."""
    m = re.match(r"\s*@([a-z]+)\{([A-Za-z0-9:_-]+),\s*", text)
    assert m, text[:80]
    kind, key, i, fields = m[1], m[2], m.end(), {}
    while True:
        f = re.compile(r"([a-z]+)\s*=\s*").match(text, i)
        assert f, text[i:i + 40]
        name, i = f[1], f.end()
        if text[i] == "{":
            depth, start = 0, i
            while True:
                if text[i] == "\\":
                    i += 2
                    continue
                depth += {"{": 1, "}": -1}.get(text[i], 0)
                i += 1
                if depth == 0:
                    break
            fields[name] = text[start + 1:i - 1]
        else:
            w = re.compile(r"[a-z]+").match(text, i)
            assert w, text[i:i + 20]
            fields[name], i = w[0], w.end()
        end = re.compile(r"\s*(,)?\s*(\})?\s*").match(text, i)
        i = end.end()
        if end[2]:
            assert i == len(text), "text after the entry"
            return kind, key, fields
        assert end[1], f"no comma after {name}"


def test_plain_text_has_the_facts_and_no_invented_symbol(real):
    resp = real.get("/-/cite?lang=en&iri=" + quote(P14, safe=""))
    assert resp.status_code == 200 and resp.mimetype == "text/plain"
    text = resp.get_data(as_text=True)
    for fact in (TITLE_EN, TITLE_ZH, "paragraph 14", "May 2025", "79th session", P14):
        assert fact in text, fact
    assert "A/79/" not in text and "S/2025/" not in text
    zh = real.get("/-/cite?lang=zh&iri=" + quote(P14, safe="")).get_data(as_text=True)
    assert f"《{TITLE_ZH}》" in zh and "第 14 段" in zh and "2025 年 5 月" in zh


def test_bibtex_parses(real):
    resp = cite(real, P14, "bibtex")
    assert resp.mimetype == "application/x-bibtex"
    kind, key, fields = parse_bibtex(resp.get_data(as_text=True))
    assert kind == "techreport" and key == "r2p-sg-2025-p14"
    assert fields["title"] == TITLE_EN and fields["year"] == "2025" and fields["month"] == "may"
    assert fields["url"] == P14 and "Paragraph 14." in fields["note"] and TITLE_ZH in fields["note"]
    assert "number" not in fields  # no symbol is known
    kind, key, fields = parse_bibtex(cite(real, SUDAN, "bibtex").get_data(as_text=True))
    assert kind == "misc" and fields["title"] == "Sudan" and fields["url"] == SUDAN


def test_bibtex_escapes_what_tex_reads_as_commands():
    c = Citation("https://example.org/x", "report", "k", title_en="50% & {odd} #1_a~b^c\\d", year=2025)
    _, _, fields = parse_bibtex(as_bibtex(c))
    assert fields["title"] == r"50\% \& \{odd\} \#1\_a\textasciitilde{}b\textasciicircum{}c\textbackslash{}d"


def test_csl_json_has_the_fields(real):
    resp = cite(real, P14, Accept="application/vnd.citationstyles.csl+json")
    assert resp.mimetype == "application/vnd.citationstyles.csl+json"
    (item,) = json.loads(resp.get_data(as_text=True))
    assert item["type"] == "report" and item["title"] == TITLE_EN and item["URL"] == item["id"] == P14
    assert item["issued"] == {"date-parts": [[2025, 5]]} and item["section"] == "paragraph 14"
    assert item["author"] == [{"literal": "United Nations Secretary-General"}] and "number" not in item
    (entity,) = json.loads(cite(real, SUDAN, "csl").get_data(as_text=True))
    assert entity["type"] == "dataset" and entity["title"] == "Sudan"


def test_ris_lines(real):
    resp = cite(real, P14, "ris")
    assert resp.mimetype == "application/x-research-info-systems"
    lines = resp.get_data(as_text=True).split("\r\n")
    assert lines[0] == "TY  - RPRT" and lines[-2] == "ER  - " and lines[-1] == ""
    assert all(re.fullmatch(r"[A-Z][A-Z0-9]  - .*", line) for line in lines[:-1])
    tags = dict(line.split("  - ", 1) for line in lines[:-2])
    assert tags["TI"] == TITLE_EN and tags["TT"] == TITLE_ZH and tags["PY"] == "2025"
    assert tags["DA"] == "2025/05//" and tags["UR"] == P14 and tags["N1"] == "Paragraph 14"


@pytest.mark.parametrize("url, status", [("/-/cite", 400), ("/-/cite?iri=not%20an%20iri", 400),
                                         ("/-/cite?iri=https%3A%2F%2Fw3id.org%2Fr2p%2Fid%2Fcountry%2FZZ", 404),
                                         ("/-/cite?iri=https%3A%2F%2Fexample.org%2Fx", 404),
                                         ("/-/cite?iri=https%3A%2F%2Fw3id.org%2Fr2p%2Fid%2Fcountry%2FSD"
                                          "&format=pdf", 406)])
def test_bad_requests_are_named(real, url, status):
    resp = real.get(url, headers={"Accept": "application/json"})
    assert resp.status_code == status
    if status == 400:
        assert "iri" in resp.get_json()["error"]["message"]


def test_pages_offer_the_cite_panel(real):
    reader = real.get("/report/sg-2025").get_data(as_text=True)
    assert reader.count('<details class="cite"') == 81  # the report and its 80 paragraphs
    assert f'href="/-/cite?iri={quote(P14, safe="/")}&amp;format=bibtex"' in reader
    assert "/-/static/pages/cite.js" in reader
    entity = real.get("/id/country/SD").get_data(as_text=True)
    assert '<details class="cite"' in entity and "cite.js" in entity


def test_sections_subsections_and_the_report_are_cited_as_parts_of_the_report(real):
    # section 二 has subsections A-D (checked in the reader's contents); "2.A" is its first
    sub = real.get("/-/cite?lang=en&iri=" + quote("https://w3id.org/r2p/id/report/sg-2025/section/2/A", safe=""))
    assert "section 2.A" in sub.get_data(as_text=True) and TITLE_EN in sub.get_data(as_text=True)
    _, key, fields = parse_bibtex(cite(real, "https://w3id.org/r2p/id/report/sg-2025", "bibtex").get_data(as_text=True))
    assert key == "r2p-sg-2025" and fields["title"] == TITLE_EN and "Paragraph" not in fields["note"]
    reader = real.get("/report/sg-2025").get_data(as_text=True)
    assert reader.count('<details class="cite"') == 81  # the report itself and its 80 paragraphs
