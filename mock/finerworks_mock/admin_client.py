"""MockAdmin: the mock's admin API (admin.yaml) from Python, for an integration's tests.

admin = MockAdmin("http://127.0.0.1:8000")          # the mock's root or its /v3 base URL
admin.set_production_status(1234567)                 # into production (the next status)
admin.add_shipment(1234567, tracking_number="1Z999")
admin.add_fault("fetchOrderStatus", times=2, status=503, retry_after=2)
admin.requests()                                     # what the mock received
admin.wait_for_webhooks(1)                           # the order-status webhooks it sent
"""

from __future__ import annotations

import time
from typing import Any, TypedDict
from urllib.parse import urlsplit

import httpx

# The shapes of admin.yaml's schemas, member for member: tests/mock/test_admin.py holds each TypedDict
# to its schema (names, types, nullability), so a change to admin.yaml alone fails that test.


class StatusLabel(TypedDict):
    """A status as fetchOrderStatus reports it (components/schemas/StatusLabel)."""

    id: int
    label: str


class _StateOrderRequired(TypedDict):  # (typing.Required is not read from a string annotation)
    order_id: int
    order_po: str


class StateOrder(_StateOrderRequired, total=False):
    """An order as the mock keeps it (components/schemas/StateOrder)."""

    order_confirmation_id: int
    submission_status: str
    in_production: bool
    order_status_id: int | None
    order_status_label: str | None
    shipments: list[dict[str, Any]] | None
    customer: dict[str, Any] | None
    webhook_order_status_url: str | None


class _StateRequired(TypedDict):
    submission_statuses: dict[str, StatusLabel]
    orders: list[StateOrder] | None


class State(_StateRequired, total=False):
    """The whole state, also the format of a fixtures file (components/schemas/State)."""

    production_statuses: list[StatusLabel]
    pending_orders: list[int] | None


class FaultRule(TypedDict, total=False):
    """A fault rule in force (components/schemas/FaultRule)."""

    id: int
    operation_id: str | None
    times: int | None
    status: int | None
    retry_after: int | None
    delay: float
    close: bool


class RequestRecord(TypedDict):
    """A request the mock received (components/schemas/RequestRecord)."""

    at: str
    method: str
    path: str
    operation_id: str | None
    status: int
    fault: bool
    headers: dict[str, str]
    body: Any


class WebhookDelivery(TypedDict):
    """An order-status webhook call of the mock (components/schemas/WebhookDelivery)."""

    id: int
    at: str
    order_id: int
    event: str
    url: str
    status: str
    attempts: int
    response_status: int | None
    error: str | None
    body: Any


class MockAdminError(Exception):
    """The admin API refused a request: status and its message."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(f"{status}: {message}")
        self.status = status
        self.message = message


class MockAdmin:
    """The admin API of a running mock. `url`: its root or base URL; `token`: its admin token, if any."""

    def __init__(self, url: str, *, token: str | None = None, timeout: float = 10.0) -> None:
        parts = urlsplit(url)
        headers = {"authorization": f"Bearer {token}"} if token else {}
        self.http = httpx.Client(base_url=f"{parts.scheme}://{parts.netloc}/_mock", headers=headers, timeout=timeout)

    def __enter__(self) -> MockAdmin:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    def close(self) -> None:
        self.http.close()

    def _call(self, method: str, path: str, body: dict[str, Any] | None = None, **params: Any) -> Any:
        response = self.http.request(method, path, json=body, params=params or None)
        if response.status_code != 200:
            try:
                error = response.json()
                message = error.get("Message", "") + (f" {error['ModelState']}" if error.get("ModelState") else "")
            except ValueError:
                message = response.text
            raise MockAdminError(response.status_code, message)
        return response.json()

    # State -----------------------------------------------------------------------------------

    def state(self) -> State:
        """The whole state (orders, pending-storage ids, the statuses)."""
        result: State = self._call("GET", "/state")
        return result

    def order(self, order_id: int) -> StateOrder:
        """One order of the state (KeyError if there is none)."""
        for order in self.state().get("orders") or []:
            if order["order_id"] == order_id:
                return order
        raise KeyError(order_id)

    def reset(self, state: State | None = None) -> State:
        """Back to the fixtures, or to `state`; faults and the request log are cleared too."""
        result: State = self._call("POST", "/reset", {"state": state} if state is not None else {})
        return result

    def create_order(self, order_id: int, order_po: str, **fields: Any) -> StateOrder:
        """Add a submitted order (pending, not in production, unless `fields` say otherwise)."""
        result: StateOrder = self._call("POST", "/orders", {"order_id": order_id, "order_po": order_po, **fields})
        return result

    def set_production_status(self, order_id: int, order_status_id: int | None = None) -> StateOrder:
        """Put the order in production at order_status_id, or at the next production status."""
        body = {"order_id": order_id, "order_status_id": order_status_id}
        result: StateOrder = self._call("POST", "/production_status", body)
        return result

    def advance(self, order_id: int) -> StateOrder:
        """Move the order to its next production status (the first one, if it is not in production)."""
        return self.set_production_status(order_id)

    def add_shipment(self, order_id: int, **shipment: Any) -> StateOrder:
        """Add a shipment (fields of openapi.yaml's Shipment: tracking_number, shipment_date ...)."""
        result: StateOrder = self._call("POST", "/shipments", {"order_id": order_id, "shipment": shipment})
        return result

    # Inspection ------------------------------------------------------------------------------

    def requests(self, limit: int = 100) -> list[RequestRecord]:
        """The last `limit` requests to the FinerWorks API, oldest first, keys redacted."""
        result: list[RequestRecord] = self._call("GET", "/requests", limit=limit)["requests"]
        return result

    def webhook_deliveries(self, limit: int = 100) -> list[WebhookDelivery]:
        """The last `limit` order-status webhook calls of the mock, oldest first, URLs redacted."""
        result: list[WebhookDelivery] = self._call("GET", "/webhooks", limit=limit)["deliveries"]
        return result

    def wait_for_webhooks(self, count: int = 1, timeout: float = 5.0) -> list[WebhookDelivery]:
        """The deliveries, once at least `count` of them are no longer pending (TimeoutError after timeout s)."""
        deadline = time.monotonic() + timeout
        while True:
            deliveries = self.webhook_deliveries(1000)
            if sum(delivery["status"] != "pending" for delivery in deliveries) >= count:
                return deliveries
            if time.monotonic() > deadline:
                raise TimeoutError(f"fewer than {count} webhook deliveries finished within {timeout:g} s: {deliveries}")
            time.sleep(0.02)

    # Faults ----------------------------------------------------------------------------------

    def add_fault(
        self,
        operation_id: str | None = None,
        *,
        times: int | None = None,
        status: int | None = None,
        retry_after: int | None = None,
        delay: float = 0.0,
        close: bool = False,
    ) -> FaultRule:
        """Answer the next `times` calls (None: all) of operation_id (None: any) with a fault; the new rule."""
        body = {
            "operation_id": operation_id,
            "times": times,
            "status": status,
            "retry_after": retry_after,
            "delay": delay,
            "close": close,
        }
        rule: FaultRule = self._call("POST", "/faults", body)["faults"][-1]
        return rule

    def faults(self) -> list[FaultRule]:
        """The rules in force, in the order they are tried."""
        result: list[FaultRule] = self._call("GET", "/faults")["faults"]
        return result

    def clear_faults(self) -> None:
        """Remove every rule."""
        self._call("DELETE", "/faults")
