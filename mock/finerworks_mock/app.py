"""The mock FinerWorks server: an ASGI app whose routing and request validation come from openapi.yaml.

Each request to the FinerWorks API (under /v3) goes through the same steps, in this order, and the
first that fails answers:

1. the body is read up to MAX_BODY_BYTES (413 beyond that);
2. an injected fault (admin rule, `Prefer: code=NNN`, `Mock-Delay`) answers, if one applies;
3. a body sent as JSON is parsed strictly: UTF-8, RFC 8259 JSON, finite numbers, no lone
   surrogates, nesting at most wire.MAX_DEPTH deep (400);
4. the request is checked against openapi.yaml: path (404), method (405 with Allow; every method
   of the operation's `x-accepted-methods` is the same operation), both security headers, not
   the same value twice and, if configured, their values (400 with FinerWorks' credentials
   ModelState, as the live server answers), media type (415), body schema (400);
5. the operation's handler applies FinerWorks' rules to the store (404/409 refusals, or 200).

Step 4 runs validators compiled once from the document: a request that passes goes straight to
step 5. One that fails with a wrong body gets the compiled validator's first MAX_ERRORS errors;
any other failure is examined by openapi-core, which names it. A property test holds the compiled
validators to openapi-core's verdict on every body schemathesis generates. A body over
OFFLOAD_BYTES is parsed and checked in a worker thread, so a large hostile body cannot hold up the
event loop.

A request in flight when the state is reset (POST /_mock/reset, as the pytest plugin does before
each test) belongs to the world before the reset: it is answered 503 and neither changes the state
nor enters the request log, so a request an earlier test gave up on cannot change a later test.
A delay (a fault) is cut short by a reset, and by the server shutting down (503 too).

Requests under /_mock go to the admin API (admin.py). Errors before the handler use the ASP.NET-
style body of components/schemas/ApiError, with ModelState naming each invalid field; refusals use
the FinerWorks status envelope. Nothing a client sends can make it answer 5xx: only a fault (or a
reset or shutdown during a request) does.
"""

from __future__ import annotations

import asyncio
import datetime
import json
import uuid
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import anyio.to_thread
from openapi_core.contrib.starlette.requests import StarletteOpenAPIRequest
from openapi_core.templating.media_types.exceptions import MediaTypeNotFound
from openapi_core.templating.paths.exceptions import OperationNotFound, PathError
from openapi_core.validation.request.exceptions import MissingRequestBodyError, SecurityValidationError
from starlette.requests import Request
from starlette.responses import Response
from starlette.types import Receive, Scope, Send

from .admin import ADMIN_PREFIX, AdminApi
from .faults import FAULT_HEADERS, Fault, FaultError, Faults
from .spec import Spec
from .store import OrderStore, Refused
from .webhooks import Webhooks
from .wire import (
    CLOSE_EXTENSION,
    INVALID,
    MAX_ERRORS,
    OFFLOAD_BYTES,
    STOPPING_EXTENSION,
    BadRequest,
    Disconnected,
    Json,
    model_state,
    read_body,
    strict_json,
)

__all__ = ["ADMIN_PREFIX", "DEFAULT_FIXTURES", "MAX_BODY_BYTES", "MAX_ERRORS", "MockApp", "create_app"]

DEFAULT_FIXTURES = Path(__file__).with_name("fixtures.yaml")
MAX_BODY_BYTES = 64 * 1024
REQUEST_LOG_SIZE = 1000  # requests the log keeps, at most
REQUEST_LOG_BYTES = 4 * 1024 * 1024  # bytes of headers and bodies the log keeps, at most
LOG_BODY_BYTES = 16 * 1024  # a larger body is logged as null, so the log stays small
ENTRY_BYTES = 512  # what a log entry costs besides its headers' and body's bytes (an estimate)
# The live server's answer to missing or refused keys (openapi.yaml, components/responses/BadRequest).
CREDENTIALS_KEY = "ApiC.Models.authorization_credentials"
CREDENTIALS_REFUSED = "Missing or unauthorized api credentials"
REDACTED = "[redacted]"
SECRET_HEADERS = frozenset({b"web_api_key", b"app_key", b"authorization", b"cookie"})
RESET_DURING_REQUEST = "The mock was reset while this request was in flight; send it again."
SHUTTING_DOWN = "The mock is shutting down."


