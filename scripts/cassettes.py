"""Cassettes: recorded FinerWorks exchanges that `make test` replays (tests/tools/test_cassettes.py).

`make cassettes` re-records the seed set, tests/cassettes/mock-*.yaml: it starts the mock and the
proxy (finerworks_mock/proxy.py) on free ports, drives the generated client through every operation (the
request examples of openapi.yaml and the refusals each operation documents), and keeps the
cassette the proxy wrote for each call under a descriptive name. Other cassettes in the directory
(contributed ones, recorded against the sandbox) are left alone.

Writing and loading cassettes is finerworks_mock/cassettes.py's; endpoint() finds the generated
client's function and request model for an operation.
"""

from __future__ import annotations

import importlib
import logging
import re
import sys
import tempfile
from pathlib import Path
from types import ModuleType
from typing import Any

from finerworks_mock import create_app, serve
from finerworks_mock.conformance import Spec
from finerworks_mock.proxy import ValidatingProxy, running

ROOT = Path(__file__).resolve().parent.parent
CASSETTES = ROOT / "tests" / "cassettes"
SEED_PREFIX = "mock-"
# The mock runs on a free port while recording; the cassettes name it by the URL `make mock` serves
# on, so that re-recording changes only what the mock's answers change.
MOCK_ORIGIN = "http://127.0.0.1:8000"
RECORDING_KEYS = {"web_api_key": "recording-web-api-key", "app_key": "recording-app-key"}

# The seed set: (cassette name, operationId, request body, send the keys). Bodies named by an
# example are openapi.yaml's; the others are refusals the mock's fixtures produce (123456 is in
# production, 424242 does not exist).
SCENARIOS: list[tuple[str, str, str | dict[str, Any], bool]] = [
    ("fetchOrderStatus-byOrderIds", "fetchOrderStatus", "FetchOrderStatusByIdsRequest", True),
    ("fetchOrderStatus-byOrderPos", "fetchOrderStatus", "FetchOrderStatusByPosRequest", True),
    ("fetchOrderStatus-neitherList-400", "fetchOrderStatus", {"order_ids": None}, True),
    ("fetchOrderStatus-noKeys-401", "fetchOrderStatus", "FetchOrderStatusByPosRequest", False),
    ("updateOrder-hold", "updateOrder", "UpdateOrderHoldRequest", True),
    ("updateOrder-inProduction-409", "updateOrder", {"order_id": 123456, "update_command": "cancel"}, True),
    ("updateOrder-unknown-404", "updateOrder", {"order_id": 424242, "update_command": "hold"}, True),
    ("updateCustomer-newAddress", "updateCustomer", "UpdateCustomerRequest", True),
    ("updateCustomer-unknown-404", "updateCustomer", {"order_id": 424242}, True),
    ("deletePendingOrders-twoOrders", "deletePendingOrders", "DeletePendingOrdersRequest", True),
]


def endpoint(spec: Spec, operation_id: str) -> tuple[ModuleType, Any]:
    """The generated client's module for an operation (sync_detailed & co.) and its request model class."""
    method, path = spec.operations()[operation_id]
    operation = spec.document["paths"][path][method.lower()]
    snake = re.sub(r"(?<!^)(?=[A-Z])", "_", operation_id).lower()
    module = importlib.import_module(f"finerworks_client.api.{operation['tags'][0]}.{snake}")
    schema = operation["requestBody"]["content"]["application/json"]["schema"]["$ref"].rsplit("/", 1)[-1]
    models = importlib.import_module("finerworks_client.models")
    return module, getattr(models, schema)


def record(directory: Path = CASSETTES) -> list[Path]:
    """Re-record the seed cassettes into directory through the proxy from the mock; returns their paths."""
    from finerworks_client import Client

    spec = Spec()
    examples = spec.document["components"]["examples"]
    written = []
    with tempfile.TemporaryDirectory() as scratch, serve(create_app(spec=spec)) as mock:
        # The mock's fixtures are fictional people: their names and addresses are kept, as the examples show them.
        proxy = ValidatingProxy(mock + spec.base_path, record=Path(scratch), personal_data="keep")
        with running(proxy) as base_url:
            for old in directory.glob(f"{SEED_PREFIX}*.yaml"):
                old.unlink()
            for name, operation_id, body, keys in SCENARIOS:
                module, model = endpoint(spec, operation_id)
                data = examples[body]["value"] if isinstance(body, str) else body
                with Client(base_url=base_url, headers=RECORDING_KEYS if keys else {}) as client:
                    response = module.sync_detailed(client=client, body=model.from_dict(data))
                proxy.wait_idle()
                (cassette,) = Path(scratch).glob("*.yaml")
                target = directory / f"{SEED_PREFIX}{name}.yaml"
                # the URL and the Host header name the mock by where `make mock` serves
                text = cassette.read_text(encoding="utf-8").replace(mock.split("//")[1], MOCK_ORIGIN.split("//")[1])
                target.write_text(text, encoding="utf-8")
                cassette.unlink()
                written.append(target)
                print(f"  {target.name}: {operation_id} -> {response.status_code}", flush=True)
    return written


def main() -> int:
    logging.basicConfig(level=logging.WARNING, format="%(message)s", stream=sys.stdout)
    print(f"Recording {len(SCENARIOS)} cassettes through the proxy from the mock into {CASSETTES.relative_to(ROOT)}/")
    print("(the proxy logs a request violation for the -400 and -401 ones: they break the spec on purpose)")
    CASSETTES.mkdir(parents=True, exist_ok=True)
    record()
    return 0


if __name__ == "__main__":
    sys.exit(main())
