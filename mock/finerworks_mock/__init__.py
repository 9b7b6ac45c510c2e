"""A local FinerWorks sandbox: a stateful mock server driven by openapi.yaml (see app.py)."""

from .app import MAX_BODY_BYTES, create_app
from .serve import serve

__all__ = ["MAX_BODY_BYTES", "create_app", "serve"]
