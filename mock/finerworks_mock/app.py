"""The mock FinerWorks server: an ASGI app whose routing and request validation come from openapi.yaml.

Each request goes through the same steps, in this order, and the first that fails answers:

1. the body is read up to MAX_BODY_BYTES (413 beyond that);
2. a body sent as application/json is parsed strictly: UTF-8, RFC 8259 JSON, finite numbers (400);
3. openapi-core matches the request against openapi.yaml: path (404), method (405 with Allow),
   both security headers (401), then media type (415) and the body schema (400);
4. the key values are checked against the configured pair, if one was configured (401);
5. the operation's handler applies FinerWorks' rules to the store (404/409 refusals, or 200).

Steps 3 and 4 cost openapi-core about 0.5 ms a request, so they first run precompiled from the
same document (MockApp._valid): a request that passes goes straight to step 5, and only one that
fails is examined by openapi-core, which says what is wrong. A property test holds the two to the
same verdict on every body schemathesis generates.

Errors before the handler use the ASP.NET-style body of components/schemas/ApiError, with
ModelState naming each invalid field; refusals use the FinerWorks status envelope. Nothing a
client sends can make it answer 5xx.
"""

from __future__ import annotations

import json
import math
import uuid
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

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

from .spec import Spec
from .store import OrderStore, Refused

DEFAULT_FIXTURES = Path(__file__).with_name("fixtures.yaml")
MAX_BODY_BYTES = 64 * 1024
INVALID = "The request is invalid."
TOO_LARGE = f"The request body is larger than {MAX_BODY_BYTES} bytes."
COMBINATIONS = {"anyOf", "oneOf", "not", "allOf"}


class BadRequest(Exception):
    """Refusal before the operation runs: an ApiError body with this status."""

    def __init__(self, status: int, message: str, model_state: dict[str, list[str]] | None = None, **headers: str):
        super().__init__(message)
        self.response = JSONResponse(
            {"Message": message, **({"ModelState": model_state} if model_state else {})},
            status_code=status,
            headers=headers or None,
        )


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
    """Parse a request body, refusing what json.loads would let through: bad UTF-8, NaN, 1e999."""

    def finite(text: str) -> float:
        value = float(text)
        if not math.isfinite(value):
            raise ValueError(f"the number {text} is out of range")
        return value

    def no_constants(name: str) -> None:
        raise ValueError(f"{name} is not a JSON value")

    try:
        return json.loads(raw.decode("utf-8"), parse_float=finite, parse_constant=no_constants)
    except UnicodeDecodeError as error:
        raise BadRequest(400, INVALID, {"request": [f"The body is not valid UTF-8 (byte {error.start})."]}) from None
    except json.JSONDecodeError as error:
        raise BadRequest(400, INVALID, {"request": [f"The body is not valid JSON: {error}."]}) from None
    except (ValueError, RecursionError) as error:
        raise BadRequest(400, INVALID, {"request": [f"The body is not valid JSON: {error}."]}) from None


def model_state(schema_errors: Any) -> dict[str, list[str]]:
    """jsonschema errors -> ASP.NET ModelState: messages keyed by the field's path (request.a.b[0]).

    A failed combination (anyOf, oneOf, not) is reported with the description of the schema that
    holds it, which openapi.yaml writes as the rule, and only when no field error says more.
    """
    errors = list(schema_errors)
    specific = [error for error in errors if error.validator not in COMBINATIONS]
    state: dict[str, list[str]] = {}
    for error in specific or errors:
        key = "request" + "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in error.absolute_path)
        if error.validator == "required":
            for name in error.validator_value:
                if isinstance(error.instance, dict) and name not in error.instance:
                    state.setdefault(f"{key}.{name}", []).append(f"The {name} field is required.")
        elif error.validator in COMBINATIONS and isinstance(error.schema, dict) and error.schema.get("description"):
            state.setdefault(key, []).append(error.schema["description"])
        else:
            state.setdefault(key, []).append(error.message)
    return state


