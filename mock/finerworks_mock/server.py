"""Run the mock under uvicorn: its HTTP protocol (with the mock's limits), sockets, a server that
stops cleanly on SIGINT and SIGTERM, and a thread runner.

This module does not load openapi-core or the spec's validators: the proxy serves through it too."""

from __future__ import annotations

import asyncio
import contextlib
import ipaddress
import json
import signal
import socket
import sys
import threading
import time
from collections.abc import Generator, Iterator
from typing import Any

import uvicorn
from starlette.types import ASGIApp, Receive, Scope, Send
from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

from .wire import CLOSE_EXTENSION, INVALID, STOPPING_EXTENSION

MAX_HEAD_BYTES = 32 * 1024  # request line and headers together, as Kestrel's default
HEAD_TIMEOUT = 10.0  # seconds to send a whole request line and headers
BODY_TIMEOUT = 10.0  # seconds to send a whole body, once the headers are in
MAX_CONNECTIONS = 1000  # open connections; a request on one more is answered 503


def connection_cap(wanted: int = MAX_CONNECTIONS) -> int:
    """wanted, or fewer if the process may not open that many files: each connection is one, and
    up to twice the cap may be open for a moment (see HttpProtocol). Past the file limit, accept()
    fails and the server stops taking connections at all."""
    try:
        import resource

        soft = resource.getrlimit(resource.RLIMIT_NOFILE)[0]
    except (ImportError, OSError, ValueError):  # no such limit here (Windows)
        return wanted
    if soft == resource.RLIM_INFINITY:
        return wanted
    return max(16, min(wanted, (soft - 64) // 2))


PHRASES = {
    400: b"Bad Request",
    408: b"Request Timeout",
    431: b"Request Header Fields Too Large",
    503: b"Service Unavailable",
}


class HttpProtocol(HttpToolsProtocol):
    """uvicorn's HTTP/1.1 on httptools (llhttp, faster than h11), with the mock's limits and refusals.

    - A request that llhttp cannot parse (a method HTTP does not define, such as BREW; a malformed
      request line or header) never reaches the app. uvicorn answers it with a plain-text 400;
      this answers with the mock's ApiError JSON and llhttp's reason. Every method HTTP defines
      reaches the app, which answers a wrong one with 405 and Allow.
    - A request line and headers over MAX_HEAD_BYTES get 431 and the connection is closed; httptools
      itself has no limit (a 32 MiB header was read whole into memory).
    - A request line and headers not complete HEAD_TIMEOUT seconds after their first byte (or after
      the connection opened) get 408 and the connection is closed; uvicorn's keep-alive timeout
      covers only idle connections between requests, not a slow head.
    - A body not complete BODY_TIMEOUT seconds after its headers gets 408 (if nothing was
      answered yet) and the connection is closed; the app sees the client leave (wire.Disconnected)
      and answers nothing. Without it, a body that never finishes held its connection forever.
    - Past max_connections open connections (MAX_CONNECTIONS, or fewer if the file limit is lower:
      connection_cap), a request gets 503 with Retry-After and its connection is closed; past twice
      as many, a new connection is closed at once. With the two timeouts, no number of stalled
      clients keeps the mock from answering for long.
    - The app can close the connection without answering (a `close` fault) and learn that the
      server is stopping (an asyncio.Event, to cut a delay short) through the scope's extensions.
    """

    max_head_bytes = MAX_HEAD_BYTES
    head_timeout = HEAD_TIMEOUT
    body_timeout = BODY_TIMEOUT
    max_connections = connection_cap()

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        self._head_bytes = 0
        self._in_head = True  # the bytes that come next belong to a request line or headers
        self._refusal: tuple[int, str] | None = None
        self._stopping = asyncio.Event()
        self._body_timer: asyncio.TimerHandle | None = None
        self._head_timer: asyncio.TimerHandle | None = None
        open_connections = len(self.connections)
        if open_connections > 2 * self.max_connections:
            transport.close()
            return
        if open_connections > self.max_connections:
            self._refusal = (503, f"The mock has more than {self.max_connections} open connections; try again.")
        self._head_timer = self.loop.call_later(self.head_timeout, self._head_timed_out)

    def connection_lost(self, exc: Exception | None) -> None:
        self._cancel_head_timer()
        self._cancel_body_timer()
        super().connection_lost(exc)

    def shutdown(self) -> None:
        self._stopping.set()  # a delayed request answers 503 now, instead of being cut off later
        super().shutdown()

    def data_received(self, data: bytes) -> None:
        if self._in_head:
            self._head_bytes += len(data)
        super().data_received(data)
        if self._in_head and self._head_bytes > self.max_head_bytes and not self.transport.is_closing():
            self._reply_and_close(431, f"The request line and headers are larger than {self.max_head_bytes} bytes.")

    def on_message_begin(self) -> None:
        super().on_message_begin()
        self.scope["extensions"] = {
            CLOSE_EXTENSION: self._close_unanswered,  # type: ignore[dict-item]
            STOPPING_EXTENSION: self._stopping,  # type: ignore[dict-item]
        }
        if self._head_timer is None:
            self._head_timer = self.loop.call_later(self.head_timeout, self._head_timed_out)

    def on_headers_complete(self) -> None:
        self._cancel_head_timer()
        size = len(self.url) + sum(len(name) + len(value) + 4 for name, value in self.headers)
        self._head_bytes = 0
        self._in_head = False
        if size > self.max_head_bytes:
            self._refusal = (431, f"The request line and headers are larger than {self.max_head_bytes} bytes.")
        if self._refusal is not None:
            raise ValueError(self._refusal[1])  # httptools stops parsing; data_received calls send_400_response
        super().on_headers_complete()
        self._body_timer = self.loop.call_later(self.body_timeout, self._body_timed_out)

    def on_message_complete(self) -> None:
        self._cancel_body_timer()
        super().on_message_complete()
        self._in_head = True
        self._head_bytes = 0

    def _cancel_body_timer(self) -> None:
        if self._body_timer is not None:
            self._body_timer.cancel()
            self._body_timer = None

    def _body_timed_out(self) -> None:
        self._body_timer = None
        if self.transport.is_closing():
            return
        if self.cycle is not None and not self.cycle.response_started:
            self.cycle.disconnected = True  # the app's receive() says the client left; its answer is dropped
            self._reply_and_close(408, f"The request body took longer than {self.body_timeout:g} s.")
        else:
            self.transport.close()

    def _cancel_head_timer(self) -> None:
        if self._head_timer is not None:
            self._head_timer.cancel()
            self._head_timer = None

    def _head_timed_out(self) -> None:
        self._head_timer = None
        if self._in_head and not self.transport.is_closing():
            if self._head_bytes:
                self._reply_and_close(408, f"The request line and headers took longer than {self.head_timeout:g} s.")
            else:
                self.transport.close()  # nothing was sent: nothing to answer

    def _close_unanswered(self) -> None:
        if self.cycle is not None:
            self.cycle.disconnected = True  # so uvicorn does not answer 500 for the app
        self.transport.close()

    def send_400_response(self, msg: str) -> None:
        if self._refusal is not None:
            self._reply_and_close(*self._refusal)
            return
        error = sys.exc_info()[1]  # uvicorn calls this from its except block around the parser
        self._reply_and_close(400, f"{msg.rstrip('.')}: {str(error).rstrip('.')}." if error else msg)

    def _reply_and_close(self, status: int, reason: str) -> None:
        self._cancel_head_timer()
        body = json.dumps(
            {"Message": INVALID if status == 400 else reason, "ModelState": {"request": [reason]}}
        ).encode()
        head = [
            b"HTTP/1.1 %d %s" % (status, PHRASES[status]),
            *(name + b": " + value for name, value in self.server_state.default_headers),
        ]
        head += [b"content-type: application/json", b"content-length: %d" % len(body), b"connection: close"]
        if status == 503:
            head.append(b"retry-after: 1")
        self.transport.write(b"\r\n".join(head) + b"\r\n\r\n" + body)
        self.transport.close()


HTTP_PROTOCOL = HttpProtocol


def is_loopback(host: str) -> bool:
    """True for 127.0.0.0/8, ::1 and localhost."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def listen(port: int = 0, host: str = "127.0.0.1") -> socket.socket:
    """A TCP socket bound to host:port (0: a free port), to hand to uvicorn.

    TCP_NODELAY is set here because connections accepted from a socket we pass to uvicorn do not
    get it otherwise: each response's body then waits ~40 ms for the client's delayed ACK.
    """
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    listener = socket.socket(family, socket.SOCK_STREAM)
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    listener.bind((host, port))
    return listener


class Server(uvicorn.Server):
    """uvicorn's server (0.54, pinned), which stops on SIGINT or SIGTERM and then returns, instead of
    raising the signal again once stopped (which made SIGTERM end the process with 143 before it
    could say it stopped), and which stops at once when nothing is open: uvicorn notices a stop only
    at its next tick and then pauses a tenth of a second for connections to close, which made each
    test's mock a quarter of a second slower than its requests."""

    _wake: asyncio.Event | None = None
    _loop: asyncio.AbstractEventLoop | None = None

    def stop(self) -> None:
        """Stop serving, from any thread: the server finishes what is in flight, then returns."""
        self.should_exit = True
        if self._loop is not None and self._wake is not None:
            with contextlib.suppress(RuntimeError):  # the loop has closed: it has stopped already
                self._loop.call_soon_threadsafe(self._wake.set)

    async def main_loop(self) -> None:
        """uvicorn's: a tick every tenth of a second (its Date header, its stop check), woken by stop()."""
        self._loop, self._wake = asyncio.get_running_loop(), asyncio.Event()
        counter = 0
        should_exit = await self.on_tick(counter)
        while not should_exit:
            counter = (counter + 1) % 864000
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._wake.wait(), 0.1)
            should_exit = await self.on_tick(counter)

    async def shutdown(self, sockets: list[socket.socket] | None = None) -> None:
        """uvicorn's, which waits for the connections to close after asking them to for as long as
        they take, at most a tenth of a second, instead of always a tenth of a second."""
        for server in self.servers:
            server.close()
        for sock in sockets or []:
            sock.close()
        for connection in list(self.server_state.connections):
            connection.shutdown()
        for _ in range(50):
            if not self.server_state.connections:
                break
            await asyncio.sleep(0.002)
        try:
            await asyncio.wait_for(self._wait_tasks_to_complete(), timeout=self.config.timeout_graceful_shutdown)
        except TimeoutError:
            for task in self.server_state.tasks:
                task.cancel(msg="Task cancelled, timeout graceful shutdown exceeded")
        if not self.force_exit:
            await self.lifespan.shutdown()

    @contextlib.contextmanager
    def capture_signals(self) -> Generator[None, None, None]:
        if threading.current_thread() is not threading.main_thread():
            yield
            return
        previous = {sig: signal.signal(sig, self.handle_exit) for sig in (signal.SIGINT, signal.SIGTERM)}
        try:
            yield
        finally:
            for sig, handler in previous.items():
                signal.signal(sig, handler)


def config(app: ASGIApp, **options: Any) -> uvicorn.Config:
    """uvicorn's settings for the mock.

    uvicorn calls the app it is given with no arguments first, to find out whether it is a factory,
    and guesses ASGI 2 or 3 from its __call__: both go wrong for an app whose __call__ takes *args (a
    decorator, a tracer, mutmut's trampoline). The app is handed over inside a plain ASGI 3 function,
    and the interface said."""

    async def asgi(scope: Scope, receive: Receive, send: Send) -> None:
        await app(scope, receive, send)

    settings: dict[str, Any] = {
        "log_level": "warning",
        "lifespan": "on",
        "http": HTTP_PROTOCOL,
        "interface": "asgi3",
        **options,
    }
    return uvicorn.Config(asgi, **settings)


@contextlib.contextmanager
def serve(app: ASGIApp, port: int = 0, **options: Any) -> Iterator[str]:
    """Run app under uvicorn on 127.0.0.1:port (0: a free port) in a thread; yield its root URL; stop it.

    options go to uvicorn.Config (http= another protocol class, for instance)."""
    listener = listen(port)
    server = Server(config(app, **options))
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
        server.stop()
        thread.join(10)
        listener.close()
