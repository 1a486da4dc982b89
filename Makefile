# Two entry points for people (README "Quick start") and CI: `make run` and `make test`.
# Everything is installed from requirements.lock (pinned, hashed) into .venv; nothing by hand.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: setup run test lint lock bench clean

$(STAMP): requirements-dev.lock pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --require-hashes -r requirements-dev.lock
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	touch $(STAMP)

setup: $(STAMP)

run: $(STAMP)
	$(BIN)/nhacviec run

test: $(STAMP)
	$(BIN)/ruff check bot tests bench
	$(BIN)/ruff format --check --quiet bot tests bench
	$(BIN)/mypy
	$(BIN)/pytest -q

lint: $(STAMP)
	$(BIN)/ruff check bot tests bench
	$(BIN)/ruff format --check bot tests bench

# Re-pin after editing dependencies in pyproject.toml (needs the registry). requirements.lock is what the
# image runs (no dev tools); requirements-dev.lock adds the test and lint tools for `make setup`.
lock: $(STAMP)
	$(BIN)/python -m pip install --quiet uv==0.13.8
	$(BIN)/python -m uv pip compile pyproject.toml --extra build --generate-hashes \
		--python-version 3.11 --quiet -o requirements.lock
	$(BIN)/python -m uv pip compile pyproject.toml --extra dev --extra build --generate-hashes \
		--python-version 3.11 --quiet -o requirements-dev.lock

bench: $(STAMP)
	$(BIN)/python bench/plan_bench.py
	$(BIN)/python bench/dispatch_bench.py

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
