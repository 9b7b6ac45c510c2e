"""`python -m finerworks_client`: the `finerworks` command line (cli.py), where the script is not on PATH.

(Hand-written: generator/package/__main__.py, copied into the package by `make generate`.)
"""

import sys

from .cli import main

if __name__ == "__main__":  # not when a tool imports every module of the package
    sys.exit(main())
