"""The mock's fault rules and request headers, each rule on the smallest case that shows it: which
calls a rule answers, what it answers with, which faults and delays are refused, and how the
headers a client sends are read (case, parameters). tests/mock/test_sandbox.py drives the same
through FinerWorksClient and MockAdmin; this file pins each rule down (make mutate's mock group)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import asdict
from typing import Any, cast

import httpx
import pytest
from finerworks_mock import MockAdmin, MockAdminError, create_app
from finerworks_mock.faults import Canned, Fault, FaultError, Faults, canned
from finerworks_mock.spec import Spec

from tests.support import AUTH, KEYS, serve

FETCH = {"order_ids": [123456]}
RAW = b'{"order_ids": [123456]}'


@pytest.fixture(scope="module")
def served(spec: Spec) -> Iterator[tuple[httpx.Client, MockAdmin]]:
    """One mock for this file (making one takes most of a second)."""
    app = create_app(keys=KEYS, spec=spec)
    with serve(app) as root, httpx.Client(base_url=root + "/v3", headers=AUTH) as http, MockAdmin(root) as admin:
        yield http, admin


@pytest.fixture
def mock(served: tuple[httpx.Client, MockAdmin]) -> tuple[httpx.Client, MockAdmin]:
    """(an httpx client for the API with the keys, the admin client), the mock as its fixtures make it."""
    served[1].reset()  # the fixtures' orders; no rule, an empty log
    return served


def fetch(http: httpx.Client, **headers: str) -> httpx.Response:
    return http.post("/fetch_order_status", json=FETCH, headers=headers)


def is_the_real_answer(response: httpx.Response) -> bool:
    """fetchOrderStatus answered from the mock's state (order 123456 of the fixtures), not a canned example."""
    if response.status_code != 200:
        return False
    orders = response.json().get("orders") or []
    return [order["order_id"] for order in orders] == [123456]


# --- request headers: the media type -----------------------------------------------------------------


@pytest.mark.parametrize(
    "content_type",
    ["application/json", "Application/JSON", "APPLICATION/JSON; charset=utf-8", "application/json ;charset=UTF-8"],
)
def test_the_json_media_type_is_read_whatever_its_case_and_parameters(
    mock: tuple[httpx.Client, MockAdmin], content_type: str
) -> None:
    http, _ = mock
    response = http.post("/fetch_order_status", content=RAW, headers={"content-type": content_type})
    assert is_the_real_answer(response), response.text


def test_a_body_in_another_media_type_is_refused_with_415(mock: tuple[httpx.Client, MockAdmin]) -> None:
    http, _ = mock
    response = http.post("/fetch_order_status", content=RAW, headers={"content-type": "text/plain"})
    assert response.status_code == 415 and "text/plain" in response.text


def test_a_bad_body_in_a_differently_cased_media_type_is_still_checked(mock: tuple[httpx.Client, MockAdmin]) -> None:
    http, _ = mock
    response = http.post(
        "/fetch_order_status", content=b'{"order_ids": "x"}', headers={"content-type": "Application/Json"}
    )
    assert response.status_code == 400 and "order_ids" in response.text


# --- request headers: Prefer and Mock-Delay -----------------------------------------------------------


@pytest.mark.parametrize(
    "prefer", ["code=503", "Code=503", "CODE = 503", 'code="503"', "wait=5; code=503", "x, code=503"]
)
def test_prefer_code_answers_with_the_documented_response_whatever_its_spelling(
    mock: tuple[httpx.Client, MockAdmin], prefer: str
) -> None:
    http, admin = mock
    response = fetch(http, prefer=prefer)
    assert response.status_code == 503
    assert [(record["status"], record["fault"]) for record in admin.requests()] == [(503, True)]


@pytest.mark.parametrize("prefer", ["code=200", "code=204", "code=299"])
def test_prefer_a_success_code_is_answered_normally(mock: tuple[httpx.Client, MockAdmin], prefer: str) -> None:
    http, admin = mock
    assert is_the_real_answer(fetch(http, prefer=prefer))
    assert [record["fault"] for record in admin.requests()] == [False]


