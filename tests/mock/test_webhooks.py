"""The mock's order-status webhooks: what it sends (the order as fetchOrderStatus returns it, as
parse_order_status reads it back), when (each production-status change and shipment, within a
second, in order), and that a dead, failing or slow receiver never slows the mock."""

from __future__ import annotations

import contextlib
import json
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from finerworks_client import FinerWorksClient
from finerworks_client.webhooks import parse_order_status
from finerworks_mock import MockAdmin, MockAdminError, create_app
from finerworks_mock.app import DEFAULT_FIXTURES, MockApp
from finerworks_mock.pytest_plugin import Sandbox
from finerworks_mock.spec import ADMIN_SPEC_PATH, Spec
from finerworks_mock.webhooks import SHAPES, WebhookReceiver, Webhooks, redact

from tests.support import KEYS, serve

ORDER = 5550001
SHIPMENT = {"tracking_number": "1Z999AA10123456784", "shipment_date": "2026-02-03T10:00:00Z"}


@pytest.fixture
def receiver() -> Iterator[WebhookReceiver]:
    with WebhookReceiver() as receiver:
        yield receiver


@contextlib.contextmanager
def running(app: MockApp) -> Iterator[tuple[str, MockAdmin]]:
    """The app on a socket: (root URL, its MockAdmin)."""
    with serve(app) as root, MockAdmin(root) as admin:
        yield root, admin


def fast_app(spec: Spec, **options: Any) -> MockApp:
    """A mock whose webhooks give up quickly: 0.3 s per attempt, 0.05 s between attempts."""
    app = create_app(keys=KEYS, spec=spec)
    app.webhooks = Webhooks(timeout=0.3, retry_delays=(0.05,), **options)
    return app


def client_for(root: str) -> FinerWorksClient:
    return FinerWorksClient(web_api_key=KEYS[0], app_key=KEYS[1], base_url=root + "/v3", max_retries=0)


def test_each_change_is_posted_within_a_second_as_the_order_now_is(app: MockApp, receiver: WebhookReceiver) -> None:
    with running(app) as (root, admin), client_for(root) as client:
        admin.create_order(ORDER, "PO_HOOK", webhook_order_status_url=receiver.url + "?key=s3cret")
        seen = []
        for n, change in enumerate([lambda: admin.advance(ORDER), lambda: admin.advance(ORDER), None]):
            started = time.monotonic()
            if change is None:
                admin.add_shipment(ORDER, **SHIPMENT)
            else:
                change()
            call = receiver.wait(n + 1, timeout=1.0)[n]  # within a second of the change
            assert time.monotonic() - started < 1.0
            orders = client.orders.fetch_status(order_ids=[ORDER]).orders
            assert orders is not None
            (now,) = orders
            (sent,) = parse_order_status(call.body)
            assert sent.to_dict() == now.to_dict()  # the order as fetchOrderStatus shows it
            assert call.path == "/finerworks/status?key=s3cret"  # the URL as given, secret and all
            assert call.headers["content-type"] == "application/json"
            seen.append(sent.order_status_label)
    assert seen == ["In Production", "Shipped", "Shipped"]
    shipments = parse_order_status(receiver.received[-1].body)[0].shipments
    assert shipments and shipments[0].tracking_number == SHIPMENT["tracking_number"]


