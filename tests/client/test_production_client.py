"""FinerWorksClient and AsyncFinerWorksClient under injected faults, through the resources and the
generated operation modules, sync and async: the right outcome after the right number of attempts,
with the right waits (recorded, never slept), and the keys never leaked."""

from __future__ import annotations

import contextlib
import json
import logging
import re
import socket
import threading
import traceback
from collections.abc import AsyncIterator, Callable, Iterator
from typing import Any

import httpx
import pytest
from finerworks_client import (
    ENVIRONMENTS,
    APIConnectionError,
    APITimeoutError,
    AsyncFinerWorksClient,
    AuthenticationError,
    ConfigurationError,
    ConflictError,
    FinerWorksClient,
    FinerWorksError,
    NotFoundError,
    OperationFailedError,
    RateLimitError,
    RetryPolicy,
    ServerError,
    UnexpectedResponseError,
    ValidationError,
    __version__,
)
from finerworks_client._runtime.error_mapping import error_for
from finerworks_client.api.orders import fetch_order_status
from finerworks_client.models import FetchOrderStatusRequest, FetchOrderStatusResponse

from tests.support import AUTH, BASE_PATH, CLOSED, CREDENTIALS, NOWHERE

WEB, APP = "web-SECRET-4711", "app-SECRET-0815"
OK: dict[str, Any] = {"status": {"success": True, "status_code": 200, "message": "", "debug": None}, "orders": []}
LIVE_CREDENTIALS_REFUSAL = {
    "Message": "The request is invalid.",
    "ModelState": {"ApiC.Models.authorization_credentials": ["Missing or unauthorized api credentials"]},
}
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


def make_client(script: Script, waits: Waits, *, kind: type[Any] = FinerWorksClient, **options: Any) -> Any:
    policy = RetryPolicy(sleep=waits.sleep, async_sleep=waits.async_sleep, jitter=lambda: 1.0)
    return kind(
        web_api_key=WEB,
        app_key=APP,
        base_url=NOWHERE,
        retry_policy=policy,
        httpx_args={"transport": script.transport},
        **options,
    )


async def call(client: FinerWorksClient | AsyncFinerWorksClient, mode: str) -> Any:
    """fetchOrderStatus of BODY: by the generated module ("sync", "async") or the resource ("resource",
    "async resource": an AsyncFinerWorksClient made with the same settings)."""
    if mode == "sync":
        with client:
            return fetch_order_status.sync(client=client, body=BODY)
    if mode == "resource":
        assert isinstance(client, FinerWorksClient)
        with client:
            return client.orders.fetch_status(order_ids=[123456])
    if mode == "async resource":
        client = AsyncFinerWorksClient(**client._settings)
        async with client:
            return await client.orders.fetch_status(order_ids=[123456])
    async with client:
        return await fetch_order_status.asyncio(client=client, body=BODY)


MODES = pytest.mark.parametrize("mode", ["sync", "async", "resource", "async resource"])

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
    ("403", [reply(403, {"message": "Forbidden"})], AuthenticationError, 1, []),
    # How FinerWorks itself refuses missing or wrong keys (corsairdev/corsair client.test.ts).
    ("400 refusing the credentials", [reply(400, LIVE_CREDENTIALS_REFUSAL)], AuthenticationError, 1, []),
    (
        "200 with success true and status_code 400",
        [reply(200, {**OK, "status": {**OK["status"], "status_code": 400}})],
        None,
        1,
        [],
    ),
    ("200 with orders null", [reply(200, {**OK, "orders": None})], None, 1, []),
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


@pytest.mark.parametrize("status", [429, 500, 404])
@MODES
async def test_no_error_is_ever_returned_as_none(mode: str, status: int) -> None:
    """raise_on_error=False used to return None for a 429 after retries, a 500, or fetchOrderStatus' 404
    (undocumented there). It is gone: every error is raised; with_raw_response shows the response."""
    with pytest.raises(TypeError, match="raise_on_error"):
        make_client(Script(reply(200)), Waits(), raise_on_error=False)
    script = Script(reply(status, {"Message": "no"}))
    with pytest.raises(FinerWorksError) as raised:
        await call(make_client(script, Waits()), mode)
    assert raised.value.status_code == status


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
    assert request.url == f"{NOWHERE}/fetch_order_status"


