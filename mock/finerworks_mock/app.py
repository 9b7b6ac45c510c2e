"""The mock FinerWorks server: an ASGI app whose routing and request validation come from openapi.yaml.

Each request to the FinerWorks API (under /v3) goes through the same steps, in this order, and the
first that fails answers:

1. the body is read up to MAX_BODY_BYTES (413 beyond that);
2. an injected fault (admin rule, `Prefer: code=NNN`, `Mock-Delay`) answers, if one applies;
3. a body sent as JSON is parsed strictly: UTF-8, RFC 8259 JSON, finite numbers, no lone
   surrogates (400);
4. the request is checked against openapi.yaml: path (404), method (405 with Allow), both
   security headers and, if configured, their values (401), media type (415), body schema (400);
5. the operation's handler applies FinerWorks' rules to the store (404/409 refusals, or 200).

Step 4 runs validators compiled once from the document: a request that passes goes straight to
step 5. One that fails with a wrong body gets the compiled validator's first MAX_ERRORS errors;
any other failure is examined by openapi-core, which names it. A property test holds the compiled
validators to openapi-core's verdict on every body schemathesis generates. A body over
OFFLOAD_BYTES is parsed and checked in a worker thread, so a large hostile body cannot hold up the
event loop (validating 64 KiB of ids takes jsonschema about half a second).

Requests under /_mock go to the admin API (admin.py). Errors before the handler use the ASP.NET-
style body of components/schemas/ApiError, with ModelState naming each invalid field; refusals use
the FinerWorks status envelope. Nothing a client sends can make it answer 5xx: only a fault asks
for one.
"""

from __future__ import annotations

import asyncio
import datetime
import json
import math
import uuid
from collections import deque
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from itertools import islice
from pathlib import Path
from typing import Any

import anyio.to_thread
from openapi_core.contrib.starlette.requests import StarletteOpenAPIRequest
from openapi_core.templating.media_types.exceptions import MediaTypeNotFound
from openapi_core.templating.paths.exceptions import OperationNotFound, PathError
from openapi_core.validation.request.exceptions import (
    InvalidRequestBody,
    MissingRequestBodyError,
    SecurityValidationError,
)
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.types import Receive, Scope, Send

from .faults import FAULT_HEADERS, Fault, FaultError, Faults
from .spec import Spec, leaves
from .store import OrderStore, Refused, StateSchema, unencodable
from .webhooks import Webhooks

DEFAULT_FIXTURES = Path(__file__).with_name("fixtures.yaml")
MAX_BODY_BYTES = 64 * 1024
MAX_ERRORS = 20  # messages per refused request, at most
OFFLOAD_BYTES = 2 * 1024  # larger bodies are parsed and validated in a worker thread
REQUEST_LOG_SIZE = 1000
LOG_BODY_BYTES = 16 * 1024  # a larger body is logged as null, so the log stays small
ADMIN_PREFIX = "/_mock"
CLOSE_EXTENSION = "finerworks_mock.close"  # set by serve.HttpProtocol: close without answering
INVALID = "The request is invalid."
TOO_LARGE = f"The request body is larger than {MAX_BODY_BYTES} bytes."
COMBINATIONS = {"anyOf", "oneOf", "not", "allOf"}
REDACTED = "[redacted]"
SECRET_HEADERS = frozenset({b"web_api_key", b"app_key", b"authorization", b"cookie"})


class BadRequest(Exception):
    """Refusal before the operation runs: an ApiError body with this status."""

    def __init__(self, status: int, message: str, model_state: dict[str, list[str]] | None = None, **headers: str):
        super().__init__(message)
        self.response = Json(
            {"Message": message, **({"ModelState": model_state} if model_state else {})},
            status_code=status,
            headers=headers or None,
        )


class Json(JSONResponse):
    """A JSON response that renders any text: a string UTF-8 cannot encode is written escaped."""

    def render(self, content: Any) -> bytes:
        try:
            return super().render(content)
        except UnicodeEncodeError:
            return json.dumps(content, allow_nan=False, separators=(",", ":")).encode()


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


