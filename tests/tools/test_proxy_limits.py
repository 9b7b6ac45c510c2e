"""The proxy against hostile upstreams and clients (issue 21): bounded memory for any body size,
checking off the event loop, the client's headers forwarded as sent, nothing shared between
clients, credentials and personal data kept out of cassettes, concurrent recording, odd targets.

The memory bound the proxy states (finerworks_mock/proxy.py): its idle size plus, per exchange in
flight or waiting to be checked, twice the check limit and the chunks in transit. Measured here on
its peak resident size (VmHWM) in its own process, under one exchange at a time.
"""

from __future__ import annotations

import json
import logging
import os
import re
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
import yaml
from finerworks_mock.cassettes import load
from finerworks_mock.conformance import Checker, Exchange, Spec, Violation
from finerworks_mock.proxy import CHECK_LIMIT, ValidatingProxy, running

from tests.support import serve
from tests.tools.hostile_upstream import HUGE, MB, Hostile, bomb

KEYS = {"web_api_key": "wak-51c0ffee-not-for-cassettes", "app_key": "ak-7e57ab1e-not-for-cassettes"}
FETCH = {"order_ids": [123456], "order_pos": None}
PEAK_BOUND = 2 * CHECK_LIMIT + 40 * MB  # over the idle size: the copies kept for checking, buffers, allocator slack


@pytest.fixture
def hostile(spec: Spec) -> Iterator[tuple[str, Hostile]]:
    app = Hostile(spec.document["components"]["examples"]["FetchOrderStatusShippedResponse"]["value"])
    bomb()  # made before the upstream serves: never on its event loop
    with serve(app) as root:
        yield root + "/v3", app


