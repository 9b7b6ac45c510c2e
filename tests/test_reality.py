"""What the real FinerWorks server may send, and what the client makes of it.

The other tests are derived from openapi.yaml, so they cannot find where openapi.yaml is wrong.
These responses come from asking what a real ASP.NET server could hold, and from openapi.yaml's
presence/null policy (its info.description, "Presence and null"), not from the sample bodies:

- derived from the policy: every nullable member of every documented 200 body set to null, one at
  a time, and a member FinerWorks might add later at every level of every body;
- written by hand: a parcel in transit, an order in production without shipments, unknown status
  ids and labels, the date forms ASP.NET writes, a `debug` of any shape, empty and missing
  optional parts, and bodies that do not fit at all.

Each body is served through an in-memory transport to FinerWorksClient and to the plain generated
Client. It must parse with its values kept, or raise the documented error (UnexpectedResponseError,
naming the member's path and carrying the raw response): never a raw TypeError, ValueError or
KeyError from the model code.
"""

from __future__ import annotations

import copy
import datetime
import json
from collections.abc import Callable, Iterator
from typing import Any

import httpx
import pytest
from finerworks_client import Client, FinerWorksClient
from finerworks_client.api.customers import update_customer
from finerworks_client.api.orders import fetch_order_status, update_order
from finerworks_client.api.pending_orders import delete_pending_orders
from finerworks_client.errors import FinerWorksError, UnexpectedResponseError
from finerworks_client.models import (
    DeletePendingOrdersRequest,
    FetchOrderStatusRequest,
    UpdateCommand,
    UpdateCustomerRequest,
    UpdateOrderRequest,
)
from finerworks_mock.spec import Spec

from tests.spec.test_spec import NEVER_NULL  # the policy's never-null members, written once

BASE_URL = "http://finerworks.test/v3"

# The documented shipped order, as openapi.yaml's example of fetchOrderStatus has it: the hand-written
# bodies below are variations of it, so that a member openapi.yaml adds, renames or removes changes
# them too. (The mock's Spec.complete writes, as null, a required nullable member the example leaves out.)
_SPEC = Spec()
_DOCUMENTED = _SPEC.complete(
    "FetchOrderStatusResponse", _SPEC.document["components"]["examples"]["FetchOrderStatusShippedResponse"]["value"]
)
ORDER: dict[str, Any] = _DOCUMENTED["orders"][0]
SHIPMENT: dict[str, Any] = ORDER["shipments"][0]
STATUS: dict[str, Any] = {"success": True, "status_code": 200, "message": "", "debug": None}
# A member every shipment must carry (it is required): left out, the body does not fit.
REQUIRED_SHIPMENT_MEMBER = _SPEC.document["components"]["schemas"]["Shipment"]["required"][-1]

# operationId -> a call of the generated module with a valid request, given a client.
CALLS: dict[str, Callable[[Client], Any]] = {
    "fetchOrderStatus": lambda client: fetch_order_status.sync(
        client=client, body=FetchOrderStatusRequest(order_ids=[123456])
    ),
    "updateOrder": lambda client: update_order.sync(
        client=client, body=UpdateOrderRequest(order_id=1234567, update_command=UpdateCommand.HOLD)
    ),
    "updateCustomer": lambda client: update_customer.sync(client=client, body=UpdateCustomerRequest(order_id=12345)),
    "deletePendingOrders": lambda client: delete_pending_orders.sync(
        client=client, body=DeletePendingOrdersRequest(ids=[1, 2])
    ),
}


def fetch(*orders: object, **status: Any) -> dict[str, Any]:
    """A fetchOrderStatus body; an order may be anything, to build the malformed ones."""
    return {"status": {**STATUS, **status}, "orders": list(orders)}


def order(**members: Any) -> dict[str, Any]:
    return {**ORDER, **members}


def shipment(**members: Any) -> dict[str, Any]:
    return {**SHIPMENT, **members}


def clients(body: bytes, content_type: str = "application/json", status: int = 200) -> Iterator[Client]:
    """FinerWorksClient and the plain generated Client, both answered `body` by an in-memory server."""

    def answer(request: httpx.Request) -> httpx.Response:
        return httpx.Response(status, content=body, headers={"content-type": content_type})

    transport = httpx.MockTransport(answer)
    yield FinerWorksClient(
        web_api_key="k", app_key="k", base_url=BASE_URL, max_retries=0, httpx_args={"transport": transport}
    )
    yield Client(base_url=BASE_URL, headers={"web_api_key": "k", "app_key": "k"}, httpx_args={"transport": transport})


