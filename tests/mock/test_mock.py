"""The mock server's contract: FinerWorks' rules, the seed responses, and a clear 4xx for bad input."""

from __future__ import annotations

import copy
import json
import os
import signal
import subprocess
import sys
from pathlib import Path
from typing import Any

import httpx
import pytest
import yaml
from finerworks_mock import MAX_BODY_BYTES, create_app
from finerworks_mock.app import MockApp
from finerworks_mock.spec import Spec, nullable
from finerworks_mock.store import FixtureError

from tests.support import AUTH, KEYS, serve

ROOT = Path(__file__).resolve().parents[2]
JSON = {**AUTH, "content-type": "application/json"}


@pytest.fixture
def client(app: MockApp) -> Any:
    """An httpx client for the mock on a real socket (so HTTP parsing is part of what is tested)."""
    with serve(app) as root, httpx.Client(base_url=root + "/v3", headers=JSON) as http:
        yield http


def example(spec: Spec, name: str) -> Any:
    return spec.document["components"]["examples"][name]["value"]


@pytest.mark.parametrize(
    ("request_example", "response_example", "path", "method"),
    [
        ("UpdateOrderHoldRequest", "UpdateOrderSuccessResponse", "/update_order", "PUT"),
        ("UpdateCustomerRequest", "UpdateCustomerSuccessResponse", "/update_customer", "PUT"),
        ("DeletePendingOrdersRequest", "DeletePendingOrdersResponse", "/delete_pending_orders", "POST"),
    ],
)
def test_seed_requests_succeed(
    client: httpx.Client, spec: Spec, request_example: str, response_example: str, path: str, method: str
) -> None:
    response = client.request(method, path, json=example(spec, request_example))
    assert response.status_code == 200
    body = response.json()
    expected = example(spec, response_example)
    # Same members as the seed page; values that are placeholders or per-call ids may differ.
    assert body.keys() == expected.keys()
    status = body.get("status", body)
    assert status["success"] is True and status["status_code"] == 200
    if "reference_id" in (expected.get("status", expected)):
        assert len(status["reference_id"]) == 32


def test_seed_fetch_reproduces_the_documented_shipped_order(client: httpx.Client, spec: Spec) -> None:
    response = client.post("/fetch_order_status", json=example(spec, "FetchOrderStatusByIdsRequest"))
    documented = example(spec, "FetchOrderStatusShippedResponse")
    body = response.json()
    assert response.status_code == 200
    assert body["status"] == documented["status"]
    assert body["orders"][0] == documented["orders"][0]  # order 123456, byte for byte
    assert [order["order_id"] for order in body["orders"]] == [123456, 123457]


def test_fetch_leaves_out_unknown_orders_and_lists_each_order_once(client: httpx.Client) -> None:
    response = client.post("/fetch_order_status", json={"order_ids": [999, 123456], "order_pos": ["PO_0001", "nope"]})
    assert response.status_code == 200
    assert [order["order_id"] for order in response.json()["orders"]] == [123456]
    nothing = client.post("/fetch_order_status", json={"order_ids": [999]})
    assert nothing.json() == {
        "status": {"success": True, "status_code": 200, "message": "", "debug": None},
        "orders": [],
    }


@pytest.mark.parametrize(
    ("order_id", "command", "status", "fragment"),
    [
        (1234567, "hold", 200, ""),
        (1234567, "cancel", 200, ""),
        (123456, "pending", 409, "already in production"),
        (123457, "cancel", 409, "already in production"),
        (7777, "pending", 409, "was cancelled"),
        (7777, "cancel", 200, ""),
        (424242, "hold", 404, "Order 424242 was not found"),
    ],
)
def test_update_order_rules(client: httpx.Client, order_id: int, command: str, status: int, fragment: str) -> None:
    response = client.post("/update_order", json={"order_id": order_id, "update_command": command})
    assert response.status_code == status
    body = response.json()
    assert body["success"] is (status == 200) and body["status_code"] == status
    assert fragment in body["message"]


ADDRESS = {
    "first_name": "Bob",
    "last_name": "Ross",
    "address_1": "742 Evergreen Terrace",
    "state_code": "AK",
    "zip_postal_code": "88888",
    "country_code": "us",
}