@pytest.mark.parametrize("prefer", ["respond-async", "wait=3", ""])
def test_a_prefer_without_a_code_is_ignored(mock: tuple[httpx.Client, MockAdmin], prefer: str) -> None:
    http, _ = mock
    assert is_the_real_answer(fetch(http, prefer=prefer))


@pytest.mark.parametrize(
    ("headers", "named"),
    [
        ({"prefer": "code=abc"}, "code=abc"),
        ({"prefer": "code"}, "code="),
        ({"prefer": "code=300"}, "300"),  # not a documented response of fetchOrderStatus
        ({"prefer": "code=409"}, "409"),
        ({"mock-delay": "soon"}, "Mock-Delay"),
        ({"mock-delay": "nan"}, "Mock-Delay"),
        ({"mock-delay": "NaN"}, "Mock-Delay"),
        ({"mock-delay": "-1"}, "delay"),
        ({"mock-delay": "120.5"}, "delay"),
        ({"mock-delay": "inf"}, "delay"),
    ],
)
def test_a_fault_header_that_cannot_be_applied_is_a_400_naming_it(
    mock: tuple[httpx.Client, MockAdmin], headers: dict[str, str], named: str
) -> None:
    http, admin = mock
    response = fetch(http, **headers)
    assert response.status_code == 400 and named in response.text, response.text
    assert admin.requests()[0]["status"] == 400


def test_mock_delay_delays_and_then_answers_normally(mock: tuple[httpx.Client, MockAdmin]) -> None:
    http, admin = mock
    response = fetch(http, **{"mock-delay": "0.2"})
    assert is_the_real_answer(response) and response.elapsed.total_seconds() >= 0.2
    assert is_the_real_answer(fetch(http, **{"mock-delay": "0"}))
    assert [record["fault"] for record in admin.requests()] == [True, False]


# --- rules set through the admin API --------------------------------------------------------------------


def test_a_rule_for_one_operation_leaves_the_others_alone(mock: tuple[httpx.Client, MockAdmin]) -> None:
    http, admin = mock
    admin.add_fault("updateOrder", status=500)
    assert is_the_real_answer(fetch(http))
    refused = http.post("/update_order", json={"order_id": 123456, "update_command": "hold"})
    assert refused.status_code == 500
    assert [rule["operation_id"] for rule in admin.faults()] == ["updateOrder"]  # not used up: no times


def test_a_rule_without_an_operation_applies_to_every_operation(mock: tuple[httpx.Client, MockAdmin]) -> None:
    http, admin = mock
    admin.add_fault(status=500)
    assert fetch(http).status_code == 500
    assert http.post("/update_order", json={"order_id": 123456, "update_command": "hold"}).status_code == 500


def test_rules_are_tried_in_order_and_a_used_up_rule_is_removed(mock: tuple[httpx.Client, MockAdmin]) -> None:
    http, admin = mock
    admin.add_fault("fetchOrderStatus", status=503, times=1)
    admin.add_fault("fetchOrderStatus", status=500, times=2)
    assert [fetch(http).status_code for _ in range(4)] == [503, 500, 500, 200]
    assert admin.faults() == []


def test_a_rule_answers_with_its_retry_after_or_the_documented_one(mock: tuple[httpx.Client, MockAdmin]) -> None:
    http, admin = mock
    admin.add_fault("fetchOrderStatus", status=429, retry_after=7, times=1)
    assert fetch(http).headers["retry-after"] == "7"
    admin.add_fault("fetchOrderStatus", status=429, times=1)
    documented = fetch(http)
    assert documented.status_code == 429 and documented.headers["retry-after"].isdigit()
    admin.add_fault("fetchOrderStatus", status=500, times=1)
    assert "retry-after" not in fetch(http).headers


