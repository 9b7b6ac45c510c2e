"""The README's Python examples pass `mypy --strict` against the generated package, name their host,
and run, unchanged but for the host, against the mock."""

from __future__ import annotations

import json
import os
import re
import runpy
import shlex
import subprocess
from pathlib import Path

import pytest
from finerworks_mock import create_app, serve
from mypy import api as mypy

from .support import BASE_PATH, finerworks_script

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")
BLOCKS = re.findall(r"```python\n(.*?)```", README, re.DOTALL)
MOCK = "http://127.0.0.1:8000" + BASE_PATH  # where the README's examples point: `make mock`
IDS = [f"block{n}" for n in range(len(BLOCKS))]
SETTINGS = ("FINERWORKS_WEB_API_KEY", "FINERWORKS_APP_KEY", "FINERWORKS_BASE_URL", "FINERWORKS_ENVIRONMENT")


def exports_before(block: str) -> dict[str, str]:
    """The variables that the README's shell blocks between the previous Python example and this
    one export: what a reader following the README has set when they run the example."""
    before = README[: README.index("```python\n" + block)]
    since = before[before.rfind("```python") + 1 :] if "```python" in before else before
    exported: dict[str, str] = {}
    for shell in re.findall(r"```sh\n(.*?)```", since, re.DOTALL):
        for line in shell.splitlines():
            if line.startswith("export "):
                words = shlex.split(line.removeprefix("export "), comments=True)
                for word in words:
                    name, equals, value = word.partition("=")
                    if equals:
                        exported[name] = value
    return exported


def test_readme_has_examples() -> None:
    assert len(BLOCKS) >= 5


