"""The changes gate's rules, one kind of change at a time: what scripts/changes.py calls breaking, and
the version it then asks for. Surfaces are written out here (no generation, one small Optic run), so
each rule is judged on the change it is about; tests/scripts/test_changes.py plants changes in
openapi.yaml and checks the whole chain."""

from __future__ import annotations

import dataclasses
import json
import subprocess
import sys
import tarfile
import textwrap
from io import BytesIO
from pathlib import Path
from typing import Any

import finerworks_client
import pytest
import yaml

from scripts import changes, surface
from scripts.changes import Change, Contract, Report, api_changes, client_changes, gate, version_problems
from scripts.generate import CONFIG, PACKAGE, ROOT, SPEC, client_version

Surface = dict[str, dict[str, Any]]


def param(
    name: str, kind: str = "POSITIONAL_OR_KEYWORD", *, required: bool = True, annotation: str = "int"
) -> dict[str, Any]:
    return {"name": name, "kind": kind, "required": required, "annotation": annotation}


def function(*params: dict[str, Any], returns: str | None = "None") -> dict[str, Any]:
    return {"kind": "function", "params": list(params), "returns": returns}


def verdicts(before: Surface, after: Surface) -> dict[str, bool]:
    """What changed -> breaking, as `make changes` lists it."""
    return {f"{change.where}: {change.what}": change.breaking for change in client_changes(before, after)}


def of_function(before: list[dict[str, Any]], after: list[dict[str, Any]]) -> dict[str, bool]:
    found = verdicts({"m.f": function(*before)}, {"m.f": function(*after)})
    return {what.removeprefix("m.f: "): breaking for what, breaking in found.items()}


# --- parameters ---------------------------------------------------------------------------------------


def test_a_required_positional_parameter_reordered_breaks_callers_that_pass_it_by_position() -> None:
    assert of_function([param("a"), param("b")], [param("b"), param("a")]) == {
        "positional parameter 'a' moved": True,
        "positional parameter 'b' moved": True,
    }


def test_a_positional_parameter_that_moved_because_one_before_it_went_is_breaking() -> None:
    assert of_function([param("a"), param("b")], [param("b")]) == {
        "parameter 'a' removed": True,
        "positional parameter 'b' moved": True,
    }


def test_a_new_optional_parameter_at_the_end_moves_nothing() -> None:
    assert of_function([param("a")], [param("a"), param("b", required=False)]) == {
        "optional parameter 'b' added": False
    }


def test_optional_positional_parameters_may_be_reordered() -> None:
    """They are compared by name: only a required one is certain to be passed by position."""
    before = [param("a"), param("b", required=False), param("c", required=False)]
    after = [param("a"), param("c", required=False), param("b", required=False)]
    assert of_function(before, after) == {}


def test_keyword_only_parameters_may_be_reordered_and_gain_optional_ones() -> None:
    before = [param("a", "KEYWORD_ONLY"), param("b", "KEYWORD_ONLY", required=False)]
    after = [param("c", "KEYWORD_ONLY", required=False), param("b", "KEYWORD_ONLY", required=False), before[0]]
    assert of_function(before, after) == {"optional parameter 'c' added": False}


def test_a_new_required_keyword_only_parameter_is_breaking() -> None:
    assert of_function([], [param("a", "KEYWORD_ONLY")]) == {"required parameter 'a' added": True}


def test_a_parameter_made_keyword_only_breaks_positional_callers_and_the_reverse_does_not() -> None:
    assert of_function([param("a")], [param("a", "KEYWORD_ONLY")]) == {
        "parameter 'a': POSITIONAL_OR_KEYWORD -> KEYWORD_ONLY": True
    }
    assert of_function([param("a", "KEYWORD_ONLY")], [param("a")]) == {
        "parameter 'a': KEYWORD_ONLY -> POSITIONAL_OR_KEYWORD": False
    }
    assert of_function([param("a", "POSITIONAL_ONLY")], [param("a")]) == {
        "parameter 'a': POSITIONAL_ONLY -> POSITIONAL_OR_KEYWORD": False
    }


def test_a_parameter_made_required_is_breaking_made_optional_is_not() -> None:
    assert of_function([param("a", required=False)], [param("a")]) == {"parameter 'a' is now required": True}
    assert of_function([param("a")], [param("a", required=False)]) == {"parameter 'a' is now optional": False}


def test_removing_star_args_or_star_kwargs_is_not_a_removed_parameter() -> None:
    before = [param("a"), param("args", "VAR_POSITIONAL", required=False), param("kw", "VAR_KEYWORD", required=False)]
    assert of_function(before, [param("a")]) == {}
    assert of_function([param("a"), param("b", "KEYWORD_ONLY", required=False)], [param("a")]) == {
        "parameter 'b' removed": True
    }


def test_a_parameter_type_that_narrows_refuses_what_callers_pass() -> None:
    assert of_function([param("a", annotation="int | str")], [param("a", annotation="int")]) == {
        "parameter 'a': type narrowed: int | str -> int": True
    }
    assert of_function([param("a", annotation="int")], [param("a", annotation="int | str")]) == {
        "parameter 'a': type widened: int -> int | str": False
    }


def test_a_return_type_that_widens_gives_callers_what_they_do_not_handle() -> None:
    found = verdicts({"m.f": function(returns="Order")}, {"m.f": function(returns="Order | None")})
    assert found == {"m.f: return type widened: Order -> Order | None": True}
    found = verdicts({"m.f": function(returns="Order | None")}, {"m.f": function(returns="Order")})
    assert found == {"m.f: return type narrowed: Order | None -> Order": False}


# --- classes, modules, members -------------------------------------------------------------------------


def test_a_lost_base_class_is_breaking_a_new_one_is_not() -> None:
    one = {"m.E": {"kind": "class", "bases": ["m.APIError"]}}
    two = {"m.E": {"kind": "class", "bases": ["m.APIError", "builtins.ValueError"]}}
    assert verdicts(two, one) == {"m.E: bases ['m.APIError', 'builtins.ValueError'] -> ['m.APIError']": True}
    assert verdicts(one, two) == {"m.E: bases ['m.APIError'] -> ['m.APIError', 'builtins.ValueError']": False}
    assert verdicts(one, {"m.E": {"kind": "class", "bases": ["m.ServerError"]}}) == {
        "m.E: bases ['m.APIError'] -> ['m.ServerError']": True
    }


