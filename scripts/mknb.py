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


BOOT = '''// Use this repository's packages and its pinned dependencies (GoNB's go.work recipe).
!*"${GONB_DIR}/../scripts/nbboot.sh"
%goworkfix'''

if __name__ == "__main__":
    spec = {}
    exec(open(sys.argv[1]).read(), {"nb": nb, "BOOT": BOOT, "spec": spec})
    json.dump(spec["nb"], open(sys.argv[2], "w"), indent=1)
    open(sys.argv[2], "a").write("\n")