def test_update_customer_replaces_the_whole_address(client: httpx.Client, app: MockApp) -> None:
    address = {**ADDRESS, "email": None}
    response = client.put("/update_customer", json={"order_id": 12345, "customer_info": address})
    second = client.put("/update_customer", json={"order_id": 12345, "customer_info": address})
    assert response.status_code == second.status_code == 200
    assert response.json()["reference_id"] != second.json()["reference_id"]
    assert app.store.order(12345)["customer"] == address
    refused = client.put("/update_customer", json={"order_id": 123456, "customer_info": address})
    assert refused.status_code == 409


def test_delete_pending_ignores_ids_not_in_storage(client: httpx.Client, app: MockApp) -> None:
    first = client.post("/delete_pending_orders", json={"ids": [1, 2, 2, 99], "account_key": None})
    again = client.post("/delete_pending_orders", json={"ids": [1, 2]})
    assert first.json()["status"]["message"] == "Removed 2 pending order(s)."
    assert again.status_code == 200 and again.json()["status"]["message"] == "Removed 0 pending order(s)."
    assert app.store.snapshot()["pending_orders"] == [3, 4, 5]


BAD_INPUT = [
    # (case, method, path, headers, body, status, text the message must contain)
    ("malformed JSON", "POST", "/update_order", JSON, b'{"order_id": ', 400, "not valid JSON"),
    ("invalid UTF-8", "POST", "/update_order", JSON, b'{"a": "\xff\xfe"}', 400, "not valid UTF-8"),
    ("empty body", "POST", "/update_order", JSON, b"", 400, "request body is required"),
    ("JSON array", "POST", "/update_order", JSON, b"[1, 2]", 400, "is not of type 'object'"),
    ("JSON null", "POST", "/delete_pending_orders", JSON, b"null", 400, "is not of type 'object'"),
    ("1e999", "POST", "/delete_pending_orders", JSON, b'{"ids": [1e999]}', 400, "1e999 is out of range"),
    ("NaN", "POST", "/delete_pending_orders", JSON, b'{"ids": [NaN]}', 400, "NaN is not a JSON value"),
    ("huge integer", "POST", "/update_order", JSON, b'{"order_id": ' + b"9" * 5000 + b"}", 400, "not valid JSON"),
    ("deep nesting", "POST", "/update_order", JSON, b"[" * 100000 + b"]" * 100000, 413, "larger than"),
    ("missing field", "POST", "/update_order", JSON, b'{"order_id": 1}', 400, "update_command field is required"),
    ("wrong type", "POST", "/update_order", JSON, b'{"order_id": "1", "update_command": "hold"}', 400, "order_id"),
    ("unknown command", "POST", "/update_order", JSON, b'{"order_id": 1, "update_command": "x"}', 400, "is not one of"),
    ("id too large", "POST", "/update_order", JSON, b'{"order_id": 2147483648, "update_command": "hold"}', 400, "max"),
    ("neither list", "POST", "/fetch_order_status", JSON, b'{"order_ids": null}', 400, "at least one of order_ids"),
    ("text/plain", "POST", "/update_order", {**AUTH, "content-type": "text/plain"}, b"{}", 415, "application/json"),
    ("no content type", "POST", "/update_order", AUTH, b"{}", 415, "application/json"),
    ("no keys", "POST", "/update_order", {"content-type": "application/json"}, b"{}", 400, "unauthorized api"),
    ("one key", "POST", "/update_order", {"web_api_key": KEYS[0]}, b"{}", 400, "unauthorized api"),
    ("wrong keys", "POST", "/update_order", {**JSON, "app_key": "nope"}, b"{}", 400, "unauthorized api"),
    ("GET", "GET", "/update_order", JSON, b"", 405, "use PUT, POST"),
    ("PATCH", "PATCH", "/update_customer", JSON, b"", 405, "use PUT, POST"),
    ("unknown method", "BREW", "/update_customer", JSON, b"", 400, "Invalid method"),
    ("unknown path", "POST", "/create_order", JSON, b"{}", 404, "no FinerWorks API operation"),
    ("over the limit", "POST", "/update_order", JSON, b" " * 800_000, 413, f"larger than {MAX_BODY_BYTES} bytes"),
]


