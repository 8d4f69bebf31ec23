"""Syntax errors say where: line, column, the text there and a caret (r2p_kg/syntax.py)."""

from __future__ import annotations

import pyoxigraph as ox
import pytest

from r2p_kg.cli import main
from r2p_kg.syntax import explain


def oxigraph_error(text: str) -> str:
    with pytest.raises(SyntaxError) as info:
        ox.Store().query(text)
    return str(info.value)


def test_the_line_and_a_caret_under_the_column():
    text = "SELECT * WHERE {\n  ?s ?p ?o\n  OPTIONAL ?x }"
    found = explain(text, oxigraph_error(text))
    # OPTIONAL must be followed by a group: Oxigraph stops at ?x, line 3, column 12
    assert (found.line, found.column) == (3, 12)
    assert found.message.splitlines() == [
        'the query does not parse at line 3, column 12 (at "?x"):',
        "    OPTIONAL ?x }",
        "             ^",
        'the parser expected "{"']


def test_internal_grammar_names_are_left_out():
    found = explain("SELECT * WHERE { ?s ?p }", "error at 1:25: expected one of LATERAL, SERVICE, [_]")
    assert found.message.endswith("the parser expected LATERAL, SERVICE or another term")
    assert "[_]" not in found.message and "at the end of the query" in found.message


def test_a_long_line_is_shown_around_the_error():
    text = "SELECT * WHERE { " + "?s ?p ?o . " * 30 + "FILTER(?o = ) }"
    found = explain(text, oxigraph_error(text))
    shown, caret = found.message.splitlines()[1:3]
    assert shown.startswith("  …") and len(shown) < 130
    # Oxigraph stops after the last "}"; the window keeps the end of the line and the caret after it
    assert shown.endswith("FILTER(?o = ) }") and caret.index("^") == len(shown)


def test_a_message_without_position_is_left_alone():
    assert explain("ASK {}", "something else went wrong") is None


def test_the_query_command_names_file_line_and_column(tmp_path, built, capsys):
    path = tmp_path / "bad.rq"
    path.write_text("SELECT ?x WHERE {\n  ?x ?y ?z .\n  OPTIONAL ?x\n}\n", encoding="utf-8")
    assert main(["query", str(path), "--dist", str(built.out)]) == 2
    err = capsys.readouterr().err
    assert f"{path}:3:" in err and "  OPTIONAL ?x" in err and "Traceback" not in err
