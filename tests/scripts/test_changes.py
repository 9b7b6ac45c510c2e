"""make changes and its CI gate: planted changes to a copy of openapi.yaml, classified as a user sees them."""

from __future__ import annotations

import dataclasses
import re
import subprocess
from pathlib import Path
from typing import Any

import finerworks_client
import pytest
import yaml

from scripts import changes
from scripts.changes import Change, Contract, Report, compare, gate, release_problems, type_change
from scripts.generate import SPEC, client_version

Document = dict[str, Any]
Schemas = dict[str, Any]


def remove_response_member(document: Document) -> None:
    schemas = document["components"]["schemas"]
    del schemas["OrderStatus"]["properties"]["order_status_label"]
    if "order_status_label" in schemas["OrderStatus"].get("required", []):
        schemas["OrderStatus"]["required"].remove("order_status_label")


def add_required_request_field(document: Document) -> None:
    schemas = document["components"]["schemas"]
    schemas["UpdateOrderRequest"]["properties"]["reason"] = {"type": "string", "description": "Why."}
    schemas["UpdateOrderRequest"]["required"].append("reason")


def narrow_request_enum(document: Document) -> None:
    document["components"]["schemas"]["UpdateCommand"]["enum"].remove("cancel")


def non_nullable_response_member(schemas: Schemas) -> tuple[str, str]:
    """A member of a response model that cannot be null today (a string, number or boolean)."""
    for model in ("OrderStatus", "Shipment", "ResponseStatus"):
        for name, member in schemas[model]["properties"].items():
            if member.get("type") in ("string", "integer", "number", "boolean") and name != "order_status_label":
                return model, name
    raise AssertionError("every member of OrderStatus, Shipment and ResponseStatus is nullable already")


def make_response_member_nullable(document: Document) -> None:
    schemas = document["components"]["schemas"]
    model, name = non_nullable_response_member(schemas)
    member = schemas[model]["properties"][name]
    member["type"] = [member["type"], "null"]


def add_optional_request_field(document: Document) -> None:
    notes = {"type": "string", "description": "Delivery notes."}
    document["components"]["schemas"]["Address"]["properties"]["notes"] = notes


def rename_operation(document: Document) -> None:
    document["paths"]["/update_order"]["put"]["operationId"] = "changeOrder"


@pytest.fixture(scope="module")
def base() -> Contract:
    """openapi.yaml and its client as they are: the planted changes are made to copies."""
    return Contract.current()