class MockApp:
    """ASGI application. `keys` = (web_api_key, app_key) to require; None accepts any non-empty pair."""

    def __init__(self, store: OrderStore, spec: Spec, keys: tuple[str, str] | None = None) -> None:
        self.store = store
        self.spec = spec
        self.keys = keys
        self.routes = {(method, spec.base_path + path): op for op, (method, path) in spec.operations().items()}
        self.body_validators = {
            operation_id: spec.request_validator(operation_id) for operation_id in self.routes.values()
        }
        self.allowed: dict[str, list[str]] = {}
        for method, path in self.routes:
            self.allowed.setdefault(path, []).append(method)
        self.admin: dict[tuple[str, str], Callable[[], Awaitable[Response]]] = {
            ("GET", "/_mock/state"): self._state,
            ("POST", "/_mock/reset"): self._reset,
        }

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "lifespan":  # nothing to start or stop: acknowledge both events
            while True:
                event = (await receive())["type"].rsplit(".", 1)[-1]
                await send({"type": f"lifespan.{event}.complete"})
                if event == "shutdown":
                    return
        request = Request(scope, receive)
        try:
            response = await self.handle(request)
        except BadRequest as refusal:
            response = refusal.response
        await response(scope, receive, send)

    async def handle(self, request: Request) -> Response:
        admin = self.admin.get((request.method, request.url.path))
        if admin is not None:
            return await admin()
        raw = await self._read_body(request)
        body, malformed = None, None
        media_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
        if raw and media_type == "application/json":
            try:
                body = strict_json(raw)
            except BadRequest as refusal:  # reported after path and credentials, like ASP.NET
                malformed, raw = refusal, b""
        operation_id = self.routes.get((request.method, request.url.path))
        if not (operation_id and malformed is None and self._valid(operation_id, request, media_type, body)):
            # Validation only: the body is already parsed, and the handlers need it as plain JSON.
            errors = list(self.spec.openapi.iter_request_errors(StarletteOpenAPIRequest(request, raw or None)))
            self._refuse_on(errors, request, malformed)
            operation_id = self.routes[(request.method, request.url.path)]
        try:
            return JSONResponse(HANDLERS[operation_id](self.store, body))
        except Refused as refusal:
            return JSONResponse(envelope(refusal.status, refusal.message), status_code=refusal.status)

    def _valid(self, operation_id: str, request: Request, media_type: str, body: Any) -> bool:
        """True if openapi-core would find nothing wrong with the request, at a fraction of its cost.

        The same checks of the same document, precompiled: both key headers present (and
        matching), an application/json body, and that body valid against the operation's schema.
        When this says False, openapi-core examines the request and says what is wrong.
        """
        return (
            media_type == "application/json"
            and self._authorized(request.headers)
            and self.body_validators[operation_id].is_valid(body)
        )

    async def _read_body(self, request: Request) -> bytes:
        declared = request.headers.get("content-length", "")
        if declared.isdigit() and int(declared) > MAX_BODY_BYTES:
            raise BadRequest(413, TOO_LARGE)
        chunks, size = [], 0
        async for chunk in request.stream():
            size += len(chunk)
            if size > MAX_BODY_BYTES:
                raise BadRequest(413, TOO_LARGE)
            chunks.append(chunk)
        return b"".join(chunks)

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
                raise BadRequest(400, INVALID, model_state(cause.schema_errors))
            if isinstance(cause, MediaTypeNotFound):
                sent = headers.get("content-type", "no content type")
                raise BadRequest(415, f"Send the request body as application/json, not '{sent}'.")
            raise BadRequest(400, INVALID, {"request": [str(error)]})

    def _authorized(self, headers: Any) -> bool:
        sent = (headers.get("web_api_key", ""), headers.get("app_key", ""))
        return all(sent) and (self.keys is None or sent == self.keys)

    async def _state(self) -> Response:
        return JSONResponse(self.store.snapshot())

    async def _reset(self) -> Response:
        self.store.reset()
        return JSONResponse(self.store.snapshot())


def create_app(
    fixtures: Path = DEFAULT_FIXTURES,
    keys: tuple[str, str] | None = None,
    spec: Spec | None = None,
) -> MockApp:
    spec = spec or Spec()
    return MockApp(OrderStore.from_file(fixtures, spec), spec, keys)
