"""Facts of openapi.yaml that the client needs at run time.

(Derived from openapi.yaml by scripts/generate.py: change the spec, then `make generate`.)
"""

VERSION = "3.0.0"
DEFAULT_ENVIRONMENT = "production"
ENVIRONMENTS: dict[str, str] = {
    "production": "https://api.finerworks.com/v3",
    "sandbox": "https://test-api.finerworks.com/v3",
}
