"""Run an ASGI app (the mock) under uvicorn in a background thread, for tests and tools."""

from __future__ import annotations

import contextlib
import json
import socket
import sys
import threading
import time
from collections.abc import Iterator

import uvicorn
from starlette.types import ASGIApp
from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

from .app import INVALID


class HttpProtocol(HttpToolsProtocol):
    """uvicorn's HTTP/1.1 on httptools (llhttp, 5x faster than h11), refusing like the mock does.

    A request that llhttp cannot parse (a method HTTP does not define, such as BREW; a malformed
    request line or header) never reaches the app. uvicorn answers it with a plain-text 400
    "Invalid HTTP request received."; this answers with the mock's ApiError JSON and llhttp's
    reason, so a client sees what was wrong. Every method HTTP defines reaches the app, which
    answers a wrong one with 405 and Allow.
    """

    def send_400_response(self, msg: str) -> None:
        error = sys.exc_info()[1]  # uvicorn calls this from its except block around the parser
        reason = f"{msg.rstrip('.')}: {str(error).rstrip('.')}." if error else msg
        body = json.dumps({"Message": INVALID, "ModelState": {"request": [reason]}}).encode()
        head = [
            b"HTTP/1.1 400 Bad Request",
            *(name + b": " + value for name, value in self.server_state.default_headers),
        ]
        head += [b"content-type: application/json", b"content-length: %d" % len(body), b"connection: close"]
        self.transport.write(b"\r\n".join(head) + b"\r\n\r\n" + body)
        self.transport.close()


HTTP_PROTOCOL = HttpProtocol


def listen(port: int = 0) -> socket.socket:
    """A TCP socket bound to 127.0.0.1:port (0: a free port), to hand to uvicorn.

    TCP_NODELAY is set here because connections accepted from a socket we pass to uvicorn do not
    get it otherwise: each response's body then waits ~40 ms for the client's delayed ACK.
    """
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    listener.bind(("127.0.0.1", port))
    return listener


@contextlib.contextmanager
def serve(app: ASGIApp) -> Iterator[str]:
    """Run app under uvicorn on a free 127.0.0.1 port in a thread; yield its root URL; stop it."""
    listener = listen()
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning", lifespan="on", http=HTTP_PROTOCOL))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [listener]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            raise RuntimeError("uvicorn did not start")
        time.sleep(0.01)
    try:
        yield f"http://127.0.0.1:{listener.getsockname()[1]}"
    finally:
        server.should_exit = True
        thread.join(10)
        listener.close()
