"""Regression tests of the defects hostile input found in the mock (issue 13). Each failed before its fix."""

from __future__ import annotations

import json
import socket
import threading
import time
from typing import Any

import httpx
import pytest
from finerworks_mock import MockAdmin
from finerworks_mock.app import MAX_ERRORS, MockApp
from finerworks_mock.server import MAX_HEAD_BYTES, HttpProtocol

from tests.support import AUTH, serve

JSON = {**AUTH, "content-type": "application/json"}


def test_a_lone_surrogate_is_refused_and_the_state_stays_readable(app: MockApp) -> None:
    """Was: "\\ud800" in an address was stored, and GET /_mock/state answered 500 until a reset."""
    # A whole address of FinerWorks' address model, but for the first name.
    rest = b'"last_name": "R", "address_1": "1", "state_code": "AK", "zip_postal_code": "1", "country_code": "us"}}'
    body = b'{"order_id": 12345, "customer_info": {"first_name": "\\ud800", ' + rest
    with serve(app) as root:
        before = httpx.get(root + "/_mock/state").json()
        refused = httpx.put(root + "/v3/update_customer", content=body, headers=JSON)
        state = httpx.get(root + "/_mock/state")
        paired = httpx.put(  # an escaped surrogate pair is one character, and welcome
            root + "/v3/update_customer",
            content=b'{"order_id": 12345, "customer_info": {"first_name": "\\ud83c\\udfa8", ' + rest,
            headers=JSON,
        )
        after = httpx.get(root + "/_mock/state")
    assert refused.status_code == 400
    assert list(refused.json()["ModelState"]) == ["request.customer_info.first_name"]
    assert state.status_code == 200 and state.json() == before
    assert paired.status_code == 200 and after.status_code == 200
    assert app.store.order(12345)["customer"]["first_name"] == "🎨"


def test_errors_are_capped_and_cheap(app: MockApp) -> None:
    """Was: 21,000 invalid ids in a 42 KB body took 2.7 s and returned a 1.3 MB error."""
    body = json.dumps({"ids": [0] * 21_000}).encode()
    assert len(body) < 64 * 1024
    with serve(app) as root:
        start = time.monotonic()
        response = httpx.post(root + "/v3/delete_pending_orders", content=body, headers=JSON)
        elapsed = time.monotonic() - start
    assert response.status_code == 400
    state = response.json()["ModelState"]
    assert sum(len(messages) for messages in state.values()) == MAX_ERRORS + 1
    assert state["request"] == [f"There are more errors; only the first {MAX_ERRORS} are reported."]
    assert len(response.content) < 4096
    assert elapsed < 1.0, elapsed


async def handled_off_the_loop(
    app: MockApp, body: bytes, monkeypatch: pytest.MonkeyPatch
) -> tuple[bool, httpx.Response]:
    """(whether app checked body in a thread other than its event loop's, the response)."""
    threads: list[int] = []
    check = app._check

    def recording(*args: Any) -> Any:
        threads.append(threading.get_ident())
        return check(*args)

    monkeypatch.setattr(app, "_check", recording)
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://127.0.0.1") as client:
        response = await client.post("/v3/fetch_order_status", content=body, headers=JSON)
    return bool(threads) and threading.get_ident() not in threads, response


