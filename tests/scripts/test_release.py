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


def test_readme_integrator_path_works_in_a_fresh_venv_with_only_pip(dist: tuple[Path, str], tmp_path: Path) -> None:
    """The README's install command, as written, then its first client example against the mock."""
    outdir, _ = dist
    [command] = re.findall(r"^pip install \./finerworks_client-\S+\.whl$", README, re.M)
    python, install = fresh_venv(tmp_path / "venv")
    # As written, in the folder that holds the wheel, by a pip that installs into the fresh venv.
    subprocess.run(command.replace("pip install", shlex.join(install), 1), shell=True, cwd=outdir, check=True)
    example = next(block for block in re.findall(r"```python\n(.*?)```", README, re.S) if MOCK in block)
    with serve(create_app()) as root:
        script = tmp_path / "example.py"
        script.write_text(example.replace(MOCK, root + "/v3"), encoding="utf-8")
        # Run outside the repository, so that only the installed package can be imported.
        result = subprocess.run([python, script], cwd=tmp_path, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split()[0] == "True"  # the first call of the example succeeded
