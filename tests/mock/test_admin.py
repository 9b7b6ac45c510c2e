"""The admin API's Python shapes against admin.yaml, their one source: MockAdmin's TypedDicts, the
store's Order and the fault rules' Fault. A member added to admin.yaml alone fails these tests, and
does not make the admin API answer 500."""

from __future__ import annotations

import copy
import dataclasses
import functools
import inspect
import json
import operator
import shutil
import types
import typing
from pathlib import Path
from typing import Any

import httpx
import pytest
import yaml
from finerworks_mock import admin_client, create_app
from finerworks_mock.admin import MAX_ADMIN_BODY_BYTES, host_name
from finerworks_mock.app import DEFAULT_FIXTURES, MockApp, Seen
from finerworks_mock.faults import Fault
from finerworks_mock.server import serve
from finerworks_mock.spec import ADMIN_SPEC_PATH, SPEC_PATH, Spec
from finerworks_mock.store import Order, OrderStore, StateSchema
from finerworks_mock.webhooks import Delivery, Webhooks
from finerworks_mock.wire import INVALID, OFFLOAD_BYTES
from starlette.types import Message

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
            expected_options: tuple[Any, ...] = (expected,)
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


# --- the admin API in-process (httpx.ASGITransport): each rule on the smallest case ---------------------


class RecordedWebhooks(Webhooks):
    """Webhooks that record each order_changed call instead of sending it."""

    def __init__(self) -> None:
        super().__init__()
        self.calls: list[tuple[dict[str, Any], str | None, str]] = []

    def order_changed(self, order: dict[str, Any], url: str | None, event: str) -> Delivery | None:
        self.calls.append((order, url, event))
        return None


@pytest.fixture
def hooks() -> RecordedWebhooks:
    return RecordedWebhooks()


FIXTURES = yaml.safe_load(DEFAULT_FIXTURES.read_text())


@pytest.fixture(scope="module")
def schema() -> StateSchema:
    """admin.yaml, loaded once for the file: a mutant runs these tests again and again."""
    return StateSchema()


@pytest.fixture
def mock(spec: Spec, schema: StateSchema, hooks: RecordedWebhooks) -> MockApp:
    return MockApp(OrderStore(copy.deepcopy(FIXTURES), spec, schema), spec, webhooks=hooks)


def admin(app: MockApp, host: str = "127.0.0.1", **headers: str) -> httpx.AsyncClient:
    transport = httpx.ASGITransport(app=app)
    return httpx.AsyncClient(transport=transport, base_url=f"http://{host}/_mock", headers=headers)


def status_of(store: OrderStore, order_id: int) -> tuple[int, str]:
    [order] = store.fetch([order_id], None)
    return order["order_status_id"], order["order_status_label"]


HOOKED = {"order_id": 5550001, "order_po": "PO_HOOK", "webhook_order_status_url": "https://shop.example/hook?k=1"}
SHIPMENT = {"shipment_date": "2025-02-03T10:00:00-06:00", "tracking_number": "1Z9"}


async def test_a_status_change_sends_the_orders_webhook_with_its_url_and_event(
    mock: MockApp, hooks: RecordedWebhooks
) -> None:
    async with admin(mock) as api:
        created = await api.post("/orders", json=HOOKED)
        moved = await api.post("/production_status", json={"order_id": 5550001})
        shipped = await api.post("/shipments", json={"order_id": 5550001, "shipment": SHIPMENT})
    assert created.status_code == 200
    assert moved.status_code == 200 and moved.json()["order_status_id"] == 5 and moved.json()["in_production"]
    assert shipped.status_code == 200 and len(shipped.json()["shipments"]) == 1
    [order_after_move, order_after_shipment] = [call[0] for call in hooks.calls]
    assert [(call[1], call[2]) for call in hooks.calls] == [
        ("https://shop.example/hook?k=1", "production_status"),
        ("https://shop.example/hook?k=1", "shipment"),
    ]
    assert order_after_move["order_id"] == 5550001 and order_after_move["order_status_id"] == 5
    assert order_after_move["order_status_label"] == "In Production" and not order_after_move["shipments"]
    assert order_after_shipment == mock.store.fetch([5550001], None)[0]
    assert order_after_shipment["shipments"][0]["tracking_number"] == "1Z9"


