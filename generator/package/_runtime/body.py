"""Reading a response body within max_response_size, as it streams in, compressed or not.

A body is decoded here (gzip and deflate, what the clients' Accept-Encoding asks for) with a cap on
each step's output, so a small compressed body that inflates to gigabytes stops at the limit: the
peak memory of a call stays near max_response_size (docs/benchmarks.md has the measured figures).
Any other encoding a server sends anyway is decoded by httpx and counted chunk by chunk.
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


class BoundedBody:
    """The body of one response, fed chunk by chunk; add() says False once it passes the limit."""

    def __init__(self, response: httpx.Response, limit: int) -> None:
        self.limit = limit
        self.size = 0
        self.chunks: list[bytes] = []
        self.encoding = response.headers.get("content-encoding", "").strip().lower()
        self.own_decoding = self.encoding in _WBITS or self.encoding in ("", "identity")
        wbits = _WBITS.get(self.encoding)
        self.inflate = None if wbits is None else zlib.decompressobj(wbits)
        self.fed = False

    def too_large(self, response: httpx.Response) -> bool:
        """The declared Content-Length of an uncompressed body is over the limit already."""
        length = response.headers.get("content-length", "")
        return self.inflate is None and self.own_decoding and length.isdigit() and int(length) > self.limit

    def _keep(self, piece: bytes) -> bool:
        self.size += len(piece)
        if self.size > self.limit:
            self.chunks.clear()
            return False
        if piece:
            self.chunks.append(piece)
        return True

    def add(self, data: bytes) -> bool:
        """Take the next chunk as read (raw, still encoded if own_decoding): False past the limit."""
        if self.inflate is None:
            return self._keep(data)
        while data:
            try:
                piece = self.inflate.decompress(data, min(STEP, self.limit - self.size + 1))
            except zlib.error as error:
                if self.fed or self.encoding != "deflate":
                    raise httpx.DecodingError(f"the {self.encoding} body cannot be decoded: {error}") from None
                self.inflate = zlib.decompressobj(_RAW_DEFLATE)  # deflate without its zlib header
                continue
            self.fed = True
            if not self._keep(piece):
                return False
            data = self.inflate.unconsumed_tail
        return True

    def finish(self, response: httpx.Response) -> bool:
        """The end of the body: False past the limit, else the body is the response's content.

        add() has given zlib every byte, so what it still holds back (the end of a raw deflate stream,
        which has no trailer to read past it) is the output of the few codes already read: at most a
        few KiB, taken in one piece."""
        if self.inflate is not None and not self._keep(self.inflate.flush()):
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
