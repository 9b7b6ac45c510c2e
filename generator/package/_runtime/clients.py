"""FinerWorksClient and AsyncFinerWorksClient: the generated Client, configured for production use.

They add what an integration needs on top of the generated operations, without changing them: the
resources (`client.orders.update(...)`, generated into api/__init__.py), both keys on every request
(from arguments or the environment, checked when the client is made), a named environment or any
base URL, per-read timeouts and a total deadline per call, retries with backoff, a bounded response
size, typed errors, DEBUG logging with the keys redacted, and a User-Agent. Retries, the deadline
and the size bound live in httpx transports (transports.py), and typed errors in an event hook
(error_mapping.py), so the resources and the generated operation modules behave the same.

A client makes its httpx client and connection pool on first use, once, whatever the number of
threads; close() (or leaving `with`) closes them, and any use after that, or an async client used
from an event loop other than its first, raises ClientUsageError.
"""

from __future__ import annotations

import asyncio
import dataclasses
import threading
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import TracebackType
from typing import Any, Generic, NoReturn, Self, TypeVar

import httpx

from ..api import AsyncResources, Resources
from ..client import Client
from ..errors import ClientUsageError, ConfigurationError
from . import settings
from .body import ACCEPT_ENCODING
from .error_mapping import araise_for_error, expect, outside_transport, raise_for_error
from .httpx_internals import AsyncHttpxClient, HttpxClient, bound_by_deadline
from .logs import REDACTED
from .options import OPTION_NAMES, Parser, RequestOptions
from .retries import LIMITS, Limits, Retries, RetryPolicy
from .transports import AsyncRetryTransport, RetryTransport

T = TypeVar("T")

# httpx_args that configure a connection pool: the clients give them to the transport they make.
# (httpx.Client would ignore them beside its transport, and would send through a proxy of its own,
# without the retries, the deadline and the size bound.) With a transport of the user's, they are refused.
_TRANSPORT_ARGS = frozenset({"verify", "cert", "http1", "http2", "limits", "proxy"})


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


@dataclass(eq=False)
class _Pools:
    """The connection pools of a client, shared with the copies with_options makes of it, and
    closed with the client that made them (never by a copy)."""

    sync: httpx.BaseTransport | None = None
    asynchronous: httpx.AsyncBaseTransport | None = None
    loop: asyncio.AbstractEventLoop | None = None  # the event loop the async pool belongs to
    closed: bool = False
    lock: threading.Lock = field(default_factory=threading.Lock)


def _the_response(*, client: Any, response: httpx.Response) -> httpx.Response:
    return response


def _pool_options(args: dict[str, Any]) -> dict[str, Any]:
    """The options of the connection pool, taken out of args (a proxy as an httpx.Proxy: the
    transports of httpx before 0.28 take nothing else)."""
    pool = {name: args.pop(name) for name in _TRANSPORT_ARGS & args.keys()}
    if isinstance(pool.get("proxy"), str | httpx.URL):
        pool["proxy"] = httpx.Proxy(pool["proxy"])
    return pool


def _running_loop() -> asyncio.AbstractEventLoop | None:
    try:
        return asyncio.get_running_loop()
    except RuntimeError:
        return None


