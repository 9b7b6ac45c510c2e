"""Check a live server against openapi.yaml: make contract [BASE_URL=<url>] [MUTATING=1] [EXAMPLES=n]

schemathesis sends, for each operation, its named request examples from openapi.yaml (FinerWorks'
own documentation examples) and then EXAMPLES requests it generates from the request schema, all
valid, and checks every response: a documented status, a documented content type, a body that
matches the response schema, no 5xx; and what a schema cannot say (semantic checks): a 2xx whose
envelope says `success: false`, a fetch that answers orders it was not asked for or one order
twice, and (MUTATING) an updateOrder that reports success but that fetchOrderStatus does not
show. Answers slower than --slow seconds are reported. The keys are read from FINERWORKS_WEB_API_KEY and
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
import json
import os
import re
import sys
import time
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
SLOW = 5.0  # seconds: an answer slower than this is reported (--slow)
# The semantic checks know these operations and members of openapi.yaml (a test keeps them there).
FETCH, UPDATE = "fetchOrderStatus", "updateOrder"
PROBE_COMMANDS = ("hold", "pending")  # both reversible (openapi.yaml: updateOrder), unlike cancel
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
    slow: list[tuple[str, float]] = field(default_factory=list)  # (case, seconds) of each slow answer

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


def envelope_success(body: Any) -> bool | None:
    """The `success` of a FinerWorks status envelope, on its own or as the `status` member; None if none."""
    if not isinstance(body, dict):
        return None
    for envelope in (body, body.get("status")):
        if isinstance(envelope, dict) and isinstance(envelope.get("success"), bool):
            return bool(envelope["success"])
    return None


def documents_refusal_with_success(spec: Spec, operation_id: str) -> bool:
    """True when openapi.yaml documents a 2xx answer of the operation whose envelope says success: false."""
    method, path = spec.operations()[operation_id]
    responses = spec.document["paths"][path][method.lower()]["responses"]
    for status, response in responses.items():
        if not str(status).startswith("2"):
            continue
        for media in spec.resolve(response).get("content", {}).values():
            examples = [spec.resolve(example).get("value") for example in media.get("examples", {}).values()]
            if any(envelope_success(value) is False for value in examples):
                return True
    return False


def asked_only(operation_id: str, request: Any, body: Any) -> list[Violation]:
    """A lookup answers only what it was asked for, once each: each `<x>s` list of the request
    (order_ids, order_pos) names the items of the answer's lists by their `<x>` member."""
    if not isinstance(request, dict) or not isinstance(body, dict):
        return []
    asked = {
        name[:-1]: set(values)
        for name, values in request.items()
        if name.endswith("s")
        and isinstance(values, list)
        and values
        and all(isinstance(value, (str, int)) and not isinstance(value, bool) for value in values)
    }
    found: list[Violation] = []
    for member, items in body.items():
        if not isinstance(items, list) or not items or not all(isinstance(item, dict) for item in items):
            continue
        keys = [key for key in asked if any(key in item for item in items)]
        if not keys:
            continue
        seen: Counter[str] = Counter()
        for n, item in enumerate(items):
            names = {key: item.get(key) for key in keys}
            identified = [key for key in keys if isinstance(names[key], (str, int))]  # else the schema check says so
            if identified and not any(names[key] in asked[key] for key in identified):
                wanted = sorted(str(value) for values in asked.values() for value in values)
                message = f"answers an item that was not asked for (asked: {show(wanted)})"
                found.append(Violation(operation_id, "response", f"{member}[{n}]", message, show(names)))
            seen[json.dumps(names, sort_keys=True, default=str)] += 1
        for names_text, count in seen.items():
            if count > 1:
                message = f"answers the same item {count} times"
                found.append(Violation(operation_id, "response", member, message, show(names_text)))
    return found


