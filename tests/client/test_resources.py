"""The resource surface generated from openapi.yaml (client.<tag>.<method>(...)), sync and async,
against the mock: the documented request goes out, exactly the 200 model comes back, errors are
raised, the raw response is reachable, and the per-call options apply."""

from __future__ import annotations

import inspect
import json
import re
from typing import Any

import attrs
import httpx
import pytest
from finerworks_client import (
    AsyncFinerWorksClient,
    ConflictError,
    FinerWorksClient,
    FinerWorksError,
    NotFoundError,
    RawResponse,
    RetryPolicy,
    ServerError,
    api,
    models,
)
from finerworks_client.api.customers import update_customer
from finerworks_client.api.orders import fetch_order_status, update_order
from finerworks_client.api.pending_orders import delete_pending_orders
from finerworks_mock.spec import Spec

from tests.client.test_client import request_examples
from tests.support import AUTH, CLOSED, CREDENTIALS, NOWHERE, Recorder

# A complete address of FinerWorks' address model.
ADDRESS = models.Address(
    first_name="B", last_name="R", address_1="1 Main St", state_code="AK", zip_postal_code="88888", country_code="us"
)


def method_name(operation_id: str, tag: str) -> str:
    """The README's rule: the operationId in snake_case without the tag's noun, plural or singular."""
    words = re.sub(r"(?<!^)(?=[A-Z])", "_", operation_id).lower()
    for noun in (tag, tag.removesuffix("s")):
        short = f"_{words}_".replace(f"_{noun}_", "_", 1).strip("_")
        if short != words:
            return short or words
    return words


def resource_method(client: FinerWorksClient | AsyncFinerWorksClient, spec: Spec, operation_id: str) -> Any:
    method, path = spec.operations()[operation_id]
    [tag] = spec.document["paths"][path][method.lower()]["tags"]
    return getattr(getattr(client, tag), method_name(operation_id, tag))


def test_the_documented_names() -> None:
    client = FinerWorksClient(base_url=CLOSED, **CREDENTIALS)
    assert client.orders.update.__doc__ and "PUT /update_order" in client.orders.update.__doc__
    assert "POST /fetch_order_status" in (client.orders.fetch_status.__doc__ or "")
    assert "PUT /update_customer" in (client.customers.update.__doc__ or "")
    assert "POST /delete_pending_orders" in (client.pending_orders.delete.__doc__ or "")


def test_every_operation_of_the_spec_is_a_method_sync_and_async(spec: Spec) -> None:
    sync = FinerWorksClient(base_url=CLOSED, **CREDENTIALS)
    asynchronous = AsyncFinerWorksClient(base_url=CLOSED, **CREDENTIALS)
    for operation_id, (method, path) in spec.operations().items():
        for client in (sync, asynchronous):
            found = resource_method(client, spec, operation_id)
            assert f"{method.upper()} {path}" in (found.__doc__ or "")
            assert inspect.iscoroutinefunction(found) is (client is asynchronous)


def body_kwargs(request_schema: str, example: dict[str, Any]) -> dict[str, Any]:
    """The example request as the resource method's keyword arguments (nested objects as models)."""
    body = getattr(models, request_schema).from_dict(example)
    return {field.name: getattr(body, field.name) for field in attrs.fields(type(body)) if field.init}


@pytest.mark.parametrize("case", request_examples(Spec()), ids=lambda case: case[0])
@pytest.mark.parametrize("mode", ["sync", "async"])
async def test_each_method_sends_the_documented_request_and_returns_the_200_model(
    recorded: tuple[str, Recorder], spec: Spec, case: tuple[str, str, dict[str, Any], str], mode: str
) -> None:
    """(The resources' twin of test_client's test of the operation modules.)"""
    operation_id, request_schema, example, response_schema = case
    base_url, recorder = recorded
    kwargs = body_kwargs(request_schema, example)
    if mode == "sync":
        with FinerWorksClient(base_url=base_url, **CREDENTIALS) as client:
            result = resource_method(client, spec, operation_id)(**kwargs)
    else:
        async with AsyncFinerWorksClient(base_url=base_url, **CREDENTIALS) as aclient:
            result = await resource_method(aclient, spec, operation_id)(**kwargs)
    method, path = spec.operations()[operation_id]
    [received] = recorder.requests
    assert (received.method, received.path) == (method, spec.base_path + path)
    assert received.headers["content-type"] == "application/json"
    assert json.loads(received.body) == example
    assert type(result) is getattr(models, response_schema)


def test_an_enum_takes_its_string_value_or_the_enum(recorded: tuple[str, Recorder]) -> None:
    base_url, recorder = recorded
    with FinerWorksClient(base_url=base_url, **CREDENTIALS) as client:
        client.orders.update(order_id=1234567, update_command="hold")
        client.orders.update(order_id=1234567, update_command=models.UpdateCommand.PENDING)
        with pytest.raises(ValueError, match="'hodl' is not a valid UpdateCommand"):
            client.orders.update(order_id=1234567, update_command="hodl")  # type: ignore[arg-type]
    assert [json.loads(r.body)["update_command"] for r in recorder.requests] == ["hold", "pending"]


