"""Each template of generator/templates/ is pinned to the upstream template it overrides, and the pin
check fails, naming the file, as soon as the installed generator's template differs."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from scripts import template_pins


def test_every_fork_matches_the_upstream_template_it_was_ported_from() -> None:
    assert template_pins.problems() == []


@pytest.fixture
def upstream_copy(tmp_path: Path) -> Path:
    """A copy of the installed generator's templates, to change as an upgrade would."""
    copy = tmp_path / "templates"
    shutil.copytree(template_pins.UPSTREAM, copy)
    return copy


@pytest.mark.parametrize("name", template_pins.overrides())
def test_a_changed_upstream_template_fails_the_check_naming_the_file(
    upstream_copy: Path, name: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with (upstream_copy / name).open("a", encoding="utf-8") as template:
        template.write("{# a change in a new openapi-python-client release #}\n")
    [problem] = template_pins.problems(upstream_copy)
    assert problem.startswith(f"{name}: openapi-python-client's template changed")
    assert template_pins.main(["--upstream", str(upstream_copy)]) == 1
    assert name in capsys.readouterr().out


def test_a_removed_upstream_template_or_an_unpinned_fork_fails_too(upstream_copy: Path, tmp_path: Path) -> None:
    (upstream_copy / "endpoint_module.py.jinja").unlink()
    assert template_pins.problems(upstream_copy) == [
        "endpoint_module.py.jinja: the installed openapi-python-client has no such template any more"
    ]
    ours = tmp_path / "ours"
    shutil.copytree(template_pins.TEMPLATES, ours)
    (ours / "str_enum.py.jinja").write_text("", encoding="utf-8")
    [problem] = template_pins.problems(templates=ours)
    assert problem.startswith("str_enum.py.jinja: not pinned")


def test_a_template_of_our_own_is_no_fork_and_needs_no_pin(tmp_path: Path) -> None:
    ours = tmp_path / "ours"
    shutil.copytree(template_pins.TEMPLATES, ours)
    (ours / "our_macros.jinja").write_text("{% macro nothing() %}{% endmacro %}", encoding="utf-8")
    assert template_pins.problems(templates=ours) == []
    assert "our_macros.jinja" not in template_pins.overrides(templates=ours)
