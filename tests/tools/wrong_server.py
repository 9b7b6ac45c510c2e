"""A deliberately wrong FinerWorks server, to prove that `make contract` and `make proxy` can fail.

Whatever it is asked, it answers fetchOrderStatus' documented shipped-order example (taken from
openapi.yaml, so it conforms) with exactly one planted fault:

- date-as-number: a shipment's `shipment_date` is a Unix timestamp instead of a date-time string;
- missing-member: a 400 ApiError without its required `Message`;
- undocumented-status: the right body with status 202, which openapi.yaml does not document;
- html-200: an HTML error page with status 200;
- echo-keys: an order's `order_po` is an object echoing both key headers, so a report or a log
  that shows the offending value would leak the keys unless it redacts them.
"""

from __future__ import annotations

import copy
import html
import json
from typing import Any

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

KEY_HEADERS = ("web_api_key", "app_key")
FAULTS = ("date-as-number", "missing-member", "undocumented-status", "html-200", "echo-keys")

# What each fault must be reported as: (member, words of the message). The member of a
# missing required member is its own name; `Message` is required by ApiError.
EXPECTED = {
    "date-as-number": ("orders[0].shipments[0].shipment_date", "string"),
    "missing-member": ("Message", "required"),
    "undocumented-status": ("(status)", "undocumented status"),
    "html-200": ("(content-type)", "text/html"),
    "echo-keys": ("orders[0].order_po", "string"),
}


def wrong_server(fault: str, document: dict[str, Any]) -> Starlette:
    """An ASGI app that plants `fault` in every answer; document is openapi.yaml, parsed."""
    if fault not in FAULTS:
        raise ValueError(f"unknown fault {fault!r}; one of {', '.join(FAULTS)}")
    example = document["components"]["examples"]["FetchOrderStatusShippedResponse"]["value"]

    async def answer(request: Request) -> Response:
        await request.body()
        body = copy.deepcopy(example)
        body["orders"] = body["orders"][:1]  # the page's example lists its order twice; a lookup answers it once
        asked = await request.json() if request.headers.get("content-type") == "application/json" else {}
        if isinstance(asked, dict) and asked.get("order_ids"):  # the order asked for: only the planted fault is wrong
            body["orders"][0]["order_id"] = asked["order_ids"][0]
        if isinstance(asked, dict) and asked.get("order_pos"):
            body["orders"][0]["order_po"] = asked["order_pos"][0]
        status, content_type = 200, "application/json"
        if fault == "date-as-number":
            body["orders"][0]["shipments"][0]["shipment_date"] = 1736883643
        elif fault == "missing-member":
            status, body = 400, {"ModelState": {"request.order_ids": ["The order_ids field is required."]}}
        elif fault == "undocumented-status":
            status = 202
        elif fault == "echo-keys":
            body["orders"][0]["order_po"] = {name: request.headers.get(name) for name in KEY_HEADERS}
        if fault == "html-200":  # ASP.NET's error page, which can list the server variables, keys included
            variables = "\n".join(
                f"HTTP_{name.upper()}: {html.escape(request.headers.get(name, ''))}" for name in KEY_HEADERS
            )
            title = "<h1>Server Error in '/' Application.</h1>"
            page = f"<!DOCTYPE html><html><body>{title}<pre>{variables}</pre></body></html>"
            return Response(page, status_code=200, media_type="text/html")
        return Response(json.dumps(body), status_code=status, media_type=content_type)

    return Starlette(routes=[Route("/{path:path}", answer, methods=["GET", "POST", "PUT", "PATCH", "DELETE"])])
