"""The admin API's Python shapes against admin.yaml, their one source: MockAdmin's TypedDicts, the
store's Order and the fault rules' Fault. A member added to admin.yaml alone fails these tests, and
does not make the admin API answer 500."""

from __future__ import annotations

import dataclasses
import functools
import inspect
import operator
import shutil
import types
import typing
from pathlib import Path
from typing import Any

import httpx
import pytest
import yaml
from finerworks_mock import admin_client
from finerworks_mock.app import MockApp
from finerworks_mock.faults import Fault
from finerworks_mock.server import serve
from finerworks_mock.spec import ADMIN_SPEC_PATH, SPEC_PATH, Spec
from finerworks_mock.store import Order, OrderStore, StateSchema

ADMIN = yaml.safe_load(ADMIN_SPEC_PATH.read_text())
SCHEMAS = ADMIN["components"]["schemas"]
# Every TypedDict of admin_client named after a schema of admin.yaml (a new one is checked as it comes).
TYPED_DICTS = {
    name: value
    for name, value in vars(admin_client).items()
    if typing.is_typeddict(value) and not name.startswith("_") and name in SCHEMAS
}
SCALARS: dict[str, Any] = {"integer": int, "string": str, "boolean": bool, "number": float, "null": type(None)}


def python_type(schema: dict[str, Any]) -> Any:
    """The Python type a schema of admin.yaml stands for, in the terms of admin_client's TypedDicts."""
    ref = schema.get("$ref")
    if ref is not None:
        name = ref.rsplit("/", 1)[-1]
        return TYPED_DICTS[name] if ref.startswith("#") else dict[str, Any]  # openapi.yaml's: a plain dict
    for combination in ("oneOf", "anyOf"):
        if combination in schema:
            return functools.reduce(operator.or_, [python_type(branch) for branch in schema[combination]])
    kinds = schema.get("type")
    if kinds is None:
        return Any
    if isinstance(kinds, list):
        return functools.reduce(operator.or_, [python_type({**schema, "type": kind}) for kind in kinds])
    if kinds == "array":
        return list[python_type(schema["items"])]  # type: ignore[misc]
    if kinds == "object":
        values = schema.get("additionalProperties")
        return dict[str, python_type(values) if isinstance(values, dict) else Any]  # type: ignore[misc]
    return SCALARS[kinds]


def same(left: Any, right: Any) -> bool:
    """Equal types, a union's members in any order (int | None is None | int)."""
    if isinstance(left, types.UnionType) or isinstance(right, types.UnionType):
        return set(typing.get_args(left)) == set(typing.get_args(right))
    return bool(left == right)


def test_mock_admins_typed_dicts_are_found() -> None:
    assert {"StatusLabel", "StateOrder", "State", "FaultRule", "RequestRecord"} <= set(TYPED_DICTS)


@pytest.mark.parametrize("name", TYPED_DICTS)
def test_each_typed_dict_is_its_admin_yaml_schema(name: str) -> None:
    schema, typed = SCHEMAS[name], TYPED_DICTS[name]
    hints = typing.get_type_hints(typed)
    assert set(hints) == set(schema["properties"]), f"{name}: members differ from admin.yaml"
    assert set(typed.__required_keys__) == set(schema.get("required", [])), f"{name}: required members differ"
    for member, member_schema in schema["properties"].items():
        expected = python_type(member_schema)
        assert same(hints[member], expected), f"{name}.{member}: {hints[member]} is not {expected} (admin.yaml)"


@pytest.mark.parametrize(("cls", "schema_name"), [(Fault, "FaultRule"), (Order, "StateOrder")])
def test_the_servers_dataclasses_have_their_schemas_members(cls: type, schema_name: str) -> None:
    hints = typing.get_type_hints(cls)
    properties = SCHEMAS[schema_name]["properties"]
    assert {field.name for field in dataclasses.fields(cls)} == set(properties)
    for member, member_schema in properties.items():
        expected = python_type(member_schema)
        if member in SCHEMAS[schema_name].get("required", []) or "default" in member_schema or member == "id":
            expected_options = (expected,)
        else:  # optional, no default: the dataclass may hold None for "left out"
            expected_options = (expected, expected | None)
        assert any(same(hints[member], option) for option in expected_options), f"{cls.__name__}.{member}"


def test_mock_admins_add_fault_takes_every_member_of_a_rule() -> None:
    parameters = set(inspect.signature(admin_client.MockAdmin.add_fault).parameters) - {"self"}
    assert parameters == set(SCHEMAS["FaultRule"]["properties"]) - {"id"}


def test_the_request_log_writes_every_member_of_a_record(app: MockApp) -> None:
    with serve(app) as root:
        httpx.post(root + "/v3/fetch_order_status", json={"order_ids": [1]})
        [record] = httpx.get(root + "/_mock/requests").json()["requests"]
    assert set(record) == set(SCHEMAS["RequestRecord"]["properties"])


@pytest.fixture
def grown_admin_yaml(tmp_path: Path) -> Spec:
    """admin.yaml with a member FaultRule and StateOrder gained there, before the code knows it."""
    document = yaml.safe_load(ADMIN_SPEC_PATH.read_text())
    for name in ("FaultRule", "StateOrder"):
        document["components"]["schemas"][name]["properties"]["note"] = {"type": "string", "description": "New."}
    (tmp_path / "admin.yaml").write_text(yaml.safe_dump(document, sort_keys=False))
    shutil.copy(SPEC_PATH, tmp_path / "openapi.yaml")
    return Spec(tmp_path / "admin.yaml")


def test_a_member_added_to_admin_yaml_alone_is_no_500(grown_admin_yaml: Spec, spec: Spec) -> None:
    """Was: Fault(**fields) raised TypeError on the new member, and the admin API answered 500."""
    schema = StateSchema(grown_admin_yaml)
    fixtures = yaml.safe_load(Path(admin_client.__file__).with_name("fixtures.yaml").read_text())
    app = MockApp(OrderStore(fixtures, spec, schema), spec)
    with serve(app) as root:
        fault = httpx.post(root + "/_mock/faults", json={"operation_id": "fetchOrderStatus", "note": "x"})
        order = httpx.post(root + "/_mock/orders", json={"order_id": 5550001, "order_po": "PO_NEW", "note": "x"})
    assert fault.status_code == 200, fault.text
    assert order.status_code == 200, order.text
