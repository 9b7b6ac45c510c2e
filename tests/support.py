"""Test helpers: the keys the tests' mock requires, a real server on a free port, a request recorder."""

from __future__ import annotations

import contextlib
import socket
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import uvicorn
from starlette.datastructures import Headers
from starlette.types import ASGIApp, Receive, Scope, Send

# The same pair is in schemathesis.toml, which schemathesis sends with every request.
KEYS = ("test-web-api-key", "test-app-key")
AUTH = {"web_api_key": KEYS[0], "app_key": KEYS[1]}


@contextlib.contextmanager
def serve(app: ASGIApp) -> Iterator[str]:
    """Run app under uvicorn on a free 127.0.0.1 port in a thread; yield its root URL; stop it."""
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.bind(("127.0.0.1", 0))
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning", lifespan="on"))
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


@dataclass
class Received:
    method: str
    path: str
    headers: Headers
    body: bytes


class Recorder:
    """ASGI middleware that keeps a copy of every HTTP request before passing it on."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app
        self.requests: list[Received] = []

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        body, more = b"", True
        while more:
            message = await receive()
            body += message.get("body", b"")
            more = message.get("more_body", False)
        self.requests.append(Received(scope["method"], scope["path"], Headers(scope=scope), body))

        async def replay() -> dict[str, Any]:
            return {"type": "http.request", "body": body, "more_body": False}

        await self.app(scope, replay, send)
