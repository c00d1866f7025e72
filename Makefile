# wearnb: the whole set-up is `make demo` and `make test` (see README.md).
# Everything the targets need is installed into project folders by
# scripts/setup.sh (.venv, .tools, .jupyter), and Debian's Chromium.

SHELL := /bin/bash
export PATH := $(CURDIR)/.tools/bin:$(PATH)
export JUPYTER_DATA_DIR := $(CURDIR)/.jupyter
PY := $(CURDIR)/.venv/bin/python

# The notebooks `make demo` runs and exports: the sleep exploration against the
# built-in sandbox provider (make demo DEMO_NOTEBOOKS="notebooks/*.ipynb" for all).
DEMO_NOTEBOOKS ?= notebooks/02-sleep-exploration.ipynb notebooks/03-moves-and-sleep.ipynb
DEMO_OUT ?= out/demo
FUZZTIME ?= 3s

.PHONY: all setup demo test vet staticcheck gotest conformance nbtest nbharness nbconcurrent fuzz bench benchsmoke gobench lab requirements clean

all: test

setup:
	@scripts/setup.sh

## demo: set up, execute the notebooks headless through GoNB against the sandbox, export .ipynb + HTML.
demo: setup
	@rm -rf $(DEMO_OUT)
	@WEARNB_HOME=$(CURDIR)/$(DEMO_OUT)/home $(PY) scripts/nbrun.py --html --out $(DEMO_OUT) $(DEMO_NOTEBOOKS)
	@echo "demo: executed notebooks and HTML exports are in $(CURDIR)/$(DEMO_OUT)"

## test: everything — go vet, staticcheck, go test -race (with the pyActigraphy cross-check), the OAuth conformance module, fuzz smoke, notebooks (one by one, then two at once on the sandbox), bench smoke.
test: setup vet staticcheck gotest conformance fuzz nbharness nbtest nbconcurrent benchsmoke

vet:
	go vet ./...

staticcheck:
	staticcheck ./...

# WEARNB_ORACLE=require: the metrics cross-check against pyActigraphy
# (.venv-oracle, installed by setup) must run, not skip.
# The providers package runs again without -race: its data-volume tests (a
# year of minute heart rate, every format) skip under the race detector,
# which makes them take minutes instead of seconds.
gotest:
	WEARNB_ORACLE=require go test -race -count=1 ./...
	go test -count=1 ./wearnb/providers/

conformance:
	@if [ -f internal/conformance/go.mod ]; then cd internal/conformance && go test -race -count=1 ./...; fi

## fuzz: run every Fuzz target for FUZZTIME each (seed corpora come from testdata/).
fuzz:
	@scripts/fuzz.sh $(FUZZTIME)

nbharness:
	cd scripts && $(PY) -m unittest -q test_nbrun

nbtest:
	$(PY) scripts/nbrun.py --out out/nbtest notebooks

## nbconcurrent: two notebooks on the sandbox at once, each with its own kernel, sharing one WEARNB_HOME.
nbconcurrent:
	@rm -rf out/nbconcurrent
	WEARNB_HOME=$(CURDIR)/out/nbconcurrent/home $(PY) scripts/nbrun.py --jobs 2 --out out/nbconcurrent \
		notebooks/02-sleep-exploration.ipynb notebooks/03-moves-and-sleep.ipynb

## bench: wearnb vs requests+pandas/polars+matplotlib and IPython, side by side; writes bench/results.md.
## BENCH_ARGS="--first-run" also times 02-sleep-exploration on an empty Go build cache (slow).
bench: setup
	$(PY) bench/run.py $(BENCH_ARGS)

## benchsmoke: the same harness on tiny data, one round, so it cannot rot (part of make test).
benchsmoke:
	cd bench && $(PY) -m unittest -q test_run
	$(PY) bench/run.py --smoke --out out/bench-smoke/results.md

## gobench: the Go micro-benchmarks (go test -bench) of every package.
gobench:
	go test -run='^$$' -bench=. -benchmem ./...

## lab: start JupyterLab on notebooks/ with the GoNB kernel (loopback only).
lab: setup
	@echo "lab: starting JupyterLab; open the http://127.0.0.1:8888/lab?token=... URL it prints"
	cd notebooks && $(CURDIR)/.venv/bin/jupyter lab --no-browser --ip=127.0.0.1 --port=8888 $(if $(filter 0,$(shell id -u)),--allow-root)

## requirements: re-pin tools/requirements.txt from tools/requirements.in.
requirements:
	rm -rf /tmp/wearnb-req && python3 -m venv /tmp/wearnb-req
	/tmp/wearnb-req/bin/pip install -q -r tools/requirements.in
	{ echo "# Generated from requirements.in by 'make requirements' (pip freeze). Every package pinned."; /tmp/wearnb-req/bin/pip freeze; } > tools/requirements.txt

clean:
	rm -rf out
