"""The mock as an integration sandbox: the admin API, injected faults, FinerWorksClient against them,
the pytest plugin, the command line, and the package installed on its own."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from finerworks_client import (
    APIConnectionError,
    APITimeoutError,
    ConflictError,
    FinerWorksClient,
    RateLimitError,
    RetryPolicy,
    ServerError,
)
from finerworks_client.api.orders import fetch_order_status, update_order
from finerworks_client.models import FetchOrderStatusRequest, UpdateCommand, UpdateOrderRequest
from finerworks_mock import MockAdmin, MockAdminError, create_app
from finerworks_mock.app import MockApp
from finerworks_mock.pytest_plugin import Sandbox
from finerworks_mock.spec import Spec

from tests.support import AUTH, KEYS, serve

ROOT = Path(__file__).resolve().parents[2]
TRACKING = {"tracking_number": "1Z999AA10123456784", "shipment_date": "2025-02-03T10:00:00-06:00"}


@pytest.fixture
def running(app: MockApp) -> Iterator[tuple[str, MockAdmin]]:
    """The tests' mock on a socket: (base URL with /v3, its MockAdmin)."""
    with serve(app) as root, MockAdmin(root) as admin:
        yield root + "/v3", admin


def client_for(base_url: str, **options: Any) -> FinerWorksClient:
    return FinerWorksClient(web_api_key=KEYS[0], app_key=KEYS[1], base_url=base_url, **options)


# A complete address of FinerWorks' address model (its required members, no state_code outside the U.S.).
ADA = {
    "first_name": "Ada",
    "last_name": "Lovelace",
    "address_1": "12 St James's Square",
    "zip_postal_code": "SW1Y 4JH",
    "country_code": "gb",
}


def fetch(client: FinerWorksClient, order_id: int) -> Any:
    return fetch_order_status.sync(client=client, body=FetchOrderStatusRequest(order_ids=[order_id])).orders


# Scenario control ----------------------------------------------------------------------------


def test_an_order_goes_through_production_and_ships(running: tuple[str, MockAdmin]) -> None:
    base_url, admin = running
    created = admin.create_order(5550001, "PO_MINE", customer=ADA)
    assert created["submission_status"] == "pending" and created["in_production"] is False
    with client_for(base_url) as client:
        assert fetch(client, 5550001)[0].order_status_label == "Order Received"
        assert admin.advance(5550001)["order_status_label"] == "In Production"
        (order,) = fetch(client, 5550001)
        assert (order.order_status_id, order.order_status_label, order.shipments) == (5, "In Production", [])
        with pytest.raises(ConflictError):  # FinerWorks' rule: no changes once in production
            update_order.sync(
                client=client, body=UpdateOrderRequest(order_id=5550001, update_command=UpdateCommand.HOLD)
            )
        added = admin.add_shipment(5550001, **TRACKING)["shipments"][-1]
        # Every member openapi.yaml requires of a shipment and TRACKING leaves out is null, as FinerWorks writes it.
        left_out = set(Spec().document["components"]["schemas"]["Shipment"]["required"]) - TRACKING.keys()
        assert left_out and all(added[name] is None for name in left_out)
        assert added["tracking_number"] == TRACKING["tracking_number"]
        assert admin.set_production_status(5550001, 7)["order_status_label"] == "Shipped"
        (order,) = fetch(client, 5550001)
    assert order.order_status_label == "Shipped"
    assert [shipment.tracking_number for shipment in order.shipments] == [TRACKING["tracking_number"]]
    assert order.shipments[0].shipment_date.isoformat() == "2025-02-03T10:00:00-06:00"


@pytest.mark.parametrize(
    ("call", "status", "fragment"),
    [
        (lambda admin: admin.create_order(123456, "PO_DUP"), 409, "exists already"),
        (lambda admin: admin.advance(123456), 409, "last production status (Shipped)"),
        (lambda admin: admin.advance(7777), 409, "was cancelled"),
        (lambda admin: admin.advance(424242), 404, "was not found"),
        (lambda admin: admin.set_production_status(1234567, 9), 409, "5 (In Production), 7 (Shipped)"),
        (lambda admin: admin.add_shipment(1234567, **TRACKING), 409, "not in production"),
        (lambda admin: admin.add_shipment(123457, tracking_url="not a url", weight=-1), 400, "request.shipment.weight"),
        (lambda admin: admin.create_order(1, ""), 400, "request.order_po"),
        (lambda admin: admin.requests(limit=0), 400, "limit"),
    ],
)
def test_admin_refusals_say_why_and_change_nothing(
    running: tuple[str, MockAdmin], call: Any, status: int, fragment: str
) -> None:
    _, admin = running
    before = admin.state()
    with pytest.raises(MockAdminError) as refused:
        call(admin)
    assert refused.value.status == status and fragment in refused.value.message
    assert admin.state() == before


