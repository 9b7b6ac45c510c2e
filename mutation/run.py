"""make mutate: mutation testing of the code whose bugs matter most, with mutmut (pinned in pyproject.toml).

    python -m mutation.run                   # every group of mutation/targets.yaml, incrementally
    python -m mutation.run --group changes   # one group (make mutate GROUP=changes)
    python -m mutation.run --fresh           # forget earlier results and start over (FRESH=1)
    python -m mutation.run --report          # only rewrite mutation/results.md from the last runs

mutmut changes one thing at a time in a function (an operator, a constant, a condition, a call's
argument...), runs the tests that call that function, and counts the change as killed when a test
fails. A surviving change is a bug no test would notice, or an equivalent one (it cannot change what
the code does): those are listed with why in mutation/equivalent.yaml and left out of the score.

mutmut names a mutant by its module's dotted path, which it derives from the file's path, so each
group runs in a folder of its own (build/mutation/<group>/) where the packages sit under the names the
tests import: finerworks_client (generated/finerworks_client), finerworks_mock (mock/finerworks_mock)
and scripts. mutmut copies them into mutants/ there; the rest of the repository is linked in.

Incremental: the state stays in build/mutation/<group>/, so a second run tests only the mutants of
the functions that changed since, the mutants that survived last time (against the current tests),
and none of the others. The results are written to mutation/results.md.
"""

from __future__ import annotations

import argparse
import fnmatch
import json
import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from datetime import UTC, datetime
from importlib.metadata import version
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
HERE = ROOT / "mutation"
TARGETS = HERE / "targets.yaml"
EQUIVALENT = HERE / "equivalent.yaml"
RESULTS = HERE / "results.md"
BUILD = ROOT / "build" / "mutation"
BIN = Path(sys.executable).parent

# Where each package the tests import lives in the repository. generator/package/ is the client's
# hand-written runtime: generated/finerworks_client/ holds relative links to its files
# (scripts/generate.py), so a module is known by its real path and mutated once.
PACKAGES = {
    "finerworks_client": ROOT / "generated" / "finerworks_client",
    "finerworks_mock": ROOT / "mock" / "finerworks_mock",
    "scripts": ROOT / "scripts",
}
RUNTIME = ROOT / "generator" / "package"

# mutmut's exit codes of a mutant's test run, and what they mean for the score. Killed: a test failed, or
# the tests did not end (a timeout; -9: killed past it) or crashed.
KILLED = {1, 3, 24, -24, -9, 36, 152, 255}
SURVIVED, NO_TESTS = 0, {5, 33}


@dataclass
class Group:
    name: str
    files: list[str]  # repository paths
    tests: list[str]
    exclude: list[str] = field(default_factory=list)

    @property
    def folder(self) -> Path:
        return BUILD / self.name

    def modules(self) -> dict[str, str]:
        """The files to mutate: their path under the import layout -> their repository path."""
        found: dict[str, str] = {}
        for pattern in self.files:
            matches = sorted(ROOT.glob(pattern))
            if not matches:
                raise SystemExit(f"{TARGETS.relative_to(ROOT)}: {self.name}: {pattern} matches no file")
            for path in matches:
                if str(path.relative_to(ROOT)) in self.exclude:
                    continue
                if path.name == "__init__.py" and path.stat().st_size < 2000 and not path.read_text().count("def "):
                    continue  # re-exports only: nothing to mutate
                # A link (generated/finerworks_client/errors.py) is named by the file it links to.
                found[import_path(path)] = str(path.resolve().relative_to(ROOT))
        return found


def import_path(path: Path) -> str:
    """A repository file's path in the import layout (finerworks_client/errors.py, scripts/changes.py)."""
    path = path.resolve()
    if path.is_relative_to(RUNTIME):
        return "finerworks_client/" + str(path.relative_to(RUNTIME))
    for package, home in PACKAGES.items():
        if path.is_relative_to(home.resolve()):
            return f"{package}/{path.relative_to(home.resolve())}"
    raise SystemExit(f"{path}: not in one of the packages {', '.join(PACKAGES)}")


def load_groups() -> list[Group]:
    data = yaml.safe_load(TARGETS.read_text(encoding="utf-8"))
    return [
        Group(name, entry["files"], entry["tests"], entry.get("exclude", [])) for name, entry in data["groups"].items()
    ]


# --- preparing a group's folder ------------------------------------------------------------------


def toml_list(values: list[str]) -> str:
    return "[" + ", ".join(json.dumps(value) for value in values) + "]"


