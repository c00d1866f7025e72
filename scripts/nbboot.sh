#!/usr/bin/env bash
# First cell of every notebook:  !*"${GONB_DIR}/../scripts/nbboot.sh"  then  %goworkfix
#
# Points GoNB's temporary Go module at this repository (go.work), and pins the
# repository's direct dependencies (Gota, gonum/plot, ...) at the versions in
# its go.mod, so cells can import them without asking the module proxy for
# version lists (which it refuses for some modules).
set -euo pipefail
repo=$(cd -P "$(dirname "$0")/.." && pwd)
rm -f go.work
go work init
go work use . "$repo"
reqs=$(cd "$repo" && GOWORK=off go list -m -f '{{if and (not .Main) (not .Indirect)}}-require={{.Path}}@{{.Version}}{{end}}' all)
go mod edit $reqs