def peak_rss(pid: int) -> int:
    status = Path(f"/proc/{pid}/status").read_text()
    found = re.search(r"VmHWM:\s+(\d+) kB", status)
    assert found is not None, status
    return int(found.group(1)) * 1024


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="reads peak memory from /proc")
def test_memory_stays_bounded_whatever_the_body_size(hostile: tuple[str, Hostile], tmp_path: Path) -> None:
    upstream, app = hostile
    process = subprocess.Popen(
        [sys.executable, "-m", "finerworks_mock", "proxy", "--upstream", upstream, "--port", "0", "--record", tmp_path],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    try:
        assert process.stdout is not None
        proxy = process.stdout.readline().split()[2]
        with httpx.Client(base_url=proxy, timeout=60) as client:
            assert client.post("/fetch_order_status", json=FETCH, headers=KEYS).status_code == 200
            time.sleep(0.5)
            idle = peak_rss(process.pid)

            with client.stream("GET", "/huge") as response:  # 300 MB
                assert sum(len(chunk) for chunk in response.iter_raw()) == HUGE

            with client.stream("GET", "/endless") as response:  # the client gives up after 50 MB
                read = 0
                for chunk in response.iter_raw():
                    read += len(chunk)
                    if read > 50 * MB:
                        break
            assert app.stopped.wait(10), "the proxy kept reading an answer nobody wanted"

            took: list[float] = []

            def normal_request() -> None:
                time.sleep(0.05)
                began = time.perf_counter()
                client.post("/fetch_order_status", json=FETCH, headers=KEYS)
                took.append(time.perf_counter() - began)

            other = threading.Thread(target=normal_request)
            other.start()
            with client.stream("GET", "/bomb") as response:  # 1 MB that decodes to 1 GiB
                assert b"".join(response.iter_raw()) == bomb()
            other.join()
            assert took and took[0] < 2, "a gzip bomb held another client's request"

            def eighty_mb() -> Iterator[bytes]:
                for _ in range(80):
                    yield b"y" * MB

            answer = client.post("/sink", content=eighty_mb())
            assert answer.json() == {"received": 80 * MB}
            time.sleep(1)  # the checker has seen everything
            peak = peak_rss(process.pid)
    finally:
        process.terminate()  # SIGTERM: a clean stop, like Ctrl-C
        out, err = process.communicate(timeout=20)
    assert process.returncode == 0 and out.endswith("FinerWorks proxy: stopped\n"), out + err
    print(f"\nproxy peak RSS: idle {idle / MB:.1f} MiB, after 300 MB, endless, bomb, 80 MB: {peak / MB:.1f} MiB")
    assert peak - idle < PEAK_BOUND, f"peak {peak / MB:.0f} MiB over idle {idle / MB:.0f} MiB"
    assert "larger than the check limit" in err and "Traceback" not in err
    assert all(path.stat().st_size < CHECK_LIMIT for path in tmp_path.glob("*.yaml"))
    assert any("response_body_left_out" in path.read_text() for path in tmp_path.glob("*-200.yaml"))


def raw_request(url: str, request: bytes) -> bytes:
    """Send bytes exactly as given to the proxy; the whole answer (the proxy closes or answers in full)."""
    address = re.match(r"http://([\d.]+):(\d+)", url)
    assert address is not None, url
    host, port = address.groups()
    with socket.create_connection((host, int(port)), timeout=10) as connection:
        connection.sendall(request)
        answer = b""
        while b"\r\n\r\n" not in answer or len(answer.split(b"\r\n\r\n", 1)[1]) < content_length(answer):
            chunk = connection.recv(65536)
            if not chunk:
                break
            answer += chunk
        return answer


def content_length(answer: bytes) -> int:
    found = re.search(rb"(?im)^content-length:\s*(\d+)", answer)
    return int(found.group(1)) if found else 0


def test_the_clients_headers_are_forwarded_as_sent(hostile: tuple[str, Hostile]) -> None:
    upstream, _ = hostile
    with running(ValidatingProxy(upstream)) as proxy:
        answer = raw_request(
            proxy, b"POST /v3/echo?a=1 HTTP/1.1\r\nHost: whatever\r\nContent-Length: 2\r\nX-Mine: 1\r\n\r\n{}"
        )
    seen = json.loads(answer.split(b"\r\n\r\n", 1)[1])
    origin = upstream.split("//")[1].split("/")[0]
    # No accept-encoding, accept or user-agent added; the Host is the upstream's
    assert seen["headers"] == [["host", origin], ["content-length", "2"], ["x-mine", "1"]]
    assert (seen["method"], seen["target"]) == ("POST", "/v3/echo")


def test_no_cookie_passes_from_one_client_to_another(hostile: tuple[str, Hostile], tmp_path: Path) -> None:
    upstream, _ = hostile
    with running(ValidatingProxy(upstream, record=tmp_path)) as proxy:
        first = httpx.get(proxy + "/cookie", headers=KEYS)
        assert first.headers["set-cookie"] == "session=s3cr3t-ses5ion"  # passed on to the client it was for
        second = httpx.get(proxy + "/cookie", headers={"web_api_key": "other", "app_key": "other-app"})
        with httpx.Client() as third:  # a client that keeps cookies sends its own, and only it
            third.get(proxy + "/cookie")
            echoed = third.get(proxy + "/cookie", headers={"Authorization": "Bearer tok-9f8e7d6c5b"}).json()
    assert second.json() == {"cookie": ""}
    assert echoed == {"cookie": "session=s3cr3t-ses5ion"}
    text = "".join(path.read_text() for path in tmp_path.glob("*.yaml"))
    assert "s3cr3t-ses5ion" not in text and "tok-9f8e7d6c5b" not in text
    assert not any(key in text for key in KEYS.values())
    documents = [yaml.safe_load(path.read_text()) for path in sorted(tmp_path.glob("*.yaml"))]
    last = documents[-1]
    assert last["interactions"][0]["request"]["headers"]["authorization"] == ["[redacted]"]
    assert last["interactions"][0]["request"]["headers"]["cookie"] == ["[redacted]"]
    assert last["interactions"][0]["response"]["headers"]["set-cookie"] == ["[redacted]"]
    assert {"authorization", "cookie", "set-cookie"} <= set(last["metadata"]["credentials_redacted"])


CUSTOMER = {
    "order_id": 1234567,
    "customer_info": {
        "first_name": "Grace",
        "last_name": "Hopper",
        "address_1": "1 Navy Way",
        "city": "Arlington",
        "zip_postal_code": "22201",
        "phone": "+1 555 0100",
        "email": "grace@example.org",
        "country_code": "us",
    },
}
PERSONAL = ["Grace", "Hopper", "1 Navy Way", "Arlington", "22201", "+1 555 0100", "grace@example.org"]


def test_personal_data_is_redacted_before_it_is_written(
    hostile: tuple[str, Hostile], tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    upstream, _ = hostile
    caplog.set_level(logging.INFO, logger="finerworks.proxy")
    with running(ValidatingProxy(upstream, record=tmp_path / "redacted")) as proxy:
        httpx.put(proxy + "/update_customer", json=CUSTOMER, headers=KEYS)
    with running(ValidatingProxy(upstream, record=tmp_path / "kept", personal_data="keep")) as proxy:
        httpx.put(proxy + "/update_customer", json=CUSTOMER, headers=KEYS)
    (redacted,) = (tmp_path / "redacted").glob("*.yaml")
    assert not any(value in redacted.read_text() for value in PERSONAL)
    (exchange,) = load(redacted, Checker().spec)
    assert json.loads(exchange.request_body)["customer_info"]["country_code"] == "us"  # not personal: kept
    listed = yaml.safe_load(redacted.read_text())["metadata"]["personal_data_redacted"]
    assert "request customer_info.email" in listed and "request customer_info.first_name" in listed
    (kept,) = (tmp_path / "kept").glob("*.yaml")
    (exchange,) = load(kept, Checker().spec)
    assert json.loads(exchange.request_body) == CUSTOMER
    assert "request customer_info.phone" in yaml.safe_load(kept.read_text())["metadata"]["personal_data_kept"]
    assert f"{kept.name} holds personal data: request customer_info.first_name" in caplog.text


def test_two_proxies_recording_into_one_folder_keep_every_cassette(
    hostile: tuple[str, Hostile], tmp_path: Path
) -> None:
    upstream, _ = hostile
    with (
        running(ValidatingProxy(upstream, record=tmp_path)) as one,
        running(ValidatingProxy(upstream, record=tmp_path)) as two,
    ):

        def traffic(proxy: str) -> None:
            with httpx.Client() as client:
                for _ in range(15):
                    client.post(proxy + "/fetch_order_status", json=FETCH, headers=KEYS)

        threads = [threading.Thread(target=traffic, args=(proxy,)) for proxy in (one, two, one, two)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    files = sorted(tmp_path.iterdir())
    assert len(files) == 60 and all(path.suffix == ".yaml" for path in files)
    for path in files:
        assert yaml.safe_load(path.read_text())["interactions"][0]["response"]["status"]["code"] == 200


@pytest.mark.parametrize(
    "request_line",
    [
        b"OPTIONS * HTTP/1.1",
        b"GET //v3 HTTP/1.1",
        b"GET /v3/%zz HTTP/1.1",
        b"GET http://elsewhere.example/v3/x HTTP/1.1",
    ],
)
def test_odd_request_targets_are_never_a_500(hostile: tuple[str, Hostile], request_line: bytes) -> None:
    upstream, _ = hostile
    with running(ValidatingProxy(upstream)) as proxy:
        answer = raw_request(proxy, request_line + b"\r\nHost: x\r\n\r\n")
    status = int(answer.split(b" ", 2)[1])
    assert status < 500 and status != 0, answer


def test_checking_never_holds_another_request(hostile: tuple[str, Hostile], monkeypatch: pytest.MonkeyPatch) -> None:
    upstream, _ = hostile
    check = Checker.check

    def slow_check(self: Checker, exchange: Exchange) -> tuple[str, list[Violation]]:
        time.sleep(1)
        return check(self, exchange)

    monkeypatch.setattr(Checker, "check", slow_check)
    with running(ValidatingProxy(upstream)) as proxy, httpx.Client() as client:
        began = time.perf_counter()
        for _ in range(3):
            assert client.post(proxy + "/fetch_order_status", json=FETCH, headers=KEYS).status_code == 200
        took = time.perf_counter() - began
    assert took < 1, f"three answers took {took:.1f} s: checking ran on the request path"
