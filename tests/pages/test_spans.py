"""Cutting passage text into plain runs, marks and footnote markers."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from r2p_kg.web.pages.spans import Marker, Span, pieces


def joined(ps) -> str:
    return "".join(p.text for p in ps if p.kind != "note")


def test_marks_and_markers_in_reading_order():
    ps = pieces("安全理事会和苏丹。", [Span(0, 5, "/a"), Span(6, 8, "/b")], [Marker(8, "#fn-1", "1")])
    assert [(p.kind, p.text) for p in ps] == [("mark", "安全理事会"), ("text", "和"), ("mark", "苏丹"),
                                              ("note", "1"), ("text", "。")]


def test_overlapping_spans_keep_the_longer_one():
    ps = pieces("abcdef", [Span(1, 3, "/short"), Span(0, 5, "/long")])
    assert [(p.kind, p.text, p.href) for p in ps] == [("mark", "abcde", "/long"), ("text", "f", "")]


def test_a_marker_inside_a_mark_moves_after_it_and_bad_spans_are_dropped():
    ps = pieces("abcdef", [Span(0, 4, "/x"), Span(3, 99, "/bad"), Span(2, 2, "/empty")], [Marker(2, "#", "7")])
    assert [(p.kind, p.text) for p in ps] == [("mark", "abcd"), ("note", "7"), ("text", "ef")]


@given(st.text(max_size=30), st.lists(st.tuples(st.integers(-2, 35), st.integers(-2, 35)), max_size=6),
       st.lists(st.integers(-2, 35), max_size=4))
def test_text_is_never_lost_or_duplicated(text, spans, offsets):
    ps = pieces(text, [Span(a, b, "/x") for a, b in spans], [Marker(o, "#", "n") for o in offsets])
    assert joined(ps) == text
    assert sum(1 for p in ps if p.kind == "note") == len(offsets)
