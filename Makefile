# The verbs of this repository. Every target bootstraps what it needs from a fresh clone: the
# Python venv is a file target keyed on pyproject.toml and requirements.lock, the Node tools one
# keyed on package-lock.json. Nothing but python3, make and npm needs to be installed first.

.DEFAULT_GOAL := help
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PY_STAMP := $(VENV)/.installed
NODE_STAMP := node_modules/.installed
PORT ?= 8000

.PHONY: help setup generate check-generated lint test interop docs mock fuzz bench mutate lock clean contract proxy cassettes changes check-changes dist release

help: ## List the targets
	@grep -hE '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-16s %s\n", $$1, $$2}'

# generated/ is put on the venv's path with a .pth file (what an editable install does), so the
# venv can be built before the client has ever been generated. The mock (mock/) is installed
# editable: its console script and pytest plugin are registered as a user's install would be.
$(PY_STAMP): pyproject.toml requirements.lock mock/pyproject.toml
	rm -rf $(VENV)
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -c requirements.lock -e . -e "./mock[check]"
	echo "$(CURDIR)/generated" > "$$($(BIN)/python -c 'import site; print(site.getsitepackages()[0])')/finerworks-client.pth"
	touch $@

$(NODE_STAMP): package.json package-lock.json
	npm ci --no-audit --no-fund --ignore-scripts --loglevel=error
	touch $@

setup: $(PY_STAMP) $(NODE_STAMP) ## Create .venv and node_modules, everything make test uses (every other target does this itself)

generate: $(PY_STAMP) $(NODE_STAMP) ## Regenerate generated/ (Python client, TypeScript types) and openapi.json
	$(BIN)/python scripts/generate.py

check-generated: $(PY_STAMP) $(NODE_STAMP) ## Fail if generated/ or openapi.json differ from what openapi.yaml generates
	$(BIN)/python scripts/generate.py --check

lint: $(PY_STAMP) $(NODE_STAMP) ## Validate and lint the spec, lint the code, type-check all hand-written code (mypy --strict)
	$(BIN)/openapi-spec-validator openapi.yaml mock/finerworks_mock/admin.yaml
	node_modules/.bin/redocly lint openapi.yaml --format=stylish 2>&1 | grep -v '[║╔╚]'; exit $${PIPESTATUS[0]}
	node_modules/.bin/redocly lint mock/finerworks_mock/admin.yaml --format=stylish 2>&1 | grep -v '[║╔╚]'; exit $${PIPESTATUS[0]}
	node_modules/.bin/spectral lint openapi.yaml --fail-severity=warn
	$(BIN)/ruff check scripts tests generator mock mutation bench
	$(BIN)/ruff format --check scripts tests generator mock mutation bench
	$(BIN)/mypy --strict generated/finerworks_client mock/finerworks_mock scripts mutation bench tests

test: check-generated check-changes lint ## Everything CI runs: drift check, version check, lints, then the test suite
	$(BIN)/pytest

interop: $(PY_STAMP) $(NODE_STAMP) ## openapi.yaml in openapi-typescript (tsc --strict), Prism and openapi-generator (python, typescript-fetch, go, java)
	$(BIN)/pytest tests/spec/test_interop.py

docs: $(PY_STAMP) $(NODE_STAMP) ## Build the self-contained HTML API reference into build/docs/index.html
	$(BIN)/python scripts/build_docs.py

mock: $(PY_STAMP) ## Run the mock FinerWorks server on 127.0.0.1 (PORT=8000; FIXTURES=file replaces its data; HOST=)
	$(BIN)/finerworks-mock --port $(PORT) $(if $(FIXTURES),--fixtures $(FIXTURES)) $(if $(HOST),--host $(HOST))

fuzz: $(PY_STAMP) ## Deep schemathesis run against the mock (FUZZ_EXAMPLES per operation, stateful phase on)
	$(BIN)/python -m scripts.fuzz

