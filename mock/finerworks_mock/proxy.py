"""finerworks-mock proxy: a validating proxy for an integration's own traffic.

    finerworks-mock proxy --upstream <url> [--port 8001] [--record <dir>]   (make proxy UPSTREAM=<url>)

Point the integration at http://127.0.0.1:PORT/v3 instead of FinerWorks. Each request goes to the
upstream as the client sent it (method, target, headers, body; only the Host and the headers that
describe one connection change), and the upstream's answer comes back as it was sent (status,
headers, body bytes), streamed both ways: the proxy holds at most a few chunks of any body.

Meanwhile a copy of each body, up to --check-limit bytes, is checked against openapi.yaml by
openapi-core (conformance.py) in a worker thread, after the answer has been passed on; every
violation is logged with its operation, direction and member path, and a body over the limit is
logged as too large to check. With --record, each exchange is also written as a VCR.py cassette
(cassettes.py: credentials and personal data redacted).

Clients share nothing through the proxy: it keeps no cookies and adds no header. It listens on
127.0.0.1 only, forwards only to http(s) upstreams, and never logs a key.

Memory: the proxy's resident size stays within its idle size plus, per exchange in flight or
waiting to be checked, twice the check limit (a request and a response copy) and the chunks in
transit (64 KiB each way), plus what openapi-core needs to check one body of the limit. Answers
are never held for the checker: an exchange whose answer is sent waits for a place in its queue
(MAX_WAITING), and is logged as not checked after WAIT_FOR_CHECKER seconds.
"""

from __future__ import annotations

import argparse
import asyncio
import concurrent.futures
import contextlib
import json
import logging
import signal
import sys
import threading
import zlib
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import httpcore
from starlette.types import Message, Receive, Scope, Send

from .cassettes import CassetteWriter, PersonalData, Recorded
from .conformance import Checker, Exchange, key_values, redactor
from .server import serve

log = logging.getLogger("finerworks.proxy")

# Headers that describe one connection, not the message (RFC 9110 7.6.1): not passed on as such.
HOP_BY_HOP = frozenset(
    {
        b"connection",
        b"keep-alive",
        b"proxy-authenticate",
        b"proxy-authorization",
        b"proxy-connection",
        b"te",
        b"trailer",
        b"transfer-encoding",
        b"upgrade",
    }
)
SWITCH_INTERVAL = 0.0005  # seconds: how long the event loop can wait for the checker thread's lock
TIMEOUTS = {"connect": 10.0, "read": 120.0, "write": 120.0, "pool": 30.0}  # the sandbox can be slow
CHECK_LIMIT = 4 * 1024 * 1024  # bytes of each body kept for checking and recording (--check-limit)
MAX_WAITING = 16  # exchanges queued for the checker; the next ones wait for a place (the answer already sent)
WAIT_FOR_CHECKER = 30.0  # seconds an exchange waits for a place before it is left unchecked
JSON = [(b"content-type", b"application/json; charset=utf-8")]


class UpstreamError(ValueError):
    """UPSTREAM is not a URL the proxy forwards to."""


class ClientGone(Exception):
    """The client closed its connection before its request was complete."""


def parse_upstream(url: str) -> tuple[str, str]:
    """UPSTREAM -> (origin, base path). Only http and https URLs with a host are accepted."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise UpstreamError(f"UPSTREAM must be an http:// or https:// URL with a host, not {url!r}")
    if parts.query or parts.fragment:
        raise UpstreamError(f"UPSTREAM must be a base URL without query or fragment, not {url!r}")
    return f"{parts.scheme}://{parts.netloc}", parts.path.rstrip("/")


class Capture:
    """The first `limit` bytes of a body and its whole size: a copy for checking, never more than the limit."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.size = 0
        self._data = bytearray()

    def add(self, chunk: bytes) -> None:
        self.size += len(chunk)
        if self.size <= self.limit:
            self._data += chunk
        elif self._data:
            self._data = bytearray()  # over the limit: what was kept is of no use, let it go

    @property
    def whole(self) -> bytes | None:
        """The body, or None when it was over the limit."""
        return bytes(self._data) if self.size <= self.limit else None


class TooLarge(Exception):
    """A body decodes to more than the limit."""


