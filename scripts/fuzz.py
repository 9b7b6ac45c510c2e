"""Deep property run (make fuzz): the schemathesis CLI against the mock on a free local port.

schemathesis.toml supplies the seed, the auth headers and the checks; this raises the examples per
operation (FUZZ_EXAMPLES, default 2000) and adds the stateful phase. Extra arguments go to `st run`.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from scripts.mock import create_app, serve
from scripts.mock.spec import SPEC_PATH

# The keys schemathesis.toml sends.
KEYS = ("test-web-api-key", "test-app-key")


def main() -> int:
    st = Path(sys.executable).with_name("st")
    examples = os.environ.get("FUZZ_EXAMPLES", "2000")
    with serve(create_app(keys=KEYS)) as root:
        command = [
            str(st),
            "run",
            str(SPEC_PATH),
            "--url",
            f"{root}/v3",
            "--max-examples",
            examples,
            "--phases",
            "examples,coverage,fuzzing,stateful",
            "--checks",
            "all",
            *sys.argv[1:],
        ]
        return subprocess.run(command, check=False).returncode


if __name__ == "__main__":
    sys.exit(main())