def envelope(status: int = 200, message: str = "", reference_id: str | None = None) -> dict[str, Any]:
    """A FinerWorks ResponseStatus."""
    body: dict[str, Any] = {"success": status < 400, "status_code": status, "message": message, "debug": None}
    if reference_id is not None:
        body["reference_id"] = reference_id
    return body


# Handlers, by operationId: (store, validated body) -> response body. Refused becomes 404/409.


def update_order(store: OrderStore, body: dict[str, Any]) -> dict[str, Any]:
    store.update_order(body["order_id"], body["update_command"])
    return envelope()


def fetch_order_status(store: OrderStore, body: dict[str, Any]) -> dict[str, Any]:
    return {"status": envelope(), "orders": store.fetch(body.get("order_ids"), body.get("order_pos"))}


def update_customer(store: OrderStore, body: dict[str, Any]) -> dict[str, Any]:
    store.update_customer(body["order_id"], body.get("customer_info"))
    return envelope(reference_id=uuid.uuid4().hex)


def delete_pending_orders(store: OrderStore, body: dict[str, Any]) -> dict[str, Any]:
    # account_key is accepted and ignored: no account of the mock is permitted to act for another.
    removed = store.delete_pending(body["ids"])
    return {"status": envelope(message=f"Removed {removed} pending order(s).", reference_id=uuid.uuid4().hex)}


HANDLERS: dict[str, Callable[[OrderStore, dict[str, Any]], dict[str, Any]]] = {
    "updateOrder": update_order,
    "fetchOrderStatus": fetch_order_status,
    "updateCustomer": update_customer,
    "deletePendingOrders": delete_pending_orders,
}


def wake(waiter: asyncio.Future[None]) -> None:
    if not waiter.done():
        waiter.set_result(None)


async def close_unanswered(scope: Scope) -> None:
    """Close the request's connection without an answer (a `close` fault)."""
    close = scope.get("extensions", {}).get(CLOSE_EXTENSION)
    if close is None:
        raise ConnectionAbortedError("this server cannot close a connection for the app; run the mock with serve()")
    close()


@dataclass
class Seen:
    """What one request was, for the request log."""

    operation_id: str | None = None
    body: bytes | None = None  # the raw JSON body, if it parsed and is at most LOG_BODY_BYTES
    fault: bool = False


class RequestLog:
    """The last requests to the FinerWorks API: at most REQUEST_LOG_SIZE of them, and at most
    REQUEST_LOG_BYTES of their headers and bodies (the oldest go first), redacted only when listed.

    An entry keeps the request's raw headers and body bytes, so its size is what the client sent;
    listing parses and redacts them (admin.py does that in a worker thread)."""

    def __init__(self, max_entries: int = REQUEST_LOG_SIZE, max_bytes: int = REQUEST_LOG_BYTES) -> None:
        self.max_entries = max_entries
        self.max_bytes = max_bytes
        self.entries: deque[tuple[Any, ...]] = deque()
        self.size = 0  # bytes of the entries kept

    def add(self, scope: Scope, seen: Seen, status: int) -> None:
        headers = scope["headers"]
        size = ENTRY_BYTES + sum(len(name) + len(value) for name, value in headers) + len(seen.body or b"")
        at = datetime.datetime.now(datetime.UTC)
        entries = self.entries
        entries.append(
            (at, scope["method"], scope["path"], seen.operation_id, status, seen.fault, headers, seen.body, size)
        )
        self.size += size
        while len(entries) > self.max_entries or self.size > self.max_bytes:
            self.size -= entries.popleft()[-1]

    def clear(self) -> None:
        self.entries.clear()
        self.size = 0

    def last(self, limit: int) -> list[tuple[Any, ...]]:
        """The last limit entries (a copy: listing them may run in another thread)."""
        entries = list(self.entries)
        return entries[-limit:]

    @staticmethod
    def listing(entries: list[tuple[Any, ...]]) -> dict[str, Any]:
        """Entries as listRequests answers them (components/schemas/RequestLog of admin.yaml)."""
        return {"requests": [RequestLog._record(entry) for entry in entries]}

    @staticmethod
    def _record(entry: tuple[Any, ...]) -> dict[str, Any]:
        at, method, path, operation_id, status, fault, raw_headers, raw_body, _ = entry
        headers = {
            name.decode("latin-1"): REDACTED if name in SECRET_HEADERS else value.decode("latin-1")
            for name, value in raw_headers
        }
        body = json.loads(raw_body) if raw_body is not None else None
        if isinstance(body, dict) and body.get("account_key") is not None:
            body["account_key"] = REDACTED
        return {
            "at": at.isoformat(),
            "method": method,
            "path": path,
            "operation_id": operation_id,
            "status": status,
            "fault": fault,
            "headers": headers,
            "body": body,
        }


