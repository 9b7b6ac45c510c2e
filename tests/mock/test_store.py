"""The store (store.py): fixtures read as the JSON they stand for and checked before the mock starts,
and its lock held for every read-modify-write."""

from __future__ import annotations

import copy
import os
import subprocess
import sys
import threading
import time
import tracemalloc
from pathlib import Path
from typing import Any

import pytest
import yaml
from finerworks_mock.app import DEFAULT_FIXTURES
from finerworks_mock.spec import ADMIN_SPEC_PATH, Spec
from finerworks_mock.store import FixtureError, OrderStore, Refused, StateSchema, load_fixtures

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


# --- what JSON cannot say, at its line (load_fixtures) --------------------------------------------------


@pytest.mark.parametrize(
    ("content", "problem", "line"),
    [
        ("a: 1\nb: 2025-02-03\n", "a YAML date or time ('2025-02-03') is not JSON: write it in quotes, as text", 2),
        ("a:\n  - 1\n  - 2025-02-03 10:00:00\n", "a YAML date or time ('2025-02-03 10:00:00') is not JSON", 3),
        ("a:\n  b: !!binary aGVsbG8=\n", "a YAML !!binary ('aGVsbG8=') is not JSON: write it in quotes, as text", 2),
        ("a: !!set {x}\n", "a YAML !!set is not JSON: write a plain list or mapping", 1),
        ("a: 1\nb: !!omap [x: 1]\n", "a YAML !!omap is not JSON: write a plain list or mapping", 2),
        ("a: !!pairs [x: 1]\n", "a YAML !!pairs is not JSON: write a plain list or mapping", 1),
        ("a: 1\n\n2025-01-01: 3\n", "the key '2025-01-01' is not text; JSON keys are text (write it in quotes)", 3),
        ("a: [1,\n  -.inf]\n", "-.inf is not a JSON number (not finite)", 2),
        ("a: 1\nb: &b [*b]\n", "an alias refers to itself (recursive)", 2),
    ],
)
def test_what_json_cannot_say_is_refused_with_its_line(content: str, problem: str, line: int) -> None:
    with pytest.raises(yaml.MarkedYAMLError) as refused:
        load_fixtures(content)
    assert refused.value.problem is not None and refused.value.problem.startswith(problem)
    assert refused.value.problem_mark is not None and refused.value.problem_mark.line + 1 == line
    assert f"line {line}," in str(refused.value)


@pytest.mark.parametrize(
    "content",
    [
        "a: {b: 2025-01-01}\nc: 2026-01-01\n",
        "- [{b: !!binary aGVsbG8=}]\n- 2026-01-01\n",
        "a: [{b: [.nan]}]\nc: {d: !!set {x}}\n",
    ],
)
def test_of_several_faults_the_first_in_the_file_is_named(content: str) -> None:
    """Was: a value nested in a mapping was built after its later siblings, so a fault further down
    the file was named first."""
    with pytest.raises(yaml.MarkedYAMLError) as refused:
        load_fixtures(content)
    assert refused.value.problem_mark is not None and refused.value.problem_mark.line == 0


@pytest.mark.parametrize(
    ("content", "values"),
    [
        ("[1, 2, 3]", 4),  # the list and its three items
        ("a: 1\nb: {c: [1, 2]}\n", 9),  # keys are values too
        ("a: &a [1, 2]\nb: *a\nc: [*a, *a]\n", 17),  # an alias counts what it stands for, each time
    ],
)
def test_a_file_may_hold_exactly_max_nodes_values(content: str, values: int) -> None:
    assert load_fixtures(content, max_nodes=values) is not None
    with pytest.raises(yaml.MarkedYAMLError, match=f"more than {values - 1} values once its aliases are expanded"):
        load_fixtures(content, max_nodes=values - 1)


def test_the_value_that_goes_over_max_nodes_is_named_by_its_line() -> None:
    with pytest.raises(yaml.MarkedYAMLError) as refused:
        load_fixtures("a: 1\nb: [1, 2, 3, 4, 5, 6, 7, 8]\n", max_nodes=7)
    assert refused.value.problem_mark is not None and refused.value.problem_mark.line == 1


