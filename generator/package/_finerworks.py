"""FinerWorksClient and AsyncFinerWorksClient: the generated Client, configured for production use.

They add what an integration needs on top of the generated operations, without changing them:
the resources (`client.orders.update(...)`, generated into api/__init__.py), both keys on every
request (from arguments or the environment, checked when the client is made), a named
environment or any base URL, per-read timeouts and a total deadline per call, retries with
backoff, typed errors, DEBUG logging with the keys redacted, and a User-Agent. Retries, the
deadline and logging live in httpx transports (each attempt is logged), and typed errors in an
event hook, so the resources and the generated operation modules behave the same.

(Hand-written: generator/package/_finerworks.py, copied into the package by `make generate`.)
"""

from __future__ import annotations

import asyncio
import contextvars
import email.utils
import json
import logging
import math
import os
import platform
import random
import ssl
import time
from collections.abc import Awaitable, Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, Generic, NoReturn, Self, TypeVar

import httpcore
import httpx

from ._spec import DEFAULT_ENVIRONMENT, ENVIRONMENTS, VERSION
from .api import AsyncResources, Resources
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

T = TypeVar("T")

USER_AGENT = f"finerworks-client/{VERSION} (python {platform.python_version()}; httpx {httpx.__version__})"
DEFAULT_TIMEOUT = httpx.Timeout(30.0, connect=5.0)
DEFAULT_DEADLINE = 120.0
DEFAULT_MAX_RETRIES = 2
KEYS = ("web_api_key", "app_key")
SECRET_HEADERS = frozenset({*KEYS, "authorization", "cookie", "proxy-authorization"})
REDACTED = "[redacted]"
# The request extension that carries a call's own (max_retries, deadline) to the retrying transport.
CALL_OPTIONS = "finerworks_client.call_options"

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
    A wait that would end after the call's deadline is not made either.
    sleep, async_sleep, jitter and clock are replaceable, so tests need not wait.
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


# Settings, checked when a client is made -------------------------------------------------------


def _header_problem(value: str) -> str | None:
    """What makes value unusable as an HTTP header value, in words that do not repeat it."""
    if not value:
        return "is empty"
    if value != value.strip():
        return "has whitespace at its start or end (a value read from a file keeps its line break: strip it)"
    if any(ord(character) < 0x20 or ord(character) == 0x7F for character in value):
        return "contains a control character"
    if not value.isascii():
        return "contains a non-ASCII character (a non-breaking space, say)"
    return None


def _key(name: str, value: object) -> str:
    """A required key: the argument, else its FINERWORKS_* environment variable. Never echoed."""
    variable = f"FINERWORKS_{name.upper()}"
    source = f"{name}="
    if value is None:
        value, source = os.environ.get(variable), f"${variable}"
        if value is None:
            raise ConfigurationError(f"{name} is missing: pass {name}=... or set {variable}")
    if not isinstance(value, str):
        raise ConfigurationError(f"{name} must be a str, not {type(value).__name__}")
    problem = _header_problem(value)
    if problem is not None:
        raise ConfigurationError(f"{name} (from {source}) {problem}; the key is not shown here")
    return value


def _headers(headers: object, what: str) -> dict[str, str]:
    """headers as a dict, each value checked as _key does; the keys themselves go elsewhere."""
    if headers is None:
        return {}
    if not isinstance(headers, Mapping):
        raise ConfigurationError(f"{what} must be a mapping of header names to values")
    checked: dict[str, str] = {}
    for name, value in headers.items():
        if not isinstance(name, str) or not name.isascii() or _header_problem(name) or ":" in name or " " in name:
            raise ConfigurationError(f"{what}: {name!r} is not a header name")
        if name.lower() in KEYS:
            raise ConfigurationError(f"{what}: pass {name.lower()} as {name.lower()}=..., not as a header")
        problem = _header_problem(value) if isinstance(value, str) else "is not a str"
        if problem is not None:  # the value is not shown: it may be a secret
            raise ConfigurationError(f"{what}: the value of {name!r} {problem}")
        checked[name] = value
    return checked


