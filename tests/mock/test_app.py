"""The FinerWorks API of the mock (app.py): no body makes it answer 5xx, the request log is bounded in
bytes and listed off the event loop, and a reset makes the requests still in flight stale."""

from __future__ import annotations

import asyncio
import copy
import datetime
import json
import threading
import time
from pathlib import Path
from typing import Any

import httpx
import pytest
import yaml
from finerworks_mock import MockAdmin, create_app
from finerworks_mock import app as app_module
from finerworks_mock.app import (
    CREDENTIALS_KEY,
    CREDENTIALS_REFUSED,
    DEFAULT_FIXTURES,
    ENTRY_BYTES,
    HANDLERS,
    LOG_BODY_BYTES,
    MAX_BODY_BYTES,
    REQUEST_LOG_BYTES,
    RESET_DURING_REQUEST,
    SHUTTING_DOWN,
    MockApp,
    RequestLog,
    Seen,
    envelope,
)
from finerworks_mock.faults import MAX_DELAY
from finerworks_mock.spec import SPEC_PATH, Spec
from finerworks_mock.store import OrderStore, StateSchema
from finerworks_mock.wire import CLOSE_EXTENSION, INVALID, MAX_DEPTH, OFFLOAD_BYTES, STOPPING_EXTENSION
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from tests.support import AUTH, KEYS, serve

JSON = {**AUTH, "content-type": "application/json"}

# A whole U.S. address, as FinerWorks' address model asks (openapi.yaml's Address), as JSON members.
US_ADDRESS = (
    b'"first_name": "Ada", "last_name": "Lovelace", "address_1": "1 Main St", "state_code": "TX", '
    b'"zip_postal_code": "75001", "country_code": "us"'
)


FIXTURES = yaml.safe_load(DEFAULT_FIXTURES.read_text())


@pytest.fixture(scope="module")
def schema() -> StateSchema:
    return StateSchema()


@pytest.fixture
def app(spec: Spec, schema: StateSchema) -> MockApp:
    """conftest's mock (default fixtures, the KEYS pair), with admin.yaml loaded once for the file: a
    mutant runs these tests again and again."""
    return MockApp(OrderStore(copy.deepcopy(FIXTURES), spec, schema), spec, KEYS)


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


CUSTOMER = {"first_name": "Ada", "last_name": "L", "address_1": "1 Rue", "zip_postal_code": "1", "country_code": "fr"}


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


# --- the app in-process (httpx.ASGITransport): each step of a request, on the smallest case -------------
#
# No server and no socket: a plain ASGI server gives no `extensions`, and the tests that need the
# mock server's (close a connection, stop) pass their own (with_extensions).

FETCH = {"order_ids": [123456]}
NOT_JSON = "The body is not valid JSON: Expecting property name enclosed in double quotes: line 1 column 2 (char 1)."


def client(asgi: ASGIApp, root: str = "/v3", **headers: str) -> httpx.AsyncClient:
    transport = httpx.ASGITransport(app=asgi)
    return httpx.AsyncClient(transport=transport, base_url="http://127.0.0.1" + root, headers={**AUTH, **headers})


def with_extensions(app: MockApp, **extensions: object) -> ASGIApp:
    """app served by a server that offers these scope extensions (as server.serve does)."""

    async def served(scope: Scope, receive: Receive, send: Send) -> None:
        await app({**scope, "extensions": {**scope.get("extensions", {}), **extensions}}, receive, send)

    return served


async def call(
    app: MockApp, path: str, body: bytes | None = b'{"order_ids": [123456]}', extensions: dict[str, Any] | None = None
) -> list[Message]:
    """What app sends for a POST with this body (None: the client leaves before sending it), called
    directly, as an ASGI server would."""
    sent: list[Message] = []
    messages: list[Message] = [] if body is None else [{"type": "http.request", "body": body}]

    async def receive() -> Message:
        return messages.pop(0) if messages else {"type": "http.disconnect"}

    async def send(message: Message) -> None:
        sent.append(message)

    headers = [(b"content-type", b"application/json"), *((k.encode(), v.encode()) for k, v in AUTH.items())]
    scope = {"type": "http", "method": "POST", "path": path, "headers": headers, "query_string": b""}
    await app({**scope, "extensions": extensions} if extensions is not None else scope, receive, send)
    return sent


def records(app: MockApp) -> list[dict[str, Any]]:
    return list(RequestLog.listing(app.log.last(1000))["requests"])


def refusal(response: httpx.Response) -> tuple[int, dict[str, Any]]:
    return response.status_code, response.json()