def test_reset_to_the_fixtures_or_to_a_given_state(running: tuple[str, MockAdmin]) -> None:
    _, admin = running
    fixtures = admin.state()
    admin.advance(1234567)
    admin.add_fault("fetchOrderStatus", status=500)
    saved = admin.state()
    assert admin.reset() == fixtures  # back to the fixtures; faults and the log cleared
    assert admin.faults() == [] and admin.requests() == []
    assert admin.reset(saved) == saved  # a state read back restores exactly
    assert admin.order(1234567)["order_status_label"] == "In Production"
    mine = {"submission_statuses": {"pending": {"id": 1, "label": "Pending"}}, "orders": [], "pending_orders": [9]}
    assert admin.reset(mine)["pending_orders"] == [9]
    with pytest.raises(MockAdminError, match=r"orders\[1\] \(order 5\): order_id is used twice"):
        admin.reset({**mine, "orders": [{"order_id": 5, "order_po": "A"}, {"order_id": 5, "order_po": "B"}]})
    assert admin.state()["pending_orders"] == [9]  # a refused state leaves the state as it was
    assert admin.reset() == fixtures


def test_the_request_log_redacts_keys(running: tuple[str, MockAdmin]) -> None:
    base_url, admin = running
    httpx.post(base_url + "/delete_pending_orders", json={"ids": [1], "account_key": "secret"}, headers=AUTH)
    httpx.post(base_url + "/fetch_order_status", json={"order_ids": []}, headers={"web_api_key": "x"})
    httpx.post(base_url + "/nowhere", content=b"{", headers=AUTH)
    first, second, third = admin.requests()
    assert (first["operation_id"], first["status"], first["fault"]) == ("deletePendingOrders", 200, False)
    assert first["body"] == {"ids": [1], "account_key": "[redacted]"}
    assert first["headers"]["web_api_key"] == first["headers"]["app_key"] == "[redacted]"
    assert KEYS[0] not in str(admin.requests()) and "secret" not in str(admin.requests())
    assert (second["status"], second["headers"]["web_api_key"]) == (400, "[redacted]")
    assert (third["operation_id"], third["status"], third["body"]) == (None, 404, None)
    assert [record["path"] for record in admin.requests(limit=1)] == ["/v3/nowhere"]
    big = httpx.post(base_url + "/fetch_order_status", json={"order_ids": list(range(1, 5000))}, headers=AUTH)
    assert big.status_code == 200 and admin.requests(limit=1)[0]["body"] is None  # over 16 KiB: not kept


# Faults --------------------------------------------------------------------------------------


def test_a_rule_answers_the_next_calls_then_stops(running: tuple[str, MockAdmin]) -> None:
    base_url, admin = running
    rule = admin.add_fault("fetchOrderStatus", times=2, status=503, retry_after=2)
    assert rule["times"] == 2 and admin.faults() == [rule]
    calls = [httpx.post(base_url + "/fetch_order_status", json={"order_ids": [1]}, headers=AUTH) for _ in range(3)]
    other = httpx.post(base_url + "/update_order", json={"order_id": 2468, "update_command": "hold"}, headers=AUTH)
    assert [(r.status_code, r.headers.get("retry-after")) for r in calls] == [(503, "2"), (503, "2"), (200, None)]
    assert calls[0].json() == {"Message": "The service is temporarily unavailable. Try again later."}
    assert other.status_code == 200  # another operation is not affected
    assert admin.faults() == []  # used up
    assert [record["fault"] for record in admin.requests()] == [True, True, False, False]


def test_per_request_faults_follow_prisms_prefer_header(running: tuple[str, MockAdmin]) -> None:
    base_url, _ = running
    body = {"order_ids": [1]}
    limited = httpx.post(base_url + "/fetch_order_status", json=body, headers={**AUTH, "prefer": "code=429"})
    assert (limited.status_code, limited.headers["retry-after"]) == (429, "2")  # the documented example
    failed = httpx.post(base_url + "/fetch_order_status", json=body, headers={**AUTH, "Prefer": "code=500"})
    assert failed.status_code == 500 and failed.json() == {"Message": "An error has occurred."}
    undocumented = httpx.post(base_url + "/fetch_order_status", json=body, headers={**AUTH, "prefer": "code=409"})
    assert undocumented.status_code == 400 and "409 is not a documented response" in undocumented.text
    start = time.monotonic()
    slow = httpx.post(base_url + "/fetch_order_status", json=body, headers={**AUTH, "mock-delay": "0.3"})
    assert slow.status_code == 200 and time.monotonic() - start >= 0.3


@pytest.mark.parametrize(
    ("rule", "fragment"),
    [
        ({"operation_id": "createOrder", "status": 503}, "not one of updateOrder"),
        ({"operation_id": "fetchOrderStatus", "status": 404}, "404 is not a documented response of fetchOrderStatus"),
        ({"status": 409}, "not a documented response of fetchOrderStatus"),  # any operation: all must document it
        ({"delay": 500}, "request.delay"),
        ({"times": 0}, "request.times"),
    ],
)
def test_bad_rules_are_refused(running: tuple[str, MockAdmin], rule: dict[str, Any], fragment: str) -> None:
    _, admin = running
    with pytest.raises(MockAdminError, match=fragment):
        admin.add_fault(**rule)
    assert admin.faults() == []


