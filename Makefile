# The two commands of the README:
#   make demo   local engine up, the demo corpus indexed, the UI served on http://127.0.0.1:8501
#   make test   the whole test suite against a real local Elasticsearch node
# Every step is idempotent; downloads are cached in ~/.cache/akhbar, the node lives in /var/lib/akhbar
# (as root) or ~/.local/share/akhbar.

PYTHON ?= python3.11
VENV   := .venv
BIN    := $(VENV)/bin
PORT   ?= 8501

.PHONY: demo test setup packages engine lint clean

$(BIN)/akhbar: pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $@

setup: $(BIN)/akhbar

# Debian packages the tests need: Chromium (no browser download) and Arabic fonts for the browser
# tests, libarchive for the 7z and rar archives (akhbar itself reads them through it; libarchive-tools pulls the
# library under its name on each Debian release).
packages:
	@if ! command -v chromium >/dev/null || ! fc-list 2>/dev/null | grep -qi 'noto naskh arabic' \
	    || ! $(PYTHON) -c "import ctypes.util, sys; sys.exit(not ctypes.util.find_library('archive'))"; then \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-noto-core libarchive-tools >/dev/null; \
	  else echo "the tests need: sudo apt-get install chromium fonts-noto-core libarchive-tools" >&2; exit 1; fi; \
	fi

engine: setup
	$(BIN)/akhbar engine start

demo: engine
	$(BIN)/akhbar index indexer/data/demo
	$(BIN)/akhbar enrich
	$(BIN)/akhbar ui --port $(PORT)

test: engine packages
	$(BIN)/ruff check indexer search_ui tests bench
	$(BIN)/mypy
	$(BIN)/pytest

lint: setup
	$(BIN)/ruff check indexer search_ui tests bench
	$(BIN)/mypy

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache .mypy_cache test-artifacts