def semantic(
    spec: Spec, operation_id: str, case: schemathesis.Case[Any], response: schemathesis.Response
) -> list[Violation]:
    """What the schema cannot say about one answer: success: false in a 2xx, a lookup's answer."""
    if not 200 <= response.status_code < 300:
        return []
    try:
        body = response.json()
    except ValueError:
        return []  # the schema checks report a body that is not JSON
    found = []
    if envelope_success(body) is False and not documents_refusal_with_success(spec, operation_id):
        message = f"a {response.status_code} whose envelope says the request was not carried out"
        found.append(Violation(operation_id, "response", "success", message, "false"))
    if operation_id == FETCH:
        found += asked_only(operation_id, case.body, body)
    return found


def fetch_orders(
    spec: Spec, base_url: str, headers: dict[str, str], order_id: int
) -> tuple[list[dict[str, Any]] | None, str]:
    """(the orders fetchOrderStatus answers for order_id, or None; what went wrong if None)."""
    method, path = spec.operations()[FETCH]
    try:
        answer = requests.request(
            method, base_url + path, json={"order_ids": [order_id], "order_pos": None}, headers=headers, timeout=TIMEOUT
        )
        orders = answer.json().get("orders") if answer.status_code == 200 else None
    except (requests.RequestException, ValueError, AttributeError) as error:
        return None, type(error).__name__
    if not isinstance(orders, list):
        return None, f"status {answer.status_code}"
    return [order for order in orders if isinstance(order, dict)], ""


def probe_update(
    spec: Spec, report: OperationReport, base_url: str, keys: tuple[str, str], say: Callable[[str], None]
) -> None:
    """After a successful updateOrder, fetchOrderStatus must show the change: the order of the
    operation's example is put on hold, then back to pending; each success must leave a status that
    fetchOrderStatus shows, and the two must differ."""
    method, path = spec.operations()[UPDATE]
    body = spec.resolve(spec.document["paths"][path][method.lower()]["requestBody"])["content"]["application/json"]
    order_ids = [spec.resolve(ex)["value"].get("order_id") for ex in body.get("examples", {}).values()]
    order_id = next((value for value in order_ids if isinstance(value, int)), None)
    if order_id is None:
        say(f"{UPDATE}: no example order to probe; the effect of a change is not verified")
        return
    headers = {"web_api_key": keys[0], "app_key": keys[1]}
    after: dict[str, tuple[Any, Any]] = {}
    for command in PROBE_COMMANDS:
        label = f"probe {command} {order_id}"
        try:
            answer = requests.request(
                method,
                base_url + path,
                json={"order_id": order_id, "update_command": command},
                headers=headers,
                timeout=TIMEOUT,
            )
            success = 200 <= answer.status_code < 300 and envelope_success(answer.json()) is True
        except (requests.RequestException, ValueError) as error:
            say(f"  [{label}] no usable answer ({type(error).__name__}); the effect of a change is not verified")
            return
        if not success:
            say(f"  [{label}] {answer.status_code}, not carried out; the effect of a change is not verified")
            return
        orders, problem = fetch_orders(spec, base_url, headers, order_id)
        shown = [order for order in orders or [] if order.get("order_id") == order_id]
        if orders is None:
            say(f"  [{label}] the fetch after it failed ({problem}); the effect of a change is not verified")
            return
        if not shown:
            message = f"reported success for {command} on order {order_id}, which {FETCH} then does not show"
            report.add(Violation(UPDATE, "response", "(effect)", message), "semantic", label)
            say(f"  [{label}] 1 violation(s)")
            return
        after[command] = (shown[0].get("order_status_id"), shown[0].get("order_status_label"))
        say(f"  [{label}] {answer.status_code}; {FETCH} shows {show(after[command][1])}")
    first, second = PROBE_COMMANDS
    if after[first] == after[second]:
        message = (
            f"reported success for {first} and then {second} on order {order_id}, "
            f"yet {FETCH} shows the same status after both"
        )
        report.add(Violation(UPDATE, "response", "(effect)", message, show(after[first][1])), "semantic", "probe")


