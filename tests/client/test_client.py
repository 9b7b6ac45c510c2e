"""Tests of the generated client: its models read and write every documented example, and its four
operations send exactly the documented request and return typed responses, sync and async."""

from __future__ import annotations

import datetime
import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from finerworks_client import Client, models
from finerworks_client.api.customers import update_customer
from finerworks_client.api.orders import fetch_order_status, update_order
from finerworks_client.api.pending_orders import delete_pending_orders
from finerworks_client.types import UNSET
from finerworks_mock.spec import Spec

from tests.spec.test_spec import media_examples
from tests.support import AUTH, Recorder

GENERATED = Path(__file__).resolve().parents[2] / "generated"
OPERATIONS: dict[str, ModuleType] = {
    "updateOrder": update_order,
    "fetchOrderStatus": fetch_order_status,
    "updateCustomer": update_customer,
    "deletePendingOrders": delete_pending_orders,
}


def comparable(value: Any) -> Any:
    """value with date-time strings parsed, so '...43.8471322-06:00' (100 ns ticks, as FinerWorks
    sends) equals the microsecond-precision '...43.847132-06:00' that Python writes back."""
    if isinstance(value, dict):
        return {key: comparable(item) for key, item in value.items()}
    if isinstance(value, list):
        return [comparable(item) for item in value]
    if isinstance(value, str) and len(value) >= 19 and value[10:11] == "T":
        try:
            return datetime.datetime.fromisoformat(value)  # the instant, whatever its spelling (Z, .12, 7 digits)
        except ValueError:
            return value
    return value


@pytest.mark.parametrize(("where", "schema_name", "value"), media_examples(Spec()), ids=lambda v: str(v)[:60])
def test_every_example_round_trips_through_its_model(where: str, schema_name: str, value: Any) -> None:
    model = getattr(models, schema_name)
    parsed = model.from_dict(value)
    assert comparable(parsed.to_dict()) == comparable(value)
    assert model.from_dict(parsed.to_dict()) == parsed


def test_seed_shipment_parses_to_typed_values() -> None:
    example = Spec().document["components"]["examples"]["FetchOrderStatusShippedResponse"]["value"]
    response = models.FetchOrderStatusResponse.from_dict(example)
    assert response.orders is not None and response.orders[0].shipments is not None
    shipment = response.orders[0].shipments[0]
    assert shipment.shipment_date == datetime.datetime(
        2025, 1, 14, 13, 40, 43, 847132, tzinfo=datetime.timezone(datetime.timedelta(hours=-6))
    )
    assert shipment.creation_date is None and shipment.carrier is None and shipment.history is None
    assert shipment.weight == 3.0 and shipment.tracking_number == "1HYZ1234567890"
    assert response.status.success is True and response.status.status_code == 200


def request_examples(spec: Spec) -> list[tuple[str, str, Any, str]]:
    """(operationId, request schema, its first named example, 200 response schema) of each operation."""
    cases: list[tuple[str, str, Any, str]] = []
    for where, schema_name, value in media_examples(spec):
        operation_id, kind, _ = where.split()
        if kind == "request" and operation_id not in [case[0] for case in cases]:
            ok = [name for place, name, _ in media_examples(spec) if place.startswith(f"{operation_id} 200 ")]
            cases.append((operation_id, schema_name, value, ok[0]))
    return cases


@pytest.mark.parametrize(("operation_id", "request_schema", "example", "response_schema"), request_examples(Spec()))
@pytest.mark.parametrize("mode", ["sync", "async"])
async def test_each_operation_sends_the_documented_request(
    recorded: tuple[str, Recorder],
    spec: Spec,
    operation_id: str,
    request_schema: str,
    example: dict[str, Any],
    response_schema: str,
    mode: str,
) -> None:
    base_url, recorder = recorded
    api = OPERATIONS[operation_id]
    body = getattr(models, request_schema).from_dict(example)
    client = Client(base_url=base_url, headers=AUTH, raise_on_unexpected_status=True)
    if mode == "sync":
        with client:
            response = api.sync_detailed(client=client, body=body)
    else:
        async with client:
            response = await api.asyncio_detailed(client=client, body=body)

    method, path = spec.operations()[operation_id]
    [received] = recorder.requests
    assert (received.method, received.path) == (method, spec.base_path + path)
    assert received.headers["web_api_key"] == AUTH["web_api_key"]
    assert received.headers["app_key"] == AUTH["app_key"]
    assert received.headers["content-type"] == "application/json"
    assert json.loads(received.body) == example
    assert response.status_code == 200, response.content
    assert isinstance(response.parsed, getattr(models, response_schema))
    envelope = getattr(response.parsed, "status", response.parsed)
    assert envelope.success is True and envelope.status_code == 200


