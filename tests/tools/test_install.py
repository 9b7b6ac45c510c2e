"""The tools as an integrator installs them (issue 22): `pip install "finerworks-mock[check]"` gives
`finerworks-mock proxy` and `finerworks-mock contract`; the plain install says in one line what to
install (tests/mock/test_sandbox.py shows it pulls no schemathesis); `finerworks-mock contract`
passes against `finerworks-mock`, outside this repository."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from finerworks_mock import cli

from scripts.dist import fresh_venv

ROOT = Path(__file__).resolve().parents[2]


def test_the_check_extra_installs_the_proxy_and_the_contract_check(tmp_path: Path) -> None:
    python, install = fresh_venv(tmp_path / "venv")
    command = python.parent / "finerworks-mock"

    def tool(*arguments: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
        return subprocess.run([command, *arguments], capture_output=True, text=True, cwd=tmp_path, timeout=300, env=env)

    subprocess.run([*install, "-c", ROOT / "requirements.lock", f"{ROOT / 'mock'}[check]"], check=True, timeout=600)
    assert "usage: finerworks-mock proxy" in tool("proxy", "--help").stdout
    assert "usage: finerworks-mock contract" in tool("contract", "--help").stdout
    assert "subcommands" in tool("--help").stdout

    mock = subprocess.Popen(
        [command, "--port", "0"],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        cwd=tmp_path,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    try:
        assert mock.stdout is not None
        base_url = mock.stdout.readline().split()[-1]
        for line in mock.stdout:
            if "Application startup complete" in line:
                break
        keys = {"FINERWORKS_WEB_API_KEY": "install-web-api-key", "FINERWORKS_APP_KEY": "install-app-key"}
        checked = tool("contract", "--base-url", base_url, "--mutating", "--examples", "2", env={**os.environ, **keys})
    finally:
        mock.terminate()
        mock.wait(10)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert checked.stdout.splitlines()[-1].startswith("contract: OK: the server conforms to openapi.yaml: 4 operation")


@pytest.mark.parametrize(("name", "missing"), [("proxy", "vcr"), ("contract", "schemathesis")])
def test_without_the_extra_a_tool_says_in_one_line_what_to_install(
    name: str, missing: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    for module in [*sys.modules]:
        if (
            module == f"finerworks_mock.{name}"
            or module == "finerworks_mock.cassettes"
            or module.split(".")[0] == missing
        ):
            monkeypatch.delitem(sys.modules, module)
    monkeypatch.setitem(sys.modules, missing, None)  # as if not installed: importing it fails
    assert cli.main([name, "--help"]) == 2
    out, err = capsys.readouterr()
    extra = 'pip install "finerworks-mock[check]"'
    assert (out, err) == ("", f"finerworks-mock {name} needs the check extra ({missing} is missing): {extra}\n")
