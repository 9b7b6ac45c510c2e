"""The README's Python examples run, unchanged but for the host, against the mock."""

from __future__ import annotations

import re
import runpy
from pathlib import Path

import pytest
from finerworks_mock import create_app, serve

README = Path(__file__).resolve().parents[1] / "README.md"
BLOCKS = re.findall(r"```python\n(.*?)```", README.read_text(encoding="utf-8"), re.DOTALL)
MOCK = "http://127.0.0.1:8000/v3"  # where the README's examples point: `make mock`


def test_readme_has_examples() -> None:
    assert len(BLOCKS) >= 5


@pytest.mark.parametrize("block", BLOCKS, ids=[f"block{n}" for n in range(len(BLOCKS))])
def test_readme_example_runs_against_the_mock(
    block: str, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    with serve(create_app()) as root:
        # For the examples that take their settings from the environment.
        monkeypatch.setenv("FINERWORKS_WEB_API_KEY", "my-web-api-key")
        monkeypatch.setenv("FINERWORKS_APP_KEY", "my-app-key")
        monkeypatch.setenv("FINERWORKS_BASE_URL", root + "/v3")
        script = tmp_path / "example.py"
        script.write_text(block.replace(MOCK, root + "/v3"))
        runpy.run_path(str(script), run_name="__main__")
    if "print(" in block:
        printed = capsys.readouterr().out
        assert printed.strip(), "the example printed nothing"
        assert printed.split()[0] != "False"  # the first call of the example succeeded


def test_the_testing_your_integration_example_is_the_test_that_runs() -> None:
    """The README shows tests/test_integration_example.py (after its docstring) as it is, so the
    example is run by `make test` with the finerworks_sandbox fixture, not just executed."""
    example = (Path(__file__).with_name("test_integration_example.py")).read_text(encoding="utf-8")
    code = example.split('"""\n', 1)[1].lstrip("\n")
    assert code in BLOCKS
