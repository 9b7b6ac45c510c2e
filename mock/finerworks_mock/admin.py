"""The admin API (/_mock/...): scenario control, inspection and fault rules, as admin.yaml describes.

Requests are routed and their bodies validated by validators compiled from admin.yaml, as the
FinerWorks API's are from openapi.yaml. Before anything else, a request must not come from a
browser page of another site: an `Origin` (or `Sec-Fetch-Site`) other than the mock's own is
refused with 403, and so is a `Host` that is not a loopback name while the mock listens on
loopback (DNS rebinding); every body must be sent as application/json (415), which a cross-site
form or `text/plain` fetch cannot do without a CORS preflight, which the mock never grants. With an
admin token, `Authorization: Bearer <token>` is required too (401).
"""

from __future__ import annotations

import hmac
import inspect
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import anyio.to_thread
from starlette.requests import Request
from starlette.responses import Response
from starlette.types import Receive, Scope, Send

from .faults import FaultError
from .store import FixtureError, Refused
from .wire import INVALID, OFFLOAD_BYTES, BadRequest, Disconnected, Json, model_state, read_body, strict_json

if TYPE_CHECKING:  # app.py builds on this module, not the other way round
    from .app import MockApp

ADMIN_PREFIX = "/_mock"  # admin.yaml's server URL
MAX_ADMIN_BODY_BYTES = 1024 * 1024  # a whole state can be sent to /_mock/reset
LOOPBACK_NAMES = frozenset({"localhost", "127.0.0.1", "::1"})


def host_name(host: str) -> str:
    """The name part of a Host header: `[::1]:8000` -> `::1`, `localhost:8000` -> `localhost`."""
    if host.startswith("["):
        return host[1:].split("]", 1)[0]
    return host.rsplit(":", 1)[0] if host.count(":") == 1 else host


