"""The call's deadline inside each socket operation (finerworks_client._runtime.deadline), and the
deadline of the retrying transports around them (transports.py, retries.py).

httpcore takes one timeout per phase of a request, so a server that drips its answer a byte at a time
never meets a per-read timeout: the deadline backend cuts the timeout of every connect, TLS handshake,
read and write to the time left before the call's deadline. These tests run on a clock that moves
only when a (stub) socket operation or a retry's wait says so: no test waits, and the time left at
each operation is exact.
"""

from __future__ import annotations

import json
import ssl
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from typing import Any

import httpcore
import httpx
import pytest
from finerworks_client import (
    APIConnectionError,
    APITimeoutError,
    AsyncFinerWorksClient,
    FinerWorksClient,
    FinerWorksError,
    RetryPolicy,
    ServerError,
)
from finerworks_client._runtime import deadline, retries, transports
from finerworks_client._runtime.deadline import (
    CALL_END,
    AsyncDeadlineBackend,
    AsyncDeadlineStream,
    DeadlineBackend,
    DeadlineStream,
    cut,
)

from tests.support import NOWHERE

WEB, APP = "web-key-4711", "app-key-0815"
URL = f"{NOWHERE}/fetch_order_status"
OK = {"status": {"success": True, "status_code": 200, "message": "", "debug": None}, "orders": []}
START = 1000.0


class Clock:
    """time.monotonic of the runtime's deadline modules: it moves only when a test moves it."""

    def __init__(self) -> None:
        self.now = START

    def monotonic(self) -> float:
        return self.now


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> Clock:
    clock = Clock()
    for module in (deadline, transports, retries):
        monkeypatch.setattr(module, "time", clock)
    return clock


@contextmanager
def deadline_in(clock: Clock, left: float) -> Iterator[None]:
    """Inside an attempt whose call ends `left` seconds from now (what the retrying transport sets)."""
    token = CALL_END.set(clock.now + left)
    try:
        yield
    finally:
        CALL_END.reset(token)


# --- cut: the timeout of one socket operation ----------------------------------------------------------


@pytest.mark.parametrize(
    ("timeout", "left", "expected"),
    [
        (30.0, 5.0, 5.0),  # longer than the time left: cut to it
        (None, 5.0, 5.0),  # no timeout at all (wait forever): the time left
        (1.0, 5.0, 1.0),  # shorter: kept
        (5.0, 5.0, 5.0),
        (30.0, 0.5, 0.5),  # under a second left is still time to wait
        (0.25, 0.5, 0.25),
    ],
)
def test_a_socket_operation_waits_at_most_until_the_deadline(
    clock: Clock, timeout: float | None, left: float, expected: float
) -> None:
    with deadline_in(clock, left):
        assert cut(timeout, httpcore.ReadTimeout) == expected


def test_outside_a_call_the_timeout_is_left_as_it_is() -> None:
    assert CALL_END.get() is None
    assert cut(30.0, httpcore.ReadTimeout) == 30.0
    assert cut(None, httpcore.ReadTimeout) is None


@pytest.mark.parametrize("left", [0.0, -0.001, -60.0])
@pytest.mark.parametrize("kind", [httpcore.ConnectTimeout, httpcore.ReadTimeout, httpcore.WriteTimeout])
def test_a_socket_operation_once_the_deadline_passed_is_its_timeout(
    clock: Clock, left: float, kind: type[Exception]
) -> None:
    with deadline_in(clock, left), pytest.raises(kind) as raised:
        cut(30.0, kind)
    assert str(raised.value) == "the call's deadline passed"  # the cause shown under the APITimeoutError


# --- the backends: every operation cut, everything else handed over as it is -----------------------------

CONTEXT = ssl.create_default_context()
OPTIONS = [(6, 1, 1)]  # (IPPROTO_TCP, TCP_NODELAY, 1)


class Calls:
    """What the inner network (httpcore's own, in production) was asked, in order."""

    def __init__(self) -> None:
        self.calls: list[tuple[Any, ...]] = []


