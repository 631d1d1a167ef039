# The two commands: `make run` (the main job on the bundled sample) and `make test`.
# Both create .venv on first use and install everything from the package registries.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp

.PHONY: run test lint bench clean browser

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; assert sys.version_info >= (3, 11), "multipolar needs Python >= 3.11"'
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[model,dev,ray]'
	touch $(STAMP)

run: $(STAMP)
	@$(BIN)/multipolar run; status=$$?; echo; \
	echo "Open the dashboard: $(BIN)/multipolar serve   then http://127.0.0.1:8000/ in a browser"; \
	exit $$status

# The dashboard's browser tests drive Debian's chromium; install it when missing and we can.
browser:
	@test -x /usr/bin/chromium || { [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null && \
	  apt-get update -qq && apt-get install -y -qq chromium >/dev/null; } || \
	  echo "note: /usr/bin/chromium is missing and could not be installed: browser tests skip"

test: $(STAMP) browser
	$(BIN)/ruff check .
	$(BIN)/python -m pytest -q

clean:
	rm -rf $(VENV) multipolar-data .pytest_cache
