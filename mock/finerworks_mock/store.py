"""The mock's in-memory state: submitted orders and pending-storage ids, with FinerWorks' rules.

Every public method takes the store's lock for its whole read-modify-write, so concurrent requests
(from the event loop or from threads) never interleave half-done updates.
"""

from __future__ import annotations

import copy
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .spec import Spec

SUBMISSION_COMMANDS = ("pending", "hold", "cancel")


class Refused(Exception):
    """A well-formed request that FinerWorks refuses: carries the HTTP status and the reason."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


class FixtureError(ValueError):
    """The fixtures file is not usable; the message says where and why."""


@dataclass
class Order:
    order_id: int
    order_po: str
    order_confirmation_id: int
    submission_status: str
    in_production: bool
    order_status_id: int | None = None  # production status, read only while in_production
    order_status_label: str | None = None
    shipments: list[dict[str, Any]] = field(default_factory=list)
    customer: dict[str, Any] | None = None


class OrderStore:
    def __init__(self, fixtures: dict[str, Any], spec: Spec) -> None:
        self._lock = threading.Lock()
        self._spec = spec
        self._fixtures = copy.deepcopy(fixtures)
        self.reset()

    @classmethod
    def from_file(cls, path: Path, spec: Spec) -> OrderStore:
        try:
            data = yaml.safe_load(path.read_text(encoding="utf-8"))
        except (OSError, yaml.YAMLError) as error:
            raise FixtureError(f"cannot read fixtures {path}: {error}") from error
        if not isinstance(data, dict):
            raise FixtureError(f"fixtures {path}: expected a mapping with submission_statuses, orders, pending_orders")
        return cls(data, spec)

    def reset(self) -> None:
        """Restore the state the store was created with."""
        data = copy.deepcopy(self._fixtures)
        try:
            self._statuses = data["submission_statuses"]
            orders = [Order(**entry) for entry in data.get("orders") or []]
            pending = [int(i) for i in data.get("pending_orders") or []]
        except (KeyError, TypeError, ValueError) as error:
            raise FixtureError(f"fixtures: {error!r}") from error
        with self._lock:
            self._orders = {order.order_id: order for order in orders}
            self._pending = dict.fromkeys(pending)
        for order in orders:
            if order.submission_status not in SUBMISSION_COMMANDS:
                raise FixtureError(f"order {order.order_id}: submission_status must be one of {SUBMISSION_COMMANDS}")
            problems = self._spec.errors("OrderStatus", self._view(order))
            if order.customer is not None:
                problems += self._spec.errors("Address", order.customer)
            if problems:
                raise FixtureError(f"order {order.order_id} does not match openapi.yaml: {'; '.join(problems)}")

    # Operations --------------------------------------------------------------------------------

    def update_order(self, order_id: int, command: str) -> None:
        with self._lock:
            order = self._changeable(order_id)
            if order.submission_status == "cancel" and command != "cancel":
                raise Refused(
                    409,
                    f"Order {order_id} was cancelled; submit it again as a new order (its order_po can be reused).",
                )
            order.submission_status = command

    def fetch(self, order_ids: list[int] | None, order_pos: list[str] | None) -> list[dict[str, Any]]:
        with self._lock:
            wanted_ids = set(order_ids or ())
            wanted_pos = set(order_pos or ())
            return [
                self._view(order)
                for order in self._orders.values()
                if order.order_id in wanted_ids or order.order_po in wanted_pos
            ]

    def update_customer(self, order_id: int, customer: dict[str, Any] | None) -> None:
        with self._lock:
            order = self._changeable(order_id)
            order.customer = copy.deepcopy(customer)

    def delete_pending(self, ids: list[int]) -> int:
        with self._lock:
            removed = [i for i in dict.fromkeys(ids) if i in self._pending]
            for i in removed:
                del self._pending[i]
            return len(removed)

    def snapshot(self) -> dict[str, Any]:
        """The whole state, for inspection (GET /_mock/state) and tests."""
        with self._lock:
            return copy.deepcopy(
                {
                    "orders": {
                        str(order.order_id): {
                            **self._view(order),
                            "submission_status": order.submission_status,
                            "in_production": order.in_production,
                            "customer": order.customer,
                        }
                        for order in self._orders.values()
                    },
                    "pending_orders": list(self._pending),
                }
            )

    # Helpers -----------------------------------------------------------------------------------

    def _changeable(self, order_id: int) -> Order:
        order = self._orders.get(order_id)
        if order is None:
            raise Refused(404, f"Order {order_id} was not found.")
        if order.in_production:
            raise Refused(
                409,
                f"Order {order_id} is already in production and can no longer be changed through the API. "
                "Contact customer support.",
            )
        return order

    def _view(self, order: Order) -> dict[str, Any]:
        """The order as fetchOrderStatus returns it (an OrderStatus)."""
        if order.in_production:
            status_id, label = order.order_status_id, order.order_status_label
        else:
            status = self._statuses[order.submission_status]
            status_id, label = status["id"], status["label"]
        return {
            "order_confirmation_id": order.order_confirmation_id,
            "order_po": order.order_po,
            "order_id": order.order_id,
            "order_status_id": status_id,
            "order_status_label": label,
            "shipments": order.shipments,  # never changed after loading: views can share them
        }
