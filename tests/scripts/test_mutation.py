"""make mutate's configuration holds together (the run itself is not part of make test): every
module it names exists under the name the tests import, every test it names exists, every
equivalent mutant is explained, and mutation/results.md has a section per group."""

from __future__ import annotations

import json
import re
import shlex
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
import yaml

from mutation import fast_first
from mutation.run import EQUIVALENT, RESULTS, ROOT, RUNTIME, Group, import_path, load_equivalents, load_groups


def test_every_group_names_modules_that_exist_under_their_import_names() -> None:
    groups = load_groups()
    assert {group.name for group in groups} >= {"changes", "client", "mock", "conformance"}
    for group in groups:
        modules = group.modules()
        assert modules, group.name
        for module, path in modules.items():
            assert (ROOT / path).is_file()
            assert module.split("/")[0] in ("finerworks_client", "finerworks_mock", "scripts"), module


def test_the_client_runtime_is_mutated_where_the_tests_import_it() -> None:
    [client] = [group for group in load_groups() if group.name == "client"]
    modules = client.modules()
    for source in RUNTIME.rglob("*.py"):
        name = import_path(source)
        assert name.startswith("finerworks_client/")
        assert (ROOT / "generated" / name).is_file()  # scripts/generate.py put it there
    assert "finerworks_client/errors.py" in modules
    assert "finerworks_client/models/order_status.py" in modules


def test_every_test_a_group_names_exists() -> None:
    for group in load_groups():
        arguments = iter(group.tests)
        for argument in arguments:
            if argument == "--deselect":
                argument = next(arguments)
            path = argument.split("::")[0]
            assert (ROOT / path).is_file(), f"{group.name}: {argument}"


def test_every_equivalent_mutant_says_why_and_is_matched_one_way() -> None:
    entries = yaml.safe_load(EQUIVALENT.read_text(encoding="utf-8"))
    modules = {m.removesuffix(".py").replace("/", ".") for g in load_groups() for m in g.modules()}
    for entry, loaded in zip(entries, load_equivalents(), strict=True):
        assert ("mutated" in entry) != ("pattern" in entry), entry
        assert len(loaded.why) > 20, entry
        assert loaded.function.rpartition(".")[0] in modules, entry["function"]
        assert re.match(r"x(_|ǁ)", loaded.function.rpartition(".")[2]), entry["function"]
        if loaded.pattern is not None:
            re.compile(loaded.pattern)


def test_the_results_have_a_section_per_group() -> None:
    text = RESULTS.read_text(encoding="utf-8")
    for group in load_groups():
        assert f"<!-- group:{group.name} -->" in text and f"<!-- /group:{group.name} -->" in text


@pytest.mark.parametrize("variable", ["GROUP", "ONLY", "JOBS", "FRESH"])
def test_make_mutate_passes_its_variables_on(variable: str) -> None:
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    [recipe] = re.findall(r"^mutate:.*\n\t(.*)$", makefile, re.M)
    assert f"$({variable})" in recipe and "python -m mutation.run" in recipe
    assert shlex.split(recipe.replace("$", ""))  # a well-formed command line


def test_the_readme_documents_make_mutate() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "make mutate" in readme and "mutation/results.md" in readme
    assert Path(ROOT / "mutation" / "targets.yaml").is_file()


def test_a_linked_runtime_module_is_mutated_once_under_its_real_path() -> None:
    """generated/finerworks_client/ links the runtime's files from generator/package/: naming either
    path gives one module, known by the file itself, so it is mutated once."""
    linked = ROOT / "generated" / "finerworks_client" / "_runtime" / "error_mapping.py"
    assert linked.is_symlink()
    group = Group("g", ["generated/finerworks_client/_runtime/error_mapping.py", "generator/package/_runtime/*.py"], [])
    modules = group.modules()
    assert modules["finerworks_client/_runtime/error_mapping.py"] == "generator/package/_runtime/error_mapping.py"
    assert len(set(modules.values())) == len(modules)
    assert not any((ROOT / path).is_symlink() for path in modules.values())


def test_a_mutants_tests_run_quickest_first_once_timed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    items: list[Any] = [SimpleNamespace(nodeid=name) for name in ("slow", "new", "quick", "middle")]
    monkeypatch.chdir(tmp_path)
    fast_first.pytest_collection_modifyitems(items)  # mutmut's run of the whole group: not timed yet
    assert [item.nodeid for item in items] == ["slow", "new", "quick", "middle"]
    durations = {"slow": 9.0, "quick": 0.1, "middle": 1.0}
    (tmp_path / "mutmut-stats.json").write_text(json.dumps({"duration_by_test": durations}))
    fast_first.pytest_collection_modifyitems(items)
    assert [item.nodeid for item in items] == ["quick", "middle", "slow", "new"]
