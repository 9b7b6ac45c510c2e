"""Pin each template of generator/templates/ to the exact upstream template it overrides.

    python -m scripts.template_pins            # check: exit 1, naming each template that differs
    python -m scripts.template_pins --update   # re-pin, once the forks are ported (an upgrade)

A file in generator/templates/ with the path of one of openapi-python-client's templates replaces
it: it is a fork. generator/upstream-templates.sha256 records the sha256 of each upstream template
we fork, as the generator version it was ported from ships them. (A file of ours with no upstream
counterpart, such as a macro file our forks import, is not a fork and has no pin.) When the
installed generator's template differs (a generator upgrade changed it), our fork misses that
change: the check fails and names the file, and tests/scripts/test_templates.py runs it in `make test`.
The README ("Upgrading openapi-python-client") says what to do then.
"""

from __future__ import annotations

import argparse
import hashlib
import importlib.metadata
import sys
from pathlib import Path

import openapi_python_client

ROOT = Path(__file__).resolve().parent.parent
TEMPLATES = ROOT / "generator" / "templates"
PINS = ROOT / "generator" / "upstream-templates.sha256"
UPSTREAM = Path(openapi_python_client.__file__).parent / "templates"


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def ours(templates: Path = TEMPLATES) -> list[str]:
    """The paths, relative to the templates folder, of our templates."""
    return sorted(path.relative_to(templates).as_posix() for path in templates.rglob("*.jinja"))


def overrides(upstream: Path = UPSTREAM, templates: Path = TEMPLATES) -> list[str]:
    """Those of our templates that replace an upstream one: the forks."""
    return [name for name in ours(templates) if (upstream / name).is_file()]


def read_pins(pins: Path = PINS) -> dict[str, str]:
    """{template path: sha256 of the upstream template} from the pin file."""
    found = {}
    for line in pins.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            sha256, name = line.split(maxsplit=1)
            found[name] = sha256
    return found


def problems(upstream: Path = UPSTREAM, templates: Path = TEMPLATES, pins: Path = PINS) -> list[str]:
    """What differs between the pins and the installed generator's templates, one line per file."""
    pinned = read_pins(pins)
    found = []
    for name in ours(templates):
        source = upstream / name
        if name not in pinned:
            if source.is_file():
                found.append(f"{name}: not pinned (run python -m scripts.template_pins --update once it is ported)")
        elif not source.is_file():
            found.append(f"{name}: the installed openapi-python-client has no such template any more")
        elif digest(source) != pinned[name]:
            found.append(
                f"{name}: openapi-python-client's template changed since our fork was made "
                f"(sha256 {digest(source)[:12]}..., pinned {pinned[name][:12]}...): port the change, then re-pin"
            )
    found += [
        f"{name}: pinned, but generator/templates/ has no such file"
        for name in sorted(pinned.keys() - set(ours(templates)))
    ]
    return found


def write_pins(upstream: Path = UPSTREAM, templates: Path = TEMPLATES, pins: Path = PINS) -> None:
    version = importlib.metadata.version("openapi-python-client")
    lines = [
        f"# sha256 of openapi-python-client {version}'s templates that generator/templates/ overrides.",
        "# Checked by tests/scripts/test_templates.py; python -m scripts.template_pins --update rewrites it.",
        *(f"{digest(upstream / name)}  {name}" for name in overrides(upstream, templates)),
    ]
    pins.write_text("\n".join(lines) + "\n", encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--update", action="store_true", help="pin the installed generator's templates")
    parser.add_argument("--upstream", type=Path, default=UPSTREAM, help="the upstream templates (default: installed)")
    args = parser.parse_args(argv)
    if args.update:
        write_pins(args.upstream)
        print(f"pinned {len(overrides())} templates in {PINS.relative_to(ROOT)}")
        return 0
    found = problems(args.upstream)
    if found:
        print(f"generator/templates/ is out of step with openapi-python-client's templates in {args.upstream}:")
        print("\n".join(f"  {line}" for line in found))
        return 1
    print(f"{len(overrides())} templates match their pinned upstream")
    return 0


if __name__ == "__main__":
    sys.exit(main())