def check_operation(
    spec: Spec,
    schema: schemathesis.BaseSchema,
    report: OperationReport,
    base_url: str,
    keys: tuple[str, str],
    examples: int,
    seed: int,
    say: Callable[[str], None],
    slow: float = SLOW,
) -> None:
    """Send the operation's cases one by one, adding what each response shows to report."""
    operation_id = report.operation
    operation = schema.find_operation_by_id(operation_id)  # type: ignore[attr-defined]
    planned = cases(spec, operation, operation_id, examples, seed)
    say(f"{operation_id}: {len(planned)} requests ({operation.label})")
    headers = {"web_api_key": keys[0], "app_key": keys[1]}
    for number, (label, case) in enumerate(planned, 1):
        began = time.perf_counter()
        try:
            response = case.call(base_url=base_url, headers=headers, timeout=TIMEOUT)
        except requests.RequestException as error:
            report.errors.append(f"{label}: {type(error).__name__}")
            say(f"  [{number}/{len(planned)}] {label}: no response ({type(error).__name__})")
            continue
        elapsed = time.perf_counter() - began
        if elapsed > slow:
            report.slow.append((label, elapsed))
        report.requests += 1
        report.statuses[response.status_code] += 1
        found: list[tuple[Violation, str]] = []
        try:
            case.validate_response(response, checks=CHECKS)
        except FailureGroup as group:
            found = [to_violation(operation_id, failure, response) for failure in group.exceptions]
        found += [(violation, "semantic") for violation in semantic(spec, operation_id, case, response)]
        for violation, kind in found:
            report.add(violation, kind, label)
        verdict = "ok" if not found else f"{len(found)} violation(s)"
        say(f"  [{number}/{len(planned)}] {label}: {response.status_code} {verdict}")


def summarize(reports: list[OperationReport], base_url: str, say: Callable[[str], None], slow: float = SLOW) -> int:
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
        if report.slow:
            label, seconds = max(report.slow, key=lambda item: item[1])
            say(
                f"  SLOW {len(report.slow)} of {report.requests} answers took longer than {slow:g} s "
                f"(slowest {seconds:.1f} s: {label})"
            )
    found = sum(len(report.violations) for report in reports)
    errors = sum(len(report.errors) for report in reports)
    requests_sent = sum(report.requests for report in reports)
    failing = sum(1 for report in reports if report.violations)
    tail = f"; {errors} request(s) got no response" if errors else ""
    slow_answers = sum(len(report.slow) for report in reports)
    if slow_answers:
        tail += f"; {slow_answers} answer(s) slower than {slow:g} s"
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
    slow: float = SLOW,
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
                check_operation(spec, schema, reports[-1], base_url, keys, examples, chosen_seed, say, slow)
                if operation == UPDATE and FETCH in spec.operations():
                    probe_update(spec, reports[-1], base_url, keys, say)
        except KeyboardInterrupt:  # Ctrl-C during a slow sandbox run: report what was seen so far
            say("contract: interrupted; the report covers the responses received until then")
            summarize(reports, base_url, say, slow)
            return 130
        return summarize(reports, base_url, say, slow)


def environment_keys() -> tuple[str, str] | None:
    web_api_key, app_key = os.environ.get("FINERWORKS_WEB_API_KEY"), os.environ.get("FINERWORKS_APP_KEY")
    return (web_api_key, app_key) if web_api_key and app_key else None


def main(argv: list[str] | None = None, prog: str = "finerworks-mock contract") -> int:
    parser = argparse.ArgumentParser(prog=prog, description=(__doc__ or "").splitlines()[0])
    parser.add_argument(
        "--base-url", help="the server to check, e.g. https://test-api.finerworks.com/v3 (default: the mock)"
    )
    parser.add_argument("--mutating", action="store_true", help="also run the operations that change orders")
    parser.add_argument("--examples", type=int, default=DEFAULT_EXAMPLES, help="generated requests per operation")
    parser.add_argument("--seed", type=int, help="generation seed (default: ./schemathesis.toml's, else a fixed one)")
    parser.add_argument(
        "--slow", type=float, default=SLOW, help=f"report answers slower than this, in s (default {SLOW:g})"
    )
    args = parser.parse_args(argv)
    return run(args.base_url or None, environment_keys(), args.mutating, args.examples, args.seed, slow=args.slow)


if __name__ == "__main__":
    sys.exit(main())
