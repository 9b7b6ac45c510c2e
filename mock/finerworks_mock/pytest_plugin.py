"""pytest plugin: the FinerWorks sandbox as a fixture (registered by the pytest11 entry point).

    def test_my_integration(finerworks_sandbox):
        finerworks_sandbox.admin.advance(1234567)          # the admin API (MockAdmin)
        finerworks_sandbox.client                          # a FinerWorksClient pointed at the mock

    def test_my_webhook_handler(finerworks_sandbox, finerworks_webhook_receiver):
        admin = finerworks_sandbox.admin
        admin.create_order(5550001, "PO_1", webhook_order_status_url=finerworks_webhook_receiver.url)
        admin.advance(5550001)                              # the mock POSTs the new status
        call = finerworks_webhook_receiver.wait(1)[0]      # .body: what your handler would get

One mock per test session, on a free 127.0.0.1 port in a thread of the test process; each test
gets it reset to its fixtures, with no faults, an empty request log and no webhook deliveries. A
request an earlier test left in flight (its client gave up on a `Mock-Delay`) is answered 503 by
that reset and changes neither the state nor the log this test sees (MockApp.reset). The
`finerworks_mock_fixtures` ini option names another fixtures file; `finerworks_mock_webhook_url`
the URL that gets the webhooks of orders without their own. The client comes from
finerworks-client, which must be
installed beside this package.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from finerworks_client import FinerWorksClient  # an optional dependency: only the fixture imports it

    from .admin_client import MockAdmin
    from .app import MockApp
    from .webhooks import WebhookReceiver

KEYS = ("sandbox-web-api-key", "sandbox-app-key")  # the pair the sandbox requires, and its client sends


@dataclass
class Sandbox:
    """A running mock: its base URL (with /v3), its admin helper, a client for it, and the app itself."""

    base_url: str
    admin: MockAdmin
    client: FinerWorksClient
    app: MockApp
    keys: tuple[str, str] = KEYS


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addini("finerworks_mock_fixtures", "fixtures file of the finerworks_sandbox mock (default: its own)")
    parser.addini(
        "finerworks_mock_webhook_url",
        "where the finerworks_sandbox mock POSTs the status webhooks of orders without their own URL (default: none)",
    )


@pytest.fixture(scope="session")
def finerworks_mock_server(pytestconfig: pytest.Config) -> Iterator[tuple[MockApp, str]]:
    """The session's mock: (app, root URL)."""
    from .app import DEFAULT_FIXTURES, create_app
    from .server import serve

    fixtures = pytestconfig.getini("finerworks_mock_fixtures")
    path = Path(pytestconfig.rootpath, fixtures) if fixtures else DEFAULT_FIXTURES
    app = create_app(path, KEYS, webhook_url=pytestconfig.getini("finerworks_mock_webhook_url") or None)
    with serve(app) as root:
        yield app, root


@pytest.fixture
def finerworks_webhook_receiver() -> Iterator[WebhookReceiver]:
    """A local server on 127.0.0.1 that records the webhook calls it receives: give its `url` as an
    order's webhook_order_status_url, then `wait(count)` for the calls (each with path, headers, body)."""
    from .webhooks import WebhookReceiver

    with WebhookReceiver() as receiver:
        yield receiver


@pytest.fixture
def finerworks_sandbox(finerworks_mock_server: tuple[MockApp, str]) -> Iterator[Sandbox]:
    """The session's mock, reset for this test, with a MockAdmin and a FinerWorksClient for it."""
    from .admin_client import MockAdmin

    try:
        from finerworks_client import FinerWorksClient
    except ImportError:  # pragma: no cover - depends on what the user installed
        pytest.fail("finerworks_sandbox needs the finerworks-client package (pip install ./generated)")
    app, root = finerworks_mock_server
    base_url = root + app.spec.base_path
    with MockAdmin(root) as admin, FinerWorksClient(web_api_key=KEYS[0], app_key=KEYS[1], base_url=base_url) as client:
        admin.reset()
        yield Sandbox(base_url, admin, client, app)