async def test_no_webhook_when_the_status_fetchorderstatus_reports_is_unchanged(
    mock: MockApp, hooks: RecordedWebhooks
) -> None:
    async with admin(mock) as api:
        same = await api.post("/production_status", json={"order_id": 123457, "order_status_id": 5})
        refused = await api.post("/production_status", json={"order_id": 123456})  # at the last status
        missing = await api.post("/shipments", json={"order_id": 999, "shipment": SHIPMENT})
    assert same.status_code == 200 and status_of(mock.store, 123457) == (5, "In Production")
    assert refused.status_code == 409 and "last production status" in refused.json()["Message"]
    assert missing.status_code == 404 and missing.json() == {"Message": "Order 999 was not found."}
    assert hooks.calls == []


async def test_an_order_without_its_own_url_leaves_the_url_to_the_default(
    mock: MockApp, hooks: RecordedWebhooks
) -> None:
    async with admin(mock) as api:
        moved = await api.post("/production_status", json={"order_id": 2468, "order_status_id": 7})
    assert moved.status_code == 200 and status_of(mock.store, 2468) == (7, "Shipped")
    [(order, url, event)] = hooks.calls
    assert (order["order_id"], order["order_status_id"], url, event) == (2468, 7, None, "production_status")


async def test_state_reset_and_faults_round_trip(mock: MockApp) -> None:
    fixtures = mock.store.snapshot()
    async with admin(mock) as api:
        state = await api.get("/state")
        await api.post("/orders", json=HOOKED)
        mock.log.add({"method": "POST", "path": "/v3/x", "headers": []}, Seen(), 200)
        added = await api.post("/faults", json={"operation_id": "fetchOrderStatus", "status": 503, "times": 2})
        listed = await api.get("/faults")
        with_order = (await api.get("/state")).json()
        reset = await api.post("/reset", json={})
        after_rules = (await api.get("/faults")).json()
        await api.post("/faults", json={"status": 500})
        cleared = await api.delete("/faults")
        smaller = {**fixtures, "orders": fixtures["orders"][:1]}
        loaded = await api.post("/reset", json={"state": smaller})
    assert state.status_code == 200 and state.json() == fixtures
    rule = {
        "id": 1,
        "operation_id": "fetchOrderStatus",
        "times": 2,
        "status": 503,
        "retry_after": None,
        "delay": 0.0,
        "close": False,
    }
    assert added.status_code == 200 and added.json() == {"faults": [rule]}
    assert listed.json() == {"faults": [rule]}
    assert 5550001 in [order["order_id"] for order in with_order["orders"]]
    assert reset.status_code == 200 and reset.json() == fixtures and mock.log.last(10) == []
    assert after_rules == {"faults": []}
    assert cleared.status_code == 200 and cleared.json() == {"faults": []} and mock.faults.rules == []
    assert loaded.status_code == 200 and [order["order_id"] for order in loaded.json()["orders"]] == [123456]
    assert mock.store.snapshot() == loaded.json()


@pytest.mark.parametrize(
    ("path", "body", "message"),
    [
        ("/faults", {"operation_id": "nope"}, "operation_id 'nope' is not one of"),
        ("/faults", {"operation_id": "fetchOrderStatus", "status": 409}, "409 is not a documented response"),
        ("/reset", {"state": {"submission_statuses": {}, "orders": [{"order_id": 1, "order_po": "A"}]}}, ""),
    ],
)
async def test_a_rule_or_state_that_cannot_apply_is_a_400_naming_why(
    mock: MockApp, path: str, body: dict[str, Any], message: str
) -> None:
    before = mock.store.snapshot()
    async with admin(mock) as api:
        response = await api.post(path, json=body)
    assert response.status_code == 400, response.text
    [(field, [said])] = response.json()["ModelState"].items()
    assert response.json()["Message"] == INVALID and field == "request" and message in said
    assert mock.store.snapshot() == before and mock.faults.rules == []


