"""The clients' life cycle (issue 21): one pool and httpx client however many threads make the first
call, close() closes everything (before the first call too), and any use after close, or from
another event loop, is a FinerWorksError (ClientUsageError), never a bare RuntimeError."""

from __future__ import annotations

import asyncio
import gc
import ssl
import threading
import warnings
from typing import Any

import httpx
import pytest
from finerworks_client import (
    APIConnectionError,
    AsyncFinerWorksClient,
    ClientUsageError,
    ConfigurationError,
    FinerWorksClient,
    FinerWorksError,
    RawResponse,
    ResponseTooLargeError,
    RetryPolicy,
    ServerError,
    UnexpectedResponseError,
    models,
)
from finerworks_client._runtime.settings import USER_AGENT
from finerworks_client.api.orders import fetch_order_status
from finerworks_client.errors import UnexpectedStatus
from finerworks_client.models import FetchOrderStatusRequest, FetchOrderStatusResponse

from ..support import CLOSED, CREDENTIALS, NOWHERE, Credentials
from .test_webhooks import PENDING

KEYS: Credentials = {"web_api_key": "web", "app_key": "app"}
OK = {"status": {"success": True, "status_code": 200, "message": "", "debug": None}, "orders": []}


def answering(request: httpx.Request) -> httpx.Response:
    return httpx.Response(200, json=OK)


