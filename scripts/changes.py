"""What changed for users since the last release, and does it break them?

    python -m scripts.changes              # make changes: every change since the last release
    python -m scripts.changes --base REF   # make changes BASE=REF: since openapi.yaml and generated/ at a git ref
    python -m scripts.changes --gate       # make check-changes: exit 1 on a breaking change without a major bump
    python -m scripts.changes --full       # make changes FULL=1: with Optic's whole account of openapi.yaml
    python -m scripts.changes --preflight  # make release, first: what would stop a release (before the tests)
    python -m scripts.changes --record     # make release, last: record the current contract as the last release

Two views, each classified breaking or not:
- the API: Optic's CLI (pinned in package.json) compares the two openapi.yaml with its
  breaking-change rules (a removed member or enum value, a new required request field, a response
  member whose type widens, as when it becomes nullable...);
- the Python client's public surface (scripts/surface.py: modules, classes, functions, parameters,
  model attributes), which Optic cannot see: a renamed operationId or schema renames a module or a
  class, and a template change can drop a parameter without the spec changing at all.

The last release is release/: its openapi.yaml and client.json (its version and the client's
surface), written by `make release`. It is committed, so the gate works in any clone, a shallow one
without tags included. The side being compared ("head") is openapi.yaml as it is now, generated
afresh with the current generator and templates into a temporary folder, and the client version in
generator/config.yaml.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import tarfile
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from io import BytesIO
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import yaml
from packaging.version import Version

from scripts.generate import CONFIG, PACKAGE, ROOT, SPEC, client_version, repository_url, run_generator

RELEASE = ROOT / "release"
CHANGELOG = ROOT / "CHANGELOG.md"
OPTIC = ROOT / "node_modules" / ".bin" / "optic"
SURFACE = ROOT / "scripts" / "surface.py"
BREAKING = " This is a breaking change."  # the end of each of Optic's findings, said once by the report

Surface = dict[str, dict[str, Any]]


@dataclass(frozen=True)
class Contract:
    """One side of a comparison: the API description and the client's public surface, with their versions."""

    label: str
    spec: str
    surface: Surface
    version: str
    api_version: str

    @classmethod
    def current(cls, spec: Path = SPEC) -> Contract:
        """openapi.yaml (or spec) as it is now, with the client it generates today."""
        with tempfile.TemporaryDirectory() as scratch:
            run_generator(Path(scratch) / "generated", spec)
            surface = surface_of(Path(scratch) / "generated")
        text = spec.read_text(encoding="utf-8")
        return cls("now", text, surface, client_version(), api_version(text))

    @classmethod
    def last_release(cls) -> Contract | None:
        if not (RELEASE / "client.json").exists():
            return None
        recorded = json.loads((RELEASE / "client.json").read_text(encoding="utf-8"))
        return cls(
            f"release {recorded['version']}",
            (RELEASE / "openapi.yaml").read_text(encoding="utf-8"),
            recorded["surface"],
            recorded["version"],
            recorded["api_version"],
        )

    @classmethod
    def at(cls, ref: str) -> Contract:
        """openapi.yaml and the committed generated/ at a git ref.

        The committed generated/ is what that commit's generator and templates made of its spec
        (its `make check-generated` held it to that), so it is the client users got there.
        """
        text = git("show", f"{ref}:openapi.yaml").decode()
        config = yaml.safe_load(git("show", f"{ref}:{CONFIG.relative_to(ROOT)}")) or {}
        # Before the client had a version of its own, it carried the API's.
        version = config.get("package_version_override") or api_version(text)
        with tempfile.TemporaryDirectory() as scratch:
            archive = git("archive", ref, f"generated/{PACKAGE}", "generator/package")  # its links point there
            with tarfile.open(fileobj=BytesIO(archive)) as tar:
                tar.extractall(scratch, filter="data")
            surface = surface_of(Path(scratch) / "generated")
        return cls(ref, text, surface, version, api_version(text))

    def record(self) -> None:
        """Write this contract as the last release (release/)."""
        RELEASE.mkdir(exist_ok=True)
        (RELEASE / "openapi.yaml").write_text(self.spec, encoding="utf-8")
        # One line per name of the surface, so that a release's diff of this file reads as a changelog.
        entries = ",\n".join(f"  {json.dumps(name)}: {json.dumps(entry)}" for name, entry in self.surface.items())
        text = (
            f'{{\n "version": {json.dumps(self.version)},\n "api_version": {json.dumps(self.api_version)},\n'
            f' "surface": {{\n{entries}\n }}\n}}\n'
        )
        (RELEASE / "client.json").write_text(text, encoding="utf-8")


