"""`make contract`: the mock passes clean, every fault of the wrong server is reported, keys never
appear in a report, and mutating runs against the production host are refused before any request."""

from __future__ import annotations

import io
import os
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any, TypedDict, Unpack

import pytest
import schemathesis
from finerworks_mock import create_app
from finerworks_mock.conformance import Spec
from finerworks_mock.contract import READ_ONLY, run, select

from tests.support import serve
from tests.tools.lying_server import SLOW_SECONDS, lying_server
from tests.tools.wrong_server import EXPECTED, FAULTS, wrong_server

ROOT = Path(__file__).resolve().parents[2]
KEYS = ("wak-7c1e93-not-for-reports", "ak-52b0d4-not-for-reports")
PRODUCTION = ["https://api.finerworks.com/v3", "https://API.FinerWorks.com./v3", "http://api.finerworks.com:443/v3"]


class Options(TypedDict, total=False):
    """What a test may set of the check's own options (run's keyword arguments)."""

    mutating: bool
    examples: int
    slow: float


def contract(base_url: str | None, **options: Unpack[Options]) -> tuple[int, str]:
    out = io.StringIO()
    options.setdefault("examples", 3)
    status = run(base_url, KEYS, out=out, **options)
    return status, out.getvalue()


@pytest.fixture
def no_requests(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Any request schemathesis tries to send fails the test."""

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("a request was sent")

    monkeypatch.setattr(schemathesis.Case, "call", refuse)
    yield


def test_the_mock_passes_clean_with_every_operation() -> None:
    status, report = contract(None, mutating=True)
    assert status == 0, report
    for operation in ("updateOrder", "fetchOrderStatus", "updateCustomer", "deletePendingOrders"):
        assert f"{operation}: " in report and "example " in report
    assert "VIOLATION" not in report
    assert report.splitlines()[-1].startswith("contract: OK: the server conforms to openapi.yaml: 4 operation(s)")


@pytest.mark.parametrize("fault", FAULTS)
def test_every_planted_fault_is_reported(spec: Spec, fault: str) -> None:
    member, words = EXPECTED[fault]
    with serve(wrong_server(fault, spec.document)) as root:
        status, report = contract(root + "/v3")
    assert status == 1, report
    violations = [line for line in report.splitlines() if line.startswith("  VIOLATION")]
    assert len(violations) == 1, report  # one fault, one distinct violation, however many requests showed it
    assert violations[0].startswith(f"  VIOLATION response {member}: ") and words in violations[0], report
    assert "fetchOrderStatus: 5 responses; statuses " in report  # 2 seed examples + 3 generated
    assert report.splitlines()[-1].startswith("contract: FAILED: 1 violation(s) of openapi.yaml in 1 of 1 operation")
    assert not any(key in report for key in KEYS)


def test_a_missing_member_is_one_that_openapi_yaml_requires(spec: Spec) -> None:
    """The missing-member fault drops an order's `order_status_id`: only a required member makes it a fault."""
    assert "order_status_id" in spec.document["components"]["schemas"]["OrderStatus"]["required"]


def test_an_offending_value_that_echoes_the_keys_is_redacted(spec: Spec) -> None:
    with serve(wrong_server("echo-keys", spec.document)) as root:
        _, report = contract(root + "/v3")
    assert '(value: {"app_key": "[redacted]", "web_api_key": "[redacted]"})' in report
    assert not any(key in report for key in KEYS)


def test_progress_is_printed_request_by_request(spec: Spec) -> None:
    _, report = contract(None)
    lines = report.splitlines()
    assert lines[1] == "fetchOrderStatus: 5 requests (POST /fetch_order_status)"
    assert lines[2] == "  [1/5] example byOrderIds: 200 ok" and lines[3] == "  [2/5] example byOrderPos: 200 ok"
    assert lines[6].startswith("  [5/5] generated #3: 200")


def test_by_default_only_the_read_only_operation_runs(spec: Spec) -> None:
    assert select(spec, "https://test-api.finerworks.com/v3", mutating=False) == list(READ_ONLY) == ["fetchOrderStatus"]
    assert select(spec, "https://api.finerworks.com/v3", mutating=False) == ["fetchOrderStatus"]
    assert len(select(spec, "https://test-api.finerworks.com/v3", mutating=True)) == 4


@pytest.mark.parametrize("url", PRODUCTION)
def test_a_mutating_run_against_production_is_refused(
    url: str, no_requests: None, capsys: pytest.CaptureFixture[str]
) -> None:
    status, report = contract(url, mutating=True)
    assert status == 2 and report == ""
    refusal = capsys.readouterr().err
    assert "never run against the production host api.finerworks.com, whatever MUTATING says" in refusal


def test_a_mutating_run_against_the_v2_host_is_refused_too(
    no_requests: None, capsys: pytest.CaptureFixture[str]
) -> None:
    """v2.api.finerworks.com serves live accounts as api.finerworks.com does (openapi.yaml's servers)."""
    status, report = contract("https://v2.api.finerworks.com/v3", mutating=True)
    assert status == 2 and report == ""
    assert "never run against the production host v2.api.finerworks.com" in capsys.readouterr().err


def test_a_run_without_keys_against_a_server_is_refused(no_requests: None, capsys: pytest.CaptureFixture[str]) -> None:
    assert run("https://test-api.finerworks.com/v3", None, out=io.StringIO()) == 2
    assert "set FINERWORKS_WEB_API_KEY and FINERWORKS_APP_KEY" in capsys.readouterr().err


def test_a_run_whose_keys_are_refused_is_incomplete_not_clean(spec: Spec) -> None:
    with serve(create_app(keys=("other-web-api-key", "other-app-key"), spec=spec)) as root:
        status, report = contract(root + "/v3", examples=1)
    assert status == 2, report
    assert "statuses 400 x3" in report  # FinerWorks' answer to refused keys, as the mock gives it
    assert report.splitlines()[-1].startswith("contract: INCOMPLETE: no violation found")
    assert report.splitlines()[-1].endswith(
        "every response refused the keys: check FINERWORKS_WEB_API_KEY and FINERWORKS_APP_KEY"
    )


def test_invalid_requests_answered_400_are_not_taken_for_refused_keys() -> None:
    from finerworks_mock.contract import refuses_keys

    live = b'{"Message":"The request is invalid.","ModelState":{"ApiC.Models.authorization_credentials":["x"]}}'
    assert refuses_keys(400, live) and refuses_keys(401, b"") and refuses_keys(403, b"<html>")
    assert not refuses_keys(400, b'{"Message":"The request is invalid.","ModelState":{"request.order_ids":["x"]}}')
    assert not refuses_keys(200, live) and not refuses_keys(400, b"<html>")


def test_ctrl_c_reports_what_was_seen_so_far(monkeypatch: pytest.MonkeyPatch) -> None:
    call, calls = schemathesis.Case.call, []

    def interrupted_on_the_third(case: schemathesis.Case[Any], *args: Any, **kwargs: Any) -> schemathesis.Response:
        calls.append(case)
        if len(calls) == 3:
            raise KeyboardInterrupt
        return call(case, *args, **kwargs)

    monkeypatch.setattr(schemathesis.Case, "call", interrupted_on_the_third)
    status, report = contract(None)
    assert status == 130
    assert "contract: interrupted; the report covers the responses received until then" in report
    assert "fetchOrderStatus: 2 responses; statuses 200 x2; 0 violation(s)" in report


def make(*arguments: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "FINERWORKS_WEB_API_KEY": KEYS[0], "FINERWORKS_APP_KEY": KEYS[1]}
    command = ["make", "--no-print-directory", *arguments]
    return subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)