def prepare(group: Group, *, fresh: bool) -> dict[str, str]:
    folder = group.folder
    if fresh and folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True, exist_ok=True)
    modules = group.modules()
    for package, home in PACKAGES.items():
        link(folder / package, home)
    link(folder / "tests", ROOT / "tests")  # mutmut copies it into mutants/
    # Every module of the three packages is copied (the tests import them all); only the group's
    # are mutated. scripts/ is listed file by file: its optic/ folder holds Optic's node_modules.
    sources = ["finerworks_client", "finerworks_mock"] + [
        f"scripts/{p.name}" for p in sorted(ROOT.glob("scripts/*.py"))
    ]
    config = f"""
[tool.mutmut]
source_paths = {toml_list(sources)}
only_mutate = {toml_list(sorted(modules))}
pytest_add_cli_args_test_selection = {toml_list(group.tests)}
# one process per mutant (mutmut's --max-children), no xdist inside it; its tests quickest first
pytest_add_cli_args = ["-n0", "-p", "no:cacheprovider", "-p", "mutation.fast_first", "-W", "ignore::DeprecationWarning"]
use_setproctitle = false
use_git_change_detection = false
"""
    pyproject = (ROOT / "pyproject.toml").read_text(encoding="utf-8") + config
    target = folder / "pyproject.toml"
    if not target.exists() or target.read_text(encoding="utf-8") != pyproject:
        target.write_text(pyproject, encoding="utf-8")
    mutants = folder / "mutants"
    mutants.mkdir(exist_ok=True)
    # The tests are copied afresh by mutmut each run (a test deleted here stays deleted).
    shutil.rmtree(mutants / "tests", ignore_errors=True)
    # mutmut copies a package's other files once; remove them so that it copies the current ones. It
    # writes each mutated module over its copy here: a link left here (an older layout's) would have
    # it write into the repository's own file, so links go too (mutmut copies what a link points to).
    for package in ("finerworks_client", "finerworks_mock"):
        for path in (mutants / package).rglob("*") if (mutants / package).exists() else []:
            if path.is_symlink() or (path.is_file() and path.suffix not in (".py", ".meta", ".spans")):
                path.unlink()
    # The rest of the repository, as the tests find it from their own path (ROOT / "openapi.yaml"...).
    for entry in ROOT.iterdir():
        if entry.name in ("tests", "pyproject.toml", "build", ".git", "scripts", "mutants"):
            continue
        link(mutants / entry.name, entry)
    (mutants / "scripts").mkdir(exist_ok=True)
    for entry in (ROOT / "scripts").iterdir():
        if entry.suffix != ".py" and entry.name != "__pycache__":
            link(mutants / "scripts" / entry.name, entry)
    return modules


def link(at: Path, to: Path) -> None:
    if at.is_symlink() and at.resolve() == to.resolve():
        return
    if at.is_symlink() or at.is_file():
        at.unlink()
    elif at.is_dir():
        shutil.rmtree(at)
    at.symlink_to(to)


# --- running ---------------------------------------------------------------------------------------


def metas(group: Group) -> dict[str, dict[str, Any]]:
    """mutmut's record of each mutated module of the group: import path -> its .meta."""
    found = {}
    for module in group.modules():
        meta = group.folder / "mutants" / (module + ".meta")
        if meta.exists():
            found[module] = json.loads(meta.read_text(encoding="utf-8"))
    return found


def retest_survivors(group: Group, only: list[str]) -> int:
    """Mark the mutants that survived (or had no test) last time as unchecked, so that this run tries
    them against the current tests; the killed ones keep their result while their function is unchanged.
    With only (globs), just the survivors this run will try: the others keep their result."""
    count = 0
    for module, meta in metas(group).items():
        codes = meta["exit_code_by_key"]
        again = [
            key
            for key, code in codes.items()
            if (code == SURVIVED or code in NO_TESTS)
            and (not only or any(fnmatch.fnmatchcase(key, pattern) for pattern in only))
        ]
        for key in again:
            codes[key] = None
        if again:
            (group.folder / "mutants" / (module + ".meta")).write_text(json.dumps(meta, indent=4), encoding="utf-8")
            count += len(again)
    return count


def run(group: Group, jobs: int, *, fresh: bool, only: list[str]) -> None:
    print(f"== {group.name}: {', '.join(group.modules().values())}", flush=True)
    prepare(group, fresh=fresh)
    # Which test calls which function is learnt afresh each run (one run of the group's tests): mutmut
    # would otherwise keep what it learnt of a test it has seen before, however the test changed.
    (group.folder / "mutants" / "mutmut-stats.json").unlink(missing_ok=True)
    again = retest_survivors(group, only)
    if again:
        print(f"   {again} mutant(s) that survived last time are tried again", flush=True)
    # The tests' git commands (the changes gate reads refs) run in mutants/, which git ignores: point
    # them at the repository, which git then reads as if mutants/ were its top folder.
    git_dir = subprocess.run(["git", "rev-parse", "--absolute-git-dir"], cwd=ROOT, capture_output=True, text=True)
    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1", "GIT_DIR": git_dir.stdout.strip()}
    env.pop("PYTEST_ADDOPTS", None)
    if not only:
        mutmut(group, jobs, env, [])
        return
    # mutmut re-runs every mutant it is given by name: give it those without a result. A function that
    # changed gets new mutants only once mutmut has run (it regenerates them then): a second round
    # tries those.
    for _ in range(2):
        names = [
            key
            for meta in metas(group).values()
            for key, code in meta["exit_code_by_key"].items()
            if code is None and any(fnmatch.fnmatchcase(key, pattern) for pattern in only)
        ]
        if metas(group) and not names:
            print("   every mutant asked for has its result", flush=True)
            return
        mutmut(group, jobs, env, names or only)


