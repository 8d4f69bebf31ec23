"""Full-text search (r2p_kg/search.py): every word found wherever it stands, Chinese or English,
names and symbols included; expectations checked against the report's own text."""

from __future__ import annotations

import pytest

from r2p_kg.search import SearchIndex, snippet, terms_of
from r2p_kg.web.pages.data import Dataset


@pytest.fixture(scope="module")
def index(built) -> SearchIndex:
    ds = Dataset.load(built.out)
    return SearchIndex.build(ds.select, ds.base)


def paragraphs_with(report, *words: str) -> list[int]:
    return [p.number for p in report.paragraphs if all(w.lower() in p.text.lower() for w in words)]


@pytest.mark.parametrize("words", [("苏丹",), ("保护责任", "会员国"), ("流离失所",), ("种族灭绝",)])
def test_paragraphs_holding_every_word_and_only_those(index, report, words):
    found = index.search(" ".join(words), kind="paragraph", limit=500)
    numbers = sorted(int(h.title) for h in found.hits)
    assert numbers == paragraphs_with(report, *words) and found.total == len(numbers)


def test_two_character_words_are_found_too(index, report):
    # 苏丹 is two characters, under the trigram index's three: matched another way, same answer
    assert paragraphs_with(report, "苏丹")
    assert index.search("苏丹", kind="paragraph").total == len(paragraphs_with(report, "苏丹"))


def test_symbols_and_names_are_found(index):
    hit = index.search("A/RES/60/1").hits[0]
    assert hit.kind == "document" and hit.iri.endswith("/document/A-RES-60-1")
    sudan = index.search("Sudan", kind="entity")
    assert any(h.iri.endswith("/country/SD") for h in sudan.hits)
    assert any(h.iri.endswith("/country/SD") for h in index.search("sudan", kind="entity").hits)  # any case


def test_footnotes_and_section_titles(index, report):
    footnotes = index.search("icj-cij.org", kind="footnote")
    assert sorted(int(h.title) for h in footnotes.hits) == \
        [f.number for f in report.footnotes if "icj-cij.org" in f.text]
    sections = index.search("今后步骤", kind="section")
    assert [h.title for h in sections.hits] == ["结论和今后步骤"]  # section 五's title


def test_counts_by_kind_add_up(index):
    results = index.search("安全理事会")
    assert results.total == sum(results.counts.values()) > 0
    assert set(results.counts) <= {"paragraph", "footnote", "section", "entity", "document", "term"}
    assert "term" in index.search("Security Council resolution").counts  # the ontology's class


def test_user_text_is_data_not_syntax(index):
    for q in ["a%b", "x_y_z_", "NEAR(qqq zzz)", "qqq OR zzz", "*", "docs MATCH 'a'", "')--"]:
        assert index.search(q).total == 0, q
    # A lone quote is a character to find (the English reading quotes words), not an open phrase.
    quoted = index.search('"')
    assert quoted.total > 0 and all(('"', True) in h.snippet for h in quoted.hits)


def test_terms_and_snippets():
    assert terms_of('保护责任 "Security Council"  A/RES/60/1') == ("保护责任", "Security Council", "A/RES/60/1")
    text = "一二三四五六七八九十" * 10 + "保护责任" + "甲乙丙丁" * 20
    pieces = snippet(text, ("保护责任",), context=5)
    assert pieces[0] == ("…", False) and ("保护责任", True) in pieces and pieces[-1] == ("…", False)
    assert "".join(t for t, _ in pieces[1:-1]) == "六七八九十保护责任甲乙丙丁甲乙丙丁甲乙"  # 5 before, 10 after


def test_english_words_find_what_the_translation_says(index):
    # Read the translation file directly (csv module), not through the project's reader.
    import csv

    from r2p_kg.config import ROOT
    path = ROOT / "data" / "translations" / "sg-2025.en.tsv"
    lines = [line for line in path.read_text(encoding="utf-8").splitlines() if not line.startswith("#")]
    rows = list(csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE))
    expected = sorted(int(r["number"]) for r in rows if r["kind"] == "paragraph" and "genocide" in r["text"].lower())
    assert len(expected) >= 5  # the English reading names genocide in many paragraphs
    found = index.search("genocide", kind="paragraph", limit=500, lang="en")
    assert sorted(int(h.title) for h in found.hits) == expected
    assert all(h.lang == "en" and any(hit and t.lower() == "genocide" for t, hit in h.snippet) for h in found.hits)
    # In Chinese mode the same hits show the Chinese text where the query word occurs in it, else
    # the English text that matched: never a snippet without the match.
    for h in index.search("genocide", kind="paragraph", limit=500, lang="zh").hits:
        assert any(hit for _, hit in h.snippet)


def test_the_build_writes_a_checked_index_the_server_reads(built, index):
    from r2p_kg.search import SEARCH_FILE
    from r2p_kg.web.pages.data import Dataset
    path = built.out / SEARCH_FILE
    sums = dict(reversed(line.split("  ")) for line in (built.out / "SHA256SUMS").read_text().splitlines())
    assert SEARCH_FILE in sums  # listed and checksummed with the other files
    saved = SearchIndex.load(path)
    assert saved.size == index.size  # the same documents as an index built from the data now
    for q in ("苏丹", "genocide", "A/RES/60/1"):
        assert saved.search(q, lang="en") == index.search(q, lang="en"), q
    ds = Dataset.load(built.out)
    assert saved.missing(ds.select, ds.base) == []
    # an index that lost a paragraph is found out
    saved.db.execute("DELETE FROM docs WHERE kind = 'paragraph' AND ord = 14")
    assert [m for m in saved.missing(ds.select, ds.base) if "/paragraph/14 " in m]