def decode(body: bytes, encodings: str, limit: int) -> bytes:
    """body with its content-encoding (gzip, deflate, identity, in the order applied) undone,
    never producing more than limit bytes: a compression bomb is TooLarge, not a memory spike."""
    for encoding in reversed([part.strip().lower() for part in encodings.split(",") if part.strip()]):
        if encoding == "identity":
            continue
        if encoding not in ("gzip", "x-gzip", "deflate"):
            raise ValueError(f"the {encoding} content-encoding is not one the proxy decodes")
        wbits = zlib.MAX_WBITS | 16 if "gzip" in encoding else zlib.MAX_WBITS
        try:
            decoder = zlib.decompressobj(wbits)
            decoded = decoder.decompress(body, limit + 1)
        except zlib.error:
            if encoding != "deflate":
                raise ValueError(f"the body is not valid {encoding}") from None
            try:  # deflate as raw DEFLATE, which some servers send
                decoder = zlib.decompressobj(-zlib.MAX_WBITS)
                decoded = decoder.decompress(body, limit + 1)
            except zlib.error:
                raise ValueError("the body is not valid deflate") from None
        if len(decoded) > limit or decoder.unconsumed_tail:
            raise TooLarge(f"it decodes to more than {limit} bytes")
        body = decoded
    return body


@dataclass
class Seen:
    """What the proxy saw of one exchange, handed to the checker thread."""

    method: str
    path: str
    target: str
    request_headers: list[tuple[str, str]]
    request: Capture
    status: int
    reason: str
    response_headers: list[tuple[str, str]]
    response: Capture


