"""The mock's in-memory state: submitted orders and pending-storage ids, with FinerWorks' rules.

The state has one shape everywhere: a fixtures file, `GET /_mock/state`, the body of
`POST /_mock/reset` (components/schemas/State of admin.yaml). Whatever enters it (a fixtures file,
an admin request) is checked against that schema and the rules below, with messages that name the
key and the order.

A fixtures file is read as the JSON it stands for (load_fixtures): what JSON cannot say (a YAML
date, `!!binary`, `.nan`, a key that is not text, a recursive alias) is refused with its line, and
aliases may expand to at most MAX_FIXTURE_NODES values, so a small alias bomb fails at once.

Every public method takes the store's lock for its whole read-modify-write, so concurrent requests
(from the event loop or from threads) never interleave half-done updates. Nothing changes on its
own: there are no timers, only requests.
"""

from __future__ import annotations

import copy
import functools
import math
import threading
from dataclasses import asdict, dataclass, field, fields
from itertools import islice
from pathlib import Path
from typing import Any

import yaml

from .spec import ADMIN_SPEC_PATH, Spec, leaves, member_path
from .wire import MAX_DEPTH, too_deep, unencodable

SUBMISSION_COMMANDS = ("pending", "hold", "cancel")
MAX_FIXTURE_ERRORS = 10
MAX_FIXTURE_NODES = 200_000  # values a fixtures file may hold once its aliases are expanded


class Refused(Exception):
    """A well-formed request that FinerWorks refuses: carries the HTTP status and the reason."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


class FixtureError(ValueError):
    """The fixtures (or a state or order sent to the admin API) are not usable; the message says where and why."""


@dataclass
class Order:
    order_id: int
    order_po: str
    order_confirmation_id: int
    submission_status: str = "pending"
    in_production: bool = False
    order_status_id: int | None = None  # production status, read only while in_production
    order_status_label: str | None = None
    shipments: list[dict[str, Any]] | None = field(default_factory=list)  # null: none yet, as FinerWorks may send
    customer: dict[str, Any] | None = None
    webhook_order_status_url: str | None = None  # where its status changes are POSTed (webhooks.py)


ORDER_FIELDS = frozenset(f.name for f in fields(Order))


class FixtureLoader(yaml.SafeLoader):
    """PyYAML's safe loader, constructing only what JSON can say (see load_fixtures)."""

    def refuse(self, node: Any, what: str) -> Any:
        raise yaml.constructor.ConstructorError(None, None, what, node.start_mark)

    def construct_mapping(self, node: Any, deep: bool = False) -> Any:
        if isinstance(node, yaml.MappingNode):
            self.flatten_mapping(node)  # merge keys (<<) first: they are not keys of the result
            for key, _ in node.value:
                if key.tag != "tag:yaml.org,2002:str":
                    self.refuse(key, f"the key {key.value!r} is not text; JSON keys are text (write it in quotes)")
        return super().construct_mapping(node, deep)

    def construct_finite_float(self, node: Any) -> float:
        value: float = self.construct_yaml_float(node)
        if not math.isfinite(value):
            self.refuse(node, f"{node.value} is not a JSON number (not finite)")
        return value


def _not_json(what: str) -> Any:
    return lambda loader, node: loader.refuse(node, f"{what} ({node.value!r}) is not JSON: write it in quotes, as text")


FixtureLoader.add_constructor("tag:yaml.org,2002:float", FixtureLoader.construct_finite_float)
FixtureLoader.add_constructor("tag:yaml.org,2002:timestamp", _not_json("a YAML date or time"))
for _tag in ("binary", "set", "omap", "pairs"):
    FixtureLoader.add_constructor(f"tag:yaml.org,2002:{_tag}", _not_json(f"a YAML !!{_tag}"))