def mutmut(group: Group, jobs: int, env: dict[str, str], names: list[str]) -> None:
    command = [str(BIN / "mutmut"), "run", "--max-children", str(jobs), *names]
    result = subprocess.run(command, cwd=group.folder, env=env, check=False)
    if result.returncode != 0:
        raise SystemExit(f"mutmut failed for {group.name} (exit {result.returncode})")


# --- the results -------------------------------------------------------------------------------------


@dataclass
class Equivalent:
    """A mutant that cannot change what the code does: its function, and its mutated line(s), given as
    they read (mutated) or as a regular expression (pattern), so that it is found again after its
    mutant's number changes."""

    function: str
    mutated: str | None
    pattern: str | None
    why: str
    used: bool = False

    def matches(self, function: str, mutated: str) -> bool:
        if function != self.function:
            return False
        if self.pattern is not None:
            return re.fullmatch(self.pattern, mutated) is not None
        return mutated == self.mutated


def load_equivalents() -> list[Equivalent]:
    if not EQUIVALENT.exists():
        return []
    entries = yaml.safe_load(EQUIVALENT.read_text(encoding="utf-8")) or []
    return [
        Equivalent(
            entry["function"], (entry.get("mutated") or "").strip() or None, entry.get("pattern"), entry["why"].strip()
        )
        for entry in entries
    ]


def diff_of(group: Group, key: str, module: str) -> str:
    """The mutant as a diff of its function (mutmut's own rendering)."""
    here = Path.cwd()
    os.chdir(group.folder)
    try:
        from mutmut.mutation.diff_apply import get_diff_for_mutant

        return get_diff_for_mutant(key, path=module)
    except Exception as error:  # an old state, a renamed function: show what is known
        return f"(no diff: {type(error).__name__})"
    finally:
        os.chdir(here)


def changed_lines(diff: str) -> str:
    return "\n".join(
        line[1:].strip() for line in diff.splitlines() if line.startswith("+") and not line.startswith("+++")
    )


def function_of(key: str) -> str:
    return key.partition("__mutmut_")[0]


@dataclass
class Tally:
    killed: int = 0
    equivalent: int = 0
    survived: list[tuple[str, str]] = field(default_factory=list)  # (key, diff)
    equivalents: list[tuple[str, str, str]] = field(default_factory=list)  # (key, diff, why)
    no_tests: list[tuple[str, str]] = field(default_factory=list)
    unchecked: int = 0
    total: int = 0

    @property
    def judged(self) -> int:
        return self.killed + len(self.survived) + len(self.no_tests)

    @property
    def score(self) -> float | None:
        return self.killed / self.judged if self.judged else None


def tally(group: Group, equivalents: list[Equivalent]) -> dict[str, Tally]:
    tallies: dict[str, Tally] = {}
    modules = group.modules()
    for module, meta in metas(group).items():
        t = tallies[modules[module]] = Tally()
        for key, code in sorted(meta["exit_code_by_key"].items()):
            t.total += 1
            if code is None:
                t.unchecked += 1
            elif code in KILLED:
                t.killed += 1
            elif code == SURVIVED or code in NO_TESTS:
                diff = diff_of(group, key, module)
                mutated = changed_lines(diff)
                match = next((e for e in equivalents if e.matches(function_of(key), mutated)), None)
                if match is not None:
                    match.used = True
                    t.equivalents.append((key, diff, match.why))
                elif code == SURVIVED:
                    t.survived.append((key, diff))
                else:
                    t.no_tests.append((key, diff))
            else:  # suspicious, a segfault...: counted as not killed
                t.survived.append((key, f"(mutmut exit code {code})"))
    return tallies


def last_run(group: Group) -> str:
    """When mutmut last recorded results of the group (its newest .meta file)."""
    times = [path.stat().st_mtime for path in (group.folder / "mutants").rglob("*.meta")]
    return f"{datetime.fromtimestamp(max(times), UTC):%Y-%m-%d %H:%M} UTC" if times else "never"