class _FinerWorksClientBase(Client):
    """What FinerWorksClient and AsyncFinerWorksClient share: settings, transports, sending."""

    def __init__(
        self,
        *,
        web_api_key: str | None = None,
        app_key: str | None = None,
        environment: str | None = None,
        base_url: str | None = None,
        timeout: float | httpx.Timeout = settings.DEFAULT_TIMEOUT,
        deadline: float = settings.DEFAULT_DEADLINE,
        max_retries: int = settings.DEFAULT_MAX_RETRIES,
        max_response_size: int = settings.DEFAULT_MAX_RESPONSE_SIZE,
        retry_policy: RetryPolicy | None = None,
        headers: Mapping[str, str] | None = None,
        cookies: Mapping[str, str] | None = None,
        httpx_args: Mapping[str, Any] | None = None,
    ) -> None:
        keys = {
            name: settings.key(name, value) for name, value in zip(settings.KEYS, (web_api_key, app_key), strict=True)
        }
        url = settings.base_url(environment, base_url)
        checked_timeout = settings.timeout(timeout)
        limits = Limits(
            max_retries=settings.max_retries(max_retries),
            deadline=settings.deadline(deadline),
            longest=settings.longest(checked_timeout),
            max_response_size=settings.max_response_size(max_response_size),
        )
        if retry_policy is not None and not isinstance(retry_policy, RetryPolicy):
            raise ConfigurationError("retry_policy must be a RetryPolicy")
        extra_headers = settings.headers(headers, "headers")
        extra_cookies = settings.headers(cookies, "cookies")
        args = dict(httpx_args or {})
        for name, instead in settings.OWN_HTTPX_ARGS.items():
            if name in args:
                raise ConfigurationError(f"httpx_args: {name!r} is set by the client; use {instead}")
        if "transport" in args and (mixed := sorted(args.keys() & _TRANSPORT_ARGS)):
            raise ConfigurationError(
                f"httpx_args: {', '.join(mixed)} would not apply to the given transport: configure it there"
            )
        super().__init__(
            base_url=url,
            headers={"User-Agent": settings.USER_AGENT, "Accept-Encoding": ACCEPT_ENCODING, **extra_headers, **keys},
            cookies=extra_cookies,
            timeout=checked_timeout,
            httpx_args=args,
            raise_on_unexpected_status=True,
        )
        policy = retry_policy or RetryPolicy()
        # The arguments again, checked: with_options and the other copies start from them.
        self._settings: dict[str, Any] = {
            **keys,
            "base_url": url,
            "timeout": checked_timeout,
            "deadline": limits.deadline,
            "max_retries": limits.max_retries,
            "max_response_size": limits.max_response_size,
            "retry_policy": policy,
            "headers": extra_headers,
            "cookies": extra_cookies,
            "httpx_args": args,
        }
        self._limits = limits
        self._retries = Retries(limits, policy)
        self._pools = _Pools()
        self._owns_pools = True
        self._closed = False

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
        max_response_size: int | None = None,
    ) -> Self:
        """A copy with other settings that shares this client's connections (None: unchanged).

        `client.with_options(timeout=120, deadline=300).orders.fetch_status(...)`
        """
        changes = {
            "timeout": timeout,
            "deadline": deadline,
            "max_retries": max_retries,
            "max_response_size": max_response_size,
        }
        return self._copy(**{name: value for name, value in changes.items() if value is not None})

    def with_headers(self, headers: dict[str, str]) -> Self:
        """A copy that also sends headers (web_api_key / app_key among them replace the keys)."""
        headers = dict(headers)
        keys = {name: headers.pop(name) for name in list(headers) if name in settings.KEYS}
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

    def _check_open(self) -> None:
        if self._closed or self._pools.closed:
            raise ClientUsageError(
                f"this {type(self).__name__} is closed (close(), or the end of its `with` block): "
                "make a new client for more calls"
            )

    def get_httpx_client(self) -> httpx.Client:
        """The httpx.Client that carries the retries, the deadline and the typed errors (made once)."""
        client = self._client
        if client is None or self._closed or self._pools.closed:
            with self._pools.lock:  # 16 threads calling at once make one pool and one httpx.Client
                self._check_open()
                if self._client is None:
                    args = dict(self._httpx_args)
                    given = args.pop("transport", None)
                    pool = _pool_options(args)
                    if self._pools.sync is None:
                        self._pools.sync = bound_by_deadline(given or httpx.HTTPTransport(**pool))
                    self._client = HttpxClient(
                        base_url=self._base_url,
                        headers=self._headers,
                        cookies=self._cookies,
                        timeout=self._timeout,
                        transport=RetryTransport(self._pools.sync, self._retries),
                        event_hooks={"response": [raise_for_error]},
                        **args,
                    )
                client = self._client
        return client

    def get_async_httpx_client(self) -> httpx.AsyncClient:
        """The httpx.AsyncClient of this client, made once, in the event loop of its first use."""
        client = self._async_client
        loop = _running_loop()
        if client is None or self._closed or self._pools.closed or (loop is not self._pools.loop and loop is not None):
            with self._pools.lock:
                self._check_open()
                if self._pools.loop is None:
                    self._pools.loop = loop
                elif loop is not None and loop is not self._pools.loop:
                    raise ClientUsageError(
                        f"this {type(self).__name__} was first used in another event loop (each asyncio.run() "
                        "has its own): its connections belong to that loop. Make one client per event loop"
                    )
                if self._async_client is None:
                    args = dict(self._httpx_args)
                    given = args.pop("transport", None)
                    pool = _pool_options(args)
                    if self._pools.asynchronous is None:
                        self._pools.asynchronous = bound_by_deadline(given or httpx.AsyncHTTPTransport(**pool))
                    self._async_client = AsyncHttpxClient(
                        base_url=self._base_url,
                        headers=self._headers,
                        cookies=self._cookies,
                        timeout=self._timeout,
                        transport=AsyncRetryTransport(self._pools.asynchronous, self._retries),
                        event_hooks={"response": [araise_for_error]},
                        **args,
                    )
                client = self._async_client
        return client

    def close(self) -> None:
        """Close the connections (what leaving `with client:` does). Any later use is a ClientUsageError.

        The pools are closed by the client that made them, not by a copy (with_options...).
        An async client's connections need `await aclose()` (or `async with`).
        """
        with self._pools.lock:
            self._closed = True
            client, self._client = self._client, None
            if self._owns_pools:
                self._pools.closed = True
        if client is not None:
            client.close()
        if self._owns_pools and self._pools.sync is not None:
            self._pools.sync.close()

    async def aclose(self) -> None:
        """Close the connections, async ones included (what leaving `async with client:` does)."""
        self.close()
        client, self._async_client = self._async_client, None
        if client is not None:
            await client.aclose()
        if self._owns_pools and self._pools.asynchronous is not None:
            await self._pools.asynchronous.aclose()

    def __enter__(self) -> Self:
        self._check_open()
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, traceback: TracebackType | None
    ) -> None:
        self.close()

    async def __aenter__(self) -> Self:
        self._check_open()
        return self

    async def __aexit__(
        self, kind: type[BaseException] | None, error: BaseException | None, traceback: TracebackType | None
    ) -> None:
        await self.aclose()

    def __repr__(self) -> str:
        return (
            f"{type(self).__name__}(base_url={self._base_url!r}, web_api_key={REDACTED!r}, app_key={REDACTED!r}, "
            f"timeout={self._timeout!r}, deadline={self._limits.deadline:g}, max_retries={self._limits.max_retries}, "
            f"max_response_size={self._limits.max_response_size})"
        )

    # What the generated resources (api/__init__.py) call: one request with the call's
    # RequestOptions, then the 200 model or an error.

    def _with_options(self, kwargs: dict[str, Any], options: RequestOptions) -> dict[str, Any]:
        """The request's arguments with this call's options, each checked as the client's are."""
        unknown = options.keys() - OPTION_NAMES
        if unknown:
            raise ConfigurationError(
                f"unknown per-call option {', '.join(sorted(unknown))}: "
                f"the options are {', '.join(sorted(OPTION_NAMES))}"
            )
        changes: dict[str, Any] = {}
        timeout = options.get("timeout")
        if timeout is not None:
            kwargs["timeout"] = checked = settings.timeout(timeout)
            changes["longest"] = settings.longest(checked)
        if (deadline := options.get("deadline")) is not None:
            changes["deadline"] = settings.deadline(deadline)
        if (max_retries := options.get("max_retries")) is not None:
            changes["max_retries"] = settings.max_retries(max_retries)
        if (max_response_size := options.get("max_response_size")) is not None:
            changes["max_response_size"] = settings.max_response_size(max_response_size)
        if changes:
            kwargs["extensions"] = {LIMITS: dataclasses.replace(self._limits, **changes)}
        if (extra_headers := options.get("extra_headers")) is not None:
            kwargs["headers"] = {**kwargs.get("headers", {}), **settings.headers(extra_headers, "extra_headers")}
        return kwargs

    def _send(self, kwargs: dict[str, Any], parse: Parser, model: type[T], options: RequestOptions) -> T:
        if options:
            kwargs = self._with_options(kwargs, options)
        client = self.get_httpx_client()
        try:
            response = client.request(**kwargs)
        except httpx.HTTPError as error:
            failure: Exception = outside_transport(kwargs, error)
        except RuntimeError as error:  # httpx's own client closed behind our back, say
            failure = ClientUsageError(f"{type(self).__name__} cannot send: {error}")
        else:
            return expect(parse(client=self, response=response), model, response)
        raise failure  # raised here, httpx's error is not its __context__

    async def _asend(self, kwargs: dict[str, Any], parse: Parser, model: type[T], options: RequestOptions) -> T:
        if options:
            kwargs = self._with_options(kwargs, options)
        client = self.get_async_httpx_client()
        try:
            response = await client.request(**kwargs)
        except httpx.HTTPError as error:
            failure: Exception = outside_transport(kwargs, error)
        except RuntimeError as error:  # an event loop closed under the connections, say
            failure = ClientUsageError(f"{type(self).__name__} cannot send: {error}")
        else:
            return expect(parse(client=self, response=response), model, response)
        raise failure

    def _send_raw(
        self, kwargs: dict[str, Any], parse: Parser, model: type[T], options: RequestOptions
    ) -> RawResponse[T]:
        response = self._send(kwargs, _the_response, httpx.Response, options)
        return RawResponse(response, expect(parse(client=self, response=response), model, response))

    async def _asend_raw(
        self, kwargs: dict[str, Any], parse: Parser, model: type[T], options: RequestOptions
    ) -> RawResponse[T]:
        response = await self._asend(kwargs, _the_response, httpx.Response, options)
        return RawResponse(response, expect(parse(client=self, response=response), model, response))


