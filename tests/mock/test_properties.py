"""Schemathesis property tests: openapi.yaml and the mock must agree, for valid and invalid input.

Settings (seed, examples per operation, every check enabled, auth headers) are in
schemathesis.toml. A failure means the spec documents something the mock does not do, or the mock
does something the spec does not document. The mock's admin API is held to its own document,
admin.yaml, the same way.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from finerworks_mock import create_app
from finerworks_mock.spec import ADMIN_SPEC_PATH, SPEC_PATH, Spec
from hypothesis import settings
from openapi_core.testing import MockRequest

from tests.support import AUTH, KEYS, serve

JSON_VALUES = (dict, list, str, int, float, bool, type(None))

# In process: the schema is bound to the ASGI app, so every request (the probes of the auth
# checks included) goes straight to it, without sockets.
in_process = schemathesis.openapi.from_path(str(SPEC_PATH))
in_process.app = app = create_app(keys=KEYS)


@in_process.parametrize()
def test_in_process(case: schemathesis.Case[Any]) -> None:
    case.call_and_validate()


@pytest.fixture(scope="module")
def over_socket_schema() -> Iterator[schemathesis.BaseSchema]:
    with serve(create_app(keys=KEYS)) as root:
        schema = schemathesis.openapi.from_path(str(SPEC_PATH))
        schema.config.base_url = f"{root}/v3"
        yield schema


over_socket = schemathesis.pytest.from_fixture("over_socket_schema")


@over_socket.parametrize()
def test_over_socket(case: schemathesis.Case[Any]) -> None:
    """The same, through uvicorn on a real 127.0.0.1 socket: HTTP parsing and framing included."""
    case.call_and_validate()


@in_process.parametrize()
def test_precompiled_validation_agrees_with_openapi_core(case: schemathesis.Case[Any], spec: Spec) -> None:
    """The mock lets a request skip openapi-core when its precompiled body validator accepts it
    (finerworks_mock/app.py, MockApp._check). That is only sound if both judge every body alike."""
    if case.method != case.operation.method.upper():
        return  # a probe of a method the path does not have: answered 405 before any validation
    if case.media_type != "application/json" or not isinstance(case.body, JSON_VALUES):
        return  # no JSON body: the precompiled check refuses it, and openapi-core says why
    request = MockRequest(
        "http://mock", case.method, spec.base_path + case.path, headers=AUTH, data=json.dumps(case.body).encode()
    )
    openapi_core_accepts = not list(spec.openapi.iter_request_errors(request))
    operation_id = case.operation.definition.raw["operationId"]
    assert app.body_validators[operation_id].is_valid(case.body) is openapi_core_accepts, case.body


# The admin API against admin.yaml, in process. Fewer cases per operation: its bodies (whole
# states) are large to generate, and it is the sandbox's control panel, not FinerWorks' contract.
admin_api = schemathesis.openapi.from_path(str(ADMIN_SPEC_PATH))
admin_api.app = create_app(keys=KEYS)


@admin_api.parametrize()
@settings(max_examples=15)
def test_admin_api_in_process(case: schemathesis.Case[Any]) -> None:
    case.call_and_validate()
