"""make dist, and the README's integrator path: the wheel installed with nothing but pip, then used."""

from __future__ import annotations

import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest
from finerworks_mock import create_app, serve

from scripts.dist import fresh_venv
from scripts.generate import ROOT, client_version

README = (ROOT / "README.md").read_text(encoding="utf-8")
MOCK = "http://127.0.0.1:8000/v3"  # where the README's examples point: `make mock`


@pytest.fixture(scope="module")
def dist(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """`make dist` into a temporary folder: (the folder, what it printed)."""
    outdir = tmp_path_factory.mktemp("dist")
    result = subprocess.run(
        [sys.executable, "scripts/dist.py", outdir], cwd=ROOT, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return outdir, result.stdout


def test_dist_builds_checked_packages_that_install_and_import_in_a_fresh_venv(dist: tuple[Path, str]) -> None:
    outdir, printed = dist
    version = client_version()
    assert sorted(path.name for path in outdir.iterdir()) == [
        f"finerworks_client-{version}-py3-none-any.whl",
        f"finerworks_client-{version}.tar.gz",
    ]
    assert printed.count(": PASSED") == 2  # twine check --strict, wheel and sdist
    assert f"installed in a fresh venv, imported: {version} " in printed


INSTALL = README[README.index("## Install the client") : README.index("## Using the client")]
RECIPES = re.findall(r"```sh\n(.*?)```", INSTALL, re.S)  # one per situation, in the README's order
URL = "<this repository's URL>"


def first_example_runs(python: Path, folder: Path) -> None:
    """The README's first client example, run by python outside the repository against the mock."""
    example = next(block for block in re.findall(r"```python\n(.*?)```", README, re.S) if MOCK in block)
    with serve(create_app()) as root:
        script = folder / "example.py"
        script.write_text(example.replace(MOCK, root + "/v3"), encoding="utf-8")
        result = subprocess.run([python, script], cwd=folder, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split()[0] == "True"  # the first call of the example succeeded


def as_written(recipe: str, url: str, install: list[str], **words: str) -> list[str]:
    """The recipe's commands with this repository's URL; `pip install` by a pip that fills the fresh venv."""
    commands = []
    for line in recipe.strip().splitlines():
        for placeholder, value in {URL: url, **words}.items():
            line = line.replace(placeholder, value)
        commands.append(line.replace("pip install", shlex.join(install), 1))
    return commands


def test_the_first_install_recipe_works_from_a_fresh_clone(tmp_path: Path) -> None:
    """`git clone` of this repository, then `pip install` of its generated/ into a venv with only pip."""
    assert len(RECIPES) == 3 and "git clone" in RECIPES[0]
    python, install = fresh_venv(tmp_path / "venv")
    for command in as_written(RECIPES[0], str(ROOT), install):
        subprocess.run(command, shell=True, cwd=tmp_path, check=True, capture_output=True)
    first_example_runs(python, tmp_path)


def test_the_git_url_recipe_installs_a_pinned_commit(tmp_path: Path) -> None:
    """No tag that does not exist: the recipe pins a commit (here this checkout's HEAD)."""
    assert "<commit>" in RECIPES[1] and "#subdirectory=generated" in RECIPES[1]
    head = subprocess.run(["git", "rev-parse", "HEAD"], cwd=ROOT, capture_output=True, text=True, check=True)
    python, install = fresh_venv(tmp_path / "venv")
    # pip takes a local repository as file://localhost/<path>.
    url = f"file://localhost{ROOT}"
    for command in as_written(RECIPES[1], url, install, **{"<commit>": head.stdout.strip()}):
        subprocess.run(command, shell=True, cwd=tmp_path, check=True, capture_output=True)
    version = subprocess.run(
        [python, "-c", "import finerworks_client as f; print(f.__version__)"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=True,
    )
    assert version.stdout.strip() == client_version()


def test_the_wheel_recipe_installs_the_wheel_make_dist_builds(dist: tuple[Path, str], tmp_path: Path) -> None:
    outdir, _ = dist
    python, install = fresh_venv(tmp_path / "venv")
    # As written, in the folder that holds the wheel.
    for command in as_written(RECIPES[2], "", install):
        subprocess.run(command, shell=True, cwd=outdir, check=True, capture_output=True)
    first_example_runs(python, tmp_path)


def test_no_recipe_names_a_tag_that_does_not_exist() -> None:
    tags = subprocess.run(["git", "tag"], cwd=ROOT, capture_output=True, text=True, check=True).stdout.split()
    for recipe in RECIPES:
        for tag in re.findall(r"@(v\d[\w.]*)", recipe):
            assert tag in tags, f"the install recipe names tag {tag}, which this repository does not have"