def _base_url(environment: object, base_url: object) -> str:
    """Arguments first (base_url, then environment), then $FINERWORKS_BASE_URL, $FINERWORKS_ENVIRONMENT."""
    if environment is None and base_url is None:
        base_url = os.environ.get("FINERWORKS_BASE_URL") or None
    if base_url is not None:
        if not isinstance(base_url, str):
            raise ConfigurationError(f"base_url must be a str, not {type(base_url).__name__}")
        try:
            url = httpx.URL(base_url)
        except httpx.InvalidURL:
            url = None
        if url is None or url.scheme not in ("http", "https") or not url.host or url.userinfo:
            shown = "" if "@" in base_url else f" {base_url!r}"  # user:password@ is not repeated
            raise ConfigurationError(
                f"base_url{shown} is not an http:// or https:// URL with a host "
                "(and no user:password), such as 'http://127.0.0.1:8000/v3'"
            )
        return base_url.rstrip("/")
    name = environment if environment is not None else os.environ.get("FINERWORKS_ENVIRONMENT") or DEFAULT_ENVIRONMENT
    if name not in ENVIRONMENTS:
        raise ConfigurationError(f"unknown environment {name!r}: use one of {', '.join(ENVIRONMENTS)}, or base_url")
    return ENVIRONMENTS[name]