@pytest.mark.parametrize(
    ("rule", "named"),
    [
        ({"operation_id": "fetchOrderStatus", "status": 200}, "200 is not a documented response"),
        ({"operation_id": "fetchOrderStatus", "status": 409}, "409 is not a documented response"),
        ({"operation_id": "fetchOrderStatus", "delay": 120.5}, "delay"),
        ({"operation_id": "fetchOrderStatus", "delay": -1}, "delay"),
        ({"operation_id": "nope", "status": 500}, "nope"),
    ],
)
def test_a_rule_that_cannot_be_applied_is_refused(
    mock: tuple[httpx.Client, MockAdmin], rule: dict[str, Any], named: str
) -> None:
    _, admin = mock
    with pytest.raises(MockAdminError, match=named):
        admin.add_fault(**rule)
    assert admin.faults() == []


def test_the_longest_delay_a_rule_may_ask_is_accepted(mock: tuple[httpx.Client, MockAdmin]) -> None:
    _, admin = mock
    rule = admin.add_fault("fetchOrderStatus", delay=120, times=1)
    assert rule["delay"] == 120
    admin.clear_faults()
    assert admin.faults() == []


# --- the rules themselves, in-process (Faults) ----------------------------------------------------------

FETCH_CODES = "400, 413, 415, 429, 500, 502, 503, 504"
DELAY_RANGE = "delay must be between 0 and 120 seconds."


class Documenting:
    """The parts of a Spec that Faults reads, for one operation `op` documenting the responses given."""

    def __init__(self, responses: dict[int, dict[str, Any]]) -> None:
        self._responses = responses

    def operations(self) -> dict[str, tuple[str, str]]:
        return {"op": ("POST", "/op")}

    def responses(self, operation_id: str) -> dict[int, dict[str, Any]]:
        return self._responses

    def resolve(self, node: dict[str, Any]) -> dict[str, Any]:
        return node


def test_a_fault_may_answer_with_each_documented_response_that_is_no_success(spec: Spec) -> None:
    faults = Faults(spec)
    assert list(faults.responses) == list(spec.operations())
    for operation_id, responses in faults.responses.items():
        documented = spec.responses(operation_id)
        assert list(responses) == [status for status in documented if status >= 300]
        for status, answer in responses.items():
            examples = documented[status]["content"]["application/json"]["examples"]
            first = spec.resolve(next(iter(examples.values())))["value"]
            assert answer.status == status
            assert answer.body == json.dumps(first, separators=(",", ":")).encode()
            assert answer.retry_after == ("2" if status in (429, 503) else None)
    assert 409 in faults.responses["updateOrder"] and 409 not in faults.responses["fetchOrderStatus"]


def test_the_first_response_a_fault_may_answer_with_is_300() -> None:
    described = {status: {"description": f"status {status}"} for status in (200, 204, 299, 300, 301, 400)}
    faults = Faults(cast(Spec, Documenting(described)))
    assert list(faults.responses["op"]) == [300, 301, 400]


@pytest.mark.parametrize(
    ("response", "body", "retry_after"),
    [
        ({"description": "Gone."}, {"Message": "Gone."}, None),
        ({"description": "Gone.", "content": {"text/plain": {}}}, {"Message": "Gone."}, None),
        ({"description": "Gone.", "content": {"application/json": {}}}, {"Message": "Gone."}, None),
        (
            {
                "description": "Busy.",
                "content": {
                    "application/json": {"examples": {"first": {"value": {"a": [1, 2]}}, "second": {"value": 2}}}
                },
            },
            {"a": [1, 2]},
            None,
        ),
        ({"description": "Busy.", "headers": {"Retry-After": {"example": 30}}}, {"Message": "Busy."}, "30"),
        (
            {"description": "Busy.", "headers": {"retry-after": {"schema": {"examples": [60, 5]}}}},
            {"Message": "Busy."},
            "60",
        ),
        (
            {"description": "Busy.", "headers": {"RETRY-AFTER": {"schema": {"type": "integer"}}}},
            {"Message": "Busy."},
            "1",
        ),
        ({"description": "Busy.", "headers": {"Retry-After": {}}}, {"Message": "Busy."}, "1"),
        ({"description": "Busy.", "headers": {"X-Retry": {"example": 30}}}, {"Message": "Busy."}, None),
    ],
)
def test_a_canned_answer_is_the_first_example_as_compact_json_with_the_documented_retry_after(
    spec: Spec, response: dict[str, Any], body: Any, retry_after: str | None
) -> None:
    assert canned(spec, 503, response) == Canned(503, json.dumps(body, separators=(",", ":")).encode(), retry_after)
    assert b" " not in canned(spec, 503, response).body


