"""One HTTP exchange checked against openapi.yaml: what `make proxy` logs and the cassette tests assert.

The checking is openapi-core's, on the same OpenAPI object the mock validates requests with
(Spec.openapi); this module only turns its errors into Violations that name the operation, the
direction (request or response) and the member (`orders[0].shipments[0].shipment_date`), with the
offending value. An exchange that conforms is recognised first by the operation's JSON Schemas
compiled once (Checker.conforms), ten times faster; whatever that cannot vouch for goes to openapi-core,
so the verdicts and violations are openapi-core's either way. `make contract` reports schemathesis'
findings in the same form.

The two key headers are never part of a Violation: a value that contains either key is redacted.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from openapi_core.deserializing.media_types.exceptions import MediaTypeDeserializeError
from openapi_core.templating.media_types.exceptions import MediaTypeNotFound
from openapi_core.templating.paths.exceptions import OperationNotFound, PathError
from openapi_core.templating.responses.exceptions import ResponseNotFound
from openapi_core.testing import MockRequest, MockResponse
from openapi_core.validation.request.exceptions import (
    MissingParameterError,
    MissingRequestBodyError,
    ParameterValidationError,
    SecurityValidationError,
)
from openapi_core.validation.response.exceptions import HeaderValidationError, MissingHeaderError

from finerworks_mock.spec import Spec, member_path  # the one place this module and its users take openapi.yaml from

if TYPE_CHECKING:
    from openapi_schema_validator import OAS31Validator

__all__ = ["KEY_HEADERS", "REDACTED", "Checker", "Exchange", "Spec", "Violation", "redactor"]

KEY_HEADERS = ("web_api_key", "app_key")
REDACTED = "[redacted]"
VALUE_CHARS = 120  # an offending value is shown up to this many characters
COMBINATIONS = {"anyOf", "oneOf", "allOf", "not"}
REQUIRED = re.compile(r"""^['"](?P<name>.+)['"] is a required property$""")  # jsonschema's and jsonschema-rs' wording


@dataclass(frozen=True)
class Violation:
    """One way an exchange disagrees with openapi.yaml.

    member is the path of the body member (`orders[0].order_id`, `Message`), or one of `(status)`,
    `(content-type)`, `(body)`, `(headers)`, `(parameters)`, `(path)` for what is not a body member;
    the message of a header or parameter starts with its name.
    """

    operation: str
    direction: str  # "request" or "response"
    member: str
    message: str
    value: str | None = None

    def __str__(self) -> str:
        value = "" if self.value is None else f" (value: {self.value})"
        return f"{self.operation} {self.direction} {self.member}: {self.message}{value}"


@dataclass(frozen=True)
class Exchange:
    """A request and the response it got. path is relative to the API's base URL (`/fetch_order_status`);
    url, when known, is the whole URL the request went to."""

    method: str
    path: str
    request_headers: Mapping[str, str]
    request_body: bytes
    status: int
    response_headers: Mapping[str, str]
    response_body: bytes  # as the client reads it: any content-encoding already undone
    url: str = ""


def redactor(secrets: Iterable[str]) -> Callable[[str], str]:
    """A function that replaces each secret in a text with [redacted].

    A secret of 8 characters or more (any real key) is replaced wherever it occurs; a shorter one,
    such as a test key `k1`, only where it stands as a whole token, so that it does not blot out
    every word that happens to contain it.
    """
    ordered = sorted({secret for secret in secrets if secret}, key=len, reverse=True)
    alternatives = [
        re.escape(secret) if len(secret) >= 8 else rf"(?<![\w-]){re.escape(secret)}(?![\w-])" for secret in ordered
    ]
    pattern = re.compile("|".join(alternatives)) if alternatives else None
    return (lambda text: pattern.sub(REDACTED, text)) if pattern else (lambda text: text)


def key_values(headers: Mapping[str, str]) -> list[str]:
    """The values of the key headers among headers (any case of the names)."""
    return [value for name, value in headers.items() if name.lower() in KEY_HEADERS]


def member(path: Sequence[str | int]) -> str:
    """['orders', 0, 'shipment_date'] -> 'orders[0].shipment_date' (spec.member_path); [] -> '(root)'."""
    return member_path(path) or "(root)"


def show(value: Any) -> str:
    """A value for a report, on one line, cut to VALUE_CHARS: text (or bytes) as it is, anything else as JSON."""
    if isinstance(value, bytes):
        value = value.decode("utf-8", "replace")
    text = " ".join((value if isinstance(value, str) else json.dumps(value, default=str)).split())
    return text if len(text) <= VALUE_CHARS else text[: VALUE_CHARS - 3] + "..."


def schema_violation(
    operation: str, direction: str, path: Sequence[str | int], message: str, instance: Any
) -> Violation:
    """A JSON Schema error as a Violation; a missing required member is named in the path."""
    required = REQUIRED.match(message)
    if required:
        return Violation(operation, direction, member([*path, required["name"]]), "required member is missing")
    for shown in (json.dumps(instance, separators=(",", ":"), default=str), repr(instance)):
        message = message.removeprefix(shown + " ")  # "17 is not of type 'string'": the value is shown apart
    return Violation(operation, direction, member(path), message, show(instance))