def test_a_removed_class_is_one_change_not_one_per_member() -> None:
    before: Surface = {
        "m": {"kind": "module"},
        "m.C": {"kind": "class", "bases": []},
        "m.C.x": {"kind": "attribute", "annotation": "int"},
        "m.Cx": {"kind": "class", "bases": []},
    }
    assert verdicts(before, {"m": {"kind": "module"}, "m.Cx": before["m.Cx"]}) == {"m.C: class removed": True}
    assert verdicts({"m": {"kind": "module"}}, before) == {"m.C: class added": False, "m.Cx: class added": False}


def test_a_name_that_changes_kind_an_alias_target_an_enum_value_or_a_constant_type_is_breaking() -> None:
    assert verdicts({"m.x": {"kind": "function", "params": [], "returns": None}}, {"m.x": {"kind": "constant"}}) == {
        "m.x: was a function, now a constant": True
    }
    assert verdicts({"m.A": {"kind": "alias", "target": "m.a.A"}}, {"m.A": {"kind": "alias", "target": "m.b.A"}}) == {
        "m.A: now re-exports m.b.A (was m.a.A)": True
    }
    found = verdicts(
        {"m.E.X": {"kind": "enum member", "value": "'x'"}}, {"m.E.X": {"kind": "enum member", "value": "'y'"}}
    )
    assert found == {
        "m.E.X: {'kind': 'enum member', 'value': \"'x'\"} -> {'kind': 'enum member', 'value': \"'y'\"}": True
    }
    assert verdicts({"m.V": {"kind": "constant", "type": "str"}}, {"m.V": {"kind": "constant", "type": "str"}}) == {}


def model_surface(attribute: str) -> Surface:
    """An operation returning Order, which holds a Shipment; and taking a Request."""
    return {
        "m.op": function(param("body", annotation="Request"), returns="Order | None"),
        "m.Order": {"kind": "class", "bases": []},
        "m.Order.shipments": {"kind": "attribute", "annotation": "list[Shipment]"},
        "m.Shipment": {"kind": "class", "bases": []},
        "m.Shipment.carrier": {"kind": "attribute", "annotation": attribute},
        "m.Request": {"kind": "class", "bases": []},
        "m.Request.note": {"kind": "attribute", "annotation": attribute},
        "m.Other": {"kind": "class", "bases": []},
        "m.Other.note": {"kind": "attribute", "annotation": attribute},
    }


def test_a_member_read_on_either_side_is_judged_as_read() -> None:
    """A model an operation returned before (or returns now) is read by user code."""
    before = {"pkg.a.op": function(returns="Order"), "pkg.models.o.Order": {"kind": "class", "bases": []}}
    before["pkg.models.o.Order.id"] = {"kind": "attribute", "annotation": "int"}
    after = {
        **before,
        "pkg.a.op": function(returns="None"),
        "pkg.models.o.Order.id": {"kind": "attribute", "annotation": "int | None"},
    }
    found = client_changes(before, after)
    assert [(c.where, c.breaking) for c in found if c.where.endswith(".id")] == [("pkg.models.o.Order.id", True)]
    found = client_changes(
        after | {"pkg.a.op": function(returns="Order")}, before | {"pkg.a.op": function(returns="None")}
    )
    narrowed = [c for c in found if c.where.endswith(".id")]
    assert [(c.what, c.breaking) for c in narrowed] == [("type narrowed: int | None -> int", False)]


def test_methods_constructors_and_properties_are_compared_and_unchanged_names_skipped() -> None:
    before: Surface = {
        "m.A": {"kind": "class", "bases": []},
        "m.A.__init__": {"kind": "constructor", "params": [param("a")], "returns": "None"},
        "m.A.go": {"kind": "method", "params": [param("x")], "returns": "int"},
        "m.A.size": {"kind": "property", "annotation": "int"},
    }
    after: Surface = {
        "m.A": {"kind": "class", "bases": []},
        "m.A.__init__": {"kind": "constructor", "params": [], "returns": "None"},
        "m.A.go": {"kind": "method", "params": [], "returns": "int | None"},
        "m.A.size": {"kind": "property", "annotation": "int | None"},
    }
    assert verdicts(before, after) == {
        "m.A.__init__: parameter 'a' removed": True,
        "m.A.go: parameter 'x' removed": True,
        "m.A.go: return type widened: int -> int | None": True,
        "m.A.size: type widened: int -> int | None": True,
    }


def test_a_positional_only_parameter_is_positional() -> None:
    before = [param("a", "POSITIONAL_ONLY"), param("b", "POSITIONAL_ONLY")]
    assert of_function(before, [before[1], before[0]]) == {
        "positional parameter 'a' moved": True,
        "positional parameter 'b' moved": True,
    }
    assert of_function([param("a", "POSITIONAL_ONLY")], [param("a", "KEYWORD_ONLY")]) == {
        "parameter 'a': POSITIONAL_ONLY -> KEYWORD_ONLY": True
    }


def test_a_member_is_judged_by_whether_user_code_reads_it_or_passes_it() -> None:
    assert changes.model_roles(model_surface("str")) == ({"Order", "Shipment"}, {"Request"})
    # a model that holds itself, deep module paths
    deep = {
        "pkg.api.op": function(returns="pkg.models.node.Node"),
        "pkg.models.node.Node": {"kind": "class", "bases": []},
        "pkg.models.node.Node.parent": {"kind": "attribute", "annotation": "Node | None"},
        "pkg.models.node.Node.leaf": {"kind": "attribute", "annotation": "Leaf"},
        "pkg.models.leaf.Leaf": {"kind": "class", "bases": []},
        "pkg.models.leaf.Leaf.more": {"kind": "attribute", "annotation": "list[Node] | Extra"},
        "pkg.models.extra.Extra": {"kind": "class", "bases": []},
    }
    assert changes.model_roles(deep) == ({"Node", "Leaf", "Extra"}, set())
    widened = verdicts(model_surface("str"), model_surface("str | None"))
    assert widened == {
        "m.Shipment.carrier: type widened: str -> str | None": True,  # read (inside a response): may now be None
        "m.Request.note: type widened: str -> str | None": False,  # passed: None is newly allowed
        "m.Other.note: type widened: str -> str | None": True,  # neither: assumed both
    }
    narrowed = verdicts(model_surface("str | None"), model_surface("str"))
    assert narrowed == {
        "m.Shipment.carrier: type narrowed: str | None -> str": False,
        "m.Request.note: type narrowed: str | None -> str": True,
        "m.Other.note: type narrowed: str | None -> str": True,
    }


