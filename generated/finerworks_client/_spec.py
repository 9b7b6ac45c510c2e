"""Facts of openapi.yaml and generator/config.yaml that the client needs at run time.

(Written by scripts/generate.py: change those files, then `make generate`.)
"""

# The client's own version (generator/config.yaml): the package's __version__.
VERSION = "4.0.0"
# The version of the FinerWorks API this client was generated for (info.version of openapi.yaml).
API_VERSION = "3.0.0"
DEFAULT_ENVIRONMENT = "production"
ENVIRONMENTS: dict[str, str] = {
    "production": "https://api.finerworks.com/v3",
    "test": "https://test-api.finerworks.com/v3",
    "v2": "https://v2.api.finerworks.com/v3",
}
