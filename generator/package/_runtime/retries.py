"""When to retry, how long to wait, and the limits a call runs within.

Retried: failures where the request may not have reached FinerWorks, or FinerWorks asked to come
back later. All four operations are idempotent (README, "Retries"), so a retry of a request that
did arrive is harmless.
"""

from __future__ import annotations

import asyncio
import email.utils
import logging
import random
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime

import httpx

from ..errors import APIConnectionError, APITimeoutError
from .logs import log_response, logger

RETRY_STATUSES = frozenset({429, 502, 503, 504})
RETRY_EXCEPTIONS: tuple[type[Exception], ...] = (httpx.TimeoutException, httpx.NetworkError, httpx.RemoteProtocolError)
# The request extension that carries a call's own Limits to the retrying transport.
LIMITS = "finerworks_client.limits"


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


@dataclass(frozen=True, slots=True)
class Limits:
    """What one call may take: the client's settings, or a call's own (RequestOptions)."""

    max_retries: int
    deadline: float
    longest: float  # the longest per-read timeout
    max_response_size: int


class Retries:
    """The retry and deadline decisions, shared by the sync and async transports."""

    def __init__(self, limits: Limits, policy: RetryPolicy) -> None:
        self.limits = limits
        self.policy = policy

    def limits_of(self, request: httpx.Request) -> Limits:
        """The limits of the call that request starts: its own (LIMITS), else the client's."""
        limits: Limits | None = request.extensions.get(LIMITS)
        return self.limits if limits is None else limits

    @staticmethod
    def clip(request: httpx.Request, left: float) -> None:
        """Cut this attempt's timeouts to the time left (only called when one of them is longer)."""
        request.extensions["timeout"] = {
            name: left if value is None or value > left else value
            for name, value in request.extensions["timeout"].items()
        }

    def wait(
        self, retries_done: int, limits: Limits, end: float, request: httpx.Request, outcome: httpx.Response | Exception
    ) -> float | None:
        """Seconds to wait before trying again, or None when this outcome is final."""
        if isinstance(outcome, httpx.Response):
            log_response(request, outcome)
        if retries_done >= limits.max_retries:
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
        if logger.isEnabledFor(logging.INFO):
            logger.info(
                "retrying %s %s after %s in %.2fs (retry %d of %d)",
                request.method,
                request.url,
                reason,
                delay,
                retries_done + 1,
                limits.max_retries,
            )
        return delay


def connection_error(
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