def test_an_empty_fixtures_file_is_null_and_refused_as_no_state(tmp_path: Path, spec: Spec) -> None:
    assert load_fixtures("") is None and load_fixtures("# nothing\n") is None
    fixtures = tmp_path / "empty.yaml"
    fixtures.write_text("")
    with pytest.raises(FixtureError, match="is not of type 'object'"):
        OrderStore.from_file(fixtures, spec)


# --- the messages of a wrong state (StateSchema.check, describe) ------------------------------------------


PRODUCTION = [{"id": 5, "label": "In Production"}, {"id": 6, "label": "Packed"}, {"id": 7, "label": "Shipped"}]
STATE: dict[str, Any] = {
    "submission_statuses": {"pending": {"id": 3, "label": "Order Received"}, "cancel": {"id": 9, "label": "Gone"}},
    "production_statuses": PRODUCTION,
    "orders": [{"order_id": 1001, "order_po": "PO_1"}],
}


def state(**changes: Any) -> dict[str, Any]:
    return copy.deepcopy({**STATE, **changes})


@pytest.mark.parametrize(
    ("orders", "message"),
    [
        ([5], "orders[0]: 5 is not of type 'object'"),
        ([{"order_po": "PO_1"}], "orders[0]: missing key 'order_id'"),
        # jsonschema finds each missing key apart: they are named together, once
        ([{}], "orders[0]: missing key 'order_id', 'order_po'"),
        ([{"order_id": 1, "order_po": "A"}, {"order_id": 2}], "orders[1] (order 2): missing key 'order_po'"),
        ([{"order_id": 1, "order_po": "A", "note": 1}], "orders[0] (order 1): unknown key ('note' was unexpected)"),
        ([{"order_id": 1, "order_po": ""}], "orders[0] (order 1): order_po: '' should be non-empty"),
        (
            [{"order_id": 1, "order_po": "A"}, {"order_id": 1, "order_po": "B"}],
            "orders[1] (order 1): order_id is used twice",
        ),
    ],
)
def test_a_wrong_order_is_named_by_its_place_and_its_id(spec: Spec, orders: list[Any], message: str) -> None:
    with pytest.raises(FixtureError) as refused:
        OrderStore(state(orders=orders), spec)
    assert str(refused.value) == f"fixtures: {message}"


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"orders": "none"}, "orders: 'none' is not of type 'array', 'null'"),
        ({"submission_statuses": {}, "extra": 1}, "(top level): unknown key ('extra' was unexpected)"),
    ],
)
def test_a_wrong_state_outside_the_orders_is_named_by_its_key(
    spec: Spec, changes: dict[str, Any], message: str
) -> None:
    with pytest.raises(FixtureError) as refused:
        OrderStore(state(**changes), spec)
    assert str(refused.value) == f"fixtures: {message}"


def test_a_state_order_that_openapi_yaml_refuses_is_refused_by_its_id(spec: Spec) -> None:
    with pytest.raises(FixtureError) as refused:
        OrderStore(state(orders=[{"order_id": 1001, "order_po": "P" * 51}]), spec)
    assert str(refused.value) == f"fixtures: order 1001 does not match openapi.yaml: order_po: {'P' * 51!r} is too long"


# --- the labels of production statuses --------------------------------------------------------------------


def test_an_order_in_production_without_a_label_takes_its_status_label(spec: Spec) -> None:
    store = OrderStore(
        state(orders=[{"order_id": 1001, "order_po": "PO_1", "in_production": True, "order_status_id": 6}]), spec
    )
    assert store.order(1001)["order_status_label"] == "Packed"
    assert store.fetch([1001], None)[0]["order_status_label"] == "Packed"
    created = store.create_order({"order_id": 1002, "order_po": "PO_2", "in_production": True, "order_status_id": 7})
    assert created["order_status_label"] == "Shipped"
    assert store.fetch([1002], None)[0]["order_status_id"] == 7


def test_an_order_s_own_label_is_kept(spec: Spec) -> None:
    entry = {"order_id": 1001, "order_po": "PO_1", "in_production": True, "order_status_id": 42}
    entry["order_status_label"] = "Own"
    store = OrderStore(state(orders=[entry]), spec)
    assert (store.order(1001)["order_status_id"], store.order(1001)["order_status_label"]) == (42, "Own")


# --- createOrder (the admin API) --------------------------------------------------------------------------


