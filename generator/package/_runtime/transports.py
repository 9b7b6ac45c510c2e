"""RetryTransport and AsyncRetryTransport: each call's retries, deadline and bounded body.

They wrap the transport that sends (httpx's own, or one given in httpx_args), read the whole body
within max_response_size, and retry per Retries within the call's deadline. Every failure to get a
response leaves as an APIConnectionError (APITimeoutError for a timeout or the deadline).
"""

from __future__ import annotations

import time

import httpx

from ..errors import FinerWorksError
from .body import aread_bounded, read_bounded
from .deadline import CALL_END
from .logs import log_request, log_response
from .retries import RETRY_EXCEPTIONS, RETRY_STATUSES, Limits, Retries, connection_error


def _start(retries: Retries, request: httpx.Request, limits: Limits, end: float, done: int) -> None:
    """Before an attempt: cut its timeouts to the time left, or fail if none is."""
    left = end - time.monotonic()
    if left < limits.longest:
        if left <= 0:
            raise connection_error(httpx.ReadTimeout("deadline"), request, done, limits.deadline)
        retries.clip(request, left)
    log_request(request)


def _given_up(
    outcome: httpx.Response | Exception, request: httpx.Request, limits: Limits, end: float, done: int
) -> httpx.Response:
    """The final outcome: the response, or the error that stands for the exception."""
    if isinstance(outcome, Exception):
        late = limits.deadline if time.monotonic() >= end else None
        raise connection_error(outcome, request, done + 1, late) from outcome
    return outcome


class RetryTransport(httpx.BaseTransport):
    """Sends through `inner`, reading the whole body, retrying per Retries. Never closes `inner`: its
    connection pool belongs to the FinerWorksClient that made it (shared with the client's copies),
    which closes it."""

    def __init__(self, inner: httpx.BaseTransport, retries: Retries) -> None:
        self.inner = inner
        self.retries = retries

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        limits = self.retries.limits_of(request)
        end = time.monotonic() + limits.deadline
        done = 0
        while True:
            _start(self.retries, request, limits, end, done)
            token = CALL_END.set(end)
            try:
                response = self.inner.handle_request(request)
                read_bounded(request, response, limits.max_response_size)  # within the deadline and the retries
                if response.status_code not in RETRY_STATUSES:  # the usual case: final
                    log_response(request, response)
                    return response
                outcome: httpx.Response | Exception = response
            except RETRY_EXCEPTIONS as error:
                outcome = error
            except httpx.HTTPError as error:  # not worth retrying: a bad proxy, URL, header or encoding
                outcome = connection_error(error, request, done + 1, None)
            finally:
                CALL_END.reset(token)
            if isinstance(outcome, FinerWorksError):  # raised here, httpx's error is not its __context__
                raise outcome
            delay = self.retries.wait(done, limits, end, request, outcome)
            if delay is None:
                return _given_up(outcome, request, limits, end, done)
            if isinstance(outcome, httpx.Response):
                outcome.close()
            self.retries.policy.sleep(delay)
            done += 1


class AsyncRetryTransport(httpx.AsyncBaseTransport):
    """The async twin of RetryTransport."""

    def __init__(self, inner: httpx.AsyncBaseTransport, retries: Retries) -> None:
        self.inner = inner
        self.retries = retries

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        limits = self.retries.limits_of(request)
        end = time.monotonic() + limits.deadline
        done = 0
        while True:
            _start(self.retries, request, limits, end, done)
            token = CALL_END.set(end)
            try:
                response = await self.inner.handle_async_request(request)
                await aread_bounded(request, response, limits.max_response_size)
                if response.status_code not in RETRY_STATUSES:
                    log_response(request, response)
                    return response
                outcome: httpx.Response | Exception = response
            except RETRY_EXCEPTIONS as error:
                outcome = error
            except httpx.HTTPError as error:
                outcome = connection_error(error, request, done + 1, None)
            finally:
                CALL_END.reset(token)
            if isinstance(outcome, FinerWorksError):
                raise outcome
            delay = self.retries.wait(done, limits, end, request, outcome)
            if delay is None:
                return _given_up(outcome, request, limits, end, done)
            if isinstance(outcome, httpx.Response):
                await outcome.aclose()
            await self.retries.policy.async_sleep(delay)
            done += 1