def test_finerworks_client_retries_a_busy_server_after_retry_after(running: tuple[str, MockAdmin]) -> None:
    base_url, admin = running
    admin.add_fault("fetchOrderStatus", times=2, status=503, retry_after=2)
    waits: list[float] = []
    with client_for(base_url, retry_policy=RetryPolicy(sleep=waits.append)) as client:
        assert fetch(client, 123456)[0].order_status_label == "Shipped"
    assert waits == [2.0, 2.0]
    assert [record["status"] for record in admin.requests()] == [503, 503, 200]


def test_finerworks_client_gives_up_as_documented(running: tuple[str, MockAdmin]) -> None:
    base_url, admin = running
    waits: list[float] = []
    with client_for(base_url, retry_policy=RetryPolicy(sleep=waits.append, jitter=lambda: 1.0)) as client:
        admin.add_fault("fetchOrderStatus", status=429, retry_after=3600)
        with pytest.raises(RateLimitError):  # a wait over a minute is not retried
            fetch(client, 123456)
        admin.clear_faults()
        admin.add_fault("fetchOrderStatus", status=500, times=1)
        with pytest.raises(ServerError):  # 500 is never retried
            fetch(client, 123456)
        admin.add_fault("fetchOrderStatus", close=True)
        with pytest.raises(APIConnectionError):  # dropped connections are retried, then raised
            fetch(client, 123456)
        admin.clear_faults()
    assert waits == [0.5, 1.0]
    assert [record["status"] for record in admin.requests()] == [429, 500, 0, 0, 0]


def test_a_slow_answer_times_the_client_out(running: tuple[str, MockAdmin]) -> None:
    base_url, admin = running
    admin.add_fault("fetchOrderStatus", delay=2)
    with client_for(base_url, timeout=0.3, max_retries=0) as client, pytest.raises(APITimeoutError):
        fetch(client, 123456)


# The pytest plugin and the package -----------------------------------------------------------


def test_the_plugin_yields_a_reset_sandbox(finerworks_sandbox: Sandbox) -> None:
    assert finerworks_sandbox.base_url.endswith("/v3")
    assert finerworks_sandbox.admin.requests() == [] and finerworks_sandbox.admin.faults() == []
    finerworks_sandbox.admin.advance(1234567)  # the next test starts from the fixtures again
    assert fetch(finerworks_sandbox.client, 1234567)[0].order_status_label == "In Production"


def test_the_plugin_resets_between_tests(finerworks_sandbox: Sandbox) -> None:
    assert fetch(finerworks_sandbox.client, 1234567)[0].order_status_label == "Order Received"


def test_the_command_line_warns_when_not_on_loopback(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """--host: any address; not loopback, a warning (the test binds loopback all the same)."""
    import uvicorn
    from finerworks_mock import cli

    bound: list[str] = []
    real_listen = cli.listen
    monkeypatch.setattr(cli, "listen", lambda port, host: bound.append(host) or real_listen(port))
    monkeypatch.setattr(uvicorn.Server, "run", lambda self, sockets: None)
    assert cli.main(["--host", "0.0.0.0", "--port", "0"]) == 0
    out, err = capsys.readouterr()
    assert bound == ["0.0.0.0"] and out.startswith("FinerWorks mock: http://0.0.0.0:")
    assert "warning: listening on 0.0.0.0, not loopback" in err and "--admin-token" in err
    assert cli.main(["--port", "0"]) == 0
    assert "warning" not in capsys.readouterr().err


def test_json_media_type_aliases_of_the_spec_are_accepted(tmp_path: Path) -> None:
    """`x-json-media-type-aliases: [text/json]` in openapi.yaml makes the mock take text/json bodies
    as JSON, refusing a bad one the same way."""
    from finerworks_mock.spec import SPEC_PATH, Spec

    document = SPEC_PATH.read_text(encoding="utf-8") + "x-json-media-type-aliases: [text/json]\n"
    (tmp_path / "openapi.yaml").write_text(document, encoding="utf-8")
    app = create_app(spec=Spec(tmp_path / "openapi.yaml"))
    with serve(app) as root:
        url = root + "/v3/update_order"
        good = httpx.post(
            url,
            content=b'{"order_id": 2468, "update_command": "hold"}',
            headers={**AUTH, "content-type": "text/json; charset=utf-8"},
        )
        bad = httpx.post(url, content=b'{"order_id": 0}', headers={**AUTH, "content-type": "text/json"})
        empty = httpx.post(url, content=b"", headers={**AUTH, "content-type": "text/json"})
        plain = httpx.post(url, content=b"{}", headers={**AUTH, "content-type": "text/plain"})
    assert good.status_code == 200 and app.store.order(2468)["submission_status"] == "hold"
    assert bad.status_code == 400 and "request.order_id" in bad.json()["ModelState"]
    assert empty.status_code == 400 and "body is required" in empty.text
    assert plain.status_code == 415