def refusal(call: Any, *args: Any) -> Refused:
    with pytest.raises(Refused) as refused:
        call(*args)
    assert str(refused.value) == refused.value.message  # what a traceback shows
    return refused.value


def test_create_order_refuses_an_order_the_state_cannot_hold_with_409_naming_each_fault(spec: Spec) -> None:
    store = OrderStore(state(), spec)
    refused = refusal(
        store.create_order, {"order_id": 5, "order_po": "X", "submission_status": "hold", "in_production": True}
    )
    assert (refused.status, refused.message) == (
        409,
        "order (order 5): submission_status 'hold' has no entry in submission_statuses; "
        "order (order 5): an order in production needs its order_status_id; "
        "order (order 5): order_status_label is missing and production_statuses has no label for it",
    )
    assert [order["order_id"] for order in store.snapshot()["orders"]] == [1001]


def test_create_order_refuses_an_order_that_openapi_yaml_refuses_with_409(spec: Spec) -> None:
    store = OrderStore(state(), spec)
    refused = refusal(store.create_order, {"order_id": 5, "order_po": "P" * 51, "shipments": [{"weight": -1}]})
    assert refused.status == 409
    assert refused.message == (
        f"order 5 does not match openapi.yaml: order_po: {'P' * 51!r} is too long; "
        "shipments[0].weight: -1 is less than the minimum of 0"
    )
    assert [order["order_id"] for order in store.snapshot()["orders"]] == [1001]


def test_create_order_refuses_a_taken_id_with_409(spec: Spec) -> None:
    store = OrderStore(state(), spec)
    refused = refusal(store.create_order, {"order_id": 1001, "order_po": "PO_OTHER"})
    assert (refused.status, refused.message) == (409, "Order 1001 exists already.")
    assert store.order(1001)["order_po"] == "PO_1"


def shipped_order() -> dict[str, Any]:
    """A new order 5 in production, with a shipment and a customer (its own copies)."""
    return {
        "order_id": 5,
        "order_po": "PO_5",
        "in_production": True,
        "order_status_id": 5,
        "shipments": [{"tracking_number": "T1", "history": [{"event": "picked up"}]}],
        "customer": copy.deepcopy(CUSTOMER),
    }


def test_create_order_keeps_its_own_copy(spec: Spec) -> None:
    store = OrderStore(state(), spec)
    entry = shipped_order()
    created = store.create_order(entry)
    entry["shipments"][0]["history"].append({"event": "lost"})
    entry["customer"]["notes"]["gate"] = "changed"
    created["shipments"].clear()
    assert store.order(5)["shipments"] == [{"tracking_number": "T1", "history": [{"event": "picked up"}]}]
    assert store.order(5)["customer"]["notes"] == {"gate": "1234"}


# --- production status (the admin API) --------------------------------------------------------------------


def test_a_production_status_advances_one_at_a_time_to_the_last(spec: Spec) -> None:
    store = OrderStore(state(), spec)
    seen = [store.set_production_status(1001, None)["order_status_id"] for _ in PRODUCTION]
    assert seen == [5, 6, 7]
    assert store.fetch([1001], None)[0]["order_status_label"] == "Shipped"
    refused = refusal(store.set_production_status, 1001, None)
    assert (refused.status, refused.message) == (409, "Order 1001 is at the last production status (Shipped).")


def test_advancing_starts_at_the_first_status_from_one_the_list_does_not_hold(spec: Spec) -> None:
    """An order in production at a status of its own, or not in production with an order_status_id
    (read only in production), goes to the first of production_statuses."""
    orders = [
        {"order_id": 1, "order_po": "A", "in_production": True, "order_status_id": 42, "order_status_label": "Own"},
        {"order_id": 2, "order_po": "B", "order_status_id": 6},
    ]
    store = OrderStore(state(orders=orders), spec)
    assert store.set_production_status(1, None)["order_status_id"] == 5
    assert store.set_production_status(2, None)["order_status_id"] == 5


def test_a_production_status_is_set_by_its_id_with_its_label(spec: Spec) -> None:
    store = OrderStore(state(), spec)
    entry = store.set_production_status(1001, 7)
    assert (entry["in_production"], entry["order_status_id"], entry["order_status_label"]) == (True, 7, "Shipped")
    assert store.set_production_status(1001, 5)["order_status_label"] == "In Production"  # back, when asked


