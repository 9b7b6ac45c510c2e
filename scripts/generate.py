"""Regenerate everything derived from openapi.yaml, or check that it is up to date.

    python scripts/generate.py           # rewrite the outputs (make generate)
    python scripts/generate.py --check   # regenerate into a temporary folder, diff, exit 1 on drift

The outputs: generated/ (the Python client package, and generated/typescript/ with the
openapi-typescript types), openapi.json (the document as JSON, for tools that want JSON) and the
mock package's copy of openapi.yaml (mock/finerworks_mock/openapi.yaml, so that `pip install ./mock`
carries the document it serves).

The generator runs with --fail-on-warning: a construct in openapi.yaml that openapi-python-client
cannot model fails the build instead of silently dropping an endpoint or a field. Everything that
shapes the output is committed: openapi.yaml, generator/config.yaml, generator/templates/ and the
pinned generator and ruff versions in pyproject.toml.
"""

from __future__ import annotations

import argparse
import concurrent.futures
import difflib
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import tomllib
from pathlib import Path

import yaml
from finerworks_mock.spec import Spec

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from scripts import template_pins

ROOT = Path(__file__).resolve().parent.parent
SPEC = ROOT / "openapi.yaml"
CONFIG = ROOT / "generator" / "config.yaml"
TEMPLATES = ROOT / "generator" / "templates"
HAND_WRITTEN = ROOT / "generator" / "package"
LICENSE = ROOT / "LICENSE"
PACKAGE = "finerworks_client"
REPOSITORY_MARK = "REPOSITORY_URL"  # written by generator/templates/pyproject_uv.toml.jinja
# What this script writes, relative to the repository root: it owns all of them.
MOCK_SPEC = Path("mock", "finerworks_mock", "openapi.yaml")
OUTPUTS = ("generated", "openapi.json", MOCK_SPEC.as_posix())
TYPESCRIPT = Path("generated", "typescript", "finerworks.ts")
# The command table of the `finerworks` command line (cli.py), rendered from this template.
CLI_TEMPLATE, CLI_MODULE = "cli_commands.py.jinja", "_cli_commands.py"
OPENAPI_TYPESCRIPT = ROOT / "node_modules" / ".bin" / "openapi-typescript"


