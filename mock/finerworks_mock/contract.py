"""Check a live server against openapi.yaml: make contract [BASE_URL=<url>] [MUTATING=1] [EXAMPLES=n]

schemathesis sends, for each operation, its named request examples from openapi.yaml (FinerWorks'
own documentation examples) and then EXAMPLES requests it generates from the request schema, all
valid, and checks every response: a documented status, a documented content type, a body that
matches the response schema, no 5xx. The keys are read from FINERWORKS_WEB_API_KEY and
FINERWORKS_APP_KEY; without BASE_URL the local mock is started on a free port and checked.

Only fetchOrderStatus, which reads, runs by default. The operations that change orders run only
with --mutating (MUTATING=1), and never against the production host: that is refused whatever
the opt-in says.

The report lists, per operation, the statuses seen and each distinct violation with its member path
and offending value, then a summary line. The keys never appear in it. Exit status: 0 when the
server conforms, 1 on any violation, 2 when the run could not be made (refused, keys missing or
refused, unreachable), 130 when interrupted (after the report of what came back).
"""

from __future__ import annotations

import argparse
import copy
import os
import re
import sys
import tomllib
from collections import Counter
from collections.abc import Callable
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO
from urllib.parse import urlsplit

import hypothesis
import requests
import schemathesis
from schemathesis.checks import not_a_server_error
from schemathesis.core.failures import Failure, FailureGroup, MalformedJson, ServerError
from schemathesis.openapi.checks import (
    ContentDeserializationError,
    JsonSchemaError,
    MalformedMediaType,
    MissingContentType,
    UndefinedContentType,
    UndefinedStatusCode,
)
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from finerworks_mock import create_app, serve
from finerworks_mock.conformance import Spec, Violation, redactor, schema_violation, show

READ_ONLY = ("fetchOrderStatus",)
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
]
DEFAULT_EXAMPLES = 20
TIMEOUT = 60  # seconds per request; the sandbox can be slow
MOCK_KEYS = ("contract-web-api-key", "contract-app-key")  # the local mock's, when the environment has none


class Refused(Exception):
    """The run must not be made; the message says why."""


@dataclass
class OperationReport:
    operation: str
    requests: int = 0
    statuses: Counter[int] = field(default_factory=Counter)
    errors: list[str] = field(default_factory=list)
    # distinct violations: (member with indices blanked, kind) -> (first violation, count, first case)
    violations: dict[tuple[str, str], tuple[Violation, int, str]] = field(default_factory=dict)

    def add(self, violation: Violation, kind: str, case: str) -> None:
        key = (re.sub(r"\[\d+\]", "[]", violation.member), kind)
        first, count, where = self.violations.get(key, (violation, 0, case))
        self.violations[key] = (first, count + 1, where)


def production_hosts(spec: Spec) -> set[str]:
    """Hosts of the servers openapi.yaml marks `x-environment: production` (api.finerworks.com)."""
    return {
        (urlsplit(server["url"]).hostname or "").lower()
        for server in spec.document["servers"]
        if server.get("x-environment") == "production"
    }