def call(operation_id: str, body: Any) -> list[Any]:
    """What each client makes of the body: the parsed model, or the FinerWorksError it raised."""
    outcomes = []
    for client in clients(json.dumps(body).encode()):
        try:
            outcomes.append(CALLS[operation_id](client))
        except FinerWorksError as error:
            outcomes.append(error)
        # Anything else escapes and fails the test: that is what these tests are for.
    return outcomes


def at(value: Any, path: tuple[str | int, ...]) -> Any:
    """The attribute (or item) of a parsed model at a JSON path."""
    for step in path:
        value = value[step] if isinstance(step, int) else getattr(value, step)
    return value


# Derived from the policy --------------------------------------------------------------------------


def documented_success_bodies() -> list[tuple[str, str, Any]]:
    """(operationId, example name, body) for every named example of every 200 response, plus ours."""
    spec = Spec()
    found = []
    for operation_id, (method, path) in spec.operations().items():
        media = spec.resolve(spec.document["paths"][path][method.lower()]["responses"]["200"])["content"]
        for name, example in media["application/json"].get("examples", {}).items():
            found.append((operation_id, name, spec.resolve(example)["value"]))
    found.append(("fetchOrderStatus", "ours", fetch(order(), order(order_id=7, shipments=[shipment(), shipment()]))))
    return found


def objects(body: Any, path: tuple[str | int, ...] = ()) -> Iterator[tuple[tuple[str | int, ...], dict[str, Any]]]:
    """(path, object) for every JSON object in body, except the free-form `debug` and `history`."""
    if isinstance(body, dict):
        yield path, body
        for key, value in body.items():
            if key not in ("debug", "history"):
                yield from objects(value, (*path, key))
    elif isinstance(body, list):
        for index, item in enumerate(body):
            yield from objects(item, (*path, index))


def nulled_variants() -> Iterator[Any]:
    for operation_id, name, body in documented_success_bodies():
        for path, obj in objects(body):
            for member, value in obj.items():
                if member not in NEVER_NULL and value is not None:
                    variant = copy.deepcopy(body)
                    at_dict(variant, path)[member] = None
                    yield pytest.param(
                        operation_id, variant, (*path, member), id=f"{name}:{'.'.join(map(str, (*path, member)))}"
                    )


def extended_variants() -> Iterator[Any]:
    for operation_id, name, body in documented_success_bodies():
        for path, _ in objects(body):
            variant = copy.deepcopy(body)
            at_dict(variant, path)["added_later"] = {"kind": "new", "values": [1, None]}
            yield pytest.param(operation_id, variant, path, id=f"{name}:{'.'.join(map(str, path)) or '(root)'}")


def at_dict(body: Any, path: tuple[str | int, ...]) -> dict[str, Any]:
    for step in path:
        body = body[step]
    assert isinstance(body, dict)
    return body


@pytest.mark.parametrize(("operation_id", "body", "path"), list(nulled_variants()))
def test_every_nullable_member_may_be_null(operation_id: str, body: Any, path: tuple[str | int, ...]) -> None:
    for parsed in call(operation_id, body):
        assert not isinstance(parsed, Exception), parsed
        assert at(parsed, path) is None


@pytest.mark.parametrize(("operation_id", "body", "path"), list(extended_variants()))
def test_members_added_later_are_kept(operation_id: str, body: Any, path: tuple[str | int, ...]) -> None:
    for parsed in call(operation_id, body):
        assert not isinstance(parsed, Exception), parsed
        assert at(parsed, path)["added_later"] == {"kind": "new", "values": [1, None]}


# Written by hand: plausible bodies that must parse, with the value they must give -------------------

