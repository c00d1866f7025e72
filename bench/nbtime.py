"""Runs notebooks under nbclient and reports how long each cell took.

For GoNB notebooks it also reads the kernel's own log (klog with
--vmodule=execcode=2,jpyexec=2) and splits each cell's time into GoNB's
phases: compose (parse and write main.go), goimports, go get, go build (with
the link), and run (the cell's program). Consent links are clicked the way
scripts/nbrun.py does it, so the sandbox notebooks run unattended.

    python bench/nbtime.py [--kernel gonb|python3] [--json out.json] nb.ipynb...
"""
import argparse
import datetime as dt
import json
import os
import pathlib
import re
import shutil
import sys
import tempfile
import time

import nbformat

ROOT = pathlib.Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))
from nbrun import ConsentClickingClient  # noqa: E402  (the same consent clicker)

# klog line: I1203 23:50:01.123456   12345 execcode.go:240] Executing ...
KLOG = re.compile(r"^[IWEF](\d\d)(\d\d) (\d\d:\d\d:\d\d\.\d+)\s+\d+ (\S+)\] (.*)$")
MARKS = [
    ("start", re.compile(r"(?<!Post)ExecuteCell\(\): CellIsTest")),
    ("composed", re.compile(r"ExecuteCell: after s\.parseLinesAndComposeMain")),
    ("goimports", re.compile(r"Executing .*goimports -w")),
    ("goget", re.compile(r"Executing .*go get")),
    ("imported", re.compile(r"ExecuteCell: after s\.GoImports")),
    ("build", re.compile(r"Executing .*go build")),
    ("built", re.compile(r"ExecuteCell: after s\.Compile")),
    ("ran", re.compile(r"Execution finished successfully")),
]


def gonb_kernelspec(data_dir):
    """A copy of the project's GoNB kernel spec that logs GoNB's phases."""
    src = pathlib.Path(os.environ.get("JUPYTER_DATA_DIR", ROOT / ".jupyter")) / "kernels" / "gonb"
    dst = pathlib.Path(data_dir) / "kernels" / "gonb"
    dst.mkdir(parents=True, exist_ok=True)
    spec = json.loads((src / "kernel.json").read_text())
    argv = [a for a in spec["argv"] if not a.startswith("--vmodule")]
    argv.append("--vmodule=execcode=2,jpyexec=2")
    spec["argv"] = argv
    (dst / "kernel.json").write_text(json.dumps(spec))
    return dst


def parse_phases(log_text):
    """Per executed Go cell: seconds in each GoNB phase, from the klog log."""
    cells, cur = [], None
    for line in log_text.splitlines():
        m = KLOG.match(line)
        if not m:
            continue
        t = dt.datetime.strptime(m.group(3), "%H:%M:%S.%f")
        secs = t.hour * 3600 + t.minute * 60 + t.second + t.microsecond / 1e6
        msg = m.group(5)
        for name, rx in MARKS:
            if rx.search(msg):
                if name == "start":
                    cur = {"start": secs}
                    cells.append(cur)
                elif cur is not None and name not in cur:
                    cur[name] = secs
                break
    out = []
    for c in cells:
        def span(a, b):
            return round(c[b] - c[a], 3) if a in c and b in c else None
        out.append({
            "compose": span("start", "composed"),
            "goimports": span("goimports", "goget") if "goget" in c else span("goimports", "imported"),
            "goget": span("goget", "imported"),
            "build": span("build", "built"),
            "run": span("built", "ran"),
        })
    return out


class TimingClient(ConsentClickingClient):
    """Times each cell on this side of the wire (GoNB's message dates have
    whole seconds only)."""

    def __init__(self, nb, **kw):
        super().__init__(nb, **kw)
        self.seconds = {}

    async def async_execute_cell(self, cell, cell_index, *args, **kw):
        t0 = time.perf_counter()
        try:
            return await super().async_execute_cell(cell, cell_index, *args, **kw)
        finally:
            self.seconds[cell_index] = round(time.perf_counter() - t0, 3)


TUNED_BOOT = '''
// bench: the cell-cost advice (bench/README.md): no per-cell `go get`
// (nbboot.sh pins every dependency), and no DWARF in cell binaries.
%noautoget
%goflags "-ldflags=-s -w"'''
TUNING = ("%noautoget", "%goflags")


def _with_boot(path, suffix, edit):
    """A copy of the GoNB notebook at path with its boot cell (the first code
    cell) edited. It is written to out/ at the repository root, so its boot
    cell's ${GONB_DIR}/../scripts still resolves."""
    nb = nbformat.read(path, as_version=4)
    boot = next(c for c in nb.cells if c.cell_type == "code")
    boot.source = edit(boot.source)
    out = ROOT / "out" / (pathlib.Path(path).stem + suffix + ".ipynb")
    out.parent.mkdir(exist_ok=True)
    nbformat.write(nb, out)
    return out


