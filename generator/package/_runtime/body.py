"""Reading a response body within max_response_size, as it streams in, compressed or not.

A body is decoded here (gzip and deflate, what the clients' Accept-Encoding asks for, once or in
layers) with a cap on each step's output, so a small compressed body that inflates to gigabytes
stops at the limit: the peak memory of a call stays near max_response_size (docs/benchmarks.md has
the measured figures). Any other encoding a server sends anyway is decoded by httpx and counted
chunk by chunk.
"""

from __future__ import annotations

import zlib

import httpx

from ..errors import ResponseTooLargeError
from .httpx_internals import set_content

ACCEPT_ENCODING = "gzip, deflate"
# zlib's wbits: 32 + 15 reads a gzip or a zlib header; -15 is raw deflate (what some servers send).
_WBITS = {"gzip": 32 + zlib.MAX_WBITS, "x-gzip": 32 + zlib.MAX_WBITS, "deflate": 32 + zlib.MAX_WBITS}
_RAW_DEFLATE = -zlib.MAX_WBITS
# The most one inflating step produces: zlib builds each step's output whole, so a step as large as
# the limit would hold it twice.
STEP = 256 * 1024


class _Coding:
    """One gzip or deflate coding of a body, undone step by step."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.inflate = zlib.decompressobj(_WBITS[name])
        self.fed = False  # some input was decoded: a deflate body is not raw deflate after all

    def decompress(self, data: bytes, most: int) -> bytes:
        """At most `most` bytes of data's output; the rest of data is left in inflate.unconsumed_tail."""
        try:
            piece = self.inflate.decompress(data, most)
        except zlib.error as error:
            if self.fed or self.name != "deflate":
                raise httpx.DecodingError(f"the {self.name} body cannot be decoded: {error}") from None
            self.fed = True  # tried once more as deflate without its zlib header, then refused
            self.inflate = zlib.decompressobj(_RAW_DEFLATE)
            return self.decompress(data, most)
        self.fed = True
        return piece


class BoundedBody:
    """The body of one response, fed chunk by chunk; add() says False once it passes the limit."""

    def __init__(self, response: httpx.Response, limit: int) -> None:
        self.limit = limit
        self.size = 0
        self.chunks: list[bytes] = []
        # Content-Encoding lists the codings in the order they were applied: the last is undone first.
        listed = response.headers.get("content-encoding", "").lower().split(",")
        names = [name for name in (part.strip() for part in listed) if name not in ("", "identity")]
        self.own_decoding = all(name in _WBITS for name in names)
        self.codings = [_Coding(name) for name in reversed(names)] if self.own_decoding else []

    def too_large(self, response: httpx.Response) -> bool:
        """The declared Content-Length of an uncompressed body is over the limit already."""
        length = response.headers.get("content-length", "")
        return not self.codings and self.own_decoding and length.isdigit() and int(length) > self.limit

    def _keep(self, piece: bytes) -> bool:
        self.size += len(piece)
        if self.size > self.limit:
            self.chunks.clear()
            return False
        if piece:
            self.chunks.append(piece)
        return True

    def add(self, data: bytes, depth: int = 0) -> bool:
        """Take the next chunk as read (raw, still encoded if own_decoding): False past the limit.
        (depth: how many of the codings data has been through.)"""
        if depth == len(self.codings):
            return self._keep(data)
        coding = self.codings[depth]
        while data:
            # each step: at most STEP bytes, and at most one byte more than the limit has room for
            piece = coding.decompress(data, min(STEP, self.limit - self.size + 1))
            if not self.add(piece, depth + 1):
                return False
            data = coding.inflate.unconsumed_tail
        return True

    def finish(self, response: httpx.Response) -> bool:
        """The end of the body: False past the limit, else the body is the response's content."""
        for depth, coding in enumerate(self.codings):
            # What zlib still holds back once every byte is in (the end of a raw deflate stream, which
            # has no trailer to read past it) is the output of the few codes already read: a few KiB
            # at most, taken whole (a max_length of 0 is none).
            if not self.add(coding.decompress(b"", 0), depth + 1):
                return False
        set_content(response, b"".join(self.chunks))
        self.chunks.clear()
        return True


def too_large(request: httpx.Request, response: httpx.Response, limit: int) -> ResponseTooLargeError:
    encoding = response.headers.get("content-encoding", "").strip().lower()
    decoded = ", decompressed" if encoding not in ("", "identity") else ""
    return ResponseTooLargeError(
        f"{request.method} {request.url}: the response body is larger than max_response_size "
        f"({limit} bytes{decoded}); it was not read further. FinerWorks' answers are far smaller: "
        "pass a larger max_response_size only if this answer is expected",
        status_code=response.status_code,
    )


def _read_already(request: httpx.Request, response: httpx.Response, limit: int) -> bool:
    """True if the transport gave a response that holds its body already (httpx.MockTransport's,
    say) within the limit; the error if it is over it; False if the body is still to be read."""
    try:
        content = response.content
    except httpx.ResponseNotRead:
        return False
    if len(content) > limit:
        raise too_large(request, response, limit)
    return True


def read_bounded(request: httpx.Request, response: httpx.Response, limit: int) -> None:
    """Read response's body into it, or close it and raise ResponseTooLargeError past limit bytes."""
    if _read_already(request, response, limit):
        return
    body = BoundedBody(response, limit)
    if not body.too_large(response):
        chunks = response.iter_raw() if body.own_decoding else response.iter_bytes()
        if all(body.add(chunk) for chunk in chunks) and body.finish(response):
            return
    response.close()
    raise too_large(request, response, limit)


async def aread_bounded(request: httpx.Request, response: httpx.Response, limit: int) -> None:
    """The async twin of read_bounded."""
    if _read_already(request, response, limit):
        return
    body = BoundedBody(response, limit)
    if not body.too_large(response):
        chunks = response.aiter_raw() if body.own_decoding else response.aiter_bytes()
        async for chunk in chunks:
            if not body.add(chunk):
                break
        else:
            if body.finish(response):
                return
    await response.aclose()
    raise too_large(request, response, limit)
