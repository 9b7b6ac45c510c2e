"""Servers that lie within the schema, to prove that `finerworks-mock contract` catches what a schema cannot:
the mock, with one lie told in answers that still match openapi.yaml.

- success-false: every 2xx envelope says `success: false`;
- other-order: a fetch answers another order than the one asked for;
- five-times: a fetch answers each order five times;
- no-change: updateOrder answers success and changes nothing;
- slow: every answer takes SLOW_SECONDS.
"""

from __future__ import annotations

import asyncio
import json
from typing import Any

from finerworks_mock import create_app
from starlette.types import ASGIApp, Message, Receive, Scope, Send

LIES = ("success-false", "other-order", "five-times", "no-change", "slow")
SLOW_SECONDS = 0.3
SUCCESS = {"success": True, "status_code": 200, "message": "", "debug": None}


def lying_server(lie: str, keys: tuple[str, str]) -> ASGIApp:
    """The mock (which requires keys) telling `lie`."""
    if lie not in LIES:
        raise ValueError(f"unknown lie {lie!r}; one of {', '.join(LIES)}")
    mock = create_app(keys=keys)

    def rewrite(path: str, body: Any) -> Any:
        if lie == "success-false":
            envelope = body.get("status", body) if isinstance(body, dict) else None
            if isinstance(envelope, dict) and envelope.get("success") is True:
                envelope["success"] = False
        if path.endswith("/fetch_order_status") and isinstance(body, dict) and body.get("orders"):
            if lie == "other-order":
                for order in body["orders"]:
                    order["order_id"] += 1
                    order["order_po"] = f"{order['order_po']}-OTHER"
            elif lie == "five-times":
                body["orders"] = body["orders"] * 5
        return body

    async def app(scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await mock(scope, receive, send)
            return
        if lie == "slow":
            await asyncio.sleep(SLOW_SECONDS)
        if lie == "no-change" and scope["path"].endswith("/update_order"):
            while (await receive()).get("more_body"):
                pass
            body = json.dumps(SUCCESS).encode()
            headers = [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]
            await send({"type": "http.response.start", "status": 200, "headers": headers})
            await send({"type": "http.response.body", "body": body})
            return
        start: Message = {}
        chunks: list[bytes] = []

        async def capture(message: Message) -> None:
            nonlocal start
            if message["type"] == "http.response.start":
                start = message
                return
            chunks.append(message.get("body", b""))
            if message.get("more_body"):
                return
            body = b"".join(chunks)
            if 200 <= start["status"] < 300:
                body = json.dumps(rewrite(scope["path"], json.loads(body))).encode()
            headers = [(k, v) for k, v in start["headers"] if k.lower() != b"content-length"]
            headers.append((b"content-length", str(len(body)).encode()))
            await send({**start, "headers": headers})
            await send({"type": "http.response.body", "body": body})

        await mock(scope, receive, capture)

    return app
