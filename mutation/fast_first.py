"""A pytest plugin for make mutate: the tests of a mutant run quickest first.

mutmut runs a mutant's tests with -x, so a mutant is killed by the first test that fails; in the
order it gives them (a set's), a quick unit test that kills it may come after a minute of tests on
a socket. This plugin sorts them by the time each took in mutmut's run of the whole group
(mutmut-stats.json, in the folder the tests run in), quickest first; without that file (that run
itself) it changes nothing.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

STATS = Path("mutmut-stats.json")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    if not STATS.exists():
        return
    durations: dict[str, float] = json.loads(STATS.read_text(encoding="utf-8")).get("duration_by_test", {})
    unknown = max(durations.values(), default=0.0)  # a test not timed yet: as slow as the slowest
    items.sort(key=lambda item: durations.get(item.nodeid, unknown))
