"""FinerWorksClient: the generated Client, configured for production use.

It adds what an integration needs on top of the generated operations, without changing them:
both keys on every request (from arguments or the environment), a named environment or any base
URL, default timeouts, retries with backoff, typed errors, DEBUG logging with the keys redacted,
and a User-Agent. Retries and logging live in httpx transports (each attempt is logged), and
typed errors in an event hook, so sync and async calls behave the same.

(Hand-written: generator/package/_finerworks.py, copied into the package by `make generate`.)
"""

from __future__ import annotations

import asyncio
import email.utils
import json
import logging
import os
import platform
import random
import time
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, Self

import httpx

from ._spec import DEFAULT_ENVIRONMENT, ENVIRONMENTS, VERSION
from .client import Client
from .errors import (
    APIConnectionError,
    APIError,
    APITimeoutError,
    AuthenticationError,
    ConfigurationError,
    ConflictError,
    FinerWorksError,
    NotFoundError,
    OperationFailedError,
    RateLimitError,
    ServerError,
    UnexpectedResponseError,
    ValidationError,
)

logger = logging.getLogger("finerworks_client")

USER_AGENT = f"finerworks-client/{VERSION} (python {platform.python_version()}; httpx {httpx.__version__})"
DEFAULT_TIMEOUT = httpx.Timeout(30.0, connect=5.0)
DEFAULT_MAX_RETRIES = 2
SECRET_HEADERS = frozenset({"web_api_key", "app_key", "authorization", "cookie", "proxy-authorization"})
REDACTED = "[redacted]"

# Retried: failures where the request may not have reached FinerWorks or FinerWorks asked to come
# back later. All four operations are idempotent (see README, "Retries"), so a retry of a request
# that did arrive is harmless.
RETRY_STATUSES = frozenset({429, 502, 503, 504})
RETRY_EXCEPTIONS: tuple[type[Exception], ...] = (httpx.TimeoutException, httpx.NetworkError, httpx.RemoteProtocolError)


@dataclass(frozen=True)
class RetryPolicy:
    """How retries wait. The number of retries is FinerWorksClient's max_retries.

    The n-th retry waits a random time between half and all of
    min(backoff_max, backoff_initial * 2 ** (n - 1)) seconds, or what the response's Retry-After
    asks if that is at most retry_after_max (a longer wait is not retried: RateLimitError).
    sleep, async_sleep and jitter are replaceable, so tests need not wait.
    """

    backoff_initial: float = 0.5
    backoff_max: float = 8.0
    retry_after_max: float = 60.0
    sleep: Callable[[float], None] = time.sleep
    async_sleep: Callable[[float], Awaitable[None]] = asyncio.sleep
    jitter: Callable[[], float] = random.random
    clock: Callable[[], datetime] = field(default=lambda: datetime.now(UTC))

    def delay(self, retry: int, response: httpx.Response | None) -> float | None:
        """Seconds to wait before retry number `retry` (1-based), or None to give up."""
        after = retry_after(response, self.clock()) if response is not None else None
        if after is not None:
            return after if after <= self.retry_after_max else None
        ceiling = min(self.backoff_max, self.backoff_initial * 2.0 ** (retry - 1))
        return ceiling * (0.5 + self.jitter() / 2)


def retry_after(response: httpx.Response, now: datetime) -> float | None:
    """The wait a Retry-After header asks for, in seconds (it may be a number or an HTTP date)."""
    value = response.headers.get("retry-after", "").strip()
    if not value:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        return max(0.0, (email.utils.parsedate_to_datetime(value) - now).total_seconds())
    except (TypeError, ValueError):
        return None


def _connection_error(error: Exception, request: httpx.Request, attempts: int) -> APIConnectionError:
    kind = APITimeoutError if isinstance(error, httpx.TimeoutException) else APIConnectionError
    what = "timed out" if kind is APITimeoutError else f"failed ({type(error).__name__}: {error})"
    return kind(f"{request.method} {request.url} {what} after {attempts} attempt(s)")


