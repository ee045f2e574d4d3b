# Targets a newcomer can guess. Everything runs from the project's own virtual environment.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: dev install test test-unit test-integration lint format bench clean web-build client

dev: $(STAMP)  ## start every process on embedded defaults
	$(BIN)/atrium dev

install: $(STAMP)  ## create the virtual environment and install Atrium with its dev tools

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	touch $(STAMP)

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
