# Two commands for a fresh machine with Python >= 3.10 and make:
#   make lab    set everything up, open the series in JupyterLab
#   make test   set everything up, run every test (what CI runs)
# Extras: make notebook (Notebook 7), make slides (RISE), make classroom [ROOM=1] (Voila),
#         make site (static HTML in build/site).

PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
PORT   ?= 8888
ROOM   ?=

.PHONY: setup lab notebook slides classroom site test clean

$(STAMP): requirements.txt pyproject.toml
	@echo "==> [1/3] creating $(VENV) (a Python virtual environment, once)"
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	@echo "==> [2/3] installing the pinned packages of requirements.txt (first time: about 2 to 6 minutes, 800 MB)"
	@$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.txt
	@echo "==> [3/3] installing nnlib from this folder (editable)"
	@$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps -e .
	@touch $(STAMP)
	@echo "==> set up; next time this step is skipped"

setup: $(STAMP)

lab: setup
	@echo "==> starting JupyterLab (the URL to open comes last)"
	@$(BIN)/python -m nnlib.serve lab notebooks --port $(PORT)

notebook: setup
	@$(BIN)/python -m nnlib.serve notebook notebooks --port $(PORT)

# Voila's reveal.js slideshows, explorers live; ROOM=1 as for the classroom.
slides: setup
	@$(BIN)/python -m nnlib.serve slides notebooks --port $(PORT) $(if $(ROOM),--room)

# Loopback only by default; ROOM=1 serves the LAN with a random token and a QR code.
classroom: setup
	@$(BIN)/python -m nnlib.serve classroom notebooks --port $(PORT) $(if $(ROOM),--room)

# The series as a static website in build/site (stored outputs, MathJax included).
site: setup
	@$(BIN)/python tools/build_site.py build/site

test: setup
	JUPYTER_PLATFORM_DIRS=1 $(BIN)/python -m pytest tests notebooks --nbval-lax --nbval-current-env --nbval-cell-timeout=120

clean:
	rm -rf $(VENV)