def section(group: Group, tallies: dict[str, Tally]) -> str:
    lines = [f"<!-- group:{group.name} -->", f"## {group.name}", ""]
    lines += [f"Last run: {last_run(group)} (a module's unchecked mutants were not run then: `ONLY=`)", ""]
    lines += [f"Tests: {', '.join(f'`{test}`' for test in group.tests)}", ""]
    lines += [
        "| module | mutants | killed | equivalent | survived | no test | unchecked | score |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for module, t in tallies.items():
        score = "n/a" if t.score is None else f"{100 * t.score:.1f}%"
        lines.append(
            f"| `{module}` | {t.total} | {t.killed} | {len(t.equivalents)} | {len(t.survived)} | {len(t.no_tests)} "
            f"| {t.unchecked} | {score} |"
        )
    for module, t in tallies.items():
        for title, entries in (("Surviving", t.survived), ("Without a test", t.no_tests)):
            if entries:
                lines += ["", f"### {title}: `{module}`", ""]
                for key, diff in entries:
                    lines += [f"- `{key}`", "", "  ```diff", *(f"  {line}" for line in diff.splitlines()[2:]), "  ```"]
        if t.equivalents:
            lines += ["", f"### Equivalent (left out of the score): `{module}`", ""]
            for key, diff, why in t.equivalents:
                lines += [
                    f"- `{key}`: {why}",
                    "",
                    "  ```diff",
                    *(f"  {line}" for line in diff.splitlines()[2:]),
                    "  ```",
                ]
    lines += ["", f"<!-- /group:{group.name} -->"]
    return "\n".join(lines)


def previous_sections() -> dict[str, str]:
    if not RESULTS.exists():
        return {}
    text = RESULTS.read_text(encoding="utf-8")
    found = {}
    for part in text.split("<!-- group:")[1:]:
        name = part.split(" -->", 1)[0]
        found[name] = "<!-- group:" + part.split(f"<!-- /group:{name} -->", 1)[0] + f"<!-- /group:{name} -->"
    return found


def report(groups: list[Group]) -> None:
    equivalents = load_equivalents()
    previous = previous_sections()
    sections = []
    tallied: list[str] = []  # the dotted names of the modules tallied now
    for group in groups:
        if (group.folder / "mutants").exists():
            tallied += [module.removesuffix(".py").replace("/", ".") for module in group.modules()]
            tallies = tally(group, equivalents)
            sections.append(section(group, tallies))
            for module, t in tallies.items():
                score = "n/a" if t.score is None else f"{100 * t.score:.1f}%"
                left = f"{len(t.survived)} survived, {len(t.no_tests)} without a test"
                print(f"{group.name:12} {module:56} {score:>7}  ({left})")
        elif group.name in previous:
            sections.append(previous[group.name])
        else:
            name = group.name
            sections.append(f"<!-- group:{name} -->\n## {name}\n\nNot run yet.\n<!-- /group:{name} -->")
    for entry in equivalents:
        # an entry of a group not tallied now is not looked at: it is not unused
        if not entry.used and any(entry.function.startswith(module + ".") for module in tallied):
            print(f"note: {EQUIVALENT.relative_to(ROOT)}: no survivor matches {entry.function}: {entry.mutated!r}")
    header = [
        "# Mutation testing results",
        "",
        f"- written: {datetime.now(UTC):%Y-%m-%d %H:%M} UTC by `make mutate` (mutmut {version('mutmut')})",
        "- score: killed / (killed + survived + without a test); the equivalent mutants, listed with why",
        "  (mutation/equivalent.yaml), are left out",
        "- a group's section is rewritten when it runs (`make mutate GROUP=name`); the others are kept",
        "  as they were: a section without a `Last run:` line is from an earlier results file",
        "",
    ]
    RESULTS.write_text("\n".join(header + sections) + "\n", encoding="utf-8")
    print(f"wrote {RESULTS.relative_to(ROOT)}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--group", action="append", help="a group of mutation/targets.yaml (default: all)")
    parser.add_argument("--jobs", type=int, default=1, help="mutants tested at once (default 1: a shared machine)")
    parser.add_argument("--fresh", action="store_true", help="forget earlier results")
    parser.add_argument("--report", action="store_true", help="only write mutation/results.md from the last runs")
    parser.add_argument(
        "--only",
        action="append",
        default=[],
        help="only the mutants whose names match (a glob, such as 'finerworks_client.*.x_error_for*'), tried again",
    )
    args = parser.parse_args()
    groups = load_groups()
    names = {group.name for group in groups}
    for name in args.group or []:
        if name not in names:
            raise SystemExit(f"no group {name!r} in {TARGETS.relative_to(ROOT)}: {', '.join(sorted(names))}")
    chosen = [group for group in groups if not args.group or group.name in args.group]
    if not args.report:
        for group in chosen:
            run(group, args.jobs, fresh=args.fresh, only=args.only)
    report(groups)
    return 0


if __name__ == "__main__":
    sys.exit(main())