def tuned(path):
    """A copy whose boot cell turns off autoget and strips DWARF from cell
    binaries (the notebooks' own boot cell does both since scripts/mknb.py
    has them; then the copy is the same)."""
    def edit(src):
        if any(l.startswith(TUNING) for l in src.splitlines()):
            return src
        return src.rstrip("\n") + "\n" + TUNED_BOOT.strip("\n")
    return _with_boot(path, "-tuned", edit)


def untuned(path):
    """A copy whose boot cell has neither %noautoget nor %goflags: GoNB's
    defaults (`go get` before every cell, DWARF in every cell binary), the
    boot cell before issue 13."""
    return _with_boot(path, "-untuned", lambda src: "\n".join(
        l for l in src.splitlines() if not l.startswith(TUNING)))


def run(path, kernel="gonb", timeout=900, keep=None, log_to=None):
    """Executes the notebook at path; returns wall seconds, per-cell seconds,
    GoNB phases (or None) and problems (errors, panics)."""
    path = pathlib.Path(path).resolve()
    nb = nbformat.read(path, as_version=4)
    env_data = os.environ.get("JUPYTER_DATA_DIR")
    tmp = tempfile.mkdtemp(prefix="wearnb-nbtime-")
    log_path = pathlib.Path(tmp) / "kernel.log"
    try:
        if kernel == "gonb":
            gonb_kernelspec(tmp)
            os.environ["JUPYTER_DATA_DIR"] = tmp
        with open(log_path, "w") as log:
            client = TimingClient(nb, kernel_log=log, kernel_name=kernel, timeout=timeout,
                                           allow_errors=True, record_timing=True,
                                           resources={"metadata": {"path": str(path.parent)}})
            t0 = time.perf_counter()
            client.execute()
            wall = time.perf_counter() - t0
        problems = []
        cells = []
        for i, c in enumerate(nb.cells):
            if c.cell_type != "code":
                continue
            cells.append({"index": i, "seconds": client.seconds.get(i), "first_line": c.source.strip().splitlines()[0][:60] if c.source.strip() else ""})
            for o in c.get("outputs", []):
                if o.get("output_type") == "error":
                    problems.append(f"cell {i}: {o.get('ename')}: {o.get('evalue')}")
                if o.get("output_type") == "stream" and o.get("name") == "stderr" and ("panic:" in o.get("text", "") or "exit status" in o.get("text", "")):
                    problems.append(f"cell {i}: {o.get('text', '')[:300]}")
        phases = parse_phases(log_path.read_text()) if kernel == "gonb" else None
        if log_to:
            shutil.copy(log_path, log_to)
        if keep:
            nbformat.write(nb, keep)
        return {"notebook": str(path.name), "kernel": kernel, "wall": round(wall, 3), "cells": cells, "phases": phases, "problems": problems}
    finally:
        if env_data is None:
            os.environ.pop("JUPYTER_DATA_DIR", None)
        else:
            os.environ["JUPYTER_DATA_DIR"] = env_data
        shutil.rmtree(tmp, ignore_errors=True)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("notebooks", nargs="+")
    ap.add_argument("--kernel", default="gonb")
    ap.add_argument("--timeout", type=int, default=900)
    ap.add_argument("--json", help="write the results here")
    ap.add_argument("--log", help="keep the kernel log here")
    ap.add_argument("--tuned", action="store_true", help="run a copy whose boot cell adds %%noautoget and %%goflags")
    ap.add_argument("--untuned", action="store_true", help="run a copy whose boot cell drops %%noautoget and %%goflags")
    args = ap.parse_args()
    os.environ["PATH"] = f"{ROOT / '.tools/bin'}{os.pathsep}{os.environ.get('PATH', '')}"
    os.environ.setdefault("JUPYTER_DATA_DIR", str(ROOT / ".jupyter"))
    os.environ.setdefault("WEARNB_HOME", tempfile.mkdtemp(prefix="wearnb-nbtime-home-"))
    results = []
    for p in args.notebooks:
        if args.tuned:
            p = tuned(p)
        elif args.untuned:
            p = untuned(p)
        r = run(p, args.kernel, args.timeout, log_to=args.log)
        results.append(r)
        print(f"{r['notebook']} [{r['kernel']}] {r['wall']:.2f}s")
        phases = r["phases"] or []
        for i, c in enumerate(r["cells"]):
            ph = phases[i] if i < len(phases) else {}
            extra = " ".join(f"{k}={v:.2f}" for k, v in ph.items() if v is not None)
            print(f"  cell {c['index']:2d} {c['seconds'] if c['seconds'] is not None else '?':>7}s  {extra}  | {c['first_line']}")
        for pr in r["problems"]:
            print("  problem:", pr)
    if args.json:
        pathlib.Path(args.json).write_text(json.dumps(results, indent=1))


if __name__ == "__main__":
    main()
