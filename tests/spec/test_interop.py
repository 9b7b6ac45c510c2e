"""openapi.yaml in other languages' generators, each in its default configuration (make interop).

- openapi-typescript, run with no config file: its types (generated/typescript/, drift-checked by
  make check-generated) make tests/typescript/usage.ts type-check under tsc --strict, and make the
  invalid calls there fail.
- Stoplight Prism mocks it without warnings, and validates requests as the mock does: a query by
  purchase-order number alone passes, an empty one is refused, null is accepted where the policy
  says.
- openapi-generator (python, typescript-fetch, go, java): generates without errors or warnings
  (the status webhook has a tag of its own: sharing `orders` made two OrdersApi files collide),
  and a user writes a fetchOrderStatus request by purchase-order number alone without naming
  order_ids. The "order_ids or order_pos" rule is a JSON Schema if/then, which generators leave to
  the server: both fields are optional and nullable in every generated model.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import httpx
import pytest
from finerworks_mock.spec import SPEC_PATH, Spec

ROOT = Path(__file__).resolve().parents[2]
TSC = ROOT / "node_modules" / ".bin" / "tsc"
BUILD = ROOT / "build" / "interop"
GENERATORS = ("python", "typescript-fetch", "go", "java")
# What openapi-generator 7.26 says about this document that is expected and harmless.
KNOWN_WARNINGS = (
    "OpenAPI 3.1 support is still in beta",
    "Ignoring complex example on request body",
    # The python generator prints this for every document, even a minimal one-operation 3.0.3 file
    # with inline schemas: it is about its own internals, not about openapi.yaml.
    "Failed to get the schema name: null",
)


def tsc(config: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(TSC), "-p", str(ROOT / "tests" / "typescript" / config)], capture_output=True, text=True, cwd=ROOT
    )


def test_typescript_types_type_check_and_refuse_invalid_calls() -> None:
    result = tsc("tsconfig.json")
    # An invalid call that type-checks shows up as TS2578 "Unused '@ts-expect-error' directive".
    assert result.returncode == 0, result.stdout + result.stderr


def test_openapi_typescript_reads_the_fetch_rule_as_two_optional_lists() -> None:
    types = (ROOT / "generated" / "typescript" / "finerworks.ts").read_text(encoding="utf-8")
    request = re.search(r"FetchOrderStatusRequest: \{.*?\};", types, re.DOTALL)
    assert request is not None
    fields = re.sub(r"/\*\*.*?\*/", "", request.group(0), flags=re.DOTALL)
    assert re.sub(r"\s+", " ", fields) == (
        'FetchOrderStatusRequest: { order_ids?: components["schemas"]["OrderId"][] | null; '
        "order_pos?: string[] | null; account_key?: string | null; };"
    )


def test_openapi_typescript_makes_response_members_present_and_nullable() -> None:
    """Required response members carry no `?`, and only the members integrations have seen without
    FinerWorks documenting them do; nullable ones say `| null` (openapi.yaml's policy)."""
    types = (ROOT / "generated" / "typescript" / "finerworks.ts").read_text(encoding="utf-8")
    shipment = re.search(r"\bShipment: \{.*?\n        \};", types, re.DOTALL)
    assert shipment is not None
    body = re.sub(r"/\*\*.*?\*/", "", shipment.group(0), flags=re.DOTALL)
    assert "delivery_date: string | null;" in body
    assert re.findall(r"(\w+)\?:", body) == ["service"]  # observed, not documented: optional
    orders = re.search(r"\bFetchOrderStatusResponse: \{.*?\n        \};", types, re.DOTALL)
    assert orders is not None and 'orders: components["schemas"]["OrderStatus"][] | null;' in orders.group(0)


def run_openapi_generator(generator: str) -> tuple[str, int, str]:
    output = BUILD / generator
    shutil.rmtree(output, ignore_errors=True)
    command = [
        str(Path(sys.executable).with_name("openapi-generator-cli")),
        "generate",
        "--input-spec",
        str(SPEC_PATH),
        "--generator-name",
        generator,
        "--output",
        str(output),
    ]
    result = subprocess.run(command, capture_output=True, text=True, timeout=600)
    return generator, result.returncode, result.stdout + result.stderr


@pytest.fixture(scope="module")
def openapi_generator() -> dict[str, tuple[int, str]]:
    """Run the three generators side by side; generator -> (exit code, log)."""
    with ThreadPoolExecutor(max_workers=len(GENERATORS)) as pool:
        return {name: (code, log) for name, code, log in pool.map(run_openapi_generator, GENERATORS)}


@pytest.mark.parametrize("generator", GENERATORS)
def test_openapi_generator_generates_without_errors(
    openapi_generator: dict[str, tuple[int, str]], generator: str
) -> None:
    code, log = openapi_generator[generator]
    assert code == 0, log[-3000:]
    problems = [
        line
        for line in log.splitlines()
        if re.search(r"\b(ERROR|WARN|Exception)\b", line) and not any(known in line for known in KNOWN_WARNINGS)
    ]
    assert problems == []


def test_typescript_fetch_client_type_checks(openapi_generator: dict[str, tuple[int, str]]) -> None:
    assert openapi_generator["typescript-fetch"][0] == 0
    result = tsc("tsconfig.openapi-generator.json")
    assert result.returncode == 0, result.stdout + result.stderr


def test_generated_python_package_compiles_but_for_the_webhook_module_nothing_imports(
    openapi_generator: dict[str, tuple[int, str]],
) -> None:
    """openapi-generator 7.26 also writes a *caller* for each webhook (api/webhooks_api.py), as if
    the integration called FinerWorks; its python generator leaves that method's body parameter
    without a type (a syntax error), for any webhook body, even a plain object. Nothing imports
    the module: the package and its four operations work. This pins that, so that a fix upstream,
    or a change that makes the package import it, is noticed."""
    import py_compile

    package = BUILD / "python" / "openapi_client"
    broken = []
    for module in sorted(package.rglob("*.py")):
        try:
            py_compile.compile(str(module), cfile=str(BUILD / "python-pyc" / module.name), doraise=True)
        except py_compile.PyCompileError:
            broken.append(module.relative_to(package).as_posix())
    assert broken in ([], ["api/webhooks_api.py"])
    for importer in (package / "__init__.py", package / "api" / "__init__.py"):
        assert "webhooks_api" not in importer.read_text(encoding="utf-8")
    assert "OrdersApi" in (package / "api" / "__init__.py").read_text(encoding="utf-8")


def test_python_model_lets_order_pos_stand_alone(openapi_generator: dict[str, tuple[int, str]]) -> None:
    model = (BUILD / "python" / "openapi_client" / "models" / "fetch_order_status_request.py").read_text(
        encoding="utf-8"
    )
    # Optional with a None default: FetchOrderStatusRequest(order_pos=["PO_0001"]) is enough.
    assert re.search(r"order_ids: Optional\[List\[.*\]\] = Field\(default=None", model), model
    assert re.search(r"order_pos: Optional\[List\[.*\]\] = Field\(default=None", model), model


def test_go_model_lets_order_pos_stand_alone(openapi_generator: dict[str, tuple[int, str]]) -> None:
    model = (BUILD / "go" / "model_fetch_order_status_request.go").read_text(encoding="utf-8")
    # No constructor argument: both fields are optional.
    assert "func NewFetchOrderStatusRequest() *FetchOrderStatusRequest" in model
    assert 'json:"order_ids,omitempty"' in model


def test_java_model_lets_order_pos_stand_alone(openapi_generator: dict[str, tuple[int, str]]) -> None:
    model = BUILD / "java" / "src" / "main" / "java" / "org" / "openapitools" / "client" / "model"
    source = (model / "FetchOrderStatusRequest.java").read_text(encoding="utf-8")
    # A builder per field and a no-argument constructor: orderIds can stay unset.
    assert "public FetchOrderStatusRequest() {" in source
    assert "public FetchOrderStatusRequest orderPos(" in source and "List<String> orderPos" in source


def test_what_generated_clients_send_for_order_pos_alone_is_valid() -> None:
    """The bodies those clients send (no order_ids, or null) satisfy openapi.yaml's rule; {} does not."""
    spec = Spec()
    assert spec.errors("FetchOrderStatusRequest", {"order_pos": ["PO_0001"]}) == []
    assert spec.errors("FetchOrderStatusRequest", {"order_ids": None, "order_pos": ["PO_0001"]}) == []
    assert spec.errors("FetchOrderStatusRequest", {}) != []


PRISM = ROOT / "node_modules" / ".bin" / "prism"


@pytest.fixture(scope="module")
def prism(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, str]]:
    """Stoplight Prism mocking openapi.yaml with its default settings: (base URL, what it logged starting)."""
    from bench.run import start, wait_for

    log = tmp_path_factory.mktemp("prism") / "prism.log"
    process = start([str(PRISM), "mock", str(SPEC_PATH), "--host", "127.0.0.1", "--port", "0"], log)
    try:
        url = wait_for(log, r"Prism is listening on (\S+)", process).group(1)
        yield url, log.read_text()
    finally:
        process.terminate()
        process.wait(timeout=10)