class InnerStream(httpcore.NetworkStream):
    def __init__(self, log: Calls, name: str) -> None:
        self.log, self.name = log, name

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        self.log.calls.append((self.name, "read", max_bytes, timeout))
        return f"read from {self.name}".encode()

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        self.log.calls.append((self.name, "write", buffer, timeout))

    def close(self) -> None:
        self.log.calls.append((self.name, "close"))

    def start_tls(
        self, ssl_context: ssl.SSLContext, server_hostname: str | None = None, timeout: float | None = None
    ) -> httpcore.NetworkStream:
        self.log.calls.append((self.name, "start_tls", ssl_context, server_hostname, timeout))
        return InnerStream(self.log, self.name + "+tls")

    def get_extra_info(self, info: str) -> Any:
        return f"{info} of {self.name}"


class InnerBackend(httpcore.NetworkBackend):
    def __init__(self, log: Calls) -> None:
        self.log = log

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore.NetworkStream:
        self.log.calls.append(("connect_tcp", host, port, timeout, local_address, socket_options))
        return InnerStream(self.log, "tcp")

    def connect_unix_socket(
        self, path: str, timeout: float | None = None, socket_options: Iterable[Any] | None = None
    ) -> httpcore.NetworkStream:
        self.log.calls.append(("connect_unix_socket", path, timeout, socket_options))
        return InnerStream(self.log, "unix")

    def sleep(self, seconds: float) -> None:
        self.log.calls.append(("sleep", seconds))


class AsyncInnerStream(httpcore.AsyncNetworkStream):
    def __init__(self, log: Calls, name: str) -> None:
        self.log, self.name = log, name

    async def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        self.log.calls.append((self.name, "read", max_bytes, timeout))
        return f"read from {self.name}".encode()

    async def write(self, buffer: bytes, timeout: float | None = None) -> None:
        self.log.calls.append((self.name, "write", buffer, timeout))

    async def aclose(self) -> None:
        self.log.calls.append((self.name, "close"))

    async def start_tls(
        self, ssl_context: ssl.SSLContext, server_hostname: str | None = None, timeout: float | None = None
    ) -> httpcore.AsyncNetworkStream:
        self.log.calls.append((self.name, "start_tls", ssl_context, server_hostname, timeout))
        return AsyncInnerStream(self.log, self.name + "+tls")

    def get_extra_info(self, info: str) -> Any:
        return f"{info} of {self.name}"


class AsyncInnerBackend(httpcore.AsyncNetworkBackend):
    def __init__(self, log: Calls) -> None:
        self.log = log

    async def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore.AsyncNetworkStream:
        self.log.calls.append(("connect_tcp", host, port, timeout, local_address, socket_options))
        return AsyncInnerStream(self.log, "tcp")

    async def connect_unix_socket(
        self, path: str, timeout: float | None = None, socket_options: Iterable[Any] | None = None
    ) -> httpcore.AsyncNetworkStream:
        self.log.calls.append(("connect_unix_socket", path, timeout, socket_options))
        return AsyncInnerStream(self.log, "unix")

    async def sleep(self, seconds: float) -> None:
        self.log.calls.append(("sleep", seconds))


# With 5 s left: a timeout of 1 s is kept, one of 30 s (or none) becomes 5 s.
HANDED_OVER = [
    ("connect_tcp", "finerworks.test", 443, 1.0, "10.0.0.7", OPTIONS),
    ("connect_tcp", "finerworks.test", 443, 5.0, None, None),
    ("connect_unix_socket", "/run/finerworks.sock", 1.0, OPTIONS),
    ("connect_unix_socket", "/run/finerworks.sock", 5.0, None),
    ("tcp", "start_tls", CONTEXT, "finerworks.test", 1.0),
    ("tcp", "start_tls", CONTEXT, None, 5.0),
    ("tcp+tls", "read", 4096, 1.0),
    ("tcp+tls", "read", 65536, 5.0),
    ("tcp+tls", "write", b"POST /v3/", 1.0),
    ("tcp+tls", "write", b"{}", 5.0),
    ("unix", "read", 10, 5.0),
    ("unix", "write", b"x", 1.0),
    ("tcp+tls", "close"),
    ("sleep", 0.25),
]