def test_rules_are_numbered_and_listed_as_added(spec: Spec) -> None:
    faults = Faults(spec)
    first = faults.add({"operation_id": "fetchOrderStatus", "status": 503, "times": 2})
    second = faults.add({"delay": 0.5, "close": True, "unknown_member": 1})  # a member added to admin.yaml first
    third = faults.add({"status": 500, "retry_after": 9})
    assert [first.id, second.id, third.id] == [1, 2, 3]
    assert faults.listing() == {
        "faults": [
            {
                "operation_id": "fetchOrderStatus",
                "times": 2,
                "status": 503,
                "retry_after": None,
                "delay": 0.0,
                "close": False,
                "id": 1,
            },
            {
                "operation_id": None,
                "times": None,
                "status": None,
                "retry_after": None,
                "delay": 0.5,
                "close": True,
                "id": 2,
            },
            {
                "operation_id": None,
                "times": None,
                "status": 500,
                "retry_after": 9,
                "delay": 0.0,
                "close": False,
                "id": 3,
            },
        ]
    }
    faults.clear()
    assert faults.listing() == {"faults": []}
    assert faults.add({"status": 500}).id == 4  # ids are never reused


@pytest.mark.parametrize(
    "rule",
    [
        {"operation_id": "updateOrder", "status": 409},  # documented for updateOrder only
        {"status": 503},  # documented for every operation
        {"delay": 0},
        {"delay": 0.5},
        {"delay": 120},
        {"operation_id": "deletePendingOrders", "close": True},
    ],
)
def test_a_rule_within_what_is_documented_is_added(spec: Spec, rule: dict[str, Any]) -> None:
    faults = Faults(spec)
    assert faults.add(rule) == Fault(**rule, id=1)


@pytest.mark.parametrize(
    ("rule", "message"),
    [
        (
            {"operation_id": "nope"},
            "operation_id 'nope' is not one of updateOrder, fetchOrderStatus, updateCustomer, deletePendingOrders.",
        ),
        (
            {"operation_id": "fetchOrderStatus", "status": 409},
            f"409 is not a documented response of fetchOrderStatus ({FETCH_CODES}).",
        ),
        # a rule for every operation: each of them must document the status
        ({"status": 409}, f"409 is not a documented response of fetchOrderStatus ({FETCH_CODES})."),
        ({"operation_id": "updateOrder", "status": 200}, "200 is not a documented response of updateOrder"),
        ({"delay": -0.001}, DELAY_RANGE),
        ({"delay": 120.001}, DELAY_RANGE),
        ({"delay": float("nan")}, DELAY_RANGE),
        ({"delay": float("inf")}, DELAY_RANGE),
    ],
)
def test_a_rule_beyond_what_is_documented_is_refused_saying_why(spec: Spec, rule: dict[str, Any], message: str) -> None:
    faults = Faults(spec)
    with pytest.raises(FaultError) as refused:
        faults.add(rule)
    assert str(refused.value).startswith(message), str(refused.value)
    assert faults.listing() == {"faults": []}


def test_a_rule_answers_the_calls_it_names_until_it_is_used_up(spec: Spec) -> None:
    faults = Faults(spec)
    counted = faults.add({"operation_id": "updateOrder", "status": 500, "times": 3})
    assert faults.take("fetchOrderStatus") is None  # another operation's call: not counted
    left = []
    for _ in range(3):
        taken = faults.take("updateOrder")
        assert taken is counted
        left.append(taken.times)
        assert faults.listing()["faults"][0:1] == ([{**asdict(counted)}] if taken.times else [])
    assert left == [2, 1, 0]
    assert faults.take("updateOrder") is None and faults.listing() == {"faults": []}