async def test_a_refused_change_is_its_status_with_the_stores_message(mock: MockApp) -> None:
    async with admin(mock) as api:
        taken = await api.post("/orders", json={"order_id": 2468, "order_po": "PO_X"})
    assert taken.status_code == 409 and taken.json() == {"Message": "Order 2468 exists already."}


@pytest.mark.parametrize(
    ("method", "path", "status", "allow"),
    [
        ("GET", "/nothing", 404, None),
        ("POST", "/state", 405, "GET"),
        ("PUT", "/faults", 405, "GET, POST, DELETE"),
        ("GET", "/reset", 405, "POST"),
    ],
)
async def test_an_unknown_admin_path_is_404_and_another_method_405_with_allow(
    mock: MockApp, method: str, path: str, status: int, allow: str | None
) -> None:
    async with admin(mock) as api:
        response = await api.request(method, path, json={})
    assert response.status_code == status
    if allow is None:
        assert response.json() == {"Message": f"There is no admin operation at /_mock{path} (see admin.yaml)."}
    else:
        assert response.headers["allow"] == allow
        assert response.json() == {"Message": f"{method} is not allowed on /_mock{path}; use {allow}."}


@pytest.mark.parametrize(
    ("content", "content_type", "status", "said"),
    [
        (b"{}", "text/plain", 415, "Send the request body as application/json, not 'text/plain'."),
        (b"{}", None, 415, "Send the request body as application/json, not 'no content type'."),
        (
            b"{}",
            "application/x-www-form-urlencoded",
            415,
            "Send the request body as application/json, not 'application/x-www-form-urlencoded'.",
        ),
        (b"", "application/json", 400, "A JSON request body is required ({} at least)."),
        (b"{", "application/json", 400, "The body is not valid JSON"),
        (b'{"order_id": "1"}', "application/json", 400, "'1' is not of type 'integer'"),
        (b'{"order_id": 1.0}', "application/json", 400, "1.0 is not of type 'integer'"),
        (b'{"order_id": 2468, "x": 1}', "application/json", 400, "Additional properties are not allowed"),
    ],
)
async def test_an_admin_body_must_be_json_of_its_schema(
    mock: MockApp, content: bytes, content_type: str | None, status: int, said: str
) -> None:
    headers = {"content-type": content_type} if content_type else {}
    async with admin(mock) as api:
        response = await api.post("/production_status", content=content, headers=headers)
    assert response.status_code == status and said in response.text, response.text
    assert response.json()["Message"] == (INVALID if status == 400 else said)
    if status == 400:
        [(field, [message])] = response.json()["ModelState"].items()
        assert field.startswith("request") and said in message
        if not content:
            assert (field, message) == ("request", said)
    assert status_of(mock.store, 2468) == (3, "Order Received")


@pytest.mark.parametrize("content_type", ["application/json", "Application/JSON", "application/json; charset=utf-8"])
async def test_an_admin_body_is_json_whatever_the_case_and_parameters(mock: MockApp, content_type: str) -> None:
    async with admin(mock) as api:
        response = await api.post(
            "/production_status", content=b'{"order_id": 2468}', headers={"content-type": content_type}
        )
    assert response.status_code == 200 and status_of(mock.store, 2468) == (5, "In Production")


async def test_a_shipment_is_made_whole_then_checked_against_openapi_yamls_shipment(mock: MockApp, spec: Spec) -> None:
    async with admin(mock) as api:
        await api.post("/production_status", json={"order_id": 2468})
        added = await api.post("/shipments", json={"order_id": 2468, "shipment": SHIPMENT})
        bad = await api.post("/shipments", json={"order_id": 2468, "shipment": {**SHIPMENT, "weight": "heavy"}})
        not_an_object = await api.post("/shipments", json={"order_id": 2468, "shipment": 5})
    [shipment] = added.json()["shipments"]
    assert shipment == spec.complete("Shipment", SHIPMENT) and shipment["weight"] is None and "weight" in shipment
    assert bad.status_code == 400 and list(bad.json()["ModelState"]) == ["request.shipment.weight"]
    assert not_an_object.status_code == 400
    assert len(mock.store.order(2468)["shipments"]) == 1


