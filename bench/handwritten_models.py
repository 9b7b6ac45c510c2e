"""pydantic v2 models of fetchOrderStatus' response as a user writes them by hand: the same shape as
the generated models (the same members, types and nullability; extra members kept), with pydantic's
defaults otherwise. The parse peer of make bench next to datamodel-code-generator's models."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import BaseModel, ConfigDict


class Open(BaseModel):
    model_config = ConfigDict(extra="allow")  # FinerWorks adds members: kept, as the generated models keep them


class Status(Open):
    success: bool
    status_code: int
    message: str | None
    debug: Any
    reference_id: str | None = None


class Shipment(Open):
    creation_date: datetime | None
    shipment_date: datetime | None
    eta_date: datetime | None
    delivery_date: datetime | None
    weight: float | None
    width: float | None
    height: float | None
    depth: float | None
    tracking_number: str | None
    tracking_url: str | None
    carrier: str | None
    history: list[dict[str, Any]] | None


class Order(Open):
    order_confirmation_id: int
    order_po: str | None
    order_id: int
    order_status_id: int
    order_status_label: str | None
    shipments: list[Shipment] | None


class FetchOrderStatusResponse(Open):
    status: Status
    orders: list[Order]
