#!/usr/bin/env bash
# Installs everything wearnb's notebooks and tests need, into folders of the
# project (.venv, .tools, .jupyter), plus Debian's Chromium for browser tests.
# Idempotent: each step is skipped when its inputs have not changed since the
# last run (hash stamps in .tools/stamps), so a second run takes seconds.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
tools="$root/.tools"
stamps="$tools/stamps"
venv="$root/.venv"
export JUPYTER_DATA_DIR="$root/.jupyter"
mkdir -p "$stamps" "$tools/bin"

say() { printf '[setup] %s\n' "$*"; }
hash_of() { cat "$@" | sha256sum | cut -c1-16; }
fresh() { [ -f "$stamps/$1" ] && [ "$(cat "$stamps/$1")" = "$2" ]; }

# 1. Toolchains the machine must already have.
for cmd in go python3; do
  command -v "$cmd" >/dev/null || { echo "setup: $cmd is required but not on PATH" >&2; exit 1; }
done

# 2. Chromium (Debian's), for consent-page and notebook browser tests.
if ! command -v chromium >/dev/null && [ ! -x /usr/bin/chromium ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    say "installing Debian's chromium (apt-get)"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver >/dev/null
  else
    echo "setup: install Chromium (Debian: sudo apt-get install chromium chromium-driver)" >&2
    exit 1
  fi
else
  say "chromium: $(command -v chromium || echo /usr/bin/chromium) (present)"
fi

# 3. Python tools (JupyterLab, nbclient, nbconvert) in .venv, pinned, and the
#    Python yardstick of `make bench` (pandas, polars, pyarrow, matplotlib),
#    pinned apart in bench/requirements.txt (see bench/README.md).
h=$(hash_of tools/requirements.txt bench/requirements.txt)
if [ -x "$venv/bin/python" ] && fresh python "$h"; then
  say "python venv: up to date"
else
  say "python venv: installing tools/requirements.txt and bench/requirements.txt into .venv"
  [ -x "$venv/bin/python" ] || python3 -m venv "$venv"
  "$venv/bin/pip" install -q --disable-pip-version-check -r tools/requirements.txt -r bench/requirements.txt
  echo "$h" > "$stamps/python"
fi

# 3b. The pyActigraphy oracle the metrics are cross-checked against, in its
# own venv (.venv-oracle): its dependencies conflict with Python 3.11 and
# pandas 3, so every package is pinned in tools/oracle-requirements.txt and
# installed without resolution (see the comments there).
oracle="$root/.venv-oracle"
h=$(hash_of tools/oracle-requirements.txt)
if [ -x "$oracle/bin/python" ] && fresh oracle "$h"; then
  say "oracle venv: up to date"
else
  say "oracle venv: installing tools/oracle-requirements.txt into .venv-oracle (pyActigraphy)"
  rm -rf "$oracle"
  python3 -m venv "$oracle"
  "$oracle/bin/pip" install -q --disable-pip-version-check --no-deps -r tools/oracle-requirements.txt
  "$oracle/bin/python" -W ignore -c 'import pyActigraphy' \
    || { echo "setup: pyActigraphy does not import in .venv-oracle" >&2; exit 1; }
  echo "$h" > "$stamps/oracle"
fi

# 4. Go tools (GoNB kernel, goimports, staticcheck) built from tools/go.mod.
h=$(hash_of tools/go.mod tools/go.sum)
if [ -x "$tools/bin/gonb" ] && [ -x "$tools/bin/goimports" ] && [ -x "$tools/bin/staticcheck" ] && fresh gotools "$h"; then
  say "go tools: up to date"
else
  say "go tools: building gonb, goimports, staticcheck (pinned in tools/go.mod)"
  (cd tools && go build -o "$tools/bin/" github.com/janpfeifer/gonb golang.org/x/tools/cmd/goimports honnef.co/go/tools/cmd/staticcheck)
  echo "$h" > "$stamps/gotools"
fi

# 5. GoNB kernel spec in the project's own Jupyter data dir.
h=$( (cat "$stamps/gotools"; echo "$root") | sha256sum | cut -c1-16)
if [ -f "$JUPYTER_DATA_DIR/kernels/gonb/kernel.json" ] && fresh kernel "$h"; then
  say "gonb kernel spec: up to date"
else
  say "gonb kernel spec: installing into .jupyter"
  PATH="$tools/bin:$PATH" "$tools/bin/gonb" --install --force_deps >"$stamps/kernel.log" 2>&1 \
    || { cat "$stamps/kernel.log" >&2; exit 1; }
  echo "$h" > "$stamps/kernel"
fi

# 6. Test helper that clicks consent pages in notebook runs.
h=$(hash_of go.mod go.sum internal/browser/*.go internal/cmd/consentclick/*.go)
if [ -x "$tools/bin/consentclick" ] && fresh consentclick "$h"; then
  say "consentclick: up to date"
else
  say "consentclick: building"
  go build -o "$tools/bin/consentclick" ./internal/cmd/consentclick
  echo "$h" > "$stamps/consentclick"
fi

# 7. Download the module's dependencies so notebook cells compile offline-fast.
h=$(hash_of go.mod go.sum)
if fresh gomod "$h"; then
  say "go modules: up to date"
else
  say "go modules: downloading"
  go mod download
  echo "$h" > "$stamps/gomod"
fi
# 8. Warm Go's build cache with what notebook cells compile, so the first
#    notebook run does not build SQLite, gonum/plot and Gota from scratch.
h=$( (go version; go env GOCACHE; cat go.mod go.sum notebooks/*.ipynb scripts/warmcells.sh scripts/nbboot.sh
      find wearnb kernelhelpers -name '*.go' ! -name '*_test.go' -print0 | sort -z | xargs -0 cat) | sha256sum | cut -c1-16)
if fresh warmcells "$h"; then
  say "go build cache: warm for notebook cells"
else
  say "go build cache: compiling what notebook cells import (minutes the first time)"
  PATH="$tools/bin:$PATH" scripts/warmcells.sh
  echo "$h" > "$stamps/warmcells"
fi
say "ready: .venv (Jupyter), .venv-oracle (pyActigraphy), .tools/bin (gonb, goimports, staticcheck), .jupyter (kernel spec), warm Go build cache"
