"""A spec change is an edit to openapi.yaml alone: the maintainer's loop, on a copy of the repository.

Four changes a maintainer makes when FinerWorks' answers change, each written into the copy's
openapi.yaml only (its examples included, as the maintainer would edit them):
- a member FinerWorks adds later, optional (the presence policy: servers with and without it);
- a required, nullable response member;
- a response member removed;
- a request member renamed.
Then the README's loop, "Changing the API description": `make generate`, `make cassettes` (the one
re-record command), and the tests the change touches, once: they must pass in that one round,
with no other file edited. The mock's fixtures, admin.yaml, the reality bodies, the examples of
the README and the cassettes follow openapi.yaml on their own. (A body written out in the README's
prose does state a shape: the webhook example writes an OrderStatus, so a new required member of
OrderStatus is a README edit too, which its test names. The required member is added to Shipment.)
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from scripts.generate import ROOT

Document = dict[str, Any]

# The tests a change of a response or request model touches: the mock (fixtures, seed examples,
# the admin API's shipments), the bodies a real server may send, the cassettes, the README's
# examples through the client. Picked to stay a small part of `make test`'s budget.
TOUCHED = [
    "tests/test_reality.py",
    "tests/tools/test_cassettes.py",
    "tests/mock/test_mock.py",
    "tests/mock/test_sandbox.py::test_an_order_goes_through_production_and_ships",
    "tests/test_readme.py::test_readme_example_runs_against_the_mock",
]


def schemas(document: Document) -> Document:
    found: Document = document["components"]["schemas"]
    return found


def every_object(node: Any, has: str) -> list[dict[str, Any]]:
    """Every example object in node that holds the member `has` (not a schema's properties)."""
    if isinstance(node, list):
        return [found for item in node for found in every_object(item, has)]
    if not isinstance(node, dict):
        return []
    own = [node] if has in node and not isinstance(node[has], dict) else []
    return own + [found for value in node.values() for found in every_object(value, has)]


def add_optional_response_member(document: Document) -> None:
    """A member FinerWorks adds later: optional, so no example has to change."""
    order = schemas(document)["OrderStatus"]
    order["properties"]["order_source"] = {
        "type": ["string", "null"],
        "description": "Where the order came from (an app, a shop); absent from older answers.",
    }


def add_required_nullable_response_member(document: Document) -> None:
    """A member every answer carries, null or not: the examples of shipments say it too."""
    shipment = schemas(document)["Shipment"]
    shipment["properties"]["carrier_service"] = {
        "type": ["string", "null"],
        "description": "The carrier's service level (ground, express); null when not recorded.",
    }
    shipment["required"].append("carrier_service")
    for example in every_object(document, "tracking_number"):
        example["carrier_service"] = None


def remove_response_member(document: Document) -> None:
    shipment = schemas(document)["Shipment"]
    del shipment["properties"]["carrier"]
    if "carrier" in shipment.get("required", []):
        shipment["required"].remove("carrier")
    for example in every_object(document, "carrier"):
        del example["carrier"]


def rename_request_member(document: Document) -> None:
    address = schemas(document)["Address"]
    address["properties"] = {
        ("phone_number" if name == "phone" else name): member for name, member in address["properties"].items()
    }
    address["required"] = ["phone_number" if name == "phone" else name for name in address.get("required", [])]
    for example in every_object(document, "phone"):
        example["phone_number"] = example.pop("phone")


CHANGES: list[Callable[[Document], None]] = [
    add_optional_response_member,
    add_required_nullable_response_member,
    remove_response_member,
    rename_request_member,
]


def tracked() -> list[str]:
    """The committed and changed files of this checkout (not .venv, node_modules or build output)."""
    listed = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        cwd=ROOT,
        capture_output=True,
        check=True,
    ).stdout.split(b"\0")
    return [name.decode() for name in listed if name and (ROOT / name.decode()).is_file()]


def copy_repository(target: Path) -> None:
    """This checkout's files, in target; the copy uses this checkout's .venv and node_modules."""
    for name in tracked():
        (target / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(ROOT / name, target / name)
    (target / "node_modules").symlink_to(ROOT / "node_modules")


def run(copy: Path, *command: str) -> subprocess.CompletedProcess[str]:
    """A command in the copy, with the copy's generated/, mock/ and scripts/ first on the path."""
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join(str(copy / part) for part in ("generated", "mock", "")),
        "PYTHONDONTWRITEBYTECODE": "1",
    }
    return subprocess.run(command, cwd=copy, env=env, capture_output=True, text=True, check=False)


@pytest.fixture(scope="module")
def changed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the repository whose openapi.yaml has all four changes, regenerated and re-recorded."""
    copy = tmp_path_factory.mktemp("repository")
    copy_repository(copy)
    spec = copy / "openapi.yaml"
    document = yaml.safe_load(spec.read_text(encoding="utf-8"))
    for change in CHANGES:
        change(document)
    spec.write_text(yaml.safe_dump(document, sort_keys=False, allow_unicode=True, width=120), encoding="utf-8")
    for command in (["scripts/generate.py"], ["-m", "scripts.cassettes"]):
        result = run(copy, sys.executable, *command)
        assert result.returncode == 0, result.stdout + result.stderr
    return copy


def files(root: Path) -> dict[str, bytes]:
    """The files of the repository under root: this checkout's, and those the loop wrote in the copy."""
    names = set(tracked()) | {
        path.relative_to(root).as_posix()
        for part in ("generated", "tests/cassettes")
        for path in (root / part).rglob("*")
    }
    return {name: (root / name).read_bytes() for name in names if (root / name).is_file() and "__pycache__" not in name}


def test_nothing_but_openapi_yaml_and_what_the_loop_writes_changed(changed: Path) -> None:
    """The maintainer edited openapi.yaml; `make generate` and `make cassettes` wrote the rest."""
    written = ("openapi.yaml", "openapi.json", "generated/", "mock/finerworks_mock/openapi.yaml", "tests/cassettes/")
    before, after = files(ROOT), files(changed)
    differ = {name for name in before.keys() | after.keys() if before.get(name) != after.get(name) and name in after}
    assert {"openapi.yaml", "generated/finerworks_client/models/shipment.py"} <= differ
    assert not [name for name in differ if not name.startswith(written)]


def test_the_touched_tests_pass_in_one_round(changed: Path) -> None:
    result = run(changed, sys.executable, "-m", "pytest", "-q", "-n0", "-p", "no:cacheprovider", *TOUCHED)
    assert result.returncode == 0, result.stdout[-6000:] + result.stderr[-2000:]