@pytest.mark.parametrize(
    ("production", "status_id", "message"),
    [
        (
            PRODUCTION,
            8,
            "order_status_id 8 is not one of the production_statuses: 5 (In Production), 6 (Packed), 7 (Shipped).",
        ),
        ([], 8, "order_status_id 8 is not one of the production_statuses: none."),
        ([], None, "The state has no production_statuses to advance through."),
    ],
)
def test_a_production_status_the_state_does_not_hold_is_refused_with_409(
    spec: Spec, production: list[dict[str, Any]], status_id: int | None, message: str
) -> None:
    store = OrderStore(state(production_statuses=production), spec)
    refused = refusal(store.set_production_status, 1001, status_id)
    assert (refused.status, refused.message) == (409, message)
    assert store.order(1001)["in_production"] is False


def test_a_cancelled_order_does_not_go_into_production(spec: Spec) -> None:
    store = OrderStore(state(orders=[{"order_id": 1001, "order_po": "PO_1", "submission_status": "cancel"}]), spec)
    refused = refusal(store.set_production_status, 1001, 5)
    assert (refused.status, refused.message) == (409, "Order 1001 was cancelled: it cannot go into production.")
    assert refusal(store.set_production_status, 4242, 5).status == 404


# --- shipments and customers: the store keeps its own copies -------------------------------------------


CUSTOMER: dict[str, Any] = {
    "first_name": "Ada",
    "last_name": "Lovelace",
    "address_1": "12 St James's Square",
    "zip_postal_code": "SW1Y 4JH",
    "country_code": "gb",
    "notes": {"gate": "1234"},  # Address is open: a member FinerWorks does not know is kept as sent
}


def test_shipments_are_added_after_the_ones_there_and_kept_as_copies(spec: Spec) -> None:
    orders = [{"order_id": 1001, "order_po": "PO_1", "in_production": True, "order_status_id": 5, "shipments": None}]
    store = OrderStore(state(orders=orders), spec)
    before = store.fetch([1001], None)[0]
    first: dict[str, Any] = {"tracking_number": "T1", "history": [{"event": "picked up"}]}
    store.add_shipment(1001, first)
    store.add_shipment(1001, {"tracking_number": "T2", "history": None})
    first["history"].append({"event": "lost"})
    shipments = store.order(1001)["shipments"]
    assert [shipment["tracking_number"] for shipment in shipments] == ["T1", "T2"]
    assert shipments[0]["history"] == [{"event": "picked up"}]
    assert before["shipments"] is None  # a view fetched before is not changed by a later shipment


def test_a_shipment_needs_an_order_in_production(spec: Spec) -> None:
    store = OrderStore(state(), spec)
    refused = refusal(store.add_shipment, 1001, {"tracking_number": "T1"})
    assert (refused.status, refused.message) == (
        409,
        "Order 1001 is not in production: set its production status first.",
    )
    assert store.order(1001)["shipments"] == []


def test_update_customer_keeps_its_own_copy(spec: Spec) -> None:
    store = OrderStore(state(), spec)
    customer = copy.deepcopy(CUSTOMER)
    store.update_customer(1001, customer)
    customer["notes"]["gate"] = "changed"
    assert store.order(1001)["customer"] == CUSTOMER
    store.update_customer(1001, None)
    assert store.order(1001)["customer"] is None


# --- more state checks (StateSchema.check, order_problems, _load) --------------------------------------