bench: $(PY_STAMP) $(NODE_STAMP) ## Measure client and mock against their peers; writes bench/results.md
	@command -v wrk >/dev/null && command -v valgrind >/dev/null || [ "$$(id -u)" != 0 ] || \
		(apt-get update -qq && apt-get install -y -qq wrk valgrind)
	@command -v wrk >/dev/null || { echo "make bench needs wrk (apt-get install wrk)"; exit 1; }
	$(BIN)/python -m bench.run

# Not part of make test: a full run takes a working session on 2 cores, a second run only what changed.
mutate: $(PY_STAMP) ## Mutation testing (mutmut) of the client runtime, the mock, conformance and the changes gate; writes mutation/results.md (GROUP=name, ONLY=glob, JOBS=1, FRESH=1)
	$(BIN)/python -m mutation.run $(foreach group,$(GROUP),--group $(group)) $(foreach glob,$(ONLY),--only '$(glob)') --jobs $(or $(JOBS),1) $(if $(filter-out 0 no false,$(FRESH)),--fresh)

# --- releases: what changed since the last one (release/), the version it needs, the files to ship ---

changes: $(PY_STAMP) $(NODE_STAMP) ## What changed for users since the last release, breaking first (BASE=<git ref>; FULL=1: Optic's whole account)
	$(BIN)/python -m scripts.changes $(if $(BASE),--base $(BASE)) $(if $(FULL),--full)

check-changes: $(PY_STAMP) $(NODE_STAMP) ## Fail on a breaking change since the last release without a major version bump
	$(BIN)/python -m scripts.changes --gate

dist: $(PY_STAMP) ## Build the client's wheel and sdist into dist/, twine-check them, install into a fresh venv and import
	$(BIN)/python scripts/dist.py dist

# What would stop the release (version, CHANGELOG section, repository URL) is checked first, before
# the minutes of tests: a release is refused at its first step, not its last.
release: $(PY_STAMP) $(NODE_STAMP) ## Check, test, build and record this version as the last release (release/); then commit and tag (README: Releasing)
	$(BIN)/python -m scripts.changes --preflight
	$(MAKE) test dist
	$(BIN)/python -m scripts.changes --record

lock: ## Re-pin requirements.lock from the direct pins in pyproject.toml
	rm -rf $(VENV).lock && $(PYTHON) -m venv $(VENV).lock
	$(VENV).lock/bin/pip install --quiet --disable-pip-version-check -e . -e "./mock[check]"
	$(VENV).lock/bin/pip freeze --exclude-editable --disable-pip-version-check | LC_ALL=C sort > requirements.lock
	rm -rf $(VENV).lock

clean: ## Remove the venv, node_modules and caches
	rm -rf $(VENV) node_modules build dist .pytest_cache .mypy_cache .ruff_cache .hypothesis .schemathesis

# The spec against a live server (README: "Checking the spec against FinerWorks"). The proxy's port
# defaults to 8001, so that it can sit in front of `make mock` on 8000.
EXAMPLES ?= 20
PROXY_PORT = $(if $(filter file,$(origin PORT)),8001,$(PORT))

contract: $(PY_STAMP) ## Check BASE_URL (default: the mock) against openapi.yaml; MUTATING=1 also runs the operations that change orders
	$(BIN)/finerworks-mock contract $(if $(BASE_URL),--base-url "$(BASE_URL)") $(if $(filter-out 0 no false,$(MUTATING)),--mutating) --examples $(EXAMPLES)

proxy: $(PY_STAMP) ## Validating proxy on 127.0.0.1:PORT (8001) to UPSTREAM=<url>; RECORD=<dir> writes VCR.py cassettes
	$(BIN)/finerworks-mock proxy --upstream "$(UPSTREAM)" --port $(PROXY_PORT) $(if $(RECORD),--record "$(RECORD)")

cassettes: $(PY_STAMP) ## Re-record tests/cassettes/mock-*.yaml through the proxy from the mock
	$(BIN)/python -m scripts.cassettes