def test_sixteen_threads_at_once_make_one_transport_and_one_httpx_client(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    made: list[str] = []
    real = httpx.HTTPTransport.__init__
    start = threading.Barrier(16)

    def counting(self: httpx.HTTPTransport, *args: Any, **kwargs: Any) -> None:
        made.append("transport")
        real(self, *args, **kwargs)
        threading.Event().wait(0.01)  # widen the window a race would need

    monkeypatch.setattr(httpx.HTTPTransport, "__init__", counting)
    client = FinerWorksClient(base_url=NOWHERE, **KEYS)
    clients: list[httpx.Client] = []

    def first_use() -> None:
        start.wait()
        clients.append(client.get_httpx_client())

    threads = [threading.Thread(target=first_use) for _ in range(16)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert made == ["transport"]
    assert len({id(each) for each in clients}) == 1
    client.close()


def test_close_closes_the_pool_and_its_sockets(recorded: tuple[str, Any]) -> None:
    base_url, _ = recorded
    with warnings.catch_warnings():
        warnings.simplefilter("error", ResourceWarning)
        client = FinerWorksClient(base_url=base_url, **CREDENTIALS)
        client.orders.fetch_status(order_ids=[1])
        pool = client._pools.sync
        assert isinstance(pool, httpx.HTTPTransport)
        assert pool._pool.connections  # a socket is open
        client.close()
        assert not pool._pool.connections
        del client, pool
        gc.collect()


def test_close_before_the_first_call_closes_and_later_use_is_refused() -> None:
    client = FinerWorksClient(base_url=NOWHERE, **KEYS)
    client.close()
    with pytest.raises(ClientUsageError, match="closed"):
        client.orders.fetch_status(order_ids=[1])
    with pytest.raises(ClientUsageError):
        client.get_httpx_client()


@pytest.mark.parametrize("how", ["resource", "generated module", "raw response", "copy", "with"])
def test_every_use_after_close_is_a_finerworks_error(how: str) -> None:
    client = FinerWorksClient(base_url=NOWHERE, httpx_args={"transport": httpx.MockTransport(answering)}, **KEYS)
    copy = client.with_options(max_retries=0)
    client.orders.fetch_status(order_ids=[1])
    copy.orders.fetch_status(order_ids=[1])
    client.close()
    with pytest.raises(FinerWorksError) as raised:
        if how == "resource":
            client.orders.fetch_status(order_ids=[1])
        elif how == "generated module":
            fetch_order_status.sync(client=client, body=FetchOrderStatusRequest(order_ids=[1]))
        elif how == "raw response":
            client.orders.with_raw_response.fetch_status(order_ids=[1])
        elif how == "copy":  # a copy shares the pools its original closed
            copy.orders.fetch_status(order_ids=[1])
        else:
            with client:
                pass
    assert isinstance(raised.value, ClientUsageError)
    assert isinstance(raised.value, RuntimeError)  # what code written for httpx's own error expects


def test_closing_a_copy_leaves_the_original_working() -> None:
    client = FinerWorksClient(base_url=NOWHERE, httpx_args={"transport": httpx.MockTransport(answering)}, **KEYS)
    with client:
        copy = client.with_options(timeout=5)
        copy.orders.fetch_status(order_ids=[1])
        copy.close()
        client.orders.fetch_status(order_ids=[1])
        with pytest.raises(ClientUsageError):
            copy.orders.fetch_status(order_ids=[1])


def test_an_async_client_reused_across_asyncio_run_is_a_finerworks_error(recorded: tuple[str, Any]) -> None:
    base_url, _ = recorded
    client = AsyncFinerWorksClient(base_url=base_url, **CREDENTIALS)

    async def fetch() -> Any:
        return await client.orders.fetch_status(order_ids=[1])

    asyncio.run(fetch())
    with pytest.raises(ClientUsageError, match="event loop"):
        asyncio.run(fetch())

    async def generated() -> Any:
        return await fetch_order_status.asyncio(client=client, body=FetchOrderStatusRequest(order_ids=[1]))

    with pytest.raises(ClientUsageError, match="event loop"):
        asyncio.run(generated())


async def test_an_async_client_closed_is_refused_after_aclose() -> None:
    client = AsyncFinerWorksClient(base_url=NOWHERE, httpx_args={"transport": httpx.MockTransport(answering)}, **KEYS)
    async with client:
        await client.orders.fetch_status(order_ids=[1])
    with pytest.raises(ClientUsageError, match="closed"):
        await client.orders.fetch_status(order_ids=[1])
    closed = AsyncFinerWorksClient(base_url=NOWHERE, **KEYS)
    await closed.aclose()  # before the first call
    with pytest.raises(ClientUsageError):
        await closed.orders.fetch_status(order_ids=[1])


def test_an_unknown_per_call_option_is_a_configuration_error() -> None:
    client = FinerWorksClient(base_url=NOWHERE, httpx_args={"transport": httpx.MockTransport(answering)}, **KEYS)
    with client, pytest.raises(ConfigurationError, match="unknown per-call option timout"):
        client.orders.fetch_status(order_ids=[1], timout=5)  # type: ignore[call-arg]


def test_a_closed_httpx_client_behind_the_clients_back_is_a_finerworks_error() -> None:
    client = FinerWorksClient(base_url=NOWHERE, httpx_args={"transport": httpx.MockTransport(answering)}, **KEYS)
    client.get_httpx_client().close()
    with pytest.raises(ClientUsageError):
        client.orders.fetch_status(order_ids=[1])


# What the clients send, and how a call's options, errors and raw responses come back (mutation
# testing, issue 25): each behaviour in the four ways of calling, sync or async, model or raw.

MODES = ["sync", "async", "sync raw", "async raw"]
STATUS = {"status": {"success": True, "status_code": 200, "message": "", "debug": None}}


def scripted(*responses: httpx.Response) -> tuple[dict[str, Any], list[httpx.Request], list[float]]:
    """Client settings whose transport plays responses (the last repeats), and what it saw and waited."""
    requests: list[httpx.Request] = []
    waits: list[float] = []

    def handle(request: httpx.Request) -> httpx.Response:
        requests.append(request)
        played = responses[min(len(requests), len(responses)) - 1]
        return httpx.Response(played.status_code, headers=played.headers, content=played.content)

    async def async_sleep(seconds: float) -> None:
        waits.append(seconds)

    settings = {
        **KEYS,
        "base_url": NOWHERE,
        "retry_policy": RetryPolicy(sleep=waits.append, async_sleep=async_sleep, jitter=lambda: 1.0),
        "httpx_args": {"transport": httpx.MockTransport(handle)},
    }
    return settings, requests, waits


def fetch(mode: str, settings: dict[str, Any], **options: Any) -> FetchOrderStatusResponse:
    """client.orders.fetch_status(order_ids=[1], **options) on a new client, in one of MODES."""
    if mode.startswith("async"):
        return asyncio.run(afetch(mode, settings, **options))
    with FinerWorksClient(**settings) as client:
        if mode.endswith("raw"):
            raw = client.orders.with_raw_response.fetch_status(order_ids=[1], **options)
            return checked_raw(raw)
        return client.orders.fetch_status(order_ids=[1], **options)


async def afetch(mode: str, settings: dict[str, Any], **options: Any) -> FetchOrderStatusResponse:
    async with AsyncFinerWorksClient(**settings) as client:
        if mode.endswith("raw"):
            raw = await client.orders.with_raw_response.fetch_status(order_ids=[1], **options)
            return checked_raw(raw)
        return await client.orders.fetch_status(order_ids=[1], **options)


def checked_raw(raw: RawResponse[FetchOrderStatusResponse]) -> FetchOrderStatusResponse:
    assert isinstance(raw.http_response, httpx.Response) and raw.status_code == 200
    assert raw.http_response.request.url.path.endswith("/fetch_order_status")
    assert isinstance(raw.parsed, FetchOrderStatusResponse)
    return raw.parsed


@pytest.mark.parametrize("mode", MODES)
def test_the_200_model_comes_back_parsed(mode: str) -> None:
    settings, requests, _ = scripted(httpx.Response(200, json={**STATUS, "orders": [PENDING]}))
    result = fetch(mode, settings)
    assert isinstance(result, FetchOrderStatusResponse)
    assert result.orders and result.orders[0].order_id == PENDING["order_id"]
    assert len(requests) == 1


@pytest.mark.parametrize("mode", ["sync", "async"])
def test_requests_carry_the_clients_headers_and_cookies_and_nothing_else(mode: str) -> None:
    settings, requests, _ = scripted(httpx.Response(200, json=OK))
    fetch(mode, {**settings, "headers": {"X-Shop": "42"}, "cookies": {"sid": "abc"}})
    [request] = requests
    sent = dict(request.headers)
    assert sent == {
        "host": "finerworks.invalid",
        "accept": "*/*",
        "accept-encoding": "gzip, deflate",  # what the client decodes, whatever httpx could
        "connection": "keep-alive",
        "user-agent": USER_AGENT,
        "x-shop": "42",
        "web_api_key": "web",
        "app_key": "app",
        "cookie": "sid=abc",
        "content-length": sent["content-length"],
        "content-type": "application/json",
    }
    assert request.extensions["timeout"] == {"connect": 5.0, "read": 30.0, "write": 30.0, "pool": 30.0}


@pytest.mark.parametrize("mode", ["sync", "async"])
def test_headers_given_replace_the_clients_own_never_add_to_them(mode: str) -> None:
    settings, requests, _ = scripted(httpx.Response(200, json=OK))
    fetch(mode, {**settings, "headers": {"User-Agent": "my-shop/1.0", "Accept-Encoding": "identity"}})
    [request] = requests
    assert request.headers.get_list("user-agent") == ["my-shop/1.0"]
    assert request.headers.get_list("accept-encoding") == ["identity"]


@pytest.mark.parametrize("mode", MODES)
def test_each_per_call_option_applies_to_that_call_only(mode: str) -> None:
    settings, requests, waits = scripted(httpx.Response(503, json={}))
    with pytest.raises(ServerError):
        fetch(mode, settings, max_retries=0)
    assert len(requests) == 1 and waits == []
    with pytest.raises(ServerError):
        fetch(mode, settings)  # the client's max_retries, 2
    assert len(requests) == 4 and waits == [0.5, 1.0]
    with pytest.raises(ServerError):  # a wait that would end after the deadline is not made
        fetch(mode, settings, max_retries=5, deadline=0.7)
    assert len(requests) == 6 and waits == [0.5, 1.0, 0.5]

    settings, requests, _ = scripted(httpx.Response(200, json=OK))
    fetch(mode, settings, timeout=7, extra_headers={"X-Request-Id": "abc"})
    fetch(mode, settings)
    fetch(mode, settings, deadline=3)  # every per-read timeout is cut to the time left
    fetch(mode, settings, timeout=httpx.Timeout(200))  # longer than the deadline (120 s): cut to it
    timed, plain, short, long = (request.extensions["timeout"] for request in requests)
    assert timed == {"connect": 7, "read": 7, "write": 7, "pool": 7}
    assert plain == {"connect": 5, "read": 30, "write": 30, "pool": 30}
    assert all(0 < value <= 3 for value in short.values())
    assert all(0 < value <= 120 for value in long.values())
    assert requests[0].headers["x-request-id"] == "abc" and "x-request-id" not in requests[1].headers
    assert requests[0].headers["web_api_key"] == "web"

    settings, _, _ = scripted(httpx.Response(200, json={**OK, "padding": "x" * 100}))
    with pytest.raises(ResponseTooLargeError):
        fetch(mode, settings, max_response_size=50)


def test_extra_headers_keep_the_requests_own_headers() -> None:
    client = FinerWorksClient(base_url=NOWHERE, **KEYS)
    kwargs = {"method": "post", "url": "/x", "headers": {"X-Operation": "1"}}
    assert client._with_options(kwargs, {"extra_headers": {"X-Call": "2"}})["headers"] == {
        "X-Operation": "1",
        "X-Call": "2",
    }


def test_with_timeout_sets_the_per_read_timeouts_of_the_copy() -> None:
    settings, requests, _ = scripted(httpx.Response(200, json=OK))
    with FinerWorksClient(**settings) as client:
        client.with_timeout(httpx.Timeout(7, connect=2)).orders.fetch_status(order_ids=[1])
        client.orders.fetch_status(order_ids=[1])
    assert requests[0].extensions["timeout"] == {"connect": 2, "read": 7, "write": 7, "pool": 7}
    assert requests[1].extensions["timeout"]["read"] == 30


@pytest.mark.parametrize(
    ("settings", "message"),
    [
        ({"retry_policy": {"max_wait": 1}}, "retry_policy must be a RetryPolicy"),
        ({"headers": {"X-Trace": " 1"}}, "headers: the value of 'X-Trace' has whitespace at its start or end"),
        ({"headers": ["X-Trace"]}, "headers must be a mapping of header names to values"),
        ({"cookies": {"bad name": "1"}}, "cookies: 'bad name' is not a header name"),
        ({"cookies": {"sid": ""}}, "cookies: the value of 'sid' is empty"),
    ],
    ids=["retry_policy", "header value", "headers", "cookie name", "cookie value"],
)
def test_a_bad_setting_is_refused_naming_it(settings: dict[str, Any], message: str) -> None:
    with pytest.raises(ConfigurationError) as raised:
        FinerWorksClient(base_url=NOWHERE, **KEYS, **settings)
    assert str(raised.value).startswith(message)


def test_bad_per_call_options_are_refused_naming_them() -> None:
    client = FinerWorksClient(base_url=NOWHERE, httpx_args={"transport": httpx.MockTransport(answering)}, **KEYS)
    with client:
        with pytest.raises(ConfigurationError) as raised:
            client.orders.fetch_status(order_ids=[1], timout=5, retries=1)  # type: ignore[call-arg]
        assert str(raised.value) == (
            "unknown per-call option retries, timout: "
            "the options are deadline, extra_headers, max_response_size, max_retries, timeout"
        )
        with pytest.raises(ConfigurationError, match=r"^extra_headers: the value of 'X-Id' is empty$"):
            client.orders.fetch_status(order_ids=[1], extra_headers={"X-Id": ""})


@pytest.mark.parametrize("mode", [*MODES, "generated sync", "generated async"])
def test_a_success_status_the_operation_does_not_document_is_raised_never_returned(mode: str) -> None:
    settings, _, _ = scripted(httpx.Response(201, json=OK))
    with pytest.raises(UnexpectedStatus) as raised:
        if mode == "generated sync":
            with FinerWorksClient(**settings) as client:
                fetch_order_status.sync(client=client, body=FetchOrderStatusRequest(order_ids=[1]))
        elif mode == "generated async":

            async def generated() -> Any:
                async with AsyncFinerWorksClient(**settings) as client:
                    return await fetch_order_status.asyncio(client=client, body=FetchOrderStatusRequest(order_ids=[1]))

            asyncio.run(generated())
        else:
            fetch(mode, settings)
    assert raised.value.status_code == 201


@pytest.mark.parametrize("mode", MODES)
def test_a_parser_result_other_than_the_200_model_is_an_unexpected_response_error(mode: str) -> None:
    """The generated resources get the 200 model or an error from the client, whatever the parser gives."""
    settings, _, _ = scripted(httpx.Response(200, json=OK))
    given: list[Any] = []

    def parse(*, client: Any, response: httpx.Response) -> object:
        given.append(client)
        return models.ApiError.from_dict({"Message": "not the 200 model"})

    kwargs = {"method": "post", "url": "/fetch_order_status", "json": {}}

    async def asend(client: AsyncFinerWorksClient) -> object:
        async with client:
            send = client._asend_raw if mode.endswith("raw") else client._asend
            return await send(kwargs, parse, FetchOrderStatusResponse, {})

    with pytest.raises(UnexpectedResponseError) as raised:
        if mode.startswith("async"):
            client: Any = AsyncFinerWorksClient(**settings)
            asyncio.run(asend(client))
        else:
            client = FinerWorksClient(**settings)
            with client:
                send = client._send_raw if mode.endswith("raw") else client._send
                send(kwargs, parse, FetchOrderStatusResponse, {})
    assert given == [client]
    assert str(raised.value).endswith("expected the operation's 200 response (FetchOrderStatusResponse), got HTTP 200")
    assert raised.value.response is not None and raised.value.response.status_code == 200


@pytest.mark.parametrize("mode", MODES)
def test_an_httpx_error_outside_the_transport_is_an_api_connection_error(mode: str) -> None:
    """Here a redirect loop (follow_redirects in httpx_args): httpx's client raises, not a transport."""
    loop = httpx.Response(302, headers={"Location": "/fetch_order_status"}, json=OK)
    settings, requests, _ = scripted(loop)
    settings["httpx_args"] |= {"follow_redirects": True, "max_redirects": 2}
    with pytest.raises(APIConnectionError) as raised:
        fetch(mode, settings)
    assert str(raised.value) == "POST /fetch_order_status failed (TooManyRedirects)"
    assert raised.value.__context__ is None  # httpx's error (and its message) is not chained
    assert len(requests) == 3


async def test_an_async_httpx_client_closed_behind_the_clients_back_is_a_finerworks_error() -> None:
    client = AsyncFinerWorksClient(base_url=NOWHERE, httpx_args={"transport": httpx.MockTransport(answering)}, **KEYS)
    await client.get_async_httpx_client().aclose()
    with pytest.raises(ClientUsageError) as raised:
        await client.orders.fetch_status(order_ids=[1])
    assert str(raised.value).startswith("AsyncFinerWorksClient cannot send: ")
    assert "closed" in str(raised.value)
    await client.aclose()


def test_a_closed_httpx_client_is_named_in_the_error() -> None:
    client = FinerWorksClient(base_url=NOWHERE, httpx_args={"transport": httpx.MockTransport(answering)}, **KEYS)
    client.get_httpx_client().close()
    with pytest.raises(ClientUsageError) as raised:
        client.orders.fetch_status(order_ids=[1])
    assert str(raised.value).startswith("FinerWorksClient cannot send: ")


@pytest.mark.parametrize("kind", [FinerWorksClient, AsyncFinerWorksClient])
def test_the_clients_messages_name_the_class(kind: type[FinerWorksClient | AsyncFinerWorksClient]) -> None:
    name = kind.__name__
    client = kind(base_url=NOWHERE, **KEYS)
    assert repr(client).startswith(f"{name}(base_url='{NOWHERE}', web_api_key=")
    for refused in (client.set_httpx_client, client.set_async_httpx_client):
        with pytest.raises(ConfigurationError) as raised:
            refused(None)  # type: ignore[arg-type]
        assert str(raised.value) == (
            f"{name} makes its own httpx.Client (it carries the retries, the deadline and the typed errors): "
            'pass httpx_args={"transport": ...} or other httpx options instead'
        )
    client.close()
    with pytest.raises(ClientUsageError) as closed:
        client.get_httpx_client()
    assert str(closed.value) == (
        f"this {name} is closed (close(), or the end of its `with` block): make a new client for more calls"
    )


class Transport(httpx.MockTransport):
    """A transport of the user's (httpx_args), counting its closes."""

    def __init__(self) -> None:
        super().__init__(answering)
        self.closed = 0

    def close(self) -> None:
        self.closed += 1

    async def aclose(self) -> None:
        self.closed += 1


def test_closing_a_copy_never_closes_the_shared_transport() -> None:
    transport = Transport()
    client = FinerWorksClient(base_url=NOWHERE, httpx_args={"transport": transport}, **KEYS)
    client.orders.fetch_status(order_ids=[1])
    copy = client.with_options(max_retries=0)
    copy.orders.fetch_status(order_ids=[1])
    copy.close()
    assert transport.closed == 0
    client.orders.fetch_status(order_ids=[1])
    client.close()
    assert transport.closed >= 1


async def test_closing_an_async_copy_never_closes_the_shared_transport_and_refuses_the_copy() -> None:
    transport = Transport()
    client = AsyncFinerWorksClient(base_url=NOWHERE, httpx_args={"transport": transport}, **KEYS)
    await client.orders.fetch_status(order_ids=[1])
    copy, other = client.with_options(max_retries=0), client.with_options(deadline=60)
    await copy.orders.fetch_status(order_ids=[1])
    await other.orders.fetch_status(order_ids=[1])
    await copy.aclose()
    other.close()  # the sync close() of an async client: closed too
    assert transport.closed == 0
    for closed in (copy, other):
        with pytest.raises(ClientUsageError, match="is closed"):
            await closed.orders.fetch_status(order_ids=[1])
    await client.orders.fetch_status(order_ids=[1])
    await client.aclose()
    assert transport.closed >= 1


def test_an_async_clients_httpx_client_outside_an_event_loop() -> None:
    """get_async_httpx_client() works in sync code (to inspect it, say), before and after the first
    use in an event loop, and for a copy made after it; the same one each time."""
    client = AsyncFinerWorksClient(base_url=NOWHERE, httpx_args={"transport": httpx.MockTransport(answering)}, **KEYS)
    made = client.get_async_httpx_client()
    assert isinstance(made, httpx.AsyncClient) and client.get_async_httpx_client() is made

    async def fetch() -> Any:
        return await client.orders.fetch_status(order_ids=[1])

    asyncio.run(fetch())
    assert client.get_async_httpx_client() is made
    copy = client.with_options(max_retries=0)
    assert isinstance(copy.get_async_httpx_client(), httpx.AsyncClient)
    with pytest.raises(ClientUsageError) as raised:
        asyncio.run(fetch())
    assert str(raised.value) == (
        "this AsyncFinerWorksClient was first used in another event loop (each asyncio.run() has its own): "
        "its connections belong to that loop. Make one client per event loop"
    )


@pytest.mark.parametrize("as_proxy", [False, True], ids=["URL", "httpx.Proxy"])
@pytest.mark.parametrize("mode", ["sync", "async"])
def test_a_proxy_in_httpx_args_keeps_the_retries_and_the_deadline(
    recorded: tuple[str, Any], mode: str, as_proxy: bool
) -> None:
    """httpx.Client would send through a proxy transport of its own, beside the retrying one."""
    base_url, _ = recorded  # a server that answers, behind a proxy that refuses connections
    settings, _, waits = scripted(httpx.Response(200, json=OK))
    proxy = CLOSED.removesuffix("/v3")
    settings |= {"base_url": base_url, "httpx_args": {"proxy": httpx.Proxy(proxy) if as_proxy else proxy}}
    with pytest.raises(APIConnectionError, match=r"failed \(ConnectError: .*\) after 3 attempt\(s\)$"):
        fetch(mode, settings)
    assert waits == [0.5, 1.0]


@pytest.mark.parametrize("kind", [FinerWorksClient, AsyncFinerWorksClient])
def test_httpx_args_of_the_connections_configure_the_pool_the_client_makes(
    kind: type[FinerWorksClient | AsyncFinerWorksClient],
) -> None:
    client = kind(base_url=NOWHERE, httpx_args={"verify": False, "limits": httpx.Limits(max_connections=3)}, **KEYS)
    client.get_async_httpx_client() if kind is AsyncFinerWorksClient else client.get_httpx_client()
    pool = (client._pools.asynchronous or client._pools.sync)._pool  # type: ignore[union-attr]
    assert pool._ssl_context.verify_mode == ssl.CERT_NONE and pool._max_connections == 3
    with pytest.raises(ConfigurationError) as raised:
        given = {"transport": httpx.MockTransport(answering), "verify": False, "proxy": CLOSED}
        kind(base_url=NOWHERE, httpx_args=given, **KEYS)
    assert str(raised.value) == "httpx_args: proxy, verify would not apply to the given transport: configure it there"
