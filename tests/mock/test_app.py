"""The FinerWorks API of the mock (app.py): no body makes it answer 5xx, the request log is bounded in
bytes and listed off the event loop, and a reset makes the requests still in flight stale."""

from __future__ import annotations

import json
import threading
import time

import httpx
import pytest
from finerworks_mock import MockAdmin
from finerworks_mock.app import LOG_BODY_BYTES, REQUEST_LOG_BYTES, MockApp, RequestLog
from finerworks_mock.wire import MAX_DEPTH

from tests.support import AUTH, serve

JSON = {**AUTH, "content-type": "application/json"}

# A whole U.S. address, as FinerWorks' address model asks (openapi.yaml's Address), as JSON members.
US_ADDRESS = (
    b'"first_name": "Ada", "last_name": "Lovelace", "address_1": "1 Main St", "state_code": "TX", '
    b'"zip_postal_code": "75001", "country_code": "us"'
)


def wait_until_delayed(app: MockApp) -> None:
    """Until a request waits on its Mock-Delay in app (a loaded machine may take a while to get there)."""
    deadline = time.monotonic() + 10
    while not app._waiting:
        assert time.monotonic() < deadline, "the delayed request never arrived"
        time.sleep(0.01)


@pytest.mark.parametrize("depth", [MAX_DEPTH, 500, 560, 600, 990, 5000])
def test_deep_nesting_in_an_open_member_is_a_400_naming_the_field(app: MockApp, depth: int) -> None:
    """Was: an extra member of customer_info nested 500-600 arrays deep answered 500 (RecursionError
    in a deepcopy); 480 gave 200, 990 a proper 400."""
    before = app.store.order(12345)
    body = (
        b'{"order_id": 12345, "customer_info": {"first_name": "Ada", "country_code": "us", "extra": '
        + b"[" * depth
        + b"]" * depth
        + b"}}"
    )
    with serve(app) as root:
        response = httpx.put(root + "/v3/update_customer", content=body, headers=JSON)
        state = httpx.get(root + "/_mock/state")
    assert response.status_code == 400, response.text
    [(field, [message])] = response.json()["ModelState"].items()
    assert f"nested deeper than {MAX_DEPTH} levels" in message
    if depth < 900:  # deeper, json's own parser stops (RecursionError) before any field is known
        assert field.startswith("request.customer_info.extra[0]")
    assert state.status_code == 200 and app.store.order(12345) == before


def test_nesting_up_to_the_limit_is_accepted(app: MockApp) -> None:
    depth = MAX_DEPTH - 3  # the body, customer_info and extra are three levels
    body = b'{"order_id": 12345, "customer_info": {' + US_ADDRESS + b', "extra": ' + b"[" * depth + b"]" * depth + b"}}"
    with serve(app) as root:
        response = httpx.put(root + "/v3/update_customer", content=body, headers=JSON)
        state = httpx.get(root + "/_mock/state")
    assert response.status_code == 200, response.text
    assert state.status_code == 200


def test_the_request_log_is_bounded_in_bytes(app: MockApp) -> None:
    """Was: capped by count only: 1,000 requests with 16 KB bodies and 30 KB of headers took the
    mock from 64 MB to 952 MB."""
    headers = {**JSON, **{f"x-h{n}": "v" * 1000 for n in range(28)}}
    customer = {**json.loads(b"{" + US_ADDRESS + b"}"), "note": "n" * (LOG_BODY_BYTES - 250)}
    body = json.dumps({"order_id": 12345, "customer_info": customer}).encode()
    assert LOG_BODY_BYTES - 150 < len(body) <= LOG_BODY_BYTES
    with serve(app) as root, httpx.Client(base_url=root, headers=headers) as client:
        for _ in range(200):
            assert client.put("/v3/update_customer", content=body).status_code == 200
        listed = httpx.get(root + "/_mock/requests", params={"limit": 1000}).json()["requests"]
    each = len(body) + 28 * 1000
    assert app.log.size <= REQUEST_LOG_BYTES
    assert REQUEST_LOG_BYTES // each - 5 <= len(listed) < 200  # the oldest went first
    assert listed[-1]["body"] == {"order_id": 12345, "customer_info": customer}