def strict_json(raw: bytes) -> Any:
    """Parse a request body, refusing what json.loads would let through: bad UTF-8, NaN, 1e999,
    and a lone surrogate (`"\\ud800"`), which no UTF-8 response could carry back."""

    def finite(text: str) -> float:
        value = float(text)
        if not math.isfinite(value):
            raise ValueError(f"the number {text} is out of range")
        return value

    def no_constants(name: str) -> None:
        raise ValueError(f"{name} is not a JSON value")

    try:
        value = json.loads(raw.decode("utf-8"), parse_float=finite, parse_constant=no_constants)
    except UnicodeDecodeError as error:
        raise BadRequest(400, INVALID, {"request": [f"The body is not valid UTF-8 (byte {error.start})."]}) from None
    except json.JSONDecodeError as error:
        raise BadRequest(400, INVALID, {"request": [f"The body is not valid JSON: {error}."]}) from None
    except (ValueError, RecursionError) as error:
        raise BadRequest(400, INVALID, {"request": [f"The body is not valid JSON: {error}."]}) from None
    if b"\\u" in raw:  # only an escape can make a surrogate: skip the walk for every other body
        where = unencodable(value)
        if where is not None:
            message = "The text holds a lone UTF-16 surrogate (\\ud800-\\udfff), which is not a Unicode character."
            raise BadRequest(400, INVALID, {f"request{where}": [message]})
    return value


def model_state(schema_errors: Iterable[Any]) -> dict[str, list[str]]:
    """jsonschema errors -> ASP.NET ModelState: messages keyed by the field's path (request.a.b[0]).

    At most MAX_ERRORS errors are read (the iterator is lazy, so a body with thousands of errors
    costs no more than one with MAX_ERRORS) and reported. A failed combination (anyOf, oneOf, not)
    is reported with the description of the schema that holds it, which openapi.yaml writes as the
    rule, and only when no field error says more. So is a failed `then` of an if/then rule: its
    description states the rule.
    """
    found = list(islice(schema_errors, MAX_ERRORS + 1))
    errors = [leaf for error in found[:MAX_ERRORS] for leaf in leaves(error)]
    more = len(found) > MAX_ERRORS or len(errors) > MAX_ERRORS
    errors = errors[:MAX_ERRORS]
    specific = [error for error in errors if error.validator not in COMBINATIONS]
    state: dict[str, list[str]] = {}
    for error in specific or errors:
        key = "request" + "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in error.absolute_path)
        in_then = "then" in error.relative_schema_path and isinstance(error.schema, dict)
        rule = error.schema.get("description") if in_then else None
        if rule:
            field = f"{key}.{error.validator_value[0]}" if error.validator == "required" else key
            state.setdefault(field, []).append(rule)
        elif error.validator == "required":
            for name in error.validator_value:
                if isinstance(error.instance, dict) and name not in error.instance:
                    state.setdefault(f"{key}.{name}", []).append(f"The {name} field is required.")
        elif error.validator in COMBINATIONS and isinstance(error.schema, dict) and error.schema.get("description"):
            state.setdefault(key, []).append(error.schema["description"])
        else:
            state.setdefault(key, []).append(error.message)
    if more:
        state.setdefault("request", []).append(f"There are more errors; only the first {MAX_ERRORS} are reported.")
    return state


async def read_body(request: Request, limit: int = MAX_BODY_BYTES) -> bytes:
    """The request body, or 413 as soon as it is known to be over limit."""
    declared = request.headers.get("content-length", "")
    too_large = f"The request body is larger than {limit} bytes."
    if declared.isdigit() and int(declared) > limit:
        raise BadRequest(413, too_large)
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise BadRequest(413, too_large)
        chunks.append(chunk)
    return b"".join(chunks)


def as_json(request: Request) -> Request:
    """The request with its Content-Type said as application/json (its body already read)."""
    headers = [(k, v) for k, v in request.scope["headers"] if k != b"content-type"]
    scope = {**request.scope, "headers": [*headers, (b"content-type", b"application/json")]}
    return Request(scope, request.receive)


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
    body: Any = None
    fault: bool = False