async def test_each_operation_answers_from_the_state(app: MockApp) -> None:
    async with client(app) as api:
        fetched = await api.post("/fetch_order_status", json={"order_ids": [123456], "order_pos": ["PO_0003"]})
        held = await api.put("/update_order", json={"order_id": 2468, "update_command": "hold"})
        customer = {
            "first_name": "Ada",
            "last_name": "L",
            "address_1": "1 Rue",
            "zip_postal_code": "1",
            "country_code": "fr",
        }
        moved = await api.put("/update_customer", json={"order_id": 2468, "customer_info": customer})
        deleted = await api.post("/delete_pending_orders", json={"ids": [1, 2, 99], "account_key": "x"})
    assert fetched.status_code == 200 and fetched.headers["content-type"] == "application/json"
    assert fetched.json()["status"] == {"success": True, "status_code": 200, "message": "", "debug": None}
    assert [order["order_id"] for order in fetched.json()["orders"]] == [123456, 1234567]
    assert held.status_code == 200 and held.json() == {
        "success": True,
        "status_code": 200,
        "message": "",
        "debug": None,
    }
    assert app.store.order(2468)["submission_status"] == "hold"
    assert moved.status_code == 200 and app.store.order(2468)["customer"]["first_name"] == "Ada"
    answer = moved.json()
    assert answer["success"] is True and answer["status_code"] == 200 and len(answer["reference_id"]) == 32
    status = deleted.json()["status"]
    assert deleted.status_code == 200 and status["message"] == "Removed 2 pending order(s)." and status["success"]
    assert len(status["reference_id"]) == 32 and status["reference_id"] != answer["reference_id"]
    assert app.store.snapshot()["pending_orders"] == [3, 4, 5]


async def test_a_refusal_is_the_status_envelope_with_the_stores_reason(app: MockApp) -> None:
    async with client(app) as api:
        missing = await api.put("/update_order", json={"order_id": 999, "update_command": "hold"})
        frozen = await api.put("/update_order", json={"order_id": 123457, "update_command": "hold"})
    assert refusal(missing) == (
        404,
        {"success": False, "status_code": 404, "message": "Order 999 was not found.", "debug": None},
    )
    assert frozen.status_code == 409 and frozen.json()["success"] is False and frozen.json()["status_code"] == 409
    assert "already in production" in frozen.json()["message"]


async def test_an_answer_carries_the_members_openapi_yaml_requires_as_null(
    app: MockApp, monkeypatch: pytest.MonkeyPatch
) -> None:
    """FinerWorks writes every member: one a handler leaves out is null where openapi.yaml requires
    it, so a member added to openapi.yaml needs no change of the handlers."""
    monkeypatch.setitem(HANDLERS, "updateOrder", lambda store, body: {"success": True, "status_code": 200})
    monkeypatch.setitem(HANDLERS, "fetchOrderStatus", lambda store, body: {"orders": store.fetch([2468], None)})
    monkeypatch.setattr(app_module, "envelope", lambda status, message: {"success": False, "status_code": status})
    async with client(app) as api:
        updated = await api.put("/update_order", json={"order_id": 2468, "update_command": "hold"})
        fetched = await api.post("/fetch_order_status", json=FETCH)
        again = await api.put("/update_order", json={"order_id": 2468, "update_command": "hold"})
        refused = await api.put("/update_customer", json={"order_id": 999, "customer_info": None})
    assert refusal(refused) == (404, {"success": False, "status_code": 404, "message": None})
    assert updated.json() == again.json() == {"success": True, "status_code": 200, "message": None}
    assert list(fetched.json()) == ["orders"] and [o["order_id"] for o in fetched.json()["orders"]] == [2468]


@pytest.mark.parametrize("method", ["PUT", "POST"])
async def test_every_accepted_method_is_the_same_operation(app: MockApp, method: str) -> None:
    async with client(app) as api:
        response = await api.request(method, "/update_order", json={"order_id": 2468, "update_command": "hold"})
        bad = await api.request(method, "/update_order", json={"order_id": 2468})
        bare = await api.request(method, "/update_order", headers={"web_api_key": "", "app_key": ""})
    assert response.status_code == 200 and app.store.order(2468)["submission_status"] == "hold"
    assert refusal(bad) == (
        400,
        {"Message": INVALID, "ModelState": {"request.update_command": ["The update_command field is required."]}},
    )
    assert refusal(bare) == (400, {"Message": INVALID, "ModelState": {CREDENTIALS_KEY: [CREDENTIALS_REFUSED]}})