def nested(levels: int) -> Any:
    value: Any = 1
    for _ in range(levels):
        value = [value]
    return value


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        (
            {"production_statuses": [{"id": "x", "label": "Packed"}]},
            "production_statuses[0].id: 'x' is not of type 'integer'",
        ),
        (
            {"submission_statuses": {"pending": {"id": 3}}},
            "submission_statuses.pending: missing key 'label'",
        ),
        (
            {
                "orders": [
                    {"order_id": 1, "order_po": "A", "submission_status": "hold"},
                    {"order_id": 1, "order_po": "B"},
                ]
            },
            "orders[0] (order 1): submission_status 'hold' has no entry in submission_statuses; "
            "orders[1] (order 1): order_id is used twice",
        ),
        (
            {"orders": [{"order_id": 1, "order_po": "A", "in_production": True, "order_status_id": 42}]},
            "orders[0] (order 1): order_status_label is missing and production_statuses has no label for it",
        ),
        # each missing key is an error of its own: at most 10 are read, here those of 5 orders
        ({"orders": [{}] * 6}, "; ".join(f"orders[{n}]: missing key 'order_id', 'order_po'" for n in range(5))),
        (
            {"orders": [{"order_id": 1, "order_po": "A\ud800"}]},
            "orders[0].order_po: the text cannot be encoded as UTF-8 (a lone surrogate)",
        ),
        (
            {"orders": [{"order_id": 1, "order_po": "A", "customer": {"first_name": nested(70)}}]},
            "orders[0].customer.first_name[0][0][0][0]...: nested deeper than 64 levels",  # its first 8 steps
        ),
    ],
)
def test_a_wrong_state_is_named_in_its_own_words(spec: Spec, changes: dict[str, Any], message: str) -> None:
    with pytest.raises(FixtureError) as refused:
        OrderStore(state(**changes), spec)
    assert str(refused.value) == f"fixtures: {message}"


def test_text_that_cannot_be_encoded_is_named_by_its_whole_key(spec: Spec) -> None:
    with pytest.raises(FixtureError) as refused:
        StateSchema().check({"submission_statuses": {}, "orders": [], "Xtra": "\ud800"}, "state")
    assert str(refused.value) == (
        "state: (top level): unknown key ('Xtra' was unexpected); "
        "Xtra: the text cannot be encoded as UTF-8 (a lone surrogate)"
    )


def test_a_state_that_is_not_even_an_object_is_named_at_the_top_level(spec: Spec) -> None:
    with pytest.raises(FixtureError) as refused:
        StateSchema().check("\ud800", "state")
    assert str(refused.value) == (
        "state: (top level): '\\ud800' is not of type 'object'; "
        "(top level): the text cannot be encoded as UTF-8 (a lone surrogate)"
    )


def test_a_store_serving_another_openapi_yaml_checks_its_orders_against_it(tmp_path: Path) -> None:
    """The state's own schema (admin.yaml) refers to the packaged openapi.yaml; a mock serving an
    edited copy checks each order's view and customer against the copy too."""
    document = yaml.safe_load(Path(Spec().path).read_text(encoding="utf-8"))
    schemas = document["components"]["schemas"]
    schemas["OrderStatus"]["properties"]["order_po"]["maxLength"] = 4
    schemas["Address"]["properties"]["first_name"]["maxLength"] = 2
    edited = tmp_path / "openapi.yaml"
    edited.write_text(yaml.safe_dump(document), encoding="utf-8")
    stricter = Spec(edited)
    with pytest.raises(FixtureError) as refused:
        OrderStore(state(orders=[{"order_id": 1001, "order_po": "PO_12", "customer": CUSTOMER}]), stricter)
    assert str(refused.value) == (
        "fixtures: order 1001 does not match openapi.yaml: order_po: 'PO_12' is too long; first_name: 'Ada' is too long"
    )
    with pytest.raises(FixtureError) as refused:
        OrderStore(state(orders=[{"order_id": 1001, "order_po": "PO_1", "customer": CUSTOMER}]), stricter)
    assert str(refused.value) == "fixtures: order 1001 does not match openapi.yaml: first_name: 'Ada' is too long"
    assert (
        OrderStore(state(orders=[{"order_id": 1001, "order_po": "PO_1"}]), stricter).order(1001)["order_po"] == "PO_1"
    )


def test_the_store_uses_the_schema_it_is_given(tmp_path: Path, spec: Spec) -> None:
    """One StateSchema (admin.yaml read once) serves every store and request of a mock."""
    schema = StateSchema()
    assert OrderStore(state(), spec, schema).schema is schema
    fixtures = tmp_path / "fixtures.yaml"
    fixtures.write_text(STATUSES + "orders: []\n")
    assert OrderStore.from_file(fixtures, spec, schema).schema is schema
    admin = Spec(ADMIN_SPEC_PATH)  # not the one read once for every StateSchema
    assert StateSchema(admin).admin is admin


