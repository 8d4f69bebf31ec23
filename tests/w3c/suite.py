"""Shared body of the W3C test modules: run one manifest test and count it in the tally."""

from __future__ import annotations

import pytest

from .conftest import TOKEN, record
from .manifest import Replayer, W3CTest


def run_case(suite: str, case: W3CTest, server, known_failures: dict[str, str]) -> None:
    if case.name in known_failures:
        record(suite, False)
        pytest.xfail(known_failures[case.name])
    replayer = Replayer("127.0.0.1", server.port, TOKEN)
    try:
        replayer.run(case)
    except AssertionError:
        record(suite, False)
        raise
    record(suite, True)
