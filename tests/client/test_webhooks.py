"""finerworks_client.webhooks.parse_order_status: every shape of the orderStatus webhook in, OrderStatus
models out; anything else an UnexpectedResponseError that says where; bounded for any body."""

from __future__ import annotations

import copy
import json
from typing import Any

import pytest
from finerworks_client import UnexpectedResponseError, webhooks
from finerworks_client.models import OrderStatus
from finerworks_client.webhooks import MAX_BODY_BYTES, parse_order_status
from finerworks_mock.spec import Spec

from tests.spec.test_webhooks import examples

SHIPPED: dict[str, Any] = {
    "order_confirmation_id": 411111111,
    "order_po": "PO_0001",
    "order_id": 123456,
    "order_status_id": 7,
    "order_status_label": "Shipped",
    "shipments": [
        {
            "creation_date": None,
            "shipment_date": "2025-01-14T13:40:43.8471322-06:00",
            "eta_date": None,
            "delivery_date": "2025-01-16T15:43:43.8471322-06:00",
            "weight": 3.0,
            "width": 24.0,
            "height": 18.0,
            "depth": 5.0,
            "tracking_number": "1HYZ1234567890",
            "tracking_url": "https://shippingservice.com/?tracking=1HYZ1234567890",
            "carrier": None,
            "history": None,
        }
    ],
}
PENDING: dict[str, Any] = {**SHIPPED, "order_id": 1234567, "order_status_id": 1, "order_status_label": "Pending"}
PENDING["shipments"] = None
STATUS = {"success": True, "status_code": 200, "message": "", "debug": None}


def shapes(*orders: dict[str, Any]) -> dict[str, Any]:
    """Each shape the spec's OrderStatusNotification allows, for these orders."""
    found: dict[str, Any] = {"list": list(orders), "envelope": {"orders": list(orders)}}
    found["envelope with status"] = {"status": STATUS, "orders": list(orders)}
    if len(orders) == 1:
        found["one order"] = orders[0]
    return found


@pytest.mark.parametrize("name", ["one order", "list", "envelope", "envelope with status"])
@pytest.mark.parametrize(
    "encode", [bytes, str, bytearray, memoryview, None], ids=lambda e: getattr(e, "__name__", "decoded")
)
def test_every_shape_and_form_of_body_gives_the_orders(name: str, encode: Any, spec: Spec) -> None:
    body = shapes(SHIPPED)[name]
    assert spec.validator("OrderStatusNotification").is_valid(body)  # a shape of the spec
    raw = json.dumps(body)
    given = body if encode is None else raw if encode is str else encode(raw.encode())
    (order,) = parse_order_status(given)
    assert isinstance(order, OrderStatus)
    assert order.to_dict() == OrderStatus.from_dict(SHIPPED).to_dict()
    assert order.shipments and order.shipments[0].tracking_number == "1HYZ1234567890"


@pytest.mark.parametrize("name", ["list", "envelope", "envelope with status"])
def test_several_orders_keep_their_order(name: str) -> None:
    orders = parse_order_status(json.dumps(shapes(SHIPPED, PENDING, SHIPPED)[name]))
    assert [order.order_id for order in orders] == [123456, 1234567, 123456]
    assert orders[1].shipments is None


def test_empty_lists_are_no_orders() -> None:
    assert parse_order_status(b"[]") == []
    assert parse_order_status({"orders": []}) == []
    assert parse_order_status({"status": STATUS, "orders": None}) == []  # as fetchOrderStatus may send


def test_the_spec_examples_parse(spec: Spec) -> None:
    for name, body in examples(spec).items():
        assert parse_order_status(json.dumps(body).encode()), name


def test_members_finerworks_adds_are_kept() -> None:
    (order,) = parse_order_status({**SHIPPED, "order_source": "api", "added_later": 1})
    assert order.order_source == "api"  # seen by integrations: a typed, optional member (issue 19)
    assert order.additional_properties == {"added_later": 1}
    (order,) = parse_order_status({"orders": [SHIPPED], "domain": "shop.example"})  # envelope extras too
    assert order.order_id == 123456


def test_the_decoded_body_is_not_changed() -> None:
    body = {"status": STATUS, "orders": [copy.deepcopy(SHIPPED)]}
    before = copy.deepcopy(body)
    parse_order_status(body)
    assert body == before


def printable(value: Any) -> str | None:
    """A test id of a body's first 40 characters, bytes past printable ASCII as "?": pytest escapes
    them in ids, and cannot then find the test by that id (as mutmut asks it to)."""
    if not isinstance(value, str | bytes):
        return None
    text = value[:40].decode("latin-1") if isinstance(value, bytes) else value[:40]
    return "".join(character if " " <= character <= "~" else "?" for character in text)


def without(member: str, order: dict[str, Any] = SHIPPED) -> dict[str, Any]:
    return {key: value for key, value in order.items() if key != member}


