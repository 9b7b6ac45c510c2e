"""The README's Python examples run, unchanged but for the host, against the mock."""

from __future__ import annotations

import re
import runpy
from pathlib import Path

import pytest

from scripts.mock import create_app, serve

README = Path(__file__).resolve().parents[1] / "README.md"
BLOCKS = re.findall(r"```python\n(.*?)```", README.read_text(encoding="utf-8"), re.DOTALL)
SANDBOX = "https://test-api.finerworks.com/v3"


def test_readme_has_examples() -> None:
    assert len(BLOCKS) >= 2 and all(SANDBOX in block or "base_url" not in block for block in BLOCKS)


@pytest.mark.parametrize("block", BLOCKS, ids=[f"block{n}" for n in range(len(BLOCKS))])
def test_readme_example_runs_against_the_mock(block: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with serve(create_app()) as root:
        script = tmp_path / "example.py"
        script.write_text(block.replace(SANDBOX, root + "/v3"))
        runpy.run_path(str(script), run_name="__main__")
    printed = capsys.readouterr().out
    assert printed.strip(), "the example printed nothing"
    assert "False" not in printed.split()[0]  # the first call of each example succeeded