def test_the_backend_cuts_every_socket_operation_and_hands_the_rest_over(clock: Clock) -> None:
    log = Calls()
    backend = DeadlineBackend(InnerBackend(log))
    with deadline_in(clock, 5.0):
        tcp = backend.connect_tcp("finerworks.test", 443, 1.0, "10.0.0.7", OPTIONS)
        backend.connect_tcp("finerworks.test", 443, 30.0)
        unix = backend.connect_unix_socket("/run/finerworks.sock", 1.0, OPTIONS)
        backend.connect_unix_socket("/run/finerworks.sock", None)
        tls = tcp.start_tls(CONTEXT, "finerworks.test", 1.0)
        tcp.start_tls(CONTEXT, timeout=30.0)
        read = [tls.read(4096, 1.0), tls.read(65536, 30.0)]
        tls.write(b"POST /v3/", 1.0)
        tls.write(b"{}", None)
        read.append(unix.read(10))
        unix.write(b"x", 1.0)
        info = tls.get_extra_info("ssl_object"), unix.get_extra_info("peername")
        tls.close()
        backend.sleep(0.25)
    assert log.calls == HANDED_OVER
    assert read == [b"read from tcp+tls", b"read from tcp+tls", b"read from unix"]
    assert info == ("ssl_object of tcp+tls", "peername of unix")
    assert all(isinstance(stream, DeadlineStream) for stream in (tcp, unix, tls))


async def test_the_async_backend_cuts_every_socket_operation_and_hands_the_rest_over(clock: Clock) -> None:
    log = Calls()
    backend = AsyncDeadlineBackend(AsyncInnerBackend(log))
    with deadline_in(clock, 5.0):
        tcp = await backend.connect_tcp("finerworks.test", 443, 1.0, "10.0.0.7", OPTIONS)
        await backend.connect_tcp("finerworks.test", 443, 30.0)
        unix = await backend.connect_unix_socket("/run/finerworks.sock", 1.0, OPTIONS)
        await backend.connect_unix_socket("/run/finerworks.sock", None)
        tls = await tcp.start_tls(CONTEXT, "finerworks.test", 1.0)
        await tcp.start_tls(CONTEXT, timeout=30.0)
        read = [await tls.read(4096, 1.0), await tls.read(65536, 30.0)]
        await tls.write(b"POST /v3/", 1.0)
        await tls.write(b"{}", None)
        read.append(await unix.read(10))
        await unix.write(b"x", 1.0)
        info = tls.get_extra_info("ssl_object"), unix.get_extra_info("peername")
        await tls.aclose()
        await backend.sleep(0.25)
    assert log.calls == HANDED_OVER
    assert read == [b"read from tcp+tls", b"read from tcp+tls", b"read from unix"]
    assert info == ("ssl_object of tcp+tls", "peername of unix")
    assert all(isinstance(stream, AsyncDeadlineStream) for stream in (tcp, unix, tls))


LATE = pytest.mark.parametrize(
    ("operation", "kind"),
    [
        ("connect_tcp", httpcore.ConnectTimeout),
        ("connect_unix_socket", httpcore.ConnectTimeout),
        ("start_tls", httpcore.ConnectTimeout),
        ("read", httpcore.ReadTimeout),
        ("write", httpcore.WriteTimeout),
    ],
)


@LATE
def test_no_socket_operation_starts_after_the_deadline(clock: Clock, operation: str, kind: type[Exception]) -> None:
    log = Calls()
    backend = DeadlineBackend(InnerBackend(log))
    stream = DeadlineStream(InnerStream(log, "tcp"))
    calls: dict[str, Callable[[], object]] = {
        "connect_tcp": lambda: backend.connect_tcp("finerworks.test", 443, 30.0),
        "connect_unix_socket": lambda: backend.connect_unix_socket("/run/fw.sock"),
        "start_tls": lambda: stream.start_tls(CONTEXT, "finerworks.test", 30.0),
        "read": lambda: stream.read(4096, 30.0),
        "write": lambda: stream.write(b"{}", None),
    }
    with deadline_in(clock, 0.0), pytest.raises(kind, match="the call's deadline passed"):
        calls[operation]()
    assert log.calls == []


