"""Cassettes: recorded exchanges in VCR.py's format, written by `finerworks-mock proxy --record` and
loaded by the tests that replay them.

What a cassette holds (README, "What a cassette holds"): the request's method, URL, headers and
body, and the response's status, headers and body (decompressed, so that it reads as text), with:
- every credential redacted: the headers that carry one (CREDENTIAL_HEADERS and any header whose
  name says it is a key, token, secret, password, session or cookie), and each of their values
  wherever else it occurs (URL, other headers, bodies);
- personal data redacted: JSON members that hold a person's name, address, phone or email
  (PERSONAL_MEMBERS), and anything that looks like an email address in any text. With
  personal_data="keep" they are written as they are and listed in the cassette's metadata and in a
  warning instead;
- a body over the size limit left out (the metadata says how large it was).
The metadata block (vcrpy keeps and ignores it) records what was redacted, left out or flagged.

Files are written atomically under a name no other writer has taken (NNN-operation-status.yaml):
two proxies recording into one folder never overwrite or interleave each other's cassettes.
"""

from __future__ import annotations

import json
import os
import re
import secrets
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from pathlib import Path
from typing import Any, Literal
from urllib.parse import urlsplit

import vcr.filters
import vcr.request
import vcr.serialize
import vcr.serializers.yamlserializer

from .conformance import KEY_HEADERS, REDACTED, Exchange, redactor
from .spec import Spec

__all__ = [
    "CREDENTIAL_HEADERS",
    "PERSONAL_MEMBERS",
    "CassetteWriter",
    "Recorded",
    "load",
    "redact_personal",
]

# Headers that carry a credential, redacted by name, and whose values are redacted wherever they occur.
CREDENTIAL_HEADERS = frozenset(
    {*KEY_HEADERS, "authorization", "proxy-authorization", "cookie", "set-cookie", "x-api-key", "api-key"}
)
CREDENTIAL_NAME = re.compile(r"auth|token|secret|passw|session|cookie|api[-_]?key|app[-_]?key", re.IGNORECASE)
# JSON members that hold personal data: a person's name, postal address, phone number or email.
PERSONAL_MEMBERS = re.compile(
    r"^(first_?name|last_?name|full_?name|name|company_?name|address(_?\d+)?|address_?line_?\d*|street\w*|city"
    r"|state_?code|province|zip(_?postal)?_?code|postal_?code|zip|phone\w*|mobile\w*|email\w*)$",
    re.IGNORECASE,
)
EMAIL = re.compile(r"[\w.+-]+@[\w-]+(\.[\w-]+)+")
CASSETTE = re.compile(r"^(\d+)-")
PersonalData = Literal["redact", "keep"]


def is_credential(header: str) -> bool:
    name = header.lower()
    return name in CREDENTIAL_HEADERS or bool(CREDENTIAL_NAME.search(name))


def credential_values(headers: Iterable[tuple[str, str]]) -> list[str]:
    """The values of the credential headers, and each cookie's value on its own."""
    found: list[str] = []
    for name, value in headers:
        if not is_credential(name):
            continue
        found.append(value)
        if name.lower() in ("cookie", "set-cookie"):
            cookie: SimpleCookie = SimpleCookie()
            try:
                cookie.load(value)
            except Exception:  # a malformed cookie: the whole header value is redacted anyway
                continue
            found += [morsel.value for morsel in cookie.values() if morsel.value]
        elif name.lower() in ("authorization", "proxy-authorization") and " " in value:
            found.append(value.split(" ", 1)[1])  # the credential of "Bearer <token>"
    return found


def redact_personal(data: Any, path: str = "") -> tuple[Any, list[str]]:
    """(data with personal members and emails redacted, the member paths that were)."""
    found: list[str] = []
    if isinstance(data, dict):
        out: dict[str, Any] = {}
        for key, value in data.items():
            where = f"{path}.{key}" if path else str(key)
            if PERSONAL_MEMBERS.match(str(key)) and isinstance(value, str) and value:
                out[key] = REDACTED
                found.append(where)
            else:
                out[key], more = redact_personal(value, where)
                found += more
        return out, found
    if isinstance(data, list):
        items = []
        for n, value in enumerate(data):
            item, more = redact_personal(value, f"{path}[{n}]")
            items.append(item)
            found += more
        return items, found
    if isinstance(data, str) and EMAIL.search(data):
        return EMAIL.sub(REDACTED, data), [path or "(root)"]
    return data, found


def personal_body(body: bytes) -> tuple[bytes, list[str]]:
    """A body with its personal data redacted, and where it was: JSON member by member, other text by pattern."""
    if not body:
        return body, []
    try:
        data = json.loads(body)
    except ValueError:
        text = body.decode("utf-8", "surrogateescape")
        if not EMAIL.search(text):
            return body, []
        return EMAIL.sub(REDACTED, text).encode("utf-8", "surrogateescape"), ["(body)"]
    redacted, found = redact_personal(data)
    if not found:
        return body, []
    return json.dumps(redacted, ensure_ascii=False).encode(), found


@dataclass
class Recorded:
    """One exchange as the proxy saw it, ready to be written: bodies as far as they were kept."""

    operation: str
    method: str
    url: str
    request_headers: Sequence[tuple[str, str]]
    request_body: bytes | None  # None: larger than the limit, left out
    request_size: int
    status: int
    reason: str
    response_headers: Sequence[tuple[str, str]]
    response_body: bytes | None  # decoded (content-encoding undone); None: too large, left out
    response_size: int
    notes: dict[str, Any] = field(default_factory=dict)