@pytest.mark.parametrize(
    "body",
    [
        {"order_ids": [*range(1, 9_000), "x"]},  # a valid run, then an error: the slowest to judge
        {"order_ids": [0] * 21_000},
        {"order_ids": list(range(1, 10_000))},  # valid, and large
    ],
    ids=["valid-then-invalid", "all-invalid", "all-valid"],
)
async def test_validating_a_hostile_body_does_not_block_the_event_loop(
    app: MockApp, body: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Was: validation ran on the event loop: a request sent meanwhile waited 2.8 s. It runs in a worker
    thread (asserted as such, not timed: a timing says more of the machine's load than of the code)."""
    raw = json.dumps(body, separators=(",", ":")).encode()
    off_the_loop, response = await handled_off_the_loop(app, raw, monkeypatch)
    assert response.status_code in (200, 400)
    assert off_the_loop


@pytest.mark.parametrize(
    ("method", "path", "headers", "body"),
    [
        # A page on any site can send these with fetch() or a form, without a CORS preflight.
        ("POST", "/_mock/reset", {"content-type": "text/plain", "origin": "https://evil.example"}, b"{}"),
        ("POST", "/_mock/reset", {"content-type": "text/plain"}, b"{}"),
        ("POST", "/_mock/reset", {"content-type": "application/x-www-form-urlencoded"}, b"state="),
        ("POST", "/_mock/faults", {"content-type": "application/json", "origin": "null"}, b'{"status": 500}'),
        ("POST", "/_mock/reset", {"content-type": "application/json", "sec-fetch-site": "cross-site"}, b"{}"),
        # DNS rebinding: the attacker's name resolves to 127.0.0.1, so the request is same-origin.
        ("POST", "/_mock/reset", {"content-type": "application/json", "host": "evil.example:8000"}, b"{}"),
        ("GET", "/_mock/state", {"host": "evil.example:8000"}, b""),
    ],
)
def test_browsers_cannot_drive_the_admin_api(
    app: MockApp, method: str, path: str, headers: dict[str, str], body: bytes
) -> None:
    """Was: /_mock/reset needed nothing, and a cross-origin text/plain POST reset the state."""
    with serve(app) as root:
        httpx.post(root + "/v3/update_order", json={"order_id": 2468, "update_command": "hold"}, headers=AUTH)
        response = httpx.request(method, root + path, headers=headers, content=body)
    assert response.status_code in (403, 415), response.text
    assert app.store.order(2468)["submission_status"] == "hold"
    assert app.faults.rules == []


def test_an_admin_token_can_be_required(app: MockApp) -> None:
    from finerworks_mock import MockAdminError, create_app

    guarded = create_app(admin_token="s3cret", spec=app.spec)
    with serve(guarded) as root:
        assert httpx.get(root + "/_mock/state").status_code == 401
        assert httpx.get(root + "/_mock/state", headers={"authorization": "Bearer wrong"}).status_code == 401
        with MockAdmin(root) as anonymous, pytest.raises(MockAdminError, match="admin token"):
            anonymous.reset()
        with MockAdmin(root, token="s3cret") as admin:
            assert admin.reset()["pending_orders"] == [1, 2, 3, 4, 5]


def test_a_huge_header_is_refused_without_being_read(app: MockApp) -> None:
    """Was: a 32 MiB header was accepted (RSS grew by about 50 MB)."""
    with serve(app) as root:
        port = int(root.rsplit(":", 1)[1])
        with socket.create_connection(("127.0.0.1", port), timeout=10) as connection:
            connection.sendall(b"POST /v3/update_order HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Big: ")
            sent = 0
            with pytest.raises(OSError):  # the server closes the connection: the sending stops
                for _ in range(32 * 1024):  # 32 MiB, 1 KiB at a time
                    connection.sendall(b"a" * 1024)
                    sent += 1024
            assert sent < 4 * 1024 * 1024
            answer = connection.recv(4096)
        still_up = httpx.get(root + "/_mock/state")
    assert answer.startswith(b"HTTP/1.1 431 ")
    assert f"larger than {MAX_HEAD_BYTES} bytes".encode() in answer
    assert still_up.status_code == 200


def test_headers_in_one_packet_over_the_limit_are_refused(app: MockApp) -> None:
    with serve(app) as root:
        headers = {**JSON, **{f"x-h{n}": "v" * 1000 for n in range(40)}}
        response = httpx.post(root + "/v3/fetch_order_status", json={"order_ids": [1]}, headers=headers)
        fine = httpx.post(root + "/v3/fetch_order_status", json={"order_ids": [1]}, headers=JSON)
    assert response.status_code == 431 and fine.status_code == 200


class QuickTimeout(HttpProtocol):
    head_timeout = 0.5


def test_a_slow_header_is_cut_off(app: MockApp) -> None:
    """Was: no header-read timeout; a client sending a header a line at a time held the connection."""
    with serve(app, http=QuickTimeout) as root:
        port = int(root.rsplit(":", 1)[1])
        with socket.create_connection(("127.0.0.1", port), timeout=0.1) as connection:
            start = time.monotonic()
            connection.sendall(b"POST /v3/update_order HTTP/1.1\r\nHost: 127.0.0.1\r\n")
            answer = b""
            while time.monotonic() - start < 5:  # a header line every 0.1 s, until the server stops it
                try:
                    connection.sendall(b"X-Slow: a\r\n")
                    chunk = connection.recv(4096)
                except TimeoutError:
                    continue
                except OSError:
                    break
                if not chunk:
                    break
                answer += chunk
            elapsed = time.monotonic() - start
        still_up = httpx.post(root + "/v3/fetch_order_status", json={"order_ids": [1]}, headers=JSON)
    assert answer.startswith(b"HTTP/1.1 408 "), answer
    assert 0.4 < elapsed < 3
    assert still_up.status_code == 200
