#!/usr/bin/env bash
# Rebuilds every notebook in notebooks/ from its compact source in notebooks/src/.
set -euo pipefail
cd "$(dirname "$0")/.."
for src in notebooks/src/[0-9]*.py; do
  python3 scripts/mknb.py "$src" "notebooks/$(basename "$src" .py).ipynb"
done
# The quickstarts without a source of their own come from one template
# (11-quickstart-googlehealth and 12-quickstart-fitbit have their own).
PROVIDER=oura python3 scripts/mknb.py notebooks/src/quickstart.py notebooks/10-quickstart-oura.ipynb
PROVIDER=jawbone python3 scripts/mknb.py notebooks/src/quickstart.py notebooks/13-quickstart-jawbone.ipynb
