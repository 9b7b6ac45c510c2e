"""Test helpers: the keys the tests' mock requires, and a request recorder."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from finerworks_mock import serve
from finerworks_mock.spec import Spec
from starlette.datastructures import Headers
from starlette.types import ASGIApp, Receive, Scope, Send

from scripts.fuzz import schemathesis_keys

__all__ = ["AUTH", "BASE_PATH", "CLOSED", "KEYS", "NOWHERE", "Recorder", "finerworks_script", "serve"]

# The pair schemathesis.toml makes schemathesis send; the tests' mock requires it.
KEYS = schemathesis_keys()
AUTH = {"web_api_key": KEYS[0], "app_key": KEYS[1]}
# The path of the API on its host, as openapi.yaml's servers give it ("/v3"), and base URLs with it
# that no request reaches: a host that cannot resolve, and a local port where nothing listens.
BASE_PATH = Spec().base_path
NOWHERE = "https://finerworks.invalid" + BASE_PATH
CLOSED = "http://127.0.0.1:9" + BASE_PATH


@dataclass
class Received:
    method: str
    path: str
    headers: Headers
    body: bytes


class Recorder:
    """ASGI middleware that keeps a copy of every HTTP request before passing it on."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app
        self.requests: list[Received] = []

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        body, more = b"", True
        while more:
            message = await receive()
            body += message.get("body", b"")
            more = message.get("more_body", False)
        self.requests.append(Received(scope["method"], scope["path"], Headers(scope=scope), body))

        async def replay() -> dict[str, Any]:
            return {"type": "http.request", "body": body, "more_body": False}

        await self.app(scope, replay, send)


def finerworks_script(folder: Path) -> Path:
    """Write into folder the `finerworks` console script, as pip writes it for the client's
    [project.scripts] (the venv has the package on a .pth path, not installed): folder, for PATH."""
    script = folder / "finerworks"
    script.write_text(f"#!{sys.executable}\nimport sys\nfrom finerworks_client.cli import main\nsys.exit(main())\n")
    script.chmod(0o755)
    return folder


@contextmanager
def mock_command(command: Sequence[str | Path], cwd: Path) -> Iterator[tuple[subprocess.Popen[str], str]]:
    """The mock run as a command (its console script, or `python -m finerworks_mock`) with `--port 0`
    added: the process and its base URL (with /v3) once it serves; stopped on the way out if it
    still runs."""
    process = subprocess.Popen(
        [*command, "--port", "0"],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        cwd=cwd,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    try:
        assert process.stdout is not None
        base_url = process.stdout.readline().split()[-1]
        for line in process.stdout:
            if "Application startup complete" in line:
                break
        yield process, base_url
    finally:
        if process.poll() is None:
            process.terminate()
            try:
                process.wait(10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