UTC = datetime.UTC
CST = datetime.timezone(datetime.timedelta(hours=-6))
PLAUSIBLE: list[tuple[str, str, Any, tuple[str | int, ...], Any]] = [
    # (case, operationId, body, path of a value, the value expected there)
    (
        "parcel in transit",
        "fetchOrderStatus",
        fetch(order(shipments=[shipment(delivery_date=None)])),
        ("orders", 0, "shipments", 0, "delivery_date"),
        None,
    ),
    (
        "in production, shipments null",
        "fetchOrderStatus",
        fetch(order(order_status_id=5, shipments=None)),
        ("orders", 0, "shipments"),
        None,
    ),
    ("in production, no shipments", "fetchOrderStatus", fetch(order(shipments=[])), ("orders", 0, "shipments"), []),
    ("unknown status id", "fetchOrderStatus", fetch(order(order_status_id=42)), ("orders", 0, "order_status_id"), 42),
    (
        "unknown status label",
        "fetchOrderStatus",
        fetch(order(order_status_label="Awaiting Reprint")),
        ("orders", 0, "order_status_label"),
        "Awaiting Reprint",
    ),
    ("no order found", "fetchOrderStatus", fetch(), ("orders",), []),
    (
        "ASP.NET default date",
        "fetchOrderStatus",
        fetch(order(shipments=[shipment(creation_date="0001-01-01T00:00:00")])),
        ("orders", 0, "shipments", 0, "creation_date"),
        datetime.datetime(1, 1, 1),
    ),
    (
        "Z offset",
        "fetchOrderStatus",
        fetch(order(shipments=[shipment(shipment_date="2025-01-14T19:40:43Z")])),
        ("orders", 0, "shipments", 0, "shipment_date"),
        datetime.datetime(2025, 1, 14, 19, 40, 43, tzinfo=UTC),
    ),
    (
        "no fractional seconds",
        "fetchOrderStatus",
        fetch(order(shipments=[shipment(eta_date="2025-01-16T12:00:00-06:00")])),
        ("orders", 0, "shipments", 0, "eta_date"),
        datetime.datetime(2025, 1, 16, 12, tzinfo=CST),
    ),
    (
        "seven fractional digits",
        "fetchOrderStatus",
        fetch(order()),
        ("orders", 0, "shipments", 0, "delivery_date"),
        datetime.datetime(2025, 1, 16, 15, 43, 43, 847132, tzinfo=CST),
    ),
    (
        "whole-number weight",
        "fetchOrderStatus",
        fetch(order(shipments=[shipment(weight=3)])),
        ("orders", 0, "shipments", 0, "weight"),
        3,
    ),
    (
        "tracking history",
        "fetchOrderStatus",
        fetch(order(shipments=[shipment(history=[{"date": "2025-01-15T08:00:00Z", "event": "Out for delivery"}])])),
        ("orders", 0, "shipments", 0, "history", 0, "additional_properties"),
        {"date": "2025-01-15T08:00:00Z", "event": "Out for delivery"},
    ),
    (
        "empty tracking url",
        "fetchOrderStatus",
        fetch(order(shipments=[shipment(tracking_url="")])),
        ("orders", 0, "shipments", 0, "tracking_url"),
        "",
    ),
    ("debug object", "updateOrder", {**STATUS, "debug": {"trace": "abc"}}, ("debug",), {"trace": "abc"}),
    ("debug text", "updateOrder", {**STATUS, "debug": "stack trace"}, ("debug",), "stack trace"),
    ("debug list", "deletePendingOrders", {"status": {**STATUS, "debug": [1, 2]}}, ("status", "debug"), [1, 2]),
    ("message null", "updateOrder", {**STATUS, "message": None}, ("message",), None),
    ("reference_id null", "updateCustomer", {**STATUS, "reference_id": None}, ("reference_id",), None),
    ("reference_id", "updateCustomer", {**STATUS, "reference_id": "292a"}, ("reference_id",), "292a"),
    (
        "deleted with a reference",
        "deletePendingOrders",
        {"status": {**STATUS, "reference_id": "r1"}},
        ("status", "reference_id"),
        "r1",
    ),
    # Issue 19: what integrations have seen the live server send.
    ("orders null in test mode", "fetchOrderStatus", {"status": STATUS, "orders": None}, ("orders",), None),
    (
        # cmd-not-found/finerworks: a cancel answered success true with status_code 400. status_code
        # is FinerWorks' own code: a 200 with success true is a success, whatever it says.
        "success with status_code 400",
        "updateOrder",
        {
            "success": True,
            "status_code": 400,
            "message": "Your order status has been changed to cancel.",
            "debug": None,
        },
        ("status_code",),
        400,
    ),
    (
        "status_code 100",
        "deletePendingOrders",
        {"status": {**STATUS, "status_code": 100}},
        ("status", "status_code"),
        100,
    ),
    ("envelope domain", "updateCustomer", {**STATUS, "domain": "finerworks.com"}, ("domain",), "finerworks.com"),
    ("order_source", "fetchOrderStatus", fetch(order(order_source="api")), ("orders", 0, "order_source"), "api"),
    ("processing", "fetchOrderStatus", fetch(order(processing=True)), ("orders", 0, "processing"), True),
    (
        "shipment service",
        "fetchOrderStatus",
        fetch(order(shipments=[shipment(service="Ground")])),
        ("orders", 0, "shipments", 0, "service"),
        "Ground",
    ),
    (
        "documented status id 3",
        "fetchOrderStatus",
        fetch(order(order_status_id=3, order_status_label="Order Received")),
        ("orders", 0, "order_status_id"),
        3,
    ),
]


