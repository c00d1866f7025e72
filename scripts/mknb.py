#!/usr/bin/env python3
"""Write a GoNB notebook from a compact Python description (used to author notebooks/)."""
import json, sys


def nb(cells, expect=None, extra_meta=None):
    meta = {
        "kernelspec": {"display_name": "Go (gonb)", "language": "go", "name": "gonb"},
        "language_info": {"name": "go"},
    }
    w = {}
    if expect:
        w["expect"] = expect
    if extra_meta:
        w.update(extra_meta)
    if w:
        meta["wearnb"] = w
    out = []
    for n, c in enumerate(cells):
        kind, src = c[0], c[1]
        cell = {"cell_type": kind, "id": f"c{n:02d}", "metadata": {}, "source": src.strip("\n").splitlines(keepends=True)}
        # ("code", source, expect) or ("code", source, expect, error): what
        # the cell must show, and the text its error box must hold when the
        # cell is meant to fail (see scripts/nbrun.py).
        w = {}
        if len(c) > 2 and c[2]:
            w["expect"] = c[2]
        if len(c) > 3:
            w["error"] = c[3]
        if w:
            cell["metadata"]["wearnb"] = w
        if kind == "code":
            cell["execution_count"] = None
            cell["outputs"] = []
        out.append(cell)
    return {"cells": out, "metadata": meta, "nbformat": 4, "nbformat_minor": 5}


# The first cell of every notebook. %noautoget: GoNB would run `go get` before
# every cell (0.3-1 s each, it loads the cell's whole import graph); nbboot.sh
# already pins every dependency. %goflags: cell programs are linked without
# DWARF and the symbol table (a third less link time per cell; panics keep
# their file:line). scripts/warmcells.sh reads these flags from the notebooks
# and warms the build cache with the same ones.
BOOT = '''// Use this repository's packages and its pinned dependencies (GoNB's go.work recipe),
// with no `go get` before each cell: for a new third-party import, first run
// !*go get module@vX.Y.Z (an exact version). Cells link without debug info: faster.
!*"${GONB_DIR}/../scripts/nbboot.sh"
%goworkfix
%noautoget
%goflags "-ldflags=-s -w"'''

if __name__ == "__main__":
    spec = {}
    exec(open(sys.argv[1]).read(), {"nb": nb, "BOOT": BOOT, "spec": spec})
    json.dump(spec["nb"], open(sys.argv[2], "w"), indent=1)
    open(sys.argv[2], "a").write("\n")
