"""Claims on the pages: the recommendations page, and the evidence sentence wherever a claim is shown."""

from __future__ import annotations

import re


def _items(page: str) -> list[str]:
    return re.findall(r'<li class="claim" id="c\d+">(.*?)</li>', page, re.S)


def test_recommendations_page_lists_every_call_with_its_sentence(real):
    resp = real.get("/report/sg-2025/recommendations?lang=en")
    assert resp.status_code == 200
    page = resp.get_data(as_text=True)
    items = _items(page)
    # 13 in all (tests/extract/test_claims.py: RECOMMENDATIONS, whose two ¶76 'should' areas share one
    # row of that table): each shows its sentence and links it to the reader.
    assert len(items) == 13
    p80 = next(i for i in items if "¶80" in i)
    assert "为此，我呼吁所有会员国加强和提升各自及共同的预防暴行罪和保护境内民众的努力。" in p80
    assert 'href="/id/actor/member-states"' in p80 and 'href="/id/organization/secretary-general"' in p80
    assert 'href="/report/sg-2025#p80"' in p80 and ">calls on<" in p80
    areas = [i for i in items if "¶76" in i]
    assert len(areas) == 3 and all("上述领域" in i and 'class="passage evidence further"' in i for i in areas)


def test_reader_and_addressee_pages_link_to_the_recommendations(real):
    assert 'href="/report/sg-2025/recommendations"' in real.get("/report/sg-2025").get_data(as_text=True)
    page = real.get("/id/actor/member-states?lang=en").get_data(as_text=True)
    assert 'href="/report/sg-2025/recommendations"' in page
    assert "我鼓励会员国与特别顾问就此开展合作。" in page        # ¶77, shown where the claim is


def test_situation_page_shows_each_claim_with_modality_and_sentence(real):
    page = real.get("/id/situation/MM?lang=en").get_data(as_text=True)
    claims = re.search(r'<section class="claims">(.*?)</section>', page, re.S).group(1)
    assert "at risk" in claims and "2020 年，国际法院发布临时措施令" in claims
    assert "alleged or reported" in claims


def test_claim_page_shows_its_own_evidence(real):
    page = real.get("/id/actor/member-states?lang=en").get_data(as_text=True)
    claim = re.search(r'<a class="claim-iri" href="(/id/report/sg-2025/claim/\d+)"', page).group(1)
    own = real.get(claim + "?lang=en").get_data(as_text=True)
    assert '<section class="claims">' in own and 'class="passage evidence' in own


HOSTILE = """
@prefix r2p: <https://w3id.org/r2p/ontology#> .
@prefix oa: <http://www.w3.org/ns/oa#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
<https://w3id.org/r2p/id/report/x> a r2p:Report ; rdfs:label "x"@en .
<https://w3id.org/r2p/id/report/x/paragraph/1> a r2p:Paragraph ; r2p:number 1 ;
    r2p:inReport <https://w3id.org/r2p/id/report/x> ; r2p:text "我呼吁<script>alert(1)</script>。"@zh .
<https://w3id.org/r2p/id/report/x/claim/1> a r2p:Recommendation ; r2p:number 1 ;
    r2p:inReport <https://w3id.org/r2p/id/report/x> ;
    r2p:modality <https://w3id.org/r2p/id/speech-act/calls-on> ;
    r2p:addressee <https://w3id.org/r2p/id/actor/a> ;
    r2p:evidence <https://w3id.org/r2p/id/report/x/claim/1/evidence/1> .
<https://w3id.org/r2p/id/actor/a> rdfs:label "\\"><img src=x>"@en , "\\"><img src=x>"@zh .
<https://w3id.org/r2p/id/report/x/claim/1/evidence/1> oa:hasSource <https://w3id.org/r2p/id/report/x/paragraph/1> ;
    oa:hasSelector <https://w3id.org/r2p/id/report/x/claim/1/evidence/1/quote> .
<https://w3id.org/r2p/id/report/x/claim/1/evidence/1/quote> oa:exact "我呼吁<script>alert(1)</script>。" .
"""


def test_evidence_and_labels_are_escaped():
    from r2p_kg.web.pages.data import Dataset
    from tests.pages.conftest import make_app
    client = make_app(PAGES_DATASET=Dataset.from_turtle(HOSTILE, graph="https://w3id.org/r2p/graph/x")).test_client()
    page = client.get("/report/x/recommendations").get_data(as_text=True)
    assert "<script>" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<img" not in page


def test_bad_slug_is_a_clear_error(real):
    assert real.get("/report/..%2Fx/recommendations").status_code in (400, 404)
    assert real.get("/report/nope/recommendations").status_code == 404