def load_fixtures(text: str, max_nodes: int = MAX_FIXTURE_NODES) -> Any:
    """A fixtures file's YAML as the JSON data it stands for; yaml.YAMLError (with the line) if it
    holds what JSON cannot say, or more than max_nodes values once its aliases are expanded.

    The document is composed (aliases still shared) and counted before anything is built, so an
    alias bomb (a few lines that expand to billions of values) costs no more than its own size."""
    loader = FixtureLoader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return None
        expanded: dict[int, int] = {}

        def count(node: Any, inside: frozenset[int]) -> int:
            if id(node) in expanded:
                return expanded[id(node)]
            if id(node) in inside:
                raise yaml.composer.ComposerError(None, None, "an alias refers to itself (recursive)", node.start_mark)
            children: list[Any] = []
            if isinstance(node, yaml.SequenceNode):
                children = node.value
            elif isinstance(node, yaml.MappingNode):
                children = [part for pair in node.value for part in pair]
            total = 1
            for child in children:
                total += count(child, inside | {id(node)})
                if total > max_nodes:
                    raise yaml.composer.ComposerError(
                        None, None, f"more than {max_nodes} values once its aliases are expanded", node.start_mark
                    )
            expanded[id(node)] = total
            return total

        count(node, frozenset())
        return loader.construct_document(node)
    finally:
        loader.dispose()


@functools.cache
def admin_spec() -> Spec:
    """The admin document (admin.yaml), read once per process: a Spec does not change once made, and
    reading it was half the time it took to make a mock."""
    return Spec(ADMIN_SPEC_PATH)


class StateSchema:
    """The admin document's State and StateOrder schemas, and the rules a schema cannot say."""

    def __init__(self, admin: Spec | None = None) -> None:
        self.admin = admin or admin_spec()

    def check(self, data: Any, where: str) -> dict[str, Any]:
        """data, if it is a usable state, with the members openapi.yaml requires and data leaves out
        null where they may be (Spec.complete); else FixtureError naming each wrong or missing key.

        Integers are integers here (1002.0 is not an order_id), and no value nests deeper than
        wire.MAX_DEPTH (what the API accepts: deeper, copying the state would exhaust the stack)."""
        deep = too_deep(data)
        if deep is not None:
            raise FixtureError(f"{where}: {member_path(deep[:8])}...: nested deeper than {MAX_DEPTH} levels")
        data = self.admin.complete("State", data)
        validator = self.admin.validator("State", strict_integers=True)
        problems = [describe(error, data) for error in islice(validator.iter_errors(data), MAX_FIXTURE_ERRORS)]
        if not problems:
            labels = data["submission_statuses"]
            seen: set[int] = set()
            for n, order in enumerate(data.get("orders") or []):
                problems += self.order_problems(order, labels, data.get("production_statuses") or [], f"orders[{n}]")
                if order["order_id"] in seen:
                    problems.append(f"orders[{n}] (order {order['order_id']}): order_id is used twice")
                seen.add(order["order_id"])
        bad = unencodable(data)
        if bad is not None:
            problems.append(
                f"{bad.lstrip('.') or '(top level)'}: the text cannot be encoded as UTF-8 (a lone surrogate)"
            )
        if problems:
            raise FixtureError(f"{where}: " + "; ".join(problems[:MAX_FIXTURE_ERRORS]))
        return data  # type: ignore[no-any-return]

    def order_problems(
        self, order: dict[str, Any], labels: dict[str, Any], production: list[dict[str, Any]], where: str
    ) -> list[str]:
        where = f"{where} (order {order['order_id']})"
        problems = []
        submission = order.get("submission_status", "pending")
        if submission not in labels:
            problems.append(f"{where}: submission_status {submission!r} has no entry in submission_statuses")
        if order.get("in_production") and order.get("order_status_id") is None:
            problems.append(f"{where}: an order in production needs its order_status_id")
        known = {status["id"]: status["label"] for status in production}
        labelled = order.get("order_status_label") is not None or order.get("order_status_id") in known
        if order.get("in_production") and not labelled:
            problems.append(f"{where}: order_status_label is missing and production_statuses has no label for it")
        return problems


def describe(error: Any, data: Any) -> str:
    """A jsonschema error as `orders[2] (order 1234567): missing key 'order_po'`."""
    error = leaves(error)[0]
    parts = list(error.absolute_path)
    where = ""
    if len(parts) >= 2 and parts[0] == "orders" and isinstance(parts[1], int):
        entry = data["orders"][parts[1]]
        order = f" (order {entry['order_id']!r})" if isinstance(entry, dict) and "order_id" in entry else ""
        where, parts = f"orders[{parts[1]}]{order}: ", parts[2:]
    path = member_path(parts)
    where += f"{path}: " if path else "" if where else "(top level): "
    if error.validator == "required":
        missing = [name for name in error.validator_value if name not in error.instance]
        return f"{where}missing key {', '.join(map(repr, missing))}"
    if error.validator == "additionalProperties":
        return f"{where}{error.message.replace('Additional properties are not allowed', 'unknown key')}"
    return f"{where}{error.message}"