class ValidatingProxy:
    """ASGI app: streams each exchange between client and upstream, then checks (and records) it off the loop."""

    def __init__(
        self,
        upstream: str,
        checker: Checker | None = None,
        record: Path | None = None,
        *,
        personal_data: PersonalData = "redact",
        check_limit: int = CHECK_LIMIT,
    ) -> None:
        self.origin, upstream_path = parse_upstream(upstream)
        parts = urlsplit(self.origin)
        self.scheme = parts.scheme.encode()
        self.host = (parts.hostname or "").encode("idna")
        self.port = parts.port or (443 if parts.scheme == "https" else 80)
        self.netloc = parts.netloc.encode("idna")
        self.checker = checker or Checker()
        self.base_path = upstream_path or self.checker.spec.base_path
        self.recorder = CassetteWriter(record, personal_data) if record else None
        self.check_limit = check_limit
        self.pool: httpcore.AsyncConnectionPool | None = None
        # One worker: exchanges are checked and recorded in the order they ended, off the event loop.
        self.worker = concurrent.futures.ThreadPoolExecutor(max_workers=1, thread_name_prefix="proxy-check")
        self.waiting = threading.BoundedSemaphore(MAX_WAITING)
        self.in_flight = 0  # exchanges between their request and their hand-over to the worker
        self.idle = threading.Condition()

    # ASGI ---------------------------------------------------------------------------------------

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "lifespan":
            while True:
                event = (await receive())["type"].rsplit(".", 1)[-1]
                if event == "shutdown":
                    if self.pool is not None:
                        await self.pool.aclose()
                    await asyncio.get_running_loop().run_in_executor(None, self.close)
                await send({"type": f"lifespan.{event}.complete"})
                if event == "shutdown":
                    return
        if scope["type"] != "http":
            return
        first = await receive()
        body_done = asyncio.Event()

        async def watch() -> None:  # the client hanging up, once its request is in
            await body_done.wait()
            while (await receive())["type"] != "http.disconnect":
                pass

        answered = asyncio.Event()
        with self.idle:
            self.in_flight += 1
        exchange = asyncio.ensure_future(self.exchange(scope, first, receive, send, body_done, answered))
        watcher = asyncio.ensure_future(watch())
        try:
            await asyncio.wait({exchange, watcher}, return_when=asyncio.FIRST_COMPLETED)
        finally:
            watcher.cancel()
            if not exchange.done() and not answered.is_set():  # the client left: stop reading the upstream
                exchange.cancel()
                log.info(
                    "%s %s: the client closed the connection; the upstream's answer was dropped",
                    scope["method"],
                    scope["path"],
                )
            with contextlib.suppress(asyncio.CancelledError):
                await exchange
            with contextlib.suppress(asyncio.CancelledError):
                await watcher
            with self.idle:
                self.in_flight -= 1
                self.idle.notify_all()

    async def exchange(
        self,
        scope: Scope,
        first: Message,
        receive: Receive,
        send: Send,
        body_done: asyncio.Event,
        answered: asyncio.Event,
    ) -> None:
        method: str = scope["method"]
        path: str = scope["path"]
        target: bytes = scope.get("raw_path") or path.encode()
        if scope.get("query_string"):
            target += b"?" + scope["query_string"]
        headers = self.forwarded_headers(scope["headers"])
        # What the upstream was sent, as checked and recorded: the client's headers, the upstream's Host
        shown = [(name.decode("latin-1"), value.decode("latin-1")) for name, value in headers]
        secrets = key_values(dict(shown))
        request = Capture(self.check_limit)
        names = {name for name, _ in scope["headers"]}
        has_body = b"content-length" in names or b"transfer-encoding" in names

        async def body() -> AsyncIterator[bytes]:
            message = first
            while True:
                if message["type"] == "http.disconnect":
                    raise ClientGone
                chunk = message.get("body", b"")
                if chunk:
                    request.add(chunk)
                    yield chunk
                if not message.get("more_body", False):
                    break
                message = await receive()
            body_done.set()

        if not has_body:
            body_done.set()
        outgoing = httpcore.Request(
            method.encode("latin-1"),
            httpcore.URL(scheme=self.scheme, host=self.host, port=self.port, target=target),
            headers=headers,
            content=body() if has_body else None,
            extensions={"timeout": TIMEOUTS},
        )
        if self.pool is None:
            self.pool = httpcore.AsyncConnectionPool(max_connections=100, keepalive_expiry=30)
        try:
            answer = await self.pool.handle_async_request(outgoing)
        except ClientGone:
            return
        except (httpcore.LocalProtocolError, httpcore.UnsupportedProtocol) as error:
            reason = redactor(secrets)(str(error) or type(error).__name__)
            log.error("%s %s: not forwarded: %s", method, path, reason)
            await self.reply(send, 400, f"FinerWorks proxy: the request cannot be forwarded ({reason})")
            return
        except Exception as error:  # connect, timeout, protocol errors of the upstream: it gave no answer
            reason = redactor(secrets)(f"{type(error).__name__}: {error}")
            log.error("%s %s -> no response from the upstream (%s)", method, path, reason)
            await self.reply(send, 502, f"FinerWorks proxy: no response from {self.origin} ({reason})")
            return
        response = Capture(self.check_limit)
        try:
            kept = [(name, value) for name, value in answer.headers if name.lower() not in HOP_BY_HOP]
            await send({"type": "http.response.start", "status": answer.status, "headers": kept})
            async for chunk in answer.aiter_stream():
                response.add(chunk)
                await send({"type": "http.response.body", "body": chunk, "more_body": True})
            answered.set()
            await send({"type": "http.response.body", "body": b""})
        except (httpcore.NetworkError, httpcore.RemoteProtocolError, httpcore.TimeoutException) as error:
            log.error(
                "%s %s: the upstream's answer broke off after %d bytes (%s)",
                method,
                path,
                response.size,
                type(error).__name__,
            )
            return  # the client sees the connection close: an incomplete answer is never passed as whole
        finally:
            await answer.aclose()
        reason = answer.extensions.get("reason_phrase", b"")
        seen = Seen(
            method,
            path,
            target.decode("latin-1"),
            shown,
            request,
            answer.status,
            reason.decode("latin-1") if isinstance(reason, bytes) else str(reason),
            [(name.decode("latin-1"), value.decode("latin-1")) for name, value in answer.headers],
            response,
        )
        # The answer is already passed on: waiting here for the checker delays no one, and keeps
        # the copies of at most the exchanges in flight. One that waits too long is not checked.
        waited = 0.0
        while not self.waiting.acquire(blocking=False):
            if waited >= WAIT_FOR_CHECKER:
                log.warning(
                    "%s %s -> %d: not checked or recorded: %d exchanges waited %g s for the checker",
                    method,
                    path,
                    answer.status,
                    MAX_WAITING,
                    WAIT_FOR_CHECKER,
                )
                return
            await asyncio.sleep(0.01)
            waited += 0.01
        try:
            future = self.worker.submit(self.after, seen)
        except RuntimeError:  # the proxy is stopping: its checker takes no more
            self.waiting.release()
            log.warning("%s %s -> %d: not checked or recorded: the proxy is stopping", method, path, answer.status)
            return
        future.add_done_callback(lambda _: self.waiting.release())

    def forwarded_headers(self, headers: list[tuple[bytes, bytes]]) -> list[tuple[bytes, bytes]]:
        """The client's headers as it sent them, with the upstream's Host and without per-connection ones."""
        named = {
            token.strip().lower()
            for name, value in headers
            if name.lower() == b"connection"
            for token in value.split(b",")
        }
        out = []
        for name, value in headers:
            lower = name.lower()
            if lower == b"host":
                out.append((name, self.netloc))
            elif lower == b"transfer-encoding" or (lower not in HOP_BY_HOP and lower not in named):
                out.append((name, value))  # a chunked body is passed on chunked: the same framing
        if not any(name.lower() == b"host" for name, _ in out):
            out.insert(0, (b"host", self.netloc))
        return out

    @staticmethod
    async def reply(send: Send, status: int, message: str) -> None:
        body = json.dumps({"Message": message}).encode()
        headers = [*JSON, (b"content-length", str(len(body)).encode())]
        await send({"type": "http.response.start", "status": status, "headers": headers})
        await send({"type": "http.response.body", "body": body})

    # Off the event loop -----------------------------------------------------------------------------

    def after(self, seen: Seen) -> None:
        """Check and record one exchange (in the worker thread): nothing here can change what the client got."""
        secrets = key_values(dict(seen.request_headers))
        redact = redactor(secrets)
        decoded: bytes | None = None
        try:
            decoded = self.check(seen)
        except Exception as error:
            log.error("%s %s: could not be checked: %s", seen.method, seen.path, redact(str(error) or repr(error)))
        if self.recorder is not None:
            try:
                self.record(seen, decoded)
            except Exception as error:
                log.error("%s %s: could not be recorded: %s", seen.method, seen.path, redact(repr(error)))

    def _api_path(self, path: str) -> str | None:
        """/v3/fetch_order_status -> /fetch_order_status; None outside the upstream's base path."""
        if not path.startswith(self.base_path + "/"):
            return None
        return path[len(self.base_path) :]

    def response_body(self, seen: Seen) -> bytes | None:
        """The response body decoded, or None when it is over the limit (raw or decoded)."""
        raw = seen.response.whole
        if raw is None:
            return None
        encoding = ", ".join(value for name, value in seen.response_headers if name.lower() == "content-encoding")
        try:
            return decode(raw, encoding, self.check_limit)
        except TooLarge:
            return None

    def check(self, seen: Seen) -> bytes | None:
        """Check the exchange, log the verdict; returns the decoded response body (None: too large)."""
        api_path = self._api_path(seen.path)
        if api_path is None:
            log.warning(
                "%s %s -> %d: outside the API's base path %s, not checked",
                seen.method,
                seen.target,
                seen.status,
                self.base_path,
            )
            return self.response_body(seen)
        decoded = self.response_body(seen)
        too_large = [
            f"{direction} body ({size} bytes{' decoded' if direction == 'response' and raw else ''})"
            for direction, size, raw, body in (
                ("request", seen.request.size, True, seen.request.whole),
                ("response", seen.response.size, seen.response.whole is not None, decoded),
            )
            if body is None
        ]
        if too_large:
            log.warning(
                "%s %s -> %d: not checked: the %s is larger than the check limit of %d bytes",
                seen.method,
                seen.path,
                seen.status,
                " and the ".join(too_large),
                self.check_limit,
            )
            return decoded
        assert decoded is not None and seen.request.whole is not None
        exchange = Exchange(
            seen.method,
            api_path,
            dict(seen.request_headers),
            seen.request.whole,
            seen.status,
            dict(seen.response_headers),
            decoded,
        )
        operation, violations = self.checker.check(exchange)
        verdict = "conforms to openapi.yaml" if not violations else f"{len(violations)} violation(s)"
        log.info("%s %s -> %d %s: %s", seen.method, seen.path, seen.status, operation, verdict)
        for violation in violations:
            log.warning("  VIOLATION %s", violation)
        return decoded

    def record(self, seen: Seen, decoded: bytes | None) -> None:
        assert self.recorder is not None
        api_path = self._api_path(seen.path)
        operation = (self.checker.operation(seen.method, api_path) if api_path else None) or "unknown"
        kept_headers = [(n, v) for n, v in seen.response_headers if n.lower() not in ("transfer-encoding",)]
        path, personal = self.recorder.write(
            Recorded(
                operation,
                seen.method,
                self.origin + seen.target,
                seen.request_headers,
                seen.request.whole,
                seen.request.size,
                seen.status,
                seen.reason,
                kept_headers,
                decoded,
                seen.response.size,
            )
        )
        log.info("  recorded %s", path)
        if personal and self.recorder.personal_data == "keep":
            log.warning("  %s holds personal data: %s", path.name, ", ".join(personal))

    def wait_idle(self, timeout: float = 30) -> None:
        """Wait until every exchange so far has been checked and recorded (tests, `make cassettes`)."""
        with self.idle:
            self.idle.wait_for(lambda: self.in_flight == 0, timeout)
        self.worker.submit(lambda: None).result(timeout)  # the worker takes exchanges in order

    def close(self) -> None:
        """Wait for the exchanges still being checked or recorded."""
        self.worker.shutdown(wait=True)