@dataclass(frozen=True)
class Change:
    where: str
    what: str
    breaking: bool


@dataclass
class Report:
    base: Contract
    head: Contract
    api: list[Change] = field(default_factory=list)  # Optic's findings: the breaking changes of openapi.yaml
    api_text: str = ""  # Optic's own account of every change, breaking or not
    client: list[Change] = field(default_factory=list)  # every change of the client's surface

    @property
    def breaking(self) -> list[Change]:
        return [change for change in self.api + self.client if change.breaking]


def git(*args: str) -> bytes:
    result = subprocess.run(["git", *args], cwd=ROOT, capture_output=True, check=False)
    if result.returncode != 0:
        raise SystemExit(f"git {' '.join(args)}: {result.stderr.decode().strip()}")
    return result.stdout


def api_version(spec_text: str) -> str:
    return str(yaml.safe_load(spec_text)["info"]["version"])


def surface_of(tree: Path) -> Surface:
    """The public surface of the package in tree, read in a process of its own (it imports the package)."""
    result = subprocess.run(
        [sys.executable, str(SURFACE), str(tree), PACKAGE], capture_output=True, text=True, check=False
    )
    if result.returncode != 0:
        raise SystemExit(f"reading the client's surface in {tree} failed:\n{result.stderr}")
    surface: Surface = json.loads(result.stdout)
    return surface


# --- the API, by Optic ---------------------------------------------------------------------------


def api_changes(base: str, head: str) -> tuple[list[Change], str]:
    """Optic's breaking changes between two documents, and its account of every change."""
    if base == head:
        return [], "openapi.yaml: no change\n"
    if not OPTIC.exists():
        raise SystemExit("Optic is not installed: run `make setup` (npm ci)")
    with tempfile.TemporaryDirectory() as scratch:
        work = Path(scratch)
        for side, text in (("base", base), ("head", head)):
            (work / side).mkdir()
            (work / side / "openapi.yaml").write_text(text, encoding="utf-8")
        env = {
            **os.environ,
            # CI mode makes Optic write its findings to ci-run-details.json in its working folder.
            "CI": "true",
            # No update check, no telemetry, and no Optic login of this user's (its settings folder).
            "NO_UPDATE_NOTIFIER": "1",
            "OPTIC_TELEMETRY_LEVEL": "off",
            "XDG_CONFIG_HOME": str(work / "config"),
        }
        command = [str(OPTIC), "diff", "base/openapi.yaml", "head/openapi.yaml", "--check", "--severity", "error"]
        result = subprocess.run(command, cwd=work, env=env, capture_output=True, text=True, check=False)
        details = work / "ci-run-details.json"
        findings = json.loads(details.read_text(encoding="utf-8")) if details.exists() else None
        if findings is None or findings["failed"] or result.returncode not in (0, 1):
            raise SystemExit(f"optic diff failed (exit {result.returncode}):\n{result.stdout}{result.stderr}")
    text = "\n".join(
        line for line in result.stdout.splitlines() if not line.startswith("Preview docs:") and "--web" not in line
    )
    changes = [
        Change(finding["where"], f"{finding['error'].removesuffix(BREAKING)} [Optic: {finding['name']}]", breaking=True)
        for spec in findings["completed"]
        for finding in spec["comparison"]["results"]
        if not finding["passed"] and not finding.get("exempted")
    ]
    return changes, text.rstrip() + "\n"


# --- the Python client's public surface ------------------------------------------------------------


def union(annotation: str | None) -> frozenset[str]:
    """The members of a `A | B | C` annotation, without module prefixes (written with or without them)."""
    if annotation is None:
        return frozenset()
    parts, depth, current = [], 0, ""
    for char in annotation:
        depth += char in "[("
        depth -= char in "])"
        if char == "|" and depth == 0:
            parts.append(current)
            current = ""
        else:
            current += char
    parts.append(current)
    return frozenset(re.sub(r"\b(?:[A-Za-z_]\w*\.)+(?=[A-Za-z_])", "", part).strip() for part in parts)