def test_deliveries_are_listed_with_the_url_redacted(app: MockApp, receiver: WebhookReceiver) -> None:
    url = receiver.url.replace("http://", "http://user:pa55@") + "?order=7&key=s3cret"
    with running(app) as (_root, admin):
        admin.create_order(ORDER, "PO_HOOK", webhook_order_status_url=url)
        admin.advance(ORDER)
        admin.add_shipment(ORDER, **SHIPMENT)
        deliveries = admin.wait_for_webhooks(2)
        listing = admin.http.get("/webhooks", params={"limit": 1}).json()
    assert [d["event"] for d in deliveries] == ["production_status", "shipment"]
    assert [d["id"] for d in deliveries] == [1, 2]
    for delivery in deliveries:
        assert delivery["status"] == "delivered" and delivery["attempts"] == 1
        assert delivery["response_status"] == 200 and delivery["error"] is None
        assert delivery["order_id"] == ORDER
        assert (
            delivery["url"]
            == receiver.url.replace("http://", "http://[redacted]@") + "?order=[redacted]&key=[redacted]"
        )
        assert delivery["body"] == json.loads(receiver.received[delivery["id"] - 1].body)
    assert "s3cret" not in json.dumps(deliveries) and "pa55" not in json.dumps(deliveries)
    assert [d["id"] for d in listing["deliveries"]] == [2]  # limit: the most recent
    assert Spec(ADMIN_SPEC_PATH).validator("WebhookDeliveryList").is_valid({"deliveries": deliveries})


def test_changes_reach_the_receiver_in_the_order_they_were_made(app: MockApp, receiver: WebhookReceiver) -> None:
    receiver.delay = 0.02  # so that later calls are made while earlier ones are still being sent
    with running(app) as (_root, admin):
        admin.create_order(ORDER, "PO_HOOK", webhook_order_status_url=receiver.url)
        admin.advance(ORDER)
        for n in range(8):
            admin.add_shipment(ORDER, tracking_number=f"T{n}")
        admin.advance(ORDER)
        calls = receiver.wait(10)
    bodies = [parse_order_status(call.body)[0] for call in calls]
    assert [len(order.shipments or []) for order in bodies] == [0, 1, 2, 3, 4, 5, 6, 7, 8, 8]
    assert [order.order_status_label for order in bodies] == ["In Production"] * 9 + ["Shipped"]


def test_no_call_without_a_change_or_without_a_url(app: MockApp, receiver: WebhookReceiver) -> None:
    with running(app) as (_root, admin):
        admin.create_order(ORDER, "PO_HOOK", webhook_order_status_url=receiver.url)
        admin.set_production_status(ORDER, 5)
        admin.set_production_status(ORDER, 5)  # the same status again: nothing changed
        with pytest.raises(MockAdminError):
            admin.set_production_status(ORDER, 99)  # refused: nothing changed
        admin.advance(1234567)  # an order of the fixtures, without a URL, and no default URL
        admin.wait_for_webhooks(1)
        time.sleep(0.2)
        assert [d["order_id"] for d in admin.webhook_deliveries()] == [ORDER]
    assert len(receiver.received) == 1


def test_the_default_url_serves_orders_without_their_own(spec: Spec, receiver: WebhookReceiver) -> None:
    app = create_app(keys=KEYS, spec=spec, webhook_url=receiver.url + "?key=default")
    with WebhookReceiver() as own, running(app) as (_root, admin):
        admin.advance(1234567)  # a fixtures order: the default URL
        admin.create_order(ORDER, "PO_HOOK", webhook_order_status_url=own.url)
        admin.advance(ORDER)  # its own URL, not the default
        assert parse_order_status(receiver.wait(1)[0].body)[0].order_id == 1234567
        assert parse_order_status(own.wait(1)[0].body)[0].order_id == ORDER
        time.sleep(0.2)
    assert len(receiver.received) == 1 and receiver.received[0].path.endswith("?key=default")


@pytest.mark.parametrize("shape", SHAPES)
def test_each_shape_of_the_spec_can_be_sent(spec: Spec, shape: str, receiver: WebhookReceiver) -> None:
    app = create_app(keys=KEYS, spec=spec, webhook_url=receiver.url, webhook_shape=shape)
    with running(app) as (_root, admin):
        admin.advance(1234567)
        body = json.loads(receiver.wait(1)[0].body)
    assert spec.validator("OrderStatusNotification").is_valid(body)
    assert type(body) is {"order": dict, "list": list, "envelope": dict}[shape]
    assert ("orders" in body) == (shape == "envelope")
    assert parse_order_status(body)[0].order_status_label == "In Production"


