"""RequestOptions: the per-call options every resource method takes, typed for mypy and editors.

    client.orders.fetch_status(order_ids=[1], timeout=5, max_retries=0)

The generated resources (api/__init__.py) declare them as `**options: Unpack[RequestOptions]` and
hand them to the client unchanged, so a new per-call option is one member here plus its use in
clients.py: no template changes. None for any option means "the client's setting".
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Protocol, TypedDict

import httpx


class RequestOptions(TypedDict, total=False):
    """The options of one call, each overriding the client's setting of the same name for that call."""

    timeout: float | httpx.Timeout | None
    """This call's per-read timeouts (seconds or an httpx.Timeout)."""
    deadline: float | None
    """This call's total time limit in seconds, retries and waits included."""
    max_retries: int | None
    """This call's number of retries."""
    max_response_size: int | None
    """The largest response body this call reads, in bytes, decompressed."""
    extra_headers: Mapping[str, str] | None
    """More headers to send with this call."""


OPTION_NAMES = frozenset(RequestOptions.__annotations__)


class Parser(Protocol):
    """A generated operation module's _parse_response."""

    def __call__(self, *, client: Any, response: httpx.Response) -> object: ...
