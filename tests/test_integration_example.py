"""The README's "Testing your integration" example, verbatim (tests/test_readme.py checks they match)."""

from collections.abc import Callable

from finerworks_client import FinerWorksClient
from finerworks_client.webhooks import parse_order_status
from finerworks_mock.pytest_plugin import Sandbox
from finerworks_mock.webhooks import WebhookReceiver


# Your integration's code: wait until FinerWorks ships an order, then return its tracking number
# (polling every ten minutes: the safety net, should a status webhook not arrive).
def wait_for_tracking(
    client: FinerWorksClient, order_id: int, sleep: Callable[[float], object], every: float = 600.0
) -> str:
    while True:
        status = client.orders.fetch_status(order_ids=[order_id])
        shipments = status.orders[0].shipments if status.orders else None  # null until it ships
        if shipments and shipments[0].tracking_number:
            return shipments[0].tracking_number
        sleep(every)


# Its tests, against the sandbox (the finerworks_sandbox fixture of finerworks-mock's pytest plugin).
def test_polling_returns_the_tracking_number_once_the_order_ships(finerworks_sandbox: Sandbox) -> None:
    admin = finerworks_sandbox.admin
    admin.create_order(5550001, "PO_MINE")

    def ship() -> None:
        admin.advance(5550001)  # Shipped
        admin.add_shipment(5550001, tracking_number="1Z999AA10123456784", shipment_date="2026-02-03T10:00:00Z")

    # Nothing in the sandbox changes on its own: each "sleep" of the poller moves the order on.
    steps = iter([lambda: admin.advance(5550001), ship])  # to In Production, then shipped
    tracking = wait_for_tracking(finerworks_sandbox.client, 5550001, sleep=lambda seconds: next(steps)())
    assert tracking == "1Z999AA10123456784"
    assert [request["operation_id"] for request in admin.requests()] == ["fetchOrderStatus"] * 3


def test_polling_survives_a_busy_finerworks(finerworks_sandbox: Sandbox) -> None:
    admin = finerworks_sandbox.admin
    # FinerWorks is busy: the next two status requests are answered 503 with Retry-After: 1.
    admin.add_fault("fetchOrderStatus", times=2, status=503, retry_after=1)
    tracking = wait_for_tracking(finerworks_sandbox.client, 123456, sleep=lambda seconds: None)
    assert tracking == "1HYZ1234567890"  # FinerWorksClient retried twice, waiting 1 s each time
    assert [request["status"] for request in admin.requests()] == [503, 503, 200]


# With a status webhook, FinerWorks calls your handler instead (README: Receiving status webhooks).
# The sandbox makes the same calls; the finerworks_webhook_receiver fixture receives them locally.
def test_each_status_change_is_posted_to_the_webhook(
    finerworks_sandbox: Sandbox, finerworks_webhook_receiver: WebhookReceiver
) -> None:
    admin = finerworks_sandbox.admin
    admin.create_order(5550001, "PO_MINE", webhook_order_status_url=finerworks_webhook_receiver.url)
    admin.advance(5550001)  # In Production
    admin.advance(5550001)  # Shipped
    admin.add_shipment(5550001, tracking_number="1Z999AA10123456784")
    calls = finerworks_webhook_receiver.wait(3)  # sent in the background: wait for them
    orders = [order for call in calls for order in parse_order_status(call.body)]
    assert [(order.order_id, order.order_status_label) for order in orders] == [
        (5550001, "In Production"),
        (5550001, "Shipped"),
        (5550001, "Shipped"),
    ]
    shipments = orders[-1].shipments
    assert shipments and shipments[0].tracking_number == "1Z999AA10123456784"
