"""The clients' settings: defaults, and the checks that run when a client is made (or a call is).

Every check raises ConfigurationError naming the setting, and never repeats a key's value.
"""

from __future__ import annotations

import math
import os
import platform
from collections.abc import Mapping

import httpx

from .._spec import DEFAULT_ENVIRONMENT, ENVIRONMENTS, VERSION
from ..errors import ConfigurationError

USER_AGENT = f"finerworks-client/{VERSION} (python {platform.python_version()}; httpx {httpx.__version__})"
DEFAULT_TIMEOUT = httpx.Timeout(30.0, connect=5.0)
DEFAULT_DEADLINE = 120.0
DEFAULT_MAX_RETRIES = 2
# The largest response body a call reads, decompressed (README, "Production use"): far above any
# answer FinerWorks gives; a larger one is refused as it streams in, before it is held whole.
DEFAULT_MAX_RESPONSE_SIZE = 32 * 1024 * 1024
KEYS = ("web_api_key", "app_key")

# Options given to httpx_args that the clients set themselves, and the argument that replaces each.
OWN_HTTPX_ARGS = {
    "base_url": "base_url",
    "headers": "headers",
    "cookies": "cookies",
    "timeout": "timeout",
    "event_hooks": "(none: typed errors need them)",
}


def header_problem(value: str) -> str | None:
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


def key(name: str, value: object) -> str:
    """A required key: the argument, else its FINERWORKS_* environment variable. Never echoed."""
    variable = f"FINERWORKS_{name.upper()}"
    source = f"{name}="
    if value is None:
        value, source = os.environ.get(variable), f"${variable}"
        if value is None:
            raise ConfigurationError(f"{name} is missing: pass {name}=... or set {variable}")
    if not isinstance(value, str):
        raise ConfigurationError(f"{name} must be a str, not {type(value).__name__}")
    problem = header_problem(value)
    if problem is not None:
        raise ConfigurationError(f"{name} (from {source}) {problem}; the key is not shown here")
    return value


def headers(value: object, what: str) -> dict[str, str]:
    """value as a dict of headers, each value checked as key() does; the keys themselves go elsewhere."""
    if value is None:
        return {}
    if not isinstance(value, Mapping):
        raise ConfigurationError(f"{what} must be a mapping of header names to values")
    checked: dict[str, str] = {}
    for name, text in value.items():
        if not isinstance(name, str) or not name.isascii() or header_problem(name) or ":" in name or " " in name:
            raise ConfigurationError(f"{what}: {name!r} is not a header name")
        if name.lower() in KEYS:
            raise ConfigurationError(f"{what}: pass {name.lower()} as {name.lower()}=..., not as a header")
        problem = header_problem(text) if isinstance(text, str) else "is not a str"
        if problem is not None:  # the value is not shown: it may be a secret
            raise ConfigurationError(f"{what}: the value of {name!r} {problem}")
        checked[name] = text
    return checked


def base_url(environment: object, url: object) -> str:
    """Arguments first (base_url, then environment), then $FINERWORKS_BASE_URL, $FINERWORKS_ENVIRONMENT."""
    if environment is None and url is None:
        url = os.environ.get("FINERWORKS_BASE_URL") or None
    if url is not None:
        if not isinstance(url, str):
            raise ConfigurationError(f"base_url must be a str, not {type(url).__name__}")
        try:
            parsed: httpx.URL | None = httpx.URL(url)
        except httpx.InvalidURL:
            parsed = None
        if parsed is None or parsed.scheme not in ("http", "https") or not parsed.host or parsed.userinfo:
            shown = "" if "@" in url else f" {url!r}"  # user:password@ is not repeated
            raise ConfigurationError(
                f"base_url{shown} is not an http:// or https:// URL with a host "
                "(and no user:password), such as 'http://127.0.0.1:8000/v3'"
            )
        return url.rstrip("/")
    name = environment if environment is not None else os.environ.get("FINERWORKS_ENVIRONMENT") or DEFAULT_ENVIRONMENT
    if not isinstance(name, str) or name not in ENVIRONMENTS:
        raise ConfigurationError(f"unknown environment {name!r}: use one of {', '.join(ENVIRONMENTS)}, or base_url")
    return ENVIRONMENTS[name]


def _seconds(value: object) -> float | None:
    """value as seconds if it is a number > 0 (math.inf included), else None."""
    if isinstance(value, int | float) and not isinstance(value, bool) and value > 0 and not math.isnan(value):
        return float(value)
    return None


def timeout(value: object) -> httpx.Timeout:
    """Per-read (connect, read, write, pool) timeouts: seconds > 0, or an httpx.Timeout."""
    if isinstance(value, httpx.Timeout):
        if all(part is None or _seconds(part) is not None for part in value.as_dict().values()):
            return value
    else:
        seconds = _seconds(value)
        if seconds is not None:
            return httpx.Timeout(seconds)
    raise ConfigurationError(f"timeout must be a number of seconds > 0 or an httpx.Timeout, not {value!r}")


def longest(value: httpx.Timeout) -> float:
    """The longest of the per-read timeouts (None: none, math.inf)."""
    return max(math.inf if part is None else float(part) for part in value.as_dict().values())


def deadline(value: object) -> float:
    seconds = _seconds(value)
    if seconds is None:
        raise ConfigurationError(f"deadline must be a number of seconds > 0 (math.inf: none), not {value!r}")
    return seconds


def max_retries(value: object) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or value < 0:
        raise ConfigurationError(f"max_retries must be a whole number >= 0, not {value!r}")
    return value


def max_response_size(value: object) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or value < 1:
        raise ConfigurationError(f"max_response_size must be a whole number of bytes >= 1, not {value!r}")
    return value
