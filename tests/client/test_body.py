"""The client reads a response body within max_response_size, as it streams in, compressed or not
(issue 21): a huge or endless body, and a small gzip bomb, end in ResponseTooLargeError with the
client's memory bounded, measured against real servers on 127.0.0.1."""

from __future__ import annotations

import asyncio
import contextlib
import functools
import gc
import json
import socket
import threading
import tracemalloc
import zlib
from collections.abc import AsyncIterator, Callable, Iterator
from typing import Any

import httpx
import pytest
from finerworks_client import (
    APIConnectionError,
    AsyncFinerWorksClient,
    ConfigurationError,
    FinerWorksClient,
    FinerWorksError,
    ResponseTooLargeError,
    ServerError,
    UnexpectedResponseError,
)
from finerworks_client._runtime import body as body_module
from finerworks_client.models import FetchOrderStatusResponse

from ..support import BASE_PATH, NOWHERE, Credentials

KEYS: Credentials = {"web_api_key": "web", "app_key": "app"}
OK = json.dumps({"status": {"success": True, "status_code": 200, "message": "", "debug": None}, "orders": []}).encode()
MiB = 1024 * 1024
DEFAULT = 32 * MiB
# What a call may allocate beyond the bytes it keeps: one network read, one inflated step, httpx's
# own objects. The stated bound (docs/benchmarks.md): peak <= max_response_size + this.
SLACK = 4 * MiB

Body = Callable[[socket.socket], None]


@contextlib.contextmanager
def serving(answer: Body) -> Iterator[str]:
    """A real 127.0.0.1 server: each connection's request is read, then answer() writes the reply
    until it is done or the client hangs up."""
    listener = socket.create_server(("127.0.0.1", 0))

    def run() -> None:
        while True:
            try:
                conn, _ = listener.accept()
            except OSError:
                return
            with conn, contextlib.suppress(OSError):
                read_request(conn)
                answer(conn)
                conn.shutdown(socket.SHUT_WR)

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{listener.getsockname()[1]}{BASE_PATH}"
    finally:
        listener.close()


def read_request(conn: socket.socket) -> None:
    """Read a whole request (its headers, then Content-Length bytes), so that closing the
    connection afterwards does not reset it."""
    data = b""
    while b"\r\n\r\n" not in data:
        data += conn.recv(65536)
    headers, _, body = data.partition(b"\r\n\r\n")
    length = next(
        (int(line.split(b":")[1]) for line in headers.lower().split(b"\r\n") if line.startswith(b"content-length:")), 0
    )
    while len(body) < length:
        body += conn.recv(65536)


def head(status: str = "200 OK", **headers: str) -> bytes:
    lines = [f"HTTP/1.1 {status}", "content-type: application/json", "connection: close"]
    lines += [f"{name.replace('_', '-')}: {value}" for name, value in headers.items()]
    return ("\r\n".join(lines) + "\r\n\r\n").encode()


SPACES = b" " * MiB


