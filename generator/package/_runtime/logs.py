"""DEBUG logging of each attempt (logger "finerworks_client"), with secret headers redacted."""

from __future__ import annotations

import logging
from collections.abc import Mapping

import httpx

from .settings import KEYS

logger = logging.getLogger("finerworks_client")

SECRET_HEADERS = frozenset({*KEYS, "authorization", "cookie", "proxy-authorization"})
REDACTED = "[redacted]"


def redact(headers: Mapping[str, str]) -> dict[str, str]:
    """headers with the values of secret ones (the two keys among them) replaced."""
    return {name: REDACTED if name.lower() in SECRET_HEADERS else value for name, value in headers.items()}


def log_request(request: httpx.Request) -> None:
    if logger.isEnabledFor(logging.DEBUG):  # redacting the headers costs more than the call's own work
        logger.debug("request %s %s headers=%s", request.method, request.url, redact(request.headers))


def log_response(request: httpx.Request, response: httpx.Response) -> None:
    if logger.isEnabledFor(logging.DEBUG):
        logger.debug("response %s %s -> %d", request.method, request.url, response.status_code)