class RequestLog:
    """The last REQUEST_LOG_SIZE requests to the FinerWorks API, redacted only when listed."""

    def __init__(self) -> None:
        self.entries: deque[tuple[Any, ...]] = deque(maxlen=REQUEST_LOG_SIZE)

    def add(self, scope: Scope, seen: Seen, status: int) -> None:
        at = datetime.datetime.now(datetime.UTC)
        self.entries.append(
            (at, scope["method"], scope["path"], seen.operation_id, status, seen.fault, scope["headers"], seen.body)
        )

    def listing(self, limit: int) -> dict[str, Any]:
        return {"requests": [self._record(entry) for entry in list(self.entries)[-limit:]]}

    @staticmethod
    def _record(entry: tuple[Any, ...]) -> dict[str, Any]:
        at, method, path, operation_id, status, fault, raw_headers, body = entry
        headers = {
            name.decode("latin-1"): REDACTED if name in SECRET_HEADERS else value.decode("latin-1")
            for name, value in raw_headers
        }
        if isinstance(body, dict) and body.get("account_key") is not None:
            body = {**body, "account_key": REDACTED}
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
    """ASGI application. `keys` = (web_api_key, app_key) to require; None accepts any non-empty pair.

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
        from .admin import AdminApi  # admin.py builds on this module

        self.store = store
        self.spec = spec
        self.keys = keys
        self.faults = Faults(spec)
        self.log = RequestLog()
        self.webhooks = webhooks or Webhooks()  # order-status callbacks (webhooks.py)
        self.routes = {(method, spec.base_path + path): op for op, (method, path) in spec.operations().items()}
        self.body_validators = {
            operation_id: spec.request_validator(operation_id) for operation_id in self.routes.values()
        }
        self.media_types = {operation_id: spec.media_types(operation_id) for operation_id in self.routes.values()}
        self.json_types = frozenset().union(*self.media_types.values())
        self.allowed: dict[str, list[str]] = {}
        for method, path in self.routes:
            self.allowed.setdefault(path, []).append(method)
        self.admin = AdminApi(self, admin_token=admin_token, loopback_only=loopback_only)

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
        try:
            response = await self.handle(Request(scope, receive), seen)
        except BadRequest as refusal:
            response = refusal.response
        except ConnectionAbortedError:
            self.log.add(scope, seen, 0)
            raise
        if response is None:  # a fault closed the connection
            self.log.add(scope, seen, 0)
            return
        self.log.add(scope, seen, response.status_code)
        await response(scope, receive, send)

    async def handle(self, request: Request, seen: Seen) -> Response | None:
        scope = request.scope
        raw = await read_body(request)
        operation_id = seen.operation_id = self.routes.get((scope["method"], scope["path"]))
        if operation_id is not None and (self.faults.rules or any(n in FAULT_HEADERS for n, _ in scope["headers"])):
            fault = self._fault(operation_id, request)
            if fault is not None:
                seen.fault = True
                if fault.delay:
                    await asyncio.sleep(fault.delay)
                if fault.close:
                    await close_unanswered(scope)
                    return None
                if fault.status is not None:
                    return self._canned(fault, operation_id)
        if len(raw) > OFFLOAD_BYTES:
            body = await anyio.to_thread.run_sync(self._check, request, raw, operation_id, seen)
        else:
            body = self._check(request, raw, operation_id, seen)
        try:
            return Json(HANDLERS[operation_id](self.store, body))  # type: ignore[index]
        except Refused as refusal:
            return Json(envelope(refusal.status, refusal.message), status_code=refusal.status)

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
            if len(raw) <= LOG_BODY_BYTES:
                seen.body = body
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
        # gets a stand-in, and its cost cannot grow with the body.
        if media_type in self.spec.json_aliases:  # text/json: the same JSON, examined the same way
            request = as_json(request)
        stand_in = StarletteOpenAPIRequest(request, b"{}" if raw else None)
        self._refuse_on(list(self.spec.openapi.iter_request_errors(stand_in)), request, malformed)
        raise BadRequest(400, INVALID, {"request": ["The request does not match openapi.yaml."]})

    def _refuse_on(self, errors: list[Exception], request: Request, malformed: BadRequest | None) -> None:
        """Raise the refusal for the most fundamental problem found, if any."""
        method, path = request.method, request.url.path
        for error in errors:
            if isinstance(error, OperationNotFound):
                allow = ", ".join(self.allowed[path])
                raise BadRequest(405, f"{method} is not allowed on {path}; use {allow}.", Allow=allow)
            if isinstance(error, PathError):
                raise BadRequest(404, f"There is no FinerWorks API operation at {path}.")
        headers = request.headers
        if any(isinstance(error, SecurityValidationError) for error in errors) or not self._authorized(headers):
            raise BadRequest(
                401,
                "Authorization has been denied for this request. Send valid web_api_key and app_key headers.",
            )
        if malformed is not None:
            raise malformed
        for error in errors:
            cause = error.__cause__
            if isinstance(error, MissingRequestBodyError):
                raise BadRequest(400, INVALID, {"request": ["A JSON request body is required."]})
            if isinstance(error, InvalidRequestBody) and hasattr(cause, "schema_errors"):
                raise BadRequest(400, INVALID, model_state(cause.schema_errors))  # type: ignore[union-attr]
            if isinstance(cause, MediaTypeNotFound):
                sent = headers.get("content-type", "no content type")
                raise BadRequest(415, f"Send the request body as application/json, not '{sent}'.")
            raise BadRequest(400, INVALID, {"request": [str(error)]})

    def _authorized(self, headers: Any) -> bool:
        sent = (headers.get("web_api_key", ""), headers.get("app_key", ""))
        return all(sent) and (self.keys is None or sent == self.keys)


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
    store = OrderStore.from_file(fixtures, spec, StateSchema())
    webhooks = Webhooks(webhook_url, shape=webhook_shape)
    return MockApp(store, spec, keys, admin_token=admin_token, loopback_only=loopback_only, webhooks=webhooks)