def test_confirmation_ids_left_out_are_made_from_the_order_id_and_its_place(spec: Spec) -> None:
    orders = [
        {"order_id": 1001, "order_po": "A"},
        {"order_id": 2_100_000_005, "order_po": "B"},
        {"order_id": 7, "order_po": "C", "order_confirmation_id": 99},
    ]
    store = OrderStore(state(orders=orders), spec)
    ids = [order["order_confirmation_id"] for order in store.snapshot()["orders"]]
    assert ids == [400_001_001, 400_000_006, 99]
    assert store.create_order({"order_id": 1002, "order_po": "D"})["order_confirmation_id"] == 400_001_005


# --- reset ---------------------------------------------------------------------------------------------


def test_reset_restores_the_fixtures_the_store_was_made_with_whatever_happened_since(spec: Spec) -> None:
    fixtures = state(
        orders=[
            {
                "order_id": 1001,
                "order_po": "PO_1",
                "in_production": True,
                "order_status_id": 5,
                "shipments": [{"tracking_number": "T1"}],
            }
        ],
        pending_orders=[7, 8],
    )
    store = OrderStore(fixtures, spec)
    fixtures["orders"][0]["shipments"][0]["tracking_number"] = "changed by its caller"
    fixtures["submission_statuses"]["pending"]["label"] = "changed by its caller"
    store.fetch([1001], None)[0]["shipments"][0]["tracking_number"] = "changed through a view"
    store.snapshot()["submission_statuses"]["pending"]["label"] = "changed through a snapshot"
    store.order(1001)["shipments"].append({})
    store.set_production_status(1001, 7)
    store.delete_pending([7])
    store.create_order({"order_id": 1002, "order_po": "PO_2"})
    store.reset()
    assert store.snapshot() == OrderStore(state(**{**fixtures, **STATE_AS_MADE}), spec).snapshot()
    assert store.fetch([1001], None)[0]["shipments"][0]["tracking_number"] == "T1"
    assert store.snapshot()["submission_statuses"]["pending"]["label"] == "Order Received"
    assert store.delete_pending([7, 8]) == 2


STATE_AS_MADE: dict[str, Any] = {
    "orders": [
        {
            "order_id": 1001,
            "order_po": "PO_1",
            "in_production": True,
            "order_status_id": 5,
            "shipments": [{"tracking_number": "T1"}],
        }
    ],
    "submission_statuses": STATE["submission_statuses"],
}


def test_reset_to_a_state_replaces_every_part_of_it(spec: Spec) -> None:
    store = OrderStore(state(pending_orders=[7]), spec)
    other = {
        "submission_statuses": {"hold": {"id": 4, "label": "On Hold"}},
        "production_statuses": [{"id": 1, "label": "Only"}],
        "orders": [{"order_id": 5, "order_po": "PO_5", "submission_status": "hold"}],
        "pending_orders": [9],
    }
    store.reset(copy.deepcopy(other))
    snapshot = store.snapshot()
    assert (snapshot["submission_statuses"], snapshot["production_statuses"]) == (
        other["submission_statuses"],
        other["production_statuses"],
    )
    assert [order["order_id"] for order in snapshot["orders"]] == [5] and snapshot["pending_orders"] == [9]
    assert store.fetch([5], None)[0]["order_status_label"] == "On Hold"
    assert store.set_production_status(5, None)["order_status_label"] == "Only"
    store.reset()
    assert [order["order_id"] for order in store.snapshot()["orders"]] == [1001]


def test_reset_to_a_wrong_state_is_refused_and_changes_nothing(spec: Spec) -> None:
    store = OrderStore(state(), spec)
    before = store.snapshot()
    with pytest.raises(FixtureError) as refused:
        store.reset(
            {"submission_statuses": STATE["submission_statuses"], "orders": [{"order_id": 1, "order_po": "P" * 51}]}
        )
    assert str(refused.value) == f"state: order 1 does not match openapi.yaml: order_po: {'P' * 51!r} is too long"
    with pytest.raises(FixtureError) as refused:
        store.reset({"orders": []})
    assert str(refused.value) == "state: (top level): missing key 'submission_statuses'"
    assert store.snapshot() == before


# --- the operations: updateOrder, fetchOrderStatus, updateCustomer, deletePendingOrders ----------------


