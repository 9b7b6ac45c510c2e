"""The mock's fault rules and request headers, each rule on the smallest case that shows it: which
calls a rule answers, what it answers with, which faults and delays are refused, and how the
headers a client sends are read (case, parameters). tests/mock/test_sandbox.py drives the same
through FinerWorksClient and MockAdmin; this file pins each rule down (make mutate's mock group)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from finerworks_mock import MockAdmin, MockAdminError, create_app
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
