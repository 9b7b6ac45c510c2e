"""Run the FinerWorks mock server: python -m scripts.mock [--port N] [--fixtures FILE] [--web-api-key K --app-key K]

It listens on 127.0.0.1 only and prints its base URL (the line starts with "FinerWorks mock:").
Port 0 picks a free port. Ctrl-C stops it.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
from pathlib import Path

import uvicorn

from .app import DEFAULT_FIXTURES, MAX_BODY_BYTES, create_app
from .serve import HTTP_PROTOCOL, listen
from .store import FixtureError


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m scripts.mock", description=__doc__.splitlines()[0])
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
    parser.add_argument("--log-level", default="info", choices=["critical", "error", "warning", "info", "debug"])
    args = parser.parse_args(argv)
    if bool(args.web_api_key) != bool(args.app_key):
        parser.error("give both --web-api-key and --app-key, or neither")

    try:
        app = create_app(args.fixtures, (args.web_api_key, args.app_key) if args.web_api_key else None)
    except FixtureError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2

    try:
        listener = listen(args.port)
    except OSError as error:
        print(f"error: cannot listen on 127.0.0.1:{args.port}: {error.strerror}", file=sys.stderr)
        return 2
    port = listener.getsockname()[1]
    keys = "the configured key pair" if args.web_api_key else "any non-empty web_api_key and app_key"
    print(f"FinerWorks mock: http://127.0.0.1:{port}{app.spec.base_path}", flush=True)
    print(f"  fixtures {args.fixtures}; accepts {keys}; bodies up to {MAX_BODY_BYTES} bytes", flush=True)
    print(f"  state: GET http://127.0.0.1:{port}/_mock/state, reset: POST .../_mock/reset", flush=True)
    config = uvicorn.Config(
        app, log_level=args.log_level, lifespan="on", timeout_graceful_shutdown=2, http=HTTP_PROTOCOL
    )
    with contextlib.suppress(KeyboardInterrupt):  # uvicorn shuts down gracefully, then re-raises Ctrl-C
        uvicorn.Server(config).run(sockets=[listener])
    print("FinerWorks mock: stopped", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