class _Retries:
    """The retry decision, shared by the sync and async transports."""

    def __init__(self, max_retries: int, policy: RetryPolicy) -> None:
        self.max_retries = max_retries
        self.policy = policy

    def wait(self, retries_done: int, request: httpx.Request, outcome: httpx.Response | Exception) -> float | None:
        """Seconds to wait before trying again, or None when this outcome is final."""
        if isinstance(outcome, httpx.Response) and logger.isEnabledFor(logging.DEBUG):
            logger.debug("response %s %s -> %d", request.method, request.url, outcome.status_code)
        if retries_done >= self.max_retries:
            return None
        if isinstance(outcome, httpx.Response):
            if outcome.status_code not in RETRY_STATUSES:
                return None
            reason = f"HTTP {outcome.status_code}"
            delay = self.policy.delay(retries_done + 1, outcome)
        else:
            reason = type(outcome).__name__
            delay = self.policy.delay(retries_done + 1, None)
        if delay is not None:
            logger.info(
                "retrying %s %s after %s in %.2fs (retry %d of %d)",
                request.method,
                request.url,
                reason,
                delay,
                retries_done + 1,
                self.max_retries,
            )
        return delay


class RetryTransport(httpx.BaseTransport):
    """Sends through `inner`, retrying per _Retries. Closes `inner` only if it owns it."""

    def __init__(self, inner: httpx.BaseTransport, retries: _Retries, *, owns_inner: bool = True) -> None:
        self.inner = inner
        self.retries = retries
        self.owns_inner = owns_inner

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        done = 0
        while True:
            _log_request(request)
            try:
                outcome: httpx.Response | Exception = self.inner.handle_request(request)
            except RETRY_EXCEPTIONS as error:
                outcome = error
            delay = self.retries.wait(done, request, outcome)
            if delay is None:
                if isinstance(outcome, Exception):
                    raise _connection_error(outcome, request, done + 1) from outcome
                return outcome
            if isinstance(outcome, httpx.Response):
                outcome.close()
            self.retries.policy.sleep(delay)
            done += 1

    def close(self) -> None:
        if self.owns_inner:
            self.inner.close()


class AsyncRetryTransport(httpx.AsyncBaseTransport):
    """The async twin of RetryTransport."""

    def __init__(self, inner: httpx.AsyncBaseTransport, retries: _Retries, *, owns_inner: bool = True) -> None:
        self.inner = inner
        self.retries = retries
        self.owns_inner = owns_inner

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        done = 0
        while True:
            _log_request(request)
            try:
                outcome: httpx.Response | Exception = await self.inner.handle_async_request(request)
            except RETRY_EXCEPTIONS as error:
                outcome = error
            delay = self.retries.wait(done, request, outcome)
            if delay is None:
                if isinstance(outcome, Exception):
                    raise _connection_error(outcome, request, done + 1) from outcome
                return outcome
            if isinstance(outcome, httpx.Response):
                await outcome.aclose()
            await self.retries.policy.async_sleep(delay)
            done += 1

    async def aclose(self) -> None:
        if self.owns_inner:
            await self.inner.aclose()


def redact(headers: Mapping[str, str]) -> dict[str, str]:
    """headers with the values of secret ones (the two keys among them) replaced."""
    return {name: REDACTED if name.lower() in SECRET_HEADERS else value for name, value in headers.items()}


def error_for(response: httpx.Response) -> FinerWorksError | None:
    """The typed error a (read) response stands for, or None if it is a success.

    A success keeps its decoded body for the generated code's response.json() (_hand_over), so
    the same bytes are not decoded a second time.
    """
    try:
        body: Any = json.loads(response.content) if response.content else None
    except ValueError:
        body = None
    envelope = body.get("status", body) if isinstance(body, dict) else None
    envelope = envelope if isinstance(envelope, dict) else {}
    status = response.status_code
    if status < 400 and isinstance(body, dict) and envelope.get("success") is not False:  # the usual case
        _hand_over(response, body)
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
                f"the response is not the documented JSON object: {_snippet(response)}", path="", **details
            )
        return OperationFailedError(envelope.get("message") or "FinerWorks reported success: false", **details)
    message = (
        (body.get("Message") or body.get("message") if isinstance(body, dict) else None)
        or envelope.get("message")
        or f"{response.reason_phrase or 'error'}: {_snippet(response)}"
    )
    if status in (400, 413, 415, 422):
        model_state = body.get("ModelState") if isinstance(body, dict) else None
        field_errors = (
            {str(k): [str(m) for m in v] for k, v in model_state.items()} if isinstance(model_state, dict) else {}
        )
        return ValidationError(message, field_errors=field_errors, **details)
    if status in (401, 403):
        return AuthenticationError(message, **details)
    if status == 404:
        return NotFoundError(message, **details)
    if status == 409:
        return ConflictError(message, **details)
    if status == 429:
        return RateLimitError(message, retry_after=retry_after(response, datetime.now(UTC)), **details)
    if status >= 500:
        return ServerError(message, **details)
    return APIError(message, **details)