def test_the_log_forgets_the_oldest_entries_first() -> None:
    log = RequestLog(max_entries=100, max_bytes=10_000)
    scope = {"method": "POST", "path": "/v3/x", "headers": [(b"x-big", b"v" * 1000)]}
    from finerworks_mock.app import Seen

    for n in range(50):
        log.add(scope, Seen(operation_id=str(n)), 200)
    assert log.size <= 10_000
    kept = [entry["operation_id"] for entry in log.listing(log.last(100))["requests"]]
    assert kept == [str(n) for n in range(50 - len(kept), 50)] and 5 <= len(kept) < 10
    log.clear()
    assert log.size == 0 and log.last(100) == []


def test_the_log_is_listed_off_the_event_loop(app: MockApp, monkeypatch: pytest.MonkeyPatch) -> None:
    """Was: listing a full log ran on the event loop and stalled every other request for 2 s."""
    threads: list[str] = []
    listing = RequestLog.listing

    def watched(entries: list[tuple[object, ...]]) -> dict[str, object]:
        threads.append(threading.current_thread().name)
        return listing(entries)

    monkeypatch.setattr(RequestLog, "listing", staticmethod(watched))
    with serve(app) as root:
        httpx.post(root + "/v3/fetch_order_status", json={"order_ids": [1]}, headers=AUTH)
        loop_thread = httpx.get(root + "/_mock/requests")
    assert loop_thread.status_code == 200 and len(loop_thread.json()["requests"]) == 1
    assert threads and threads[0].startswith("AnyIO worker thread")


def test_a_request_in_flight_at_a_reset_changes_neither_the_new_state_nor_its_log(app: MockApp) -> None:
    """Was: a request delayed by Mock-Delay, whose client had given up, landed after the next
    test's reset and changed its state and log."""
    answers: list[httpx.Response] = []
    with serve(app) as root, MockAdmin(root) as admin:
        before = admin.order(12345)["submission_status"]
        delayed = threading.Thread(
            target=lambda: answers.append(
                httpx.post(
                    root + "/v3/update_order",
                    json={"order_id": 12345, "update_command": "hold" if before != "hold" else "pending"},
                    headers={**AUTH, "mock-delay": "1"},
                    timeout=10,
                )
            )
        )
        delayed.start()
        wait_until_delayed(app)
        started = time.monotonic()
        admin.reset()
        delayed.join(10)
        elapsed = time.monotonic() - started
        time.sleep(0.9)  # past the delay
        after = admin.order(12345)["submission_status"]
        log = admin.requests()
    assert after == before
    assert log == []
    [answer] = answers
    assert answer.status_code == 503 and "reset" in answer.json()["Message"]
    assert elapsed < 0.6  # the reset cut the delay short


def test_a_reset_from_any_thread_wakes_delayed_requests_on_any_loop(app: MockApp) -> None:
    """The same app served twice (two event loops, as a test suite may do), reset from the test's own thread."""
    for _ in range(2):
        answers: list[httpx.Response] = []
        with serve(app) as root:
            call = threading.Thread(
                target=lambda root=root, answers=answers: answers.append(
                    httpx.post(
                        root + "/v3/fetch_order_status",
                        json={"order_ids": [123456]},
                        headers={**AUTH, "mock-delay": "5"},
                        timeout=10,
                    )
                )
            )
            call.start()
            wait_until_delayed(app)
            started = time.monotonic()
            app.reset()
            call.join(10)
            assert time.monotonic() - started < 2
        [answer] = answers
        assert answer.status_code == 503


def test_a_missing_member_is_named_once(app: MockApp) -> None:
    """The address's rules reach a member along several schema branches (the member's own schema,
    the if/then/else of state_code): ModelState says each message once, as ASP.NET does."""
    address = json.loads(b"{" + US_ADDRESS + b"}")
    del address["first_name"]
    with serve(app) as root:
        response = httpx.put(
            root + "/v3/update_customer", json={"order_id": 12345, "customer_info": address}, headers=AUTH
        )
    assert response.status_code == 400
    assert response.json()["ModelState"] == {"request.customer_info.first_name": ["The first_name field is required."]}