def test_readme_examples_pass_mypy_strict(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    files = []
    for n, block in enumerate(BLOCKS):
        files.append(tmp_path / f"readme_block{n}.py")
        files[-1].write_text(block, encoding="utf-8")
    # The mock package is installed editable (an import hook mypy cannot follow): show mypy its folder.
    monkeypatch.setenv("MYPYPATH", str(ROOT / "mock"))
    report, errors, status = mypy.run(["--strict", "--cache-dir", str(ROOT / ".mypy_cache"), *map(str, files)])
    assert status == 0, report + errors


@pytest.mark.parametrize("block", BLOCKS, ids=IDS)
def test_readme_examples_name_their_host_and_take_no_key_silently_to_change_orders(block: str) -> None:
    """Never production by default; an example that changes orders passes its keys."""
    clients = re.findall(r"FinerWorksClient\((.*?)\)(?: as|$)", block, re.DOTALL | re.MULTILINE)
    assert clients or "FinerWorksClient(" not in block
    assert all(f'base_url="{MOCK}"' in arguments for arguments in clients)
    if re.search(r"\.(update|delete)\(|update_order|update_customer|delete_pending", block):
        assert all("web_api_key=" in arguments and "app_key=" in arguments for arguments in clients)


@pytest.mark.parametrize("block", BLOCKS, ids=IDS)
def test_readme_example_runs_against_the_mock(
    block: str, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """As written: in an environment with no FinerWorks setting but what the README exported just before."""
    for name in SETTINGS:
        monkeypatch.delenv(name, raising=False)
    for name, value in exports_before(block).items():
        monkeypatch.setenv(name, value)
    with serve(create_app()) as root:
        script = tmp_path / "example.py"
        script.write_text(block.replace(MOCK, root + BASE_PATH))
        runpy.run_path(str(script), run_name="__main__")
    if "print(" in block:
        printed = capsys.readouterr().out
        assert printed.strip(), "the example printed nothing"
        assert printed.split()[0] != "False"  # the first call of the example succeeded


def test_the_environment_example_follows_its_export() -> None:
    """The example that reads the keys from the environment comes right after the `export` it needs."""
    [block] = [block for block in BLOCKS if "FinerWorksClient(base_url=" in block]
    assert {"FINERWORKS_WEB_API_KEY", "FINERWORKS_APP_KEY"} <= exports_before(block).keys()


def test_the_testing_your_integration_example_is_the_test_that_runs() -> None:
    """The README shows tests/test_integration_example.py (after its docstring) as it is, so the
    example is run by `make test` with the finerworks_sandbox fixture, not just executed."""
    example = (Path(__file__).with_name("test_integration_example.py")).read_text(encoding="utf-8")
    code = example.split('"""\n', 1)[1].lstrip("\n")
    assert code in BLOCKS


def test_the_webhook_handler_example_answers_the_mocks_calls(tmp_path: Path) -> None:
    """The "Receiving status webhooks" handler, as written, fed the calls the mock really makes: the
    right secret gets 204 and the order's new status stored; a wrong or missing one 401, whatever
    the body; an unreadable body 400."""
    from finerworks_mock import MockAdmin
    from finerworks_mock.webhooks import WebhookReceiver

    (block,) = [block for block in BLOCKS if "def handle_order_status" in block]
    assert "hmac.compare_digest" in block
    script = tmp_path / "handler.py"
    script.write_text(block, encoding="utf-8")
    example = runpy.run_path(str(script), run_name="readme_example")
    handle, secret, latest = example["handle_order_status"], example["WEBHOOK_SECRET"], example["latest"]
    with serve(create_app()) as root, MockAdmin(root) as admin, WebhookReceiver() as receiver:
        admin.create_order(5550001, "PO_HOOK", webhook_order_status_url=f"{receiver.url}?key={secret}")
        admin.advance(5550001)
        admin.add_shipment(5550001, tracking_number="1Z999AA10123456784")
        calls = receiver.wait(2)
    answers = []
    for call in calls:
        query = call.path.partition("?")[2]
        answers.append(handle(query, call.body))
        assert latest[5550001].order_status_label == "In Production"
    assert answers == [204, 204]
    assert latest[5550001].shipments[0].tracking_number == "1Z999AA10123456784"
    assert handle("key=" + secret[:-1], calls[0].body) == 401
    assert handle("", calls[0].body) == 401
    assert handle(f"other=1&key={secret}x", calls[0].body) == 401
    assert handle(f"key={secret}", b"<html>not json</html>") == 400
    assert handle(f"key={secret}", b'{"order_id": "x"}') == 400


CLI_SECTION = README.split("## The command line: `finerworks`\n", 1)[1].split("\n## ", 1)[0]


def test_readme_command_line_section_runs_as_written(tmp_path: Path) -> None:
    """Its shell lines, unchanged but for the mock's port, each exit 0 (set -e) against the mock."""
    lines = [line for block in re.findall(r"```sh\n(.*?)```", CLI_SECTION, re.S) for line in block.splitlines()]
    assert any(line.startswith("finerworks ") for line in lines)
    with serve(create_app()) as root:
        script = "set -euo pipefail\n" + "\n".join(lines).replace(MOCK, root + BASE_PATH) + "\n"
        bin_dir = finerworks_script(tmp_path)
        env = {name: value for name, value in os.environ.items() if not name.startswith("FINERWORKS_")}
        env["PATH"] = f"{bin_dir}{os.pathsep}{env['PATH']}"
        result = subprocess.run(
            ["bash", "-c", script], cwd=tmp_path, env=env, capture_output=True, text=True, check=False
        )
    assert result.returncode == 0, result.stdout + result.stderr
    status = json.loads((tmp_path / "status.json").read_text(encoding="utf-8"))
    assert [order["order_id"] for order in status["orders"]] == [123456, 123457]


def test_readme_exit_codes_are_the_command_lines() -> None:
    from finerworks_client import cli, errors

    rows = re.findall(r"^\| (\d+) \| [^|]+ \|([^|]*)\|$", CLI_SECTION, re.M)
    assert [int(code) for code, _ in rows] == [code for code, _, _ in cli.EXIT_CODES]
    for code, classes in rows:
        for name in re.findall(r"`(\w+)`", classes):
            error = getattr(errors, name)
            assert cli.exit_code(error("x")) == int(code), name


def test_the_quickstart_is_two_make_targets_and_ci_runs_the_second() -> None:
    """The README's quickstart: two commands, each a target of the Makefile; `.ci/run` runs the test one."""
    quickstart = README[README.index("## Quickstart") : README.index("Integrators: [install the client]")]
    [block] = re.findall(r"```sh\n(.*?)```", quickstart, re.S)
    commands = [line.split("#")[0].strip() for line in block.strip().splitlines()]
    assert commands == ["make generate", "make test"]
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert all(re.search(rf"^{command.split()[1]}:", makefile, re.M) for command in commands)
    assert (ROOT / ".ci" / "run").read_text(encoding="utf-8").rstrip().endswith("make test")