def test_make_contract_reports_a_wrong_server_and_exits_non_zero(spec: Spec) -> None:
    with serve(wrong_server("date-as-number", spec.document)) as root:
        result = make("contract", f"BASE_URL={root}/v3", "EXAMPLES=1")
    assert result.returncode != 0
    assert "VIOLATION response orders[0].shipments[0].shipment_date: " in result.stdout
    assert "contract: FAILED" in result.stdout
    assert not any(key in result.stdout + result.stderr for key in KEYS)


def test_make_contract_checks_the_mock_by_default() -> None:
    result = make("contract", "EXAMPLES=1")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "(the local mock, started for this run)" in result.stdout and "contract: OK" in result.stdout


def test_make_contract_refuses_a_mutating_run_against_production() -> None:
    result = make("contract", "BASE_URL=https://api.finerworks.com/v3", "MUTATING=1")
    assert result.returncode != 0
    assert "refused:" in result.stderr and "production host" in result.stderr
    assert "requests (POST" not in result.stdout


# Servers that lie within the schema (issue 21): each answer matches openapi.yaml, the lie is semantic.


@pytest.mark.parametrize(
    ("lie", "member", "words"),
    [
        ("success-false", "success: ", "whose envelope says the request was not carried out"),
        ("other-order", "orders[", "answers an item that was not asked for"),
        ("five-times", "orders: ", "answers the same item 5 times"),
    ],
)
def test_a_server_that_lies_within_the_schema_fails(lie: str, member: str, words: str) -> None:
    with serve(lying_server(lie, KEYS)) as root:
        status, report = contract(root + "/v3")
    assert status == 1, report
    violations = [line for line in report.splitlines() if line.startswith("  VIOLATION")]
    assert len(violations) == 1, report
    assert violations[0].startswith(f"  VIOLATION response {member}") and words in violations[0], report
    assert report.splitlines()[-1].startswith("contract: FAILED: 1 violation(s)")


def test_an_update_that_reports_success_and_changes_nothing_fails() -> None:
    with serve(lying_server("no-change", KEYS)) as root:
        status, report = contract(root + "/v3", mutating=True, examples=1)
    assert status == 1, report
    assert (
        "  VIOLATION response (effect): reported success for hold and then pending on order 1234567, "
        "yet fetchOrderStatus shows the same status after both"
    ) in report


def test_the_mock_shows_the_effect_of_each_update() -> None:
    status, report = contract(None, mutating=True, examples=1)
    assert status == 0, report
    assert "  [probe hold 1234567] 200; fetchOrderStatus shows On Hold" in report
    assert "  [probe pending 1234567] 200; fetchOrderStatus shows Order Received" in report  # documented id 3


def test_slow_answers_are_reported() -> None:
    with serve(lying_server("slow", KEYS)) as root:
        status, report = contract(root + "/v3", examples=1, slow=SLOW_SECONDS / 2)
    assert status == 0, report  # slow is reported, not a violation of openapi.yaml
    assert f"  SLOW 3 of 3 answers took longer than {SLOW_SECONDS / 2:g} s (slowest " in report
    assert report.splitlines()[-1].endswith(f"; 3 answer(s) slower than {SLOW_SECONDS / 2:g} s")