def type_change(before: str | None, after: str | None, *, read: bool, written: bool) -> Change | None:
    """A changed annotation: breaking if code that reads the value may now get something it did not
    handle (widened), or if code that passes the value may now be refused (narrowed)."""
    old, new = union(before), union(after)
    if old == new:
        return None
    widened, narrowed = old < new, new < old
    breaking = (read and not narrowed) or (written and not widened)
    how = "widened" if widened else "narrowed" if narrowed else "changed"
    return Change("", f"type {how}: {before} -> {after}", breaking)


def parameter_changes(before: list[dict[str, Any]], after: list[dict[str, Any]]) -> list[Change]:
    old = {param["name"]: param for param in before}
    new = {param["name"]: param for param in after}
    positional = ("POSITIONAL_ONLY", "POSITIONAL_OR_KEYWORD")
    old_order = [param["name"] for param in before if param["kind"] in positional]
    new_order = [param["name"] for param in after if param["kind"] in positional]
    changes = []
    for name in old.keys() - new.keys():
        if old[name]["kind"] not in ("VAR_POSITIONAL", "VAR_KEYWORD"):
            changes.append(Change("", f"parameter {name!r} removed", breaking=True))
    for name in new.keys() - old.keys():
        required = new[name]["required"]
        changes.append(Change("", f"{'required' if required else 'optional'} parameter {name!r} added", required))
    for name in old.keys() & new.keys():
        was, now = old[name], new[name]
        if now["required"] and not was["required"]:
            changes.append(Change("", f"parameter {name!r} is now required", breaking=True))
        elif was["required"] and not now["required"]:
            changes.append(Change("", f"parameter {name!r} is now optional", breaking=False))
        if was["kind"] != now["kind"]:
            breaking = was["kind"] in positional and now["kind"] not in positional
            changes.append(Change("", f"parameter {name!r}: {was['kind']} -> {now['kind']}", breaking))
        elif was["kind"] in positional and was["required"] and old_order.index(name) != new_order.index(name):
            changes.append(Change("", f"positional parameter {name!r} moved", breaking=True))
        change = type_change(was["annotation"], now["annotation"], read=False, written=True)
        if change:
            changes.append(Change("", f"parameter {name!r}: {change.what}", change.breaking))
    return sorted(changes, key=lambda change: change.what)


def model_roles(surface: Surface) -> tuple[set[str], set[str]]:
    """Names of the classes user code receives from the operations (read), and passes to them (written)."""
    classes = {name.rsplit(".", 1)[1]: name for name, entry in surface.items() if entry["kind"] == "class"}

    def reach(annotations: Iterable[str | None]) -> set[str]:
        found: set[str] = set()
        pending = [word for text in annotations if text for word in re.findall(r"\w+", text) if word in classes]
        while pending:
            simple = pending.pop()
            if simple in found:
                continue
            found.add(simple)
            prefix = classes[simple] + "."
            for name, entry in surface.items():
                if name.startswith(prefix) and entry["kind"] == "attribute" and entry["annotation"]:
                    pending.extend(word for word in re.findall(r"\w+", entry["annotation"]) if word in classes)
        return found

    functions = [entry for entry in surface.values() if entry["kind"] == "function"]
    read = reach(entry["returns"] for entry in functions)
    written = reach(param["annotation"] for entry in functions for param in entry["params"])
    return read, written