def _hand_over(response: httpx.Response, body: Any) -> None:
    """Make the next response.json() return body, once; later calls decode as httpx does.

    Once only, so the response does not keep the body alive: httpx's responses are in a reference
    cycle (with their stream), and whatever they hold waits for the garbage collector.
    """

    def json_once(**_: Any) -> Any:
        del response.json  # httpx's own Response.json again
        return body

    response.json = json_once  # type: ignore[method-assign]


def _snippet(response: httpx.Response, limit: int = 200) -> str:
    text = " ".join(response.text.split())
    return repr(text[:limit] + ("..." if len(text) > limit else "")) if text else "(empty body)"


def _log_request(request: httpx.Request) -> None:
    if logger.isEnabledFor(logging.DEBUG):  # redacting the headers costs more than the call's own work
        logger.debug("request %s %s headers=%s", request.method, request.url, redact(request.headers))


def _raise_for_error(response: httpx.Response) -> None:
    response.read()
    error = error_for(response)
    if error is not None:
        raise error


async def _araise_for_error(response: httpx.Response) -> None:
    await response.aread()
    error = error_for(response)
    if error is not None:
        raise error


@dataclass
class _Pools:
    """Connection pools shared by a client and the copies with_options makes of it."""

    sync: httpx.BaseTransport | None = None
    asynchronous: httpx.AsyncBaseTransport | None = None


