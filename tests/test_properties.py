"""Schemathesis property tests: openapi.yaml and the mock must agree, for valid and invalid input.

Settings (seed, examples per operation, every check enabled, auth headers) are in
schemathesis.toml. A failure means the spec documents something the mock does not do, or the mock
does something the spec does not document.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import schemathesis

from scripts.mock import create_app
from scripts.mock.spec import SPEC_PATH

from .support import KEYS, serve

# In process: the schema is bound to the ASGI app, so every request (the probes of the auth
# checks included) goes straight to it, without sockets.
in_process = schemathesis.openapi.from_path(str(SPEC_PATH))
in_process.app = create_app(keys=KEYS)


@in_process.parametrize()
def test_in_process(case: schemathesis.Case) -> None:
    case.call_and_validate()


@pytest.fixture(scope="module")
def over_socket_schema() -> Iterator[schemathesis.BaseSchema]:
    with serve(create_app(keys=KEYS)) as root:
        schema = schemathesis.openapi.from_path(str(SPEC_PATH))
        schema.config.base_url = f"{root}/v3"
        yield schema


over_socket = schemathesis.pytest.from_fixture("over_socket_schema")


@over_socket.parametrize()
def test_over_socket(case: schemathesis.Case) -> None:
    """The same, through uvicorn on a real 127.0.0.1 socket: HTTP parsing and framing included."""
    case.call_and_validate()
