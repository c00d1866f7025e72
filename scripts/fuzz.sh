#!/usr/bin/env bash
# Runs every Go fuzz target in the module for a short time each (default 3s),
# one at a time, as `go test -fuzz` requires. Usage: scripts/fuzz.sh [duration]
set -euo pipefail
cd "$(dirname "$0")/.."
t=${1:-3s}
n=0
while IFS= read -r line; do
  file=${line%%:*}
  name=$(sed -E 's/^.*func (Fuzz[A-Za-z0-9_]*).*/\1/' <<<"${line#*:}")
  pkg=$(dirname "$file")
  echo "fuzz: $pkg $name ($t)"
  go test -run='^$' -fuzz="^${name}\$" -fuzztime="$t" "$pkg" >/tmp/wearnb-fuzz.log 2>&1 || { cat /tmp/wearnb-fuzz.log; exit 1; }
  n=$((n+1))
done < <(grep -rn --include='*_test.go' -E '^func Fuzz[A-Za-z0-9_]*\(' . | grep -v '^./internal/conformance/' | grep -v '/testdata/' | sort)
echo "fuzz: $n targets ran $t each, no failures"