@pytest.mark.parametrize("mode", ["sync", "async"])
async def test_errors_are_raised_typed(recorded: tuple[str, Recorder], mode: str) -> None:
    base_url, _ = recorded
    if mode == "sync":
        with FinerWorksClient(base_url=base_url, **CREDENTIALS) as client:
            with pytest.raises(ConflictError, match="in production"):
                client.orders.update(order_id=123456, update_command="hold")
            with pytest.raises(NotFoundError) as raised:
                client.customers.update(order_id=999999, customer_info=ADDRESS)
    else:
        async with AsyncFinerWorksClient(base_url=base_url, **CREDENTIALS) as aclient:
            with pytest.raises(ConflictError, match="in production"):
                await aclient.orders.update(order_id=123456, update_command="hold")
            with pytest.raises(NotFoundError) as raised:
                await aclient.customers.update(order_id=999999, customer_info=ADDRESS)
    assert raised.value.response is not None and raised.value.response.status_code == 404


@pytest.mark.parametrize("mode", ["sync", "async"])
async def test_with_raw_response_gives_the_httpx_response_and_the_model(
    recorded: tuple[str, Recorder], mode: str
) -> None:
    base_url, _ = recorded
    if mode == "sync":
        with FinerWorksClient(base_url=base_url, **CREDENTIALS) as client:
            raw = client.orders.with_raw_response.fetch_status(order_pos=["PO_0001"])
    else:
        async with AsyncFinerWorksClient(base_url=base_url, **CREDENTIALS) as aclient:
            raw = await aclient.orders.with_raw_response.fetch_status(order_pos=["PO_0001"])
    assert isinstance(raw, RawResponse) and isinstance(raw.http_response, httpx.Response)
    assert raw.status_code == 200 and raw.headers["content-type"].startswith("application/json")
    assert raw.http_response.request.url.path.endswith("/fetch_order_status")
    assert isinstance(raw.parsed, models.FetchOrderStatusResponse) and raw.parse() is raw.parsed
    assert raw.parsed.orders is not None and raw.parsed.orders[0].order_id == 123456


def scripted(*responses: httpx.Response) -> tuple[dict[str, Any], list[httpx.Request], list[float]]:
    """Client settings whose transport plays responses (the last repeats), and what it saw and waited."""
    requests: list[httpx.Request] = []
    waits: list[float] = []

    def handle(request: httpx.Request) -> httpx.Response:
        requests.append(request)
        return responses[min(len(requests), len(responses)) - 1]

    settings = {
        **CREDENTIALS,
        "base_url": NOWHERE,
        "retry_policy": RetryPolicy(sleep=waits.append, jitter=lambda: 1.0),
        "httpx_args": {"transport": httpx.MockTransport(handle)},
    }
    return settings, requests, waits


OK = httpx.Response(
    200, json={"status": {"success": True, "status_code": 200, "message": "", "debug": None}, "orders": []}
)


def test_per_call_options_timeout_retries_deadline_and_headers() -> None:
    settings, requests, waits = scripted(httpx.Response(503, json={}))
    with FinerWorksClient(**settings) as client:
        with pytest.raises(ServerError):
            client.orders.fetch_status(order_ids=[1], max_retries=0)
        assert len(requests) == 1
        with pytest.raises(ServerError):
            client.orders.fetch_status(order_ids=[1], max_retries=3)
        assert len(requests) == 5 and waits == [0.5, 1.0, 2.0]
        with pytest.raises(ServerError):  # a wait that would end after the deadline is not made
            client.orders.fetch_status(order_ids=[1], deadline=0.7)
        assert len(requests) == 7 and waits == [0.5, 1.0, 2.0, 0.5]
    settings, requests, _ = scripted(OK)
    with FinerWorksClient(**settings) as client:
        client.orders.fetch_status(order_ids=[1], timeout=7, extra_headers={"X-Request-Id": "abc"})
        client.orders.fetch_status(order_ids=[1])
    first, second = requests
    assert first.extensions["timeout"]["read"] == 7 and second.extensions["timeout"]["read"] == 30
    assert first.headers["x-request-id"] == "abc" and "x-request-id" not in second.headers
    assert first.headers["web_api_key"] == AUTH["web_api_key"]


def test_a_status_the_operation_does_not_document_is_never_returned() -> None:
    settings, _, _ = scripted(httpx.Response(201, json={"status": {"success": True}, "orders": []}))
    with FinerWorksClient(**settings) as client, pytest.raises(FinerWorksError) as raised:
        client.orders.fetch_status(order_ids=[1])
    assert raised.value.status_code == 201


def test_the_operation_modules_docstrings_say_what_finerworks_client_raises() -> None:
    for module in (update_order, fetch_order_status, update_customer, delete_pending_orders):
        for function in (module.sync, module.sync_detailed, module.asyncio, module.asyncio_detailed):
            assert "errors.FinerWorksError: With FinerWorksClient" in (function.__doc__ or "")
    assert api.__doc__ and "client.orders.update" in api.__doc__
