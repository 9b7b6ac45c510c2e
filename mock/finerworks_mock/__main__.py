"""python -m finerworks_mock: the same as the finerworks-mock command."""

import sys

from .cli import main

sys.exit(main())
