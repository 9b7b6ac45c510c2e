"""Injected faults: rules set through the admin API, and per-request headers.

A fault answers a call of a FinerWorks operation instead of FinerWorks' rules: after a delay,
with one of the operation's documented responses (its documented example as the body), or by
closing the connection without an answer. Per request, `Prefer: code=NNN` (Prism's convention)
and `Mock-Delay: <seconds>` do the same without a rule.

With no rule set and neither header sent, a request costs one truth test and one look at its
header names (MockApp.handle), so fault injection costs the mock's throughput nothing measurable.
"""

from __future__ import annotations

import json
import threading
from dataclasses import asdict, dataclass, fields
from typing import Any

from .spec import Spec

MAX_DELAY = 120.0
FAULT_HEADERS = frozenset({b"prefer", b"mock-delay"})


class FaultError(ValueError):
    """A fault rule or header that cannot be applied; the message says why."""


@dataclass
class Fault:
    """A rule (components/schemas/FaultRule of admin.yaml; tests/mock/test_admin_shapes.py holds the
    two equal)."""

    operation_id: str | None = None
    times: int | None = None
    status: int | None = None
    retry_after: int | None = None
    delay: float = 0.0
    close: bool = False
    id: int = 0


SETTABLE = frozenset(f.name for f in fields(Fault)) - {"id"}


@dataclass(frozen=True)
class Canned:
    """A documented response, ready to send."""

    status: int
    body: bytes
    retry_after: str | None  # the documented Retry-After's example, if the response documents one


class Faults:
    """The rules in force, tried in order; and the documented responses they may answer with."""

    def __init__(self, spec: Spec) -> None:
        self._lock = threading.Lock()
        self.rules: list[Fault] = []
        self._next_id = 1
        self.responses: dict[str, dict[int, Canned]] = {
            operation_id: {
                status: canned(spec, status, response)
                for status, response in spec.responses(operation_id).items()
                if status >= 300
            }
            for operation_id in spec.operations()
        }

    def add(self, rule: dict[str, Any]) -> Fault:
        """Add a rule (a FaultRule body, already valid against admin.yaml). A member this class does
        not know (added to admin.yaml first) is ignored rather than a TypeError and a 500."""
        fault = Fault(**{key: value for key, value in rule.items() if key in SETTABLE})
        self.check(fault)
        with self._lock:
            fault.id, self._next_id = self._next_id, self._next_id + 1
            self.rules.append(fault)
        return fault

    def check(self, fault: Fault) -> None:
        operations = [fault.operation_id] if fault.operation_id is not None else list(self.responses)
        if fault.operation_id is not None and fault.operation_id not in self.responses:
            raise FaultError(f"operation_id {fault.operation_id!r} is not one of {', '.join(self.responses)}.")
        if fault.status is not None:
            for operation_id in operations:
                documented = self.responses[operation_id]
                if fault.status not in documented:
                    codes = ", ".join(map(str, documented))
                    raise FaultError(f"{fault.status} is not a documented response of {operation_id} ({codes}).")
        if not 0 <= fault.delay <= MAX_DELAY:
            raise FaultError(f"delay must be between 0 and {MAX_DELAY:g} seconds.")

    def clear(self) -> None:
        with self._lock:
            self.rules.clear()

    def listing(self) -> dict[str, Any]:
        with self._lock:
            return {"faults": [asdict(rule) for rule in self.rules]}

    def take(self, operation_id: str) -> Fault | None:
        """The first rule for this call, counted as used (a rule used up is removed)."""
        with self._lock:
            for n, rule in enumerate(self.rules):
                if rule.operation_id in (None, operation_id):
                    if rule.times is not None:
                        rule.times -= 1
                        if rule.times <= 0:
                            del self.rules[n]
                    return rule
        return None

    def from_headers(self, operation_id: str, prefer: str | None, delay: str | None) -> Fault | None:
        """The fault a request asks for with `Prefer: code=NNN` and `Mock-Delay: <seconds>`."""
        status = None
        for preference in (prefer or "").replace(";", ",").split(","):
            name, _, value = preference.strip().partition("=")
            if name.strip().lower() == "code":
                try:
                    status = int(value.strip().strip('"'))
                except ValueError:
                    raise FaultError(f"Prefer: code={value.strip()} is not an HTTP status.") from None
        seconds = 0.0
        if delay is not None:
            try:
                seconds = float(delay)
            except ValueError:
                raise FaultError(f"Mock-Delay: {delay} is not a number of seconds.") from None
            if seconds != seconds:  # NaN
                raise FaultError("Mock-Delay: NaN is not a number of seconds.")
        if status is not None and 200 <= status < 300:
            status = None  # a success: answered normally
        if status is None and not seconds:
            return None
        fault = Fault(operation_id=operation_id, status=status, delay=seconds)
        self.check(fault)
        return fault


def canned(spec: Spec, status: int, response: dict[str, Any]) -> Canned:
    """The response's documented example (the first one), as bytes."""
    media = response.get("content", {}).get("application/json", {})
    examples = media.get("examples") or {}
    example = spec.resolve(next(iter(examples.values())))["value"] if examples else {"Message": response["description"]}
    retry_after = None
    for name, header in response.get("headers", {}).items():
        if name.lower() == "retry-after":
            header = spec.resolve(header)
            documented = header.get("example", (header.get("schema", {}).get("examples") or [1])[0])
            retry_after = str(documented)
    return Canned(status, json.dumps(example, separators=(",", ":")).encode(), retry_after)