def test_fetch_returns_typed_orders_and_shipments(recorded: tuple[str, Recorder]) -> None:
    base_url, _ = recorded
    with Client(base_url=base_url, headers=AUTH) as client:
        result = fetch_order_status.sync(client=client, body=models.FetchOrderStatusRequest(order_pos=["PO_0001"]))
    assert isinstance(result, models.FetchOrderStatusResponse)
    assert result.orders is not None
    [order] = result.orders
    assert (order.order_id, order.order_status_id, order.order_status_label) == (123456, 7, "Shipped")
    assert order.shipments is not None
    assert order.shipments[0].tracking_url == "https://shippingservice.com/?tracking=1HYZ1234567890"
    assert isinstance(order.shipments[0].delivery_date, datetime.datetime)


def test_refusals_are_typed_too(recorded: tuple[str, Recorder]) -> None:
    base_url, _ = recorded
    with Client(base_url=base_url, headers=AUTH) as client:
        in_production = update_order.sync_detailed(
            client=client, body=models.UpdateOrderRequest(order_id=123456, update_command=models.UpdateCommand.HOLD)
        )
        unauthenticated = update_order.sync_detailed(
            client=client.with_headers({"app_key": "wrong"}),
            body=models.UpdateOrderRequest(order_id=1234567, update_command=models.UpdateCommand.HOLD),
        )
    assert in_production.status_code == 409
    assert isinstance(in_production.parsed, models.ResponseStatus) and in_production.parsed.success is False
    # FinerWorks refuses wrong keys with 400 and its authorization_credentials ModelState.
    assert unauthenticated.status_code == 400
    assert isinstance(unauthenticated.parsed, models.ApiError)
    assert unauthenticated.parsed.message == "The request is invalid."
    assert isinstance(unauthenticated.parsed.model_state, models.ApiErrorModelState)
    assert unauthenticated.parsed.model_state.additional_properties == {
        "ApiC.Models.authorization_credentials": ["Missing or unauthorized api credentials"]
    }


def test_generated_package_builds_a_typed_wheel(tmp_path: Path) -> None:
    """generated/ is a pip-installable project: its wheel carries the package and py.typed."""
    venv_bin = Path(sys.executable).parent  # where the uv-build backend's binary is
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q", "-w", tmp_path, GENERATED],
        check=True,
        env={**os.environ, "PATH": f"{venv_bin}{os.pathsep}{os.environ.get('PATH', '')}"},
    )
    [wheel] = tmp_path.glob("finerworks_client-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    assert "finerworks_client/py.typed" in names
    assert "finerworks_client/api/orders/fetch_order_status.py" in names


def test_unknown_members_are_kept_in_additional_properties() -> None:
    """Members FinerWorks adds later survive a round trip; documented ones are never duplicated."""
    names = models.Shipment.from_dict.__globals__["_PROPERTY_NAMES"]
    blank: dict[str, Any] = dict.fromkeys(names)  # every member, null
    shipment = {**blank, "tracking_number": "1Z", "signed_by": "Bob", "stops": [1, 2]}
    parsed = models.Shipment.from_dict(shipment)
    assert parsed.additional_properties == {"signed_by": "Bob", "stops": [1, 2]}
    assert parsed["signed_by"] == "Bob" and parsed.to_dict() == shipment
    plain = models.Shipment.from_dict({**blank, "tracking_number": "1Z"})
    assert plain.additional_properties == {}
    plain["note"] = "mutable, and not shared with other instances"
    assert "note" in plain and "signed_by" not in plain and plain.to_dict()["note"] == plain["note"]
    assert models.Shipment.from_dict({**blank, "tracking_number": "2Z"}).additional_properties == {}
    # Extras take part in ==: an empty dict (made on first use) equals none at all; others differ.
    touched = models.Shipment(**{**blank, "tracking_number": "1Z"})
    assert touched.additional_properties == {}
    assert touched == models.Shipment.from_dict({**blank, "tracking_number": "1Z"}) != plain
    state = models.ApiError.from_dict({"Message": "bad", "ModelState": {"request.x": ["y"]}, "Extra": 1})
    assert isinstance(state.model_state, models.ApiErrorModelState) and state.model_state["request.x"] == ["y"]
    assert state.additional_properties == {"Extra": 1}


def test_a_member_left_out_prints_as_unset() -> None:
    """A model prints readably: a member left out is UNSET, not `<...types.Unset object at 0x...>`."""
    from finerworks_client.models import ResponseStatus

    printed = repr(ResponseStatus(success=True, status_code=200, message="", debug=None))
    assert "reference_id=UNSET" in printed and " object at 0x" not in printed
    assert repr(UNSET) == str(UNSET) == "UNSET" and not UNSET
