"""finerworks-mock: run the FinerWorks mock server (also `python -m finerworks_mock`).

It listens on 127.0.0.1 unless told otherwise, and prints its base URL (the line starts with
"FinerWorks mock:"). Port 0 picks a free port. Ctrl-C or SIGTERM stops it: requests in flight
finish (a delayed one is answered 503), then it prints "FinerWorks mock: stopped" and exits 0.
Fixtures it cannot serve are refused before it listens, with the reason and exit status 2.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
from pathlib import Path

from .app import ADMIN_PREFIX, DEFAULT_FIXTURES, MAX_BODY_BYTES, create_app
from .server import BODY_TIMEOUT, HEAD_TIMEOUT, MAX_HEAD_BYTES, HttpProtocol, Server, config, is_loopback, listen
from .store import FixtureError
from .webhooks import SHAPES, redact, url_problem

# The tools around the mock, as subcommands; they need the `check` extra (schemathesis, vcrpy).
TOOLS = {
    "proxy": "a validating, recording proxy in front of FinerWorks or the mock (finerworks_mock.proxy)",
    "contract": "check a server (default: this mock) against openapi.yaml (finerworks_mock.contract)",
}
EXTRA = 'pip install "finerworks-mock[check]"'


def tool(name: str, argv: list[str]) -> int:
    """Run `finerworks-mock <name> ...`; without the check extra, one line says what to install."""
    import importlib

    try:
        module = importlib.import_module(f"finerworks_mock.{name}")
    except ModuleNotFoundError as error:
        missing = (error.name or "finerworks_mock").split(".")[0]
        if missing == "finerworks_mock":
            raise
        print(f"finerworks-mock {name} needs the check extra ({missing} is missing): {EXTRA}", file=sys.stderr)
        return 2
    status: int = module.main(argv, prog=f"finerworks-mock {name}")
    return status


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv and argv[0] in TOOLS:
        return tool(argv[0], argv[1:])
    epilog = "subcommands (" + EXTRA + "):\n" + "\n".join(f"  {n:<10} {what}" for n, what in TOOLS.items())
    parser = argparse.ArgumentParser(
        prog="finerworks-mock",
        description=__doc__.splitlines()[0],
        epilog=epilog,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--host", default="127.0.0.1", help="the address to listen on (default: 127.0.0.1)")
    parser.add_argument("--port", type=int, default=int(os.environ.get("PORT", "8000")), help="default: $PORT or 8000")
    parser.add_argument("--fixtures", type=Path, default=DEFAULT_FIXTURES, help="YAML file of the initial state")
    parser.add_argument(
        "--web-api-key",
        default=os.environ.get("FINERWORKS_MOCK_WEB_API_KEY"),
        help="require this web_api_key (default: $FINERWORKS_MOCK_WEB_API_KEY; unset: any non-empty key)",
    )
    parser.add_argument(
        "--app-key",
        default=os.environ.get("FINERWORKS_MOCK_APP_KEY"),
        help="require this app_key (default: $FINERWORKS_MOCK_APP_KEY; unset: any non-empty key)",
    )
    parser.add_argument(
        "--admin-token",
        default=os.environ.get("FINERWORKS_MOCK_ADMIN_TOKEN"),
        help="require `Authorization: Bearer TOKEN` on the admin API (default: $FINERWORKS_MOCK_ADMIN_TOKEN)",
    )
    parser.add_argument(
        "--webhook-url",
        default=os.environ.get("FINERWORKS_MOCK_WEBHOOK_URL"),
        help="POST the order-status webhook of orders without their own webhook_order_status_url here "
        "(default: $FINERWORKS_MOCK_WEBHOOK_URL; unset: only orders with one get it)",
    )
    parser.add_argument(
        "--webhook-shape",
        default="order",
        choices=SHAPES,
        help="the webhook body: one order object (default), a list of orders, or the fetchOrderStatus envelope",
    )
    parser.add_argument("--log-level", default="info", choices=["critical", "error", "warning", "info", "debug"])
    args = parser.parse_args(argv)
    if bool(args.web_api_key) != bool(args.app_key):
        parser.error("give both --web-api-key and --app-key, or neither")
    if args.webhook_url is not None and url_problem(args.webhook_url):
        parser.error(f"--webhook-url: {url_problem(args.webhook_url)}")

    loopback = is_loopback(args.host)
    try:
        app = create_app(
            args.fixtures,
            (args.web_api_key, args.app_key) if args.web_api_key else None,
            admin_token=args.admin_token,
            loopback_only=loopback,
            webhook_url=args.webhook_url,
            webhook_shape=args.webhook_shape,
        )
    except FixtureError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2

    try:
        listener = listen(args.port, args.host)
    except OSError as error:
        print(f"error: cannot listen on {args.host}:{args.port}: {error.strerror}", file=sys.stderr)
        return 2
    port = listener.getsockname()[1]
    shown = f"[{args.host}]" if ":" in args.host else args.host
    root = f"http://{shown}:{port}"
    keys = "the configured key pair" if args.web_api_key else "any non-empty web_api_key and app_key"
    print(f"FinerWorks mock: {root}{app.spec.base_path}", flush=True)
    print(f"  fixtures {args.fixtures}; accepts {keys}; bodies up to {MAX_BODY_BYTES} bytes", flush=True)
    print(
        f"  headers up to {MAX_HEAD_BYTES} bytes, sent within {HEAD_TIMEOUT:g} s; bodies within {BODY_TIMEOUT:g} s;"
        f" up to {HttpProtocol.max_connections} connections",
        flush=True,
    )
    token = "; needs its admin token" if args.admin_token else ""
    print(f"  admin API: {root}{ADMIN_PREFIX}/state, /reset, /orders, /faults, /requests ...{token}", flush=True)
    if args.webhook_url:
        print(f"  status webhooks of orders without their own URL: {redact(args.webhook_url)}", flush=True)
    if not loopback:
        print(
            f"warning: listening on {args.host}, not loopback: anyone who can reach it can use it"
            + ("" if args.admin_token else " and its admin API (set --admin-token)"),
            file=sys.stderr,
            flush=True,
        )
    settings = config(app, log_level=args.log_level, timeout_graceful_shutdown=2)
    with contextlib.suppress(KeyboardInterrupt):  # a second Ctrl-C while stopping
        Server(settings).run(sockets=[listener])
    print("FinerWorks mock: stopped", flush=True)
    return 0