class AdminApi:
    def __init__(self, app: MockApp, *, admin_token: str | None, loopback_only: bool) -> None:
        self.app = app
        self.token = admin_token
        self.loopback_only = loopback_only
        self.spec = app.store.schema.admin  # admin.yaml, loaded once
        operations = self.spec.operations()
        self.routes = self.spec.routes()
        # The admin API keeps integers integers: an order_id sent as 5.0 would be served as 5.0.
        self.validators = {
            op: self.spec.request_validator(op, strict_integers=True) for op in operations if self.spec.media_types(op)
        }
        # For a ShipmentRequest body that has passed its own validator (so an object): its shipment.
        self.shipment = self.spec._compile({"properties": {"shipment": {"$ref": "#/components/schemas/Shipment"}}})
        self.request_schemas = {
            op: next(iter(self.spec.resolve(self.spec.operation(op)["requestBody"])["content"].values()))["schema"]
            for op in self.validators
        }
        self.handlers: dict[str, Callable[[Any, Request], Any]] = {
            "getState": lambda body, request: app.store.snapshot(),
            "resetState": self.reset,
            "createOrder": lambda body, request: app.store.create_order(body),
            "setProductionStatus": lambda body, request: self.notify(
                "production_status", body["order_id"], app.store.set_production_status, body.get("order_status_id")
            ),
            "addShipment": lambda body, request: self.notify(
                "shipment", body["order_id"], app.store.add_shipment, body["shipment"]
            ),
            "listRequests": self.list_requests,
            "listWebhookDeliveries": lambda body, request: app.webhooks.listing(self.limit(request)),
            "listFaults": lambda body, request: app.faults.listing(),
            "addFault": self.add_fault,
            "clearFaults": self.clear_faults,
        }

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        try:
            response = await self.handle(Request(scope, receive))
        except BadRequest as refusal:
            response = refusal.response
        except Disconnected:  # the client went away mid-body: nobody to answer
            return
        await response(scope, receive, send)

    async def handle(self, request: Request) -> Response:
        self.guard(request)
        method, path = request.method, request.url.path
        operation_id = self.routes.find(method, path)
        if operation_id is None:
            allow = self.routes.allowed(path)
            if allow is not None:
                raise BadRequest(405, f"{method} is not allowed on {path}; use {allow}.", Allow=allow)
            raise BadRequest(404, f"There is no admin operation at {path} (see admin.yaml).")
        body = None
        if operation_id in self.validators:
            media_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
            if media_type != "application/json":
                sent = request.headers.get("content-type", "no content type")
                raise BadRequest(415, f"Send the request body as application/json, not '{sent}'.")
            raw = await read_body(request, MAX_ADMIN_BODY_BYTES)
            if len(raw) > OFFLOAD_BYTES:
                body = await anyio.to_thread.run_sync(self.check, operation_id, raw)
            else:
                body = self.check(operation_id, raw)
        try:
            result = self.handlers[operation_id](body, request)
            if inspect.isawaitable(result):
                result = await result
            return result if isinstance(result, Response) else Json(result)
        except Refused as refusal:
            return Json({"Message": refusal.message}, status_code=refusal.status)
        except (FaultError, FixtureError) as error:
            return Json({"Message": INVALID, "ModelState": {"request": [str(error)]}}, status_code=400)

    def guard(self, request: Request) -> None:
        """403 for a request from another site or to a foreign Host; 401 without the admin token."""
        headers = request.headers
        host = headers.get("host")  # HTTP/1.0 may leave it out
        if self.loopback_only and host and host_name(host).lower() not in LOOPBACK_NAMES:
            raise BadRequest(403, f"The admin API answers only to a loopback Host, not {host!r} (DNS rebinding).")
        origin = headers.get("origin")
        if origin is not None and (not host or origin != f"{request.url.scheme}://{host}"):
            raise BadRequest(403, f"Cross-origin requests to the admin API are refused (Origin: {origin}).")
        site = headers.get("sec-fetch-site")
        if site is not None and site not in ("same-origin", "none"):
            raise BadRequest(403, f"Cross-site requests to the admin API are refused (Sec-Fetch-Site: {site}).")
        if self.token is not None:
            sent = headers.get("authorization", "")
            if not hmac.compare_digest(sent.encode(), f"Bearer {self.token}".encode()):
                raise BadRequest(401, "This mock requires its admin token: send Authorization: Bearer <token>.")

    def check(self, operation_id: str, raw: bytes) -> Any:
        if not raw:
            raise BadRequest(400, INVALID, {"request": ["A JSON request body is required ({} at least)."]})
        body = strict_json(raw)
        # FinerWorks writes every member: the ones openapi.yaml requires and a shipment or order
        # leaves out are null, where the spec allows null.
        body = self.spec.complete(self.request_schemas[operation_id], body)
        validator = self.validators[operation_id]
        if operation_id == "addShipment" and validator.is_valid(body):
            # A ShipmentInput: made whole, then checked against openapi.yaml's Shipment.
            body["shipment"] = self.spec.complete("Shipment", body["shipment"])
            validator = self.shipment
        if not validator.is_valid(body):
            raise BadRequest(400, INVALID, model_state(validator.iter_errors(body)))
        return body

    def limit(self, request: Request) -> int:
        text = request.query_params.get("limit", "100")
        if not text.isdigit() or not 1 <= int(text) <= 1000:
            raise BadRequest(
                400, INVALID, {"request.limit": [f"limit must be a whole number from 1 to 1000, not {text!r}."]}
            )
        return int(text)

    async def list_requests(self, body: None, request: Request) -> Response:
        """The log's last entries, parsed, redacted and rendered in a worker thread: a full log is
        megabytes of JSON, which would hold up the event loop."""
        entries = self.app.log.last(self.limit(request))
        return await anyio.to_thread.run_sync(lambda: Json(self.app.log.listing(entries)))

    def notify(self, event: str, order_id: int, change: Callable[[int, Any], dict[str, Any]], arg: Any) -> Any:
        """Make the change to the order; if its status as fetchOrderStatus reports it changed, send
        the order's status webhook (off the request path: webhooks.py)."""
        before = self.app.store.fetch([order_id], None)
        entry = change(order_id, arg)
        after = self.app.store.fetch([order_id], None)
        if after and after != before:
            self.app.webhooks.order_changed(after[0], entry.get("webhook_order_status_url"), event)
        return entry

    def reset(self, body: dict[str, Any], request: Request) -> dict[str, Any]:
        self.app.reset(body.get("state"))
        return self.app.store.snapshot()

    def add_fault(self, body: dict[str, Any], request: Request) -> dict[str, Any]:
        self.app.faults.add(body)
        return self.app.faults.listing()

    def clear_faults(self, body: None, request: Request) -> dict[str, Any]:
        self.app.faults.clear()
        return self.app.faults.listing()
