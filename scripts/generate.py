"""Regenerate the Python client in generated/ from openapi.yaml, or check that it is up to date.

    python scripts/generate.py           # rewrite generated/ (make generate)
    python scripts/generate.py --check   # regenerate into a temporary folder, diff, exit 1 on drift

The generator runs with --fail-on-warning: a construct in openapi.yaml that openapi-python-client
cannot model fails the build instead of silently dropping an endpoint or a field. Everything that
shapes the output is committed: openapi.yaml, generator/config.yaml, generator/templates/ and the
pinned generator and ruff versions in pyproject.toml.
"""

from __future__ import annotations

import argparse
import difflib
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
SPEC = ROOT / "openapi.yaml"
CONFIG = ROOT / "generator" / "config.yaml"
TEMPLATES = ROOT / "generator" / "templates"
HAND_WRITTEN = ROOT / "generator" / "package"
PACKAGE = "finerworks_client"
OUTPUT = ROOT / "generated"
# Siblings of the Python package inside generated/ that other generators own (make interop).
FOREIGN = {"typescript"}


def run_generator(destination: Path) -> None:
    """Generate the client into destination, which must not exist yet."""
    bin_dir = Path(sys.executable).parent
    command = [
        str(bin_dir / "openapi-python-client"),
        "generate",
        "--path",
        str(SPEC),
        "--config",
        str(CONFIG),
        "--meta",
        "uv",
        "--output-path",
        str(destination),
        "--fail-on-warning",
    ]
    if TEMPLATES.is_dir():
        command += ["--custom-template-path", str(TEMPLATES)]
    # The post hooks call ruff: make sure the venv's pinned ruff is the one found.
    env = {"PATH": f"{bin_dir}:/usr/bin:/bin", "LC_ALL": "C.UTF-8"}
    result = subprocess.run(command, capture_output=True, text=True, env=env, check=False)
    if result.returncode != 0 or not destination.is_dir():
        sys.stderr.write(result.stdout + result.stderr)
        raise SystemExit(f"openapi-python-client failed (exit {result.returncode})")
    package = destination / PACKAGE
    for module in sorted(HAND_WRITTEN.glob("*.py")):
        shutil.copyfile(module, package / module.name)
    (package / "_spec.py").write_text(spec_module(), encoding="utf-8")
    subprocess.run([str(bin_dir / "ruff"), "format", "--no-cache", "--quiet", str(package)], env=env, check=True)


def spec_module() -> str:
    """_spec.py: the facts of openapi.yaml the client needs at run time (servers by x-environment, version)."""
    document = yaml.safe_load(SPEC.read_text(encoding="utf-8"))
    servers = {server["x-environment"]: server["url"] for server in document["servers"]}
    lines = [
        '"""Facts of openapi.yaml that the client needs at run time.',
        "",
        "(Derived from openapi.yaml by scripts/generate.py: change the spec, then `make generate`.)",
        '"""',
        "",
        f"VERSION = {document['info']['version']!r}",
        f"DEFAULT_ENVIRONMENT = {next(iter(servers))!r}",
        "ENVIRONMENTS: dict[str, str] = {",
        *(f"    {name!r}: {url!r}," for name, url in servers.items()),
        "}",
    ]
    return "\n".join(lines) + "\n"


def tree(folder: Path) -> dict[str, bytes]:
    """Map each file's path relative to folder to its bytes, leaving out FOREIGN siblings."""
    files = {}
    for path in sorted(folder.rglob("*")):
        relative = path.relative_to(folder)
        if path.is_file() and relative.parts[0] not in FOREIGN and "__pycache__" not in relative.parts:
            files[relative.as_posix()] = path.read_bytes()
    return files


def drift(expected: dict[str, bytes], actual: dict[str, bytes]) -> list[str]:
    """Describe every difference between the fresh output (expected) and generated/ (actual)."""
    lines: list[str] = []
    for name in sorted(expected.keys() | actual.keys()):
        if name not in actual:
            lines.append(f"missing from generated/: {name}")
        elif name not in expected:
            lines.append(f"not produced by the generator: generated/{name}")
        elif expected[name] != actual[name]:
            lines.extend(
                difflib.unified_diff(
                    actual[name].decode(errors="replace").splitlines(),
                    expected[name].decode(errors="replace").splitlines(),
                    f"generated/{name} (committed)",
                    f"generated/{name} (fresh)",
                    lineterm="",
                )
            )
    return lines


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="fail if generated/ differs from a fresh run")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        fresh = Path(scratch) / "generated"
        run_generator(fresh)
        if args.check:
            problems = drift(tree(fresh), tree(OUTPUT) if OUTPUT.is_dir() else {})
            if problems:
                print("\n".join(problems))
                print("\ngenerated/ is out of date: run `make generate` and commit the result.")
                return 1
            print("generated/ matches openapi.yaml")
            return 0
        OUTPUT.mkdir(exist_ok=True)
        for entry in OUTPUT.iterdir():
            if entry.name not in FOREIGN:
                shutil.rmtree(entry) if entry.is_dir() else entry.unlink()
        for entry in fresh.iterdir():
            shutil.move(str(entry), OUTPUT / entry.name)
    print(f"regenerated {OUTPUT.relative_to(ROOT)}/ from {SPEC.name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