def test_a_dead_receiver_fails_after_its_attempts_and_slows_nothing(spec: Spec) -> None:
    with socket.socket() as dead:  # a port where nothing listens
        dead.bind(("127.0.0.1", 0))
        url = f"http://127.0.0.1:{dead.getsockname()[1]}/hook"
    app = fast_app(spec)
    with running(app) as (root, admin), client_for(root) as client:
        admin.create_order(ORDER, "PO_HOOK", webhook_order_status_url=url)
        started = time.monotonic()
        admin.advance(ORDER)
        admin.add_shipment(ORDER, **SHIPMENT)
        client.orders.fetch_status(order_ids=[ORDER])
        assert time.monotonic() - started < 0.5
        deliveries = admin.wait_for_webhooks(2)
    for delivery in deliveries:
        assert delivery["status"] == "failed" and delivery["attempts"] == 3
        assert delivery["response_status"] is None
        assert delivery["error"] is not None and "ConnectError" in delivery["error"]


def test_a_failing_receiver_is_tried_three_times(spec: Spec, receiver: WebhookReceiver) -> None:
    receiver.status = 500
    with running(fast_app(spec)) as (_root, admin):
        admin.create_order(ORDER, "PO_HOOK", webhook_order_status_url=receiver.url)
        admin.advance(ORDER)
        (delivery,) = admin.wait_for_webhooks(1)
    assert delivery["status"] == "failed" and delivery["attempts"] == 3
    assert delivery["response_status"] == 500 and delivery["error"] == "the receiver answered 500"
    assert len(receiver.received) == 3 and len({call.body for call in receiver.received}) == 1


def test_a_slow_receiver_times_out_and_holds_up_neither_the_mock_nor_other_orders(
    spec: Spec, receiver: WebhookReceiver
) -> None:
    receiver.delay = 2.0  # far beyond the 0.3 s the fast mock waits
    with WebhookReceiver() as quick, running(fast_app(spec)) as (root, admin), client_for(root) as client:
        admin.create_order(ORDER, "PO_SLOW", webhook_order_status_url=receiver.url)
        admin.create_order(ORDER + 1, "PO_QUICK", webhook_order_status_url=quick.url)
        started = time.monotonic()
        admin.advance(ORDER)
        admin.advance(ORDER + 1)
        client.orders.fetch_status(order_ids=[ORDER, ORDER + 1])
        assert time.monotonic() - started < 0.5  # the API and the admin API answered at once
        quick.wait(1, timeout=0.5)  # another order's call is not queued behind the slow one
        deliveries = {d["order_id"]: d for d in admin.wait_for_webhooks(2, timeout=5)}
    assert deliveries[ORDER + 1]["status"] == "delivered"
    slow = deliveries[ORDER]
    assert slow["status"] == "failed" and slow["attempts"] == 3 and slow["error"] == "no answer within 0.3 s"


def test_a_reset_forgets_the_deliveries(app: MockApp, receiver: WebhookReceiver) -> None:
    with running(app) as (_root, admin):
        admin.create_order(ORDER, "PO_HOOK", webhook_order_status_url=receiver.url)
        admin.advance(ORDER)
        admin.wait_for_webhooks(1)
        admin.reset()
        assert admin.webhook_deliveries() == []


@pytest.mark.parametrize(
    "url",
    ["ftp://example.com/hook", "/relative/hook", "http://", "http://host name/", "x" * 10, "http://h/" + "a" * 2048],
)
def test_an_order_with_a_url_the_mock_cannot_call_is_refused(app: MockApp, url: str) -> None:
    with running(app) as (_root, admin), pytest.raises(MockAdminError) as refused:
        admin.create_order(ORDER, "PO_HOOK", webhook_order_status_url=url)
    assert refused.value.status == 400 and "webhook_order_status_url" in refused.value.message


