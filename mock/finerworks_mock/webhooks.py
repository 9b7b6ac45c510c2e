"""Order-status webhooks: the mock calls back as FinerWorks does (openapi.yaml, `webhooks: orderStatus`).

An order with a `webhook_order_status_url` (or, without one, the mock's default URL: the
`--webhook-url` option, the plugin's `finerworks_mock_webhook_url` setting) gets its status POSTed
there when its production status changes or a shipment is added through the admin API: the
order as fetchOrderStatus returns it, sent as JSON, in the shape the mock was started with (one
order object by default; see SHAPES).

Deliveries never run on the request path. The admin call that changed the order records the body
(the order as it is at that moment) and returns at once; a daemon thread sends it. Deliveries of
one order are sent one after the other, in the order of the changes, so a receiver never sees an
older status after a newer one; deliveries of different orders run side by side, at most
MAX_CONCURRENT at a time. Each attempt has a bounded timeout (connect, write and answer); a
connection error, a timeout or an answer outside 2xx is tried again, up to MAX_ATTEMPTS in all.
FinerWorks documents no retries: these are the mock's, so that a handler's idempotency can be
tested. At most MAX_PENDING deliveries wait at a time; beyond that a delivery is recorded as
`dropped` and not sent.

`GET /_mock/webhooks` lists the deliveries (the last MAX_RECORDS), with the URL's query values and
user info redacted, so a test can wait for one. WebhookReceiver is a small local server that
records what it receives, for tests (the pytest plugin's `finerworks_webhook_receiver` fixture).
"""

from __future__ import annotations

import copy
import datetime
import itertools
import json
import threading
import time
from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import SplitResult, parse_qsl, urlencode, urlsplit

import httpx

SHAPES = ("order", "list", "envelope")  # the shapes of openapi.yaml's OrderStatusNotification
TIMEOUT = 5.0  # seconds, per attempt
MAX_ATTEMPTS = 3
RETRY_DELAYS = (0.5, 1.0)  # seconds before the second and third attempts
MAX_CONCURRENT = 8  # deliveries in flight at once
MAX_PENDING = 1000  # deliveries waiting or in flight; more are dropped
MAX_RECORDS = 1000  # deliveries listed by GET /_mock/webhooks
USER_AGENT = "finerworks-mock"
REDACTED = "[redacted]"
# The status envelope of the fetchOrderStatus body, for the `envelope` shape.
STATUS = {"success": True, "status_code": 200, "message": "", "debug": None}


def url_problem(url: object) -> str | None:
    """Why url cannot be a webhook URL (an absolute http or https URL with a host), or None."""
    if not isinstance(url, str):
        return "the webhook URL must be text"
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 - raises ValueError for a port that is not a number
    except ValueError as error:
        return f"{url!r} is not a URL ({error})"
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return f"the webhook URL must be an absolute http:// or https:// URL, not {url!r}"
    return None


def redact(url: str) -> str:
    """url with its user info and every query value replaced by [redacted]: a secret is often put there."""
    parts = urlsplit(url)
    netloc = parts.netloc.rpartition("@")[2]
    if parts.username is not None or parts.password is not None:
        netloc = f"{REDACTED}@{netloc}"
    query = urlencode([(name, REDACTED) for name, _ in parse_qsl(parts.query, keep_blank_values=True)], safe="[]")
    return SplitResult(parts.scheme, netloc, parts.path, query, "").geturl()


@dataclass
class Delivery:
    """One webhook call, as GET /_mock/webhooks lists it (components/schemas/WebhookDelivery of admin.yaml)."""

    id: int
    order_id: int
    event: str  # production_status | shipment
    url: str  # the real URL: listed redacted
    body: Any
    at: str = field(default_factory=lambda: datetime.datetime.now(datetime.UTC).isoformat())
    status: str = "pending"  # pending | delivered | failed | dropped
    attempts: int = 0
    response_status: int | None = None
    error: str | None = None

    def record(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "at": self.at,
            "order_id": self.order_id,
            "event": self.event,
            "url": redact(self.url),
            "status": self.status,
            "attempts": self.attempts,
            "response_status": self.response_status,
            "error": self.error,
            "body": self.body,
        }


