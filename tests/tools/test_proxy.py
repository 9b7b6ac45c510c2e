"""`make proxy`: traffic passes untouched, every fault of the wrong server is logged with operation,
direction and member, cassettes are written with the keys redacted, and only http(s) upstreams and
127.0.0.1 are used."""

from __future__ import annotations

import logging
import os
import signal
import subprocess
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from finerworks_client import Client
from finerworks_client.api.orders import fetch_order_status
from finerworks_client.models import FetchOrderStatusRequest, FetchOrderStatusResponse
from finerworks_mock import create_app
from finerworks_mock.cassettes import load
from finerworks_mock.conformance import REDACTED, Checker, Exchange, Spec
from finerworks_mock.proxy import UpstreamError, ValidatingProxy, parse_upstream, running
from finerworks_mock.server import listen
from starlette.types import Receive, Scope, Send

from tests.support import serve
from tests.tools.wrong_server import EXPECTED, FAULTS, wrong_server

ROOT = Path(__file__).resolve().parents[2]
KEYS = {"web_api_key": "wak-1d9f20-not-for-logs", "app_key": "ak-88c3e1-not-for-logs"}
FETCH = {"order_ids": [123456], "order_pos": None}


@pytest.fixture
def logs(caplog: pytest.LogCaptureFixture) -> Iterator[pytest.LogCaptureFixture]:
    caplog.set_level(logging.INFO, logger="finerworks.proxy")
    yield caplog


def no_keys_in(text: str) -> bool:
    return not any(value in text for value in KEYS.values())


@pytest.mark.parametrize("fault", FAULTS)
def test_every_planted_fault_is_logged_and_the_response_passes_untouched(
    spec: Spec, fault: str, logs: pytest.LogCaptureFixture, tmp_path: Path
) -> None:
    member, words = EXPECTED[fault]
    with serve(wrong_server(fault, spec.document)) as root:
        direct = httpx.post(root + "/v3/fetch_order_status", json=FETCH, headers=KEYS)
        with running(ValidatingProxy(root + "/v3", record=tmp_path)) as proxy:
            proxied = httpx.post(proxy + "/fetch_order_status", json=FETCH, headers=KEYS)
    assert (proxied.status_code, proxied.content) == (direct.status_code, direct.content)
    assert [(k, v) for k, v in proxied.headers.multi_items() if k != "date"] == [
        (k, v) for k, v in direct.headers.multi_items() if k != "date"
    ]
    violations = [r.getMessage() for r in logs.records if "VIOLATION" in r.getMessage()]
    assert len(violations) == 1, logs.text
    assert violations[0].startswith(f"  VIOLATION fetchOrderStatus response {member}: ") and words in violations[0]
    (cassette,) = tmp_path.glob("*.yaml")
    assert cassette.name == f"001-fetchOrderStatus-{direct.status_code}.yaml"
    assert no_keys_in(logs.text) and no_keys_in(cassette.read_text(encoding="utf-8"))


def test_the_mock_passes_clean_through_the_generated_client(logs: pytest.LogCaptureFixture) -> None:
    with (
        serve(create_app()) as root,
        running(ValidatingProxy(root + "/v3")) as proxy,
        Client(base_url=proxy, headers=KEYS) as client,
    ):
        report = fetch_order_status.sync(client=client, body=FetchOrderStatusRequest.from_dict(FETCH))
    assert isinstance(report, FetchOrderStatusResponse) and report.orders is not None
    assert [order.order_id for order in report.orders] == [123456]
    assert "POST /v3/fetch_order_status -> 200 fetchOrderStatus: conforms to openapi.yaml" in logs.text
    assert "VIOLATION" not in logs.text


def test_request_violations_are_logged_and_forwarded_unchanged(logs: pytest.LogCaptureFixture) -> None:
    with serve(create_app()) as root, running(ValidatingProxy(root + "/v3")) as proxy:
        response = httpx.post(proxy + "/update_order", content=b'{"order_id": 0}', headers={"app_key": "x"})
    assert response.status_code == 400  # the mock's own answer: the proxy refuses nothing
    assert "updateOrder request (headers): missing key header(s): web_api_key" in logs.text


