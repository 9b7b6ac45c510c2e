"""A typed client of the FinerWorks print-fulfillment API (v3), generated from openapi.yaml.

    from finerworks_client import FinerWorksClient

    with FinerWorksClient(environment="sandbox") as client:  # keys: FINERWORKS_WEB_API_KEY, FINERWORKS_APP_KEY
        status = client.orders.fetch_status(order_pos=["PO_0001"])

    orders = webhooks.parse_order_status(request_body)  # the orderStatus webhook FinerWorks POSTs

(Hand-written: generator/package/__init__.py, copied into the package by `make generate` over the
generator's own __init__.py.)
"""

from . import errors, webhooks
from ._finerworks import AsyncFinerWorksClient, FinerWorksClient, RawResponse, RetryPolicy
from ._spec import API_VERSION, ENVIRONMENTS
from ._spec import VERSION as __version__
from .client import Client
from .errors import *  # noqa: F403 (the error classes: errors.__all__ is their one list)

__all__ = [
    "API_VERSION",
    "ENVIRONMENTS",
    "AsyncFinerWorksClient",
    "Client",
    "FinerWorksClient",
    "RawResponse",
    "RetryPolicy",
    "__version__",
    "errors",
    "webhooks",
]
__all__ += errors.__all__