@contextlib.contextmanager
def running(app: ValidatingProxy, port: int = 0) -> Iterator[str]:
    """The proxy on 127.0.0.1:port (0: a free port) in a background thread: yields its base URL.

    The mock's runner, with uvicorn's own HTTP parser and no Server or Date header of uvicorn's, so
    responses pass through untouched. On leaving, the exchanges still being checked are finished.
    """
    options = {"http": "auto", "lifespan": "auto", "server_header": False, "date_header": False}
    try:
        with serve(app, port, timeout_graceful_shutdown=2, **options) as root:
            yield root + app.base_path
    finally:
        app.close()


def wait_for_a_stop() -> None:
    """Return on Ctrl-C or SIGTERM. The wait wakes up often: a signal the kernel hands to another
    thread (the server's, the checker's) only runs Python's handler once the main thread runs."""
    stop = threading.Event()
    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGTERM, lambda *_: stop.set())
    with contextlib.suppress(KeyboardInterrupt):
        while not stop.wait(0.2):
            pass


def build_parser(prog: str = "finerworks-mock proxy") -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog=prog, description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--upstream", required=True, help="the API's base URL: https://test-api.finerworks.com/v3")
    parser.add_argument("--port", type=int, default=8001, help="port on 127.0.0.1 (default 8001; 0 picks a free one)")
    parser.add_argument("--record", type=Path, help="write each exchange as a VCR.py cassette into this directory")
    parser.add_argument(
        "--keep-personal-data",
        action="store_true",
        help="record names, addresses, phones and emails as they are (flagged in a warning and the cassette); "
        "by default they are redacted",
    )
    parser.add_argument(
        "--check-limit",
        type=int,
        default=CHECK_LIMIT,
        metavar="BYTES",
        help=f"largest body checked and recorded (default {CHECK_LIMIT}); larger ones are passed on, "
        "logged as too large to check",
    )
    return parser


