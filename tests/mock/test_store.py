"""The store (store.py): fixtures read as the JSON they stand for and checked before the mock starts,
and its lock held for every read-modify-write."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
import tracemalloc
from pathlib import Path
from typing import Any

import pytest
from finerworks_mock.app import DEFAULT_FIXTURES
from finerworks_mock.spec import Spec
from finerworks_mock.store import FixtureError, OrderStore

STATUSES = "submission_statuses: {pending: {id: 1, label: Pending}}\n"
ORDER = "orders: [{order_id: 1002, order_po: PO_1%s}]\n"


def with_order(members: str) -> str:
    """Fixtures of one order with members (YAML flow mapping entries) added."""
    return STATUSES + ORDER % (", " + members)


ALIAS_BOMB = "\n".join(
    ["a: &a [x, x, x, x, x, x, x, x, x, x]"]
    + [f"{chr(98 + n)}: &{chr(98 + n)} [{', '.join([f'*{chr(97 + n)}'] * 10)}]" for n in range(8)]
    + ["submission_statuses: {pending: {id: 1, label: Pending}}", "orders: [*i]"]
)


@pytest.mark.parametrize(
    ("content", "fragment"),
    [
        # Each was served as something JSON cannot say: GET /_mock/state answered 500.
        (with_order("customer: {first_name: A, city: X, country_code: us, since: 2025-02-03}"), "a YAML date or time"),
        (with_order("order_status_label: !!binary aGVsbG8="), "a YAML !!binary"),
        ("submission_statuses: {2025-02-03: {id: 1, label: P}}\norders: []\n", "the key '2025-02-03' is not text"),
        (with_order("shipments: [{weight: .nan}]"), ".nan is not a JSON number"),
        (with_order("shipments: [{weight: .inf}]"), ".inf is not a JSON number"),
        (STATUSES + "orders: []\npending_orders: &p [*p]\n", "recursive"),
        # Was: served as the float 1002.0.
        (STATUSES + "orders: [{order_id: 1002.0, order_po: PO_1}]\n", "1002.0 is not of type 'integer'"),
        (with_order("customer: {first_name: " + "[" * 100 + "]" * 100 + "}"), "nested deeper than 64"),
    ],
)
def test_what_json_cannot_say_is_refused_with_its_place(
    tmp_path: Path, spec: Spec, content: str, fragment: str
) -> None:
    fixtures = tmp_path / "fixtures.yaml"
    fixtures.write_text(content)
    with pytest.raises(FixtureError) as refused:
        OrderStore.from_file(fixtures, spec)
    assert fragment in str(refused.value)
    assert str(fixtures) in str(refused.value)


def test_the_cases_are_usable_fixtures_but_for_their_fault(tmp_path: Path, spec: Spec) -> None:
    fixtures = tmp_path / "fixtures.yaml"
    fixtures.write_text(
        with_order(
            "customer: {first_name: A, last_name: B, address_1: 1 Main St, city: X, state_code: TX,"
            " zip_postal_code: '75001', country_code: us, since: '2025-02-03'}"
        )
    )
    assert OrderStore.from_file(fixtures, spec).order(1002)["customer"]["since"] == "2025-02-03"


def test_an_alias_bomb_fails_at_once_in_bounded_memory(tmp_path: Path, spec: Spec) -> None:
    """Was: 1.3 KB that expands to 10^9 values never started (4.7 GB)."""
    fixtures = tmp_path / "bomb.yaml"
    fixtures.write_text(ALIAS_BOMB)
    assert len(ALIAS_BOMB) < 1400
    tracemalloc.start()
    try:
        with pytest.raises(FixtureError, match="more than 200000 values once its aliases are expanded"):
            OrderStore.from_file(fixtures, spec)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 10 * 1024 * 1024, peak


def test_aliases_that_stay_small_are_welcome(tmp_path: Path, spec: Spec) -> None:
    fixtures = tmp_path / "aliases.yaml"
    fixtures.write_text(
        "submission_statuses: {pending: &p {id: 1, label: Pending}, hold: *p}\n"
        "orders: [{order_id: 1, order_po: A}, {order_id: 2, order_po: B, submission_status: hold}]\n"
    )
    store = OrderStore.from_file(fixtures, spec)
    assert store.snapshot()["submission_statuses"]["hold"] == {"id": 1, "label": "Pending"}


def test_the_command_line_refuses_unservable_fixtures_with_exit_2(tmp_path: Path) -> None:
    fixtures = tmp_path / "dated.yaml"
    fixtures.write_text(with_order("shipments: [{shipment_date: 2025-02-03T10:00:00Z}]"))
    result = subprocess.run(
        [sys.executable, "-m", "finerworks_mock", "--port", "0", "--fixtures", fixtures],
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    assert result.returncode == 2, result.stdout + result.stderr
    assert "a YAML date or time" in result.stderr and "line " in result.stderr
    assert "Traceback" not in result.stderr and "FinerWorks mock: http" not in result.stdout


class WatchedLock:
    """A lock that remembers whether it is held."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.held = False

    def __enter__(self) -> None:
        self.lock.acquire()
        self.held = True

    def __exit__(self, *_: object) -> None:
        self.held = False
        self.lock.release()


def test_create_order_reads_the_state_under_the_lock(spec: Spec, monkeypatch: pytest.MonkeyPatch) -> None:
    """Was: create_order read _statuses, _production and _orders before taking the lock its docstring promises."""
    store = OrderStore.from_file(DEFAULT_FIXTURES, spec)
    lock = WatchedLock()
    monkeypatch.setattr(store, "_lock", lock)
    checked: list[bool] = []
    order_problems = store.schema.order_problems

    def watched(*args: Any) -> list[str]:
        checked.append(lock.held)
        return order_problems(*args)

    monkeypatch.setattr(store.schema, "order_problems", watched)
    store.create_order({"order_id": 5550001, "order_po": "PO_NEW"})
    assert checked == [True]


def test_concurrent_creates_of_one_id_add_it_once(spec: Spec) -> None:
    store = OrderStore.from_file(DEFAULT_FIXTURES, spec)
    outcomes: list[str] = []

    def create() -> None:
        time.sleep(0.01)
        try:
            store.create_order({"order_id": 5550002, "order_po": "PO_RACE"})
            outcomes.append("created")
        except Exception as error:
            outcomes.append(type(error).__name__)

    threads = [threading.Thread(target=create) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["Refused"] * 7 + ["created"]