@pytest.mark.parametrize(
    ("method", "path", "headers", "body", "status", "fragment"),
    [case[1:] for case in BAD_INPUT],
    ids=[case[0] for case in BAD_INPUT],
)
def test_bad_input_gets_a_clear_4xx(
    app: MockApp, method: str, path: str, headers: dict[str, str], body: bytes, status: int, fragment: str
) -> None:
    with serve(app) as root, httpx.Client() as http:
        response = http.request(method, root + "/v3" + path, headers=headers, content=body)
        before = app.store.snapshot()
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == "application/json"
    message = response.json()
    assert fragment in json.dumps(message["ModelState"] if "ModelState" in message else message["Message"])
    if status == 400:
        assert message["Message"] == "The request is invalid."
    if status == 405:
        assert response.headers["allow"] in {"POST", "PUT, POST"}
    assert app.store.snapshot() == before == create_app(spec=app.spec).store.snapshot()


def test_chunked_body_over_the_limit_is_refused(client: httpx.Client) -> None:
    def chunks() -> Any:
        for _ in range(20):
            yield b" " * 8192

    response = client.post("/update_order", content=chunks())
    assert response.status_code == 413


def test_model_state_names_nested_fields(client: httpx.Client) -> None:
    address = {**ADDRESS, "state_code": None, "country_code": "deu"}
    response = client.put("/update_customer", json={"order_id": 12345, "customer_info": address})
    assert response.status_code == 400
    assert list(response.json()["ModelState"]) == ["request.customer_info.country_code"]
    response = client.post("/fetch_order_status", json={"order_ids": [1, -5]})
    assert list(response.json()["ModelState"]) == ["request.order_ids[1]"]


def test_any_pair_of_two_different_keys_is_accepted_by_default(spec: Spec) -> None:
    with serve(create_app(spec=spec)) as root:
        ok = httpx.post(
            root + "/v3/fetch_order_status", json={"order_ids": [1]}, headers={"web_api_key": "a", "app_key": "b"}
        )
        empty = httpx.post(
            root + "/v3/fetch_order_status", json={"order_ids": [1]}, headers={"web_api_key": "", "app_key": "b"}
        )
        one_missing = [
            httpx.post(root + "/v3/fetch_order_status", json={"order_ids": [1]}, headers={name: "a"})
            for name in ("web_api_key", "app_key")
        ]
    assert ok.status_code == 200
    for refused in (empty, *one_missing):
        assert refused.status_code == 400 and "authorization_credentials" in str(refused.json()["ModelState"])


def test_state_can_be_inspected_and_reset(client: httpx.Client) -> None:
    client.post("/update_order", json={"order_id": 2468, "update_command": "hold"})
    state = client.get("/../_mock/state").json()
    assert next(order for order in state["orders"] if order["order_id"] == 2468)["submission_status"] == "hold"
    reset = client.post("/../_mock/reset", json={}).json()
    assert next(order for order in reset["orders"] if order["order_id"] == 2468)["submission_status"] == "pending"


def test_fixtures_can_be_replaced(tmp_path: Path, spec: Spec) -> None:
    fixtures = tmp_path / "fixtures.yaml"
    fixtures.write_text(
        yaml.safe_dump(
            {
                "submission_statuses": {"pending": {"id": 1, "label": "P"}},
                "orders": [
                    {
                        "order_id": 5,
                        "order_po": "MINE",
                        "order_confirmation_id": 9,
                        "submission_status": "pending",
                        "in_production": False,
                    }
                ],
                "pending_orders": [8],
            }
        )
    )
    app = create_app(fixtures, spec=spec)
    # With whatever else openapi.yaml requires of an order written as null.
    assert app.store.fetch(None, ["MINE"]) == [
        spec.complete(
            "OrderStatus",
            {
                "order_confirmation_id": 9,
                "order_po": "MINE",
                "order_id": 5,
                "order_status_id": 1,
                "order_status_label": "P",
                "shipments": [],
            },
        )
    ]