@pytest.fixture(scope="module")
def report(base: Contract, tmp_path_factory: pytest.TempPathFactory) -> Report:
    """All the planted changes at once, each in its own part of the document, in a copy of it
    (one generation, one Optic run)."""
    plants = [
        remove_response_member,
        add_required_request_field,
        narrow_request_enum,
        make_response_member_nullable,
        add_optional_request_field,
        rename_operation,
    ]
    document = yaml.safe_load(SPEC.read_text(encoding="utf-8"))
    for plant in plants:
        plant(document)
    spec = tmp_path_factory.mktemp("plant") / "openapi.yaml"
    spec.write_text(yaml.safe_dump(document, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return compare(base, Contract.current(spec))


def named(changes_: list[Change], where: str, what: str) -> list[Change]:
    return [change for change in changes_ if where in change.where and what in change.what]


def test_removed_response_member_is_breaking(report: Report) -> None:
    assert named(report.api, "POST /fetch_order_status", "cannot remove response property 'order_status_label'")
    [removed] = named(report.client, "OrderStatus.order_status_label", "attribute removed")
    assert removed.breaking


def test_new_required_request_field_is_breaking(report: Report) -> None:
    assert named(report.api, "PUT /update_order", "cannot add a required request property 'reason'")
    [constructor] = named(report.client, "UpdateOrderRequest.__init__", "required parameter 'reason' added")
    assert constructor.breaking


def test_narrowed_request_enum_is_breaking(report: Report) -> None:
    assert named(report.api, "PUT /update_order", "cannot remove enum option 'cancel'")
    [member] = named(report.client, "UpdateCommand.CANCEL", "enum member removed")
    assert member.breaking


def test_response_member_made_nullable_is_breaking_for_typed_clients(report: Report) -> None:
    model, name = non_nullable_response_member(yaml.safe_load(SPEC.read_text())["components"]["schemas"])
    assert named(report.api, name, "not to be expanded")
    # Code that reads the attribute as, say, a str must now handle None too.
    [attribute] = named(report.client, f"{model}.{name}", "type widened: ")
    before, after = attribute.what.removeprefix("type widened: ").split(" -> ")
    assert attribute.breaking and "None" in after and "None" not in before
    # Passing None to the constructor is newly allowed: not breaking.
    [parameter] = named(report.client, f"{model}.__init__", f"parameter '{name}': type widened")
    assert not parameter.breaking


def test_added_optional_request_field_is_not_breaking(report: Report) -> None:
    assert re.search(r"customer_info/\S*notes: added", report.api_text)
    assert not [change for change in report.breaking if "notes" in change.where + change.what]
    [attribute] = named(report.client, "Address.notes", "attribute added")
    [parameter] = named(report.client, "Address.__init__", "optional parameter 'notes' added")
    assert not attribute.breaking and not parameter.breaking


def test_every_breaking_change_is_one_of_those_planted(report: Report) -> None:
    """Nothing else is reported: the breaking changes are those of the four breaking plants."""
    _, nullable = non_nullable_response_member(yaml.safe_load(SPEC.read_text())["components"]["schemas"])
    # The renamed operation also renames its resource method (orders.update becomes orders.change).
    members = ("order_status_label", "reason", "cancel", "CANCEL", nullable, "api.orders.update_order", "Orders.update")
    # Removing order_status_label also moves the positional parameters after it.
    members += ("OrdersWithRawResponse.update", "OrderStatus.__init__")
    unplanted = [c for c in report.breaking if not any(m in c.where + c.what for m in members)]
    assert report.breaking and not unplanted


def test_renamed_operation_is_seen_in_the_client_only(report: Report) -> None:
    """Optic matches operations by method and path; the client's module is named after the operationId."""
    assert "operationId changed" in report.api_text
    assert not [change for change in report.api if "operationId" in change.what]
    [removed] = named(report.client, "finerworks_client.api.orders.update_order", "module removed")
    assert removed.breaking
    assert named(report.client, "finerworks_client.api.orders.change_order", "module added")


def with_version(report: Report, version: str) -> Report:
    return dataclasses.replace(report, head=dataclasses.replace(report.head, version=version))


def test_gate_blocks_a_breaking_change_without_a_major_bump(
    report: Report, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert report.base.version == report.head.version
    refusal = gate(report)
    assert refusal is not None
    major = int(report.head.version.split(".")[0])
    assert f"set package_version_override to {major + 1}.0.0" in refusal
    assert "finerworks_client.models.update_command.UpdateCommand.CANCEL: enum member removed" in refusal
    assert "cannot remove enum option 'cancel'" in refusal
    # A minor bump is not enough.
    changelog = tmp_path / "CHANGELOG.md"
    minor, bumped = f"{major}.1.0", f"{major + 1}.0.0"
    changelog.write_text(f"## [{minor}] - 2026-12-01\n## [{bumped}] - 2026-12-01\n", encoding="utf-8")
    monkeypatch.setattr(changes, "CHANGELOG", changelog)
    assert "breaking change(s)" in (gate(with_version(report, minor)) or "")
    # A major bump with its changelog section passes; without the section it does not.
    assert gate(with_version(report, bumped)) is None
    changelog.write_text("## [Unreleased]\n", encoding="utf-8")
    assert f"CHANGELOG.md has no section `## [{bumped}]`" in (gate(with_version(report, bumped)) or "")


def test_check_changes_fails_naming_the_change(
    report: Report, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """`make check-changes` against the recorded last release, with the planted document as "now"."""
    last = Contract.last_release()
    assert last is not None
    unbumped = dataclasses.replace(report.head, version=last.version)  # the planted changes, no new version
    monkeypatch.setattr(Contract, "current", classmethod(lambda cls, spec=SPEC: unbumped))
    monkeypatch.setattr("sys.argv", ["changes", "--gate"])
    assert changes.main() == 1
    printed = capsys.readouterr().out
    assert "The client's version does not fit the changes:" in printed
    assert "UpdateCommand.CANCEL: enum member removed" in printed.split("Breaking changes:")[1]


def test_gate_lets_compatible_changes_through(base: Contract) -> None:
    compatible = Report(base, base, client=[Change("finerworks_client.models.address.Address.notes", "added", False)])
    assert gate(compatible) is None
    assert "version went down" in (gate(with_version(compatible, "2.9.0")) or "")


def test_release_needs_a_higher_version_and_a_dated_changelog_section(base: Contract) -> None:
    problems = release_problems(base, base)
    assert any("is not above the last release's" in problem for problem in problems)
    dated = re.search(
        rf"^## \[{re.escape(base.version)}\] - \d{{4}}-\d{{2}}-\d{{2}}$", changes.CHANGELOG.read_text(), re.M
    )
    assert any(f"no dated section `## [{base.version}] - YYYY-MM-DD`" in problem for problem in problems) == (not dated)


@pytest.mark.parametrize(
    ("before", "after", "read", "written", "breaking"),
    [
        ("str | Unset", "None | str | Unset", True, False, True),  # a value read may now be None
        ("str | Unset", "None | str | Unset", False, True, False),  # a value passed may now be None
        ("int | str", "int", False, True, True),  # a value passed may now be refused
        ("int | str", "int", True, False, False),
        ("list[int]", "list[str]", True, True, True),
        ("finerworks_client.client.Client", "Client", True, True, None),  # the same type, spelled two ways
    ],
)
def test_type_changes_are_judged_by_direction(
    before: str, after: str, read: bool, written: bool, breaking: bool | None
) -> None:
    change = type_change(before, after, read=read, written=written)
    assert (change.breaking if change else None) is breaking


def test_the_package_carries_its_own_version_and_the_api_version() -> None:
    document = yaml.safe_load(SPEC.read_text(encoding="utf-8"))
    assert finerworks_client.__version__ == client_version()
    assert document["info"]["version"] == finerworks_client.API_VERSION
    pyproject = (SPEC.parent / "generated" / "pyproject.toml").read_text(encoding="utf-8")
    assert f'version = "{client_version()}"' in pyproject
    assert 'license = "Apache-2.0"' in pyproject and document["info"]["license"]["identifier"] == "Apache-2.0"


def test_the_last_release_is_recorded_and_this_tree_fits_it(base: Contract) -> None:
    """What `make check-changes` checks in CI, where a clone may have no tags: release/ is committed."""
    last = Contract.last_release()
    assert last is not None
    assert gate(compare(last, base)) is None


# After a release: the gate and `make changes` against a release recorded in a temporary release/ --


def planted_contract(tmp_path_factory: pytest.TempPathFactory, plant: Any) -> Contract:
    document = yaml.safe_load(SPEC.read_text(encoding="utf-8"))
    plant(document)
    spec = tmp_path_factory.mktemp("plant") / "openapi.yaml"
    spec.write_text(yaml.safe_dump(document, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return Contract.current(spec)


def remove_shipment_carrier(document: Document) -> None:
    shipment = document["components"]["schemas"]["Shipment"]
    del shipment["properties"]["carrier"]
    shipment["required"] = [name for name in shipment.get("required", []) if name != "carrier"]


def add_shipment_service(document: Document) -> None:
    member = {"type": ["string", "null"], "description": "The carrier's service level."}
    document["components"]["schemas"]["Shipment"]["properties"]["carrier_service"] = member


@pytest.fixture
def released(base: Contract, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Contract:
    """This tree recorded as the last release, as `make release` records it, in a temporary release/."""
    monkeypatch.setattr(changes, "RELEASE", tmp_path / "release")
    base.record()
    last = Contract.last_release()
    assert last is not None and last.version == base.version and last.spec == base.spec
    return last


def run_main(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], now: Contract, *args: str
) -> tuple[int, str]:
    monkeypatch.setattr(Contract, "current", classmethod(lambda cls, spec=SPEC: now))
    monkeypatch.setattr("sys.argv", ["changes", *args])
    status = changes.main()
    return status, capsys.readouterr().out


def test_after_a_release_removing_a_member_fails_check_changes_naming_it(
    released: Contract,
    tmp_path_factory: pytest.TempPathFactory,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    removed = planted_contract(tmp_path_factory, remove_shipment_carrier)
    status, printed = run_main(monkeypatch, capsys, removed, "--gate")
    assert status == 1
    assert f"since release {released.version}, but the client's version is {released.version}" in printed
    assert "Shipment.carrier: attribute removed" in printed
    assert "cannot remove response property 'carrier'" in printed
    # Unchanged, the same tree passes against its own release.
    assert run_main(monkeypatch, capsys, released, "--gate")[0] == 0


def test_after_a_release_make_changes_lists_an_added_member_on_the_first_screen(
    released: Contract,
    tmp_path_factory: pytest.TempPathFactory,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    added = planted_contract(tmp_path_factory, add_shipment_service)
    status, printed = run_main(monkeypatch, capsys, added)
    lines = printed.splitlines()
    assert status == 0 and len(lines) <= 20, printed
    assert lines[0].startswith(f"Since release {released.version} ") and " 0 breaking," in lines[0]
    assert any("Shipment.carrier_service: attribute added" in line for line in lines[1:10]), printed
    assert any("/carrier_service added" in line and line.lstrip().startswith("api") for line in lines), printed
    # The gate lets it through under the same version: an optional member breaks no one.
    assert run_main(monkeypatch, capsys, added, "--gate")[0] == 0


def test_a_release_is_refused_before_the_tests_while_the_repository_url_is_a_placeholder(
    base: Contract, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    monkeypatch.setattr(changes, "RELEASE", tmp_path / "release")  # no release yet: only the URL and CHANGELOG
    changelog = tmp_path / "CHANGELOG.md"
    changelog.write_text(f"## [{base.version}] - 2026-12-01\n", encoding="utf-8")
    monkeypatch.setattr(changes, "CHANGELOG", changelog)
    # No address at all is no placeholder: the package then carries no links (scripts/generate.py).
    cases = [("https://git.example.invalid/finerworks-openapi", True), ("https://example.org/x", False), (None, False)]
    for url, refused in cases:
        monkeypatch.setattr(changes, "repository_url", lambda url=url: url)
        problems = release_problems(base, None)
        assert any("set `Repository` under [project.urls] in pyproject.toml" in p for p in problems) == refused
    # `make release` runs the preflight before `make test`, and records only after both.
    recipe = subprocess.run(["make", "-n", "release"], cwd=SPEC.parent, capture_output=True, text=True).stdout
    steps = [
        line
        for line in recipe.splitlines()
        if "scripts.changes" in line or "make test dist" in line.replace("$(MAKE)", "make")
    ]
    assert "--preflight" in steps[0] and "--record" in steps[-1], recipe