@pytest.mark.parametrize(
    ("operation_id", "body", "path", "expected"),
    [pytest.param(*case[1:], id=case[0]) for case in PLAUSIBLE],
)
def test_plausible_bodies_parse_and_keep_their_values(
    operation_id: str, body: Any, path: tuple[str | int, ...], expected: Any
) -> None:
    for parsed in call(operation_id, body):
        assert not isinstance(parsed, Exception), parsed
        value = at(parsed, path)
        assert value == expected
        if isinstance(expected, datetime.datetime):
            assert value.utcoffset() == expected.utcoffset()


# Bodies that do not fit: the documented error, naming the member ----------------------------------

NOT_FITTING: list[tuple[str, str, Any, str]] = [
    # (case, operationId, body, the path UnexpectedResponseError names)
    (
        "date as a number",
        "fetchOrderStatus",
        fetch(order(shipments=[shipment(delivery_date=5)])),
        "orders[0].shipments[0].delivery_date",
    ),
    (
        "date that is not a date",
        "fetchOrderStatus",
        fetch(order(), order(shipments=[shipment(eta_date="soon")])),
        "orders[1].shipments[0].eta_date",
    ),
    (
        "weight as text",
        "fetchOrderStatus",
        fetch(order(shipments=[shipment(), shipment(weight="heavy")])),
        "orders[0].shipments[1].weight",
    ),
    ("id as text", "fetchOrderStatus", fetch(order(order_id="123456")), "orders[0].order_id"),
    (
        "id missing",
        "fetchOrderStatus",
        fetch({k: v for k, v in ORDER.items() if k != "order_id"}),
        "orders[0].order_id",
    ),
    (
        "shipment member missing",
        "fetchOrderStatus",
        fetch(order(shipments=[{k: v for k, v in SHIPMENT.items() if k != REQUIRED_SHIPMENT_MEMBER}])),
        f"orders[0].shipments[0].{REQUIRED_SHIPMENT_MEMBER}",
    ),
    ("status missing", "fetchOrderStatus", {"orders": []}, "status"),
    ("an order that is not an object", "fetchOrderStatus", fetch(order(), "PO_0001"), "orders[1]"),
    ("shipments as an object", "fetchOrderStatus", fetch(order(shipments={"0": SHIPMENT})), "orders[0].shipments"),
    ("success as text", "updateOrder", {**STATUS, "success": "true"}, "success"),
    ("status_code missing", "updateCustomer", {k: v for k, v in STATUS.items() if k != "status_code"}, "status_code"),
    ("message as a number", "deletePendingOrders", {"status": {**STATUS, "message": 2}}, "status.message"),
    ("body as a list", "updateOrder", [STATUS], ""),
]


@pytest.mark.parametrize(
    ("operation_id", "body", "path"),
    [pytest.param(*case[1:], id=case[0]) for case in NOT_FITTING],
)
def test_bodies_that_do_not_fit_raise_unexpected_response_error_naming_the_member(
    operation_id: str, body: Any, path: str
) -> None:
    for outcome in call(operation_id, body):
        assert isinstance(outcome, UnexpectedResponseError), outcome
        assert outcome.path == path
        assert outcome.response is not None and outcome.response.status_code == 200
        assert outcome.status_code == 200
        assert (f" at {path}:" in str(outcome)) is bool(path)


@pytest.mark.parametrize(
    ("content", "content_type"),
    [
        (b"<html><body>Service Unavailable</body></html>", "text/html"),
        (b'{"status": {"success": true', "application/json"),
        (b"", "application/json"),
        (b"null", "application/json"),
        (b"\xff\xfe", "application/json"),
    ],
    ids=["html", "truncated", "empty", "null", "not utf-8"],
)
@pytest.mark.parametrize("operation_id", sorted(CALLS))
def test_bodies_that_are_not_the_documented_json_raise_unexpected_response_error(
    operation_id: str, content: bytes, content_type: str
) -> None:
    for client in clients(content, content_type):
        with pytest.raises(UnexpectedResponseError) as raised:
            CALLS[operation_id](client)
        assert raised.value.response is not None and raised.value.response.content == content