@pytest.mark.parametrize(
    ("path", "content_type", "body", "member", "words"),
    [
        ("/update_order", "text/plain", b"{}", "(content-type)", "undocumented content type"),
        ("/update_order", "application/json", b'{"order_id": ', "(body)", "not valid JSON"),
        ("/update_order", "application/json", b'{"order_id": 0, "update_command": "hold"}', "order_id", "minimum"),
        ("/update_order", "application/json", b'{"order_id": 7}', "update_command", "required member is missing"),
        ("/create_order", "application/json", b"{}", "(path)", "no such operation"),
    ],
)
def test_request_violations_name_their_member(
    spec: Spec, path: str, content_type: str, body: bytes, member: str, words: str
) -> None:
    headers = {**KEYS, "content-type": content_type}
    refusal = {"content-type": "application/json"}, b'{"Message": "The request is invalid."}'
    _, violations = Checker(spec).check(Exchange("POST", path, headers, body, 400, *refusal))
    assert [(v.direction, v.member) for v in violations] == [("request", member)], violations
    assert words in violations[0].message


def test_a_text_json_request_is_checked_as_the_json_it_is(spec: Spec) -> None:
    """FinerWorks accepts text/json as application/json (openapi.yaml's x-json-media-type-aliases)."""
    ok = {"content-type": "application/json"}, b'{"success": true, "status_code": 200, "message": "", "debug": null}'
    body = b'{"order_id": 1234567, "update_command": "hold"}'
    headers = {**KEYS, "content-type": "text/json; charset=utf-8"}
    assert Checker(spec).check(Exchange("POST", "/update_order", headers, body, 200, *ok))[1] == []
    bad = Checker(spec).check(Exchange("POST", "/update_order", headers, b'{"order_id": 0}', 200, *ok))[1]
    assert {v.member for v in bad} == {"order_id", "update_command"}


def test_a_recorded_cassette_redacts_both_keys_everywhere(spec: Spec, tmp_path: Path) -> None:
    with (
        serve(wrong_server("echo-keys", spec.document)) as root,
        running(ValidatingProxy(root, record=tmp_path)) as url,
    ):
        httpx.post(url + "/fetch_order_status", json=FETCH, headers=KEYS, params={"key": KEYS["app_key"]})
    (cassette,) = tmp_path.glob("*.yaml")
    text = cassette.read_text(encoding="utf-8")
    assert no_keys_in(text)
    (exchange,) = load(cassette, spec)
    assert exchange.request_headers["web_api_key"] == exchange.request_headers["app_key"] == REDACTED
    assert exchange.url.endswith(f"/v3/fetch_order_status?key={REDACTED}")
    assert b'"order_po": {"web_api_key": "[redacted]", "app_key": "[redacted]"}' in exchange.response_body
    assert exchange.response_headers["content-length"] == str(len(exchange.response_body))


def test_a_response_that_cannot_be_checked_still_passes_untouched(
    logs: pytest.LogCaptureFixture, tmp_path: Path
) -> None:
    async def broken(scope: Scope, receive: Receive, send: Send) -> None:  # claims gzip, sends plain bytes
        if scope["type"] == "http":
            headers = [(b"content-type", b"application/json"), (b"content-encoding", b"gzip")]
            await send({"type": "http.response.start", "status": 200, "headers": headers})
            await send({"type": "http.response.body", "body": b"not gzip"})

    with (
        serve(broken) as root,
        running(ValidatingProxy(root + "/v3", record=tmp_path)) as proxy,
        httpx.stream("POST", proxy + "/fetch_order_status", json=FETCH, headers=KEYS) as response,
    ):
        raw = b"".join(response.iter_raw())
    assert response.status_code == 200 and raw == b"not gzip"
    assert "POST /v3/fetch_order_status: could not be checked: the body is not valid gzip" in logs.text
    assert len(list(tmp_path.glob("*.yaml"))) == 1 and no_keys_in(logs.text)


