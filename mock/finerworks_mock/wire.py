"""What the FinerWorks API (app.py) and the admin API (admin.py) share on the wire: reading a body
within its limits, parsing it strictly, and refusing with an ASP.NET-style ApiError body.

This module loads neither openapi-core nor the spec: server.py (the HTTP protocol, also under the
proxy) needs only its constants.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable
from itertools import islice
from typing import Any

from starlette.requests import ClientDisconnect, Request
from starlette.responses import JSONResponse

from .spec import leaves, member_path

INVALID = "The request is invalid."
MAX_ERRORS = 20  # messages per refused request, at most
MAX_DEPTH = 64  # arrays and objects nested in a body, at most (Json.NET's default MaxDepth)
OFFLOAD_BYTES = 2 * 1024  # larger bodies are parsed and validated in a worker thread
CLOSE_EXTENSION = "finerworks_mock.close"  # set by server.HttpProtocol: close without answering
STOPPING_EXTENSION = "finerworks_mock.stopping"  # set by server.HttpProtocol: an Event set at shutdown
COMBINATIONS = {"anyOf", "oneOf", "not", "allOf"}


class BadRequest(Exception):
    """Refusal before the operation runs: an ApiError body with this status."""

    def __init__(self, status: int, message: str, model_state: dict[str, list[str]] | None = None, **headers: str):
        super().__init__(message)
        self.response = Json(
            {"Message": message, **({"ModelState": model_state} if model_state else {})},
            status_code=status,
            headers=headers or None,
        )


class Disconnected(Exception):
    """The client went away (or was cut off) before its request was read: nothing to answer."""


class Json(JSONResponse):
    """A JSON response that renders any text: a string UTF-8 cannot encode is written escaped."""

    def render(self, content: Any) -> bytes:
        try:
            return super().render(content)
        except UnicodeEncodeError:
            return json.dumps(content, allow_nan=False, separators=(",", ":")).encode()


def unencodable(value: Any, path: str = "") -> str | None:
    """Where value holds a string UTF-8 cannot encode (a lone surrogate), as `.a.b[0]` ("" for value
    itself); None if it holds none."""
    if isinstance(value, str):
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            return path
        return None
    if isinstance(value, dict):
        for key, item in value.items():
            found = unencodable(key, path) if isinstance(key, str) else None
            found = found if found is not None else unencodable(item, f"{path}.{key}")
            if found is not None:
                return found
    elif isinstance(value, list):
        for n, item in enumerate(value):
            found = unencodable(item, f"{path}[{n}]")
            if found is not None:
                return found
    return None


def too_deep(value: Any, limit: int = MAX_DEPTH) -> list[str | int] | None:
    """The path to the first array or object nested deeper than limit in value, or None.

    Iterative, so that no depth of input can exhaust the stack here (copying or validating a value
    nested 500 deep did: RecursionError, then a 500)."""
    stack: list[tuple[Any, list[str | int]]] = [(value, [])]
    while stack:
        node, path = stack.pop()
        if len(path) > limit:
            return path
        if isinstance(node, dict):
            stack.extend((item, [*path, key]) for key, item in node.items() if isinstance(item, dict | list))
        elif isinstance(node, list):
            stack.extend((item, [*path, n]) for n, item in enumerate(node) if isinstance(item, dict | list))
    return None


def strict_json(raw: bytes) -> Any:
    """Parse a request body, refusing what json.loads would let through: bad UTF-8, NaN, 1e999, a
    lone surrogate (`"\\ud800"`), which no UTF-8 response could carry back, and nesting deeper than
    MAX_DEPTH, which no FinerWorks model has."""

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
    except RecursionError:  # json's parser gives up near 1,000 levels: deeper than MAX_DEPTH anyway
        raise BadRequest(400, INVALID, {"request": [f"The body is nested deeper than {MAX_DEPTH} levels."]}) from None
    except ValueError as error:
        raise BadRequest(400, INVALID, {"request": [f"The body is not valid JSON: {error}."]}) from None
    if raw.count(b"[") + raw.count(b"{") > MAX_DEPTH:  # fewer brackets cannot nest deeper: skip the walk
        path = too_deep(value)
        if path is not None:
            field = member_path(path[: MAX_DEPTH // 8], "request") + ("..." if len(path) > MAX_DEPTH // 8 else "")
            message = f"The value is nested deeper than {MAX_DEPTH} levels (arrays and objects)."
            raise BadRequest(400, INVALID, {field: [message]})
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
    rule, and only when no field error says more. So is a failed `then` or `else` of an
    if/then/else rule (the address's state_code rule): its description states the rule.
    """
    found = list(islice(schema_errors, MAX_ERRORS + 1))
    errors = [leaf for error in found[:MAX_ERRORS] for leaf in leaves(error)]
    more = len(found) > MAX_ERRORS or len(errors) > MAX_ERRORS
    errors = errors[:MAX_ERRORS]
    specific = [error for error in errors if error.validator not in COMBINATIONS]
    state: dict[str, list[str]] = {}

    def add(key: str, message: str) -> None:  # a rule met along several branches is said once
        if message not in state.setdefault(key, []):
            state[key].append(message)

    for error in specific or errors:
        key = member_path(error.absolute_path, "request")
        in_rule = {"then", "else"} & set(error.relative_schema_path) and isinstance(error.schema, dict)
        rule = error.schema.get("description") if in_rule else None
        if rule:
            field = f"{key}.{error.validator_value[0]}" if error.validator == "required" else key
            add(field, rule)
        elif error.validator == "required":
            for name in error.validator_value:
                if isinstance(error.instance, dict) and name not in error.instance:
                    add(f"{key}.{name}", f"The {name} field is required.")
        elif error.validator in COMBINATIONS and isinstance(error.schema, dict) and error.schema.get("description"):
            add(key, error.schema["description"])
        else:
            add(key, error.message)
    if more:
        add("request", f"There are more errors; only the first {MAX_ERRORS} are reported.")
    return state


async def read_body(request: Request, limit: int) -> bytes:
    """The request body, or 413 as soon as it is known to be over limit; Disconnected if the client
    went away or was cut off (server.HttpProtocol's body timeout) before sending it all."""
    declared = request.headers.get("content-length", "")
    too_large = f"The request body is larger than {limit} bytes."
    if declared.isdigit() and int(declared) > limit:
        raise BadRequest(413, too_large)
    chunks: list[bytes] = []
    size = 0
    try:
        async for chunk in request.stream():
            size += len(chunk)
            if size > limit:
                raise BadRequest(413, too_large)
            chunks.append(chunk)
    except ClientDisconnect:
        raise Disconnected from None
    return b"".join(chunks)