def test_prism_reads_the_spec_and_applies_the_fetch_rule(prism: tuple[str, str]) -> None:
    url, startup = prism
    headers = {"web_api_key": "k", "app_key": "k"}
    by_po = httpx.post(url + "/fetch_order_status", json={"order_pos": ["PO_0001"]}, headers=headers)
    assert by_po.status_code == 200, by_po.text
    assert by_po.json()["status"]["success"] is True
    empty = httpx.post(url + "/fetch_order_status", json={}, headers=headers)
    assert empty.status_code == 400  # the documented refusal; Prism logs "must match then schema"
    both_null = httpx.post(url + "/fetch_order_status", json={"order_ids": None, "order_pos": None}, headers=headers)
    assert both_null.status_code == 400
    address = {"first_name": "Lena", "last_name": "Huber", "address_1": "Marienplatz 1", "zip_postal_code": "80331"}
    german: dict[str, Any] = {
        "order_id": 1,
        "customer_info": {**address, "country_code": "de", "state_code": None, "province": "Bayern"},
    }
    assert httpx.put(url + "/update_customer", json=german, headers=headers).status_code == 200
    # FinerWorks' address model, as Prism reads it: state_code blank outside the U.S., required in it.
    with_state = {"order_id": 1, "customer_info": {**german["customer_info"], "state_code": "BY"}}
    assert httpx.put(url + "/update_customer", json=with_state, headers=headers).status_code == 400
    no_state = {"order_id": 1, "customer_info": {**address, "country_code": "us"}}
    assert httpx.put(url + "/update_customer", json=no_state, headers=headers).status_code == 400
    problems = [line for line in startup.splitlines() if re.search(r"\b(warning|error)\b", line, re.I)]
    assert problems == []


def test_openapi_python_client_in_its_default_settings_reads_the_spec_without_warnings(tmp_path: Path) -> None:
    """No config file, no templates of ours: what a Python user who runs the generator gets."""
    bin_dir = Path(sys.executable).parent
    command = [str(bin_dir / "openapi-python-client"), "generate", "--path", str(SPEC_PATH), "--fail-on-warning"]
    env = {"PATH": f"{bin_dir}:/usr/bin:/bin", "LC_ALL": "C.UTF-8"}
    result = subprocess.run(command, capture_output=True, text=True, cwd=tmp_path, env=env, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Warning" not in result.stdout + result.stderr
    request = next(tmp_path.glob("*/*/models/fetch_order_status_request.py")).read_text(encoding="utf-8")
    assert "order_ids: list[int] | None | Unset = UNSET" in request
    assert "order_pos: list[str] | None | Unset = UNSET" in request