class MockApp:
    """ASGI application. `keys` = (web_api_key, app_key) to require; None accepts any pair of two
    different, non-empty values.

    admin_token: required (as `Authorization: Bearer`) by the admin API, if set. loopback_only:
    the admin API accepts only loopback Host names (the server listens on loopback).
    """

    def __init__(
        self,
        store: OrderStore,
        spec: Spec,
        keys: tuple[str, str] | None = None,
        *,
        admin_token: str | None = None,
        loopback_only: bool = True,
        webhooks: Webhooks | None = None,
    ) -> None:
        self.store = store
        self.spec = spec
        self.keys = keys
        self.faults = Faults(spec)
        self.log = RequestLog()
        self.webhooks = webhooks or Webhooks()  # order-status callbacks (webhooks.py)
        self.routes = spec.routes()
        # The method openapi.yaml gives each operation: a request sent with another accepted
        # method is examined by openapi-core as if sent with this one.
        self.methods = {op: method for op, (method, _) in spec.operations().items()}
        operation_ids = list(spec.operations())
        self.body_validators = {operation_id: spec.request_validator(operation_id) for operation_id in operation_ids}
        self.media_types = {operation_id: spec.media_types(operation_id) for operation_id in operation_ids}
        self.json_types = frozenset().union(*self.media_types.values())
        self.generation = 0  # how many resets: a request started in an earlier one is stale
        self._waiting: set[asyncio.Future[None]] = set()  # delayed requests, woken by a reset
        self.answer_schemas: dict[tuple[str, int], dict[str, Any] | None] = {}
        self.admin = AdminApi(self, admin_token=admin_token, loopback_only=loopback_only)

    def reset(self, state: dict[str, Any] | None = None) -> None:
        """Back to the fixtures (or state), with no faults, an empty log and no webhook deliveries,
        and the requests in flight made stale: they are answered 503 without touching the new state
        or log."""
        self.store.reset(state)
        self.faults.clear()
        self.log.clear()
        self.webhooks.clear()
        self.generation += 1
        for waiter in list(self._waiting):  # from any thread, on the loop each request runs on
            waiter.get_loop().call_soon_threadsafe(wake, waiter)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "lifespan":  # nothing to start or stop: acknowledge both events
            while True:
                event = (await receive())["type"].rsplit(".", 1)[-1]
                await send({"type": f"lifespan.{event}.complete"})
                if event == "shutdown":
                    return
        if scope["path"].startswith(ADMIN_PREFIX):
            return await self.admin(scope, receive, send)
        seen = Seen()
        generation = self.generation
        try:
            response = await self.handle(Request(scope, receive), seen, generation)
        except BadRequest as refusal:
            response = refusal.response
        except Disconnected:  # the client went away, or was cut off, mid-body: nobody to answer
            response = None
        except ConnectionAbortedError:
            self._log(scope, seen, 0, generation)
            raise
        if response is None:  # a fault closed the connection, or the client left
            self._log(scope, seen, 0, generation)
            return
        self._log(scope, seen, response.status_code, generation)
        await response(scope, receive, send)

    def _log(self, scope: Scope, seen: Seen, status: int, generation: int) -> None:
        if generation == self.generation:  # a request from before a reset is not this state's
            self.log.add(scope, seen, status)

    async def handle(self, request: Request, seen: Seen, generation: int) -> Response | None:
        scope = request.scope
        raw = await read_body(request, MAX_BODY_BYTES)
        if generation != self.generation:
            raise BadRequest(503, RESET_DURING_REQUEST, connection="close")
        operation_id = seen.operation_id = self.routes.find(scope["method"], scope["path"])
        if operation_id is not None and (self.faults.rules or any(n in FAULT_HEADERS for n, _ in scope["headers"])):
            fault = self._fault(operation_id, request)
            if fault is not None:
                seen.fault = True
                if fault.delay:
                    await self._pause(fault.delay, scope)
                    self._refuse_if_stale(scope, generation)
                if fault.close:
                    await close_unanswered(scope)
                    return None
                if fault.status is not None:
                    return self._canned(fault, operation_id)
        if len(raw) > OFFLOAD_BYTES:
            body = await anyio.to_thread.run_sync(self._check, request, raw, operation_id, seen)
            self._refuse_if_stale(scope, generation)
        else:
            body = self._check(request, raw, operation_id, seen)
        try:
            return Json(self._complete(operation_id, 200, HANDLERS[operation_id](self.store, body)))  # type: ignore[index]
        except Refused as refusal:
            answer = self._complete(operation_id, refusal.status, envelope(refusal.status, refusal.message))
            return Json(answer, status_code=refusal.status)

    def _complete(self, operation_id: str | None, status: int, body: Any) -> Any:
        """body with the members openapi.yaml requires of this answer, and the handler left out, null."""
        if operation_id is None:
            return body
        key = (operation_id, status)
        if key not in self.answer_schemas:
            response = self.spec.responses(operation_id).get(status)
            media: list[dict[str, Any]] = list((response or {}).get("content", {}).values())
            self.answer_schemas[key] = media[0].get("schema") if media else None
        schema = self.answer_schemas[key]
        return body if schema is None else self.spec.complete(schema, body)

    async def _pause(self, seconds: float, scope: Scope) -> None:
        """Wait seconds, or less if the state is reset or the server stops meanwhile."""
        woken: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        waits: list[asyncio.Future[Any]] = [woken]
        stopping = scope.get("extensions", {}).get(STOPPING_EXTENSION)
        if isinstance(stopping, asyncio.Event):
            waits.append(asyncio.ensure_future(stopping.wait()))
        self._waiting.add(woken)
        try:
            await asyncio.wait(waits, timeout=seconds, return_when=asyncio.FIRST_COMPLETED)
        finally:
            self._waiting.discard(woken)
            for wait in waits:
                wait.cancel()

    def _refuse_if_stale(self, scope: Scope, generation: int) -> None:
        """503 if the server is stopping or the state was reset since the request arrived."""
        stopping = scope.get("extensions", {}).get(STOPPING_EXTENSION)
        if isinstance(stopping, asyncio.Event) and stopping.is_set():
            raise BadRequest(503, SHUTTING_DOWN, connection="close")
        if generation != self.generation:
            raise BadRequest(503, RESET_DURING_REQUEST, connection="close")

    def _fault(self, operation_id: str, request: Request) -> Fault | None:
        headers = request.headers
        try:
            asked = self.faults.from_headers(operation_id, headers.get("prefer"), headers.get("mock-delay"))
        except FaultError as error:
            raise BadRequest(400, INVALID, {"request.headers": [str(error)]}) from None
        return asked or self.faults.take(operation_id)

    def _canned(self, fault: Fault, operation_id: str) -> Response:
        """The documented response a fault answers with."""
        canned = self.faults.responses[operation_id][fault.status]  # type: ignore[index]
        headers = {"content-type": "application/json"}
        retry_after = str(fault.retry_after) if fault.retry_after is not None else canned.retry_after
        if retry_after is not None:
            headers["retry-after"] = retry_after
        return Response(canned.body, status_code=canned.status, headers=headers)

    def _check(self, request: Request, raw: bytes, operation_id: str | None, seen: Seen) -> Any:
        """The request's body, if the request is valid; else the BadRequest that says what is wrong."""
        headers = request.headers
        media_type = headers.get("content-type", "").split(";")[0].strip().lower()
        body, malformed = None, None
        if raw and media_type in self.json_types:
            try:
                body = strict_json(raw)
            except BadRequest as refusal:  # reported after path and credentials, like ASP.NET
                malformed = refusal
            else:
                if len(raw) <= LOG_BODY_BYTES:
                    seen.body = raw
        if (
            operation_id is not None
            and malformed is None
            and media_type in self.media_types[operation_id]
            and self._authorized(headers)
        ):
            validator = self.body_validators[operation_id]
            if validator.is_valid(body):
                return body
            if raw:  # only the body is wrong
                raise BadRequest(400, INVALID, model_state(validator.iter_errors(body)))
        # Something else is wrong: openapi-core examines the request. What is left to find (path,
        # method, keys, media type, a missing body) does not depend on the body's content, so it
        # gets a stand-in, and its cost cannot grow with the body. A JSON alias (text/json), which
        # openapi-core does not know, never reaches its media type check: a request in an accepted
        # media type with a body was judged above, and one without a body is missing it first.
        if operation_id is not None and request.method != self.methods[operation_id]:
            request = Request({**request.scope, "method": self.methods[operation_id]}, request.receive)
        stand_in = StarletteOpenAPIRequest(request, b"{}" if raw else None)
        self._refuse_on(list(self.spec.openapi.iter_request_errors(stand_in)), request, malformed)
        raise BadRequest(400, INVALID, {"request": ["The request does not match openapi.yaml."]})

    def _refuse_on(self, errors: list[Exception], request: Request, malformed: BadRequest | None) -> None:
        """Raise the refusal for the most fundamental problem found, if any."""
        method, path = request.method, request.url.path
        for error in errors:
            if isinstance(error, OperationNotFound):
                allow = self.routes.allowed(path) or ""
                raise BadRequest(405, f"{method} is not allowed on {path}; use {allow}.", Allow=allow)
            if isinstance(error, PathError):
                raise BadRequest(404, f"There is no FinerWorks API operation at {path}.")
        headers = request.headers
        if any(isinstance(error, SecurityValidationError) for error in errors) or not self._authorized(headers):
            raise BadRequest(400, INVALID, {CREDENTIALS_KEY: [CREDENTIALS_REFUSED]})
        if malformed is not None:
            raise malformed
        # The stand-in body's content is never judged: a request whose body openapi-core could find
        # wrong was judged by the compiled validators already (an accepted media type, keys, JSON).
        for error in errors:
            cause = error.__cause__
            if isinstance(error, MissingRequestBodyError):
                raise BadRequest(400, INVALID, {"request": ["A JSON request body is required."]})
            if isinstance(cause, MediaTypeNotFound):
                sent = headers.get("content-type", "no content type")
                raise BadRequest(415, f"Send the request body as application/json, not '{sent}'.")
            raise BadRequest(400, INVALID, {"request": [str(error)]})

    def _authorized(self, headers: Any) -> bool:
        """Both keys sent, not the same value twice, and the configured pair if there is one."""
        sent = (headers.get("web_api_key", ""), headers.get("app_key", ""))
        return all(sent) and sent[0] != sent[1] and (self.keys is None or sent == self.keys)


def create_app(
    fixtures: Path = DEFAULT_FIXTURES,
    keys: tuple[str, str] | None = None,
    spec: Spec | None = None,
    *,
    admin_token: str | None = None,
    loopback_only: bool = True,
    webhook_url: str | None = None,
    webhook_shape: str = "order",
) -> MockApp:
    """The mock, with the state of a fixtures file (FixtureError if it is not usable).

    webhook_url: where to send the order-status webhooks of orders without their own
    webhook_order_status_url (ValueError if it is not an http(s) URL); webhook_shape: their body's
    shape (webhooks.SHAPES)."""
    spec = spec or Spec()
    store = OrderStore.from_file(fixtures, spec)
    webhooks = Webhooks(webhook_url, shape=webhook_shape)
    return MockApp(store, spec, keys, admin_token=admin_token, loopback_only=loopback_only, webhooks=webhooks)
