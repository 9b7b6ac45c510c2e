"""The README's Python examples pass `mypy --strict` against the generated package, name their host,
and run, unchanged but for the host, against the mock."""

from __future__ import annotations

import re
import runpy
import shlex
from pathlib import Path

import pytest
from finerworks_mock import create_app, serve
from mypy import api as mypy

from .support import BASE_PATH

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
                exported.update(word.split("=", 1) for word in words if "=" in word)  # type: ignore[misc]
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