def test_a_rule_without_times_is_never_used_up_and_the_first_that_fits_answers(spec: Spec) -> None:
    faults = Faults(spec)
    for_fetch = faults.add({"operation_id": "fetchOrderStatus", "status": 503, "times": 1})
    for_all = faults.add({"status": 500})
    assert faults.take("updateOrder") is for_all
    assert faults.take("fetchOrderStatus") is for_fetch
    assert [faults.take(operation_id) for operation_id in ("fetchOrderStatus", "updateOrder")] == [for_all] * 2
    assert faults.listing()["faults"] == [asdict(for_all)]


@pytest.mark.parametrize(
    ("prefer", "delay", "status", "seconds"),
    [
        ("code=503", None, 503, 0.0),
        ("Code=503", None, 503, 0.0),
        ("CODE = 503", None, 503, 0.0),
        ('code="503"', None, 503, 0.0),
        ("wait=5; code=503", None, 503, 0.0),
        ("wait=5;code=503", None, 503, 0.0),
        ("wait=5,code=503", None, 503, 0.0),
        ("respond-async, code=429", None, 429, 0.0),
        ("code=503", "1.5", 503, 1.5),
        (None, "0.5", None, 0.5),
        ("code=204", "0.5", None, 0.5),  # a success is answered normally, after the delay
        ("wait=3", "120", None, 120.0),
    ],
)
def test_the_fault_headers_ask_for_a_status_and_a_delay(
    spec: Spec, prefer: str | None, delay: str | None, status: int | None, seconds: float
) -> None:
    faults = Faults(spec)
    assert faults.from_headers("fetchOrderStatus", prefer, delay) == Fault(
        "fetchOrderStatus", status=status, delay=seconds
    )
    assert faults.listing() == {"faults": []}  # a header's fault is for its request only


def test_a_prefer_code_is_checked_against_the_operation_of_the_request(spec: Spec) -> None:
    faults = Faults(spec)
    assert faults.from_headers("updateOrder", "code=409", None) == Fault("updateOrder", status=409)
    with pytest.raises(FaultError, match=f"409 is not a documented response of fetchOrderStatus \\({FETCH_CODES}\\)"):
        faults.from_headers("fetchOrderStatus", "code=409", None)


@pytest.mark.parametrize(
    ("prefer", "delay"),
    [
        (None, None),
        ("", None),
        ("code=200", None),
        ("code=299", None),
        ("wait=3", None),
        (None, "0"),
        ("code=200", "0"),
    ],
)
def test_fault_headers_that_ask_for_nothing_are_no_fault(spec: Spec, prefer: str | None, delay: str | None) -> None:
    assert Faults(spec).from_headers("fetchOrderStatus", prefer, delay) is None


@pytest.mark.parametrize(
    ("prefer", "delay", "message"),
    [
        ("code=abc", None, "Prefer: code=abc is not an HTTP status."),
        ("code=5XX", None, "Prefer: code=5XX is not an HTTP status."),
        ("code=5=3", None, "Prefer: code=5=3 is not an HTTP status."),
        ("code", None, "Prefer: code= is not an HTTP status."),
        ("code=300", None, f"300 is not a documented response of fetchOrderStatus ({FETCH_CODES})."),
        (None, "soon", "Mock-Delay: soon is not a number of seconds."),
        (None, "nan", "Mock-Delay: NaN is not a number of seconds."),
        (None, "NaN", "Mock-Delay: NaN is not a number of seconds."),
        (None, "-1", DELAY_RANGE),
        (None, "120.5", DELAY_RANGE),
        (None, "inf", DELAY_RANGE),
        ("code=503", "-inf", DELAY_RANGE),
    ],
)
def test_fault_headers_that_cannot_be_applied_are_refused_saying_why(
    spec: Spec, prefer: str | None, delay: str | None, message: str
) -> None:
    with pytest.raises(FaultError) as refused:
        Faults(spec).from_headers("fetchOrderStatus", prefer, delay)
    assert str(refused.value) == message
