"""FinerWorksClient under injected faults, sync and async: the right outcome after the right number of
attempts, with the right waits (recorded, never slept), and the keys never leaked."""

from __future__ import annotations

import json
import logging
import socket
import threading
from collections.abc import Callable, Iterator
from typing import Any

import httpx
import pytest
from finerworks_client import (
    ENVIRONMENTS,
    APIConnectionError,
    APITimeoutError,
    AuthenticationError,
    ConfigurationError,
    FinerWorksClient,
    FinerWorksError,
    OperationFailedError,
    RateLimitError,
    RetryPolicy,
    ServerError,
    UnexpectedResponseError,
    ValidationError,
    __version__,
)
from finerworks_client.api.orders import fetch_order_status
from finerworks_client.models import ApiError, FetchOrderStatusRequest, FetchOrderStatusResponse

WEB, APP = "web-SECRET-4711", "app-SECRET-0815"
OK = {"status": {"success": True, "status_code": 200, "message": "", "debug": None}, "orders": []}
BODY = FetchOrderStatusRequest(order_ids=[123456])

Outcome = Callable[[httpx.Request], httpx.Response]


def reply(status: int, body: Any = OK, **headers: str) -> Outcome:
    content = body if isinstance(body, bytes) else json.dumps(body).encode()
    kind = "text/html" if content.startswith(b"<") else "application/json"
    return lambda request: httpx.Response(status, content=content, headers={"content-type": kind, **headers})


def fail(error: type[httpx.TransportError]) -> Outcome:
    def raise_(request: httpx.Request) -> httpx.Response:
        raise error("injected", request=request)

    return raise_