class Webhooks:
    """Sends the mock's order-status webhooks off the request path, and keeps the record of them."""

    def __init__(
        self,
        default_url: str | None = None,
        *,
        shape: str = "order",
        timeout: float = TIMEOUT,
        attempts: int = MAX_ATTEMPTS,
        retry_delays: tuple[float, ...] = RETRY_DELAYS,
    ) -> None:
        problem = url_problem(default_url) if default_url is not None else None
        if problem:
            raise ValueError(problem)
        if shape not in SHAPES:
            raise ValueError(f"the webhook shape must be one of {', '.join(SHAPES)}, not {shape!r}")
        self.default_url = default_url
        self.shape = shape
        self.attempts = attempts
        self.retry_delays = retry_delays
        self.timeout = timeout
        self._http: httpx.Client | None = None  # made by the first delivery: most mocks never send one
        self._lock = threading.Lock()
        self._ids = itertools.count(1)
        self._records: deque[Delivery] = deque(maxlen=MAX_RECORDS)
        self._queues: dict[int, deque[Delivery]] = {}  # per order: the deliveries not sent yet, in order
        self._pending = 0
        self._slots = threading.BoundedSemaphore(MAX_CONCURRENT)

    def order_changed(self, order: dict[str, Any], url: str | None, event: str) -> Delivery | None:
        """Queue the call for `order` (an OrderStatus, as fetchOrderStatus returns it) to url, or to
        the default URL; None when there is neither."""
        url = url or self.default_url
        if url is None:
            return None
        delivery = Delivery(next(self._ids), order["order_id"], event, url, self._body(copy.deepcopy(order)))
        with self._lock:
            self._records.append(delivery)
            if self._pending >= MAX_PENDING:
                delivery.status, delivery.error = "dropped", f"more than {MAX_PENDING} deliveries were waiting"
                return delivery
            self._pending += 1
            queue = self._queues.setdefault(delivery.order_id, deque())
            queue.append(delivery)
            start = len(queue) == 1  # else the thread sending this order's earlier calls sends it next
        if start:
            threading.Thread(target=self._send_queue, args=(delivery.order_id,), daemon=True).start()
        return delivery

    def listing(self, limit: int) -> dict[str, Any]:
        """Body of GET /_mock/webhooks: the last `limit` deliveries, oldest first."""
        with self._lock:
            return {"deliveries": [delivery.record() for delivery in list(self._records)[-limit:]]}

    def clear(self) -> None:
        """Forget the record (a reset); deliveries on their way are still sent, but no longer listed."""
        with self._lock:
            self._records.clear()

    def close(self) -> None:
        with self._lock:
            http, self._http = self._http, None
        if http is not None:
            http.close()

    def _client(self) -> httpx.Client:
        with self._lock:
            if self._http is None:
                self._http = httpx.Client(timeout=self.timeout, follow_redirects=False, trust_env=False)
            return self._http

    def _body(self, order: dict[str, Any]) -> Any:
        if self.shape == "list":
            return [order]
        if self.shape == "envelope":
            return {"status": dict(STATUS), "orders": [order]}
        return order

    def _send_queue(self, order_id: int) -> None:
        while True:
            with self._lock:
                delivery = self._queues[order_id][0]
            with self._slots:
                self._send(delivery)  # never raises: whatever fails is recorded in the delivery
            with self._lock:
                self._pending -= 1
                queue = self._queues[order_id]
                queue.popleft()
                if not queue:
                    del self._queues[order_id]
                    return

    def _send(self, delivery: Delivery) -> None:
        content = json.dumps(delivery.body, separators=(",", ":")).encode()
        headers = {"content-type": "application/json", "user-agent": USER_AGENT}
        for attempt in range(1, self.attempts + 1):
            if attempt > 1:
                time.sleep(self.retry_delays[min(attempt - 2, len(self.retry_delays) - 1)] if self.retry_delays else 0)
            delivery.attempts = attempt
            try:
                # The answer's body is never read: only its status matters.
                with self._client().stream("POST", delivery.url, content=content, headers=headers) as response:
                    delivery.response_status = response.status_code
                if 200 <= response.status_code < 300:
                    delivery.status, delivery.error = "delivered", None
                    return
                delivery.error = f"the receiver answered {response.status_code}"
            except httpx.TimeoutException:
                delivery.error = f"no answer within {self.timeout:g} s"
            except httpx.HTTPError as error:
                delivery.error = f"{type(error).__name__}: {str(error) or 'connection failed'}"
            except Exception as error:  # a delivery thread must never die silently with its record pending
                delivery.error = f"{type(error).__name__}: {error}"
                break
        delivery.status = "failed"


@dataclass
class Received:
    """One call a WebhookReceiver received."""

    path: str  # with its query string
    headers: dict[str, str]
    body: bytes


class WebhookReceiver:
    """A local HTTP server on 127.0.0.1 (a free port) that records every POST it receives.

    `url` is where to send; `status` (default 200) and `delay` (seconds) set how it answers, to
    play a failing or slow receiver. `wait(count)` returns once `count` calls have arrived.
    """

    def __init__(self) -> None:
        self.status = 200
        self.delay = 0.0
        self.received: list[Received] = []
        self._arrived = threading.Condition()
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # the name http.server calls
                length = int(self.headers.get("content-length") or 0)
                body = self.rfile.read(min(length, 16 * 1024 * 1024))
                call = Received(self.path, {k.lower(): v for k, v in self.headers.items()}, body)
                with receiver._arrived:
                    receiver.received.append(call)
                    receiver._arrived.notify_all()
                if receiver.delay:
                    time.sleep(receiver.delay)
                self.send_response(receiver.status)
                self.send_header("content-length", "0")
                self.end_headers()

            def log_message(self, format: str, *args: Any) -> None:  # quiet: tests read the calls, not a log
                pass

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self._server.server_address[1]}/finerworks/status"
        self._thread = threading.Thread(target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
        self._thread.start()

    def wait(self, count: int = 1, timeout: float = 5.0) -> list[Received]:
        """The calls received so far, once there are at least `count` (TimeoutError after timeout s)."""
        with self._arrived:
            if not self._arrived.wait_for(lambda: len(self.received) >= count, timeout):
                raise TimeoutError(f"{len(self.received)} webhook call(s) arrived within {timeout:g} s, not {count}")
            return list(self.received)

    def close(self) -> None:
        self._server.shutdown()
        self._server.server_close()

    def __enter__(self) -> WebhookReceiver:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    def __iter__(self) -> Iterator[Received]:
        return iter(list(self.received))