def client_changes(base: Surface, head: Surface) -> list[Change]:
    """Differences between two public surfaces; a removed module or class is one change, not one per member."""
    removed = sorted(base.keys() - head.keys())
    added = sorted(head.keys() - base.keys())
    read_base, written_base = model_roles(base)
    read_head, written_head = model_roles(head)
    changes: list[Change] = []

    def covered(name: str, names: set[str]) -> bool:
        return any(name.startswith(other + ".") for other in names)

    gone = set(removed)
    for name in removed:
        if not covered(name, gone):
            changes.append(Change(name, f"{base[name]['kind']} removed", breaking=True))
    new = set(added)
    for name in added:
        if covered(name, new):
            continue
        # A new attribute of an existing model comes with a constructor parameter, judged there.
        changes.append(Change(name, f"{head[name]['kind']} added", breaking=False))
    for name in sorted(base.keys() & head.keys()):
        was, now = base[name], head[name]
        if was == now:
            continue
        if was["kind"] != now["kind"]:
            changes.append(Change(name, f"was a {was['kind']}, now a {now['kind']}", breaking=True))
            continue
        kind = was["kind"]
        found: list[Change] = []
        if kind in ("function", "method", "constructor"):
            found += parameter_changes(was["params"], now["params"])
            change = type_change(was["returns"], now["returns"], read=True, written=False)
            if change:
                found.append(Change("", f"return {change.what}", change.breaking))
        elif kind in ("attribute", "property"):
            simple = name.rsplit(".", 2)[-2]
            read = simple in read_base | read_head
            written = simple in written_base | written_head
            if not (read or written):  # not a model of an operation: assume both
                read = written = True
            change = type_change(was["annotation"], now["annotation"], read=read, written=written)
            if change:
                found.append(change)
        elif kind == "class":
            lost = set(was["bases"]) - set(now["bases"])
            found.append(Change("", f"bases {was['bases']} -> {now['bases']}", breaking=bool(lost)))
        elif kind == "alias":
            found.append(Change("", f"now re-exports {now['target']} (was {was['target']})", breaking=True))
        else:  # enum member value, constant type
            found.append(Change("", f"{was} -> {now}", breaking=True))
        changes += [Change(name, change.what, change.breaking) for change in found]
    return changes


def compare(base: Contract, head: Contract) -> Report:
    report = Report(base, head)
    report.api, report.api_text = api_changes(base.spec, head.spec)
    report.client = sorted(client_changes(base.surface, head.surface), key=lambda change: change.where)
    return report


# --- versions ----------------------------------------------------------------------------------------


def version_problems(report: Report) -> list[str]:
    """Why the client's version does not fit the changes since the base, if it does not."""
    old, new = Version(report.base.version), Version(report.head.version)
    if new < old:
        return [f"the client's version went down: {old} -> {new}"]
    problems = []
    # Semantic versioning: a breaking change needs a new major version (a new minor one before 1.0).
    major_bump = new.major > old.major or (old.major == 0 and new.major == 0 and new.minor > old.minor)
    if report.breaking and not major_bump:
        needed = f"{old.major + 1}.0.0" if old.major else f"0.{old.minor + 1}.0"
        problems.append(
            f"{len(report.breaking)} breaking change(s) since {report.base.label}, but the client's version is "
            f"{new}: set package_version_override to {needed} in {CONFIG.relative_to(ROOT)}, run `make generate`, "
            f"and describe the changes in CHANGELOG.md"
        )
    if new != old and not re.search(rf"^## \[{re.escape(str(new))}\]", CHANGELOG.read_text(encoding="utf-8"), re.M):
        problems.append(f"CHANGELOG.md has no section `## [{new}]` for the client's version {new}")
    return problems


def gate(report: Report) -> str | None:
    """Why CI refuses these changes under the client's version, naming each breaking change; None if it does not."""
    problems = version_problems(report)
    if not problems:
        return None
    lines = ["The client's version does not fit the changes:", *(f"  - {problem}" for problem in problems)]
    if report.breaking:
        lines += ["Breaking changes:", *breaking_lines(report)]
    return "\n".join(lines)


def breaking_lines(report: Report) -> list[str]:
    return [f"  - {change.where}: {change.what}" for change in report.breaking]


