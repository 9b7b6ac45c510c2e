"""The client works on the floor of the dependency range it declares (generated/pyproject.toml):
the lowest httpx, httpcore and attrs that range allows are installed from PyPI into a folder of
their own, put in front of this venv's, and the client's tests that touch httpx run on them. The
top of the range is what requirements.lock pins, and every other test runs on it."""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PYPROJECT = ROOT / "generated" / "pyproject.toml"
FLOORED = ("httpx", "httpcore", "attrs")
# The client's tests that exercise httpx and httpcore: transports, deadline, bodies, life cycle, errors.
SUITES = ["test_httpx_internals.py", "test_body.py", "test_clients.py", "test_production_client.py"]
RUNNING_ON_THE_FLOOR = "FINERWORKS_DEPENDENCY_FLOOR"


def floors() -> dict[str, str]:
    """{name: lowest version} of the declared dependencies, each of which must have a floor."""
    declared = tomllib.loads(PYPROJECT.read_text(encoding="utf-8"))["project"]["dependencies"]
    found = {}
    for requirement in declared:
        match = re.fullmatch(r"([A-Za-z0-9_.-]+)>=([0-9][^,]*)(,<.+)?", requirement)
        assert match, f"{requirement!r}: declare a tested floor (name>=version[,<bound])"
        found[match[1]] = match[2]
    return found


def test_every_dependency_declares_a_floor_and_httpx_a_ceiling() -> None:
    declared = tomllib.loads(PYPROJECT.read_text(encoding="utf-8"))["project"]["dependencies"]
    assert set(floors()) == set(FLOORED)
    assert any(requirement.startswith("httpx>=") and ",<" in requirement for requirement in declared)


@pytest.mark.skipif(bool(os.environ.get(RUNNING_ON_THE_FLOOR)), reason="already on the floor")
def test_the_client_passes_its_tests_on_the_floor_of_its_dependencies() -> None:
    pins = [f"{name}=={version}" for name, version in sorted(floors().items())]
    folder = ROOT / ".venv" / "dependency-floor" / hashlib.sha256(" ".join(pins).encode()).hexdigest()[:12]
    if not folder.is_dir():  # installed once per floor (the venv is rebuilt when the pins change)
        partial = folder.with_suffix(".partial")
        shutil.rmtree(partial, ignore_errors=True)
        pip = [sys.executable, "-m", "pip", "install", "--quiet", "--disable-pip-version-check", "--no-compile"]
        subprocess.run([*pip, "--target", str(partial), *pins], check=True, capture_output=True)
        partial.rename(folder)
    env = {**os.environ, "PYTHONPATH": str(folder), RUNNING_ON_THE_FLOOR: "1"}
    versions = subprocess.run(
        [
            sys.executable,
            "-c",
            "import httpx, httpcore, attrs; print(httpx.__version__, httpcore.__version__, attrs.__version__)",
        ],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    assert versions == [floors()[name] for name in FLOORED]
    suites = [str(Path(__file__).parent / suite) for suite in SUITES]
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-n0", "-p", "no:cacheprovider", *suites],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]
