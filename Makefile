# Two commands for a newcomer: `make demo` and `make test`.
PY      ?= python3
VENV    ?= .venv
BIN     := $(VENV)/bin
OUT     ?= outputs

.PHONY: demo test lab lint bench clean

$(BIN)/xxgk: pyproject.toml
	$(PY) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[ocr,test]'
	@# byte-compiled as pip does a regular install (an editable one is not; with
	@# PYTHONDONTWRITEBYTECODE set, every kernel and worker would compile the package again)
	$(BIN)/python -m compileall -q analysis
	touch $@

## demo: set up, ingest the bundled data and render every agency's notebooks
demo: $(BIN)/xxgk
	$(BIN)/xxgk demo --data data --out $(OUT)

## test: set up with the test extras and run the whole suite (ruff, the import layers, pytest)
test: $(BIN)/xxgk
	$(BIN)/ruff check analysis tests $(wildcard benchmarks)
	$(BIN)/lint-imports
	$(BIN)/python -m pytest -q

# JupyterLab is the [lab] extra; containers run as root, which Jupyter refuses without --allow-root.
# It opens a working copy of the notebooks in $(OUT)/lab/ (copied once; your edits there are kept),
# never the package's own analysis/notebooks/, which `xxgk render` ships.
lab: $(BIN)/xxgk
	test -x $(BIN)/jupyter-lab || $(BIN)/pip install -q -e '.[lab,test]'
	$(BIN)/xxgk ingest data --out $(OUT)/dataset
	mkdir -p $(OUT)/lab && cp -n analysis/notebooks/*.ipynb $(OUT)/lab/
	XXGK_DATASET=$(abspath $(OUT))/dataset $(BIN)/jupyter lab \
		$(if $(filter 0,$(shell id -u)),--allow-root) $(OUT)/lab/

bench: $(BIN)/xxgk
	$(BIN)/python benchmarks/bench_ingest.py
	$(BIN)/python benchmarks/accuracy.py
	$(BIN)/python benchmarks/bench_analysis.py
	$(BIN)/python benchmarks/bench_render.py
	$(BIN)/python benchmarks/bench_render_pages.py
	$(BIN)/python benchmarks/bench_demo.py

clean:
	rm -rf $(OUT) .pytest_cache