def select(spec: Spec, base_url: str, mutating: bool) -> list[str]:
    """The operations to run against base_url; Refused for a URL that must not be checked so."""
    parts = urlsplit(base_url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise Refused(f"BASE_URL must be an http:// or https:// URL, not {base_url!r}")
    operations = list(spec.operations())
    if not mutating:
        return [operation for operation in operations if operation in READ_ONLY]
    host = parts.hostname.lower().rstrip(".")
    if host in production_hosts(spec):
        changing = ", ".join(operation for operation in operations if operation not in READ_ONLY)
        raise Refused(
            f"refused: {changing} change or delete orders, and are never run against the production host "
            f"{host}, whatever MUTATING says. Run them against the sandbox "
            "(BASE_URL=https://test-api.finerworks.com/v3) or the local mock (no BASE_URL); "
            "without MUTATING, make contract sends only the read-only fetchOrderStatus."
        )
    return operations


def cases(
    spec: Spec, operation: schemathesis.APIOperation[Any, Any, Any, Any], operation_id: str, examples: int, seed: int
) -> list[tuple[str, schemathesis.Case[Any]]]:
    """(label, case): the operation's named request examples, then up to `examples` generated valid requests."""
    method, path = spec.operations()[operation_id]
    body = spec.resolve(spec.document["paths"][path][method.lower()]["requestBody"])["content"]["application/json"]
    explicit = [
        (f"example {name}", operation.Case(body=spec.resolve(example)["value"], media_type="application/json"))
        for name, example in body.get("examples", {}).items()
    ]
    generated: list[schemathesis.Case[Any]] = []

    @hypothesis.settings(
        max_examples=examples,
        database=None,
        deadline=None,
        phases=[hypothesis.Phase.generate],
        suppress_health_check=list(hypothesis.HealthCheck),
    )
    @hypothesis.seed(seed)
    @hypothesis.given(operation.as_strategy())
    def generate(case: schemathesis.Case[Any]) -> None:
        if all(case.body != other.body for other in generated):
            generated.append(case)

    if examples > 0:
        generate()
    return explicit + [(f"generated #{n}", case) for n, case in enumerate(generated, 1)]


def to_violation(operation_id: str, failure: Failure, response: schemathesis.Response) -> tuple[Violation, str]:
    """A schemathesis check failure as (Violation, kind): the member, what is wrong and the offending value."""
    kind, first_line = type(failure).__name__, failure.message.split("\n")[0]
    if isinstance(failure, JsonSchemaError):  # the body violates the response schema
        kind = f"schema {failure.schema_path[-1] if failure.schema_path else ''}"
        return schema_violation(operation_id, "response", failure.instance_path, first_line, failure.instance), kind
    status = str(response.status_code)
    if isinstance(failure, UndefinedStatusCode):
        message = f"undocumented status (documented: {', '.join(map(str, failure.defined_status_codes))})"
        return Violation(operation_id, "response", "(status)", message, status), kind
    if isinstance(failure, ServerError):
        return Violation(operation_id, "response", "(status)", "server error", status), kind
    if isinstance(failure, (UndefinedContentType, MissingContentType, MalformedMediaType)):
        received = response.headers.get("content-type", ["none"])[0]
        documented = ", ".join(getattr(failure, "defined_content_types", None) or ["see openapi.yaml"])
        message = f"undocumented content type (documented: {documented})"
        return Violation(operation_id, "response", "(content-type)", message, show(received)), kind
    if isinstance(failure, (MalformedJson, ContentDeserializationError)):
        return Violation(operation_id, "response", "(body)", "not valid JSON", show(response.content)), kind
    return Violation(operation_id, "response", "(response)", f"{failure.title}: {first_line}"), kind


def check_operation(
    spec: Spec,
    schema: schemathesis.BaseSchema,
    report: OperationReport,
    base_url: str,
    keys: tuple[str, str],
    examples: int,
    seed: int,
    say: Callable[[str], None],
) -> None:
    """Send the operation's cases one by one, adding what each response shows to report."""
    operation_id = report.operation
    operation = schema.find_operation_by_id(operation_id)  # type: ignore[attr-defined]
    planned = cases(spec, operation, operation_id, examples, seed)
    say(f"{operation_id}: {len(planned)} requests ({operation.label})")
    headers = {"web_api_key": keys[0], "app_key": keys[1]}
    for number, (label, case) in enumerate(planned, 1):
        try:
            response = case.call(base_url=base_url, headers=headers, timeout=TIMEOUT)
        except requests.RequestException as error:
            report.errors.append(f"{label}: {type(error).__name__}")
            say(f"  [{number}/{len(planned)}] {label}: no response ({type(error).__name__})")
            continue
        report.requests += 1
        report.statuses[response.status_code] += 1
        found: list[tuple[Violation, str]] = []
        try:
            case.validate_response(response, checks=CHECKS)
        except FailureGroup as group:
            found = [to_violation(operation_id, failure, response) for failure in group.exceptions]
        for violation, kind in found:
            report.add(violation, kind, label)
        verdict = "ok" if not found else f"{len(found)} violation(s)"
        say(f"  [{number}/{len(planned)}] {label}: {response.status_code} {verdict}")


def summarize(reports: list[OperationReport], base_url: str, say: Callable[[str], None]) -> int:
    say("")
    for report in reports:
        statuses = ", ".join(f"{status} x{count}" for status, count in sorted(report.statuses.items())) or "none"
        say(
            f"{report.operation}: {report.requests} responses; statuses {statuses}; "
            f"{len(report.violations)} violation(s)"
        )
        for violation, count, where in report.violations.values():
            value = "" if violation.value is None else f" (value: {violation.value})"
            say(f"  VIOLATION {violation.direction} {violation.member}: {violation.message}{value}")
            say(f"            in {count} of {report.requests} responses, first: {where}")
        for error in report.errors:
            say(f"  ERROR {error}")
    found = sum(len(report.violations) for report in reports)
    errors = sum(len(report.errors) for report in reports)
    requests_sent = sum(report.requests for report in reports)
    failing = sum(1 for report in reports if report.violations)
    tail = f"; {errors} request(s) got no response" if errors else ""
    # Refused keys get documented 401s, which conform, but then nothing behind them was checked.
    if any(report.statuses and set(report.statuses) <= {401, 403} for report in reports):
        errors += 1
        tail += "; every response was 401/403: check FINERWORKS_WEB_API_KEY and FINERWORKS_APP_KEY"
    if found:
        say(
            f"contract: FAILED: {found} violation(s) of openapi.yaml in {failing} of {len(reports)} operation(s), "
            f"{requests_sent} responses from {base_url}{tail}"
        )
        return 1
    verdict = "OK: the server conforms to openapi.yaml" if not errors else "INCOMPLETE: no violation found"
    say(f"contract: {verdict}: {len(reports)} operation(s), {requests_sent} responses from {base_url}{tail}")
    return 2 if errors else 0


DEFAULT_SEED = 20261124


def default_seed() -> int:
    """The seed of ./schemathesis.toml when there is one (this repository's), else a fixed one, so that
    a run today and in a month send the same requests."""
    settings = Path("schemathesis.toml")
    if not settings.is_file():
        return DEFAULT_SEED
    return int(tomllib.loads(settings.read_text(encoding="utf-8")).get("seed", DEFAULT_SEED))


def run(
    base_url: str | None,
    keys: tuple[str, str] | None,
    mutating: bool = False,
    examples: int = DEFAULT_EXAMPLES,
    seed: int | None = None,
    out: TextIO = sys.stdout,
) -> int:
    """The whole check; returns the exit status. Without keys the mock gets a placeholder pair; a server: exit 2."""
    spec = Spec()
    secrets = [secret for secret in (keys or ()) if secret]
    redact = redactor(secrets)

    def say(line: str) -> None:
        print(redact(line), file=out, flush=True)

    with ExitStack() as stack:
        if base_url is None:
            keys = keys or MOCK_KEYS
            base_url = stack.enter_context(serve(create_app(keys=keys, spec=spec))) + spec.base_path
            target = f"{base_url} (the local mock, started for this run)"
        else:
            target = base_url
        try:
            operations = select(spec, base_url, mutating)
        except Refused as refusal:
            print(f"contract: {refusal}", file=sys.stderr, flush=True)
            return 2
        if keys is None:
            print(
                "contract: set FINERWORKS_WEB_API_KEY and FINERWORKS_APP_KEY to the account's keys "
                "(for the sandbox: a sandbox account's)",
                file=sys.stderr,
                flush=True,
            )
            return 2
        schema = schemathesis.openapi.from_dict(copy.deepcopy(spec.document), config=schemathesis.Config())
        mode = "all operations (MUTATING)" if mutating else "read-only operations"
        say(f"contract: checking {target} against openapi.yaml; {mode}: {', '.join(operations)}")
        chosen_seed = default_seed() if seed is None else seed
        reports: list[OperationReport] = []
        try:
            for operation in operations:
                reports.append(OperationReport(operation))
                check_operation(spec, schema, reports[-1], base_url, keys, examples, chosen_seed, say)
        except KeyboardInterrupt:  # Ctrl-C during a slow sandbox run: report what was seen so far
            say("contract: interrupted; the report covers the responses received until then")
            summarize(reports, base_url, say)
            return 130
        return summarize(reports, base_url, say)


def environment_keys() -> tuple[str, str] | None:
    web_api_key, app_key = os.environ.get("FINERWORKS_WEB_API_KEY"), os.environ.get("FINERWORKS_APP_KEY")
    return (web_api_key, app_key) if web_api_key and app_key else None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m finerworks_mock.contract", description=__doc__.splitlines()[0])
    parser.add_argument(
        "--base-url", help="the server to check, e.g. https://test-api.finerworks.com/v3 (default: the mock)"
    )
    parser.add_argument("--mutating", action="store_true", help="also run the operations that change orders")
    parser.add_argument("--examples", type=int, default=DEFAULT_EXAMPLES, help="generated requests per operation")
    parser.add_argument("--seed", type=int, help="generation seed (default: schemathesis.toml's)")
    args = parser.parse_args(argv)
    return run(args.base_url or None, environment_keys(), args.mutating, args.examples, args.seed)


if __name__ == "__main__":
    sys.exit(main())
