"""Run an ASGI app (the mock) under uvicorn in a background thread, for tests and tools."""

from __future__ import annotations

import contextlib
import socket
import threading
import time
from collections.abc import Iterator

import uvicorn
from starlette.types import ASGIApp

# h11, not httptools: httptools answers a method it does not know (BREW) with its own plain-text
# 400 before the app sees it; with h11 the mock answers 405 with Allow, like any other wrong method.
HTTP_PROTOCOL = "h11"


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