async def test_an_order_is_made_whole_with_null_members(mock: MockApp) -> None:
    async with admin(mock) as api:
        created = await api.post("/orders", json={"order_id": 5550002, "order_po": "PO_W"})
    assert created.status_code == 200
    assert created.json()["webhook_order_status_url"] is None and created.json()["order_po"] == "PO_W"


async def test_a_large_admin_body_is_checked_like_a_small_one(mock: MockApp) -> None:
    state = mock.store.snapshot()
    state["pending_orders"] = list(range(1, 2000))
    bad = {**state, "orders": [{"order_id": "x", "order_po": "A"}]}
    async with admin(mock) as api:
        loaded = await api.post("/reset", json={"state": state})
        refused = await api.post("/reset", json={"state": bad})
    assert len(json.dumps(state)) > OFFLOAD_BYTES
    assert loaded.status_code == 200 and mock.store.snapshot()["pending_orders"] == state["pending_orders"]
    assert refused.status_code == 400 and "request.state.orders[0].order_id" in refused.json()["ModelState"]


async def test_an_admin_body_over_the_limit_is_a_413(mock: MockApp) -> None:
    async with admin(mock) as api:
        response = await api.post(
            "/reset", content=b" " * (MAX_ADMIN_BODY_BYTES + 1), headers={"content-type": "application/json"}
        )
    assert response.status_code == 413 and str(MAX_ADMIN_BODY_BYTES) in response.json()["Message"]


@pytest.mark.parametrize(
    ("query", "count"),
    [("", 100), ("?limit=1", 1), ("?limit=1000", 1000), ("?limit=150", 150)],
)
async def test_requests_and_webhooks_are_listed_up_to_the_limit(mock: MockApp, query: str, count: int) -> None:
    for n in range(1200):
        mock.log.add({"method": "POST", "path": f"/v3/{n}", "headers": []}, Seen(), 200)
    async with admin(mock) as api:
        listed = await api.get("/requests" + query)
        hooks = await api.get("/webhooks" + query)
    paths = [record["path"] for record in listed.json()["requests"]]
    assert paths == [f"/v3/{n}" for n in range(1200 - count, 1200)]
    assert hooks.status_code == 200 and hooks.json() == {"deliveries": []}


@pytest.mark.parametrize("limit", ["0", "1001", "-1", "x", "1.5", ""])
async def test_a_limit_out_of_range_is_a_400_naming_it(mock: MockApp, limit: str) -> None:
    async with admin(mock) as api:
        for path in ("/requests", "/webhooks"):
            response = await api.get(path, params={"limit": limit})
            assert response.status_code == 400
            assert response.json()["ModelState"] == {
                "request.limit": [f"limit must be a whole number from 1 to 1000, not {limit!r}."]
            }


@pytest.mark.parametrize(
    ("host", "allowed"),
    [
        ("127.0.0.1", True),
        ("127.0.0.1:8000", True),
        ("localhost:1", True),
        ("LOCALHOST", True),
        ("[::1]:8000", True),
        ("[::1]", True),
        ("::1", True),
        ("evil.example", False),
        ("evil.example:80", False),
        ("127.0.0.1.evil.example", False),
        ("[::2]:80", False),
        ("localhost.evil:1", False),
    ],
)
async def test_only_a_loopback_host_reaches_the_admin_api(mock: MockApp, host: str, allowed: bool) -> None:
    async with admin(mock) as api:
        response = await api.get("/state", headers={"host": host})
    if allowed:
        assert response.status_code == 200
    else:
        assert response.status_code == 403
        assert response.json() == {
            "Message": f"The admin API answers only to a loopback Host, not {host!r} (DNS rebinding)."
        }


def test_host_name_is_the_name_part_of_a_host_header() -> None:
    assert host_name("[::1]:8000") == "::1"
    assert host_name("[::1]") == "::1"
    assert host_name("[::1]]:80") == "::1"  # what is inside the first brackets
    assert host_name("localhost:8000") == "localhost"
    assert host_name("localhost") == "localhost"
    assert host_name("::1") == "::1"
    assert host_name("a:b:c") == "a:b:c"


