"""openapi.yaml's `webhooks: orderStatus`: FinerWorks' status callback, built from OrderStatus (no copy),
with its evidence, read by every consumer that reads the document."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from finerworks_client import models
from finerworks_mock.spec import Spec

ROOT = Path(__file__).resolve().parents[2]
ORDER_STATUS = "#/components/schemas/OrderStatus"
ORDER_DETAILS_PAGE = "https://api.finerworks.com/Help/ResourceModel?modelName=order_details"
KINDS = {"documented", "observed", "inferred"}


def operation(spec: Spec) -> dict[str, Any]:
    post: dict[str, Any] = spec.document["webhooks"]["orderStatus"]["post"]
    return post


def examples(spec: Spec) -> dict[str, Any]:
    media = operation(spec)["requestBody"]["content"]["application/json"]
    return {name: spec.resolve(example)["value"] for name, example in media["examples"].items()}


def test_the_webhook_is_a_post_of_an_order_status_notification(spec: Spec) -> None:
    assert list(spec.document["webhooks"]) == ["orderStatus"]
    assert list(spec.document["webhooks"]["orderStatus"]) == ["post"]
    post = operation(spec)
    assert post["operationId"] == "receiveOrderStatus"
    # A tag of its own: the reference shows it as a group, and openapi-generator, which writes a
    # class per tag for webhooks too, would otherwise write a second OrdersApi over the first.
    assert post["tags"] == ["webhooks"]
    assert "webhooks" in {tag["name"] for tag in spec.document["tags"]}
    assert post["security"] == []  # FinerWorks sends no keys to the receiver
    body = post["requestBody"]
    assert body["required"] is True
    assert list(body["content"]) == ["application/json"]
    assert body["content"]["application/json"]["schema"] == {"$ref": "#/components/schemas/OrderStatusNotification"}
    # What a receiver answers: 2xx on success, and the refusals it may send.
    assert set(post["responses"]) == {"200", "400", "401"}
    assert "hmac.compare_digest" in post["description"]
    # The webhook is not an operation of the client or the mock: paths keep the four.
    assert len(spec.operations()) == 4


def test_every_shape_is_built_from_order_status_by_reference(spec: Spec) -> None:
    """One order, a list of orders, or the fetchOrderStatus envelope: each refers to OrderStatus, none copies it."""
    schemas = spec.document["components"]["schemas"]
    one, many, envelope = schemas["OrderStatusNotification"]["anyOf"]
    assert one == {"$ref": ORDER_STATUS}
    assert many["type"] == "array" and many["items"] == {"$ref": ORDER_STATUS}
    assert envelope == {"$ref": "#/components/schemas/OrderStatusEnvelope"}
    wrapper = schemas["OrderStatusEnvelope"]
    assert wrapper["required"] == ["orders"]  # `status` may be left out
    assert wrapper["properties"]["orders"]["items"] == {"$ref": ORDER_STATUS}
    assert wrapper["properties"]["status"] == {"$ref": "#/components/schemas/ResponseStatus"}
    # The same members as fetchOrderStatus' body: a change to one shows in both.
    assert set(wrapper["properties"]) == set(schemas["FetchOrderStatusResponse"]["properties"])


def test_the_examples_are_each_shape_and_validate(spec: Spec) -> None:
    found = examples(spec)
    assert set(found) == {"oneOrder", "orderList", "envelope"}
    validator = spec.validator("OrderStatusNotification")
    for name, value in found.items():
        assert list(validator.iter_errors(value)) == [], name
    assert isinstance(found["oneOrder"], dict) and "order_id" in found["oneOrder"]
    assert isinstance(found["orderList"], list)
    assert set(found["envelope"]) == {"status", "orders"}


@pytest.mark.parametrize(
    "body",
    [None, "Shipped", 7, {"order_id": 1}, [{"order_id": 1}], {"orders": "x"}, {"orders": [1]}, [[]]],
    ids=repr,
)
def test_the_schema_refuses_what_is_no_shape(spec: Spec, body: Any) -> None:
    assert not spec.validator("OrderStatusNotification").is_valid(body)


def test_the_webhook_and_its_schemas_state_their_evidence(spec: Spec) -> None:
    schemas = spec.document["components"]["schemas"]
    for where, node in {
        "webhook": operation(spec),
        "OrderStatusNotification": schemas["OrderStatusNotification"],
        "OrderStatusEnvelope": schemas["OrderStatusEnvelope"],
    }.items():
        evidence = node["x-evidence"]
        assert evidence["kind"] in KINDS, where
        assert evidence["reasoning"].strip(), where
        assert ORDER_DETAILS_PAGE in evidence["pages"], where
    assert operation(spec)["x-evidence"]["kind"] == "documented"  # the page documents the call
    assert schemas["OrderStatusNotification"]["x-evidence"]["kind"] == "inferred"  # not its top level
    for observation in operation(spec)["x-evidence"]["observations"]:
        assert set(observation) == {"repo", "path", "what"}


def test_openapi_core_reads_the_document_with_its_webhook(spec: Spec) -> None:
    from openapi_core import OpenAPI

    OpenAPI.from_dict(spec.document)  # validates the whole document, webhooks included


def test_the_generators_read_it(spec: Spec) -> None:
    """openapi-typescript types the webhook; openapi-python-client models the envelope and, as it
    documents, skips webhooks (the client's reader is finerworks_client.webhooks)."""
    typescript = (ROOT / "generated" / "typescript" / "finerworks.ts").read_text(encoding="utf-8")
    assert "export interface webhooks {\n    orderStatus: {" in typescript
    assert 'post: operations["receiveOrderStatus"];' in typescript
    union = ['components["schemas"]["OrderStatus"]', 'components["schemas"]["OrderStatus"][]']
    union.append('components["schemas"]["OrderStatusEnvelope"]')
    assert f"OrderStatusNotification: {' | '.join(union)};" in typescript
    orders = models.OrderStatusEnvelope.from_dict(examples(spec)["envelope"]).orders
    assert orders is not None and orders[0].order_id == 1234567
