"""Fault rules and headers (faults.py), without a server: which rule applies, how it is used up, and
what is refused. (Over HTTP, with FinerWorksClient's retries: tests/mock/test_sandbox.py.)"""

from __future__ import annotations

import json

import pytest
from finerworks_mock.faults import MAX_DELAY, FaultError, Faults
from finerworks_mock.spec import Spec


@pytest.fixture
def faults(spec: Spec) -> Faults:
    return Faults(spec)


def test_rules_apply_in_order_and_are_used_up(faults: Faults) -> None:
    first = faults.add({"operation_id": "fetchOrderStatus", "times": 2, "status": 503})
    second = faults.add({"status": 500})
    assert (first.id, second.id) == (1, 2)
    assert faults.take("updateOrder") is second  # the first is for another operation
    assert faults.take("fetchOrderStatus") is first
    assert faults.take("fetchOrderStatus") is first
    assert faults.take("fetchOrderStatus") is second  # the first is used up, and gone
    assert [rule["id"] for rule in faults.listing()["faults"]] == [2]
    faults.clear()
    assert faults.take("fetchOrderStatus") is None


def test_an_id_sent_with_a_rule_is_not_taken(faults: Faults) -> None:
    faults.add({"status": 503})
    assert faults.add({"id": 99, "status": 503}).id == 2


@pytest.mark.parametrize(
    ("rule", "fragment"),
    [
        ({"operation_id": "nope"}, "'nope' is not one of"),
        ({"operation_id": "fetchOrderStatus", "status": 418}, "418 is not a documented response of fetchOrderStatus"),
        ({"delay": MAX_DELAY + 1}, "delay must be between 0 and"),
    ],
)
def test_rules_that_cannot_apply_are_refused(faults: Faults, rule: dict[str, object], fragment: str) -> None:
    with pytest.raises(FaultError, match=fragment):
        faults.add(rule)
    assert faults.rules == []


@pytest.mark.parametrize(
    ("prefer", "delay", "status", "seconds"),
    [
        ("code=503", None, 503, 0.0),
        ('respond-async, code="429"', "0.5", 429, 0.5),
        ("code=200", None, None, None),  # a success is answered normally: no fault
        (None, "1.5", None, 1.5),
        (None, None, None, None),
    ],
)
def test_headers_ask_for_a_fault(
    faults: Faults, prefer: str | None, delay: str | None, status: int | None, seconds: float | None
) -> None:
    fault = faults.from_headers("fetchOrderStatus", prefer, delay)
    if seconds is None:
        assert fault is None
    else:
        assert fault is not None and (fault.status, fault.delay) == (status, seconds)


@pytest.mark.parametrize(
    ("prefer", "delay", "fragment"),
    [
        ("code=abc", None, "is not an HTTP status"),
        (None, "soon", "is not a number of seconds"),
        (None, "nan", "NaN is not a number of seconds"),
        (None, "1000", "delay must be between"),
        ("code=418", None, "not a documented response"),
    ],
)
def test_bad_headers_are_refused(faults: Faults, prefer: str | None, delay: str | None, fragment: str) -> None:
    with pytest.raises(FaultError, match=fragment):
        faults.from_headers("fetchOrderStatus", prefer, delay)


def test_a_fault_answers_with_the_documented_example(faults: Faults, spec: Spec) -> None:
    canned = faults.responses["fetchOrderStatus"][503]
    documented = spec.responses("fetchOrderStatus")[503]
    examples = documented["content"]["application/json"].get("examples")
    if examples:
        assert json.loads(canned.body) == spec.resolve(next(iter(examples.values())))["value"]
    assert canned.status == 503
