"""``/-/labels``: the labels of IRIs in the page language, for the query page's results."""

from __future__ import annotations

SD = "https://w3id.org/r2p/id/country/SD"  # Sudan: UN Member States list and UNTERM (un-country-names.csv)
GENOCIDE = "https://w3id.org/r2p/id/crime/genocide"


def test_labels_in_each_language(real):
    en = real.get("/-/labels", query_string=[("iri", SD), ("iri", GENOCIDE), ("lang", "en")]).get_json()
    zh = real.get("/-/labels", query_string=[("iri", SD), ("iri", GENOCIDE), ("lang", "zh")]).get_json()
    assert en == {"lang": "en", "labels": {SD: "Sudan", GENOCIDE: "genocide"}}
    assert zh == {"lang": "zh", "labels": {SD: "苏丹", GENOCIDE: "灭绝种族"}}


def test_iris_without_a_label_are_left_out(real):
    body = real.get("/-/labels", query_string={"iri": "https://example.org/nothing", "lang": "en"}).get_json()
    assert body["labels"] == {}


def test_bad_requests_name_the_parameter(real):
    missing = real.get("/-/labels", headers={"Accept": "application/json"})
    assert missing.status_code == 400 and "iri" in missing.get_data(as_text=True)
    many = real.get("/-/labels", query_string=[("iri", f"https://example.org/{i}") for i in range(101)])
    assert many.status_code == 400 and "at most 100" in many.get_data(as_text=True)
    bad = real.get("/-/labels", query_string={"iri": "not an iri <>"})
    assert bad.status_code == 400 and "not an IRI" in bad.get_data(as_text=True)
