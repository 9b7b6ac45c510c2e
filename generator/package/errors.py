"""Errors raised by the FinerWorks client. Every one is a FinerWorksError.

    FinerWorksError
    ├── ConfigurationError        bad or missing settings, raised when the client is made
    ├── ClientUsageError          a client used after close(), or from another event loop
    ├── APIConnectionError        no usable response: connection refused, reset, dropped
    │   └── APITimeoutError       connect or read timeout
    └── APIError                  FinerWorks answered, and the answer is an error
        ├── ValidationError       400/413/415/422: the request was invalid (field_errors)
        ├── AuthenticationError   missing or wrong web_api_key / app_key: FinerWorks' 400 whose
        │                         ModelState names authorization_credentials, or 401/403
        ├── NotFoundError         404: no such order
        ├── ConflictError         409: the order can no longer be changed (in production)
        ├── RateLimitError        429: too many requests (retry_after)
        ├── ServerError           5xx
        ├── OperationFailedError  2xx whose status envelope says success: false
        └── UnexpectedResponseError  a body that is not the JSON FinerWorks documents
            └── ResponseTooLargeError    a body larger than max_response_size

UnexpectedStatus is raised by the generated functions for an undocumented status when
Client.raise_on_unexpected_status is set (FinerWorksClient raises the typed errors above first).

__all__ below is the one list of these names: the package's __init__ re-exports it.

(Hand-written: generator/package/errors.py, linked into the package by `make generate` in place of
the generator's own errors.py, whose UnexpectedStatus it keeps.)
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import httpx


class FinerWorksError(Exception):
    """Base of every error of this package.

    Attributes:
        message: What went wrong, in FinerWorks' words when it said so.
        status_code: The HTTP status of the response, when there was one.
        reference_id: FinerWorks' reference for the event, when the response carried one.
        response: The raw httpx.Response, when there was one. Its request still carries the key
            headers: they are never part of the error's text.
        body: The decoded JSON body of the response, when it had one.
    """

    def __init__(
        self,
        message: str,
        *,
        status_code: int | None = None,
        reference_id: str | None = None,
        response: httpx.Response | None = None,
        body: Any = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.status_code = status_code
        self.reference_id = reference_id
        self.response = response
        self.body = body

    def __str__(self) -> str:
        prefix = f"HTTP {self.status_code}: " if self.status_code is not None else ""
        suffix = f" (reference_id {self.reference_id})" if self.reference_id else ""
        return f"{prefix}{self.message}{suffix}"


class ConfigurationError(FinerWorksError, ValueError):
    """The client was given settings it cannot work with (a missing key, an unknown environment)."""


class ClientUsageError(FinerWorksError, RuntimeError):
    """The client cannot be used this way: it was closed, or an async client is used from an event
    loop other than the one it first ran in (each asyncio.run() has its own)."""


class APIConnectionError(FinerWorksError):
    """No usable response arrived, after every retry."""


class APITimeoutError(APIConnectionError):
    """Connecting or waiting for the response took longer than the timeout, after every retry."""


class APIError(FinerWorksError):
    """FinerWorks answered with an error."""


class ValidationError(APIError):
    """The request was refused as invalid.

    Attributes:
        field_errors: FinerWorks' messages per field (ASP.NET ModelState), such as
            {"request.order_id": ["0 is less than the minimum of 1"]}. Empty when none were given.
    """

    def __init__(self, message: str, *, field_errors: dict[str, list[str]] | None = None, **kwargs: Any) -> None:
        super().__init__(message, **kwargs)
        self.field_errors = field_errors or {}

    def __str__(self) -> str:
        fields = "; ".join(f"{name}: {' '.join(messages)}" for name, messages in self.field_errors.items())
        return super().__str__() + (f" [{fields}]" if fields else "")


class AuthenticationError(APIError):
    """The web_api_key / app_key pair is missing or not accepted.

    FinerWorks says so with HTTP 400 and {"ModelState": {"ApiC.Models.authorization_credentials":
    ["Missing or unauthorized api credentials"]}} (also for one key only, or the same value in
    both); a 401 or 403 from a proxy in front of it is raised as this error too."""


class NotFoundError(APIError):
    """The order does not exist on this account."""


class ConflictError(APIError):
    """The order is in a state that refuses the change (for example, already in production)."""


class RateLimitError(APIError):
    """Too many requests.

    Attributes:
        retry_after: Seconds FinerWorks asked to wait (Retry-After), when it said.
    """

    def __init__(self, message: str, *, retry_after: float | None = None, **kwargs: Any) -> None:
        super().__init__(message, **kwargs)
        self.retry_after = retry_after


class ServerError(APIError):
    """FinerWorks failed (5xx), after every retry."""


class OperationFailedError(APIError):
    """A successful HTTP status whose FinerWorks status envelope says success: false."""


class UnexpectedResponseError(APIError):
    """The response body is not the JSON that openapi.yaml documents (an HTML page, malformed JSON,
    or a member whose value does not fit its model).

    Attributes:
        path: Where in the body the value that does not fit is, such as
            "orders[0].shipments[0].delivery_date"; "" for the body as a whole, None when unknown.
    """

    def __init__(self, message: str, *, path: str | None = None, **kwargs: Any) -> None:
        super().__init__(message, **kwargs)
        self.path = path
        self._steps: list[str | int] = []
        self._inner: Any = None

    @classmethod
    def not_fitting(cls, container: Any, member: str, cause: Exception) -> UnexpectedResponseError:
        """The error a generated model's from_dict() raises when reading `member` of `container`
        failed with `cause` (outer models then add their part of the path with `inside`)."""
        if not isinstance(container, Mapping):
            error = cls(f"expected a JSON object, got {_preview(container)}", path="")
            error._inner = container
            return error
        if member not in container:
            return cls("the member is missing").inside(container, member)  # inside() sets the path
        detail = f" ({cause})" if str(cause) and isinstance(cause, ValueError) else ""
        return cls(f"unexpected value {_preview(container[member])}{detail}").inside(container, member)

    def inside(self, container: Any, member: str) -> UnexpectedResponseError:
        """Prefix the path with `member` of the JSON object `container` (and the index, in a list, of
        the object where the error happened). Runs only on the error path, never on success."""
        value = container.get(member) if isinstance(container, Mapping) else None
        if self._inner is not None and isinstance(value, list):
            index = next((i for i, item in enumerate(value) if item is self._inner), None)
            if index is not None:
                self._steps.insert(0, index)
        self._steps.insert(0, member)
        self._inner = container
        self.path = "".join(f"[{step}]" if isinstance(step, int) else f".{step}" for step in self._steps)[1:]
        return self

    def with_response(self, response: httpx.Response) -> UnexpectedResponseError:
        """Attach the raw response the body came from (the generated endpoints call this)."""
        self.response = response
        self.status_code = response.status_code
        return self

    def __str__(self) -> str:
        where = f" at {self.path}" if self.path else ""
        prefix = f"HTTP {self.status_code}: " if self.status_code is not None else ""
        if self.path is None:
            return super().__str__()
        return f"{prefix}the response does not fit the documented model{where}: {self.message}"


class ResponseTooLargeError(UnexpectedResponseError):
    """The response body is larger than the client's max_response_size (decompressed): it was
    refused while it streamed in, and not read further."""


def _preview(value: Any, limit: int = 80) -> str:
    """A short, readable rendering of a JSON value for an error message."""
    text = "null" if value is None else repr(value)
    return text if len(text) <= limit else text[: limit - 3] + "..."


class UnexpectedStatus(FinerWorksError):
    """Raised by api functions when the response status is undocumented and
    Client.raise_on_unexpected_status is True."""

    def __init__(self, status_code: int, content: bytes):
        self.content = content
        super().__init__(
            f"Unexpected status code: {status_code}\n\nResponse content:\n{content.decode(errors='ignore')}",
            status_code=status_code,
        )


__all__ = [
    "APIConnectionError",
    "APIError",
    "APITimeoutError",
    "AuthenticationError",
    "ClientUsageError",
    "ConfigurationError",
    "ConflictError",
    "FinerWorksError",
    "NotFoundError",
    "OperationFailedError",
    "RateLimitError",
    "ResponseTooLargeError",
    "ServerError",
    "UnexpectedResponseError",
    "UnexpectedStatus",
    "ValidationError",
]