def main(argv: list[str] | None = None, prog: str = "finerworks-mock proxy") -> int:
    parser = build_parser(prog)
    args = parser.parse_args(argv)
    if args.check_limit < 0:
        parser.error("--check-limit must be 0 or more bytes")
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s", stream=sys.stderr)
    # The checker thread shares the interpreter lock with the event loop: by default a thread that
    # wants it waits up to 5 ms, which a request arriving during a check would pay. 0.5 ms keeps
    # the loop's wait short; the check itself only gets slower in wall time, off the request path.
    sys.setswitchinterval(SWITCH_INTERVAL)
    try:
        app = ValidatingProxy(
            args.upstream,
            record=args.record,
            personal_data="keep" if args.keep_personal_data else "redact",
            check_limit=args.check_limit,
        )
        with running(app, args.port) as base_url:
            recording = f"; recording cassettes into {args.record}" if args.record else ""
            print(f"FinerWorks proxy: {base_url} -> {app.origin}{app.base_path}", flush=True)
            print(f"  checking every exchange against openapi.yaml{recording}; Ctrl-C stops it", flush=True)
            wait_for_a_stop()
    except UpstreamError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    except OSError as error:
        print(f"error: cannot listen on 127.0.0.1:{args.port}: {error.strerror}", file=sys.stderr)
        return 2
    print("FinerWorks proxy: stopped", flush=True)
    return 0