def release_problems(head: Contract, last: Contract | None) -> list[str]:
    """What stops head from being recorded as a release."""
    problems = []
    if last is not None:
        if Version(head.version) <= Version(last.version):
            problems.append(f"the client's version {head.version} is not above the last release's ({last.version})")
        else:
            problems += version_problems(compare(last, head))
    if not re.search(rf"^## \[{re.escape(head.version)}\] - \d{{4}}-\d{{2}}-\d{{2}}$", CHANGELOG.read_text(), re.M):
        problems.append(f"CHANGELOG.md has no dated section `## [{head.version}] - YYYY-MM-DD`")
    url = repository_url()  # None: no public home yet, so the package carries no links to check
    if url is None:
        return problems
    if not re.fullmatch(r"https://[^/\s]+/\S+", url) or urlsplit(url).hostname.endswith((".invalid", ".example")):  # type: ignore[union-attr]
        problems.append(
            f"the repository's URL is a placeholder ({url}): set `Repository` under [project.urls] in pyproject.toml, "
            "then `make generate` (the client's package links to it)"
        )
    elif url not in (ROOT / "generated" / "pyproject.toml").read_text(encoding="utf-8"):
        problems.append(f"generated/pyproject.toml does not link to {url}: run `make generate`")
    return problems


def api_outline(text: str) -> list[Change]:
    """The members and parts Optic's account says were added or removed, one line each (its
    breaking findings are listed apart): `POST /fetch_order_status response 200: .../carrier_service added`."""
    found, operation, part = [], "", ""
    for line in text.splitlines():
        if match := re.match(r"^\S+ ((?:GET|POST|PUT|PATCH|DELETE) \S+):", line):
            operation, part = match.group(1), ""
        elif match := re.match(r"^\s*- (request|response \d+):(?: (added|removed))?\s*$", line):
            part = match.group(1)
            if match.group(2):
                found.append(Change(operation, f"{part} {match.group(2)}", breaking=False))
        elif match := re.match(r"^\s*- property (\S+): (added|removed)\s*$", line):
            member = match.group(1).replace("/schema", "", 1).replace("/properties/", "/").replace("/items", "[]")
            found.append(Change(f"{operation} {part}".strip(), f"{member} {match.group(2)}", breaking=False))
    return found


def print_report(report: Report, *, full: bool) -> None:
    """What changed, short: a headline, the breaking changes, then the others, one line each.
    full: Optic's own account of the API too, and every change of the client's surface."""
    base, head = report.base, report.head
    others = [change for change in report.client if not change.breaking]
    outline = api_outline(report.api_text)
    print(
        f"Since {base.label} (client {base.version}, API {base.api_version}), now client {head.version} "
        f"(API {head.api_version}): {len(report.breaking)} breaking, {len(others) + len(outline)} other change(s)"
    )
    for change in report.breaking:
        print(f"  BREAKING  {change.where}: {change.what}")
    for change in outline:
        print(f"  api       {change.where}: {change.what}")
    for change in others:
        print(f"  client    {change.where}: {change.what}")
    if not report.breaking and not others and not outline:
        print("  no change")
    if full:
        print("\n== openapi.yaml, Optic's account ==")
        print(report.api_text)
    else:
        print("(`make changes FULL=1` adds Optic's whole account of openapi.yaml)")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    action = parser.add_mutually_exclusive_group()
    action.add_argument("--gate", action="store_true", help="fail on a breaking change without a major version bump")
    action.add_argument("--record", action="store_true", help="record openapi.yaml and the client as the last release")
    action.add_argument(
        "--preflight", action="store_true", help="only say what would stop --record (make release runs it first)"
    )
    parser.add_argument("--base", help="a git ref to compare with instead of the last release (release/)")
    parser.add_argument("--full", action="store_true", help="Optic's whole account of openapi.yaml too")
    args = parser.parse_args()
    head = Contract.current()
    if args.record or args.preflight:
        problems = release_problems(head, Contract.last_release())
        if problems:
            print(f"Not releasable as {head.version}:\n" + "\n".join(f"  - {problem}" for problem in problems))
            return 1
        if args.preflight:
            print(f"client {head.version} can be released: running the tests and building it")
            return 0
        head.record()
        print(f"recorded client {head.version} (API {head.api_version}) as the last release in release/")
        return 0
    base = Contract.at(args.base) if args.base else Contract.last_release()
    if base is None:
        print("No release recorded in release/ yet: nothing to compare with (`make release` records one).")
        return 0
    report = compare(base, head)
    if not args.gate:
        print_report(report, full=args.full)
        return 0
    refusal = gate(report)
    if refusal:
        print(refusal)
        return 1
    print(f"client {head.version} against {base.label}: {len(report.breaking)} breaking change(s); the version fits")
    return 0


if __name__ == "__main__":
    sys.exit(main())
