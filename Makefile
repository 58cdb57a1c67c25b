# eegfm: the two README commands are `make demo` (main job) and `make test` (tests).
SHELL := /bin/bash
VENV ?= $(or $(EEGFM_VENV),$(HOME)/.cache/eegfm/venv)
export EEGFM_VENV := $(VENV)
# idle OpenMP threads sleep instead of spinning (spinning on shared cores: 40-50x slower batch-1 inference)
export OMP_WAIT_POLICY ?= PASSIVE
BIN := $(VENV)/bin
RUN ?= demo
FLAGS ?=
TB_PORT ?= 6006

.PHONY: env demo run test test-slow docs lab tensorboard device-wheels export clean-nbs
env:            ## create or reuse the virtual environment
	@bash .ci/bootstrap
demo: env       ## the main job: every notebook on the embedded simulated data (params/demo.yaml)
	$(BIN)/eegfm-run demo
run: env        ## any params set: make run RUN=seed10 (add ARGS=--redo to recompute)
	$(BIN)/eegfm-run $(RUN) $(ARGS)
test: env       ## every notebook as nbdev_test runs it, plus repository checks, through pytest
	@bash .ci/test $(FLAGS)
test-slow: env  ## also the cells flagged slow (DDP, BIDS validator, Chromium docs check)
	@bash .ci/test slow
docs: env       ## render the docs site into _docs/ (Quarto when installed, otherwise offline)
	$(BIN)/python .ci/docs.py
lab: env        ## JupyterLab on the project with the eegfm kernel
	$(BIN)/jupyter lab --notebook-dir=. $$( [ "$$(id -u)" = 0 ] && echo --allow-root )
tensorboard:    ## TensorBoard on outputs/ (every run's training curves, live): make tensorboard TB_PORT=6007
	$(BIN)/tensorboard --logdir outputs --port $(TB_PORT)
device-wheels: env  ## wheels for a GPU machine without an index: .whl/ (see .ci/device_wheels)
	bash .ci/device_wheels
export: env     ## nbdev_export + nbdev_clean (run before committing)
	$(BIN)/nbdev_export && $(BIN)/nbdev_clean && $(BIN)/python -c "from eegfm.core import write_readme; write_readme()"