async def test_any_host_reaches_a_mock_not_only_on_loopback(spec: Spec, schema: StateSchema) -> None:
    app = MockApp(OrderStore(copy.deepcopy(FIXTURES), spec, schema), spec, loopback_only=False)
    async with admin(app) as api:
        response = await api.get("/state", headers={"host": "mock.internal:8080"})
    assert response.status_code == 200


@pytest.mark.parametrize(
    ("headers", "said"),
    [
        (
            {"origin": "https://evil.example"},
            "Cross-origin requests to the admin API are refused (Origin: https://evil.example).",
        ),
        (
            {"origin": "http://127.0.0.1:1"},
            "Cross-origin requests to the admin API are refused (Origin: http://127.0.0.1:1).",
        ),
        (
            {"origin": "https://127.0.0.1"},
            "Cross-origin requests to the admin API are refused (Origin: https://127.0.0.1).",
        ),
        (
            {"sec-fetch-site": "cross-site"},
            "Cross-site requests to the admin API are refused (Sec-Fetch-Site: cross-site).",
        ),
        (
            {"sec-fetch-site": "same-site"},
            "Cross-site requests to the admin API are refused (Sec-Fetch-Site: same-site).",
        ),
    ],
)
async def test_a_request_from_another_site_is_403(mock: MockApp, headers: dict[str, str], said: str) -> None:
    async with admin(mock) as api:
        response = await api.post("/reset", json={}, headers=headers)
    assert (response.status_code, response.json()) == (403, {"Message": said})


@pytest.mark.parametrize(
    "headers", [{"origin": "http://127.0.0.1"}, {"sec-fetch-site": "same-origin"}, {"sec-fetch-site": "none"}]
)
async def test_a_request_from_the_mocks_own_origin_is_served(mock: MockApp, headers: dict[str, str]) -> None:
    async with admin(mock) as api:
        response = await api.post("/reset", json={}, headers=headers)
    assert response.status_code == 200


@pytest.mark.parametrize(
    ("authorization", "status"),
    [
        (None, 401),
        ("Bearer wrong", 401),
        ("Bearer s3cret ", 401),
        ("bearer s3cret", 401),
        ("s3cret", 401),
        ("Bearer s3cret", 200),
    ],
)
async def test_an_admin_token_is_required_when_set(spec: Spec, authorization: str | None, status: int) -> None:
    app = create_app(spec=spec, admin_token="s3cret")
    headers = {"authorization": authorization} if authorization is not None else {}
    async with admin(app, **headers) as api:
        response = await api.get("/state")
    assert response.status_code == status
    if status == 401:
        assert response.json() == {"Message": "This mock requires its admin token: send Authorization: Bearer <token>."}


async def test_a_client_that_leaves_mid_body_gets_no_answer(mock: MockApp) -> None:
    sent: list[Message] = []

    async def receive() -> Message:
        return {"type": "http.disconnect"}

    async def send(message: Message) -> None:
        sent.append(message)

    headers = [(b"content-type", b"application/json"), (b"host", b"127.0.0.1")]
    scope = {"type": "http", "method": "POST", "path": "/_mock/reset", "headers": headers, "query_string": b""}
    await mock(scope, receive, send)
    assert sent == []


@pytest.mark.parametrize(
    ("origin", "status"),
    [(None, 200), ("http://127.0.0.1", 403), ("http://None", 403), ("http://localhost", 403), ("http://", 403)],
)
async def test_a_request_without_a_host_header_is_served_unless_it_names_an_origin(
    mock: MockApp, origin: str | None, status: int
) -> None:
    """HTTP/1.0 may leave Host out: nothing names a foreign host then, and no Origin can be the mock's own."""
    sent: list[Message] = []

    async def receive() -> Message:
        return {"type": "http.request", "body": b""}

    async def send(message: Message) -> None:
        sent.append(message)

    headers = [(b"origin", origin.encode())] if origin is not None else []
    scope = {"type": "http", "method": "GET", "path": "/_mock/state", "headers": headers, "query_string": b""}
    await mock(scope, receive, send)
    assert sent[0]["status"] == status