_ARGS_DOC = """
    Args:
        web_api_key: The account's web API key. Default: $FINERWORKS_WEB_API_KEY.
        app_key: The application key. Default: $FINERWORKS_APP_KEY. Both keys are checked here:
            empty, whitespace at either end, a control or non-ASCII character is a
            ConfigurationError, which never shows the key.
        environment: The FinerWorks host, by its name in openapi.yaml's servers (one of
            finerworks_client.ENVIRONMENTS): "production" (api.finerworks.com), "test"
            (test-api.finerworks.com) or "v2" (v2.api.finerworks.com, the only host documenting
            delete_pending_orders). Whether an order is a test order depends on the app's live mode
            and the order's test_mode, not on the host.
        base_url: Any http(s) base URL, for example the local mock, "http://127.0.0.1:8000/v3".
            Without either argument: $FINERWORKS_BASE_URL, else $FINERWORKS_ENVIRONMENT, else
            production.
        timeout: Per-read timeouts of each attempt: seconds, or an httpx.Timeout. Default: 30 s,
            5 s to connect.
        deadline: The total time one call may take, retries and their waits included, in seconds
            (default 120; math.inf for none). A server that trickles its answer is cut off there.
        max_retries: Retries after a connection error, a timeout, 429, 502, 503 or 504. 0: none.
        max_response_size: The largest response body a call reads, in bytes once decompressed
            (default 32 MiB, far above any FinerWorks answer). A larger one is refused while it
            streams in: ResponseTooLargeError.
        retry_policy: How long retries wait (and, for tests, how they sleep).
        headers, cookies: More headers and cookies for every request.
        httpx_args: More arguments for httpx.Client / httpx.AsyncClient. A "transport" given here
            is wrapped, not replaced, by the retrying transport; without one, "proxy", "verify",
            "cert", "limits", "http1" and "http2" configure the connections the client makes.

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