async def test_an_unknown_path_is_404_and_another_method_405_with_allow(app: MockApp) -> None:
    async with client(app) as api:
        nowhere = await api.post("/nowhere", json=FETCH, headers={"prefer": "code=503"})
        wrong = await api.get("/fetch_order_status", headers={"prefer": "code=503"})
        deleted = await api.delete("/update_order")
    assert refusal(nowhere) == (404, {"Message": "There is no FinerWorks API operation at /v3/nowhere."})
    assert refusal(wrong) == (405, {"Message": "GET is not allowed on /v3/fetch_order_status; use POST."})
    assert wrong.headers["allow"] == "POST"
    assert deleted.status_code == 405 and deleted.headers["allow"] == "PUT, POST"
    assert deleted.json()["Message"] == "DELETE is not allowed on /v3/update_order; use PUT, POST."
    assert [(r["status"], r["fault"], r["operation_id"]) for r in records(app)] == [
        (404, False, None),
        (405, False, None),
        (405, False, None),
    ]


@pytest.mark.parametrize(
    "keys",
    [
        {},
        {"web_api_key": KEYS[0]},
        {"app_key": KEYS[1]},
        {"web_api_key": "", "app_key": KEYS[1]},
        {"web_api_key": KEYS[0], "app_key": ""},
        {"web_api_key": KEYS[0], "app_key": KEYS[0]},
        {"web_api_key": KEYS[1], "app_key": KEYS[0]},
        {"web_api_key": KEYS[0], "app_key": KEYS[1] + "x"},
        {"web_api_key": "x" + KEYS[0], "app_key": KEYS[1]},
    ],
)
async def test_keys_missing_repeated_or_not_the_configured_pair_are_refused(app: MockApp, keys: dict[str, str]) -> None:
    """Whatever else is wrong with the body (malformed here), as the live server answers."""
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://127.0.0.1/v3", headers=keys) as api:
        good = await api.post("/fetch_order_status", json=FETCH)
        malformed = await api.post("/fetch_order_status", content=b"{", headers={"content-type": "application/json"})
        missing = await api.post("/fetch_order_status")
    for response in (good, malformed, missing):
        assert refusal(response) == (400, {"Message": INVALID, "ModelState": {CREDENTIALS_KEY: [CREDENTIALS_REFUSED]}})
    assert app.store.snapshot() == create_app(keys=KEYS, spec=app.spec).store.snapshot()


@pytest.mark.parametrize("keys", [("a", "b"), ("b", "a")])
async def test_any_two_different_keys_are_accepted_when_none_are_configured(spec: Spec, keys: tuple[str, str]) -> None:
    open_app = create_app(spec=spec)
    transport = httpx.ASGITransport(app=open_app)
    headers = {"web_api_key": keys[0], "app_key": keys[1]}
    async with httpx.AsyncClient(transport=transport, base_url="http://127.0.0.1/v3", headers=headers) as api:
        assert (await api.post("/fetch_order_status", json=FETCH)).status_code == 200
        same = await api.post("/fetch_order_status", json=FETCH, headers={"app_key": keys[0]})
    assert same.status_code == 400


@pytest.mark.parametrize(
    ("content", "content_type", "expected"),
    [
        (b"", None, {"request": ["A JSON request body is required."]}),
        (b"", "application/json", {"request": ["A JSON request body is required."]}),
        (b"", "text/json", {"request": ["A JSON request body is required."]}),
        (
            b"{",
            "application/json",
            {"request": [NOT_JSON]},
        ),
        (
            b"{",
            "Text/JSON; charset=utf-8",
            {"request": [NOT_JSON]},
        ),
        (b'{"order_ids": "x"}', "text/json", {"request.order_ids": ["'x' is not of type 'array', 'null'"]}),
        (b"null", "application/json", {"request": ["None is not of type 'object'"]}),
    ],
)
async def test_a_missing_malformed_or_wrong_json_body_is_a_400_that_says_so(
    app: MockApp, content: bytes, content_type: str | None, expected: dict[str, list[str]]
) -> None:
    headers = {"content-type": content_type} if content_type else {}
    async with client(app) as api:
        response = await api.post("/fetch_order_status", content=content, headers=headers)
    assert refusal(response) == (400, {"Message": INVALID, "ModelState": expected})
    [record] = records(app)
    logged = None if content in (b"", b"{") else json.loads(content)  # the body, if it is JSON
    assert (record["status"], record["operation_id"], record["body"]) == (400, "fetchOrderStatus", logged)


@pytest.mark.parametrize("content_type", ["text/plain", "application/xml; charset=utf-8", "application/jsonx"])
async def test_a_body_in_another_media_type_is_a_415_naming_it(app: MockApp, content_type: str) -> None:
    async with client(app) as api:
        response = await api.post(
            "/fetch_order_status", content=b'{"order_ids": [1]}', headers={"content-type": content_type}
        )
    assert refusal(response) == (415, {"Message": f"Send the request body as application/json, not '{content_type}'."})


async def test_a_body_without_a_content_type_is_a_415_that_says_none_was_sent(app: MockApp) -> None:
    async with client(app) as api:
        response = await api.post("/fetch_order_status", content=b'{"order_ids": [1]}')
    assert refusal(response) == (415, {"Message": "Send the request body as application/json, not 'no content type'."})


