"""Upstreams written to attack the proxy (loopback only), by path under /v3:

- /huge: a 300 MB answer with its Content-Length, sent in 1 MiB chunks made on the fly;
- /endless: a chunked answer that never ends; `stopped` is set when its client (the proxy) goes away;
- /bomb: a gzip bomb, about 1 MB on the wire that decodes to 1 GiB of JSON-ish text;
- /sink: reads a request body of any size and answers how many bytes it got;
- /cookie: sets a session cookie and echoes the Cookie header it was sent;
- /echo: answers the request line and headers exactly as it received them, as JSON;
- anything else: fetchOrderStatus' seed example.
"""

from __future__ import annotations

import asyncio
import json
import struct
import threading
import zlib
from functools import cache
from typing import Any

from starlette.types import Receive, Scope, Send

MB = 1024 * 1024
HUGE = 300 * MB
CHUNK = b"x" * MB


@cache
def bomb() -> bytes:
    """A gzip member of about 1 MB that decodes to 1 GiB of spaces inside a JSON string.

    Made in a fraction of a second: after a full flush the compressor starts afresh, so one 4 MiB
    block compresses to the same bytes every time; the trailer gets the CRC and size of the whole.
    """
    prefix, block, suffix = b'{"orders": "', b" " * (4 * MB), b'"}'
    compressor = zlib.compressobj(9, zlib.DEFLATED, zlib.MAX_WBITS | 16)
    head = compressor.compress(prefix) + compressor.flush(zlib.Z_FULL_FLUSH)
    repeated = compressor.compress(block) + compressor.flush(zlib.Z_FULL_FLUSH)
    tail = compressor.compress(suffix) + compressor.flush()
    crc, size = zlib.crc32(prefix), len(prefix) + 256 * len(block) + len(suffix)
    for _ in range(256):
        crc = zlib.crc32(block, crc)
    crc = zlib.crc32(suffix, crc)
    return head + repeated * 256 + tail[:-8] + struct.pack("<II", crc, size & 0xFFFFFFFF)


class Hostile:
    """The ASGI app; `stopped` tells a test that the endless answer's reader went away."""

    def __init__(self, example: dict[str, Any]) -> None:
        self.example = json.dumps(example).encode()
        self.stopped = threading.Event()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            return
        path = scope["path"].removeprefix("/v3")
        received = 0
        more = True
        while more:
            message = await receive()
            received += len(message.get("body", b""))
            more = message.get("more_body", False)
        if path == "/huge":
            await self.start(send, [(b"content-length", str(HUGE).encode())])
            for _ in range(HUGE // MB):
                await send({"type": "http.response.body", "body": CHUNK, "more_body": True})
            await send({"type": "http.response.body", "body": b""})
        elif path == "/endless":
            await self.endless(receive, send)
        elif path == "/bomb":
            body = bomb()
            await self.start(send, [(b"content-encoding", b"gzip"), (b"content-length", str(len(body)).encode())])
            await send({"type": "http.response.body", "body": body})
        elif path == "/cookie":
            cookie = dict(scope["headers"]).get(b"cookie", b"").decode()
            await self.answer(
                send, json.dumps({"cookie": cookie}).encode(), [(b"set-cookie", b"session=s3cr3t-ses5ion")]
            )
        elif path == "/echo":
            seen = {
                "method": scope["method"],
                "target": scope["raw_path"].decode(),
                "headers": [[name.decode(), value.decode()] for name, value in scope["headers"]],
            }
            await self.answer(send, json.dumps(seen).encode())
        elif path == "/sink":
            await self.answer(send, json.dumps({"received": received}).encode())
        else:
            await self.answer(send, self.example)

    async def endless(self, receive: Receive, send: Send) -> None:
        async def gone() -> None:
            while (await receive())["type"] != "http.disconnect":
                pass

        watcher = asyncio.ensure_future(gone())
        try:
            await self.start(send, [])
            while not watcher.done():
                await send({"type": "http.response.body", "body": CHUNK, "more_body": True})
                await asyncio.sleep(0)
        finally:
            watcher.cancel()
            self.stopped.set()

    @staticmethod
    async def start(send: Send, headers: list[tuple[bytes, bytes]]) -> None:
        headers = [(b"content-type", b"application/json"), *headers]
        await send({"type": "http.response.start", "status": 200, "headers": headers})

    async def answer(self, send: Send, body: bytes, headers: list[tuple[bytes, bytes]] | None = None) -> None:
        await self.start(send, [(b"content-length", str(len(body)).encode()), *(headers or [])])
        await send({"type": "http.response.body", "body": body})