class Script:
    """An httpx transport that plays outcomes in order (the last one repeats) and counts attempts."""

    def __init__(self, *outcomes: Outcome) -> None:
        self.outcomes = outcomes
        self.requests: list[httpx.Request] = []
        self.transport = httpx.MockTransport(self.handle)

    def handle(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        return self.outcomes[min(len(self.requests), len(self.outcomes)) - 1](request)


class Waits(list[float]):
    """Records the waits of a RetryPolicy instead of sleeping."""

    def sleep(self, seconds: float) -> None:
        self.append(seconds)

    async def async_sleep(self, seconds: float) -> None:
        self.append(seconds)


def make_client(script: Script, waits: Waits, **options: Any) -> FinerWorksClient:
    policy = RetryPolicy(sleep=waits.sleep, async_sleep=waits.async_sleep, jitter=lambda: 1.0)
    return FinerWorksClient(
        web_api_key=WEB,
        app_key=APP,
        base_url="https://finerworks.invalid/v3",
        retry_policy=policy,
        httpx_args={"transport": script.transport},
        **options,
    )


async def call(client: FinerWorksClient, mode: str) -> Any:
    if mode == "sync":
        with client:
            return fetch_order_status.sync(client=client, body=BODY)
    async with client:
        return await fetch_order_status.asyncio(client=client, body=BODY)


MODES = pytest.mark.parametrize("mode", ["sync", "async"])

FAULTS = [
    # (case, outcomes, expected error (None: success), attempts, waits)
    ("500 is not retried", [reply(500, {"Message": "boom"})], ServerError, 1, []),
    ("502 until retries run out", [reply(502, b"<html>Bad Gateway</html>")], ServerError, 3, [0.5, 1.0]),
    ("503 then success", [reply(503, {}), reply(200)], None, 2, [0.5]),
    ("504 twice then success", [reply(504, {}), reply(504, {}), reply(200)], None, 3, [0.5, 1.0]),
    ("429 with Retry-After", [reply(429, {}, **{"Retry-After": "7"}), reply(200)], None, 2, [7.0]),
    ("429 asking too long", [reply(429, {}, **{"Retry-After": "3600"})], RateLimitError, 1, []),
    ("malformed JSON", [reply(200, b'{"status": ')], UnexpectedResponseError, 1, []),
    ("HTML error page", [reply(503, b"<html><h1>Service Unavailable</h1></html>")], ServerError, 3, [0.5, 1.0]),
    ("read timeout", [fail(httpx.ReadTimeout)], APITimeoutError, 3, [0.5, 1.0]),
    ("connect timeout then success", [fail(httpx.ConnectTimeout), reply(200)], None, 2, [0.5]),
    ("dropped connection then success", [fail(httpx.RemoteProtocolError), reply(200)], None, 2, [0.5]),
    ("connection refused", [fail(httpx.ConnectError)], APIConnectionError, 3, [0.5, 1.0]),
    (
        "200 with success false",
        [reply(200, {"status": {"success": False, "message": "no"}})],
        OperationFailedError,
        1,
        [],
    ),
    (
        "400 with ModelState",
        [reply(400, {"Message": "bad", "ModelState": {"request.x": ["y"]}})],
        ValidationError,
        1,
        [],
    ),
    ("401", [reply(401, {"Message": "Authorization has been denied"})], AuthenticationError, 1, []),
]


@MODES
@pytest.mark.parametrize(
    ("outcomes", "expected", "attempts", "waited"),
    [case[1:] for case in FAULTS],
    ids=[case[0] for case in FAULTS],
)
async def test_fault(
    mode: str,
    outcomes: list[Outcome],
    expected: type[FinerWorksError] | None,
    attempts: int,
    waited: list[float],
) -> None:
    script, waits = Script(*outcomes), Waits()
    client = make_client(script, waits)
    if expected is None:
        assert isinstance(await call(client, mode), FetchOrderStatusResponse)
    else:
        with pytest.raises(expected) as raised:
            await call(client, mode)
        error = raised.value
        assert WEB not in str(error) and APP not in str(error) and WEB not in repr(error)
        if isinstance(error, APIConnectionError):
            assert error.response is None and error.__cause__ is not None
        else:
            assert error.response is not None and error.status_code == error.response.status_code
    assert len(script.requests) == attempts
    assert waits == waited


@MODES
async def test_max_retries_zero_disables_retries(mode: str) -> None:
    script, waits = Script(reply(503, {})), Waits()
    with pytest.raises(ServerError):
        await call(make_client(script, waits, max_retries=0), mode)
    assert len(script.requests) == 1 and waits == []


@MODES
async def test_errors_carry_what_finerworks_said(mode: str) -> None:
    refusal = {"success": False, "status_code": 409, "message": "in production", "reference_id": "abc123"}
    script = Script(reply(409, refusal))
    with pytest.raises(FinerWorksError) as raised:
        await call(make_client(script, Waits()), mode)
    assert (raised.value.status_code, raised.value.message, raised.value.reference_id) == (
        409,
        "in production",
        "abc123",
    )
    assert raised.value.body == refusal
    assert str(raised.value) == "HTTP 409: in production (reference_id abc123)"


@MODES
async def test_validation_error_names_the_fields(mode: str) -> None:
    script = Script(
        reply(400, {"Message": "The request is invalid.", "ModelState": {"request.order_id": ["too small"]}})
    )
    with pytest.raises(ValidationError) as raised:
        await call(make_client(script, Waits()), mode)
    assert raised.value.field_errors == {"request.order_id": ["too small"]}
    assert "request.order_id: too small" in str(raised.value)


@MODES
async def test_raise_on_error_false_returns_the_parsed_body(mode: str) -> None:
    script = Script(reply(401, {"Message": "denied"}))
    result = await call(make_client(script, Waits(), raise_on_error=False), mode)
    assert isinstance(result, ApiError) and result.message == "denied"


def test_backoff_grows_exponentially_with_jitter_and_a_cap() -> None:
    policy = RetryPolicy(jitter=lambda: 0.0)
    assert [policy.delay(n, None) for n in range(1, 7)] == [0.25, 0.5, 1.0, 2.0, 4.0, 4.0]
    policy = RetryPolicy(jitter=lambda: 1.0)
    assert [policy.delay(n, None) for n in range(1, 7)] == [0.5, 1.0, 2.0, 4.0, 8.0, 8.0]


def test_retry_after_may_be_an_http_date() -> None:
    from datetime import UTC, datetime

    policy = RetryPolicy(clock=lambda: datetime(2026, 11, 24, 12, 0, 0, tzinfo=UTC))
    response = httpx.Response(429, headers={"Retry-After": "Tue, 24 Nov 2026 12:00:30 GMT"})
    assert policy.delay(1, response) == 30.0


@MODES
async def test_every_request_carries_both_keys_and_a_user_agent(mode: str) -> None:
    script = Script(reply(200))
    await call(make_client(script, Waits()), mode)
    [request] = script.requests
    assert (request.headers["web_api_key"], request.headers["app_key"]) == (WEB, APP)
    assert request.headers["user-agent"].startswith(f"finerworks-client/{__version__} ")
    assert request.url == "https://finerworks.invalid/v3/fetch_order_status"


@MODES
async def test_keys_never_reach_logs_reprs_or_errors(mode: str, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG, logger="finerworks_client")
    script = Script(reply(503, {}), fail(httpx.ReadTimeout), reply(401, {"Message": "denied"}))
    client = make_client(script, Waits())
    with pytest.raises(AuthenticationError) as raised:
        await call(client, mode)
    text = caplog.text + repr(client) + str(client) + str(raised.value) + repr(raised.value)
    assert caplog.text.count("request POST https://finerworks.invalid/v3/fetch_order_status") == 3  # each attempt
    assert [m for m in caplog.messages if m.startswith("response ")] == [
        "response POST https://finerworks.invalid/v3/fetch_order_status -> 503",
        "response POST https://finerworks.invalid/v3/fetch_order_status -> 401",
    ]
    assert "[redacted]" in caplog.text and "retrying" in caplog.text
    assert WEB not in text and APP not in text
    assert len(script.requests) == 3


def test_keys_and_environment_come_from_arguments_or_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("FINERWORKS_WEB_API_KEY", "FINERWORKS_APP_KEY", "FINERWORKS_ENVIRONMENT", "FINERWORKS_BASE_URL"):
        monkeypatch.delenv(name, raising=False)
    with pytest.raises(ConfigurationError, match="web_api_key is missing"):
        FinerWorksClient(app_key=APP)
    with pytest.raises(ConfigurationError, match="FINERWORKS_APP_KEY"):
        FinerWorksClient(web_api_key=WEB)
    assert FinerWorksClient(web_api_key=WEB, app_key=APP).base_url == ENVIRONMENTS["production"]
    assert FinerWorksClient(web_api_key=WEB, app_key=APP, environment="sandbox").base_url == ENVIRONMENTS["sandbox"]
    with pytest.raises(ConfigurationError, match="unknown environment 'staging'"):
        FinerWorksClient(web_api_key=WEB, app_key=APP, environment="staging")
    with pytest.raises(ConfigurationError, match="max_retries"):
        FinerWorksClient(web_api_key=WEB, app_key=APP, max_retries=-1)

    monkeypatch.setenv("FINERWORKS_WEB_API_KEY", WEB)
    monkeypatch.setenv("FINERWORKS_APP_KEY", APP)
    monkeypatch.setenv("FINERWORKS_ENVIRONMENT", "sandbox")
    assert FinerWorksClient().base_url == "https://test-api.finerworks.com/v3"
    monkeypatch.setenv("FINERWORKS_BASE_URL", "http://127.0.0.1:8000/v3/")
    assert FinerWorksClient().base_url == "http://127.0.0.1:8000/v3"
    assert FinerWorksClient(environment="production").base_url == ENVIRONMENTS["production"]
    assert FinerWorksClient(base_url="http://127.0.0.1:9/v3").base_url == "http://127.0.0.1:9/v3"


def test_timeouts_default_per_client_and_per_call() -> None:
    script = Script(reply(200))
    client = make_client(script, Waits())
    assert client.get_httpx_client().timeout == httpx.Timeout(30.0, connect=5.0)
    assert make_client(script, Waits(), timeout=2.5).get_httpx_client().timeout == httpx.Timeout(2.5)
    with client:
        fetch_order_status.sync(client=client.with_options(timeout=120), body=BODY)
        fetch_order_status.sync(client=client, body=BODY)
    first, second = (request.extensions["timeout"] for request in script.requests)
    assert first["read"] == 120 and second["read"] == 30.0


def test_per_call_options_share_the_connection_pool_and_leave_it_open() -> None:
    client = FinerWorksClient(web_api_key=WEB, app_key=APP, base_url="http://127.0.0.1:9/v3")
    with client:
        quick = client.with_options(timeout=1, max_retries=0)
        pool = client.get_httpx_client()._transport.inner  # type: ignore[attr-defined]
        assert quick.get_httpx_client()._transport.inner is pool  # type: ignore[attr-defined]
        quick.close()  # closing the per-call copy must not close the shared pool
        assert not client.get_httpx_client().is_closed


@pytest.fixture
def flaky_server() -> Iterator[tuple[str, list[int]]]:
    """A real 127.0.0.1 server that drops the first connection without answering, then answers 200."""
    listener = socket.create_server(("127.0.0.1", 0))
    connections: list[int] = []

    def run() -> None:
        while True:
            try:
                conn, _ = listener.accept()
            except OSError:
                return
            with conn:
                connections.append(1)
                conn.recv(65536)
                if len(connections) > 1:
                    body = json.dumps(OK).encode()
                    conn.sendall(
                        b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\nconnection: close\r\n"
                        + f"content-length: {len(body)}\r\n\r\n".encode()
                        + body
                    )

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{listener.getsockname()[1]}/v3", connections
    listener.close()


@MODES
async def test_a_dropped_connection_on_a_real_socket_is_retried(mode: str, flaky_server: tuple[str, list[int]]) -> None:
    base_url, connections = flaky_server
    waits = Waits()
    policy = RetryPolicy(sleep=waits.sleep, async_sleep=waits.async_sleep, jitter=lambda: 1.0)
    client = FinerWorksClient(web_api_key=WEB, app_key=APP, base_url=base_url, retry_policy=policy)
    assert isinstance(await call(client, mode), FetchOrderStatusResponse)
    assert len(connections) == 2 and waits == [0.5]


def test_a_success_hands_its_decoded_body_to_the_generated_code_once() -> None:
    """error_for() decodes a success once for the generated code, without the response keeping it."""
    from finerworks_client._finerworks import error_for

    response = httpx.Response(200, json={"status": {"success": True}, "orders": []})
    assert error_for(response) is None
    first, second = response.json(), response.json()
    assert first == second == {"status": {"success": True}, "orders": []}
    assert first is not second  # the second call decoded anew: nothing was left on the response