@pytest.mark.parametrize(
    "content_type",
    [
        "application/json",
        "Application/JSON",
        "application/json;charset=utf-8",
        "TEXT/JSON ; charset=utf-8",
        " text/json",
    ],
)
async def test_json_is_read_as_json_whatever_the_case_parameters_and_alias(app: MockApp, content_type: str) -> None:
    async with client(app) as api:
        response = await api.post(
            "/fetch_order_status", content=b'{"order_ids": [123456]}', headers={"content-type": content_type}
        )
    assert response.status_code == 200 and [o["order_id"] for o in response.json()["orders"]] == [123456]
    [record] = records(app)
    assert record["body"] == {"order_ids": [123456]}


async def test_a_large_body_is_checked_like_a_small_one(app: MockApp) -> None:
    """A body over OFFLOAD_BYTES is parsed and checked in a worker thread, with the same verdicts."""
    ids = list(range(1, 1 + OFFLOAD_BYTES // 4))
    async with client(app) as api:
        good = await api.post("/fetch_order_status", json={"order_ids": [123456, *ids]})
        bad = await api.post("/fetch_order_status", json={"order_ids": ["x", *ids]})
    assert len(json.dumps(ids)) > OFFLOAD_BYTES
    assert good.status_code == 200 and [o["order_id"] for o in good.json()["orders"]] == [123456]
    assert refusal(bad) == (
        400,
        {"Message": INVALID, "ModelState": {"request.order_ids[0]": ["'x' is not of type 'integer'"]}},
    )


async def test_a_body_over_the_limit_is_a_413(app: MockApp) -> None:
    async with client(app) as api:
        response = await api.post(
            "/fetch_order_status", content=b" " * (MAX_BODY_BYTES + 1), headers={"content-type": "application/json"}
        )
        at_limit = await api.post(
            "/fetch_order_status",
            content=b'{"order_ids": [123456]}'.ljust(MAX_BODY_BYTES),
            headers={"content-type": "application/json"},
        )
    assert refusal(response) == (413, {"Message": f"The request body is larger than {MAX_BODY_BYTES} bytes."})
    assert at_limit.status_code == 200


# --- faults: Prefer, Mock-Delay and admin rules, as the app applies them ------------------------------


async def test_prefer_code_answers_the_documented_response_as_json_with_its_retry_after(app: MockApp) -> None:
    async with client(app) as api:
        unavailable = await api.post("/fetch_order_status", json=FETCH, headers={"prefer": "code=503"})
        conflict = await api.put(
            "/update_order", json={"order_id": 2468, "update_command": "hold"}, headers={"prefer": "code=409"}
        )
    canned = app.faults.responses["fetchOrderStatus"][503]
    assert unavailable.status_code == 503 and unavailable.content == canned.body
    assert unavailable.headers["content-type"] == "application/json"
    assert unavailable.headers["retry-after"] == canned.retry_after == "2"
    assert conflict.status_code == 409 and conflict.headers["content-type"] == "application/json"
    assert "retry-after" not in conflict.headers
    assert app.store.order(2468)["submission_status"] == "pending"  # a fault changes nothing
    assert [(r["status"], r["fault"], r["operation_id"]) for r in records(app)] == [
        (503, True, "fetchOrderStatus"),
        (409, True, "updateOrder"),
    ]


async def test_prefer_code_may_ask_for_any_response_the_operation_documents(app: MockApp) -> None:
    """404 is documented for updateOrder, not for fetchOrderStatus: each is judged by its own."""
    async with client(app) as api:
        missing = await api.put(
            "/update_order", json={"order_id": 2468, "update_command": "hold"}, headers={"prefer": "code=404"}
        )
        refused = await api.post("/fetch_order_status", json=FETCH, headers={"prefer": "code=404"})
    assert missing.status_code == 404 and missing.content == app.faults.responses["updateOrder"][404].body
    assert refusal(refused) == (
        400,
        {
            "Message": INVALID,
            "ModelState": {
                "request.headers": [
                    "404 is not a documented response of fetchOrderStatus (400, 413, 415, 429, 500, 502, 503, 504)."
                ]
            },
        },
    )


@pytest.mark.parametrize(
    ("status", "success"),
    [(200, True), (399, True), (400, False), (401, False), (404, False), (409, False), (503, False)],
)
def test_the_status_envelope_is_a_success_below_400(status: int, success: bool) -> None:
    assert envelope(status, "m") == {"success": success, "status_code": status, "message": "m", "debug": None}
    assert envelope(status, "m", "r")["reference_id"] == "r"


async def test_a_rules_retry_after_replaces_the_documented_one(app: MockApp) -> None:
    app.faults.add({"operation_id": "fetchOrderStatus", "status": 429, "retry_after": 7, "times": 1})
    app.faults.add({"operation_id": "updateOrder", "status": 503, "times": 1})
    async with client(app) as api:
        limited = await api.post("/fetch_order_status", json=FETCH)
        again = await api.post("/fetch_order_status", json=FETCH)  # the rule is used up
        other = await api.put("/update_order", json={"order_id": 2468, "update_command": "hold"})
    assert limited.status_code == 429 and limited.headers["retry-after"] == "7"
    assert limited.headers["content-type"] == "application/json"
    assert again.status_code == 200
    assert other.status_code == 503 and other.headers["retry-after"] == "2"


async def test_a_rule_answers_only_its_operation_and_only_known_operations(app: MockApp) -> None:
    app.faults.add({"operation_id": "updateOrder", "status": 500})
    async with client(app) as api:
        fetched = await api.post("/fetch_order_status", json=FETCH)
        nowhere = await api.post("/nowhere", json=FETCH)
        updated = await api.put("/update_order", json={"order_id": 2468, "update_command": "hold"})
    assert fetched.status_code == 200 and nowhere.status_code == 404 and updated.status_code == 500
    assert [r["fault"] for r in records(app)] == [False, False, True]


@pytest.mark.parametrize(
    ("headers", "message"),
    [
        ({"prefer": "code=abc"}, "Prefer: code=abc is not an HTTP status."),
        ({"mock-delay": "soon"}, "Mock-Delay: soon is not a number of seconds."),
        ({"mock-delay": "nan"}, "Mock-Delay: NaN is not a number of seconds."),
        ({"mock-delay": "121"}, "delay must be between 0 and 120 seconds."),
    ],
)
async def test_a_fault_header_that_cannot_apply_is_a_400_naming_the_headers(
    app: MockApp, headers: dict[str, str], message: str
) -> None:
    async with client(app) as api:
        response = await api.post("/fetch_order_status", json=FETCH, headers=headers)
    assert refusal(response) == (400, {"Message": INVALID, "ModelState": {"request.headers": [message]}})


async def test_a_delay_alone_then_answers_normally(app: MockApp) -> None:
    async with client(app) as api:
        response = await api.post("/fetch_order_status", json=FETCH, headers={"mock-delay": "0.001"})
    assert response.status_code == 200 and [o["order_id"] for o in response.json()["orders"]] == [123456]
    assert [(r["status"], r["fault"]) for r in records(app)] == [(200, True)]
    assert not app._waiting


async def test_a_close_fault_closes_the_connection_without_an_answer(app: MockApp) -> None:
    closed: list[bool] = []
    app.faults.add({"operation_id": "fetchOrderStatus", "close": True})
    sent = await call(app, "/v3/fetch_order_status", extensions={CLOSE_EXTENSION: lambda: closed.append(True)})
    assert closed == [True] and sent == []
    assert [(r["status"], r["fault"]) for r in records(app)] == [(0, True)]


async def test_a_close_fault_under_another_server_says_to_use_serve(app: MockApp) -> None:
    """A plain ASGI server cannot close a connection for the app: the error says what to do."""
    app.faults.add({"operation_id": "fetchOrderStatus", "close": True})
    async with client(app) as api:
        with pytest.raises(ConnectionAbortedError, match=r"run the mock with serve\(\)") as raised:
            await api.post("/fetch_order_status", json=FETCH)
    assert str(raised.value) == "this server cannot close a connection for the app; run the mock with serve()"
    assert [(r["status"], r["fault"]) for r in records(app)] == [(0, True)]


async def test_a_delay_is_cut_short_by_the_server_stopping(app: MockApp) -> None:
    stopping = asyncio.Event()
    stopping.set()
    async with client(with_extensions(app, **{STOPPING_EXTENSION: stopping})) as api:
        response = await asyncio.wait_for(
            api.post("/fetch_order_status", json=FETCH, headers={"mock-delay": str(MAX_DELAY)}), timeout=30
        )
    assert refusal(response) == (503, {"Message": SHUTTING_DOWN})
    assert response.headers["connection"] == "close"
    assert not app._waiting


async def test_a_delay_is_cut_short_by_a_reset(app: MockApp) -> None:
    app.reset()  # every reset makes the requests in flight stale, not only the first
    async with client(app) as api:
        call = asyncio.ensure_future(
            api.put(
                "/update_order",
                json={"order_id": 2468, "update_command": "hold"},
                headers={"mock-delay": str(MAX_DELAY)},
            )
        )
        while not app._waiting:
            await asyncio.sleep(0)
        app.reset()
        response = await asyncio.wait_for(call, timeout=30)
    assert refusal(response) == (503, {"Message": RESET_DURING_REQUEST})
    assert response.headers["connection"] == "close"
    assert app.store.order(2468)["submission_status"] == "pending" and records(app) == []


async def test_a_request_whose_body_arrives_after_a_reset_is_stale(app: MockApp) -> None:
    async def reset_then_body(scope: Scope, receive: Receive, send: Send) -> None:
        async def late() -> Message:
            app.reset()
            return await receive()

        await app(scope, late, send)

    async with client(reset_then_body) as api:
        response = await api.put("/update_order", json={"order_id": 2468, "update_command": "hold"})
    assert refusal(response) == (503, {"Message": RESET_DURING_REQUEST})
    assert response.headers["connection"] == "close"
    assert app.store.order(2468)["submission_status"] == "pending" and records(app) == []


async def test_a_reset_during_a_large_bodys_check_makes_it_stale(app: MockApp, monkeypatch: pytest.MonkeyPatch) -> None:
    check = MockApp._check

    def reset_meanwhile(self: MockApp, *args: Any) -> Any:
        self.reset()
        return check(self, *args)

    monkeypatch.setattr(MockApp, "_check", reset_meanwhile)
    customer = {**CUSTOMER, "note": "n" * OFFLOAD_BYTES}
    async with client(app) as api:
        response = await api.put("/update_customer", json={"order_id": 2468, "customer_info": customer})
    assert refusal(response) == (503, {"Message": RESET_DURING_REQUEST})
    assert app.store.order(2468)["customer"]["first_name"] == "Vincent"


async def test_a_client_that_leaves_mid_body_is_logged_unanswered(app: MockApp) -> None:
    sent = await call(app, "/v3/fetch_order_status", body=None)
    assert sent == []
    assert [(r["status"], r["path"]) for r in records(app)] == [(0, "/v3/fetch_order_status")]


async def test_the_app_acknowledges_startup_and_shutdown(app: MockApp) -> None:
    events: list[Message] = [{"type": "lifespan.startup"}, {"type": "lifespan.shutdown"}]
    sent: list[Message] = []

    async def receive() -> Message:
        return events.pop(0)

    async def send(message: Message) -> None:
        sent.append(message)

    await app({"type": "lifespan"}, receive, send)
    assert sent == [{"type": "lifespan.startup.complete"}, {"type": "lifespan.shutdown.complete"}]


async def test_the_admin_prefix_goes_to_the_admin_api(app: MockApp) -> None:
    async with client(app, root="") as api:
        state = await api.get("/_mock/state")
        unknown = await api.get("/_mock/nothing")
    assert state.status_code == 200 and state.json() == app.store.snapshot()
    assert unknown.status_code == 404 and records(app) == []


# --- the request log ---------------------------------------------------------------------------------


async def test_the_log_records_each_request_with_its_secrets_redacted(app: MockApp) -> None:
    body = {"ids": [1], "account_key": "secret-account"}
    async with client(app, authorization="Bearer t", cookie="c=1", **{"x-trace": "abc"}) as api:
        await api.post("/delete_pending_orders", json=body)
        await api.post("/delete_pending_orders", json={"ids": [2], "account_key": None})
    first, second = records(app)
    assert first["method"] == "POST" and first["path"] == "/v3/delete_pending_orders"
    assert (first["operation_id"], first["status"], first["fault"]) == ("deletePendingOrders", 200, False)
    assert first["body"] == {"ids": [1], "account_key": "[redacted]"}
    assert second["body"] == {"ids": [2], "account_key": None}
    headers = first["headers"]
    for secret in ("web_api_key", "app_key", "authorization", "cookie"):
        assert headers[secret] == "[redacted]"
    assert headers["x-trace"] == "abc" and headers["content-type"] == "application/json"
    assert headers["host"] == "127.0.0.1"
    at = datetime.datetime.fromisoformat(first["at"])
    assert at.tzinfo is not None and abs(datetime.datetime.now(datetime.UTC) - at).total_seconds() < 600


def test_a_logged_header_keeps_its_latin_1_bytes() -> None:
    log = RequestLog()
    scope = {"method": "POST", "path": "/v3/x", "headers": [(b"x-name", "Zo\xeb".encode("latin-1"))]}
    log.add(scope, Seen(operation_id="x", body=b'{"a": 1}'), 201)
    [record] = log.listing(log.last(10))["requests"]
    assert record["headers"] == {"x-name": "Zo\xeb"} and record["body"] == {"a": 1} and record["status"] == 201


async def test_a_body_too_large_to_log_is_logged_as_null(app: MockApp) -> None:
    customer = CUSTOMER
    small = {"order_id": 2468, "customer_info": {**customer, "note": "n" * (LOG_BODY_BYTES - 200)}}
    large = {"order_id": 2468, "customer_info": {**customer, "note": "n" * LOG_BODY_BYTES}}
    async with client(app) as api:
        assert (await api.put("/update_customer", json=small)).status_code == 200
        assert (await api.put("/update_customer", json=large)).status_code == 200
    assert [r["body"] for r in records(app)] == [small, None]


def test_the_log_keeps_at_most_its_entries() -> None:
    log = RequestLog(max_entries=3)
    scope = {"method": "POST", "path": "/v3/x", "headers": []}
    for n in range(5):
        log.add(scope, Seen(operation_id=str(n)), 200)
    assert [entry[3] for entry in log.last(10)] == ["2", "3", "4"]
    assert [entry[3] for entry in log.last(2)] == ["3", "4"]
    assert log.size == 3 * ENTRY_BYTES


async def test_a_reset_clears_the_state_the_rules_the_log_and_the_webhooks(app: MockApp) -> None:
    app.faults.add({"status": 500})
    cleared: list[bool] = []
    app.webhooks.clear = lambda: cleared.append(True)  # type: ignore[method-assign]
    async with client(app) as api:
        await api.put("/update_order", json={"order_id": 2468, "update_command": "hold"})
        app.faults.clear()
        await api.put("/update_order", json={"order_id": 2468, "update_command": "hold"})
    app.reset()
    assert app.faults.rules == [] and records(app) == [] and cleared == [True]
    assert app.store.order(2468)["submission_status"] == "pending"
    state = app.store.snapshot()
    state["orders"] = state["orders"][:1]
    app.reset(state)
    assert [order["order_id"] for order in app.store.snapshot()["orders"]] == [123456]


@pytest.mark.parametrize(
    ("method", "path", "content", "headers"),
    [
        ("POST", "/fetch_order_status", b"", {}),  # no body
        ("POST", "/fetch_order_status", b"{", {}),  # malformed
        ("POST", "/fetch_order_status", b'{"order_ids": "x"}', {}),  # wrong
        ("POST", "/fetch_order_status", b'{"order_ids": [123456]}', {"app_key": ""}),  # no key
        ("POST", "/fetch_order_status", b"{", {"app_key": KEYS[0]}),  # the same key twice, malformed
        ("GET", "/fetch_order_status", b'{"order_ids": [123456]}', {}),  # another method
        ("POST", "/update_order", b'{"order_id": 2468, "update_command": "hold"}', {}),  # the other accepted method
        ("PUT", "/update_customer", b"", {}),
        ("POST", "/nowhere", b"{}", {}),
        ("POST", "/fetch_order_status", b'{"order_ids": [123456]}', {}),
    ],
)
async def test_text_json_is_answered_as_application_json_is(
    app: MockApp, method: str, path: str, content: bytes, headers: dict[str, str]
) -> None:
    """FinerWorks' pages name both media types: every verdict is the same for either."""
    answers = []
    for media_type in ("application/json", "text/json"):
        app.reset()
        async with client(app, **headers) as api:
            response = await api.request(method, path, content=content, headers={"content-type": media_type})
        answers.append((response.status_code, response.json(), response.headers.get("allow")))
    assert answers[0] == answers[1]


def test_an_entry_costs_its_headers_and_bodys_bytes_and_the_oldest_go_first() -> None:
    body = b'{"a": 1}'
    each = ENTRY_BYTES + len(b"x-a") + len(b"12345") + len(body)
    log = RequestLog(max_entries=10, max_bytes=2 * each)
    scope = {"method": "POST", "path": "/v3/x", "headers": [(b"x-a", b"12345")]}
    log.add(scope, Seen(operation_id="1", body=body), 200)
    assert log.size == each
    log.add(scope, Seen(operation_id="2", body=body), 200)
    assert log.size == 2 * each and [entry[3] for entry in log.last(10)] == ["1", "2"]  # exactly full: kept
    log.add(scope, Seen(operation_id="3"), 200)
    assert log.size == 2 * each - len(body) and [entry[3] for entry in log.last(10)] == ["2", "3"]


async def test_a_body_of_the_log_limit_is_logged(app: MockApp) -> None:
    customer = CUSTOMER
    padding = LOG_BODY_BYTES - len(json.dumps({"order_id": 2468, "customer_info": {**customer, "note": ""}}))
    body = {"order_id": 2468, "customer_info": {**customer, "note": "n" * padding}}
    raw = json.dumps(body).encode()
    assert len(raw) == LOG_BODY_BYTES
    async with client(app, **{"content-type": "application/json"}) as api:
        assert (await api.put("/update_customer", content=raw)).status_code == 200
        assert (await api.put("/update_customer", content=raw + b" ")).status_code == 200
    assert [r["body"] for r in records(app)] == [body, None]


async def test_create_app_serves_its_fixtures_with_its_settings(spec: Spec, tmp_path: Path) -> None:
    state = copy.deepcopy(FIXTURES)
    state["orders"] = [order for order in state["orders"] if order["order_id"] == 2468]
    fixtures = tmp_path / "fixtures.yaml"
    fixtures.write_text(yaml.safe_dump(state))
    made = create_app(
        fixtures,
        ("key-a", "key-b"),
        spec,
        admin_token="t0k",
        loopback_only=False,
        webhook_url="http://127.0.0.1:9/hook",
        webhook_shape="envelope",
    )
    assert [order["order_id"] for order in made.store.snapshot()["orders"]] == [2468]
    assert (made.webhooks.default_url, made.webhooks.shape) == ("http://127.0.0.1:9/hook", "envelope")
    transport = httpx.ASGITransport(app=made)
    async with httpx.AsyncClient(transport=transport, base_url="http://mock.internal") as http:
        keyed = await http.post(
            "/v3/fetch_order_status", json=FETCH, headers={"web_api_key": "key-a", "app_key": "key-b"}
        )
        other = await http.post("/v3/fetch_order_status", json=FETCH, headers=AUTH)
        admin = await http.get("/_mock/state", headers={"authorization": "Bearer t0k"})
        no_token = await http.get("/_mock/state")
    assert keyed.status_code == 200 and other.status_code == 400
    assert admin.status_code == 200 and no_token.status_code == 401
    assert create_app(spec=spec).webhooks.shape == "order" and create_app(spec=spec).admin.loopback_only


async def test_a_refusal_openapi_yaml_documents_without_a_body_or_not_at_all_is_still_answered(
    tmp_path: Path, schema: StateSchema
) -> None:
    """The envelope as the store refuses, never a 500, if openapi.yaml stops documenting the answer."""
    document = yaml.safe_load(SPEC_PATH.read_text())
    del document["paths"]["/update_order"]["put"]["responses"]["404"]
    document["paths"]["/update_customer"]["put"]["responses"]["404"] = {"description": "Not found."}
    (tmp_path / "openapi.yaml").write_text(yaml.safe_dump(document, sort_keys=False))
    edited = Spec(tmp_path / "openapi.yaml")
    app = MockApp(OrderStore(copy.deepcopy(FIXTURES), edited, schema), edited, KEYS)
    customer = CUSTOMER
    async with client(app) as api:
        order = await api.put("/update_order", json={"order_id": 999, "update_command": "hold"})
        customer_of = await api.put("/update_customer", json={"order_id": 999, "customer_info": customer})
    for response in (order, customer_of):
        assert refusal(response) == (404, envelope(404, "Order 999 was not found."))


async def test_a_fault_answers_before_the_request_is_checked(app: MockApp) -> None:
    """Step 2 before step 4: a Prefer answers even a request with nothing else (no keys, no body)."""
    sent: list[Message] = []

    async def receive() -> Message:
        return {"type": "http.request", "body": b""}

    async def send(message: Message) -> None:
        sent.append(message)

    scope = {"type": "http", "method": "POST", "path": "/v3/fetch_order_status", "query_string": b""}
    await app({**scope, "headers": [(b"prefer", b"code=503")]}, receive, send)
    assert sent[0]["status"] == 503


async def test_what_else_openapi_core_finds_is_a_400_in_its_words_never_a_500(
    tmp_path: Path, schema: StateSchema
) -> None:
    """openapi.yaml grown a required header, and a body made optional: the mock still refuses what
    it cannot serve with a 400 (the handlers need a body), never a 500."""
    document = yaml.safe_load(SPEC_PATH.read_text())
    header = {"name": "X-Request-Id", "in": "header", "required": True, "schema": {"type": "string"}}
    document["paths"]["/fetch_order_status"]["post"]["parameters"] = [header]
    document["paths"]["/delete_pending_orders"]["post"]["requestBody"]["required"] = False
    (tmp_path / "openapi.yaml").write_text(yaml.safe_dump(document, sort_keys=False))
    edited = Spec(tmp_path / "openapi.yaml")
    app = MockApp(OrderStore(copy.deepcopy(FIXTURES), edited, schema), edited, KEYS)
    async with client(app, **{"content-type": "application/json"}) as api:
        no_header = await api.post("/fetch_order_status")
        no_body = await api.post("/delete_pending_orders")
    status, answer = refusal(no_header)
    assert status == 400 and answer["Message"] == INVALID
    [(field, [message])] = answer["ModelState"].items()
    assert field == "request" and "X-Request-Id" in message
    assert refusal(no_body) == (
        400,
        {"Message": INVALID, "ModelState": {"request": ["The request does not match openapi.yaml."]}},
    )
