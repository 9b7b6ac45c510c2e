"""Shared fixtures: the spec, a fresh mock app per test, and the mock on a real socket."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from finerworks_mock import create_app
from finerworks_mock.app import MockApp
from finerworks_mock.spec import Spec

from .support import KEYS, Recorder, serve


@pytest.fixture(scope="session")
def spec() -> Spec:
    return Spec()


@pytest.fixture
def app(spec: Spec) -> MockApp:
    """A fresh mock (default fixtures) that requires the KEYS pair."""
    return create_app(keys=KEYS, spec=spec)


@pytest.fixture
def recorded(app: MockApp) -> Iterator[tuple[str, Recorder]]:
    """The mock behind a Recorder, served on a real socket: (base URL with /v3, recorder)."""
    recorder = Recorder(app)
    with serve(recorder) as root:
        yield root + app.spec.base_path, recorder