@pytest.mark.parametrize(
    ("body", "path", "fragment"),
    [
        (b"", "", "not JSON"),
        (b"<html><body>Bad gateway</body></html>", "", "not JSON"),
        (b'{"orders": [', "", "not JSON"),
        (b"\xff\xfe{}", "", "not UTF-8"),
        (b"NaN", "", "NaN is not a JSON value"),
        (b'{"order_id": Infinity}', "", "Infinity is not a JSON value"),
        (b"null", "", "got null"),
        (b'"Shipped"', "", "got str"),
        (b"7", "", "got int"),
        (True, "", "got bool"),
        (b"{}", "order_confirmation_id", "missing"),
        (json.dumps(without("order_id")), "order_id", "missing"),
        (json.dumps({**SHIPPED, "order_id": "123456"}), "order_id", "'123456'"),
        (json.dumps({**SHIPPED, "order_status_id": None}), "order_status_id", "null"),
        (json.dumps([SHIPPED, 5]), "[1]", "expected a JSON object, got 5"),
        (json.dumps([SHIPPED, without("shipments")]), "[1].shipments", "missing"),
        (json.dumps([[SHIPPED]]), "[0]", "expected a JSON object"),
        (json.dumps({"orders": SHIPPED}), "orders", "expected a list of orders, got dict"),
        (
            json.dumps({"orders": [SHIPPED, {**SHIPPED, "shipments": [{"weight": "heavy"}]}]}),
            "orders[1].shipments[0].creation_date",
            "missing",
        ),
        (json.dumps({"status": {"success": "yes"}, "orders": [SHIPPED]}), "status.success", "'yes'"),
    ],
    ids=printable,
)
def test_anything_else_says_where_it_does_not_fit(body: Any, path: str, fragment: str) -> None:
    with pytest.raises(UnexpectedResponseError) as caught:
        parse_order_status(body)
    assert caught.value.path == path
    assert fragment in str(caught.value)


def test_a_body_over_the_limit_is_refused_before_it_is_decoded(monkeypatch: pytest.MonkeyPatch) -> None:
    big = json.dumps([SHIPPED] * (MAX_BODY_BYTES // len(json.dumps(SHIPPED)) + 10)).encode()
    assert len(big) > MAX_BODY_BYTES
    with monkeypatch.context() as patched:
        patched.setattr(json, "loads", pytest.fail)  # nothing may be parsed
        for body in (big, big.decode(), bytearray(big), memoryview(big)):
            with pytest.raises(UnexpectedResponseError, match=f"larger than {MAX_BODY_BYTES} bytes") as caught:
                parse_order_status(body)
            assert caught.value.path == ""
    assert len(parse_order_status(big, max_bytes=len(big))) > 1000  # a larger limit when asked


def test_the_limit_counts_bytes_not_characters() -> None:
    order = json.dumps({**SHIPPED, "order_po": "€" * 400}, ensure_ascii=False)  # 3 bytes each in UTF-8
    assert len(order) <= 1100 < len(order.encode())
    with pytest.raises(UnexpectedResponseError) as caught:
        parse_order_status(order, max_bytes=1100)
    assert (caught.value.message, caught.value.path) == ("the body is larger than 1100 bytes", "")
    assert parse_order_status(order.encode(), max_bytes=len(order.encode()))[0].order_po == "€" * 400
    # a memoryview of 4-byte items (a quarter as many items as bytes), refused before it is decoded
    items = memoryview(b"\xff" * 4000).cast("I")
    with pytest.raises(UnexpectedResponseError) as caught:
        parse_order_status(items, max_bytes=3999)
    assert caught.value.message == "the body is larger than 3999 bytes"
    body = json.dumps(SHIPPED).encode()
    body += b" " * (-len(body) % 4)
    assert parse_order_status(memoryview(body).cast("I"), max_bytes=len(body))[0].order_id == SHIPPED["order_id"]


def test_deep_nesting_is_an_error_not_a_crash() -> None:
    for body in (b"[" * 100_000 + b"]" * 100_000, b'{"a":' * 50_000 + b"1" + b"}" * 50_000):
        with pytest.raises(UnexpectedResponseError) as caught:
            parse_order_status(body)
        assert caught.value.path == ""


def test_the_module_exports_only_the_reader() -> None:
    assert webhooks.__all__ == ["MAX_BODY_BYTES", "parse_order_status"]
    import finerworks_client

    assert finerworks_client.webhooks.parse_order_status is parse_order_status


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (7, "expected an order, a list of orders or an object with `orders`, got int 7"),
        (None, "expected an order, a list of orders or an object with `orders`, got null"),
        (b'"Shipped"', "expected an order, a list of orders or an object with `orders`, got str 'Shipped'"),
        ({"orders": 0}, "expected a list of orders, got int 0"),
        ({"orders": "x" * 38}, f"expected a list of orders, got str '{'x' * 38}'"),  # 40 characters: whole
        ({"orders": "x" * 39}, f"expected a list of orders, got str '{'x' * 36}..."),  # 41: cut to 40
        ({"orders": SHIPPED}, f"expected a list of orders, got dict {repr(SHIPPED)[:37]}..."),
    ],
    ids=["int", "null", "str", "orders int", "orders 40", "orders 41", "orders dict"],
)
def test_a_body_of_another_shape_is_described_by_its_type_and_start(body: Any, message: str) -> None:
    with pytest.raises(UnexpectedResponseError) as caught:
        parse_order_status(body)
    assert caught.value.message == message
    assert caught.value.path == ("orders" if isinstance(body, dict) else "")
