"""Reading FinerWorks' order-status webhook: the call described by `webhooks: orderStatus` of openapi.yaml.

    from finerworks_client.webhooks import parse_order_status

    for order in parse_order_status(request_body):       # bytes, str, or already-decoded JSON
        print(order.order_id, order.order_status_id, order.order_status_label)

FinerWorks POSTs an order's status to the `webhook_order_status_url` the order was submitted with,
"in the format of the fetch_order_status response (orders)". The exact top level is not
documented, so every shape of the spec's OrderStatusNotification is read, each giving a list of
the generated OrderStatus model:

- one order (an OrderStatus object),
- a list of orders (the value of `orders`),
- an object with `orders` (OrderStatusEnvelope: the fetchOrderStatus body, `status` optional;
  `orders: null` is no orders).

Each order is read by the generated models' from_dict, so the rules (required members, nulls,
dates, unknown members kept in additional_properties) are openapi.yaml's, as for a response.
Anything else raises UnexpectedResponseError, whose `path` names the member that does not fit
(`orders[2].order_id`; `[0]` for the first item of a list body; "" for the body as a whole).

(Hand-written: generator/package/webhooks.py, linked into the package by `make generate`.)
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from .errors import UnexpectedResponseError
from .models import OrderStatus, OrderStatusEnvelope

# A status call for one order is about 1 KiB; a list of a thousand shipped orders about 1 MiB.
MAX_BODY_BYTES = 4 * 1024 * 1024

__all__ = ["MAX_BODY_BYTES", "parse_order_status"]


def parse_order_status(
    body: bytes | bytearray | memoryview | str | Any, *, max_bytes: int = MAX_BODY_BYTES
) -> list[OrderStatus]:
    """The orders of an orderStatus webhook body, as OrderStatus models, in the order they came.

    Args:
        body: The request body as received (bytes or str, UTF-8 JSON), or the JSON value a web
            framework already decoded from it (a dict or a list).
        max_bytes: A larger raw body is refused before it is decoded (default MAX_BODY_BYTES),
            so a hostile sender cannot make the receiver decode gigabytes.

    Raises:
        UnexpectedResponseError: the body is too large, not UTF-8 JSON, or not one of the
            documented shapes; `path` says where.
    """
    value = _decode(body, max_bytes) if isinstance(body, bytes | bytearray | memoryview | str) else body
    if isinstance(value, list):
        return [_order(item, index) for index, item in enumerate(value)]
    if isinstance(value, Mapping):
        if "orders" in value:
            orders = value["orders"]
            if orders is not None and not isinstance(orders, list):  # the model would iterate a dict's keys
                raise UnexpectedResponseError(f"expected a list of orders, got {_kind(orders)}", path="orders")
            return OrderStatusEnvelope.from_dict(value).orders or []  # null: no orders, as fetchOrderStatus
        return [OrderStatus.from_dict(value)]
    raise UnexpectedResponseError(
        f"expected an order, a list of orders or an object with `orders`, got {_kind(value)}", path=""
    )


def _decode(body: bytes | bytearray | memoryview | str, max_bytes: int) -> Any:
    """The JSON value of a raw body: RFC 8259 JSON in UTF-8, no NaN or Infinity, at most max_bytes."""
    size = len(body) if not isinstance(body, memoryview) else body.nbytes
    if size > max_bytes:  # a str of more characters than max_bytes has more bytes too
        raise UnexpectedResponseError(f"the body is larger than {max_bytes} bytes", path="")
    try:
        text = body if isinstance(body, str) else bytes(body).decode("utf-8")
        if len(text.encode("utf-8", "surrogatepass")) > max_bytes:
            raise UnexpectedResponseError(f"the body is larger than {max_bytes} bytes", path="")
        return json.loads(text, parse_constant=_no_constant)
    except UnicodeDecodeError as error:
        raise UnexpectedResponseError(f"the body is not UTF-8 (byte {error.start})", path="") from None
    except (ValueError, RecursionError) as error:  # JSONDecodeError is a ValueError; nesting too deep
        raise UnexpectedResponseError(f"the body is not JSON: {error}", path="") from None


def _no_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a JSON value")


def _order(item: Any, index: int) -> OrderStatus:
    """Item `index` of a list body, with its index put in front of the error's path."""
    try:
        return OrderStatus.from_dict(item)
    except UnexpectedResponseError as error:  # its path starts with a member's name, or is "" (the item itself)
        error.path = f"[{index}]" + (f".{error.path}" if error.path else "")
        raise


def _kind(value: Any) -> str:
    if value is None:
        return "null"
    text = repr(value)
    return f"{type(value).__name__} {text if len(text) <= 40 else text[:37] + '...'}"