@LATE
async def test_no_async_socket_operation_starts_after_the_deadline(
    clock: Clock, operation: str, kind: type[Exception]
) -> None:
    log = Calls()
    backend = AsyncDeadlineBackend(AsyncInnerBackend(log))
    stream = AsyncDeadlineStream(AsyncInnerStream(log, "tcp"))
    calls: dict[str, Callable[[], Any]] = {
        "connect_tcp": lambda: backend.connect_tcp("finerworks.test", 443, 30.0),
        "connect_unix_socket": lambda: backend.connect_unix_socket("/run/fw.sock"),
        "start_tls": lambda: stream.start_tls(CONTEXT, "finerworks.test", 30.0),
        "read": lambda: stream.read(4096, 30.0),
        "write": lambda: stream.write(b"{}", None),
    }
    with deadline_in(clock, -1.0), pytest.raises(kind, match="the call's deadline passed"):
        await calls[operation]()
    assert log.calls == []


# --- through the client: httpx's own transport on a stub network -----------------------------------------

ANSWER = json.dumps(OK).encode()
HTTP_ANSWER = (
    b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: "
    + str(len(ANSWER)).encode()
    + b"\r\n\r\n"
    + ANSWER
)


class Network:
    """A FinerWorks at the other end of a stub network: each socket operation takes `step` seconds of
    the clock; the answer comes `chunk` bytes per read. Keeps (operation, timeout, time left) of each."""

    def __init__(self, clock: Clock, *, step: float, chunk: int) -> None:
        self.clock, self.step, self.chunk = clock, step, chunk
        self.seen: list[tuple[str, float | None, float]] = []
        self.unread = b""

    def operation(self, name: str, timeout: float | None) -> None:
        end = CALL_END.get()
        assert end is not None, f"{name} outside a call's deadline"
        self.seen.append((name, timeout, end - self.clock.now))
        self.clock.now += self.step

    def read(self, timeout: float | None) -> bytes:
        self.operation("read", timeout)
        data, self.unread = self.unread[: self.chunk], self.unread[self.chunk :]
        return data

    def write(self, buffer: bytes, timeout: float | None) -> None:
        self.operation("write", timeout)
        if buffer.endswith(b"}"):  # the request's body: FinerWorks answers
            self.unread = HTTP_ANSWER


class Stream(httpcore.NetworkStream):
    def __init__(self, network: Network) -> None:
        self.network = network

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        return self.network.read(timeout)

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        self.network.write(buffer, timeout)

    def close(self) -> None:
        pass

    def start_tls(
        self, ssl_context: ssl.SSLContext, server_hostname: str | None = None, timeout: float | None = None
    ) -> httpcore.NetworkStream:
        self.network.operation("start_tls", timeout)
        return self

    def get_extra_info(self, info: str) -> Any:
        return None


class Backend(httpcore.NetworkBackend):
    def __init__(self, network: Network) -> None:
        self.network = network

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore.NetworkStream:
        self.network.operation("connect_tcp", timeout)
        return Stream(self.network)


class AsyncStream(httpcore.AsyncNetworkStream):
    def __init__(self, network: Network) -> None:
        self.network = network

    async def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        return self.network.read(timeout)

    async def write(self, buffer: bytes, timeout: float | None = None) -> None:
        self.network.write(buffer, timeout)

    async def aclose(self) -> None:
        pass

    async def start_tls(
        self, ssl_context: ssl.SSLContext, server_hostname: str | None = None, timeout: float | None = None
    ) -> httpcore.AsyncNetworkStream:
        self.network.operation("start_tls", timeout)
        return self

    def get_extra_info(self, info: str) -> Any:
        return None


class AsyncBackend(httpcore.AsyncNetworkBackend):
    def __init__(self, network: Network) -> None:
        self.network = network

    async def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore.AsyncNetworkStream:
        self.network.operation("connect_tcp", timeout)
        return AsyncStream(self.network)


def on(network: Network, *, asynchronous: bool) -> httpx.BaseTransport | httpx.AsyncBaseTransport:
    """httpx's own transport, its connection pool on the stub network (the private name the runtime
    wraps, checked by httpx_internals.check)."""
    if asynchronous:
        atransport = httpx.AsyncHTTPTransport()
        atransport._pool._network_backend = AsyncBackend(network)
        return atransport
    transport = httpx.HTTPTransport()
    transport._pool._network_backend = Backend(network)
    return transport