class FinerWorksClient(Client):
    """A Client for the FinerWorks API, ready for production use. Pass it to any generated operation.

    Args:
        web_api_key: The account's web API key. Default: $FINERWORKS_WEB_API_KEY.
        app_key: The application key. Default: $FINERWORKS_APP_KEY.
        environment: "production" or "sandbox".
        base_url: Any base URL, for example the local mock, "http://127.0.0.1:8000/v3".
            Without either argument: $FINERWORKS_BASE_URL, else $FINERWORKS_ENVIRONMENT, else
            production.
        timeout: Seconds, or an httpx.Timeout. Default: 30 s, 5 s to connect.
        max_retries: Retries after a connection error, a timeout, 429, 502, 503 or 504. 0: none.
        retry_policy: How long retries wait (and, for tests, how they sleep).
        raise_on_error: Raise a FinerWorksError for an error response or success: false (default).
            False: return the parsed error body, as the plain generated Client does.
        httpx_args: More arguments for httpx.Client / httpx.AsyncClient. A "transport" given here
            is wrapped, not replaced, by the retrying transport.

    Raises:
        ConfigurationError: A key is missing, the environment is unknown, or max_retries < 0.
    """

    def __init__(
        self,
        *,
        web_api_key: str | None = None,
        app_key: str | None = None,
        environment: str | None = None,
        base_url: str | None = None,
        timeout: float | httpx.Timeout = DEFAULT_TIMEOUT,
        max_retries: int = DEFAULT_MAX_RETRIES,
        retry_policy: RetryPolicy | None = None,
        raise_on_error: bool = True,
        httpx_args: dict[str, Any] | None = None,
    ) -> None:
        keys = {
            "web_api_key": _setting("web_api_key", web_api_key),
            "app_key": _setting("app_key", app_key),
        }
        if not isinstance(max_retries, int) or max_retries < 0:
            raise ConfigurationError(f"max_retries must be a whole number >= 0, not {max_retries!r}")
        super().__init__(
            base_url=_base_url(environment, base_url),
            headers={**keys, "User-Agent": USER_AGENT},
            timeout=timeout if isinstance(timeout, httpx.Timeout) else httpx.Timeout(timeout),
            httpx_args=dict(httpx_args or {}),
        )
        self._max_retries = max_retries
        self._retry_policy = retry_policy or RetryPolicy()
        self._raise_on_error = raise_on_error
        self._pools = _Pools()
        self._owns_pools = True

    @property
    def base_url(self) -> str:
        return self._base_url

    def with_options(
        self,
        *,
        timeout: float | httpx.Timeout | None = None,
        max_retries: int | None = None,
        raise_on_error: bool | None = None,
    ) -> Self:
        """A copy with other per-call settings that shares this client's connections.

        `fetch_order_status.sync(client=client.with_options(timeout=120), body=...)`
        """
        copy = type(self)(
            web_api_key=self._headers["web_api_key"],
            app_key=self._headers["app_key"],
            base_url=self._base_url,
            timeout=self._timeout if timeout is None else timeout,  # type: ignore[arg-type]
            max_retries=self._max_retries if max_retries is None else max_retries,
            retry_policy=self._retry_policy,
            raise_on_error=self._raise_on_error if raise_on_error is None else raise_on_error,
            httpx_args=self._httpx_args,
        )
        copy._pools, copy._owns_pools = self._pools, False
        return copy

    def with_timeout(self, timeout: httpx.Timeout) -> Self:
        return self.with_options(timeout=timeout)

    def get_httpx_client(self) -> httpx.Client:
        if self._client is None:
            args = dict(self._httpx_args)
            if self._pools.sync is None:
                self._pools.sync = args.pop("transport", None) or httpx.HTTPTransport(verify=self._verify_ssl)
            else:
                args.pop("transport", None)
            self._client = httpx.Client(
                base_url=self._base_url,
                headers=self._headers,
                timeout=self._timeout,
                transport=RetryTransport(
                    self._pools.sync, _Retries(self._max_retries, self._retry_policy), owns_inner=self._owns_pools
                ),
                event_hooks={"response": [_raise_for_error] if self._raise_on_error else []},
                **args,
            )
        return self._client

    def get_async_httpx_client(self) -> httpx.AsyncClient:
        if self._async_client is None:
            args = dict(self._httpx_args)
            if self._pools.asynchronous is None:
                self._pools.asynchronous = args.pop("transport", None) or httpx.AsyncHTTPTransport(
                    verify=self._verify_ssl
                )
            else:
                args.pop("transport", None)
            self._async_client = httpx.AsyncClient(
                base_url=self._base_url,
                headers=self._headers,
                timeout=self._timeout,
                transport=AsyncRetryTransport(
                    self._pools.asynchronous,
                    _Retries(self._max_retries, self._retry_policy),
                    owns_inner=self._owns_pools,
                ),
                event_hooks={"response": [_araise_for_error] if self._raise_on_error else []},
                **args,
            )
        return self._async_client

    def close(self) -> None:
        """Close the connections (what leaving `with client:` does)."""
        if self._client is not None:
            self._client.close()

    async def aclose(self) -> None:
        """Close the async connections (what leaving `async with client:` does)."""
        if self._async_client is not None:
            await self._async_client.aclose()

    def __repr__(self) -> str:
        return (
            f"FinerWorksClient(base_url={self._base_url!r}, web_api_key={REDACTED!r}, app_key={REDACTED!r}, "
            f"timeout={self._timeout!r}, max_retries={self._max_retries})"
        )


def _setting(name: str, value: str | None) -> str:
    """A required key: the argument, else its FINERWORKS_* environment variable."""
    value = value or os.environ.get(f"FINERWORKS_{name.upper()}")
    if not value:
        raise ConfigurationError(f"{name} is missing: pass {name}=... or set FINERWORKS_{name.upper()}")
    return value


def _base_url(environment: str | None, base_url: str | None) -> str:
    """Arguments first (base_url, then environment), then $FINERWORKS_BASE_URL, $FINERWORKS_ENVIRONMENT."""
    if environment is None:
        base_url = base_url or os.environ.get("FINERWORKS_BASE_URL")
    if base_url:
        return base_url.rstrip("/")
    name = environment or os.environ.get("FINERWORKS_ENVIRONMENT") or DEFAULT_ENVIRONMENT
    if name not in ENVIRONMENTS:
        raise ConfigurationError(f"unknown environment {name!r}: use one of {', '.join(ENVIRONMENTS)}, or base_url")
    return ENVIRONMENTS[name]


__all__ = [
    "DEFAULT_MAX_RETRIES",
    "DEFAULT_TIMEOUT",
    "USER_AGENT",
    "FinerWorksClient",
    "RetryPolicy",
    "logger",
    "redact",
]