def run_generator(destination: Path, spec: Path = SPEC, *, link: bool = False) -> None:
    """Generate the client from spec (openapi.yaml) into destination, which must not exist yet.

    link: the hand-written modules as links (what generated/ commits: see link_hand_written);
    otherwise as copies, for a package used where it is generated (scripts/changes.py imports it).
    """
    bin_dir = Path(sys.executable).parent
    command = [
        str(bin_dir / "openapi-python-client"),
        "generate",
        "--path",
        str(spec),
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
    with concurrent.futures.ThreadPoolExecutor(1) as pool:  # beside the generator, in this process
        cli = pool.submit(cli_module, spec)
        result = subprocess.run(command, capture_output=True, text=True, env=env, check=False)
        cli_text = cli.result()
    if result.returncode != 0 or not destination.is_dir():
        sys.stderr.write(result.stdout + result.stderr)
        raise SystemExit(f"openapi-python-client failed (exit {result.returncode})")
    package = destination / PACKAGE
    shutil.copyfile(LICENSE, destination / LICENSE.name)  # the package's license-files
    metadata = destination / "pyproject.toml"  # its URLs: the template leaves REPOSITORY_URL for ours
    metadata.write_text(with_repository(metadata.read_text(encoding="utf-8"), repository_url()), "utf-8")
    (package / "_spec.py").write_text(spec_module(spec), encoding="utf-8")
    (package / CLI_MODULE).write_text(cli_text, encoding="utf-8")
    subprocess.run([str(bin_dir / "ruff"), "format", "--no-cache", "--quiet", str(package)], env=env, check=True)
    link_hand_written(package, link)


def link_hand_written(package: Path, link: bool = True) -> None:
    """Put each module of generator/package/ into the package: as a relative symbolic link
    (link=True), so that the hand-written code has one file to edit, the one an editor opens;
    else as a copy. A folder there (_runtime/) becomes a real folder of links: the uv_build
    backend reads linked files, not linked folders.

    Every module is placed, new ones included. One that takes the place of a file the generator
    wrote (the package's __init__.py, errors.py) must name the upstream template it replaces in
    scripts/template_pins.py (REPLACED_BY_HAND), where its pin is checked: otherwise the build fails.
    The links are written as they are in the repository (relative to their place under
    generated/finerworks_client), whatever folder the package is generated into.
    """
    home = ROOT / "generated" / PACKAGE
    for source in sorted(HAND_WRITTEN.rglob("*")):
        relative = source.relative_to(HAND_WRITTEN)
        if "__pycache__" in relative.parts or any(part.startswith(".") for part in relative.parts):
            continue
        target = package / relative
        if source.is_dir():
            target.mkdir(exist_ok=True)
            continue
        if target.exists() or target.is_symlink():
            if relative.as_posix() not in template_pins.REPLACED_BY_HAND:
                raise SystemExit(
                    f"generator/package/{relative} replaces a file openapi-python-client writes: add the upstream "
                    "template it replaces to REPLACED_BY_HAND in scripts/template_pins.py, then pin it"
                )
            target.unlink()
        if link:
            target.symlink_to(os.path.relpath(source, (home / relative).parent))
        else:
            shutil.copyfile(source, target)


def repository_url() -> str | None:
    """The repository's address: `Repository` under [project.urls] in pyproject.toml, the one place
    it is written, or None while the repository has no public home. The client's package metadata
    links to it (make generate)."""
    urls = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"].get("urls", {})
    url = urls.get("Repository")
    return url.rstrip("/") if isinstance(url, str) and url.strip() else None


def with_repository(metadata: str, url: str | None) -> str:
    """The package's pyproject.toml with its links to url, or without a [project.urls] table when
    there is no address: no link beats a made-up one."""
    if url is not None:
        return metadata.replace(REPOSITORY_MARK, url)
    return re.sub(r"^\[project\.urls\]\n(?:.+\n)*\n?", "", metadata, flags=re.M)


def cli_module(spec: Path = SPEC) -> str:
    """_cli_commands.py: the command table of the `finerworks` command line (cli.py).

    Rendered from generator/templates/cli_commands.py.jinja with openapi-python-client's own reading
    of spec and its template environment, the same that api_init.py.jinja renders the resources
    from (the generator has no place for a template of ours, so it is rendered here).
    """
    from openapi_python_client import Project
    from openapi_python_client.config import Config, ConfigFile, MetaType
    from openapi_python_client.parser import GeneratorData
    from openapi_python_client.parser.errors import GeneratorError

    config = Config.from_sources(ConfigFile.load_from_path(CONFIG), MetaType.UV, spec, "utf-8", True, None)
    data = GeneratorData.from_dict(yaml.load(spec.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader), config=config)
    if isinstance(data, GeneratorError):
        raise SystemExit(f"openapi-python-client cannot read {spec.name}: {data.header} {data.detail or ''}")
    project = Project(openapi=data, config=config, custom_template_path=TEMPLATES)
    return project.env.get_template(CLI_TEMPLATE).render()


def client_version(config: Path = CONFIG) -> str:
    """The client's own semantic version: package_version_override in generator/config.yaml.

    It is not info.version of openapi.yaml (the version of FinerWorks' API that the client targets):
    a change to the templates or the runtime changes the client, not the API.
    """
    version = yaml.safe_load(config.read_text(encoding="utf-8")).get("package_version_override")
    if not isinstance(version, str):
        raise SystemExit(f"{config.relative_to(ROOT)}: package_version_override (the client's version) is missing")
    return version


def spec_module(spec: Path = SPEC) -> str:
    """_spec.py: the facts the client needs at run time (servers by x-environment, its version, the API's)."""
    document = Spec(spec).document
    servers = {server["x-environment"]: server["url"] for server in document["servers"]}
    lines = [
        '"""Facts of openapi.yaml and generator/config.yaml that the client needs at run time.',
        "",
        "(Written by scripts/generate.py: change those files, then `make generate`.)",
        '"""',
        "",
        "# The client's own version (generator/config.yaml): the package's __version__.",
        f"VERSION = {client_version()!r}",
        "# The version of the FinerWorks API this client was generated for (info.version of openapi.yaml).",
        f"API_VERSION = {document['info']['version']!r}",
        f"DEFAULT_ENVIRONMENT = {next(iter(servers))!r}",
        "ENVIRONMENTS: dict[str, str] = {",
        *(f"    {name!r}: {url!r}," for name, url in servers.items()),
        "}",
    ]
    return "\n".join(lines) + "\n"


def build(root: Path) -> None:
    """Write every output under root, laid out as in the repository.

    openapi-typescript (node) and openapi-python-client take about the same time, so they run side
    by side.
    """
    if not OPENAPI_TYPESCRIPT.exists():
        raise SystemExit("openapi-typescript is not installed: run `make setup` (npm ci)")
    # The generator wants to create generated/ itself: the types wait beside it until it has.
    typescript = root / "typescript" / TYPESCRIPT.name
    typescript.parent.mkdir(parents=True)
    # openapi-typescript with its default settings, as a TypeScript user runs it: no config file.
    # Run outside the repository, so that no redocly.yaml of ours is picked up.
    node = subprocess.Popen(
        [str(OPENAPI_TYPESCRIPT), str(SPEC), "--output", str(typescript)],
        cwd=typescript.parent,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        run_generator(root / "generated", link=True)
    finally:
        output = node.communicate()[0]
    if node.returncode != 0 or "⚠" in output:
        sys.stderr.write(output)
        raise SystemExit("openapi-typescript failed or warned")
    shutil.move(typescript.parent, root / TYPESCRIPT.parent)
    document = Spec(SPEC).document
    (root / "openapi.json").write_text(json.dumps(document, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    (root / MOCK_SPEC).parent.mkdir(parents=True)
    shutil.copyfile(SPEC, root / MOCK_SPEC)


def tree(root: Path) -> dict[str, bytes]:
    """Map the path of each output file, relative to root, to its bytes; a symbolic link (to a
    hand-written module) to "symlink -> " and its target, never followed."""
    files = {}
    for name in OUTPUTS:
        output = root / name
        if not output.is_dir():
            if output.exists():
                files[name] = output.read_bytes()
            continue
        for folder, folders, names in os.walk(output):
            folders[:] = sorted(entry for entry in folders if entry != "__pycache__")
            for entry in [*folders, *names]:
                path = Path(folder, entry)
                relative = path.relative_to(root).as_posix()
                if path.is_symlink():
                    files[relative] = f"symlink -> {os.readlink(path)}".encode()
                elif entry in names:
                    files[relative] = path.read_bytes()
    return files


def drift(expected: dict[str, bytes], actual: dict[str, bytes]) -> list[str]:
    """Describe every difference between the fresh outputs (expected) and the committed ones (actual)."""
    lines: list[str] = []
    for name in sorted(expected.keys() | actual.keys()):
        if name not in actual:
            lines.append(f"missing: {name}")
        elif name not in expected:
            lines.append(f"not produced by the generators: {name}")
        elif expected[name] != actual[name]:
            lines.extend(
                difflib.unified_diff(
                    actual[name].decode(errors="replace").splitlines(),
                    expected[name].decode(errors="replace").splitlines(),
                    f"{name} (committed)",
                    f"{name} (fresh)",
                    lineterm="",
                )
            )
    return lines


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="fail if the outputs differ from a fresh run")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        fresh = Path(scratch)
        build(fresh)
        if args.check:
            problems = drift(tree(fresh), tree(ROOT))
            if problems:
                print("\n".join(problems))
                print("\nThe generated files are out of date: run `make generate` and commit the result.")
                return 1
            print(f"{', '.join(OUTPUTS)} match openapi.yaml")
            return 0
        for name in OUTPUTS:
            target = ROOT / name
            if target.is_dir():
                shutil.rmtree(target)
            shutil.move(str(fresh / name), target)
    print(f"regenerated {', '.join(OUTPUTS)} from {SPEC.name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