async def fetch(network: Network, *, asynchronous: bool, **options: Any) -> Any:
    settings: dict[str, Any] = {
        "web_api_key": WEB,
        "app_key": APP,
        "base_url": NOWHERE,
        "retry_policy": RetryPolicy(sleep=lambda seconds: None, jitter=lambda: 1.0),
        "httpx_args": {"transport": on(network, asynchronous=asynchronous)},
        **options,
    }
    if asynchronous:
        async with AsyncFinerWorksClient(**settings) as afw:
            return await afw.orders.fetch_status(order_ids=[1])
    with FinerWorksClient(**settings) as fw:
        return fw.orders.fetch_status(order_ids=[1])


SYNC_AND_ASYNC = pytest.mark.parametrize("asynchronous", [False, True], ids=["sync", "async"])


@SYNC_AND_ASYNC
async def test_each_socket_operation_of_a_call_waits_at_most_until_its_deadline(
    clock: Clock, asynchronous: bool
) -> None:
    network = Network(clock, step=1.0, chunk=len(HTTP_ANSWER) // 3 + 1)  # the answer in 3 reads
    answer = await fetch(network, asynchronous=asynchronous, deadline=10.0, timeout=30.0)
    assert answer.orders == []
    names = [name for name, _, _ in network.seen]
    assert names[:2] == ["connect_tcp", "start_tls"] and "write" in names and names[-3:] == ["read"] * 3
    # every operation's timeout is the time left: 10 s for the first, a second less for each one after
    assert [timeout for _, timeout, _ in network.seen] == [left for _, _, left in network.seen]
    assert [left for _, _, left in network.seen] == [10.0 - n for n in range(len(network.seen))]


@SYNC_AND_ASYNC
async def test_shorter_timeouts_of_the_socket_operations_are_kept(clock: Clock, asynchronous: bool) -> None:
    network = Network(clock, step=0.5, chunk=len(HTTP_ANSWER))
    await fetch(network, asynchronous=asynchronous, deadline=60.0, timeout=httpx.Timeout(4.0, connect=1.0))
    assert [(name, timeout) for name, timeout, _ in network.seen if name != "write"] == [
        ("connect_tcp", 1.0),
        ("start_tls", 1.0),
        ("read", 4.0),
    ]


@SYNC_AND_ASYNC
async def test_a_server_that_drips_its_answer_is_cut_off_at_the_deadline(clock: Clock, asynchronous: bool) -> None:
    network = Network(clock, step=1.0, chunk=1)  # a byte a second: far longer than the deadline
    with pytest.raises(APITimeoutError) as raised:
        await fetch(network, asynchronous=asynchronous, deadline=5.0, timeout=30.0)
    assert str(raised.value) == f"POST {URL}: the call's deadline of 5 s passed after 1 attempt(s)"
    assert clock.now == START + 5.0  # the last operation ended at the deadline, and none started after it
    assert all(timeout == left > 0 for _, timeout, left in network.seen)


# --- the retrying transports' deadline and their errors ----------------------------------------------------


def failing(
    error: Callable[[httpx.Request], Exception], advance: Callable[[], None] = lambda: None
) -> httpx.MockTransport:
    def handle(request: httpx.Request) -> httpx.Response:
        advance()
        raise error(request)

    return httpx.MockTransport(handle)


async def call(transport: httpx.MockTransport, *, asynchronous: bool, **options: Any) -> FinerWorksError:
    """The error fetch_status raises through transport."""
    settings: dict[str, Any] = {
        "web_api_key": WEB,
        "app_key": APP,
        "base_url": NOWHERE,
        "httpx_args": {"transport": transport},
        **options,
    }
    with pytest.raises(FinerWorksError) as raised:
        if asynchronous:
            async with AsyncFinerWorksClient(**settings) as afw:
                await afw.orders.fetch_status(order_ids=[1])
        else:
            with FinerWorksClient(**settings) as fw:
                fw.orders.fetch_status(order_ids=[1])
    return raised.value


@SYNC_AND_ASYNC
async def test_a_failure_that_ends_at_the_deadline_is_the_deadline(clock: Clock, asynchronous: bool) -> None:
    def take_the_whole_deadline() -> None:
        clock.now = START + 5.0

    transport = failing(lambda request: httpx.ConnectError("refused", request=request), take_the_whole_deadline)
    found = await call(transport, asynchronous=asynchronous, deadline=5.0)
    assert type(found) is APITimeoutError
    assert str(found) == f"POST {URL}: the call's deadline of 5 s passed after 1 attempt(s)"
    assert isinstance(found.__cause__, httpx.ConnectError)


class Unavailable:
    """FinerWorks answering 503 to every request, keeping them."""

    def __init__(self) -> None:
        self.sent: list[httpx.Request] = []
        self.transport = httpx.MockTransport(self.handle)

    def handle(self, request: httpx.Request) -> httpx.Response:
        self.sent.append(request)
        return httpx.Response(503, json={"Message": "busy"})


@SYNC_AND_ASYNC
@pytest.mark.parametrize("overrun", ["to the deadline", "past it"])
async def test_no_attempt_starts_at_or_after_the_deadline(clock: Clock, asynchronous: bool, overrun: str) -> None:
    """A retry's wait that overruns (a busy machine) leaves no time: the retry is not sent."""
    unavailable = Unavailable()
    end = START + 5.0

    def oversleep(seconds: float) -> None:
        clock.now = end if overrun == "to the deadline" else end + 10.0

    async def async_oversleep(seconds: float) -> None:
        oversleep(seconds)

    policy = RetryPolicy(sleep=oversleep, async_sleep=async_oversleep, jitter=lambda: 1.0)
    found = await call(unavailable.transport, asynchronous=asynchronous, deadline=5.0, retry_policy=policy)
    assert type(found) is APITimeoutError
    assert str(found) == f"POST {URL}: the call's deadline of 5 s passed after 1 attempt(s)"
    assert len(unavailable.sent) == 1


@SYNC_AND_ASYNC
async def test_a_retry_whose_wait_would_end_at_the_deadline_is_not_made(clock: Clock, asynchronous: bool) -> None:
    """The answer is then FinerWorks' own (a ServerError), not a timeout with nothing to show."""
    unavailable = Unavailable()

    def sleep(seconds: float) -> None:
        clock.now += seconds

    async def async_sleep(seconds: float) -> None:
        sleep(seconds)

    policy = RetryPolicy(sleep=sleep, async_sleep=async_sleep, jitter=lambda: 1.0)  # the first wait: 0.5 s
    found = await call(unavailable.transport, asynchronous=asynchronous, deadline=0.5, retry_policy=policy)
    assert type(found) is ServerError and found.status_code == 503
    assert len(unavailable.sent) == 1 and clock.now == START
    found = await call(unavailable.transport, asynchronous=asynchronous, deadline=0.5001, retry_policy=policy)
    assert type(found) is ServerError and len(unavailable.sent) == 3  # 0.5 s of the 0.5001 s: retried once


@SYNC_AND_ASYNC
async def test_a_timeout_before_the_deadline_says_which_one_it_was(clock: Clock, asynchronous: bool) -> None:
    transport = failing(lambda request: httpx.ReadTimeout("timed out", request=request))
    found = await call(transport, asynchronous=asynchronous, max_retries=0)
    assert type(found) is APITimeoutError
    assert str(found) == f"POST {URL} timed out (ReadTimeout) after 1 attempt(s)"


@SYNC_AND_ASYNC
@pytest.mark.parametrize(
    ("error", "said"),
    [
        # a protocol or proxy error may hold a header's value (a key): its message is not repeated
        (httpx.LocalProtocolError(f"Illegal header value b'{WEB}\\n'"), "LocalProtocolError"),
        (httpx.ProxyError(f"407 for proxy credentials {WEB}"), "ProxyError"),
        (
            httpx.UnsupportedProtocol("Request URL has an unsupported protocol 'gopher://'"),
            "UnsupportedProtocol: Request URL has an unsupported protocol 'gopher://'",
        ),
        (httpx.DecodingError("Malformed gzip"), "DecodingError: Malformed gzip"),
    ],
)
async def test_a_failure_not_worth_retrying_is_raised_after_one_attempt(
    asynchronous: bool, error: httpx.HTTPError, said: str
) -> None:
    def fail(request: httpx.Request) -> httpx.Response:
        raise error

    found = await call(httpx.MockTransport(fail), asynchronous=asynchronous)
    assert type(found) is APIConnectionError
    assert str(found) == f"POST {URL} failed ({said}) after 1 attempt(s)"
