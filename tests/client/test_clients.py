"""The clients' life cycle (issue 21): one pool and httpx client however many threads make the first
call, close() closes everything (before the first call too), and any use after close, or from
another event loop, is a FinerWorksError (ClientUsageError), never a bare RuntimeError."""

from __future__ import annotations

import asyncio
import gc
import threading
import warnings
from typing import Any

import httpx
import pytest
from finerworks_client import (
    AsyncFinerWorksClient,
    ClientUsageError,
    ConfigurationError,
    FinerWorksClient,
    FinerWorksError,
)
from finerworks_client.api.orders import fetch_order_status
from finerworks_client.models import FetchOrderStatusRequest

from ..support import CREDENTIALS, NOWHERE, Credentials

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