def test_fixtures_and_state_carry_the_url(spec: Spec, tmp_path: Path, receiver: WebhookReceiver) -> None:
    fixtures = yaml.safe_load(DEFAULT_FIXTURES.read_text(encoding="utf-8"))
    fixtures["orders"][3]["webhook_order_status_url"] = receiver.url  # order 1234567
    path = tmp_path / "fixtures.yaml"
    path.write_text(yaml.safe_dump(fixtures))
    with running(create_app(path, KEYS, spec)) as (_root, admin):
        assert admin.order(1234567)["webhook_order_status_url"] == receiver.url
        admin.advance(1234567)
        assert parse_order_status(receiver.wait(1)[0].body)[0].order_id == 1234567


def test_redaction_of_urls() -> None:
    assert (
        redact("https://shop.example/hook?key=s&order=1#frag")
        == "https://shop.example/hook?key=[redacted]&order=[redacted]"
    )
    assert redact("http://u:p@127.0.0.1:8/h") == "http://[redacted]@127.0.0.1:8/h"
    assert redact("http://127.0.0.1:8/h") == "http://127.0.0.1:8/h"


def test_the_command_line_takes_a_default_url(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import uvicorn
    from finerworks_mock import cli

    made: list[MockApp] = []

    def recording(*args: Any, **kwargs: Any) -> MockApp:
        made.append(create_app(*args, **kwargs))  # the function cli imported: finerworks_mock's create_app
        return made[-1]

    monkeypatch.setattr(cli, "create_app", recording)
    monkeypatch.setattr(uvicorn.Server, "run", lambda self, sockets: None)
    assert (
        cli.main(["--port", "0", "--webhook-url", "https://shop.example/hook?key=s3cret", "--webhook-shape", "list"])
        == 0
    )
    assert made[0].webhooks.default_url == "https://shop.example/hook?key=s3cret" and made[0].webhooks.shape == "list"
    out = capsys.readouterr().out
    assert "https://shop.example/hook?key=[redacted]" in out and "s3cret" not in out
    with pytest.raises(SystemExit) as refused:
        cli.main(["--port", "0", "--webhook-url", "ftp://shop.example/hook"])
    assert refused.value.code == 2 and "--webhook-url" in capsys.readouterr().err


def test_the_plugins_receiver_gets_the_sandboxs_calls(
    finerworks_sandbox: Sandbox, finerworks_webhook_receiver: WebhookReceiver
) -> None:
    admin = finerworks_sandbox.admin
    admin.create_order(ORDER, "PO_HOOK", webhook_order_status_url=finerworks_webhook_receiver.url)
    admin.advance(ORDER)
    (call,) = finerworks_webhook_receiver.wait(1)
    assert parse_order_status(call.body)[0].order_status_label == "In Production"
    assert finerworks_webhook_receiver.url.startswith("http://127.0.0.1:")


def test_the_plugins_ini_setting_gives_the_sandbox_a_default_url(tmp_path: Path, receiver: WebhookReceiver) -> None:
    """finerworks_mock_webhook_url in a user's pytest ini: the sandbox's orders without a URL of their
    own post there (a pytest run of its own, as a user's project runs the plugin)."""
    (tmp_path / "pytest.ini").write_text(f"[pytest]\nfinerworks_mock_webhook_url = {receiver.url}?key=ini\n")
    (tmp_path / "test_user.py").write_text(
        "def test_advance(finerworks_sandbox):\n"
        "    finerworks_sandbox.admin.advance(1234567)\n"
        "    (delivery,) = finerworks_sandbox.admin.wait_for_webhooks(1)\n"
        "    assert delivery['status'] == 'delivered', delivery\n"
    )
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", str(tmp_path)],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    (call,) = receiver.received
    assert call.path.endswith("?key=ini") and parse_order_status(call.body)[0].order_id == 1234567
