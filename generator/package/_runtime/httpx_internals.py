"""Every private name of httpx and httpcore the runtime relies on, and only those.

httpx has no public hook for what these do. Each is checked by check(), which
tests/client/test_httpx_internals.py runs (on every supported httpx version, the floor of the
declared range included): a renamed or removed private name fails that test by name, instead of a
feature quietly going unused.

    BaseClient._merge_url, BaseClient._base_url   MergedUrls: each path merged with base_url once
    HTTPTransport._pool._network_backend          bound_by_deadline: the deadline in socket operations
    (and AsyncHTTPTransport's)
    Response._content                             set_content: a body read within max_response_size
    Response.json (an instance attribute)         hand_over: the decoded body given to the generated code
"""

from __future__ import annotations

from typing import Any, TypeVar

import httpcore
import httpx

from ..errors import ConfigurationError
from .deadline import AsyncDeadlineBackend, DeadlineBackend

_Transport = TypeVar("_Transport", httpx.BaseTransport, httpx.AsyncBaseTransport)


class MergedUrls:
    """httpx parses the base URL and a request's path again on every request to merge them (a
    noticeable part of a small call: docs/benchmarks.md). The clients' httpx clients keep the merged
    URL of each path instead (httpx.URL is immutable), for the base URL it was merged with."""

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


class HttpxClient(MergedUrls, httpx.Client):
    pass


class AsyncHttpxClient(MergedUrls, httpx.AsyncClient):
    pass


def bound_by_deadline(transport: _Transport) -> _Transport:
    """transport, its socket operations bounded by the call's deadline if it is httpx's own (its
    httpcore connection pool's network backend is wrapped); any other transport as it is."""
    pool = getattr(transport, "_pool", None)
    backend = getattr(pool, "_network_backend", None)
    if isinstance(backend, httpcore.NetworkBackend) and not isinstance(backend, DeadlineBackend):
        pool._network_backend = DeadlineBackend(backend)  # type: ignore[union-attr]
    elif isinstance(backend, httpcore.AsyncNetworkBackend) and not isinstance(backend, AsyncDeadlineBackend):
        pool._network_backend = AsyncDeadlineBackend(backend)  # type: ignore[union-attr]
    elif backend is None and isinstance(transport, httpx.HTTPTransport | httpx.AsyncHTTPTransport):
        raise ConfigurationError(
            f"httpx {httpx.__version__} is not supported: its transport has no _pool._network_backend "
            "(the call's deadline needs it); install an httpx of the range finerworks-client declares"
        )
    return transport


def set_content(response: httpx.Response, content: bytes) -> None:
    """Give response the body read for it, as Response.read() does (it stores it in _content)."""
    response._content = content


def hand_over(response: httpx.Response, body: Any) -> None:
    """Make the next response.json() return body, once; later calls decode as httpx does.

    Once only, so the response does not keep the body alive: httpx's responses are in a reference
    cycle (with their stream), and whatever they hold waits for the garbage collector.
    """

    def json_once(**_: Any) -> Any:
        del response.json  # httpx's own Response.json again
        return body

    response.json = json_once  # type: ignore[method-assign]


def check() -> None:
    """Fail, naming it, if a private name above is missing or behaves otherwise in this httpx."""
    problems = []
    for owner in (httpx.Client, httpx.AsyncClient):
        if not callable(getattr(owner, "_merge_url", None)):
            problems.append(f"{owner.__name__}._merge_url is gone")
        elif not isinstance(owner(base_url="http://h.invalid/v3")._base_url, httpx.URL):
            problems.append(f"{owner.__name__}._base_url is not an httpx.URL")
    for transport, kind in ((httpx.HTTPTransport(), httpcore.NetworkBackend),):
        backend = getattr(getattr(transport, "_pool", None), "_network_backend", None)
        if not isinstance(backend, kind):
            problems.append(f"{type(transport).__name__}._pool._network_backend is not a {kind.__name__}")
        transport.close()
    atransport = httpx.AsyncHTTPTransport()
    abackend = getattr(getattr(atransport, "_pool", None), "_network_backend", None)
    if not isinstance(abackend, httpcore.AsyncNetworkBackend):
        problems.append("AsyncHTTPTransport._pool._network_backend is not an AsyncNetworkBackend")
    response = httpx.Response(200, stream=httpx.ByteStream(b"{}"))
    set_content(response, b'{"a": 1}')
    if response.content != b'{"a": 1}' or response.read() != b'{"a": 1}' or response.json() != {"a": 1}:
        problems.append("Response keeps its body elsewhere than _content")
    hand_over(response, {"b": 2})
    if response.json() != {"b": 2} or response.json() != {"a": 1}:
        problems.append("Response.json cannot be replaced on an instance")
    if problems:
        raise AssertionError(f"httpx {httpx.__version__}: " + "; ".join(problems))