def whitespace(total: int, *, declared: bool, status: str = "200 OK") -> Body:
    """total bytes of whitespace (a JSON body with nothing in it), with or without Content-Length."""

    def answer(conn: socket.socket) -> None:
        if declared:
            conn.sendall(head(status, content_length=str(total)))
            for _ in range(total // MiB):
                conn.sendall(SPACES)
            return
        conn.sendall(head(status, transfer_encoding="chunked"))
        for _ in range(total // MiB):
            conn.sendall(b"%x\r\n" % MiB + SPACES + b"\r\n")
        conn.sendall(b"0\r\n\r\n")

    return answer


def endless(conn: socket.socket) -> None:
    conn.sendall(head(transfer_encoding="chunked"))
    while True:
        conn.sendall(b"%x\r\n" % MiB + SPACES + b"\r\n")


@pytest.fixture(scope="module")
def bomb() -> bytes:
    """A gzip body of 128 MiB of spaces, about 128 KiB on the wire (the ratio of any gzip bomb)."""
    compressor = zlib.compressobj(9, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
    block = b" " * (16 * MiB)
    return b"".join([*(compressor.compress(block) for _ in range(8)), compressor.flush()])


def sending(body: bytes, **headers: str) -> Body:
    def answer(conn: socket.socket) -> None:
        conn.sendall(head(content_length=str(len(body)), **headers) + body)

    return answer


def peak(call: Callable[[], Any]) -> tuple[int, BaseException | None]:
    """The peak of Python memory allocated while call() ran, and what it raised."""
    gc.collect()
    tracemalloc.start()
    raised: BaseException | None = None
    try:
        call()
    except BaseException as error:  # returned to the test, which asserts on it
        raised = error
    finally:
        top = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
    return top, raised


def fetch(base_url: str, **options: Any) -> Callable[[], Any]:
    def run() -> Any:
        with FinerWorksClient(base_url=base_url, max_retries=0, **KEYS, **options) as client:
            return client.orders.fetch_status(order_ids=[1])

    return run


@pytest.mark.parametrize(
    "answer",
    [whitespace(300 * MiB, declared=True), whitespace(300 * MiB, declared=False), endless],
    ids=["300 MB with Content-Length", "300 MB chunked", "endless chunked"],
)
def test_a_huge_body_is_refused_as_it_streams_with_memory_bounded(answer: Body) -> None:
    with serving(answer) as base_url:
        top, raised = peak(fetch(base_url))
    assert isinstance(raised, ResponseTooLargeError)
    assert f"larger than max_response_size ({DEFAULT} bytes)" in str(raised)
    assert "(empty body)" not in str(raised)
    assert top < DEFAULT + SLACK, f"peak {top / MiB:.1f} MiB"


def test_a_gzip_bomb_is_refused_once_inflated_past_the_limit_with_memory_bounded(bomb: bytes) -> None:
    with serving(sending(bomb, content_encoding="gzip")) as base_url:
        top, raised = peak(fetch(base_url))
    assert isinstance(raised, ResponseTooLargeError)
    assert "decompressed" in str(raised)
    assert top < DEFAULT + SLACK, f"peak {top / MiB:.1f} MiB"


async def test_the_async_client_is_bounded_too(bomb: bytes) -> None:
    with serving(sending(bomb, content_encoding="gzip")) as base_url:
        async with AsyncFinerWorksClient(base_url=base_url, max_retries=0, **KEYS) as client:
            with pytest.raises(ResponseTooLargeError):
                await client.orders.fetch_status(order_ids=[1])
    with serving(whitespace(64 * MiB, declared=False)) as base_url:
        async with AsyncFinerWorksClient(base_url=base_url, max_retries=0, **KEYS) as client:
            with pytest.raises(ResponseTooLargeError):
                await client.orders.fetch_status(order_ids=[1])


@pytest.mark.parametrize("encoding", ["gzip", "deflate", "raw deflate", "identity"])
def test_a_body_within_the_limit_is_decoded_and_parsed(encoding: str) -> None:
    wbits = {"gzip": 16 + zlib.MAX_WBITS, "deflate": zlib.MAX_WBITS, "raw deflate": -zlib.MAX_WBITS}
    if encoding in wbits:
        compressor = zlib.compressobj(6, zlib.DEFLATED, wbits[encoding])
        body = compressor.compress(OK) + compressor.flush()
        headers = {"content_encoding": encoding.replace("raw ", "")}
    else:
        body, headers = OK, {}
    with serving(sending(body, **headers)) as base_url:
        assert isinstance(fetch(base_url)(), FetchOrderStatusResponse)
        # the limit is on the decoded body: exactly its size passes, one byte less does not
        assert isinstance(fetch(base_url, max_response_size=len(OK))(), FetchOrderStatusResponse)
        with pytest.raises(ResponseTooLargeError):
            fetch(base_url, max_response_size=len(OK) - 1)()


def test_the_limit_is_a_setting_per_client_and_per_call() -> None:
    with serving(whitespace(2 * MiB, declared=False)) as base_url:
        with pytest.raises(ResponseTooLargeError, match=f"max_response_size \\({MiB} bytes\\)"):
            fetch(base_url, max_response_size=MiB)()
        with FinerWorksClient(base_url=base_url, max_retries=0, **KEYS) as client:
            with pytest.raises(ResponseTooLargeError, match="\\(1000 bytes\\)"):
                client.orders.fetch_status(order_ids=[1], max_response_size=1000)
            with pytest.raises(ResponseTooLargeError, match="\\(1000 bytes\\)"):
                client.with_options(max_response_size=1000).orders.fetch_status(order_ids=[1])
    for wrong in (0, -1, 1.5, True, "1"):
        with pytest.raises(ConfigurationError, match="max_response_size"):
            # deliberately not an int (or an int out of range): the client must refuse it
            FinerWorksClient(base_url=NOWHERE, max_response_size=wrong, **KEYS)  # type: ignore[arg-type]


def test_a_whitespace_error_body_is_described_not_called_empty() -> None:
    """An error whose body is whitespace only says so (it used to say "(empty body)")."""
    answer = whitespace(MiB, declared=True, status="500 Internal Server Error")
    with serving(answer) as base_url, pytest.raises(ServerError) as raised:
        fetch(base_url)()
    assert "(empty body)" not in str(raised.value)
    assert f"({MiB} bytes, whitespace only)" in str(raised.value)


def test_a_mock_transport_body_over_the_limit_is_refused_too() -> None:
    """A transport that hands over a body already read (httpx.MockTransport) is held to the limit."""
    transport = httpx.MockTransport(lambda request: httpx.Response(200, content=b" " * 2000 + OK))
    client = FinerWorksClient(base_url=NOWHERE, max_response_size=1000, httpx_args={"transport": transport}, **KEYS)
    with client, pytest.raises(ResponseTooLargeError) as raised:
        client.orders.fetch_status(order_ids=[1])
    assert isinstance(raised.value, FinerWorksError)
    assert raised.value.status_code == 200


# --- the same rules in-process: bodies streamed by an httpx.MockTransport, or read by read_bounded ---------


URL = f"{NOWHERE}/fetch_order_status"
STEP = body_module.STEP


class Chunks(httpx.SyncByteStream, httpx.AsyncByteStream):
    """A response body that arrives in the given chunks, counting how many were read."""

    def __init__(self, chunks: list[bytes]) -> None:
        self.chunks = chunks
        self.read = 0

    def __iter__(self) -> Iterator[bytes]:
        for chunk in self.chunks:
            self.read += 1
            yield chunk

    async def __aiter__(self) -> AsyncIterator[bytes]:
        for chunk in self.chunks:
            self.read += 1
            yield chunk


def streamed(
    chunks: list[bytes], headers: dict[str, str] | None = None, *, content: bytes | None = None
) -> tuple[httpx.MockTransport, Chunks]:
    """A transport answering 200 with chunks streamed (or, with content, a body already read)."""
    stream = Chunks(chunks)
    named = headers or {}

    def answer(request: httpx.Request) -> httpx.Response:
        if content is not None:
            return httpx.Response(200, headers=named, content=content)
        return httpx.Response(200, headers=named, stream=stream)

    return httpx.MockTransport(answer), stream


def call(mode: str, transport: httpx.MockTransport, limit: int = DEFAULT) -> Any:
    """fetch_status through a sync or an async client whose responses come from transport."""
    options: dict[str, Any] = {"base_url": NOWHERE, "max_retries": 0, "max_response_size": limit, **KEYS}
    if mode == "sync":
        with FinerWorksClient(httpx_args={"transport": transport}, **options) as client:
            return client.orders.fetch_status(order_ids=[1])

    async def run() -> Any:
        async with AsyncFinerWorksClient(httpx_args={"transport": transport}, **options) as client:
            return await client.orders.fetch_status(order_ids=[1])

    return asyncio.run(run())


def compressed(data: bytes, wbits: int) -> bytes:
    compressor = zlib.compressobj(6, zlib.DEFLATED, wbits)
    return compressor.compress(data) + compressor.flush()


def gzipped(data: bytes) -> bytes:
    return compressed(data, 16 + zlib.MAX_WBITS)


MODES = ["sync", "async"]


def too_large(limit: int, decoded: str = "") -> str:
    return (
        f"POST {URL}: the response body is larger than max_response_size ({limit} bytes{decoded}); it was not "
        "read further. FinerWorks' answers are far smaller: pass a larger max_response_size only if this "
        "answer is expected"
    )


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize(
    "headers",
    [{}, {"content-encoding": "identity"}, {"content-encoding": " Identity "}],
    ids=["none", "identity", "Identity"],
)
def test_a_declared_length_over_the_limit_is_refused_before_a_byte_is_read(mode: str, headers: dict[str, str]) -> None:
    transport, stream = streamed([b" " * 600] * 2, {"content-length": "1200", **headers})
    with pytest.raises(ResponseTooLargeError) as raised:
        call(mode, transport, limit=1000)
    assert raised.value.message == too_large(1000)
    assert (raised.value.status_code, raised.value.path) == (200, None)
    assert stream.read == 0


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize(
    ("headers", "decoded"),
    [({}, ""), ({"content-encoding": "identity"}, ""), ({"content-encoding": "gzip"}, ", decompressed")],
    ids=["none", "identity", "gzip"],
)
def test_a_streamed_body_is_refused_once_past_the_limit_and_read_no_further(
    mode: str, headers: dict[str, str], decoded: str
) -> None:
    chunks = [b" " * 600] * 3
    if decoded:
        chunks = [gzipped(b" " * 1800)]
    transport, stream = streamed(chunks, headers)
    with pytest.raises(ResponseTooLargeError) as raised:
        call(mode, transport, limit=1000)
    assert raised.value.message == too_large(1000, decoded)
    assert stream.read == (1 if decoded else 2)


@pytest.mark.parametrize("mode", MODES)
def test_a_compressed_body_longer_than_the_limit_is_read_when_its_decoded_body_fits(mode: str) -> None:
    """Content-Length counts the bytes on the wire: only an uncompressed body is refused by it."""
    body = gzipped(OK)
    assert len(body) > len(OK)  # a short body gains more from gzip's header than it loses
    transport, _ = streamed([body], {"content-encoding": "gzip", "content-length": str(len(body))})
    assert isinstance(call(mode, transport, limit=len(OK)), FetchOrderStatusResponse)


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("encoding", ["x-custom", "gzip, x-custom"])
def test_a_coding_the_client_does_not_know_is_left_to_httpx(mode: str, encoding: str) -> None:
    """httpx skips a coding it does not know and undoes the others (here gzip)."""
    body = gzipped(OK) if encoding.startswith("gzip") else OK
    transport, _ = streamed([body[:10], body[10:]], {"content-encoding": encoding})
    assert isinstance(call(mode, transport), FetchOrderStatusResponse)


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("encoding", ["gzip", "deflate"])
def test_a_compressed_body_cut_short_is_read_as_far_as_it_goes(mode: str, encoding: str) -> None:
    """Nothing is made up past its end: the error is the body's (not JSON), not the connection's."""
    body = compressed(OK, 16 + zlib.MAX_WBITS if encoding == "gzip" else -zlib.MAX_WBITS)
    transport, _ = streamed([body[: len(body) // 2]], {"content-encoding": encoding})
    with pytest.raises(UnexpectedResponseError) as raised:
        call(mode, transport)
    assert 'the response is not the documented JSON object: \'{"status": {"success": true' in str(raised.value)


@pytest.mark.parametrize("mode", MODES)
def test_a_body_already_read_is_held_to_the_limit_exactly(mode: str) -> None:
    transport, _ = streamed([], content=OK)
    assert isinstance(call(mode, transport, limit=len(OK)), FetchOrderStatusResponse)
    with pytest.raises(ResponseTooLargeError) as raised:
        call(mode, transport, limit=len(OK) - 1)
    assert raised.value.message == too_large(len(OK) - 1)


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("encoding", ["gzip, gzip", "gzip,deflate"])
def test_a_body_encoded_twice_is_decoded_twice(mode: str, encoding: str) -> None:
    outer, inner = (part.strip() for part in encoding.split(","))
    wbits = {"gzip": 16 + zlib.MAX_WBITS, "deflate": zlib.MAX_WBITS}
    body = compressed(compressed(OK, wbits[outer]), wbits[inner])
    transport, _ = streamed([body[:10], body[10:]], {"content-encoding": encoding})
    assert isinstance(call(mode, transport), FetchOrderStatusResponse)


ZLIB_OK = compressed(OK, zlib.MAX_WBITS)


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize(
    ("encoding", "chunks", "problem"),
    [
        ("gzip", [b"this is not gzip at all"], "incorrect header check"),
        ("x-gzip", [b"\x1f\x8b" + b"\x00" * 30], "unknown compression method"),
        # a zlib stream whose check value is wrong, after chunks that decoded well; as raw deflate the
        # four bytes would be an empty last block: a body is never tried again as raw once it decoded
        ("deflate", [ZLIB_OK[:20], ZLIB_OK[20:-4], b"\x03\x00\x00\x00"], "incorrect data check"),
        # neither zlib's deflate nor raw deflate (this used to loop for ever, trying one then the other)
        ("deflate", [b"this is not deflate at all"], "invalid code lengths set"),
        ("deflate", [b"\xff" * 30], "invalid block type"),
        ("gzip, deflate", [compressed(b"not gzip", zlib.MAX_WBITS)], "incorrect header check"),
    ],
    ids=["gzip", "bad gzip header", "deflate with a bad check value", "text as deflate", "0xff as deflate", "layers"],
)
def test_a_body_that_cannot_be_decoded_is_a_connection_error_saying_so(
    mode: str, encoding: str, chunks: list[bytes], problem: str
) -> None:
    transport, _ = streamed(chunks, {"content-encoding": encoding})
    with pytest.raises(APIConnectionError) as raised:
        call(mode, transport)
    coding = encoding.split(",")[0]  # the outer coding is undone last: here, what fails
    said = f"(DecodingError: the {coding} body cannot be decoded: Error -3 while decompressing data: {problem})"
    assert said in str(raised.value)


def test_an_inflating_body_stops_one_byte_past_the_limit() -> None:
    """Each step inflates at most what is left of the limit, plus the one byte that proves it passed."""
    data = gzipped(b" " * (4 * STEP))
    response = httpx.Response(200, headers={"content-encoding": "gzip"})
    for limit in (1000, 70_000, STEP + 5):
        body = body_module.BoundedBody(response, limit)
        chunks = (data[start : start + 40] for start in range(0, len(data), 40))
        assert not all(body.add(chunk) for chunk in chunks)  # as read_bounded feeds it: until past the limit
        assert body.size == limit + 1 and body.chunks == []


@pytest.mark.parametrize("size", [STEP + 21, 3 * STEP + 22])
def test_a_raw_deflate_body_is_decoded_whole_to_its_last_byte(size: int) -> None:
    """zlib holds back the end of a raw deflate stream (it has no trailer) until it is asked for it."""
    data = compressed(b" " * size, -zlib.MAX_WBITS)
    request = httpx.Request("POST", URL)

    def response() -> httpx.Response:
        return httpx.Response(200, headers={"content-encoding": "deflate"}, stream=Chunks([data]), request=request)

    whole = response()
    body_module.read_bounded(request, whole, size)
    assert whole.content == b" " * size
    with pytest.raises(ResponseTooLargeError):
        body_module.read_bounded(request, response(), size - 1)


@functools.cache
def layered(encoding: str, size: int = 16 * MiB) -> bytes:
    """size bytes of zeros with each coding of a Content-Encoding applied, in its order."""
    wbits = {"gzip": 16 + zlib.MAX_WBITS, "x-gzip": 16 + zlib.MAX_WBITS, "deflate": zlib.MAX_WBITS}
    names = [name.strip() for name in encoding.split(",") if name.strip() != "identity"]
    first = zlib.compressobj(9, zlib.DEFLATED, wbits[names[0]])
    block = bytes(min(size, 4 * MiB))
    data = b"".join([*(first.compress(block) for _ in range(size // len(block))), first.flush()])
    for name in names[1:]:
        data = compressed(data, wbits[name])
    return data


@pytest.mark.parametrize("encoding", ["gzip, gzip", "deflate, gzip", "gzip, identity, x-gzip"])
def test_a_bomb_in_layers_is_refused_with_memory_bounded_too(encoding: str) -> None:
    """A body gzipped twice inflates a thousand times twice: 16 MiB of zeros are 100 bytes on the wire
    (httpx, which decoded layered codings, held each chunk's whole output: over 30 MiB here)."""
    request = httpx.Request("POST", URL)
    stream = Chunks([layered(encoding)])
    response = httpx.Response(200, headers={"content-encoding": encoding}, stream=stream, request=request)
    top, raised = peak(lambda: body_module.read_bounded(request, response, MiB))
    assert isinstance(raised, ResponseTooLargeError) and ", decompressed)" in str(raised)
    assert top < MiB + SLACK, f"peak {top / MiB:.1f} MiB"
    decoded = httpx.Response(200, headers={"content-encoding": encoding}, stream=Chunks([layered(encoding, MiB)]))
    body_module.read_bounded(request, decoded, MiB)
    assert decoded.content == bytes(MiB)
