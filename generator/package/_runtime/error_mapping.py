"""error_for(): the typed FinerWorksError a response stands for (README, "Errors").

The clients' httpx event hook calls it on every response, after the transport has read the body.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any, TypeVar

import httpx

from ..errors import (
    APIConnectionError,
    APIError,
    AuthenticationError,
    ConflictError,
    FinerWorksError,
    NotFoundError,
    OperationFailedError,
    RateLimitError,
    ServerError,
    UnexpectedResponseError,
    ValidationError,
)
from .httpx_internals import hand_over
from .retries import retry_after

T = TypeVar("T")

SNIPPET = 200  # characters of an unexpected body quoted in an error message


def field_errors(model_state: object) -> dict[str, list[str]]:
    """ASP.NET's ModelState as {field: [message, ...]}: a null value has no messages, a string is one."""
    if not isinstance(model_state, dict):
        return {}
    errors: dict[str, list[str]] = {}
    for name, messages in model_state.items():
        if messages is None:
            errors[str(name)] = []
        elif isinstance(messages, list):
            errors[str(name)] = [str(message) for message in messages if message is not None]
        else:
            errors[str(name)] = [str(messages)]
    return errors


def error_for(response: httpx.Response) -> FinerWorksError | None:
    """The typed error a (read) response stands for, or None if it is a success.

    A success keeps its decoded body for the generated code's response.json() (hand_over), so
    the same bytes are not decoded a second time.
    """
    content = response.content
    try:
        body: Any = json.loads(content) if content else None
    except ValueError:
        body = None
    envelope = body.get("status", body) if isinstance(body, dict) else None
    envelope = envelope if isinstance(envelope, dict) else {}
    status = response.status_code
    if status < 400 and envelope.get("success") is not False and isinstance(body, dict):  # the usual case
        hand_over(response, body)
        return None
    reference_id = envelope.get("reference_id") if isinstance(envelope.get("reference_id"), str) else None
    details: dict[str, Any] = {
        "status_code": response.status_code,
        "reference_id": reference_id,
        "response": response,
        "body": body,
    }
    if status < 400:
        if not isinstance(body, dict):
            return UnexpectedResponseError(
                f"the response is not the documented JSON object: {snippet(response)}", path="", **details
            )
        return OperationFailedError(_text(envelope.get("message")) or "FinerWorks reported success: false", **details)
    message = (
        (_text(body.get("Message")) or _text(body.get("message")) if isinstance(body, dict) else None)
        or _text(envelope.get("message"))
        or f"{response.reason_phrase or 'error'}: {snippet(response)}"
    )
    model_state = body.get("ModelState") if isinstance(body, dict) else None
    credentials = _credentials_fields(model_state) if status == 400 else {}
    if status in (401, 403) or credentials:
        said = " ".join(text for messages in credentials.values() for text in messages)
        return AuthenticationError(said or message, **details)
    if status in (400, 413, 415, 422):
        return ValidationError(message, field_errors=field_errors(model_state), **details)
    if status == 404:
        return NotFoundError(message, **details)
    if status == 409:
        return ConflictError(message, **details)
    if status == 429:
        return RateLimitError(message, retry_after=retry_after(response, datetime.now(UTC)), **details)
    if status >= 500:
        return ServerError(message, **details)
    return APIError(message, **details)


def _credentials_fields(model_state: object) -> dict[str, list[str]]:
    """The ModelState entries of FinerWorks' refusal of the request's keys: it answers missing or
    wrong keys with HTTP 400 and the key "ApiC.Models.authorization_credentials", not with 401
    (openapi.yaml, components/responses/BadRequest). Matched on its last part, whatever the
    namespace before it."""
    if not isinstance(model_state, dict):
        return {}
    return field_errors(
        {k: v for k, v in model_state.items() if str(k).rsplit(".", 1)[-1] == "authorization_credentials"}
    )


def _text(value: object) -> str | None:
    return value if isinstance(value, str) and value else None


def snippet(response: httpx.Response, limit: int = SNIPPET) -> str:
    """The start of the body for a message: whitespace squeezed, at most limit characters.

    Only the first bytes are decoded, however large the body; a body of whitespace only says so.
    """
    content = response.content
    if not content:
        return "(empty body)"
    head = content[: limit * 4].decode(response.encoding or "utf-8", errors="replace")
    text = " ".join(head.split())
    if not text:
        blank = "whitespace only" if content.isspace() else "whitespace, then more"
        return f"({len(content)} bytes, {blank})"
    more = len(text) > limit or len(content) > limit * 4
    return repr(text[:limit] + ("..." if more else ""))


def raise_for_error(response: httpx.Response) -> None:
    """The sync clients' response hook (the transport has read the body)."""
    error = error_for(response)
    if error is not None:
        raise error


async def araise_for_error(response: httpx.Response) -> None:
    """The async clients' response hook."""
    error = error_for(response)
    if error is not None:
        raise error


def outside_transport(kwargs: dict[str, Any], error: httpx.HTTPError) -> APIConnectionError:
    """A failure of httpx outside the transport (an invalid URL, say), without httpx's message."""
    return APIConnectionError(f"{kwargs['method'].upper()} {kwargs['url']} failed ({type(error).__name__})")


def expect(result: object, model: type[T], response: httpx.Response) -> T:
    """result, the 200 model of the operation; anything else is an UnexpectedResponseError."""
    if isinstance(result, model):
        return result
    raise UnexpectedResponseError(
        f"expected the operation's 200 response ({model.__name__}), got HTTP {response.status_code}",
        status_code=response.status_code,
        response=response,
    )