def label_of(production: list[dict[str, Any]], status_id: int | None) -> str:
    """The label production_statuses gives status_id."""
    return next((status["label"] for status in production if status["id"] == status_id), "")


class OrderStore:
    def __init__(self, fixtures: dict[str, Any], spec: Spec, schema: StateSchema | None = None) -> None:
        self._lock = threading.Lock()
        self._spec = spec
        self.schema = schema or StateSchema()
        self._fixtures = copy.deepcopy(self.schema.check(fixtures, "fixtures"))
        self._load(self._fixtures, "fixtures")

    @classmethod
    def from_file(cls, path: Path, spec: Spec, schema: StateSchema | None = None) -> OrderStore:
        try:
            data = load_fixtures(path.read_text(encoding="utf-8"))
        except (OSError, yaml.YAMLError, UnicodeDecodeError, RecursionError) as error:
            raise FixtureError(f"cannot read fixtures {path}: {error}") from error
        schema = schema or StateSchema()
        return cls(schema.check(data, f"fixtures {path}"), spec, schema)

    def reset(self, state: dict[str, Any] | None = None) -> None:
        """Restore the fixtures the store was created with, or load state (same shape) instead."""
        if state is not None:
            state = self.schema.check(state, "state")
        self._load(copy.deepcopy(state) if state is not None else self._fixtures, "state")

    def _load(self, data: dict[str, Any], where: str) -> None:
        """Replace the state with data (already checked against State), once it is known to be usable."""
        data = copy.deepcopy(data)
        statuses, production = data["submission_statuses"], data.get("production_statuses") or []
        orders = [self._new_order(entry, n, production) for n, entry in enumerate(data.get("orders") or [])]
        for order in orders:
            problems = self._spec.errors("OrderStatus", self._view(order, statuses))
            if order.customer is not None:
                problems += self._spec.errors("Address", order.customer)
            if problems:
                raise FixtureError(
                    f"{where}: order {order.order_id} does not match openapi.yaml: {'; '.join(problems)}"
                )
        with self._lock:
            self._statuses, self._production = statuses, production
            self._orders = {order.order_id: order for order in orders}
            self._pending = dict.fromkeys(data.get("pending_orders") or [])

    @staticmethod
    def _new_order(entry: dict[str, Any], n: int, production: list[dict[str, Any]]) -> Order:
        # Only the members the store keeps: a member admin.yaml's StateOrder gains before this code
        # learns it is ignored, not a TypeError (tests/mock/test_admin_shapes.py holds the two equal).
        entry = {key: value for key, value in entry.items() if key in ORDER_FIELDS}
        entry.setdefault("order_confirmation_id", 400_000_000 + entry["order_id"] % 100_000_000 + n)
        order = Order(**entry)
        if order.in_production and order.order_status_label is None:
            order.order_status_label = label_of(production, order.order_status_id)
        return order

    # Operations --------------------------------------------------------------------------------

    def update_order(self, order_id: int, command: str) -> None:
        with self._lock:
            order = self._changeable(order_id)
            if order.submission_status == "cancel" and command != "cancel":
                raise Refused(
                    409,
                    f"Order {order_id} was cancelled; submit it again as a new order (its order_po can be reused).",
                )
            order.submission_status = command

    def fetch(self, order_ids: list[int] | None, order_pos: list[str] | None) -> list[dict[str, Any]]:
        with self._lock:
            wanted_ids = set(order_ids or ())
            wanted_pos = set(order_pos or ())
            return [
                self._view(order)
                for order in self._orders.values()
                if order.order_id in wanted_ids or order.order_po in wanted_pos
            ]

    def update_customer(self, order_id: int, customer: dict[str, Any] | None) -> None:
        with self._lock:
            order = self._changeable(order_id)
            order.customer = copy.deepcopy(customer)

    def delete_pending(self, ids: list[int]) -> int:
        with self._lock:
            removed = [i for i in dict.fromkeys(ids) if i in self._pending]
            for i in removed:
                del self._pending[i]
            return len(removed)

    # Scenario control (the admin API) ----------------------------------------------------------

    def create_order(self, entry: dict[str, Any]) -> dict[str, Any]:
        """Add a submitted order (a StateOrder); 409 if its order_id is taken."""
        with self._lock:
            problems = self.schema.order_problems(entry, self._statuses, self._production, "order")
            if problems:
                raise Refused(409, "; ".join(problems))
            order = self._new_order(copy.deepcopy(entry), len(self._orders), self._production)
            problems = self._spec.errors("OrderStatus", self._view(order))
            if problems:
                raise Refused(409, f"order {order.order_id} does not match openapi.yaml: {'; '.join(problems)}")
            if order.order_id in self._orders:
                raise Refused(409, f"Order {order.order_id} exists already.")
            self._orders[order.order_id] = order
            return self._entry(order)

    def set_production_status(self, order_id: int, status_id: int | None) -> dict[str, Any]:
        """Move an order to production status status_id, or (None) to the next one of production_statuses."""
        with self._lock:
            order = self._order(order_id)
            if order.submission_status == "cancel":
                raise Refused(409, f"Order {order_id} was cancelled: it cannot go into production.")
            ids = [status["id"] for status in self._production]
            if status_id is None:
                if not ids:
                    raise Refused(409, "The state has no production_statuses to advance through.")
                at = ids.index(order.order_status_id) if order.in_production and order.order_status_id in ids else -1
                if at == len(ids) - 1:
                    raise Refused(
                        409, f"Order {order_id} is at the last production status ({order.order_status_label})."
                    )
                status_id = ids[at + 1]
            elif status_id not in ids:
                known = ", ".join(f"{status['id']} ({status['label']})" for status in self._production) or "none"
                raise Refused(409, f"order_status_id {status_id} is not one of the production_statuses: {known}.")
            order.in_production = True
            order.order_status_id, order.order_status_label = status_id, label_of(self._production, status_id)
            return self._entry(order)

    def add_shipment(self, order_id: int, shipment: dict[str, Any]) -> dict[str, Any]:
        """Add a shipment (a Shipment of openapi.yaml) to an order in production."""
        with self._lock:
            order = self._order(order_id)
            if not order.in_production:
                raise Refused(409, f"Order {order_id} is not in production: set its production status first.")
            order.shipments = [*(order.shipments or []), copy.deepcopy(shipment)]  # views share the old list
            return self._entry(order)

    def snapshot(self) -> dict[str, Any]:
        """The whole state, in the shape of a fixtures file (GET /_mock/state, POST /_mock/reset)."""
        with self._lock:
            return copy.deepcopy(
                {
                    "submission_statuses": self._statuses,
                    "production_statuses": self._production,
                    "orders": [self._entry(order) for order in self._orders.values()],
                    "pending_orders": list(self._pending),
                }
            )

    def order(self, order_id: int) -> dict[str, Any]:
        """One order of the state (a StateOrder), or KeyError."""
        with self._lock:
            return copy.deepcopy(self._entry(self._orders[order_id]))

    # Helpers -----------------------------------------------------------------------------------

    def _order(self, order_id: int) -> Order:
        order = self._orders.get(order_id)
        if order is None:
            raise Refused(404, f"Order {order_id} was not found.")
        return order

    def _changeable(self, order_id: int) -> Order:
        order = self._order(order_id)
        if order.in_production:
            raise Refused(
                409,
                f"Order {order_id} is already in production and can no longer be changed through the API. "
                "Contact customer support.",
            )
        return order

    def _entry(self, order: Order) -> dict[str, Any]:
        return asdict(order)

    def _view(self, order: Order, statuses: dict[str, Any] | None = None) -> dict[str, Any]:
        """The order as fetchOrderStatus returns it (an OrderStatus)."""
        if order.in_production:
            status_id, label = order.order_status_id, order.order_status_label
        else:
            status = (statuses or self._statuses)[order.submission_status]
            status_id, label = status["id"], status["label"]
        view: dict[str, Any] = self._spec.complete(
            "OrderStatus",
            {
                "order_confirmation_id": order.order_confirmation_id,
                "order_po": order.order_po,
                "order_id": order.order_id,
                "order_status_id": status_id,
                "order_status_label": label,
                "shipments": order.shipments,  # replaced, never changed in place: views can share them
            },
        )
        return view
