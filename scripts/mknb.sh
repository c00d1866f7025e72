#!/usr/bin/env bash
# Rebuilds every notebook in notebooks/ from its compact source in notebooks/src/.
set -euo pipefail
cd "$(dirname "$0")/.."
for src in notebooks/src/[0-9]*.py; do
  python3 scripts/mknb.py "$src" "notebooks/$(basename "$src" .py).ipynb"
done
n=10
for p in oura googlehealth fitbit jawbone; do
  PROVIDER=$p python3 scripts/mknb.py notebooks/src/quickstart.py "notebooks/$n-quickstart-$p.ipynb"
  n=$((n+1))
done
