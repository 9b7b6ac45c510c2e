"""A client library for accessing FinerWorks Orders API"""
# (Generated from generator/templates/package_init.py.jinja: edit that file, then `make generate`.)

from . import errors
from ._finerworks import FinerWorksClient, RetryPolicy
from ._spec import API_VERSION, ENVIRONMENTS
from ._spec import VERSION as __version__
from .client import Client
from .errors import (
    APIConnectionError,
    APIError,
    APITimeoutError,
    AuthenticationError,
    ConfigurationError,
    ConflictError,
    FinerWorksError,
    NotFoundError,
    OperationFailedError,
    RateLimitError,
    ServerError,
    UnexpectedResponseError,
    ValidationError,
)

__all__ = (
    "API_VERSION",
    "ENVIRONMENTS",
    "APIConnectionError",
    "APIError",
    "APITimeoutError",
    "AuthenticationError",
    "Client",
    "ConfigurationError",
    "ConflictError",
    "FinerWorksClient",
    "FinerWorksError",
    "NotFoundError",
    "OperationFailedError",
    "RateLimitError",
    "RetryPolicy",
    "ServerError",
    "UnexpectedResponseError",
    "ValidationError",
    "__version__",
    "errors",
)
