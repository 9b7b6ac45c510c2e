"""An integration's life against the mock, through the generated client: stateful and concurrent."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor

import httpx
import pytest
from finerworks_client import Client
from finerworks_client.api.customers import update_customer
from finerworks_client.api.orders import fetch_order_status, update_order
from finerworks_client.api.pending_orders import delete_pending_orders
from finerworks_client.models import (
    Address,
    DeletePendingOrdersRequest,
    DeletePendingOrdersResponse,
    FetchOrderStatusRequest,
    FetchOrderStatusResponse,
    ResponseStatus,
    UpdateCommand,
    UpdateCustomerRequest,
    UpdateOrderRequest,
)
from finerworks_mock import MockAdmin
from finerworks_mock.app import MockApp

from .support import AUTH, serve


@pytest.fixture
def base(app: MockApp) -> Iterator[tuple[str, MockApp]]:
    with serve(app) as root:
        yield root, app


def label_of(client: Client, order_id: int) -> str:
    result = fetch_order_status.sync(client=client, body=FetchOrderStatusRequest(order_ids=[order_id]))
    assert isinstance(result, FetchOrderStatusResponse) and result.orders is not None
    label = result.orders[0].order_status_label
    assert label is not None
    return label


def command(client: Client, order_id: int, update: UpdateCommand) -> int:
    return update_order.sync_detailed(
        client=client, body=UpdateOrderRequest(order_id=order_id, update_command=update)
    ).status_code


def test_submission_status_lifecycle(base: tuple[str, MockApp]) -> None:
    root, _ = base
    with Client(base_url=root + "/v3", headers=AUTH) as client:
        assert label_of(client, 2468) == "Order Received"
        assert command(client, 2468, UpdateCommand.HOLD) == 200
        assert label_of(client, 2468) == "On Hold"
        assert command(client, 2468, UpdateCommand.PENDING) == 200
        assert label_of(client, 2468) == "Order Received"
        assert command(client, 2468, UpdateCommand.CANCEL) == 200
        assert label_of(client, 2468) == "Cancelled"
        # Cancelled is final: the order_po is resubmitted as a new order instead.
        assert command(client, 2468, UpdateCommand.PENDING) == 409
        assert command(client, 2468, UpdateCommand.CANCEL) == 200
        assert label_of(client, 2468) == "Cancelled"
        # Production and shipping are FinerWorks' side: the API refuses, the status stays.
        assert command(client, 123456, UpdateCommand.CANCEL) == 409
        assert label_of(client, 123456) == "Shipped"
        assert command(client, 31337, UpdateCommand.HOLD) == 404


def test_address_change_is_stored(base: tuple[str, MockApp]) -> None:
    root, _ = base
    address = Address(
        first_name="Bob",
        last_name="Ross",
        address_1="742 Evergreen Terrace",
        zip_postal_code="88888",
        country_code="us",
        state_code="AK",
        city="Mountain Scene",
        address_2=None,
    )
    with Client(base_url=root + "/v3", headers=AUTH) as client:
        result = update_customer.sync(client=client, body=UpdateCustomerRequest(order_id=12345, customer_info=address))
        state = MockAdmin(root).order(12345)
    assert isinstance(result, ResponseStatus) and result.success is True
    assert state["customer"] == address.to_dict()


def test_delete_pending_twice(base: tuple[str, MockApp]) -> None:
    root, app = base
    body = DeletePendingOrdersRequest(ids=[1, 2], account_key="sample string 1")
    with Client(base_url=root + "/v3", headers=AUTH) as client:
        first = delete_pending_orders.sync(client=client, body=body)
        second = delete_pending_orders.sync(client=client, body=body)
    assert isinstance(first, DeletePendingOrdersResponse) and isinstance(second, DeletePendingOrdersResponse)
    assert first.status.message == "Removed 2 pending order(s)."
    assert second.status.success is True and second.status.message == "Removed 0 pending order(s)."
    assert app.store.snapshot()["pending_orders"] == [3, 4, 5]


def test_fetch_by_id_and_by_po_agree(base: tuple[str, MockApp]) -> None:
    root, _ = base
    with Client(base_url=root + "/v3", headers=AUTH) as client:
        by_id = fetch_order_status.sync(client=client, body=FetchOrderStatusRequest(order_ids=[123456]))
        by_po = fetch_order_status.sync(client=client, body=FetchOrderStatusRequest(order_pos=["PO_0001"]))
    assert isinstance(by_id, FetchOrderStatusResponse) and isinstance(by_po, FetchOrderStatusResponse)
    assert by_id.orders is not None
    assert by_id.orders == by_po.orders and len(by_id.orders) == 1


async def test_parallel_updates_from_the_async_client_lose_nothing(base: tuple[str, MockApp]) -> None:
    """200 concurrent requests: every address write lands whole, every pending id is removed once."""
    root, app = base
    addresses = [
        Address(
            first_name=f"Customer {n}",
            last_name="Doe",
            address_1=f"{n} Main Street",
            zip_postal_code=f"{10000 + n}",
            country_code="us",
            state_code="NY",
            city=f"City {n}",
        )
        for n in range(100)
    ]
    limits = httpx.Limits(max_connections=50)
    async with Client(base_url=root + "/v3", headers=AUTH, httpx_args={"limits": limits}) as client:
        writes = [
            update_customer.asyncio_detailed(client=client, body=UpdateCustomerRequest(order_id=12345, customer_info=a))
            for a in addresses
        ]
        deletes = [
            delete_pending_orders.asyncio(
                client=client, body=DeletePendingOrdersRequest(ids=[n % 5 + 1, (n + 1) % 5 + 1])
            )
            for n in range(100)
        ]
        written, deleted = await asyncio.gather(asyncio.gather(*writes), asyncio.gather(*deletes))
    assert all(response.status_code == 200 for response in written)
    references = {response.parsed.reference_id for response in written if isinstance(response.parsed, ResponseStatus)}
    assert len(references) == 100
    removed = [int(str(r.status.message).split()[1]) for r in deleted if isinstance(r, DeletePendingOrdersResponse)]
    assert len(removed) == 100 and sum(removed) == 5  # ids 1..5, each removed exactly once
    final = app.store.snapshot()
    assert final["pending_orders"] == []
    assert app.store.order(12345)["customer"] in [a.to_dict() for a in addresses]


def test_store_is_thread_safe(app: MockApp) -> None:
    """The store's lock holds when it is used from many threads at once (no event loop involved)."""
    store = app.store
    with ThreadPoolExecutor(max_workers=16) as pool:
        removed = list(pool.map(lambda n: store.delete_pending([n % 5 + 1, (n + 3) % 5 + 1]), range(400)))
        list(pool.map(lambda n: store.update_order(2468, ["hold", "pending"][n % 2]), range(400)))
    assert sum(removed) == 5
    assert store.order(2468)["submission_status"] in {"hold", "pending"}


