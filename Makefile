# Targets a newcomer can guess. Everything runs from the project's own virtual environment.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: dev install lock test test-unit test-integration lint format bench clean web-build client

dev: $(STAMP)  ## start every process on embedded defaults
	$(BIN)/atrium dev

install: $(STAMP)  ## create the virtual environment and install Atrium with its dev tools

# Dependencies come from requirements/lock.txt, every file checked against its hash; Atrium
# itself is installed on top without resolving anything. pip check fails when pyproject.toml
# asks for something the lock lacks: run make lock.
LOCK := requirements/lock.txt

$(STAMP): pyproject.toml $(LOCK)
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --require-hashes -r $(LOCK)
	$(BIN)/python -m pip install --quiet --no-deps --no-build-isolation -e .
	$(BIN)/python -m pip check || { echo "$(LOCK) does not match pyproject.toml: run make lock" >&2; exit 1; }
	touch $(STAMP)

# pyproject.toml is the source of truth; this pins it (the dev extra, which takes in ai, and
# the build requirements) for Python 3.11 on x86_64 Linux, keeping the pins that still
# satisfy it. LOCK_ARGS=--upgrade moves every pin to the latest release.
# pip-tools itself comes from the current lock, so a stale lock does not stop this. Its
# warning that atrium is not pinned is expected: Atrium is installed from the tree.
lock:  ## regenerate requirements/lock.txt (with hashes) after editing pyproject.toml's dependencies
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	test -x $(BIN)/pip-compile || $(BIN)/python -m pip install --quiet --require-hashes -r $(LOCK)
	CUSTOM_COMPILE_COMMAND="make lock" $(BIN)/pip-compile --quiet --generate-hashes --extra dev \
		--build-deps-for editable --strip-extras --unsafe-package atrium \
		--no-emit-index-url --no-emit-find-links --output-file $(LOCK) $(LOCK_ARGS) pyproject.toml

test: $(STAMP) web-build  ## unit, integration and browser tests (integration tests need the servers: see README)
	$(BIN)/pytest $(PYTEST_ARGS)

test-unit: $(STAMP)
	$(BIN)/pytest tests/unit $(PYTEST_ARGS)

test-integration: $(STAMP)
	$(BIN)/pytest tests/integration $(PYTEST_ARGS)

# The dashboard: npm ci when the lock file changed, then a production build (types and lint
# included) that the browser tests serve with `next start`. Without npm they skip.
WEB_DEPS := frontend/node_modules/.package-lock.json

$(WEB_DEPS): frontend/package-lock.json
	cd frontend && npm ci --no-audit --no-fund
	touch $(WEB_DEPS)

web-build:  ## build the dashboard (next build: zero type and lint errors)
	@if command -v npm >/dev/null; then \
		$(MAKE) --no-print-directory $(WEB_DEPS) && cd frontend && NEXT_TELEMETRY_DISABLED=1 npm run build; \
	else echo "npm not found: the dashboard is not built and its browser tests skip"; fi

client: $(STAMP) $(WEB_DEPS)  ## regenerate the dashboard's typed API client from both OpenAPI specs
	mkdir -p frontend/openapi
	$(BIN)/atrium openapi core --out frontend/openapi/core.json
	$(BIN)/atrium openapi api --out frontend/openapi/api.json
	cd frontend && npm run --silent client

lint: $(STAMP)  ## ruff and mypy, as CI runs them
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy src

format: $(STAMP)
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

bench: $(STAMP)  ## benchmarks: ratios against a baseline measured in the same run
	$(BIN)/python -m bench

clean:
	rm -rf var .pytest_cache .mypy_cache .ruff_cache
