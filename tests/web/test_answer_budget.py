"""The web process's answer budget (issue 13, item 9): large answers are received only when the
budget has room, a request gives back what it holds when it ends, a worker whose answer found no
room stays healthy, and threads outside a request (background work) are not counted."""

from __future__ import annotations

import threading
import time

import pytest

from r2p_kg.budget import AnswerBudget
from r2p_kg.errors import Overloaded, ResultTooLarge
from r2p_kg.workers import SMALL_ANSWER, Query, WorkerPool

# One value of 10 × 2^14 = 163,840 characters: well over SMALL_ANSWER, so it is announced first.
BIG = ('SELECT ?v14 WHERE { BIND("0123456789" AS ?v0) '
       + " ".join(f"BIND(CONCAT(?v{k}, ?v{k}) AS ?v{k + 1})" for k in range(14)) + " }")
BIG_SIZE = 10 * 2 ** 14


def test_a_request_reserves_and_gives_back_on_ending():
    budget = AnswerBudget(1000)
    budget.begin_request()
    assert budget.reserve(600, time.monotonic() + 1)
    assert budget.used == 600 and budget.held() == 600
    budget.end_request()
    assert budget.used == 0 and budget.held() == 0


def test_outside_a_request_nothing_is_counted():
    budget = AnswerBudget(1000)
    assert budget.reserve(900, time.monotonic())
    assert budget.used == 0


def test_a_reservation_waits_for_room_until_its_deadline_and_no_longer():
    budget = AnswerBudget(1000)
    budget.begin_request()
    assert budget.reserve(800, time.monotonic() + 1)
    got: list[bool] = []

    def other() -> None:
        budget.begin_request()
        got.append(budget.reserve(400, time.monotonic() + 30))
        budget.end_request()

    t = threading.Thread(target=other)
    t.start()
    time.sleep(0.2)
    assert got == []  # waiting: 800 + 400 does not fit
    budget.end_request()  # the first request ends: its room wakes the waiter
    t.join(10)
    assert got == [True] and budget.used == 0
    budget.begin_request()
    assert budget.reserve(1000, time.monotonic() + 1)
    assert not budget.reserve(1, time.monotonic() + 0.05)  # no room before the deadline
    assert not budget.reserve(2000, time.monotonic() + 5)  # larger than the whole budget
    budget.end_request()


def test_bad_budget_is_refused():
    with pytest.raises(ValueError):
        AnswerBudget(0)


@pytest.fixture()
def small_pool(built):
    budget = AnswerBudget(BIG_SIZE + 4096)
    p = WorkerPool(built.out / "r2p.nq", 1, answer_budget=budget)
    p.start(wait=60)
    yield p, budget
    p.close()


def test_the_pool_receives_a_large_answer_only_with_room(small_pool):
    pool, budget = small_pool
    assert BIG_SIZE > SMALL_ANSWER
    job = Query(BIG, "csv", "turtle")
    budget.begin_request()
    answer = pool.run(job, timeout=30)
    assert answer.body.count(b"0123456789") == 2 ** 14
    assert budget.used >= BIG_SIZE  # held until the request ends
    (pid,) = pool.pids()
    with pytest.raises(Overloaded, match="R2P_ANSWER_MEMORY_MB"):
        pool.run(job, timeout=1)  # the same request asks again: no room until it ends
    assert pool.pids() == [pid]  # the worker dropped the answer and was not replaced
    budget.end_request()
    assert budget.used == 0
    budget.begin_request()
    assert pool.run(job, timeout=30).body == answer.body
    assert pool.run(Query("ASK {}", "json", "turtle"), timeout=30).flag is True  # small: no room needed
    budget.end_request()


def test_an_answer_larger_than_the_whole_budget_is_result_too_large(built):
    pool = WorkerPool(built.out / "r2p.nq", 1, answer_budget=AnswerBudget(100_000))
    try:
        pool.start(wait=60)
        budget = pool.answer_budget
        budget.begin_request()
        with pytest.raises(ResultTooLarge, match="R2P_ANSWER_MEMORY_MB"):
            pool.run(Query(BIG, "csv", "turtle"), timeout=30)
        budget.end_request()
        assert pool.run(Query("ASK {}", "json", "turtle"), timeout=30).flag is True
    finally:
        pool.close()


def test_a_budget_smaller_than_one_answer_is_a_config_error(built):
    from r2p_kg.errors import ConfigError
    from r2p_kg.web import create_app
    with pytest.raises(ConfigError, match="8 MB cannot hold one answer of R2P_MAX_RESULT_BYTES"):
        create_app({"R2P_DIST": str(built.out), "R2P_ANSWER_MEMORY_MB": 8,
                    "R2P_MAX_RESULT_BYTES": 16_000_000})
    app = create_app({"R2P_DIST": str(built.out), "R2P_ANSWER_MEMORY_MB": 0})  # 0: no bound
    assert app.extensions["r2p_endpoint"]["budget"] is None