@MODES
async def test_keys_never_reach_logs_reprs_or_errors(mode: str, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG, logger="finerworks_client")
    script = Script(reply(503, {}), fail(httpx.ReadTimeout), reply(401, {"Message": "denied"}))
    client = make_client(script, Waits())
    with pytest.raises(AuthenticationError) as raised:
        await call(client, mode)
    text = caplog.text + repr(client) + str(client) + str(raised.value) + repr(raised.value)
    assert caplog.text.count(f"request POST {NOWHERE}/fetch_order_status") == 3  # each attempt
    assert [m for m in caplog.messages if m.startswith("response ")] == [
        f"response POST {NOWHERE}/fetch_order_status -> 503",
        f"response POST {NOWHERE}/fetch_order_status -> 401",
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
    assert FinerWorksClient(web_api_key=WEB, app_key=APP, environment="test").base_url == ENVIRONMENTS["test"]
    assert FinerWorksClient(web_api_key=WEB, app_key=APP, environment="v2").base_url == ENVIRONMENTS["v2"]
    assert ENVIRONMENTS == {
        "production": "https://api.finerworks.com/v3",
        "test": "https://test-api.finerworks.com/v3",
        "v2": "https://v2.api.finerworks.com/v3",
    }
    with pytest.raises(ConfigurationError, match="unknown environment 'sandbox': use one of production, test, v2"):
        FinerWorksClient(web_api_key=WEB, app_key=APP, environment="sandbox")
    with pytest.raises(ConfigurationError, match="unknown environment 'staging'"):
        FinerWorksClient(web_api_key=WEB, app_key=APP, environment="staging")
    with pytest.raises(ConfigurationError, match="max_retries"):
        FinerWorksClient(web_api_key=WEB, app_key=APP, max_retries=-1)

    monkeypatch.setenv("FINERWORKS_WEB_API_KEY", WEB)
    monkeypatch.setenv("FINERWORKS_APP_KEY", APP)
    monkeypatch.setenv("FINERWORKS_ENVIRONMENT", "test")
    assert FinerWorksClient().base_url == ENVIRONMENTS["test"]
    monkeypatch.setenv("FINERWORKS_BASE_URL", f"{NOWHERE}/")
    assert FinerWorksClient().base_url == NOWHERE
    assert FinerWorksClient(environment="production").base_url == ENVIRONMENTS["production"]
    assert FinerWorksClient(base_url=CLOSED).base_url == CLOSED


def test_timeouts_default_per_client_and_per_call() -> None:
    script = Script(reply(200))
    client = make_client(script, Waits())
    assert client.get_httpx_client().timeout == httpx.Timeout(30.0, connect=5.0)
    assert make_client(script, Waits(), timeout=2.5).get_httpx_client().timeout == httpx.Timeout(2.5)
    with client:
        fetch_order_status.sync(client=client.with_options(timeout=120, deadline=300), body=BODY)
        fetch_order_status.sync(client=client, body=BODY)
    first, second = (request.extensions["timeout"] for request in script.requests)
    assert first["read"] == 120 and second["read"] == 30.0


def test_per_call_options_share_the_connection_pool_and_leave_it_open() -> None:
    client = FinerWorksClient(web_api_key=WEB, app_key=APP, base_url=CLOSED)
    with client:
        quick = client.with_options(timeout=1, max_retries=0)
        pool = client.get_httpx_client()._transport.inner  # type: ignore[attr-defined]
        assert quick.get_httpx_client()._transport.inner is pool  # type: ignore[attr-defined]
        quick.close()  # closing the per-call copy must not close the shared pool
        assert not client.get_httpx_client().is_closed


def socket_server(answer: Callable[[socket.socket], None]) -> Iterator[str]:
    """A real 127.0.0.1 server that reads each request, then lets answer() write to the connection."""
    listener = socket.create_server(("127.0.0.1", 0))

    def run() -> None:
        while True:
            try:
                conn, _ = listener.accept()
            except OSError:
                return
            with conn:
                conn.recv(65536)
                with contextlib.suppress(OSError):
                    answer(conn)

    threading.Thread(target=run, daemon=True).start()
    yield f"http://127.0.0.1:{listener.getsockname()[1]}{BASE_PATH}"
    listener.close()


@pytest.fixture
def flaky_server() -> Iterator[tuple[str, list[int]]]:
    """A real 127.0.0.1 server that drops the first connection without answering, then answers 200."""
    connections: list[int] = []

    def answer(conn: socket.socket) -> None:
        connections.append(1)
        if len(connections) > 1:
            body = json.dumps(OK).encode()
            conn.sendall(
                b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\nconnection: close\r\n"
                + f"content-length: {len(body)}\r\n\r\n".encode()
                + body
            )

    for base_url in socket_server(answer):
        yield base_url, connections


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
    from finerworks_client._runtime.error_mapping import error_for

    response = httpx.Response(200, json={"status": {"success": True}, "orders": []})
    assert error_for(response) is None
    first, second = response.json(), response.json()
    assert first == second == {"status": {"success": True}, "orders": []}
    assert first is not second  # the second call decoded anew: nothing was left on the response


@pytest.mark.parametrize("mode", ["sync", "async"])
async def test_each_path_is_merged_with_the_base_url_once(mode: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """httpx re-parses base URL and path on every request; the clients keep the merged URL per path,
    and merge again once the base URL changes. Fails loudly if httpx renames _merge_url (the
    override would then go unused)."""
    merges: list[str] = []
    merge = httpx._client.BaseClient._merge_url  # raises here if httpx no longer has it

    def counting(self: httpx.Client, url: httpx.URL | str) -> httpx.URL:
        merges.append(str(url))
        return merge(self, url)

    monkeypatch.setattr(httpx._client.BaseClient, "_merge_url", counting)
    script = Script(reply(200))
    options: dict[str, Any] = {"web_api_key": WEB, "app_key": APP, "base_url": NOWHERE}
    options["httpx_args"] = {"transport": script.transport}
    if mode == "sync":
        client = FinerWorksClient(**options)
        for _ in range(3):
            client.orders.fetch_status(order_ids=[1])
        client.get_httpx_client().base_url = "http://elsewhere.invalid/v3"
        client.orders.fetch_status(order_ids=[1])
    else:
        async with AsyncFinerWorksClient(**options) as aclient:
            for _ in range(3):
                await aclient.orders.fetch_status(order_ids=[1])
            aclient.get_async_httpx_client().base_url = "http://elsewhere.invalid/v3"
            await aclient.orders.fetch_status(order_ids=[1])
    assert merges == ["/fetch_order_status", "/fetch_order_status"]
    urls = [str(request.url) for request in script.requests]
    assert urls == [f"{NOWHERE}/fetch_order_status"] * 3 + ["http://elsewhere.invalid/v3/fetch_order_status"]


def test_the_merged_urls_kept_are_bounded() -> None:
    """A client that reads paths without end through its httpx client keeps only the first 256."""
    client = FinerWorksClient(web_api_key=WEB, app_key=APP, base_url=NOWHERE)
    http = client.get_httpx_client()
    for page in range(300):
        http.build_request("GET", f"/page/{page}")
    assert len(http._merged) == 256  # type: ignore[attr-defined]
    assert str(http.build_request("GET", "/page/299").url) == f"{NOWHERE}/page/299"


# Mistakes fail early and clearly, and keys stay secret -------------------------------------------

SECRET = "SECRET-4711"


@pytest.mark.parametrize(
    ("key", "problem"),
    [
        ("", "is empty"),
        (f"{SECRET}\n", "whitespace at its start or end"),  # read from a file, newline kept
        (f" {SECRET}", "whitespace at its start or end"),
        (f"{SECRET}\u00a0", "whitespace at its start or end"),  # a non-breaking space
        (f"web\x1b{SECRET}", "control character"),
        (f"web\u00a0{SECRET}", "non-ASCII"),
        (f"web{SECRET}\u200b", "non-ASCII"),  # a zero-width space
    ],
)
@pytest.mark.parametrize("name", ["web_api_key", "app_key"])
def test_a_bad_key_is_refused_when_the_client_is_made_and_never_echoed(
    name: str, key: str, problem: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    keys = {"web_api_key": WEB, "app_key": APP, name: key}
    with pytest.raises(ConfigurationError, match=problem) as raised:
        FinerWorksClient(base_url=CLOSED, web_api_key=keys.get("web_api_key"), app_key=keys.get("app_key"))
    shown = str(raised.value) + repr(raised.value) + "".join(traceback.format_exception(raised.value))
    assert name in str(raised.value) and SECRET not in shown and (not key or key not in shown)
    assert raised.value.__cause__ is None and raised.value.__context__ is None
    monkeypatch.setenv(f"FINERWORKS_{name.upper()}", key)  # from the environment: the same, naming the variable
    del keys[name]
    with pytest.raises(ConfigurationError, match=f"FINERWORKS_{name.upper()}") as raised:
        FinerWorksClient(base_url=CLOSED, web_api_key=keys.get("web_api_key"), app_key=keys.get("app_key"))
    assert SECRET not in str(raised.value)


@pytest.mark.parametrize(
    ("setting", "message"),
    [
        ({"base_url": "127.0.0.1:8000/v3"}, "not an http:// or https:// URL"),
        ({"base_url": "ftp://127.0.0.1/v3"}, "not an http:// or https:// URL"),
        ({"base_url": "http:///v3"}, "not an http:// or https:// URL"),
        ({"base_url": "https://user:pw@api.finerworks.com/v3"}, "no user:password"),
        ({"base_url": 8000}, "base_url must be a str"),
        ({"environment": "staging"}, "unknown environment 'staging'"),
        ({"environment": 1}, "unknown environment 1"),
        ({"timeout": "10"}, "timeout must be a number of seconds > 0"),
        ({"timeout": 0}, "timeout must be"),
        ({"timeout": float("nan")}, "timeout must be"),
        ({"timeout": True}, "timeout must be"),
        ({"timeout": httpx.Timeout(5, read=-1)}, "timeout must be"),
        ({"deadline": "60"}, "deadline must be"),
        ({"deadline": 0}, "deadline must be"),
        ({"max_retries": -1}, "max_retries"),
        ({"max_retries": 1.5}, "max_retries"),
        ({"headers": {"app_key": APP}}, "pass app_key as app_key="),
        ({"headers": {"X-Trace": "a\r\nInjected: 1"}}, "control character"),
        ({"httpx_args": {"headers": {}}}, "'headers' is set by the client"),
        ({"httpx_args": {"event_hooks": {}}}, "'event_hooks' is set by the client"),
    ],
    ids=str,
)
def test_settings_are_checked_when_the_client_is_made(setting: dict[str, Any], message: str) -> None:
    settings: dict[str, Any] = {"web_api_key": WEB, "app_key": APP, "base_url": CLOSED, **setting}
    if "environment" in setting:
        del settings["base_url"]
    with pytest.raises(ConfigurationError, match=re.escape(message)) as raised:
        FinerWorksClient(**settings)
    assert "pw" not in str(raised.value)


class Failing(httpx.SyncByteStream, httpx.AsyncByteStream):
    """A body whose connection drops after its first bytes."""

    def __iter__(self) -> Iterator[bytes]:
        yield b'{"status": '
        raise httpx.ReadError("connection reset mid-body")

    async def __aiter__(self) -> AsyncIterator[bytes]:
        yield b'{"status": '
        raise httpx.ReadError("connection reset mid-body")


def body_dropped(request: httpx.Request) -> httpx.Response:
    return httpx.Response(200, stream=Failing(), headers={"content-type": "application/json"})


def bad_gzip(request: httpx.Request) -> httpx.Response:
    return httpx.Response(200, content=b"not gzip", headers={"content-encoding": "gzip"})


def leaky(request: httpx.Request) -> httpx.Response:
    raise httpx.LocalProtocolError(f"Illegal header value b'{SECRET}\\n'")


@pytest.mark.parametrize(
    ("outcome", "attempts"),
    [
        (body_dropped, 3),  # read inside the retrying transport: retried, then typed
        (bad_gzip, 1),
        (leaky, 1),
        (fail(httpx.UnsupportedProtocol), 1),
        (fail(httpx.ProxyError), 1),
    ],
    ids=["body dropped", "bad gzip", "LocalProtocolError", "UnsupportedProtocol", "ProxyError"],
)
@MODES
async def test_every_transport_failure_is_inside_the_hierarchy(mode: str, outcome: Outcome, attempts: int) -> None:
    script = Script(outcome)
    with pytest.raises(APIConnectionError) as raised:
        await call(make_client(script, Waits()), mode)
    assert len(script.requests) == attempts
    shown = "".join(traceback.format_exception(raised.value)) + repr(raised.value)
    assert SECRET not in shown
    if outcome is leaky:  # httpx's message held the header value: it is neither the cause nor the context
        assert raised.value.__cause__ is None and raised.value.__context__ is None


def test_keys_are_absent_from_httpx_and_httpcore_debug_logs(
    recorded: tuple[str, Any], caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    base_url, _ = recorded
    with FinerWorksClient(base_url=base_url, **CREDENTIALS) as client:
        client.orders.fetch_status(order_ids=[123456])
    assert any(record.name.startswith("httpcore") for record in caplog.records)
    assert all(key not in caplog.text for key in AUTH.values())


# Inherited methods ------------------------------------------------------------------------------


def test_with_headers_and_with_cookies_keep_retries_and_typed_errors() -> None:
    script, waits = Script(reply(503, {}), reply(200)), Waits()
    client = make_client(script, waits)
    traced = client.with_headers({"X-Trace": "t1"}).with_cookies({"session": "s1"})
    assert isinstance(traced, FinerWorksClient)
    with traced:
        assert isinstance(traced.orders.fetch_status(order_ids=[1]), FetchOrderStatusResponse)
    assert len(script.requests) == 2 and waits == [0.5]  # retried
    request = script.requests[-1]
    assert (request.headers["x-trace"], request.headers["cookie"]) == ("t1", "session=s1")
    assert (request.headers["web_api_key"], request.headers["app_key"]) == (WEB, APP)
    script = Script(reply(401, {"Message": "denied"}))
    with make_client(script, Waits()).with_headers({"app_key": "other"}) as other, pytest.raises(AuthenticationError):
        other.orders.fetch_status(order_ids=[1])
    assert script.requests[0].headers["app_key"] == "other"
    with pytest.raises(ConfigurationError, match="whitespace"):
        client.with_headers({"app_key": "other\n"})


def test_set_httpx_client_is_refused_clearly() -> None:
    client = make_client(Script(reply(200)), Waits())
    with pytest.raises(ConfigurationError, match="httpx_args"):
        client.set_httpx_client(httpx.Client())
    with pytest.raises(ConfigurationError, match="httpx_args"):
        client.set_async_httpx_client(httpx.AsyncClient())


# Error parsing ----------------------------------------------------------------------------------


@MODES
async def test_model_state_tolerates_null_and_string_values(mode: str) -> None:
    state = {"request.a": None, "request.b": "must be set", "request.c": ["too small", None], "request.d": 7}
    script = Script(reply(400, {"Message": "The request is invalid.", "ModelState": state}))
    with pytest.raises(ValidationError) as raised:
        await call(make_client(script, Waits()), mode)
    assert raised.value.field_errors == {
        "request.a": [],
        "request.b": ["must be set"],
        "request.c": ["too small"],
        "request.d": ["7"],
    }


# A total deadline per call ----------------------------------------------------------------------


@pytest.fixture(params=["body", "headers"])
def dripping_server(request: pytest.FixtureRequest) -> Iterator[str]:
    """A 127.0.0.1 server that drips its answer one byte every 0.3 s: the 40 bytes of the body after
    headers sent at once, or the status line and headers themselves."""
    stop = threading.Event()
    head = b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 40\r\n\r\n"
    at_once, dripped = (head, b" " * 40) if request.param == "body" else (b"", head)

    def answer(conn: socket.socket) -> None:
        conn.sendall(at_once)
        for byte in dripped:
            if stop.wait(0.3):
                return
            conn.sendall(bytes([byte]))

    yield from socket_server(answer)
    stop.set()


@pytest.mark.parametrize("mode", ["sync", "async", "resource", "async resource"])
async def test_the_deadline_bounds_a_slow_drip(mode: str, dripping_server: str) -> None:
    """timeout is per read: each 0.3 s byte meets timeout=1.0, and the drip takes 12 s or more. The
    deadline stops the call at 1 s, whether the body or the headers drip."""
    import time

    client = FinerWorksClient(
        web_api_key=WEB, app_key=APP, base_url=dripping_server, timeout=1.0, deadline=1.0, max_retries=0
    )
    start = time.monotonic()
    with pytest.raises(APITimeoutError, match="deadline of 1 s passed"):
        await call(client, mode)
    assert time.monotonic() - start < 1.5


def test_error_for_tells_refused_credentials_from_an_invalid_request() -> None:
    """FinerWorks answers bad keys with 400 (not 401): its ModelState key says which 400 it is."""
    request = httpx.Request("POST", f"{NOWHERE}/fetch_order_status")
    refused = error_for(httpx.Response(400, json=LIVE_CREDENTIALS_REFUSAL, request=request))
    assert type(refused) is AuthenticationError
    assert refused.message == "Missing or unauthorized api credentials" and refused.status_code == 400
    other_namespace = {"Message": "The request is invalid.", "ModelState": {"Models.authorization_credentials": []}}
    assert type(error_for(httpx.Response(400, json=other_namespace, request=request))) is AuthenticationError
    invalid = error_for(
        httpx.Response(
            400, json={"Message": "The request is invalid.", "ModelState": {"request.order_id": ["x"]}}, request=request
        )
    )
    assert type(invalid) is ValidationError and invalid.field_errors == {"request.order_id": ["x"]}
    # The same credentials key on another status is not read as a credentials refusal.
    assert type(error_for(httpx.Response(404, json=LIVE_CREDENTIALS_REFUSAL, request=request))) is NotFoundError


@pytest.mark.parametrize(
    ("status", "expected"),
    [(400, ValidationError), (404, NotFoundError), (409, ConflictError), (500, ServerError)],
)
def test_a_plain_message_body_carries_its_message(status: int, expected: type[FinerWorksError]) -> None:
    """Some FinerWorks routes answer an error with {"message": ...} instead of Message/ModelState."""
    request = httpx.Request("POST", f"{NOWHERE}/fetch_order_status")
    error = error_for(httpx.Response(status, json={"message": "Order 5 was not found"}, request=request))
    assert type(error) is expected and error.message == "Order 5 was not found"


def test_a_200_with_success_true_is_a_success_whatever_status_code_says() -> None:
    request = httpx.Request("PUT", f"{NOWHERE}/update_order")
    cancelled = {"success": True, "status_code": 400, "message": "Your order status has been changed to cancel."}
    assert error_for(httpx.Response(200, json={**cancelled, "debug": None}, request=request)) is None
    refused = error_for(httpx.Response(200, json={**cancelled, "success": False}, request=request))
    assert type(refused) is OperationFailedError
