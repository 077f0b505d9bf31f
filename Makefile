# Two commands for a fresh machine with Python >= 3.10 and make:
#   make lab    set everything up, open the series in JupyterLab
#   make test   set everything up, run every test (what CI runs)

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
PORT   ?= 8888

.PHONY: setup lab test classroom clean

$(STAMP): requirements.txt pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet -r requirements.txt
	$(BIN)/python -m pip install --quiet --no-deps -e .
	@touch $(STAMP)

setup: $(STAMP)

lab: setup
	$(BIN)/jupyter lab --ip=127.0.0.1 --port=$(PORT) --ServerApp.root_dir=notebooks

test: setup
	JUPYTER_PLATFORM_DIRS=1 $(BIN)/python -m pytest tests notebooks --nbval-lax --nbval-current-env --nbval-cell-timeout=120

classroom: setup
	$(BIN)/voila notebooks --Voila.ip=127.0.0.1 --port=$(PORT) --strip_sources=True

clean:
	rm -rf $(VENV)
