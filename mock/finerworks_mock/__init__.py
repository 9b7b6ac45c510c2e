"""finerworks-mock: a local FinerWorks v3 sandbox, a stateful mock server driven by openapi.yaml.

create_app() makes the ASGI app (app.py), serve() runs it in a thread (server.py), MockAdmin drives
its admin API (admin_client.py, described by admin.yaml), and the pytest plugin (pytest_plugin.py)
gives tests a `finerworks_sandbox` fixture. `finerworks-mock` runs it from the command line.

These names are imported on first use, so that a script which only reads the document
(`from finerworks_mock.spec import Spec`) does not load the server, openapi-core and uvicorn.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .admin_client import MockAdmin, MockAdminError
    from .app import MAX_BODY_BYTES, MockApp, create_app
    from .server import serve
    from .spec import Spec
    from .store import FixtureError

_MODULE_OF = {
    "MockAdmin": "admin_client",
    "MockAdminError": "admin_client",
    "MAX_BODY_BYTES": "app",
    "MockApp": "app",
    "create_app": "app",
    "serve": "server",
    "Spec": "spec",
    "FixtureError": "store",
}
__all__ = ["MAX_BODY_BYTES", "FixtureError", "MockAdmin", "MockAdminError", "MockApp", "Spec", "create_app", "serve"]


def __getattr__(name: str) -> Any:
    if name not in _MODULE_OF:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(f".{_MODULE_OF[name]}", __name__), name)