@pytest.mark.parametrize(
    ("content", "fragment"),
    [
        ("orders: [", "cannot read fixtures"),
        ("[1, 2]", r"\(top level\): \[1, 2\] is not of type 'object'"),
        # Was `fixtures: KeyError('submission_statuses')`.
        ("orders: []", "missing key 'submission_statuses'"),
        ("submission_statuses: {}\norders: [{order_id: 1}]", r"orders\[0\] \(order 1\): missing key 'order_po'"),
        (
            "submission_statuses: {pending: {id: 1, label: P}}\n"
            "orders: [{order_id: 1, order_po: A, customer: {first_name: A, last_name: B, address_1: C,"
            " zip_postal_code: '1', country_code: usa}}]",
            r"orders\[0\] \(order 1\): customer.country_code: 'usa' does not match",
        ),
        (
            "submission_statuses: {pending: {id: 1, label: P}}\n"
            "orders: [{order_id: 1, order_po: A, submission_status: hold, colour: red}]",
            r"orders\[0\] \(order 1\): unknown key \('colour' was unexpected\)",
        ),
        (
            "submission_statuses: {pending: {id: 1, label: P}}\n"
            "orders: [{order_id: 1, order_po: A, submission_status: hold}]",
            r"orders\[0\] \(order 1\): submission_status 'hold' has no entry in submission_statuses",
        ),
        (
            'submission_statuses: {pending: {id: 1, label: P}}\norders: [{order_id: 1, order_po: "\\ud800"}]',
            r"orders\[0\]\.order_po: the text cannot be encoded",
        ),
    ],
)
def test_bad_fixtures_are_a_clear_error(tmp_path: Path, spec: Spec, content: str, fragment: str) -> None:
    fixtures = tmp_path / "fixtures.yaml"
    fixtures.write_text(content)
    with pytest.raises(FixtureError, match=fragment):
        create_app(fixtures, spec=spec)


