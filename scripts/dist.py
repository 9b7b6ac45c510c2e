"""Build the client's release files and check them (make dist).

    python scripts/dist.py [OUTDIR]    # default dist/

1. builds the wheel and the sdist of generated/ with pypa/build, offline: the uv_build backend
   pinned in pyproject.toml is already in the venv (--no-isolation);
2. checks their metadata with twine (what PyPI would refuse: README rendering, fields);
3. checks what they hold: the package, py.typed, the LICENSE, the version of generator/config.yaml;
4. installs the wheel into a fresh venv (with only pip: its dependencies come from PyPI, at the
   versions of requirements.lock) and imports it there, outside this repository.
"""

from __future__ import annotations

import email
import os
import shutil
import subprocess
import sys
import tarfile
import tempfile
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GENERATED = ROOT / "generated"
PACKAGE = "finerworks_client"
sys.path.insert(0, str(ROOT))
from scripts.generate import client_version  # noqa: E402


def run(*command: str | Path, cwd: Path | None = None) -> str:
    bin_dir = Path(sys.executable).parent  # where the pinned uv-build binary is
    env = {**os.environ, "PATH": f"{bin_dir}{os.pathsep}{os.environ.get('PATH', '')}"}
    result = subprocess.run([str(part) for part in command], cwd=cwd, env=env, capture_output=True, text=True)
    if result.returncode != 0:
        raise SystemExit(f"{' '.join(map(str, command))} failed:\n{result.stdout}{result.stderr}")
    return result.stdout


def build(outdir: Path) -> tuple[Path, Path]:
    if outdir.exists():
        shutil.rmtree(outdir)
    run(sys.executable, "-m", "build", "--no-isolation", "--sdist", "--wheel", "--outdir", outdir, GENERATED)
    [wheel] = outdir.glob("*.whl")
    [sdist] = outdir.glob("*.tar.gz")
    return wheel, sdist


def check_contents(wheel: Path, sdist: Path, version: str) -> None:
    stem = f"{PACKAGE}-{version}"
    if not wheel.name.startswith(f"{stem}-") or sdist.name != f"{stem}.tar.gz":
        raise SystemExit(f"expected release files of version {version}, got {wheel.name} and {sdist.name}")
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
        metadata = email.message_from_bytes(archive.read(f"{stem}.dist-info/METADATA"))
    with tarfile.open(sdist) as archive:
        sdist_names = {name.split("/", 1)[1] for name in archive.getnames() if "/" in name}
    expected = {f"{PACKAGE}/py.typed", f"{PACKAGE}/__init__.py", f"{PACKAGE}/_spec.py"}
    missing = (expected - names) | ({f"{stem}.dist-info/licenses/LICENSE"} - names)
    missing |= {"LICENSE", "README.md", "pyproject.toml", f"{PACKAGE}/py.typed"} - sdist_names
    if missing:
        raise SystemExit(f"missing from the release files: {sorted(missing)}")
    if metadata["License-Expression"] != "Apache-2.0" or "Typing :: Typed" not in metadata.get_all("Classifier", []):
        raise SystemExit("the wheel's metadata lacks its license expression or the Typing :: Typed classifier")


def fresh_venv(folder: Path) -> tuple[Path, list[str]]:
    """A new, empty venv in folder: (its python, the pip command that installs into it).

    The venv gets no pip of its own: this venv's pip installs into it (`pip --python`), which
    spares ensurepip's 6 s. --no-compile: what is installed is imported once or twice, not worth
    compiling every module of it first.
    """
    run(sys.executable, "-m", "venv", "--without-pip", folder)
    python = folder / "bin" / "python"
    pip = [sys.executable, "-m", "pip", "--python", str(python), "--quiet", "--disable-pip-version-check"]
    return python, [*pip, "install", "--no-compile"]


def install_and_import(wheel: Path) -> str:
    """Install the wheel into a fresh venv, with nothing but pip, and import it from outside the repository."""
    with tempfile.TemporaryDirectory() as scratch:
        python, install = fresh_venv(Path(scratch) / "venv")
        run(*install, "-c", ROOT / "requirements.lock", wheel)
        code = (
            f"import {PACKAGE} as p, pathlib; "
            "print(p.__version__, p.API_VERSION, pathlib.Path(p.__file__).parent.joinpath('py.typed').exists())"
        )
        return run(python, "-c", code, cwd=Path(scratch)).strip()


def main() -> int:
    outdir = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "dist"
    version = client_version()
    wheel, sdist = build(outdir)
    print(run(sys.executable, "-m", "twine", "--no-color", "check", "--strict", wheel, sdist).strip())
    check_contents(wheel, sdist, version)
    imported = install_and_import(wheel)
    installed_version, _, typed = imported.split()
    if installed_version != version or typed != "True":
        raise SystemExit(f"the installed wheel reports {imported!r} (version, API version, py.typed)")
    print(f"{wheel.name} and {sdist.name} in {outdir}: installed in a fresh venv, imported: {imported}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