def test_an_unreachable_upstream_is_a_502_naming_it(logs: pytest.LogCaptureFixture) -> None:
    free = listen(0)
    port = free.getsockname()[1]
    free.close()  # nothing listens there any more
    with running(ValidatingProxy(f"http://127.0.0.1:{port}/v3")) as proxy:
        response = httpx.post(proxy + "/fetch_order_status", json=FETCH, headers=KEYS)
    assert response.status_code == 502 and f"no response from http://127.0.0.1:{port}" in response.json()["Message"]
    assert no_keys_in(logs.text + response.text)


@pytest.mark.parametrize(
    "upstream", ["ftp://test-api.finerworks.com/v3", "file:///etc/passwd", "127.0.0.1:8000/v3", "https:///v3", ""]
)
def test_only_http_and_https_upstreams_are_accepted(upstream: str) -> None:
    with pytest.raises(UpstreamError, match="must be an http:// or https:// URL"):
        parse_upstream(upstream)


def test_upstream_base_path() -> None:
    assert parse_upstream("https://test-api.finerworks.com/v3/") == ("https://test-api.finerworks.com", "/v3")
    assert parse_upstream("http://127.0.0.1:8000") == ("http://127.0.0.1:8000", "")
    with running(ValidatingProxy("http://127.0.0.1:9/v3")) as proxy:
        assert proxy.startswith("http://127.0.0.1:") and proxy.endswith("/v3")


def test_make_proxy_refuses_a_non_http_upstream() -> None:
    result = subprocess.run(
        ["make", "--no-print-directory", "proxy", "UPSTREAM=ftp://test-api.finerworks.com/v3"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode != 0
    assert "error: UPSTREAM must be an http:// or https:// URL" in result.stderr and "Traceback" not in result.stderr


def test_make_proxy_serves_on_127_0_0_1_logs_and_records(tmp_path: Path) -> None:
    """What a user runs: `make proxy UPSTREAM=... PORT=0 RECORD=dir`, then traffic, then Ctrl-C."""
    with serve(create_app()) as root:
        process = subprocess.Popen(
            ["make", "--no-print-directory", "proxy", f"UPSTREAM={root}/v3", "PORT=0", f"RECORD={tmp_path}"],
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env={**os.environ, "PYTHONUNBUFFERED": "1"},
            start_new_session=True,
        )
        try:
            assert process.stdout is not None
            lines = [process.stdout.readline() for _ in range(3)]
            first = next(line for line in lines if line.startswith("FinerWorks proxy: "))
            url = first.split()[2]
            assert url.startswith("http://127.0.0.1:") and url.endswith("/v3") and first.split()[-1] == root + "/v3"
            response = httpx.post(url + "/fetch_order_status", json=FETCH, headers=KEYS)
            assert response.status_code == 200 and response.json()["orders"][0]["order_id"] == 123456
        finally:
            os.killpg(process.pid, signal.SIGINT)
            out, err = process.communicate(timeout=20)
    assert "POST /v3/fetch_order_status -> 200 fetchOrderStatus: conforms to openapi.yaml" in err
    assert "recorded" in err and "Traceback" not in err
    (cassette,) = tmp_path.glob("*.yaml")
    assert no_keys_in(out + err + cassette.read_text(encoding="utf-8"))


@pytest.mark.parametrize("method", ["PUT", "POST"])
def test_every_documented_method_of_a_path_is_checked_as_its_operation(spec: Spec, method: str) -> None:
    """FinerWorks documents PUT and POST for update_order (x-accepted-methods): both are updateOrder."""
    headers = {**KEYS, "content-type": "application/json"}
    ok = {"content-type": "application/json"}, b'{"success": true, "status_code": 200, "message": "", "debug": null}'
    body = b'{"order_id": 1234567, "update_command": "hold"}'
    operation, violations = Checker(spec).check(Exchange(method, "/update_order", headers, body, 200, *ok))
    assert (operation, violations) == ("updateOrder", [])
    operation, violations = Checker(spec).check(Exchange("GET", "/update_order", headers, b"", 405, *ok))
    assert [(v.direction, v.member) for v in violations] == [("request", "(path)")]