@pytest.mark.parametrize(
    ("annotation", "members"),
    [
        ("A | B", {"A", "B"}),
        ("dict[str, A | B] | None", {"dict[str, A | B]", "None"}),
        ("Callable[[A | B], C] | D", {"Callable[[A | B], C]", "D"}),
        ("finerworks_client.types.Unset | models.order.Order", {"Unset", "Order"}),
        ("X | XY", {"X", "XY"}),
        (None, set()),
    ],
)
def test_a_union_is_split_at_its_top_level_without_module_prefixes(annotation: str | None, members: set[str]) -> None:
    assert changes.union(annotation) == members


# --- versions ------------------------------------------------------------------------------------------


def contract(version: str) -> Contract:
    return Contract("test", "", {}, version, "3.0.0")


BREAKING = [Change("m.f", "parameter 'a' removed", breaking=True)]


def problems(old: str, new: str, found: list[Change], changelog: str, tmp_path: Path, monkeypatch: Any) -> list[str]:
    path = tmp_path / "CHANGELOG.md"
    path.write_text(changelog, encoding="utf-8")
    monkeypatch.setattr(changes, "CHANGELOG", path)
    return version_problems(Report(contract(old), contract(new), client=found))


@pytest.mark.parametrize(
    ("old", "new", "fits"),
    [
        ("0.3.1", "0.4.0", True),  # before 1.0, a new minor version may break
        ("0.3.1", "0.3.2", False),
        ("0.3.1", "1.0.0", True),
        ("1.2.0", "1.3.0", False),  # from 1.0 on, only a new major version may
        ("1.2.0", "2.0.0", True),
        ("4.0.0", "4.0.1", False),
    ],
)
def test_a_breaking_change_needs_a_major_version_or_a_minor_one_before_1_0(
    old: str, new: str, fits: bool, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    found = problems(old, new, BREAKING, f"## [{new}] - 2026-12-01\n", tmp_path, monkeypatch)
    assert (found == []) is fits
    if not fits:
        [problem] = found
        needed = "0.4.0" if old.startswith("0.") else f"{int(old[0]) + 1}.0.0"
        assert f"1 breaking change(s) since test, but the client's version is {new}" in problem
        assert f"set package_version_override to {needed} in generator/config.yaml" in problem


def test_compatible_changes_need_no_bump_and_a_new_version_needs_its_changelog_section(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert problems("1.2.0", "1.2.0", [Change("m.f", "added", False)], "", tmp_path, monkeypatch) == []
    assert problems("1.2.0", "1.3.0", [], "# Changelog\n\n## [1.3.0] - 2026-12-01\n", tmp_path, monkeypatch) == []
    assert problems("1.2.0", "1.3.0", [], "## [1.3.0-rc]\n## [1.3.01]\n x ## [1.3.0]\n", tmp_path, monkeypatch) == [
        "CHANGELOG.md has no section `## [1.3.0]` for the client's version 1.3.0"
    ]
    assert problems("1.2.0", "1.1.9", [], "## [1.1.9]\n", tmp_path, monkeypatch) == [
        "the client's version went down: 1.2.0 -> 1.1.9"
    ]


def test_the_gate_names_each_breaking_change_and_passes_when_the_version_fits(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "CHANGELOG.md").write_text("## [2.0.0] - 2026-12-01\n", encoding="utf-8")
    monkeypatch.setattr(changes, "CHANGELOG", tmp_path / "CHANGELOG.md")
    unbumped = Report(contract("1.0.0"), contract("1.0.0"), client=[*BREAKING, Change("m.g", "added", False)])
    assert gate(unbumped) == (
        "The client's version does not fit the changes:\n"
        "  - 1 breaking change(s) since test, but the client's version is 1.0.0: set package_version_override to "
        "2.0.0 in generator/config.yaml, run `make generate`, and describe the changes in CHANGELOG.md\n"
        "Breaking changes:\n"
        "  - m.f: parameter 'a' removed"
    )
    assert gate(dataclasses.replace(unbumped, head=contract("2.0.0"))) is None


# --- the API, by Optic: a finding the spec exempts is not breaking ---------------------------------------


def spec_with(exempt: bool) -> dict[str, Any]:
    body: dict[str, Any] = {
        "schema": {"type": "object", "properties": {"keep": {"type": "string"}, "gone": {"type": "string"}}}
    }
    if exempt:
        body["x-optic-exemptions"] = ["prevent removing response property"]
    operation = {
        "operationId": "getA",
        "responses": {"200": {"description": "ok", "content": {"application/json": body}}},
    }
    return {"openapi": "3.1.0", "info": {"title": "t", "version": "1"}, "paths": {"/a": {"post": operation}}}


def test_optic_findings_are_breaking_unless_the_spec_exempts_them() -> None:
    base: dict[str, Any] = {"openapi": "3.1.0", "info": {"title": "t", "version": "1"}, "paths": {}}
    base["paths"]["/a"] = spec_with(exempt=True)["paths"]["/a"]
    base["paths"]["/b"] = spec_with(exempt=False)["paths"]["/a"]
    head = json.loads(json.dumps(base))
    for path in ("/a", "/b"):
        del head["paths"][path]["post"]["responses"]["200"]["content"]["application/json"]["schema"]["properties"][
            "gone"
        ]
    found, text = api_changes(yaml.safe_dump(base), yaml.safe_dump(head))
    assert [(change.where.split(" ")[:2], change.breaking) for change in found] == [(["POST", "/b"], True)]
    assert "cannot remove response property 'gone'" in found[0].what and "(exempted)" in text
    assert api_changes("same", "same") == ([], "openapi.yaml: no change\n")
    assert text == text.strip() + "\n"


def test_a_compatible_api_change_is_listed_not_breaking_and_a_failed_optic_run_stops_the_gate(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    base = spec_with(exempt=False)
    head = json.loads(json.dumps(base))
    properties = head["paths"]["/a"]["post"]["responses"]["200"]["content"]["application/json"]["schema"]["properties"]
    properties["more"] = {"type": "string"}
    found, text = api_changes(yaml.safe_dump(base), yaml.safe_dump(head))
    assert found == [] and "more" in text
    with pytest.raises(SystemExit, match="optic diff failed"):
        api_changes(yaml.safe_dump(base), "openapi: [not a document")
    monkeypatch.setattr(changes, "OPTIC", Path("/nonexistent/optic"))
    with pytest.raises(SystemExit, match=r"Optic is not installed: run `make setup`"):
        api_changes("a", "b")


# --- surface.py: what the public surface is made of ---------------------------------------------------


PROBE = '''
"""A package shaped as the generated client is."""
from __future__ import annotations
import enum
from os.path import sep
from typing import Any
import attrs
from .inner import Helper as Helper
from ._impl import Impl
from . import _tools as tools

__all__ = ["Helper", "Base", "Color", "Model", "Service", "VERSION", "make", "sub", "sep", "Impl", "tools", "api"]
from . import api, sub
VERSION = "1.0"
_private = 1


class Base(Exception):
    pass


class Color(enum.Enum):
    RED = "red"


@attrs.define
class Model:
    name: str
    size: int | None = None
    _hidden: int = 0


class Service(Base):
    def __init__(self, a: int, /, b: str, *args: Any, c: float = 1.0, **kw: Any) -> None:
        pass

    def run(self, x: int) -> str:
        return ""

    @staticmethod
    def build(y: bytes) -> None:
        pass

    @classmethod
    def load(cls, z: str) -> Service:
        return cls(1, "")

    @property
    def state(self) -> int:
        return 0

    secret = property(None, lambda self, value: None)  # written, never read

    def _internal(self) -> None:
        pass


def make(flag: bool = False) -> Service:
    return Service(1, "")
'''


@pytest.fixture
def probe(tmp_path: Path) -> dict[str, Any]:
    tree = tmp_path
    package = tree / "surface_probe"
    (package / "sub").mkdir(parents=True)
    (package / "__init__.py").write_text(textwrap.dedent(PROBE), encoding="utf-8")
    (package / "inner.py").write_text("class Helper:\n    def go(self) -> None:\n        pass\n", encoding="utf-8")
    # no __all__, and no `from __future__ import annotations`: its annotations are objects
    (package / "sub" / "__init__.py").write_text(
        "LIMIT: int = 3\nimport json\nfrom os.path import sep\nfrom typing import TypeVar\nfrom ..inner import Helper\n"
        "T = TypeVar('T')\n\ndef f(a):\n    pass\n\ndef g(b: int) -> list[int]:\n    return []\n\n"
        "def _helper():\n    pass\n",
        encoding="utf-8",
    )
    (package / "api.py").write_text(
        "from .inner import Helper\n__all__ = ['Helper', 'call']\n\ndef call() -> None:\n    pass\n",
        encoding="utf-8",
    )
    (package / "_hidden.py").write_text("def secret() -> None:\n    pass\n", encoding="utf-8")
    (package / "_impl.py").write_text("class Impl:\n    def go(self) -> None:\n        pass\n", encoding="utf-8")
    (package / "_tools.py").write_text("", encoding="utf-8")
    try:
        return surface.surface_of(tree, "surface_probe")
    finally:
        for name in [name for name in sys.modules if name.startswith("surface_probe")]:
            del sys.modules[name]
        sys.path.remove(str(tree))


def test_the_surface_is_exactly_what_user_code_can_import(probe: Surface) -> None:
    """A module's __all__ when it has one, else its public names; what it imports for its own use
    (a module, a name from elsewhere, a TypeVar) is not surface; a private module's class re-exported
    on purpose is described where it is defined."""
    assert set(probe) == {
        *(f"surface_probe.{name}" for name in ("Helper", "Base", "Color", "Color.RED", "Model", "Model.__init__")),
        *(f"surface_probe.Model.{name}" for name in ("name", "size")),
        *(f"surface_probe.Service{name}" for name in ("", ".__init__", ".run", ".build", ".load", ".state")),
        *(f"surface_probe.{name}" for name in ("Service.secret", "VERSION", "make", "sub", "sep", "Impl", "tools")),
        *(f"surface_probe.{name}" for name in ("api", "api.Helper", "api.call", "inner", "inner.Helper")),
        *(f"surface_probe.{name}" for name in ("inner.Helper.go", "_impl.Impl", "_impl.Impl.go", "sub.LIMIT")),
        *(f"surface_probe.sub.{name}" for name in ("f", "g")),
        "surface_probe",
    }
    assert probe["surface_probe.sep"] == {"kind": "constant", "type": "str"}  # in __all__, from elsewhere
    assert probe["surface_probe.tools"] == {"kind": "alias", "target": "surface_probe._tools"}
    assert probe["surface_probe.Impl"] == {"kind": "alias", "target": "surface_probe._impl.Impl"}
    assert probe["surface_probe._impl.Impl.go"]["kind"] == "method"
    assert probe["surface_probe.api.Helper"] == {"kind": "alias", "target": "surface_probe.inner.Helper"}
    assert probe["surface_probe.sub.g"] == {
        "kind": "function",
        "params": [{"name": "b", "kind": "POSITIONAL_OR_KEYWORD", "required": True, "annotation": "int"}],
        "returns": "list[int]",
    }
    assert probe["surface_probe.Service.secret"] == {"kind": "property", "annotation": None}


def test_a_callable_without_a_signature_has_no_parameters() -> None:
    assert surface.signature(42) == {"params": [], "returns": None}


def test_the_surface_is_read_from_the_tree_given_not_from_another_copy(tmp_path: Path) -> None:
    """An older copy of the package earlier on sys.path (an installed one, say) is not read instead."""
    for side in ("elsewhere", "tree"):
        (tmp_path / side / "probe_twin").mkdir(parents=True)
        (tmp_path / side / "probe_twin" / "__init__.py").write_text(f"WHERE = {side!r}\n", encoding="utf-8")
    sys.path.insert(0, str(tmp_path / "elsewhere"))
    try:
        assert surface.surface_of(tmp_path / "tree", "probe_twin")["probe_twin.WHERE"]["kind"] == "constant"
        assert sys.modules["probe_twin"].WHERE == "tree"
        # a package already imported from elsewhere (json, from the standard library) is refused
        (tmp_path / "tree" / "json").mkdir()
        (tmp_path / "tree" / "json" / "__init__.py").write_text("", encoding="utf-8")
        with pytest.raises(SystemExit) as refused:
            surface.surface_of(tmp_path / "tree", "json")
        assert str(refused.value) == (
            f"imported {sys.modules['json'].__file__}, not the package in {tmp_path / 'tree'}"
        )
    finally:
        sys.modules.pop("probe_twin", None)
        sys.path[:] = [entry for entry in sys.path if not entry.startswith(str(tmp_path))]


def test_surface_py_prints_the_surface_as_json(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "probe_cli").mkdir()
    (tmp_path / "probe_cli" / "__init__.py").write_text("def f(a: int) -> None:\n    pass\n", encoding="utf-8")
    monkeypatch.setattr("sys.argv", ["surface.py", str(tmp_path), "probe_cli"])
    try:
        assert surface.main() == 0
    finally:
        sys.modules.pop("probe_cli", None)
        sys.path.remove(str(tmp_path))
    expected = {"probe_cli": {"kind": "module"}, "probe_cli.f": function(param("a"))}
    assert capsys.readouterr().out == json.dumps(expected, indent=1) + "\n"
    # the client's package by default
    monkeypatch.setattr("sys.argv", ["surface.py", str(tmp_path)])
    monkeypatch.setattr(surface, "surface_of", lambda tree, package: {"tree": str(tree), "package": package})
    assert surface.main() == 0
    assert json.loads(capsys.readouterr().out) == {"tree": str(tmp_path), "package": "finerworks_client"}


def test_the_surface_lists_modules_classes_functions_and_constants(probe: Surface) -> None:
    assert probe["surface_probe"] == {"kind": "module"}
    assert probe["surface_probe.sub"] == {"kind": "module"}
    assert "surface_probe._hidden" not in probe and "surface_probe._hidden.secret" not in probe
    assert probe["surface_probe.VERSION"] == {"kind": "constant", "type": "str"}
    assert probe["surface_probe.sub.LIMIT"] == {"kind": "constant", "type": "int"}
    assert "surface_probe.sub.json" not in probe  # a module it imports for its own use
    assert probe["surface_probe.sub"] == {"kind": "module"}
    assert probe["surface_probe.sub.f"] == {
        "kind": "function",
        "params": [{"name": "a", "kind": "POSITIONAL_OR_KEYWORD", "required": True, "annotation": None}],
        "returns": None,
    }
    assert probe["surface_probe.make"] == {
        "kind": "function",
        "params": [{"name": "flag", "kind": "POSITIONAL_OR_KEYWORD", "required": False, "annotation": "bool"}],
        "returns": "Service",
    }


def test_the_surface_keeps_each_parameter_kind_and_whether_it_is_required(probe: Surface) -> None:
    constructor = probe["surface_probe.Service.__init__"]
    assert constructor["kind"] == "constructor" and constructor["returns"] == "None"
    assert [(p["name"], p["kind"], p["required"], p["annotation"]) for p in constructor["params"]] == [
        ("a", "POSITIONAL_ONLY", True, "int"),
        ("b", "POSITIONAL_OR_KEYWORD", True, "str"),
        ("args", "VAR_POSITIONAL", False, "Any"),
        ("c", "KEYWORD_ONLY", False, "float"),
        ("kw", "VAR_KEYWORD", False, "Any"),
    ]


def test_the_surface_of_a_class_has_its_bases_methods_properties_fields_and_enum_members(probe: Surface) -> None:
    assert probe["surface_probe.Service"] == {"kind": "class", "bases": ["surface_probe.Base"]}
    assert probe["surface_probe.Base"] == {"kind": "class", "bases": ["builtins.Exception"]}
    assert probe["surface_probe.Service.run"]["params"][0]["name"] == "x"
    assert probe["surface_probe.Service.run"]["kind"] == "method"
    assert probe["surface_probe.Service.build"]["params"][0]["name"] == "y"
    assert probe["surface_probe.Service.load"] == {
        "kind": "method",
        "params": [{"name": "z", "kind": "POSITIONAL_OR_KEYWORD", "required": True, "annotation": "str"}],
        "returns": "Service",
    }
    assert probe["surface_probe.Service.state"] == {"kind": "property", "annotation": "int"}
    assert "surface_probe.Service._internal" not in probe
    assert probe["surface_probe.Color.RED"] == {"kind": "enum member", "value": "'red'"}
    assert "surface_probe.Color.__init__" not in probe
    assert probe["surface_probe.Model.name"] == {"kind": "attribute", "annotation": "str"}
    assert probe["surface_probe.Model.size"] == {"kind": "attribute", "annotation": "int | None"}
    assert "surface_probe.Model._hidden" not in probe
    assert [p["name"] for p in probe["surface_probe.Model.__init__"]["params"]] == ["name", "size", "hidden"]
    assert "surface_probe.Base.__init__" not in probe  # Exception's own, not this package's


def test_a_name_re_exported_on_purpose_is_an_alias_described_where_it_is_defined(probe: Surface) -> None:
    assert probe["surface_probe.Helper"] == {"kind": "alias", "target": "surface_probe.inner.Helper"}
    assert probe["surface_probe.inner.Helper.go"]["kind"] == "method"
    assert probe["surface_probe.sub"] == {"kind": "module"}


# --- the command: make changes, make check-changes, make release ------------------------------------------


def fake_contracts(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, last: Contract | None, now: Contract) -> Path:
    """changes.py with `now` as the current contract and `last` as the recorded release, writing to tmp_path."""
    monkeypatch.setattr(Contract, "current", classmethod(lambda cls, spec=None: now))
    monkeypatch.setattr(Contract, "last_release", classmethod(lambda cls: last))

    def api_changes(base: str, head: str) -> tuple[list[Change], str]:
        assert (base, head) == (last.spec if last else None, now.spec)  # the two documents, in order
        return [], "openapi.yaml: no change\n"

    monkeypatch.setattr(changes, "api_changes", api_changes)
    changelog = tmp_path / "CHANGELOG.md"
    changelog.write_text("## [2.0.0] - 2026-12-01\n## [1.0.0] - 2026-11-01\n", encoding="utf-8")
    monkeypatch.setattr(changes, "CHANGELOG", changelog)
    return changelog


def run_main(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str]:
    monkeypatch.setattr("sys.argv", ["changes", *args])
    code = changes.main()
    return code, capsys.readouterr().out


def surfaced(version: str, params: list[dict[str, Any]]) -> Contract:
    return Contract(f"v{version}", "openapi", {"m.f": function(*params)}, version, "3.0.0")


def test_check_changes_refuses_a_breaking_change_without_a_major_bump_and_names_it(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    fake_contracts(monkeypatch, tmp_path, surfaced("1.0.0", [param("a")]), surfaced("1.0.0", []))
    code, out = run_main(monkeypatch, capsys, "--gate")
    assert code == 1
    assert out.endswith("Breaking changes:\n  - m.f: parameter 'a' removed\n")
    assert "set package_version_override to 2.0.0" in out
    fake_contracts(monkeypatch, tmp_path, surfaced("1.0.0", [param("a")]), surfaced("2.0.0", []))
    code, out = run_main(monkeypatch, capsys, "--gate")
    assert (code, out) == (0, "client 2.0.0 against v1.0.0: 1 breaking change(s); the version fits\n")


def test_make_changes_lists_every_change_and_says_which_break(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    now = surfaced("1.0.0", [param("b"), param("c", required=False)])
    fake_contracts(monkeypatch, tmp_path, surfaced("1.0.0", [param("b")]), now)
    code, out = run_main(monkeypatch, capsys)
    assert code == 0
    assert out == (
        "Since v1.0.0 (client 1.0.0, API 3.0.0), now client 1.0.0 (API 3.0.0): 0 breaking, 1 other change(s)\n"
        "  client    m.f: optional parameter 'c' added\n"
        "(`make changes FULL=1` adds Optic's whole account of openapi.yaml)\n"
    )
    fake_contracts(monkeypatch, tmp_path, surfaced("1.0.0", [param("b")]), surfaced("1.0.0", []))
    code, out = run_main(monkeypatch, capsys)
    assert code == 0 and ": 1 breaking, 0 other change(s)\n  BREAKING  m.f: parameter 'b' removed\n" in out
    fake_contracts(monkeypatch, tmp_path, None, now)
    code, out = run_main(monkeypatch, capsys, "--gate")
    assert code == 0 and out.startswith("No release recorded in release/ yet")


def test_a_release_is_recorded_only_above_the_last_one_and_reads_back_as_it_was(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    changelog = fake_contracts(monkeypatch, tmp_path, surfaced("1.0.0", [param("a")]), surfaced("1.0.0", [param("a")]))
    monkeypatch.setattr(changes, "RELEASE", tmp_path / "release")
    code, out = run_main(monkeypatch, capsys, "--record")
    assert code == 1 and "the client's version 1.0.0 is not above the last release's (1.0.0)" in out
    assert not (tmp_path / "release").exists()
    now = surfaced("2.0.0", [])  # breaking, with the major bump and its dated section
    monkeypatch.setattr(Contract, "current", classmethod(lambda cls, spec=None: now))
    monkeypatch.setattr(changes, "ROOT", tmp_path)
    monkeypatch.setattr(changes, "repository_url", lambda: "https://git.example.invalid/r")
    (tmp_path / "generated").mkdir()
    (tmp_path / "generated" / "pyproject.toml").write_text('Repository = "https://git.example.invalid/r"\n')
    code, out = run_main(monkeypatch, capsys, "--record")
    assert code == 1 and "the repository's URL is a placeholder (https://git.example.invalid/r)" in out
    monkeypatch.setattr(changes, "repository_url", lambda: "https://github.com/o/r")
    code, out = run_main(monkeypatch, capsys, "--record")
    assert (code, out) == (
        1,
        "Not releasable as 2.0.0:\n  - generated/pyproject.toml does not link to https://github.com/o/r: "
        "run `make generate`\n",
    )
    assert not (tmp_path / "release").exists()
    (tmp_path / "generated" / "pyproject.toml").write_text('Repository = "https://github.com/o/r"\n')
    code, out = run_main(monkeypatch, capsys, "--record")
    assert (code, out) == (0, "recorded client 2.0.0 (API 3.0.0) as the last release in release/\n")
    monkeypatch.undo()
    monkeypatch.setattr(changes, "RELEASE", tmp_path / "release")
    recorded = Contract.last_release()
    assert recorded is not None
    assert (recorded.label, recorded.spec, recorded.surface, recorded.version) == (
        "release 2.0.0",
        "openapi",
        now.surface,
        "2.0.0",
    )
    assert json.loads((tmp_path / "release" / "client.json").read_text())["api_version"] == "3.0.0"
    # a version without a dated CHANGELOG section is not released
    changelog.write_text("## [2.0.0]\n", encoding="utf-8")
    monkeypatch.setattr(changes, "CHANGELOG", changelog)
    assert any("no dated section `## [2.0.0] - YYYY-MM-DD`" in p for p in changes.release_problems(now, None))


def test_a_type_neither_wider_nor_narrower_is_a_change_breaking_both_ways() -> None:
    change = changes.type_change("list[int]", "list[str]", read=False, written=False)
    assert change is not None and (change.what, change.breaking) == ("type changed: list[int] -> list[str]", False)
    change = changes.type_change("A | B", "A | C", read=True, written=False)
    assert change is not None and (change.what, change.breaking) == ("type changed: A | B -> A | C", True)


def test_the_contract_at_a_git_ref_is_the_committed_client_and_now_is_generated_afresh() -> None:
    """HEAD's committed generated/ and a fresh generation of openapi.yaml have the same surface (make
    check-generated holds generated/ to it), read by surface.py in a process of its own."""
    at_head, now = Contract.at("HEAD"), Contract.current()
    assert at_head.label == "HEAD" and now.label == "now"
    assert at_head.surface == now.surface and "finerworks_client.FinerWorksClient" in now.surface
    assert (now.version, now.api_version) == (finerworks_client.__version__, finerworks_client.API_VERSION)
    # the client's own version (package_version_override in HEAD's generator config), and the API's
    assert (at_head.version, at_head.api_version) == (now.version, now.api_version)
    assert at_head.spec == changes.git("show", "HEAD:openapi.yaml").decode()
    assert now.spec == SPEC.read_text(encoding="utf-8")
    with pytest.raises(SystemExit, match="git show no-such-ref"):
        changes.git("show", "no-such-ref:openapi.yaml")


# Optic's account of a removed and an added response member, as `optic diff` writes it (trimmed).
OPTIC_ACCOUNT = """\
x FinerWorks Orders API base/openapi.yaml
Operations: 1 operation changed

x POST /fetch_order_status: 
  - response 200: 
    - body application/json: 
      - property /schema/properties/orders/items/properties/shipments/items/properties/carrier: removed
      
        x [prevent removing response property] cannot remove response property 'carrier'. This is a breaking change.
        at base/openapi.yaml:826:40581
        
      - property /schema/properties/orders/items/properties/shipments/items/properties/carrier_service: added
      - property /schema/properties/orders/items/properties/shipments: changed
x POST /update_customer: 
  - request: removed
"""


def test_the_report_says_the_counts_then_the_breaking_changes_then_the_others_one_line_each(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = {"m.b": function(param("x")), "m.a": function(param("y"))}
    last = Contract("v1", "old spec", before, "1.0.0", "3.0.0")
    now = Contract("v2", "new spec", {"m.c": function()}, "1.1.0", "3.1.0")
    fake_contracts(monkeypatch, tmp_path, last, now)
    optic = Change("POST /fetch_order_status response 200", "cannot remove 'carrier'", breaking=True)
    monkeypatch.setattr(changes, "api_changes", lambda base, head: ([optic], OPTIC_ACCOUNT))
    headline = "Since v1 (client 1.0.0, API 3.0.0), now client 1.1.0 (API 3.1.0): 3 breaking, 4 other change(s)\n"
    lines = (
        "  BREAKING  POST /fetch_order_status response 200: cannot remove 'carrier'\n"
        "  BREAKING  m.a: function removed\n"
        "  BREAKING  m.b: function removed\n"
        "  api       POST /fetch_order_status response 200: /orders[]/shipments[]/carrier removed\n"
        "  api       POST /fetch_order_status response 200: /orders[]/shipments[]/carrier_service added\n"
        "  api       POST /update_customer: request removed\n"
        "  client    m.c: function added\n"
    )
    code, out = run_main(monkeypatch, capsys)
    assert (code, out) == (0, headline + lines + "(`make changes FULL=1` adds Optic's whole account of openapi.yaml)\n")
    code, out = run_main(monkeypatch, capsys, "--full")
    assert (code, out) == (0, headline + lines + "\n== openapi.yaml, Optic's account ==\n" + OPTIC_ACCOUNT + "\n")
    fake_contracts(monkeypatch, tmp_path, now, now)
    code, out = run_main(monkeypatch, capsys)
    assert out.startswith("Since v2 (client 1.1.0, API 3.1.0), now client 1.1.0 (API 3.1.0): 0 breaking, 0 other")
    assert out.splitlines()[1] == "  no change"


def test_make_changes_explains_itself(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("sys.argv", ["changes", "--help"])
    with pytest.raises(SystemExit):
        changes.main()
    text = " ".join(capsys.readouterr().out.split())
    assert text.count("What changed for users since the last release, and does it break them?") == 1
    for words in (
        "--gate fail on a breaking change without a major version bump",
        "--record record openapi.yaml and the client as the last release",
        "--base BASE a git ref to compare with instead of the last release (release/)",
    ):
        assert words in text
    assert "--preflight only say what would stop --record (make release runs it first)" in text
    assert "--full Optic's whole account of openapi.yaml too" in text


# --- the rest of the command and the contracts it reads -------------------------------------------------


def test_a_release_preflight_says_it_can_go_on_or_lists_every_problem_one_a_line(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    fake_contracts(monkeypatch, tmp_path, surfaced("1.0.0", [param("a")]), surfaced("2.0.0", []))
    monkeypatch.setattr(changes, "RELEASE", tmp_path / "release")
    monkeypatch.setattr(changes, "release_problems", lambda head, last: [])
    code, out = run_main(monkeypatch, capsys, "--preflight")
    assert (code, out) == (0, "client 2.0.0 can be released: running the tests and building it\n")
    assert not (tmp_path / "release").exists()  # recorded only by --record, after the tests
    monkeypatch.setattr(changes, "release_problems", lambda head, last: ["one", "two"])
    code, out = run_main(monkeypatch, capsys, "--preflight")
    assert (code, out) == (1, "Not releasable as 2.0.0:\n  - one\n  - two\n")


def test_make_changes_base_compares_with_the_contract_at_that_git_ref(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    fake_contracts(monkeypatch, tmp_path, None, surfaced("1.0.0", [param("a")]))
    asked: list[str] = []

    def at(cls: type[Contract], ref: str) -> Contract:
        asked.append(ref)
        return surfaced("1.0.0", [])

    monkeypatch.setattr(Contract, "at", classmethod(at))
    monkeypatch.setattr(changes, "api_changes", lambda base, head: ([], "openapi.yaml: no change\n"))
    code, out = run_main(monkeypatch, capsys, "--base", "v1.0.0")
    assert asked == ["v1.0.0"] and code == 0
    assert out.startswith("Since v1.0.0 ") and "  client    m.f: required parameter 'a' added\n" not in out
    assert "  BREAKING  m.f: required parameter 'a' added\n" in out


def test_the_current_contract_is_the_spec_given_generated_afresh(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    spec = tmp_path / "openapi.yaml"
    spec.write_text("info:\n  version: 9.9.9\n", encoding="utf-8")
    generated: list[tuple[Path, Path]] = []
    monkeypatch.setattr(changes, "run_generator", lambda into, given: generated.append((into, given)))
    monkeypatch.setattr(changes, "surface_of", lambda tree: {"read from": {"kind": str(tree)}})
    now = Contract.current(spec)
    [(into, given)] = generated
    assert given == spec and into.name == "generated" and not into.parent.exists()  # a scratch folder, removed
    assert now == Contract("now", spec.read_text(), {"read from": {"kind": str(into)}}, client_version(), "9.9.9")


def test_a_recorded_release_reads_back_with_one_line_per_name_and_can_be_recorded_again(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setattr(changes, "RELEASE", tmp_path / "release")
    release = Contract("now", "spec text", {"m.f": function(), "m.g": function(param("a"))}, "2.0.0", "3.1.0")
    release.record()
    release.record()  # over the last one
    assert Contract.last_release() == dataclasses.replace(release, label="release 2.0.0")
    lines = (tmp_path / "release" / "client.json").read_text(encoding="utf-8").splitlines()
    assert lines[3:6] == [
        ' "surface": {',
        f'  "m.f": {json.dumps(function())},',
        f'  "m.g": {json.dumps(function(param("a")))}',
    ]


def test_reading_a_surface_that_fails_says_where_and_why(tmp_path: Path) -> None:
    with pytest.raises(SystemExit) as failed:
        changes.surface_of(tmp_path)  # no package there
    message = str(failed.value)
    # the package is found elsewhere (installed), not in tmp_path: surface.py's own words
    assert message.startswith(f"reading the client's surface in {tmp_path} failed:\nimported ")
    assert message.endswith(f", not the package in {tmp_path}\n")


def test_git_runs_in_the_repository_wherever_the_command_is_started(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.delenv("GIT_DIR", raising=False)
    monkeypatch.chdir(tmp_path)
    assert changes.git("show", "HEAD:openapi.yaml").startswith(b"openapi: ")


def test_without_optic_installed_the_command_says_how_to_install_it(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setattr(changes, "OPTIC", tmp_path / "optic")
    assert api_changes("same", "same") == ([], "openapi.yaml: no change\n")  # no Optic needed
    with pytest.raises(SystemExit, match=r"^Optic is not installed: run `make setup` \(npm ci\)$"):
        api_changes("a", "b")


def test_optics_account_is_outlined_under_the_operation_and_part_each_line_belongs_to() -> None:
    account = (
        "    - property /schema/properties/x: added\n"  # before any operation and part: under none
        "- request: added\n"
        "x POST /a:\n"
        "  - response 200:\n"
        "    - property /schema/properties/schemaVersion: added\n"  # only the leading /schema goes
        "x POST /b:\n"
        "    - property /schema/properties/x: removed\n"  # the part of POST /a is not carried over
    )
    assert [(c.where, c.what, c.breaking) for c in changes.api_outline(account)] == [
        ("", "/x added", False),
        ("", "request added", False),
        ("POST /a response 200", "/schemaVersion added", False),
        ("POST /b", "/x removed", False),
    ]


def test_a_new_class_is_one_change_and_the_names_after_it_are_still_listed() -> None:
    before: Surface = {"m.a": function()}
    after: Surface = {"m.a": function(), "m.B": {"kind": "class", "bases": []}, "m.B.x": function(), "m.c": function()}
    assert verdicts(before, after) == {"m.B: class added": False, "m.c: function added": False}


def test_a_model_passed_in_on_one_side_only_is_judged_as_written() -> None:
    """Model only becomes a parameter's type in the new surface: a widened attribute refuses nothing
    that callers build, and code does not read it back, so it breaks no one."""
    model = {"kind": "class", "bases": []}
    before: Surface = {"m.M": model, "m.M.size": {"kind": "attribute", "annotation": "int"}, "m.f": function()}
    after: Surface = {
        "m.M": model,
        "m.M.size": {"kind": "attribute", "annotation": "int | None"},
        "m.f": function(param("m", required=False, annotation="M | None")),
    }
    assert verdicts(before, after)["m.M.size: type widened: int -> int | None"] is False


def test_a_model_reached_twice_does_not_hide_the_others() -> None:
    """Order holds two Addresses and an Item: all three are read by the caller of get()."""
    surface_: Surface = {
        "m.get": function(returns="Order"),
        "m.Order": {"kind": "class", "bases": []},
        "m.Order.items": {"kind": "attribute", "annotation": "list[Item]"},
        "m.Order.billing": {"kind": "attribute", "annotation": "Address"},
        "m.Order.shipping": {"kind": "attribute", "annotation": "Address"},
        "m.Address": {"kind": "class", "bases": []},
        "m.Item": {"kind": "class", "bases": []},
    }
    assert changes.model_roles(surface_) == ({"Order", "Address", "Item"}, set())


@pytest.mark.parametrize(
    ("url", "placeholder"),
    [
        ("https://github.com/o/r", False),
        ("https://git.example.invalid/r", True),
        ("https://git.example/r", True),
        ("http://github.com/o/r", True),
        ("https://github.com", True),
        (None, False),  # no public home yet: the package carries no links to check
    ],
)
def test_a_release_needs_a_real_https_repository_url(
    url: str | None, placeholder: bool, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    changelog = tmp_path / "CHANGELOG.md"
    changelog.write_text("## [1.0.0] - 2026-12-01\n", encoding="utf-8")
    monkeypatch.setattr(changes, "CHANGELOG", changelog)
    monkeypatch.setattr(changes, "repository_url", lambda: url)
    monkeypatch.setattr(changes, "ROOT", tmp_path)
    (tmp_path / "generated").mkdir()
    (tmp_path / "generated" / "pyproject.toml").write_text(f'Repository = "{url}"\n', encoding="utf-8")
    expected = (
        [
            f"the repository's URL is a placeholder ({url}): set `Repository` under [project.urls] in "
            "pyproject.toml, then `make generate` (the client's package links to it)"
        ]
        if placeholder
        else []
    )
    assert changes.release_problems(surfaced("1.0.0", []), None) == expected


def test_a_ref_from_before_the_client_had_its_own_version_carries_the_apis(monkeypatch: pytest.MonkeyPatch) -> None:
    spec = "info:\n  version: 2.5.0\n"
    empty = BytesIO()
    tarfile.open(fileobj=empty, mode="w").close()
    answers = {
        "show v0:openapi.yaml": spec.encode(),
        f"show v0:{CONFIG.relative_to(ROOT)}": b"",  # no package_version_override yet
        f"archive v0 generated/{PACKAGE} generator/package": empty.getvalue(),
    }
    monkeypatch.setattr(changes, "git", lambda *args: answers[" ".join(args)])
    monkeypatch.setattr(changes, "surface_of", lambda tree: {})
    assert Contract.at("v0") == Contract("v0", spec, {}, "2.5.0", "2.5.0")


def test_each_name_that_changed_kind_is_listed() -> None:
    before: Surface = {"m.a": function(), "m.b": function()}
    after: Surface = {"m.a": {"kind": "class", "bases": []}, "m.b": {"kind": "constant", "type": "int"}}
    assert verdicts(before, after) == {
        "m.a: was a function, now a class": True,
        "m.b: was a function, now a constant": True,
    }


def fake_optic(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, code: int, stdout: str, details: Any) -> None:
    """Optic as changes.py runs it: an exit code, its output, and the findings it writes (None: none)."""
    optic = tmp_path / "optic"
    optic.write_text("", encoding="utf-8")
    monkeypatch.setattr(changes, "OPTIC", optic)

    def run(command: list[str], cwd: Path, **options: Any) -> subprocess.CompletedProcess[str]:
        assert command[:4] == [str(optic), "diff", "base/openapi.yaml", "head/openapi.yaml"]
        if details is not None:
            (Path(cwd) / "ci-run-details.json").write_text(json.dumps(details), encoding="utf-8")
        return subprocess.CompletedProcess(command, code, stdout, "optic's errors")

    monkeypatch.setattr("scripts.changes.subprocess.run", run)


def test_optics_account_is_kept_line_for_line_without_its_web_hints(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    finding = {"where": "POST /a", "error": "cannot remove 'x'." + changes.BREAKING, "name": "rule", "passed": False}
    details = {"failed": 0, "completed": [{"comparison": {"results": [finding]}}]}
    stdout = "x POST /a:\nPreview docs: https://example.org\n  - response 200: removed\nrun with --web to see\n"
    fake_optic(monkeypatch, tmp_path, 1, stdout, details)
    found, text = api_changes("a", "b")
    assert found == [Change("POST /a", "cannot remove 'x'. [Optic: rule]", breaking=True)]
    assert text == "x POST /a:\n  - response 200: removed\n"


@pytest.mark.parametrize(
    ("code", "details"), [(1, {"failed": 1, "completed": []}), (2, None), (2, {"failed": 0, "completed": []})]
)
def test_an_optic_run_that_failed_stops_the_command(
    code: int, details: Any, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    fake_optic(monkeypatch, tmp_path, code, "some output\n", details)
    with pytest.raises(SystemExit) as stopped:
        api_changes("a", "b")
    assert str(stopped.value) == f"optic diff failed (exit {code}):\nsome output\noptic's errors"