class CassetteWriter:
    """Writes exchanges as VCR.py cassettes (one interaction each) into a directory: NNN-operation-status.yaml.

    personal_data="redact" (the default) replaces personal data before anything is written; "keep"
    writes it and flags it (the returned flags, the cassette's metadata).
    """

    def __init__(self, directory: Path, personal_data: PersonalData = "redact") -> None:
        self.directory = directory
        self.personal_data = personal_data
        directory.mkdir(parents=True, exist_ok=True)

    def write(self, exchange: Recorded) -> tuple[Path, list[str]]:
        """Write the cassette; (its path, the members holding personal data it keeps or had redacted)."""
        secrets_ = credential_values([*exchange.request_headers, *exchange.response_headers])
        text = redactor(secrets_)

        def binary(data: bytes) -> bytes:  # surrogateescape: any bytes round-trip, UTF-8 keys are found
            return text(data.decode("utf-8", "surrogateescape")).encode("utf-8", "surrogateescape")

        metadata: dict[str, Any] = {"recorded_by": "finerworks-mock proxy", **exchange.notes}
        personal: list[str] = []

        def body(data: bytes | None, size: int, direction: str) -> bytes:
            if data is None:
                metadata[f"{direction}_body_left_out"] = f"{size} bytes, over the recording limit"
                return b""
            data = binary(data)
            data, found = personal_body(data) if self.personal_data == "redact" else (data, personal_found(data))
            personal.extend(f"{direction} {where}" for where in found)
            return data

        def headers(pairs: Iterable[tuple[str, str]]) -> dict[str, list[str]]:
            out: dict[str, list[str]] = {}
            for name, value in pairs:
                out.setdefault(name, []).append(REDACTED if is_credential(name) else text(value))
            return out

        request_headers = {name: v[0] if len(v) == 1 else v for name, v in headers(exchange.request_headers).items()}
        request_body = body(exchange.request_body, exchange.request_size, "request")
        request = vcr.request.Request(exchange.method, text(exchange.url), request_body, request_headers)
        response_headers = headers(exchange.response_headers)
        response_body = body(exchange.response_body, exchange.response_size, "response")
        for name in list(response_headers):
            if name.lower() == "content-encoding":  # the body is written decoded
                del response_headers[name]
            elif name.lower() == "content-length":
                response_headers[name] = [str(len(response_body))]
        recorded = {
            "status": {"code": exchange.status, "message": exchange.reason},
            "headers": response_headers,
            "body": {"string": response_body},
        }
        redacted = sorted(
            {name for name, _ in [*exchange.request_headers, *exchange.response_headers] if is_credential(name)}
        )
        if redacted:
            metadata["credentials_redacted"] = redacted
        if personal:
            key = "personal_data_redacted" if self.personal_data == "redact" else "personal_data_kept"
            metadata[key] = personal
        cassette = {"requests": [request], "responses": [recorded], "metadata": metadata}
        document = vcr.serialize.serialize(cassette, vcr.serializers.yamlserializer)
        return self._claim(exchange.operation, exchange.status, document), personal

    def _claim(self, operation: str, status: int, document: str) -> Path:
        """Write document under the next free NNN-operation-status.yaml, atomically, never over another file."""
        name = re.sub(r"[^A-Za-z0-9_]+", "_", operation).strip("_") or "unknown"
        scratch = self.directory / f".{name}-{os.getpid()}-{secrets.token_hex(4)}.tmp"
        scratch.write_text(document, encoding="utf-8")
        try:
            numbers = [int(m[1]) for p in self.directory.glob("*.yaml") if (m := CASSETTE.match(p.name))]
            number = max(numbers, default=0) + 1
            while True:
                path = self.directory / f"{number:03d}-{name}-{status}.yaml"
                try:
                    os.link(scratch, path)  # fails if the name is taken: a name is claimed whole or not at all
                    return path
                except FileExistsError:
                    number += 1
        finally:
            scratch.unlink()


def personal_found(body: bytes) -> list[str]:
    return personal_body(body)[1]


def load(path: Path, spec: Spec) -> list[Exchange]:
    """The exchanges of a VCR.py cassette (any compressed body decompressed)."""
    loaded = vcr.serialize.deserialize(path.read_text(encoding="utf-8"), vcr.serializers.yamlserializer)
    requests, responses = loaded[0], loaded[1]
    exchanges = []
    for request, response in zip(requests, responses, strict=True):
        response = vcr.filters.decode_response(response)
        body = request.body or b""
        api_path = urlsplit(request.uri).path
        exchanges.append(
            Exchange(
                method=request.method,
                path=api_path.removeprefix(spec.base_path) if api_path.startswith(spec.base_path + "/") else api_path,
                request_headers={name: v if isinstance(v, str) else v[0] for name, v in request.headers.items()},
                request_body=body.encode() if isinstance(body, str) else body,
                status=response["status"]["code"],
                response_headers={name: values[0] for name, values in response["headers"].items()},
                response_body=response["body"]["string"] or b"",
                url=request.uri,
            )
        )
    return exchanges
