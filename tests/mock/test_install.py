"""finerworks-mock as an integrator installs it: the plain package (no dev tooling, the mock
serving its packaged openapi.yaml), then with `[check]`, which gives `finerworks-mock proxy` and
`finerworks-mock contract`; without it they say in one line what to install. `finerworks-mock
contract` passes against `finerworks-mock`, outside this repository."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import httpx
import pytest
import yaml
from finerworks_mock import cli

from scripts.dist import fresh_venv
from tests.support import AUTH, mock_command

ROOT = Path(__file__).resolve().parents[2]


def test_the_package_installs_plain_then_with_the_check_extra(tmp_path: Path) -> None:
    """`pip install ./mock` in a fresh venv pulls no dev tooling and its console script serves the
    packaged openapi.yaml; `[check]` added to the same venv brings `finerworks-mock proxy` and
    `finerworks-mock contract`, and the contract check passes against the installed mock."""
    python, install = fresh_venv(tmp_path / "venv")
    command = python.parent / "finerworks-mock"

    def tool(*arguments: str, **options: object) -> subprocess.CompletedProcess[str]:
        result: subprocess.CompletedProcess[str] = subprocess.run(
            [command, *arguments],
            capture_output=True,
            text=True,
            cwd=tmp_path,
            timeout=300,
            **options,  # type: ignore[call-overload]
        )
        return result

    subprocess.run([*install, "-c", ROOT / "requirements.lock", ROOT / "mock"], check=True, timeout=600)
    listing = "import importlib.metadata as m; print(*(f'{d.name}=={d.version}' for d in m.distributions()))"
    installed = subprocess.run([python, "-c", listing], capture_output=True, text=True, check=True).stdout
    assert "finerworks-mock==" in installed
    for dev_tool in ("schemathesis", "vcrpy", "mypy", "openapi-python-client", "openapi-generator-cli", "pytest"):
        assert f"{dev_tool}==" not in installed.lower()
    where = subprocess.run(
        [python, "-c", "import finerworks_mock.spec as s; print(s.SPEC_PATH)"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
    )
    assert where.stdout.strip().endswith("site-packages/finerworks_mock/openapi.yaml")
    with mock_command([command], tmp_path) as (_, base_url):
        response = httpx.post(base_url + "/fetch_order_status", json={"order_pos": ["PO_0001"]}, headers=AUTH)
        assert response.status_code == 200 and response.json()["orders"][0]["order_id"] == 123456
        state = httpx.get(base_url.removesuffix("/v3") + "/_mock/state")
        fixtures = yaml.safe_load((ROOT / "mock" / "finerworks_mock" / "fixtures.yaml").read_text(encoding="utf-8"))
        assert state.status_code == 200 and len(state.json()["orders"]) == len(fixtures["orders"])
    assert tool("proxy", "--help").returncode == 2  # the plain install says what to install (below)

    subprocess.run([*install, "-c", ROOT / "requirements.lock", f"{ROOT / 'mock'}[check]"], check=True, timeout=600)
    assert "usage: finerworks-mock proxy" in tool("proxy", "--help").stdout
    assert "usage: finerworks-mock contract" in tool("contract", "--help").stdout
    assert "subcommands" in tool("--help").stdout
    with mock_command([command], tmp_path) as (_, base_url):
        keys = {"FINERWORKS_WEB_API_KEY": "install-web-api-key", "FINERWORKS_APP_KEY": "install-app-key"}
        checked = tool("contract", "--base-url", base_url, "--mutating", "--examples", "2", env={**os.environ, **keys})
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
