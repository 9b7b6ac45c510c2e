"""The HTTP server around the mock (server.py, cli.py): what it loads, a body that never finishes, a
flood of connections, clients that leave, and a clean stop on SIGTERM."""

from __future__ import annotations

import logging
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from finerworks_mock.app import MockApp
from finerworks_mock.server import HttpProtocol

from tests.support import AUTH, mock_command, serve

JSON = {**AUTH, "content-type": "application/json"}
ROOT = Path(__file__).resolve().parents[2]
STALLED = b"POST /v3/update_order HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"


def test_the_server_module_loads_without_openapi_core() -> None:
    """serve() runs the proxy too: loading the mock's validation (openapi-core) is not its business."""
    code = (
        "import sys, finerworks_mock.server; print('openapi_core' in sys.modules, 'finerworks_mock.app' in sys.modules)"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60)
    assert result.stdout.split() == ["False", "False"]


def test_no_module_of_the_mock_imports_one_that_imports_it() -> None:
    """Was: admin.py imported seven names from app.py, and app.py imported AdminApi (inside __init__)."""
    import ast

    def runtime_imports(node: ast.AST) -> Iterator[str]:
        """The package's modules node imports when it runs (an `if TYPE_CHECKING:` block does not)."""
        if isinstance(node, ast.If) and isinstance(node.test, ast.Name) and node.test.id == "TYPE_CHECKING":
            return
        if isinstance(node, ast.ImportFrom) and node.level == 1 and node.module:
            yield node.module
        for child in ast.iter_child_nodes(node):
            yield from runtime_imports(child)

    package = ROOT / "mock" / "finerworks_mock"
    imports = {module.stem: set(runtime_imports(ast.parse(module.read_text()))) for module in package.glob("*.py")}

    def reaches(start: str, goal: str, seen: set[str]) -> bool:
        for name in imports.get(start, ()):
            if name == goal or (name not in seen and reaches(name, goal, seen | {name})):
                return True
        return False

    cycles = sorted(name for name in imports if reaches(name, name, {name}))
    assert cycles == []


@pytest.fixture
def uvicorn_errors() -> Iterator[list[logging.LogRecord]]:
    """What uvicorn logs as errors (an exception of the app, with its traceback) while a test runs."""
    records: list[logging.LogRecord] = []
    handler = logging.Handler()
    handler.emit = records.append  # type: ignore[method-assign]
    logger = logging.getLogger("uvicorn.error")
    logger.addHandler(handler)
    try:
        yield records
    finally:
        logger.removeHandler(handler)


class QuickBody(HttpProtocol):
    body_timeout = 0.5
    max_connections = 20


def port_of(root: str) -> int:
    return int(root.rsplit(":", 1)[1])


def test_a_body_that_never_finishes_is_cut_off_quietly(app: MockApp, uvicorn_errors: list[logging.LogRecord]) -> None:
    """Was: no body-read timeout (500 such connections stayed open 70 s), and each disconnect
    logged a ClientDisconnect traceback."""
    with serve(app, http=QuickBody) as root:
        with socket.create_connection(("127.0.0.1", port_of(root)), timeout=5) as connection:
            start = time.monotonic()
            connection.sendall(STALLED + b"Content-Length: 100\r\n\r\n{")
            answer = connection.recv(4096)
            elapsed = time.monotonic() - start
            assert connection.recv(4096) == b""  # and closed
        with socket.create_connection(("127.0.0.1", port_of(root)), timeout=5) as connection:
            connection.sendall(STALLED + b"Content-Length: 100\r\n\r\n{")  # this client leaves first
        time.sleep(0.2)
        still_up = httpx.post(root + "/v3/fetch_order_status", json={"order_ids": [1]}, headers=JSON)
    assert answer.startswith(b"HTTP/1.1 408 "), answer
    assert b"took longer than 0.5 s" in answer
    assert 0.4 < elapsed < 3
    assert still_up.status_code == 200
    assert [record.getMessage() for record in uvicorn_errors] == []


def test_a_flood_of_stalled_connections_does_not_stop_the_mock(app: MockApp) -> None:
    """Was: ~20,000 connections whose bodies never finished made the mock stop answering. Here 200
    against a cap of 20: the ones over the cap are refused with 503 at once, the others cut off
    after the body timeout, and the mock answers again."""
    with serve(app, http=QuickBody) as root:
        sockets = []
        try:
            for _ in range(200):
                connection = socket.create_connection(("127.0.0.1", port_of(root)), timeout=5)
                connection.sendall(STALLED + b"Content-Length: 100\r\n\r\n{")
                sockets.append(connection)
            time.sleep(0.1)
            busy = httpx.post(root + "/v3/fetch_order_status", json={"order_ids": [1]}, headers=JSON)
            answers = []
            for connection in sockets:
                answers.append(connection.recv(4096)[:12])
        finally:
            for connection in sockets:
                connection.close()
        time.sleep(0.2)
        after = httpx.post(root + "/v3/fetch_order_status", json={"order_ids": [1]}, headers=JSON)
    assert busy.status_code == 503 and busy.headers["retry-after"] == "1"
    assert "more than 20 open connections" in busy.json()["ModelState"]["request"][0]
    assert set(answers) <= {b"HTTP/1.1 408", b"HTTP/1.1 503", b""}
    assert answers.count(b"HTTP/1.1 408") >= 15
    assert after.status_code == 200


def test_sigterm_finishes_in_flight_requests_and_exits_cleanly() -> None:
    """Was: SIGTERM during a delayed request answered it 500, and the process ended with 143,
    without its "stopped" line."""
    answers: list[httpx.Response] = []
    with mock_command([sys.executable, "-m", "finerworks_mock"], ROOT) as (process, base_url):
        delayed = threading.Thread(
            target=lambda: answers.append(
                httpx.post(
                    base_url + "/fetch_order_status",
                    json={"order_ids": [123456]},
                    headers={**AUTH, "mock-delay": "30"},
                    timeout=30,
                )
            )
        )
        delayed.start()
        time.sleep(1.5)  # the request is in, waiting on its delay (a loaded machine can take a while)
        started = time.monotonic()
        process.send_signal(signal.SIGTERM)
        rest = process.communicate(timeout=20)[0]
        delayed.join(10)
    assert process.returncode == 0, rest
    assert rest.endswith("FinerWorks mock: stopped\n")
    assert "Traceback" not in rest and "Cancel" not in rest
    assert time.monotonic() - started < 10
    [answer] = answers
    assert answer.status_code == 503 and answer.json()["Message"] == "The mock is shutting down."


def test_the_connection_cap_fits_the_file_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    """Past the process's file limit accept() fails and the server takes no connection at all (the
    ~20,000 of the report was this machine's limit): the cap leaves room under it."""
    import resource

    from finerworks_mock.server import MAX_CONNECTIONS, connection_cap

    monkeypatch.setattr(resource, "getrlimit", lambda _: (1024, 1024))
    assert connection_cap() == (1024 - 64) // 2
    monkeypatch.setattr(resource, "getrlimit", lambda _: (1_000_000, 1_000_000))
    assert connection_cap() == MAX_CONNECTIONS