def test_the_mock_serves_an_order_without_shipments_and_a_parcel_in_transit(base: tuple[str, MockApp]) -> None:
    """The null cases of openapi.yaml's policy reach the client as None, through a real server."""
    root, _ = base
    with Client(base_url=root + "/v3", headers=AUTH) as client:
        result = fetch_order_status.sync(client=client, body=FetchOrderStatusRequest(order_pos=["PO_0002", "PO_0004"]))
    assert isinstance(result, FetchOrderStatusResponse) and result.orders is not None
    in_production, in_transit = sorted(result.orders, key=lambda order: order.order_id)
    assert (in_production.order_id, in_production.order_status_label, in_production.shipments) == (
        123457,
        "In Production",
        None,
    )
    assert in_transit.order_id == 123458 and in_transit.shipments is not None
    parcel = in_transit.shipments[0]
    assert parcel.delivery_date is None and parcel.weight is None and parcel.shipment_date is not None


def test_text_json_is_accepted_like_application_json(base: tuple[str, MockApp]) -> None:
    root, _ = base
    body = b'{"order_pos": ["PO_0001"]}'
    answers = [
        httpx.post(root + "/v3/fetch_order_status", content=body, headers={**AUTH, "content-type": media_type})
        for media_type in ("application/json", "text/json", "text/json; charset=utf-8")
    ]
    assert [answer.status_code for answer in answers] == [200, 200, 200]
    assert answers[0].json() == answers[1].json() == answers[2].json()
    refused = httpx.post(root + "/v3/fetch_order_status", content=b"{}", headers={**AUTH, "content-type": "text/json"})
    assert refused.status_code == 400
    assert "at least one of order_ids and order_pos" in refused.json()["ModelState"]["request.order_pos"][0]
