"""Deep property run (make fuzz): the schemathesis CLI against the mock on a free local port.

schemathesis.toml supplies the seed, the auth headers and the checks; this raises the examples per
operation (FUZZ_EXAMPLES, default 2000) and runs the stateful phase along the links of
scripts/fuzz_links.yaml, added to a temporary copy of openapi.yaml. Extra arguments go to `st run`.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import tomllib
from pathlib import Path
from typing import Any

import yaml
from finerworks_mock import create_app, serve
from finerworks_mock.spec import Spec

ROOT = Path(__file__).resolve().parent.parent
LINKS = Path(__file__).with_name("fuzz_links.yaml")


def schemathesis_keys() -> tuple[str, str]:
    """The (web_api_key, app_key) that schemathesis.toml makes schemathesis send: the mock requires them."""
    headers = tomllib.loads((ROOT / "schemathesis.toml").read_text(encoding="utf-8"))["headers"]
    return headers["web_api_key"], headers["app_key"]


def linked_spec(spec: Spec) -> dict[str, Any]:
    """openapi.yaml with the links of fuzz_links.yaml on the responses they start from."""
    document = Spec(spec.path).document  # a fresh copy, to add the links to
    operations = spec.operations()
    for operation_id, responses in yaml.safe_load(LINKS.read_text(encoding="utf-8")).items():
        method, path = operations[operation_id]
        for status, links in responses.items():
            document["paths"][path][method.lower()]["responses"][status]["links"] = links
    return document


def main() -> int:
    st = Path(sys.executable).with_name("st")
    examples = os.environ.get("FUZZ_EXAMPLES", "2000")
    spec = Spec()
    with tempfile.TemporaryDirectory() as scratch, serve(create_app(keys=schemathesis_keys(), spec=spec)) as root:
        schema = Path(scratch) / "openapi.yaml"
        schema.write_text(yaml.safe_dump(linked_spec(spec), sort_keys=False), encoding="utf-8")
        command = [
            str(st),
            "run",
            str(schema),
            "--url",
            f"{root}/v3",
            "--max-examples",
            examples,
            "--phases",
            "examples,coverage,fuzzing,stateful",
            "--checks",
            "all",
            # FinerWorks refuses bad keys with 400, not the 401/403 this check expects (schemathesis.toml).
            "--exclude-checks",
            "ignored_auth",
            *sys.argv[1:],
        ]
        return subprocess.run(command, check=False, cwd=ROOT).returncode


if __name__ == "__main__":
    sys.exit(main())