@dataclass(frozen=True)
class Plan:
    """What a conforming exchange of one operation shows, with its JSON Schemas compiled once: the
    Checker's fast path. It covers an operation without parameters whose request takes a required
    JSON body and whose security is key headers; responses is status -> its body's validator, for
    the statuses documented with a JSON body and no headers (any other status takes openapi-core)."""

    key_headers: tuple[str, ...]
    request: OAS31Validator
    responses: dict[int, OAS31Validator]


def json_body(content_type: str, body: bytes, json_types: frozenset[str]) -> tuple[bool, Any]:
    """(True, the value) for a UTF-8 JSON body sent as one of json_types (no parameter but charset=utf-8)."""
    media_type, *parameters = (part.strip().lower() for part in content_type.split(";"))
    if media_type not in json_types or any(p.replace(" ", "") not in ("charset=utf-8", "") for p in parameters):
        return False, None
    try:
        return True, json.loads(body.decode("utf-8"))
    except ValueError:  # UnicodeDecodeError included
        return False, None


class Checker:
    """Checks exchanges against openapi.yaml with openapi-core.

    An exchange that conforms is told apart first by the operation's JSON Schemas compiled once
    (Plan: jsonschema's is_valid, a tenth of openapi-core's time); openapi-core checks every other
    one and says what is wrong, so the verdicts are openapi-core's either way.
    """

    def __init__(self, spec: Spec | None = None) -> None:
        self.spec = spec or Spec()
        self.routes = self.spec.routes(prefix="")  # exchanges name the path under the base path
        self._plans: dict[str, Plan | None] = {}

    def plan(self, operation_id: str) -> Plan | None:
        """The operation's Plan (compiled on first use), or None when the fast path does not cover it."""
        if operation_id not in self._plans:
            self._plans[operation_id] = self._plan(operation_id)
        return self._plans[operation_id]

    def _plan(self, operation_id: str) -> Plan | None:
        spec = self.spec
        path = spec.operations()[operation_id][1]
        operation = spec.operation(operation_id)
        if operation.get("parameters") or spec.document["paths"][path].get("parameters"):
            return None
        body = spec.resolve(operation.get("requestBody", {}))
        if not body.get("required") or list(body["content"]) != ["application/json"]:  # OpenAPI: a body has content
            return None
        if "schema" not in body["content"]["application/json"]:
            return None
        requirements = operation.get("security", spec.document.get("security"))
        if not requirements or len(requirements) != 1:
            return None
        key_headers = []
        for name in requirements[0]:  # OpenAPI: a requirement names a scheme of components/securitySchemes
            scheme = spec.resolve(spec.document["components"]["securitySchemes"][name])
            if scheme.get("type") != "apiKey" or scheme.get("in") != "header":
                return None
            key_headers.append(str(scheme["name"]).lower())
        responses: dict[int, OAS31Validator] = {}
        for code, reference in operation["responses"].items():
            response = spec.resolve(reference)
            if not str(code).isdigit() or response.get("headers"):
                continue
            if list(response.get("content", {})) != ["application/json"]:
                continue
            validator = spec.response_validator(operation_id, int(code))
            if validator is not None:
                responses[int(code)] = validator
        return Plan(tuple(key_headers), spec.request_validator(operation_id), responses)

    def conforms(self, operation_id: str, exchange: Exchange, headers: Mapping[str, str]) -> bool:
        """True when the fast path finds the exchange conforming (False: openapi-core must look)."""
        plan = self.plan(operation_id)
        if plan is None or not all(headers.get(name) for name in plan.key_headers):
            return False
        validator = plan.responses.get(exchange.status)
        if validator is None:
            return False
        json_types = self.spec.json_aliases | {"application/json"}
        ok, request = json_body(headers.get("content-type", ""), exchange.request_body, json_types)
        if not ok or not plan.request.is_valid(request):
            return False
        response_type = next((v for k, v in exchange.response_headers.items() if k.lower() == "content-type"), "")
        ok, response = json_body(response_type, exchange.response_body, frozenset({"application/json"}))
        return ok and validator.is_valid(response)

    def operation(self, method: str, path: str) -> str | None:
        return self.routes.find(method.upper(), path)

    def check(self, exchange: Exchange) -> tuple[str, list[Violation]]:
        """(the operationId, or 'METHOD /path' when openapi.yaml has no such operation; its violations)."""
        operation = self.operation(exchange.method, exchange.path) or f"{exchange.method.upper()} {exchange.path}"
        headers = {name.lower(): value for name, value in exchange.request_headers.items()}
        content_type = headers.get("content-type", "")
        if content_type.split(";")[0].strip().lower() in self.spec.json_aliases:
            content_type = "application/json"  # text/json: the same JSON (openapi.yaml's x-json-media-type-aliases)
        known = self.operation(exchange.method, exchange.path)
        if known and self.conforms(known, exchange, headers):
            return operation, []
        request = MockRequest(
            "http://api",
            self.spec.operations()[known][0] if known else exchange.method,
            self.spec.base_path + exchange.path,
            headers=headers,
            data=exchange.request_body or None,
            content_type=content_type,
        )
        violations: list[Violation] = []
        for error in self.spec.openapi.iter_request_errors(request):
            violations += self._request(operation, error, headers)
        if self.operation(exchange.method, exchange.path):  # else there is no response to check it against
            response_headers = {name.lower(): value for name, value in exchange.response_headers.items()}
            response = MockResponse(
                exchange.response_body,
                status_code=exchange.status,
                headers=response_headers,
                content_type=response_headers.get("content-type", ""),
            )
            for error in self.spec.openapi.iter_response_errors(request, response):
                violations += self._response(operation, error, exchange)
        redact = redactor(key_values(exchange.request_headers))
        return operation, [
            Violation(v.operation, v.direction, v.member, redact(v.message), v.value and redact(v.value))
            for v in violations
        ]

    def _request(self, operation: str, error: Exception, headers: Mapping[str, str]) -> list[Violation]:
        cause = error.__cause__
        if isinstance(error, (OperationNotFound, PathError)):
            return [Violation(operation, "request", "(path)", "openapi.yaml has no such operation")]
        if isinstance(error, SecurityValidationError):
            missing = [name for name in KEY_HEADERS if not headers.get(name)]
            return [Violation(operation, "request", "(headers)", f"missing key header(s): {', '.join(missing)}")]
        if isinstance(error, MissingRequestBodyError):
            return [Violation(operation, "request", "(body)", "a request body is required")]
        if isinstance(cause, MediaTypeNotFound):
            message = f"undocumented content type (documented: {', '.join(cause.availableMimetypes)})"
            return [Violation(operation, "request", "(content-type)", message, show(cause.mimetype or "none"))]
        if isinstance(cause, MediaTypeDeserializeError):
            return [Violation(operation, "request", "(body)", "not valid JSON")]
        if isinstance(error, ParameterValidationError):
            return [self._named(operation, "request", "(parameters)", error)]
        return self._schema_errors(operation, "request", error) or [self._unexplained(operation, "request", error)]

    def _response(self, operation: str, error: Exception, exchange: Exchange) -> list[Violation]:
        cause = error.__cause__
        if isinstance(error, ResponseNotFound):
            method, path = exchange.method.lower(), exchange.path
            documented = ", ".join(self.spec.document["paths"][path][method]["responses"])
            return [
                Violation(
                    operation,
                    "response",
                    "(status)",
                    f"undocumented status (documented: {documented})",
                    str(exchange.status),
                )
            ]
        if isinstance(cause, MediaTypeNotFound):
            message = f"undocumented content type (documented: {', '.join(cause.availableMimetypes)})"
            return [Violation(operation, "response", "(content-type)", message, show(cause.mimetype or "none"))]
        if isinstance(error, HeaderValidationError):
            value = next((v for k, v in exchange.response_headers.items() if k.lower() == error.name.lower()), None)
            return [self._named(operation, "response", "(headers)", error, value)]
        schema_errors = self._schema_errors(operation, "response", error)
        if schema_errors:
            return schema_errors
        if isinstance(cause, MediaTypeDeserializeError):
            return [Violation(operation, "response", "(body)", "not valid JSON", show(exchange.response_body))]
        return [self._unexplained(operation, "response", error)]

    @classmethod
    def _named(
        cls,
        operation: str,
        direction: str,
        member: str,
        error: HeaderValidationError | ParameterValidationError,
        value: str | None = None,
    ) -> Violation:
        """A header's or parameter's error: its name, then what is wrong (a schema's word, or openapi-core's)."""
        name = str(error.name)
        if isinstance(error, MissingHeaderError | MissingParameterError):
            return Violation(operation, direction, member, f"{name}: required and missing")
        found = cls._schema_errors(operation, direction, error)
        detail = found[0].message if found else str(error.__cause__ or error)
        return Violation(operation, direction, member, f"{name}: {detail}", None if value is None else show(value))

    @staticmethod
    def _unexplained(operation: str, direction: str, error: Exception) -> Violation:
        """Any other error of openapi-core's about a body (a documented body that is missing...), in its words."""
        return Violation(operation, direction, "(body)", str(error.__cause__ or error))

    @staticmethod
    def _schema_errors(operation: str, direction: str, error: Exception) -> list[Violation]:
        """One Violation per JSON Schema error; a failed anyOf/oneOf/not only when no member error says more."""
        errors = list(getattr(error.__cause__, "schema_errors", None) or [])
        errors = [item for item in errors if item.validator not in COMBINATIONS] or errors
        return [
            schema_violation(operation, direction, list(item.absolute_path), item.message, item.instance)
            for item in errors
        ]
