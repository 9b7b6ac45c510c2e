"""scripts/generate.py: what make generate writes besides openapi-python-client's own output."""

from __future__ import annotations

import tomllib

from scripts.generate import ROOT, with_repository

METADATA = (ROOT / "generator" / "templates" / "pyproject_uv.toml.jinja").read_text(encoding="utf-8")
LINKED = """[project]
name = "finerworks-client"

[project.urls]
Homepage = "REPOSITORY_URL"
Source = "REPOSITORY_URL/tree/main/generated"

[build-system]
requires = ["uv_build"]
"""


def test_the_package_links_to_the_repository_address_written_in_pyproject_toml() -> None:
    urls = tomllib.loads(with_repository(LINKED, "https://example.org/team/finerworks-openapi"))["project"]["urls"]
    assert urls == {
        "Homepage": "https://example.org/team/finerworks-openapi",
        "Source": "https://example.org/team/finerworks-openapi/tree/main/generated",
    }


def test_without_an_address_the_package_has_no_links_rather_than_made_up_ones() -> None:
    metadata = tomllib.loads(with_repository(LINKED, None))
    assert "urls" not in metadata["project"] and metadata["build-system"] == {"requires": ["uv_build"]}
    assert "[project.urls]" in METADATA  # the template's table is the one removed


def test_generated_metadata_follows_pyproject_toml() -> None:
    """generated/pyproject.toml is what make generate wrote for this repository's pyproject.toml."""
    root = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    package = tomllib.loads((ROOT / "generated" / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    repository = root.get("urls", {}).get("Repository")
    assert (package.get("urls", {}).get("Homepage") if repository else package.get("urls")) == repository