def test_command_line_server_starts_serves_and_stops_on_ctrl_c() -> None:
    """What `make mock` runs: it prints its URL, serves, and shuts down cleanly on SIGINT."""
    process = subprocess.Popen(
        [sys.executable, "-m", "finerworks_mock", "--port", "0", "--web-api-key", "k1", "--app-key", "k2"],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    try:
        assert process.stdout is not None
        first = process.stdout.readline()
        assert first.startswith("FinerWorks mock: http://127.0.0.1:")
        base_url = first.split()[-1]
        for line in process.stdout:
            if "Application startup complete" in line:
                break
        response = httpx.post(
            base_url + "/fetch_order_status",
            json={"order_pos": ["PO_0001"]},
            headers={"web_api_key": "k1", "app_key": "k2"},
        )
        assert response.status_code == 200 and response.json()["orders"][0]["order_id"] == 123456
        assert httpx.post(base_url + "/fetch_order_status", json={"order_pos": []}, headers=AUTH).status_code == 400
    finally:
        process.send_signal(signal.SIGINT)
        rest = process.communicate(timeout=10)[0]
    assert process.returncode == 0
    assert "Finished server process" in rest and rest.endswith("FinerWorks mock: stopped\n")
    assert "Traceback" not in rest


def test_command_line_refuses_bad_fixtures_without_a_traceback(tmp_path: Path) -> None:
    fixtures = tmp_path / "broken.yaml"
    fixtures.write_text("orders: [")
    result = subprocess.run(
        [sys.executable, "-m", "finerworks_mock", "--port", "0", "--fixtures", fixtures],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert result.returncode == 2
    assert result.stderr.startswith("error: cannot read fixtures") and "Traceback" not in result.stderr


def test_members_left_out_are_null_where_openapi_yaml_requires_them_and_allows_null(spec: Spec) -> None:
    """Spec.complete, which the fixtures, the admin API and the handlers go through: FinerWorks writes
    every member; a required nullable one left out is null, an optional one stays out, nested too."""
    shipment_schema = spec.document["components"]["schemas"]["Shipment"]
    required = set(shipment_schema.get("required", []))
    optional = set(shipment_schema["properties"]) - required
    written = {"tracking_number": "1Z", "added_later": 1}
    order = {"order_id": 5, "order_po": "P", "order_confirmation_id": 9, "order_status_id": 1, "shipments": [written]}
    before = copy.deepcopy(order)
    completed = spec.complete("OrderStatus", order)
    [shipment] = completed["shipments"]
    assert shipment["tracking_number"] == "1Z" and shipment["added_later"] == 1  # kept as written
    assert {name for name, value in shipment.items() if value is None} == required - written.keys()
    assert not optional & shipment.keys()
    schema = spec.document["components"]["schemas"]["OrderStatus"]
    nulls = {name for name in schema["required"] if nullable(spec.resolve(schema["properties"][name]))}
    assert nulls - order.keys() and all(completed[name] is None for name in nulls - order.keys())  # top level too
    assert order == before  # the input is unchanged
    assert spec.errors("OrderStatus", completed) == []
    # A required member that may not be null is never invented: it stays missing.
    assert set(spec.complete("OrderStatus", {})) == nulls


# What FinerWorks' pages and the live server say (issue 19), as the mock answers it.

LIVE_CREDENTIALS_REFUSAL = {
    "Message": "The request is invalid.",
    "ModelState": {"ApiC.Models.authorization_credentials": ["Missing or unauthorized api credentials"]},
}


@pytest.mark.parametrize(
    "keys",
    [
        {},
        {"web_api_key": KEYS[0]},
        {"app_key": KEYS[1]},
        {"web_api_key": KEYS[0], "app_key": "wrong"},
        {"web_api_key": "wrong", "app_key": KEYS[1]},
        {"web_api_key": KEYS[0], "app_key": KEYS[0]},
    ],
    ids=["no keys", "web_api_key only", "app_key only", "wrong app_key", "wrong web_api_key", "same value twice"],
)
def test_refused_credentials_get_the_live_servers_400(app: MockApp, keys: dict[str, str]) -> None:
    with serve(app) as root:
        response = httpx.post(root + "/v3/fetch_order_status", json={"order_ids": [123456]}, headers=keys)
    assert response.status_code == 400
    assert response.json() == LIVE_CREDENTIALS_REFUSAL


def test_the_same_value_twice_is_refused_even_without_configured_keys(spec: Spec) -> None:
    with serve(create_app(spec=spec)) as root:
        same = httpx.post(
            root + "/v3/fetch_order_status", json={"order_ids": [1]}, headers={"web_api_key": "k", "app_key": "k"}
        )
    assert (same.status_code, same.json()) == (400, LIVE_CREDENTIALS_REFUSAL)


@pytest.mark.parametrize("method", ["PUT", "POST"])
def test_update_order_and_update_customer_accept_every_documented_method(
    client: httpx.Client, app: MockApp, method: str
) -> None:
    held = client.request(method, "/update_order", json={"order_id": 2468, "update_command": "hold"})
    assert held.status_code == 200 and app.store.order(2468)["submission_status"] == "hold"
    readdressed = client.request(method, "/update_customer", json={"order_id": 2468, "customer_info": ADDRESS})
    assert readdressed.status_code == 200 and app.store.order(2468)["customer"] == ADDRESS
    # An invalid body sent with the other method is examined as the same operation: 400, not 405.
    invalid = client.request(method, "/update_order", json={"order_id": 2468})
    assert invalid.status_code == 400
    assert invalid.json()["ModelState"] == {"request.update_command": ["The update_command field is required."]}


def _too_long(member: str, schema: dict[str, Any]) -> str:
    """A value of the member one character over its maxLength (an email still shaped as one)."""
    size: int = schema["maxLength"] + 1
    return "a" * (size - len("@mail.com")) + "@mail.com" if member == "email" else "x" * size


# The maximum lengths come from openapi.yaml's Address (tests/spec/test_spec.py holds them to
# FinerWorks' address model page): every member with one is refused one character over it.
_ADDRESS_SCHEMA = Spec().document["components"]["schemas"]["Address"]["properties"]
ADDRESS_REFUSALS = [
    # (case, change to ADDRESS, the ModelState key, text of its message)
    *(
        (f"too long {member}", {member: _too_long(member, schema)}, member, "is too long")
        for member, schema in _ADDRESS_SCHEMA.items()
        if "maxLength" in schema
    ),
    ("no last_name", {"last_name": None}, "last_name", "None is not of type 'string'"),
    ("empty address_1", {"address_1": ""}, "address_1", "should be non-empty"),
    ("U.S. without state_code", {"state_code": None}, "state_code", "state_code is required in the U.S."),
    ("U.S. state_code of 3 letters", {"state_code": "TEX"}, "state_code", "state_code is required in the U.S."),
    (
        "state_code outside the U.S.",
        {"country_code": "de", "state_code": "BY", "province": "Bayern"},
        "state_code",
        "Must be left blank when country_code does not equal 'us'.",
    ),
]


@pytest.mark.parametrize(
    ("change", "member", "fragment"),
    [case[1:] for case in ADDRESS_REFUSALS],
    ids=[case[0] for case in ADDRESS_REFUSALS],
)
def test_the_address_rules_of_finerworks_address_model_are_refused_naming_the_member(
    client: httpx.Client, app: MockApp, change: dict[str, Any], member: str, fragment: str
) -> None:
    before = app.store.order(12345)["customer"]
    response = client.put("/update_customer", json={"order_id": 12345, "customer_info": {**ADDRESS, **change}})
    assert response.status_code == 400
    model_state = response.json()["ModelState"]
    assert list(model_state) == [f"request.customer_info.{member}"]
    assert fragment in " ".join(model_state[f"request.customer_info.{member}"])
    assert app.store.order(12345)["customer"] == before


@pytest.mark.parametrize(
    "change",
    [
        {"first_name": "x" * 50, "address_1": "x" * 100, "zip_postal_code": "1234567890", "address_order_po": "P" * 50},
        {"country_code": "US", "state_code": "tx"},
        {"country_code": "de", "state_code": None, "province": "Bayern", "zip_postal_code": "80331"},
        {"country_code": "gb", "state_code": "", "province": None},  # blank, as FinerWorks asks outside the U.S.
    ],
    ids=["at every limit", "upper-case US", "German", "British, no province"],
)
def test_addresses_within_the_rules_are_accepted(client: httpx.Client, change: dict[str, Any]) -> None:
    response = client.put("/update_customer", json={"order_id": 12345, "customer_info": {**ADDRESS, **change}})
    assert response.status_code == 200, response.text


def test_fetch_order_status_accepts_account_key_and_refuses_an_order_po_over_50(client: httpx.Client) -> None:
    found = client.post("/fetch_order_status", json={"order_ids": [123456], "account_key": "another-account"})
    assert found.status_code == 200 and [order["order_id"] for order in found.json()["orders"]] == [123456]
    too_long = client.post("/fetch_order_status", json={"order_pos": ["P" * 51]})
    assert too_long.status_code == 400 and list(too_long.json()["ModelState"]) == ["request.order_pos[0]"]


def test_status_ids_are_finerworks_documented_ones_where_one_exists(client: httpx.Client, spec: Spec) -> None:
    documented = {
        int(status_id): label
        for status_id, label in spec.document["components"]["schemas"]["OrderStatus"]["properties"]["order_status_id"][
            "x-documented-values"
        ].items()
    }
    assert documented == {1: "Waiting Customer Response", 2: "Pending Payment", 3: "Order Received", 7: "Shipped"}
    fixtures = yaml.safe_load((ROOT / "mock" / "finerworks_mock" / "fixtures.yaml").read_text(encoding="utf-8"))
    used = [*fixtures["submission_statuses"].values(), *fixtures["production_statuses"]]
    for status in used:  # a documented id always carries its documented label
        assert documented.get(status["id"], status["label"]) == status["label"], status
    assert {status["id"] for status in used} & set(documented) == {3, 7}
    # A submitted order that is not in production reports 3, Order Received (was 1 "Pending").
    pending = client.post("/fetch_order_status", json={"order_ids": [2468]}).json()["orders"][0]
    assert (pending["order_status_id"], pending["order_status_label"]) == (3, "Order Received")
