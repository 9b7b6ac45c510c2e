"""finerworks-mock: a local FinerWorks v3 sandbox, a stateful mock server driven by openapi.yaml.

create_app() makes the ASGI app (app.py), serve() runs it in a thread (serve.py), MockAdmin drives
its admin API (admin_client.py, described by admin.yaml), and the pytest plugin (pytest_plugin.py)
gives tests a `finerworks_sandbox` fixture. `finerworks-mock` runs it from the command line.
"""

from .admin_client import MockAdmin, MockAdminError
from .app import MAX_BODY_BYTES, MockApp, create_app
from .serve import serve
from .spec import Spec
from .store import FixtureError

__all__ = ["MAX_BODY_BYTES", "FixtureError", "MockAdmin", "MockAdminError", "MockApp", "Spec", "create_app", "serve"]