def _seconds(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and value > 0 and not math.isnan(value)


def _timeout(value: object) -> httpx.Timeout:
    """Per-read (connect, read, write, pool) timeouts: seconds > 0, or an httpx.Timeout."""
    if isinstance(value, httpx.Timeout):
        if all(part is None or _seconds(part) for part in value.as_dict().values()):
            return value
    elif _seconds(value):
        return httpx.Timeout(float(value))  # type: ignore[arg-type]
    raise ConfigurationError(f"timeout must be a number of seconds > 0 or an httpx.Timeout, not {value!r}")


def _longest(timeout: httpx.Timeout) -> float:
    """The longest of the per-read timeouts (None: none)."""
    return max(math.inf if value is None else value for value in timeout.as_dict().values())


def _deadline(value: object) -> float:
    if not _seconds(value):
        raise ConfigurationError(f"deadline must be a number of seconds > 0 (math.inf: none), not {value!r}")
    return float(value)  # type: ignore[arg-type]


def _max_retries(value: object) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or value < 0:
        raise ConfigurationError(f"max_retries must be a whole number >= 0, not {value!r}")
    return value


# Retries and the deadline, in the transports ----------------------------------------------------

# Options given to httpx_args that FinerWorksClient sets itself, and the argument that replaces each.
OWN_HTTPX_ARGS = {
    "base_url": "base_url",
    "headers": "headers",
    "cookies": "cookies",
    "timeout": "timeout",
    "event_hooks": "(none: typed errors need them)",
}


def _connection_error(
    error: Exception, request: httpx.Request, attempts: int, deadline: float | None
) -> APIConnectionError:
    """The error for a call that got no usable response. httpx's own message is kept only where it
    cannot hold a header value (LocalProtocolError's can)."""
    where = f"{request.method} {request.url}"
    if deadline is not None:
        return APITimeoutError(f"{where}: the call's deadline of {deadline:g} s passed after {attempts} attempt(s)")
    if isinstance(error, httpx.TimeoutException):
        return APITimeoutError(f"{where} timed out ({type(error).__name__}) after {attempts} attempt(s)")
    said = "" if isinstance(error, httpx.LocalProtocolError | httpx.ProxyError) else f": {error}"
    return APIConnectionError(f"{where} failed ({type(error).__name__}{said}) after {attempts} attempt(s)")


class _Retries:
    """The retry and deadline decisions, shared by the sync and async transports."""

    def __init__(self, max_retries: int, deadline: float, timeout: httpx.Timeout, policy: RetryPolicy) -> None:
        self.max_retries = max_retries
        self.deadline = deadline
        self.longest = _longest(timeout)
        self.policy = policy

    def options(self, request: httpx.Request) -> tuple[int, float, float]:
        """(retries allowed, deadline in seconds, longest per-read timeout) of the call that request
        starts: the client's, or the call's own options (CALL_OPTIONS)."""
        options = request.extensions.get(CALL_OPTIONS)
        if options is None:
            return self.max_retries, self.deadline, self.longest
        max_retries, deadline, longest = options
        return (
            self.max_retries if max_retries is None else max_retries,
            self.deadline if deadline is None else deadline,
            self.longest if longest is None else longest,
        )

    @staticmethod
    def clip(request: httpx.Request, left: float) -> None:
        """Cut this attempt's timeouts to the time left (only called when one of them is longer)."""
        request.extensions["timeout"] = {
            name: left if value is None or value > left else value
            for name, value in request.extensions["timeout"].items()
        }

    def wait(
        self,
        retries_done: int,
        max_retries: int,
        end: float,
        request: httpx.Request,
        outcome: httpx.Response | Exception,
    ) -> float | None:
        """Seconds to wait before trying again, or None when this outcome is final."""
        if isinstance(outcome, httpx.Response):
            _log_response(request, outcome)
        if retries_done >= max_retries:
            return None
        if isinstance(outcome, httpx.Response):
            if outcome.status_code not in RETRY_STATUSES:
                return None
            reason = f"HTTP {outcome.status_code}"
            delay = self.policy.delay(retries_done + 1, outcome)
        else:
            reason = type(outcome).__name__
            delay = self.policy.delay(retries_done + 1, None)
        if delay is None or time.monotonic() + delay >= end:
            return None
        logger.info(
            "retrying %s %s after %s in %.2fs (retry %d of %d)",
            request.method,
            request.url,
            reason,
            delay,
            retries_done + 1,
            max_retries,
        )
        return delay


# The deadline: each socket operation of an attempt waits at most until the call's deadline ----------
#
# httpcore takes one timeout per phase of a request (the headers, then the body), so a server that
# trickles them a byte at a time never meets a per-read timeout. The retrying transport puts the
# call's deadline in _CALL_END for the attempt, and the network backend of the client's
# httpx.HTTPTransport / AsyncHTTPTransport (wrapped by _bound_by_deadline) cuts the timeout of each
# connect, read and write to the time left, so a call ends at its deadline, headers or body.

_CALL_END: contextvars.ContextVar[float | None] = contextvars.ContextVar("finerworks_client_call_end", default=None)


def _cut(timeout: float | None, kind: type[Exception]) -> float | None:
    """timeout, or the time left before the call's deadline if that is shorter."""
    end = _CALL_END.get()
    if end is None:
        return timeout
    left = end - time.monotonic()
    if left <= 0:
        raise kind("the call's deadline passed")
    return left if timeout is None or timeout > left else timeout


class _DeadlineStream(httpcore.NetworkStream):
    def __init__(self, inner: httpcore.NetworkStream) -> None:
        self.inner = inner

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        return self.inner.read(max_bytes, _cut(timeout, httpcore.ReadTimeout))

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        self.inner.write(buffer, _cut(timeout, httpcore.WriteTimeout))

    def close(self) -> None:
        self.inner.close()

    def start_tls(
        self, ssl_context: ssl.SSLContext, server_hostname: str | None = None, timeout: float | None = None
    ) -> httpcore.NetworkStream:
        timeout = _cut(timeout, httpcore.ConnectTimeout)
        return _DeadlineStream(self.inner.start_tls(ssl_context, server_hostname, timeout))

    def get_extra_info(self, info: str) -> Any:
        return self.inner.get_extra_info(info)


class _DeadlineBackend(httpcore.NetworkBackend):
    def __init__(self, inner: httpcore.NetworkBackend) -> None:
        self.inner = inner

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore.NetworkStream:
        timeout = _cut(timeout, httpcore.ConnectTimeout)
        return _DeadlineStream(self.inner.connect_tcp(host, port, timeout, local_address, socket_options))

    def connect_unix_socket(
        self, path: str, timeout: float | None = None, socket_options: Iterable[Any] | None = None
    ) -> httpcore.NetworkStream:
        timeout = _cut(timeout, httpcore.ConnectTimeout)
        return _DeadlineStream(self.inner.connect_unix_socket(path, timeout, socket_options))

    def sleep(self, seconds: float) -> None:
        self.inner.sleep(seconds)


class _AsyncDeadlineStream(httpcore.AsyncNetworkStream):
    def __init__(self, inner: httpcore.AsyncNetworkStream) -> None:
        self.inner = inner

    async def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        return await self.inner.read(max_bytes, _cut(timeout, httpcore.ReadTimeout))

    async def write(self, buffer: bytes, timeout: float | None = None) -> None:
        await self.inner.write(buffer, _cut(timeout, httpcore.WriteTimeout))

    async def aclose(self) -> None:
        await self.inner.aclose()

    async def start_tls(
        self, ssl_context: ssl.SSLContext, server_hostname: str | None = None, timeout: float | None = None
    ) -> httpcore.AsyncNetworkStream:
        timeout = _cut(timeout, httpcore.ConnectTimeout)
        return _AsyncDeadlineStream(await self.inner.start_tls(ssl_context, server_hostname, timeout))

    def get_extra_info(self, info: str) -> Any:
        return self.inner.get_extra_info(info)


class _AsyncDeadlineBackend(httpcore.AsyncNetworkBackend):
    def __init__(self, inner: httpcore.AsyncNetworkBackend) -> None:
        self.inner = inner

    async def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore.AsyncNetworkStream:
        timeout = _cut(timeout, httpcore.ConnectTimeout)
        return _AsyncDeadlineStream(await self.inner.connect_tcp(host, port, timeout, local_address, socket_options))

    async def connect_unix_socket(
        self, path: str, timeout: float | None = None, socket_options: Iterable[Any] | None = None
    ) -> httpcore.AsyncNetworkStream:
        timeout = _cut(timeout, httpcore.ConnectTimeout)
        return _AsyncDeadlineStream(await self.inner.connect_unix_socket(path, timeout, socket_options))

    async def sleep(self, seconds: float) -> None:
        await self.inner.sleep(seconds)


_Transport = TypeVar("_Transport", httpx.BaseTransport, httpx.AsyncBaseTransport)


def _bound_by_deadline(transport: _Transport) -> _Transport:
    """transport, its socket operations bounded by the call's deadline if it is httpx's own (its
    httpcore connection pool's network backend is wrapped); any other transport as it is."""
    pool = getattr(transport, "_pool", None)
    backend = getattr(pool, "_network_backend", None)
    if isinstance(backend, httpcore.NetworkBackend) and not isinstance(backend, _DeadlineBackend):
        pool._network_backend = _DeadlineBackend(backend)  # type: ignore[union-attr]
    elif isinstance(backend, httpcore.AsyncNetworkBackend) and not isinstance(backend, _AsyncDeadlineBackend):
        pool._network_backend = _AsyncDeadlineBackend(backend)  # type: ignore[union-attr]
    return transport


class RetryTransport(httpx.BaseTransport):
    """Sends through `inner`, reading the whole body, retrying per _Retries within the call's deadline.

    Closes `inner` only if it owns it. Every failure to get a response leaves as an
    APIConnectionError (APITimeoutError for a timeout or the deadline).
    """

    def __init__(self, inner: httpx.BaseTransport, retries: _Retries, *, owns_inner: bool = True) -> None:
        self.inner = inner
        self.retries = retries
        self.owns_inner = owns_inner

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        max_retries, deadline, longest = self.retries.options(request)
        end = time.monotonic() + deadline
        done = 0
        while True:
            left = end - time.monotonic()
            if left < longest:
                if left <= 0:
                    raise _connection_error(httpx.ReadTimeout("deadline"), request, done, deadline)
                self.retries.clip(request, left)
            _log_request(request)
            token = _CALL_END.set(end)
            try:
                response = self.inner.handle_request(request)
                response.read()  # read here, within the deadline and the retries
                if response.status_code not in RETRY_STATUSES:  # the usual case: final
                    _log_response(request, response)
                    return response
                outcome: httpx.Response | Exception = response
            except RETRY_EXCEPTIONS as error:
                outcome = error
            except httpx.HTTPError as error:  # not worth retrying: a bad proxy, URL, header or encoding
                outcome = _connection_error(error, request, done + 1, None)
            finally:
                _CALL_END.reset(token)
            if isinstance(outcome, FinerWorksError):  # raised here, httpx's error is not its __context__
                raise outcome
            delay = self.retries.wait(done, max_retries, end, request, outcome)
            if delay is None:
                if isinstance(outcome, Exception):
                    late = deadline if time.monotonic() >= end else None
                    raise _connection_error(outcome, request, done + 1, late) from outcome
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
        max_retries, deadline, longest = self.retries.options(request)
        end = time.monotonic() + deadline
        done = 0
        while True:
            left = end - time.monotonic()
            if left < longest:
                if left <= 0:
                    raise _connection_error(httpx.ReadTimeout("deadline"), request, done, deadline)
                self.retries.clip(request, left)
            _log_request(request)
            token = _CALL_END.set(end)
            try:
                response = await self.inner.handle_async_request(request)
                await response.aread()
                if response.status_code not in RETRY_STATUSES:
                    _log_response(request, response)
                    return response
                outcome: httpx.Response | Exception = response
            except RETRY_EXCEPTIONS as error:
                outcome = error
            except httpx.HTTPError as error:
                outcome = _connection_error(error, request, done + 1, None)
            finally:
                _CALL_END.reset(token)
            if isinstance(outcome, FinerWorksError):
                raise outcome
            delay = self.retries.wait(done, max_retries, end, request, outcome)
            if delay is None:
                if isinstance(outcome, Exception):
                    late = deadline if time.monotonic() >= end else None
                    raise _connection_error(outcome, request, done + 1, late) from outcome
                return outcome
            if isinstance(outcome, httpx.Response):
                await outcome.aclose()
            await self.retries.policy.async_sleep(delay)
            done += 1

    async def aclose(self) -> None:
        if self.owns_inner:
            await self.inner.aclose()


# Merging an operation's path with base_url once -------------------------------------------------


class _MergedUrls:
    """httpx parses the base URL and a request's path again on every request to merge them, which
    is about a sixth of what a small call costs. The clients' httpx clients keep the merged URL of
    each path instead (httpx.URL is immutable), for the base URL it was merged with.

    _merge_url is httpx's own (private, in 0.28 as in earlier releases): should a later httpx rename
    it, this goes unused, and tests/client/test_production_client.py fails to say so.
    """

    MAX_MERGED = 256  # a client that reads arbitrary paths through get_httpx_client() stops caching there

    _merged: dict[str, httpx.URL]
    _merged_base: httpx.URL | None = None

    def _merge_url(self, url: httpx.URL | str) -> httpx.URL:
        base: httpx.URL = self._base_url  # type: ignore[attr-defined]
        if self._merged_base is not base:  # the first request, or base_url was set since
            self._merged, self._merged_base = {}, base
        merged = self._merged.get(url) if isinstance(url, str) else None
        if merged is None:
            merged = super()._merge_url(url)  # type: ignore[misc]
            if isinstance(url, str) and len(self._merged) < self.MAX_MERGED:
                self._merged[url] = merged
        return merged


class _HttpxClient(_MergedUrls, httpx.Client):
    pass


class _AsyncHttpxClient(_MergedUrls, httpx.AsyncClient):
    pass


# Typed errors ---------------------------------------------------------------------------------


def redact(headers: Mapping[str, str]) -> dict[str, str]:
    """headers with the values of secret ones (the two keys among them) replaced."""
    return {name: REDACTED if name.lower() in SECRET_HEADERS else value for name, value in headers.items()}


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

    A success keeps its decoded body for the generated code's response.json() (_hand_over), so
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
        return OperationFailedError(_text(envelope.get("message")) or "FinerWorks reported success: false", **details)
    message = (
        (_text(body.get("Message")) or _text(body.get("message")) if isinstance(body, dict) else None)
        or _text(envelope.get("message"))
        or f"{response.reason_phrase or 'error'}: {_snippet(response)}"
    )
    if status in (400, 413, 415, 422):
        model_state = body.get("ModelState") if isinstance(body, dict) else None
        return ValidationError(message, field_errors=field_errors(model_state), **details)
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


def _text(value: object) -> str | None:
    return value if isinstance(value, str) and value else None


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


def _log_response(request: httpx.Request, response: httpx.Response) -> None:
    if logger.isEnabledFor(logging.DEBUG):
        logger.debug("response %s %s -> %d", request.method, request.url, response.status_code)


def _raise_for_error(response: httpx.Response) -> None:
    error = error_for(response)  # RetryTransport has read the body
    if error is not None:
        raise error


async def _araise_for_error(response: httpx.Response) -> None:
    error = error_for(response)
    if error is not None:
        raise error


def _outside_transport(kwargs: dict[str, Any], error: httpx.HTTPError) -> APIConnectionError:
    """A failure of httpx outside the transport (an invalid URL, say), without httpx's message."""
    return APIConnectionError(f"{kwargs['method'].upper()} {kwargs['url']} failed ({type(error).__name__})")


def _the_response(*, client: object, response: httpx.Response) -> httpx.Response:
    return response


def _expect(result: object, model: type[T], response: httpx.Response) -> T:
    """result, the 200 model of the operation; anything else is an UnexpectedResponseError."""
    if isinstance(result, model):
        return result
    raise UnexpectedResponseError(
        f"expected the operation's 200 response ({model.__name__}), got HTTP {response.status_code}",
        status_code=response.status_code,
        response=response,
    )


# The clients ----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class RawResponse(Generic[T]):
    """What `client.<resource>.with_raw_response.<method>(...)` returns: the httpx.Response and the
    parsed model. Errors are raised as by the plain methods (each error has .response too)."""

    http_response: httpx.Response
    parsed: T

    @property
    def status_code(self) -> int:
        return self.http_response.status_code

    @property
    def headers(self) -> httpx.Headers:
        return self.http_response.headers

    def parse(self) -> T:
        return self.parsed


@dataclass
class _Pools:
    """Connection pools shared by a client and the copies with_options makes of it."""

    sync: httpx.BaseTransport | None = None
    asynchronous: httpx.AsyncBaseTransport | None = None


class _FinerWorksClientBase(Client):
    """What FinerWorksClient and AsyncFinerWorksClient share: settings, transports, sending."""

    def __init__(
        self,
        *,
        web_api_key: str | None = None,
        app_key: str | None = None,
        environment: str | None = None,
        base_url: str | None = None,
        timeout: float | httpx.Timeout = DEFAULT_TIMEOUT,
        deadline: float = DEFAULT_DEADLINE,
        max_retries: int = DEFAULT_MAX_RETRIES,
        retry_policy: RetryPolicy | None = None,
        headers: Mapping[str, str] | None = None,
        cookies: Mapping[str, str] | None = None,
        httpx_args: Mapping[str, Any] | None = None,
    ) -> None:
        keys = {name: _key(name, value) for name, value in zip(KEYS, (web_api_key, app_key), strict=True)}
        url = _base_url(environment, base_url)
        checked_timeout, checked_deadline = _timeout(timeout), _deadline(deadline)
        checked_retries = _max_retries(max_retries)
        if retry_policy is not None and not isinstance(retry_policy, RetryPolicy):
            raise ConfigurationError("retry_policy must be a RetryPolicy")
        extra_headers = _headers(headers, "headers")
        extra_cookies = _headers(cookies, "cookies")
        args = dict(httpx_args or {})
        for name, instead in OWN_HTTPX_ARGS.items():
            if name in args:
                raise ConfigurationError(f"httpx_args: {name!r} is set by the client; use {instead}")
        super().__init__(
            base_url=url,
            headers={"User-Agent": USER_AGENT, **extra_headers, **keys},
            cookies=extra_cookies,
            timeout=checked_timeout,
            httpx_args=args,
            raise_on_unexpected_status=True,
        )
        self._settings: dict[str, Any] = {
            **keys,
            "base_url": url,
            "timeout": checked_timeout,
            "deadline": checked_deadline,
            "max_retries": checked_retries,
            "retry_policy": retry_policy or RetryPolicy(),
            "headers": extra_headers,
            "cookies": extra_cookies,
            "httpx_args": args,
        }
        self._retries = _Retries(checked_retries, checked_deadline, checked_timeout, self._settings["retry_policy"])
        self._pools = _Pools()
        self._owns_pools = True

    @property
    def base_url(self) -> str:
        return self._base_url

    def _copy(self, **changes: Any) -> Self:
        copy = type(self)(**{**self._settings, **changes})
        copy._pools, copy._owns_pools = self._pools, False
        return copy

    def with_options(
        self,
        *,
        timeout: float | httpx.Timeout | None = None,
        deadline: float | None = None,
        max_retries: int | None = None,
    ) -> Self:
        """A copy with other settings that shares this client's connections (None: unchanged).

        `client.with_options(timeout=120, deadline=300).orders.fetch_status(...)`
        """
        changes = {"timeout": timeout, "deadline": deadline, "max_retries": max_retries}
        return self._copy(**{name: value for name, value in changes.items() if value is not None})

    def with_headers(self, headers: dict[str, str]) -> Self:
        """A copy that also sends headers (web_api_key / app_key among them replace the keys)."""
        headers = dict(headers)
        keys = {name: headers.pop(name) for name in list(headers) if name in KEYS}
        return self._copy(headers={**self._settings["headers"], **headers}, **keys)

    def with_cookies(self, cookies: dict[str, str]) -> Self:
        """A copy that also sends cookies."""
        return self._copy(cookies={**self._settings["cookies"], **cookies})

    def with_timeout(self, timeout: httpx.Timeout) -> Self:
        """A copy with other per-read timeouts (with_options(timeout=...))."""
        return self.with_options(timeout=timeout)

    def set_httpx_client(self, client: httpx.Client) -> NoReturn:
        """Refused: the client makes its own httpx.Client, which carries the retries, the deadline
        and the typed errors. Pass httpx_args (a "transport" there is wrapped, not replaced)."""
        raise ConfigurationError(
            f"{type(self).__name__} makes its own httpx.Client (it carries the retries, the deadline and the "
            'typed errors): pass httpx_args={"transport": ...} or other httpx options instead'
        )

    def set_async_httpx_client(self, async_client: httpx.AsyncClient) -> NoReturn:
        """Refused, as set_httpx_client is."""
        self.set_httpx_client(None)  # type: ignore[arg-type]

    def get_httpx_client(self) -> httpx.Client:
        if self._client is None:
            args = dict(self._httpx_args)
            if self._pools.sync is None:
                self._pools.sync = _bound_by_deadline(
                    args.pop("transport", None) or httpx.HTTPTransport(verify=self._verify_ssl)
                )
            else:
                args.pop("transport", None)
            self._client = _HttpxClient(
                base_url=self._base_url,
                headers=self._headers,
                cookies=self._cookies,
                timeout=self._timeout,
                transport=RetryTransport(self._pools.sync, self._retries, owns_inner=self._owns_pools),
                event_hooks={"response": [_raise_for_error]},
                **args,
            )
        return self._client

    def get_async_httpx_client(self) -> httpx.AsyncClient:
        if self._async_client is None:
            args = dict(self._httpx_args)
            if self._pools.asynchronous is None:
                self._pools.asynchronous = _bound_by_deadline(
                    args.pop("transport", None) or httpx.AsyncHTTPTransport(verify=self._verify_ssl)
                )
            else:
                args.pop("transport", None)
            self._async_client = _AsyncHttpxClient(
                base_url=self._base_url,
                headers=self._headers,
                cookies=self._cookies,
                timeout=self._timeout,
                transport=AsyncRetryTransport(self._pools.asynchronous, self._retries, owns_inner=self._owns_pools),
                event_hooks={"response": [_araise_for_error]},
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
            f"{type(self).__name__}(base_url={self._base_url!r}, web_api_key={REDACTED!r}, app_key={REDACTED!r}, "
            f"timeout={self._timeout!r}, deadline={self._retries.deadline:g}, max_retries={self._retries.max_retries})"
        )

    # What the generated resources (api/__init__.py) call: one request, then the 200 model or an
    # error. _send and _asend, the usual calls, are written out for speed.

    @staticmethod
    def _call_kwargs(
        kwargs: dict[str, Any],
        timeout: float | httpx.Timeout | None,
        deadline: float | None,
        max_retries: int | None,
        extra_headers: Mapping[str, str] | None,
    ) -> dict[str, Any]:
        """The request's arguments with this call's options, each checked as the client's are."""
        longest = None
        if timeout is not None:
            kwargs["timeout"] = checked = _timeout(timeout)
            longest = _longest(checked)
        if deadline is not None or max_retries is not None or longest is not None:
            kwargs["extensions"] = {
                CALL_OPTIONS: (
                    None if max_retries is None else _max_retries(max_retries),
                    None if deadline is None else _deadline(deadline),
                    longest,
                )
            }
        if extra_headers is not None:
            kwargs["headers"] = {**kwargs.get("headers", {}), **_headers(extra_headers, "extra_headers")}
        return kwargs

    def _send(
        self,
        kwargs: dict[str, Any],
        parse: Callable[..., object],
        model: type[T],
        timeout: float | httpx.Timeout | None,
        deadline: float | None,
        max_retries: int | None,
        extra_headers: Mapping[str, str] | None,
    ) -> T:
        if timeout is not None or deadline is not None or max_retries is not None or extra_headers is not None:
            kwargs = self._call_kwargs(kwargs, timeout, deadline, max_retries, extra_headers)
        try:
            response = (self._client or self.get_httpx_client()).request(**kwargs)
        except httpx.HTTPError as error:
            failure = _outside_transport(kwargs, error)
        else:
            result = parse(client=self, response=response)
            return result if isinstance(result, model) else _expect(result, model, response)
        raise failure  # raised here, httpx's error is not its __context__

    async def _asend(
        self,
        kwargs: dict[str, Any],
        parse: Callable[..., object],
        model: type[T],
        timeout: float | httpx.Timeout | None,
        deadline: float | None,
        max_retries: int | None,
        extra_headers: Mapping[str, str] | None,
    ) -> T:
        if timeout is not None or deadline is not None or max_retries is not None or extra_headers is not None:
            kwargs = self._call_kwargs(kwargs, timeout, deadline, max_retries, extra_headers)
        try:
            response = await (self._async_client or self.get_async_httpx_client()).request(**kwargs)
        except httpx.HTTPError as error:
            failure = _outside_transport(kwargs, error)
        else:
            result = parse(client=self, response=response)
            return result if isinstance(result, model) else _expect(result, model, response)
        raise failure

    def _send_raw(
        self, kwargs: dict[str, Any], parse: Callable[..., object], model: type[T], *options: Any
    ) -> RawResponse[T]:
        response = self._send(kwargs, _the_response, httpx.Response, *options)
        return RawResponse(response, _expect(parse(client=self, response=response), model, response))

    async def _asend_raw(
        self, kwargs: dict[str, Any], parse: Callable[..., object], model: type[T], *options: Any
    ) -> RawResponse[T]:
        response = await self._asend(kwargs, _the_response, httpx.Response, *options)
        return RawResponse(response, _expect(parse(client=self, response=response), model, response))


_ARGS_DOC = """
    Args:
        web_api_key: The account's web API key. Default: $FINERWORKS_WEB_API_KEY.
        app_key: The application key. Default: $FINERWORKS_APP_KEY. Both keys are checked here:
            empty, whitespace at either end, a control or non-ASCII character is a
            ConfigurationError, which never shows the key.
        environment: "production" or "sandbox".
        base_url: Any http(s) base URL, for example the local mock, "http://127.0.0.1:8000/v3".
            Without either argument: $FINERWORKS_BASE_URL, else $FINERWORKS_ENVIRONMENT, else
            production.
        timeout: Per-read timeouts of each attempt: seconds, or an httpx.Timeout. Default: 30 s,
            5 s to connect.
        deadline: The total time one call may take, retries and their waits included, in seconds
            (default 120; math.inf for none). A server that trickles its answer is cut off there.
        max_retries: Retries after a connection error, a timeout, 429, 502, 503 or 504. 0: none.
        retry_policy: How long retries wait (and, for tests, how they sleep).
        headers, cookies: More headers and cookies for every request.
        httpx_args: More arguments for httpx.Client / httpx.AsyncClient. A "transport" given here
            is wrapped, not replaced, by the retrying transport.

    Raises:
        ConfigurationError: A setting is missing or unusable (named in the message).
"""


class FinerWorksClient(_FinerWorksClientBase, Resources):
    __doc__ = (
        "The FinerWorks API, ready for production use: `client.orders.update(order_id=..., "
        'update_command="hold")`.\n\n    Its resources return the 200 model of the operation and raise a '
        "FinerWorksError for anything\n    else. It can also be passed to the generated operation modules "
        "(sync() and asyncio()).\n" + _ARGS_DOC
    )


class AsyncFinerWorksClient(_FinerWorksClientBase, AsyncResources):
    __doc__ = "FinerWorksClient for asyncio: `await client.orders.update(...)`, in `async with`.\n" + _ARGS_DOC


__all__ = [
    "DEFAULT_DEADLINE",
    "DEFAULT_MAX_RETRIES",
    "DEFAULT_TIMEOUT",
    "USER_AGENT",
    "AsyncFinerWorksClient",
    "FinerWorksClient",
    "RawResponse",
    "RetryPolicy",
    "error_for",
    "field_errors",
    "logger",
    "redact",
]