def test_update_order_sets_the_submission_status_and_a_cancelled_order_stays_cancelled(spec: Spec) -> None:
    store = OrderStore(
        state(submission_statuses={**STATE["submission_statuses"], "hold": {"id": 4, "label": "On Hold"}}), spec
    )
    store.update_order(1001, "hold")
    assert store.fetch([1001], None)[0]["order_status_label"] == "On Hold"
    store.update_order(1001, "cancel")
    store.update_order(1001, "cancel")  # again: still cancelled
    refused = refusal(store.update_order, 1001, "pending")
    assert (refused.status, refused.message) == (
        409,
        "Order 1001 was cancelled; submit it again as a new order (its order_po can be reused).",
    )
    assert store.order(1001)["submission_status"] == "cancel"


def test_an_order_in_production_or_unknown_cannot_be_changed(spec: Spec) -> None:
    orders = [{"order_id": 1001, "order_po": "PO_1", "in_production": True, "order_status_id": 5}]
    store = OrderStore(state(orders=orders), spec)
    in_production = (
        409,
        "Order 1001 is already in production and can no longer be changed through the API. Contact customer support.",
    )
    for change, argument in ((store.update_order, "hold"), (store.update_customer, CUSTOMER)):
        refused = refusal(change, 1001, argument)
        assert (refused.status, refused.message) == in_production
        refused = refusal(change, 4242, argument)
        assert (refused.status, refused.message) == (404, "Order 4242 was not found.")
    assert store.order(1001)["submission_status"] == "pending" and store.order(1001)["customer"] is None


def test_fetch_finds_orders_by_id_or_by_po(spec: Spec) -> None:
    orders = [{"order_id": n, "order_po": f"PO_{n}"} for n in (1, 2, 3)]
    store = OrderStore(state(orders=orders), spec)

    def found(ids: list[int] | None, pos: list[str] | None) -> list[int]:
        return [view["order_id"] for view in store.fetch(ids, pos)]

    assert found([2], None) == [2] and found(None, ["PO_3"]) == [3]
    assert found([1], ["PO_3"]) == [1, 3] and found([1, 1], ["PO_1"]) == [1]
    assert found(None, None) == [] and found([9], ["PO_9"]) == []
    assert store.fetch([2], None) == [
        {
            "order_confirmation_id": 400_000_003,
            "order_po": "PO_2",
            "order_id": 2,
            "order_status_id": 3,
            "order_status_label": "Order Received",
            "shipments": [],
        }
    ]


def test_delete_pending_counts_each_id_it_removes_once(spec: Spec) -> None:
    store = OrderStore(state(pending_orders=[7, 8, 9]), spec)
    assert store.delete_pending([7, 7, 8, 10]) == 2
    assert store.delete_pending([7, 8]) == 0
    assert store.snapshot()["pending_orders"] == [9]


def test_a_snapshot_is_the_caller_s_own_copy(spec: Spec) -> None:
    store = OrderStore(state(pending_orders=[7]), spec)
    snapshot = store.snapshot()
    snapshot["submission_statuses"]["pending"]["label"] = "changed"
    snapshot["production_statuses"][0]["label"] = "changed"
    snapshot["production_statuses"].clear()
    snapshot["orders"][0]["shipments"].append({})
    snapshot["pending_orders"].clear()
    assert store.snapshot() == OrderStore(state(pending_orders=[7]), spec).snapshot()
    assert store.fetch([1001], None)[0]["order_status_label"] == "Order Received"
    assert store.set_production_status(1001, None)["order_status_label"] == "In Production"


def test_the_store_keeps_its_own_copy_of_a_state_it_is_reset_to(spec: Spec) -> None:
    store = OrderStore(state(), spec)
    other = state(orders=[shipped_order()])
    store.reset(other)
    other["orders"][0]["shipments"][0]["history"].append({"event": "lost"})
    other["orders"][0]["shipments"].append({"tracking_number": "T2"})
    other["orders"][0]["customer"]["notes"]["gate"] = "changed"
    other["submission_statuses"]["pending"]["label"] = "changed"
    other["production_statuses"][0]["label"] = "changed"
    shipments = store.order(5)["shipments"]
    assert [(shipment["tracking_number"], shipment["history"]) for shipment in shipments] == [
        ("T1", [{"event": "picked up"}])
    ]
    assert store.order(5)["customer"]["notes"] == {"gate": "1234"}
    assert store.snapshot()["submission_statuses"] == STATE["submission_statuses"]
    assert store.snapshot()["production_statuses"] == PRODUCTION
