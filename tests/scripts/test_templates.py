"""Each template of generator/templates/ is pinned to the upstream template it overrides, and the pin
check fails, naming the file, as soon as the installed generator's template differs."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from scripts import generate, template_pins


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


def test_the_templates_that_hand_written_modules_replace_are_pinned_too() -> None:
    """errors.py and __init__.py replace the output of errors.py.jinja and package_init.py.jinja:
    an upgrade that changes either (UnexpectedStatus, say) fails the check like a fork's would."""
    assert {"errors.py.jinja", "package_init.py.jinja"} <= set(template_pins.overrides())
    assert set(template_pins.REPLACED_BY_HAND.values()) <= set(template_pins.read_pins())


def test_a_hand_written_module_is_one_file_linked_into_the_package() -> None:
    """generated/ holds links to generator/package/, not copies: the file an editor opens is the one to edit."""
    package = generate.ROOT / "generated" / generate.PACKAGE
    modules = [path for path in generate.HAND_WRITTEN.rglob("*.py") if "__pycache__" not in path.parts]
    assert any(path.parent.name == "_runtime" for path in modules)
    for module in modules:
        placed = package / module.relative_to(generate.HAND_WRITTEN)
        assert placed.is_symlink(), f"{placed} is not a link"
        assert placed.resolve() == module.resolve()


@pytest.fixture
def hand_written(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, Path]:
    """An empty generator/package/ and a package folder the generator wrote one module into."""
    home, package = tmp_path / "hand", tmp_path / "package"
    (home / "sub").mkdir(parents=True)
    package.mkdir()
    (package / "client.py").write_text("# generated\n", encoding="utf-8")
    monkeypatch.setattr(generate, "HAND_WRITTEN", home)
    return home, package


def test_a_new_hand_written_module_is_picked_up_without_edits(hand_written: tuple[Path, Path]) -> None:
    home, package = hand_written
    (home / "webhooks.py").write_text("X = 1\n", encoding="utf-8")
    (home / "sub" / "helpers.py").write_text("Y = 2\n", encoding="utf-8")
    generate.link_hand_written(package)
    assert (package / "webhooks.py").is_symlink() and (package / "sub" / "helpers.py").is_symlink()
    copy = package.parent / "copy"
    copy.mkdir()
    generate.link_hand_written(copy, link=False)
    assert not (copy / "webhooks.py").is_symlink() and (copy / "webhooks.py").read_text() == "X = 1\n"


def test_a_hand_written_module_may_replace_a_generated_file_only_if_its_template_is_pinned(
    hand_written: tuple[Path, Path],
) -> None:
    home, package = hand_written
    (home / "client.py").write_text("# ours\n", encoding="utf-8")
    with pytest.raises(SystemExit, match=r"client\.py replaces a file openapi-python-client writes"):
        generate.link_hand_written(package)
