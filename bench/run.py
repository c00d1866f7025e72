"""`make bench`: wearnb against the Python stack people would pick instead.

Starts the sandbox as a standalone server on loopback, makes the data, then
runs every workload in both stacks in the same run, interleaved (the order
of the stacks rotates each round) and repeated, and writes bench/results.md
with the machine, every figure as min/median/max, and one ratio line per
workload, which it also prints last.

    python bench/run.py                 # the full bench (about 15-25 min on 2 cores)
    python bench/run.py --smoke         # CI-sized: tiny data, one repeat (make test)
    python bench/run.py --first-run     # also time 02-sleep-exploration on a cold
                                        # Go build cache, without and with the set-up warm-up
    python bench/run.py --only B5       # some workloads (key prefixes, comma separated):
                                        # their sections in bench/results.md are replaced

Workloads (see bench/README.md): B1 backfill, B2 JSON -> frame, B3 charts,
B4 notebooks (warm, trivial-cell floor, optional first run), B5 metrics
(wearnb/metrics vs pyActigraphy).
"""
import argparse
import json
import os
import pathlib
import platform
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request

ROOT = pathlib.Path(__file__).resolve().parent.parent
BENCH = ROOT / "bench"
PY = sys.executable
sys.path.insert(0, str(BENCH))


def sh(cmd, **kw):
    return subprocess.run(cmd, check=True, capture_output=True, text=True, **kw).stdout


def run_json(cmd, env=None):
    """Runs one workload process and returns its JSON result line."""
    r = subprocess.run(cmd, capture_output=True, text=True, env=env, cwd=BENCH / "py")
    if r.returncode != 0:
        raise RuntimeError(f"{' '.join(map(str, cmd))} failed:\n{r.stdout}\n{r.stderr}")
    return json.loads(r.stdout.strip().splitlines()[-1])


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Sandbox:
    """examples/sandbox-server on a free loopback port, with minted tokens."""

    def __init__(self, work, bins):
        self.state = work / "state.json"
        self.tokens = work / "tokens.json"
        self.state.unlink(missing_ok=True)
        sh([bins / "wbench", "mint", "-state", self.state, "-out", self.tokens])
        self.root = f"http://127.0.0.1:{free_port()}"
        self.bins = bins
        self.log = open(work / "sandbox-server.log", "w")
        self.start()

    def start(self):
        self.proc = subprocess.Popen([self.bins / "sandbox-server", "-addr", self.root[7:], "-state", self.state],
                                     stdout=self.log, stderr=subprocess.STDOUT)
        for _ in range(100):
            try:
                urllib.request.urlopen(self.root + "/", timeout=1)
                return
            except urllib.error.HTTPError:
                return  # it answers
            except OSError:
                time.sleep(0.1)
        raise RuntimeError("sandbox-server did not start")

    def restart(self):
        """A new server process on the same port and state file: the tokens
        stay valid, the in-memory rate-limit windows start afresh."""
        self.proc.terminate()
        self.proc.wait(timeout=10)
        self.start()

    def close(self):
        self.proc.terminate()
        self.proc.wait(timeout=10)
        self.log.close()


def stats(xs):
    xs = [x for x in xs if x is not None]
    if not xs:
        return None
    return min(xs), statistics.median(xs), max(xs)


def fmt(st, unit="s"):
    if st is None:
        return "—"
    lo, med, hi = st
    if unit == "s":
        if hi < 0.001:
            f = lambda v: f"{v * 1e6:.0f} µs"  # noqa: E731
        elif hi < 0.01:
            f = lambda v: f"{v * 1000:.2f} ms"  # noqa: E731
        else:
            f = (lambda v: f"{v * 1000:.0f} ms") if hi < 1 else (lambda v: f"{v:.2f} s")
    else:
        f = lambda v: f"{v:.0f} MiB"  # noqa: E731
    return f"{f(lo)} / **{f(med)}** / {f(hi)}"


class Workload:
    """One workload: a command per stack, each printing a JSON result."""

    def __init__(self, key, title, stacks, target="", runner=None):
        self.key, self.title, self.stacks, self.target = key, title, stacks, target
        self.results = {name: [] for name in stacks}
        self.runner = runner or run_json

    def run_round(self, r, env=None):
        names = list(self.stacks)
        names = names[r % len(names):] + names[:r % len(names)]  # rotate the order each round
        for name in names:
            cmd = self.stacks[name]
            self.results[name].append(cmd() if callable(cmd) else self.runner(cmd))


def machine_info():
    cpu = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), platform.processor())
    mem = next((l.split()[1] for l in open("/proc/meminfo") if l.startswith("MemTotal")), "?")
    vers = {}
    for mod in ("pandas", "polars", "pyarrow", "matplotlib", "numpy", "requests", "ipykernel", "nbclient"):
        try:
            vers[mod] = __import__(mod).__version__
        except Exception:
            vers[mod] = "missing"
    return {
        "cpu": cpu, "cores": os.cpu_count(), "mem_gib": round(int(mem) / 2**20, 1) if mem != "?" else "?",
        "kernel": platform.release(), "go": sh(["go", "version"]).strip(), "python": platform.python_version(),
        "versions": vers, "gonb": "v0.11.1 (tools/go.mod)",
    }


def b4_notebooks(sb, data, reps, smoke, work):
    """B4: notebooks under nbclient, GoNB vs IPython over the same data."""
    import nbtime
    home = work / "home"
    shutil.rmtree(home, ignore_errors=True)
    env = {"WEARNB_HOME": str(home), "BENCH_SLEEP_PAGES": str(data["sleep2y"])}
    os.environ.update(env)
    out = {}
    trivial = Workload("B4-floor", "B4 trivial cell, warm (median cell)", {
        "wearnb (GoNB)": lambda: nb_result(nbtime.run(BENCH / "notebooks" / "trivial-go.ipynb", "gonb"), skip=1),
        "IPython": lambda: nb_result(nbtime.run(BENCH / "notebooks" / "trivial-py.ipynb", "python3")),
    }, target="")
    trivial.cell_stat = True
    out["floor"] = trivial
    if smoke:
        trivial.run_round(0)
        return out
    go_nb = ROOT / "notebooks" / "02-sleep-exploration.ipynb"
    py_nb = BENCH / "notebooks" / "py-02-sleep.ipynb"
    # One untimed run each: consent, cache sync, kernels' own caches.
    nbtime.run(go_nb, "gonb")
    nbtime.run(py_nb, "python3")
    # The notebooks' boot cell has %noautoget and -ldflags=-s -w (issue 13);
    # the copy without them is GoNB's defaults, the boot cell before.
    go_untuned = nbtime.untuned(go_nb)
    nbtime.run(go_untuned, "gonb")
    warm = Workload("B4-warm", "B4 notebook 02-sleep-exploration, warm caches (whole notebook but the boot cell)", {
        "wearnb (GoNB)": lambda: nb_result(nbtime.run(go_nb, "gonb"), skip=1),
        "IPython": lambda: nb_result(nbtime.run(py_nb, "python3")),
        "wearnb (GoNB, boot without %noautoget and -ldflags=-s -w)": lambda: nb_result(nbtime.run(go_untuned, "gonb"), skip=1),
    }, target="warm notebook no slower than IPython; warm analysis cell < 0.5 s")
    for r in range(reps):
        warm.run_round(r)
        trivial.run_round(r)
    out["warm"] = warm
    return out


def nb_result(r, skip=0):
    """A notebook run as a result: wall time of its cells after the first
    skip (GoNB's boot cell), and each cell's time."""
    if r["problems"]:
        raise RuntimeError(f"{r['notebook']}: {r['problems']}")
    cells = [c["seconds"] for c in r["cells"][skip:]]
    return {"seconds": [sum(cells)], "cells": cells, "phases": r.get("phases")}


def first_run(work):
    """02-sleep-exploration on an empty Go build cache: without the set-up's
    warm-up (scripts/warmcells.sh), then with it and the boot cell without
    %noautoget and -ldflags=-s -w (as before issue 13), then with it and the
    notebook as it is. Slow: three cold builds."""
    import nbtime
    res = {}
    for label, warmup, tune in (("before (no warm-up)", False, True), ("after set-up warm-up, boot without %noautoget and -ldflags=-s -w", True, False),
                                ("after set-up warm-up", True, True)):
        gocache = tempfile.mkdtemp(prefix="wearnb-gocache-")
        home = tempfile.mkdtemp(prefix="wearnb-home-")
        os.environ["GOCACHE"], os.environ["WEARNB_HOME"] = gocache, home
        t_warm = None
        if warmup:
            t0 = time.perf_counter()
            subprocess.run([ROOT / "scripts" / "warmcells.sh"], check=True, capture_output=True)
            t_warm = time.perf_counter() - t0
        nb = ROOT / "notebooks" / "02-sleep-exploration.ipynb"
        r = nbtime.run(nb if tune else nbtime.untuned(nb), "gonb")
        res[label] = {"wall": sum(c["seconds"] for c in r["cells"]), "cells": r["cells"], "phases": r["phases"], "warmup": t_warm, "problems": r["problems"]}
        shutil.rmtree(gocache, ignore_errors=True)
        shutil.rmtree(home, ignore_errors=True)
    os.environ.pop("GOCACHE")
    return res


ORACLE_PY = ROOT / ".venv-oracle" / "bin" / "python"


def b5_metrics(bins, data_dir, smoke):
    """B5: every measure of wearnb/metrics over 5 years of nights and a year
    of minute steps (metricsbench), against pyActigraphy on the same series
    (wearnb/metrics/testdata/b5.py, in the oracle's own venv). Both print
    per-measure timings; the ratio is on what both compute: IS, IV, L5, M10,
    RA of the minute year and SRI of the 1-min sleep/wake grid. Returns the
    workload, or a sentence saying why it cannot run."""
    if not ORACLE_PY.exists():
        return "B5 metrics: not run — pyActigraphy's venv .venv-oracle is missing (scripts/setup.sh installs it)."
    sh(["go", "build", "-o", bins / "metricsbench", "./wearnb/metrics/internal/metricsbench"], cwd=ROOT)
    # Smoke: four weeks of nights and two weeks of minutes (the measures need 7 days).
    nights, minutes = (28, 14) if smoke else (1827, 365)
    d = data_dir / f"b5-{nights}n-{minutes}m"
    reps = "1" if smoke else "3"
    go = [bins / "metricsbench", "-data", d, "-night-days", str(nights), "-minute-days", str(minutes)]
    run_json(go + ["-reps", "1"])  # untimed: writes the CSVs both sides read
    label = "4 weeks of nights, 2 weeks of minute steps (smoke)" if smoke else "5 y of nights, 1 y of minute steps"
    w = Workload("B5-metrics", f"B5 metrics, {label} (in-process; the time is IS, IV, L5, M10, RA and SRI, what both compute)", {
        "wearnb": go + ["-reps", reps],
        "pyActigraphy": [ORACLE_PY, ROOT / "wearnb" / "metrics" / "testdata" / "b5.py", d, "--reps", reps],
    }, target="")
    w.stat_key = "comparable_seconds"
    return w


def b5_section(w):
    """The per-measure lines of B5: every wearnb measure, pyActigraphy's
    where it has one, and the values both found."""
    go, py = w.results["wearnb"], w.results["pyActigraphy"]
    lines = ["Per measure, min / **median** / max over every timed call (each measure timed on its own, inputs in memory):", "",
             "| measure | wearnb | pyActigraphy |", "|---|---|---|"]
    names = list(go[0]["metrics"]) if go else []
    for name in names:
        g = stats([s for x in go for s in x["metrics"].get(name, [])])
        p = stats([s for x in py for s in x["metrics"].get(name, [])])
        lines.append(f"| {name} | {fmt(g)} | {fmt(p) if p else '—'} |")
    lines.append(f"| **every measure** (wearnb) | {fmt(stats([s for x in go for s in x['seconds']]))} | — |")
    if go and py:
        gv, pv = go[-1]["values"], py[-1]["values"]
        lines += ["", "Values (the same series; IS and IV are pyActigraphy's own n − 1 variances, SRI there counts unrecorded nights as wake, "
                  "see wearnb/metrics/testdata/b5.py): " + ", ".join(
                      f"{k} {gv[k]:.4g} vs {pv[k]:.4g}" for k in ("IS", "IV", "L5", "M10", "RA", "SRI") if k in gv and k in pv),
                  "", f"Inputs: {go[-1]['inputs']}; pyActigraphy {py[-1].get('versions', {})}"]
    return lines


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--smoke", action="store_true", help="tiny data, one repeat, B4 floor only")
    ap.add_argument("--reps", type=int, default=5, help="rounds of every workload")
    ap.add_argument("--first-run", action="store_true", help="also time 02 on a cold Go build cache")
    ap.add_argument("--skip-b4", action="store_true")
    ap.add_argument("--before", help="a wbench built from an older commit: adds its stack to B1-B3 (before/after)")
    ap.add_argument("--only", help="run only these workloads, by key prefix, comma separated (B1, B2-hr, B4, B5); "
                    "their sections replace those already in --out")
    ap.add_argument("--out", default=str(BENCH / "results.md"))
    a = ap.parse_args()
    only = [p.strip() for p in a.only.split(",")] if a.only else []

    def sel(key):
        return not only or any(key.startswith(p) or p.startswith(key) for p in only)
    reps = 1 if a.smoke else a.reps
    inproc = "1" if a.smoke else "3"
    work = ROOT / "out" / ("bench-smoke" if a.smoke else "bench")
    bins = work / "bin"
    data_dir = work / "data"
    for d in (bins, data_dir):
        d.mkdir(parents=True, exist_ok=True)
    os.environ["PATH"] = f"{ROOT / '.tools/bin'}{os.pathsep}{os.environ['PATH']}"
    os.environ.setdefault("JUPYTER_DATA_DIR", str(ROOT / ".jupyter"))
    load_before = os.getloadavg()
    t_start = time.time()

    works, seed, nb, fr = [], None, {}, None
    b5 = b5_metrics(bins, data_dir, a.smoke) if sel("B5") else None
    b5_note = b5 if isinstance(b5, str) else None
    if b5_note:
        b5 = None
    if not any(sel(k) for k in ("B1", "B2", "B3", "B4")):
        run_rounds([b5] if b5 else [], reps)
        write_results(a, [b5] if b5 else [], seed, nb, fr, load_before, time.time() - t_start, reps, b5_note, only)
        return
    print("bench: building wbench and sandbox-server", flush=True)
    sh(["go", "build", "-o", bins / "wbench", "./bench/cmd/wbench"], cwd=ROOT)
    sh(["go", "build", "-o", bins / "sandbox-server", "./examples/sandbox-server"], cwd=ROOT)
    sb = Sandbox(work, bins)
    wb = str(bins / "wbench")
    try:
        years = [1] if a.smoke else [1, 5]
        big = 1 if a.smoke else 5
        print("bench: making data (sleep pages from the sandbox, a year of minute heart rate)", flush=True)
        data = {"sleep": data_dir / f"oura-sleep-{big}y.ndjson", "hr": data_dir / ("oura-hr-3d.ndjson" if a.smoke else "oura-hr-1y.ndjson"),
                "sleep2y": data_dir / "oura-sleep-2024-2025.ndjson"}
        run_json([wb, "b1", "-root", sb.root, "-tokens", sb.tokens, "-flavor", "oura", "-years", str(big), "-save", data["sleep"]])
        if not a.smoke:  # only the B4 notebooks read it
            run_json([wb, "b1", "-root", sb.root, "-tokens", sb.tokens, "-flavor", "oura", "-from", "2024-01-01", "-save", data["sleep2y"]])
        sh([wb, "hr", "-days", "3" if a.smoke else "365", "-out", data["hr"]])
        bf = lambda fl, y, style="range": [PY, "backfill.py", "--root", sb.root, "--tokens", sb.tokens, "--flavor", fl, "--years", str(y), "--style", style]  # noqa: E731
        def fitbit_runner(cmd):
            # Fitbit allows 150 requests an hour; the sandbox enforces it
            # per server process. Every Fitbit run gets a fresh window: a
            # restart, one untimed run (the server's per-date memo), then
            # the timed one.
            sb.restart()
            run_json(cmd)
            return run_json(cmd)

        works = []
        for fl in ("oura", "fitbit"):
            for y in years:
                works.append(Workload(f"B1-{fl}-{y}y", f"B1 backfill {fl}, {y} y of sleep + steps", {
                    "wearnb": [wb, "b1", "-root", sb.root, "-tokens", sb.tokens, "-flavor", fl, "-years", str(y)],
                    "requests+pandas (max range)": bf(fl, y),
                }, target="requests = API minimum; no slower than max-range Python",
                    runner=fitbit_runner if fl == "fitbit" else None))
        hr_label = "3 days (smoke)" if a.smoke else "1 y, one a minute"
        works += [
            Workload("B2-sleep", f"B2 JSON → frame, Oura sleep {big} y (in-process)", {
                "wearnb": [wb, "b2", "-what", "sleep", "-in", data["sleep"], "-reps", inproc],
                "pandas": [PY, "frames.py", "--lib", "pandas", "--what", "sleep", "--in", data["sleep"], "--reps", inproc],
                "polars": [PY, "frames.py", "--lib", "polars", "--what", "sleep", "--in", data["sleep"], "--reps", inproc],
            }, target="≥ polars, ≥ 2× pandas, peak memory ≤ either"),
            Workload("B2-hr", f"B2 JSON → frame, Oura heart rate {hr_label} (in-process)", {
                "wearnb": [wb, "b2", "-what", "hr", "-in", data["hr"], "-reps", inproc],
                "pandas": [PY, "frames.py", "--lib", "pandas", "--what", "hr", "--in", data["hr"], "--reps", inproc],
                "polars": [PY, "frames.py", "--lib", "polars", "--what", "hr", "--in", data["hr"], "--reps", inproc],
            }, target="≥ polars, ≥ 2× pandas, peak memory ≤ either"),
            Workload("B3-nightly", f"B3 chart: nightly sleep, {big} y", {
                "wearnb": [wb, "b3", "-what", "nightly", "-in", data["sleep"], "-reps", inproc, "-out", work / "nightly-go.png"],
                "matplotlib": [PY, "charts.py", "--what", "nightly", "--in", data["sleep"], "--reps", inproc, "--out", work / "nightly-py.png"],
            }, target="no slower than matplotlib"),
            Workload("B3-hr", f"B3 chart: heart rate {hr_label}, one line", {
                "wearnb": [wb, "b3", "-what", "hr", "-in", data["hr"], "-reps", inproc, "-out", work / "hr-go.png"],
                "matplotlib": [PY, "charts.py", "--what", "hr", "--in", data["hr"], "--reps", inproc, "--out", work / "hr-py.png"],
            }, target="no slower than matplotlib"),
        ]
        works = [w for w in works if sel(w.key)]
        if a.before:
            for w in works:
                cmd = list(w.stacks["wearnb"])
                cmd[0] = a.before
                if w.key == "B3-hr":  # one full-resolution line takes half a minute: once per round
                    cmd[cmd.index("-reps") + 1] = "1"
                w.stacks["wearnb before"] = cmd
                w.results["wearnb before"] = []
        # Warm the server's per-date memo and the page cache once, untimed.
        for w in works if not a.smoke else []:
            if w.key.startswith("B1-oura"):
                for cmd in w.stacks.values():
                    run_json(cmd)
        if b5:
            works.append(b5)
        run_rounds(works, reps)
        if not a.smoke and sel("B1-oura"):
            print("bench: seed-style day-by-day baseline (Oura, 1 y, once)", flush=True)
            seed = run_json(bf("oura", 1, "daily"))
        if not a.skip_b4 and sel("B4"):
            print("bench: B4 notebooks", flush=True)
            nb = b4_notebooks(sb, data, reps, a.smoke, work)
        fr = first_run(work) if a.first_run else None
    finally:
        sb.close()
    write_results(a, works, seed, nb, fr, load_before, time.time() - t_start, reps, b5_note, only)


def run_rounds(works, reps):
    """Every workload once per round, in turn (each rotates its stacks)."""
    for r in range(reps):
        for w in works:
            print(f"bench: round {r + 1}/{reps} {w.key}", flush=True)
            w.run_round(r)


def write_results(a, works, seed, nb, fr, load_before, elapsed, reps, b5_note=None, only=()):
    info = machine_info()
    lines = ["# wearnb vs the Python stack: `make bench` results", ""]
    if a.smoke:
        lines += ["**Smoke run** (tiny data, one repeat): checks the bench runs; the figures mean nothing.", ""]
    lines += [
        f"Run {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}, {elapsed / 60:.1f} min, {reps} round(s) "
        f"(stacks interleaved, order rotated each round; in-process workloads (B2, B3) repeat {1 if a.smoke else 3}× per process; "
        "B1 and the notebooks run once per round).",
        "",
        f"- machine: {info['cpu']}, {info['cores']} cores, {info['mem_gib']} GiB, Linux {info['kernel']}",
        f"- load average (1/5/15 min) before: {' '.join(f'{x:.2f}' for x in load_before)}, after: {' '.join(f'{x:.2f}' for x in os.getloadavg())}"
        " — the machine is shared, so figures are noisy; compare medians",
        f"- {info['go']}; Python {info['python']}; GoNB {info['gonb']}",
        "- " + ", ".join(f"{k} {v}" for k, v in info["versions"].items()),
        "",
        "Every figure is min / **median** / max. Ratios are wearnb's median ÷ the other stack's: below 1 means wearnb is faster.",
        "",
    ]
    ratio_lines = []
    all_works = works + [w for w in nb.values()]
    for w in all_works:
        lines += [f"## {w.title}", "", f"<!-- workload: {w.key} -->", *([f"Target: {w.target}", ""] if w.target else []),
                  "| stack | time | peak memory | requests |", "|---|---|---|---|"]
        med = {}
        for name, res in w.results.items():
            if getattr(w, "cell_stat", False):
                secs = [c for x in res for c in x["cells"]]
            else:
                secs = [s for x in res for s in x[getattr(w, "stat_key", "seconds")]]
            st = stats(secs)
            med[name] = st[1] if st else None
            mem = stats([x.get("peak_mib") for x in res])
            req = sorted({x["requests"] for x in res if "requests" in x})
            lines.append(f"| {name} | {fmt(st)} | {fmt(mem, 'mib') if mem else '—'} | {', '.join(map(str, req)) or '—'} |")
        if w.key == "B4-warm":
            for name, res in w.results.items():
                if not res:
                    continue
                per = list(zip(*[x["cells"] for x in res]))
                lines += ["", f"{name}, per cell (median over rounds): " + ", ".join(f"{statistics.median(c):.2f} s" for c in per)]
                phases = [x.get("phases") for x in res if x.get("phases")]
                if phases:
                    keys = ("goimports", "goget", "build", "run")
                    cells = list(zip(*[p[1:] for p in phases]))  # without the boot cell
                    lines.append("  GoNB phases per cell, median s (" + "/".join(keys) + "): " + "; ".join(
                        "/".join(f"{statistics.median([c[k] or 0 for c in cell]):.2f}" for k in keys) for cell in cells))
        if w.key == "B5-metrics":
            lines += [""] + b5_section(w)
        lines.append("")
        names = list(w.results)
        pairs = [(names[0], o) for o in names[1:]]
        if w.key == "B4-warm" and len(names) > 2:
            pairs.append((names[2], names[1]))  # tuned GoNB vs IPython
        for ours, other in pairs:
            if med.get(ours) and med.get(other):
                r = med[ours] / med[other]
                ratio_lines.append(f"{w.key}: {ours} ÷ {other} = {r:.2f}× ({med[ours]:.3g} s vs {med[other]:.3g} s)" if r >= 0.1 else
                                   f"{w.key}: {ours} ÷ {other} = {r:.2g}× ({med[ours]:.3g} s vs {med[other]:.3g} s)")
    fitbit5 = next((w.results["wearnb"][0]["requests"] for w in works if w.key == "B1-fitbit-5y" and w.results["wearnb"]), "?")
    if seed:
        lines += ["## Seed-style baseline (labelled: not the peer)", "",
                  f"Day-by-day requests like the seed write-ups, Oura 1 y sleep + steps: {seed['requests']} requests, {seed['seconds'][0]:.1f} s "
                  f"(wearnb: {works[0].results['wearnb'][0]['requests']} requests). At Fitbit's 150 requests an hour, the same "
                  f"style for 5 years of sleep + steps is {5 * 365 * 2} requests: {5 * 365 * 2 / 150:.0f} h of rate-limit waiting; "
                  f"wearnb's client needs {fitbit5} requests (no waiting).", ""]
    if fr:
        lines += ["## B4 first run of 02-sleep-exploration on an empty Go build cache", "",
                  "| | cells total | warm-up (set-up) | per cell |", "|---|---|---|---|"]
        for label, r in fr.items():
            lines.append(f"| {label} | {r['wall']:.1f} s | {'%.0f s' % r['warmup'] if r['warmup'] else '—'} | "
                         + ", ".join(f"{c['seconds']:.1f}" for c in r["cells"]) + " |")
            ratio_lines.append(f"B4-first-run {label}: {r['wall']:.1f} s")
        lines.append("")
    if b5_note:
        lines += ["## B5 metrics", "", "<!-- workload: B5-metrics -->", b5_note, ""]
    lines += ["## Ratios", "", "```", *ratio_lines, "```", ""]
    raw = {"info": info, "workloads": {w.key: w.results for w in all_works}, "seed": seed, "first_run": fr}
    out = pathlib.Path(a.out)
    if only and out.exists():
        lines, raw = splice(out, lines, raw, [w.key for w in all_works] + (["B5-metrics"] if b5_note else []), info)
    out.write_text("\n".join(lines))
    out.with_suffix(".json").write_text(json.dumps(raw, indent=1, default=str))
    print(f"bench: wrote {a.out}")
    if b5_note:
        print(b5_note)
    for l in ratio_lines:
        print(l)


def splice(out, lines, raw, keys, info):
    """--only: the workloads just run replace their sections, ratio lines and
    JSON entries in the results already at out (a section is found by its
    workload comment, or by its title; a new one goes before the ratios);
    everything else stays as it was, and each new section says when it ran."""
    def sections(ls):
        """Splits markdown lines into (head, [(title, body lines)])."""
        head, secs = [], []
        for l in ls:
            if l.startswith("## "):
                secs.append((l, []))
            elif secs:
                secs[-1][1].append(l)
            else:
                head.append(l)
        return head, secs

    def key_of(title, body):
        m = next((re.match(r"<!-- workload: (\S+) -->", l) for l in body if l.startswith("<!-- workload:")), None)
        if m:
            return m.group(1)
        return "B5-metrics" if title.startswith("## B5") else None  # the hook's section before B5 was wired

    _, new = sections(lines)
    old_head, old = sections(out.read_text().splitlines())
    stamp = f"Run separately on {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())} (`bench/run.py --only`), load average " \
            f"{' '.join(f'{x:.2f}' for x in os.getloadavg())}; the header's run line is the full run's."
    fresh = {key_of(t, b): (t, ["", stamp, ""] + [l for l in b if l.strip()][:1] + b[2:]) for t, b in new if key_of(t, b) in keys}
    new_ratios = next((b for t, b in new if t == "## Ratios"), [])
    merged = []
    for t, b in old:
        k = key_of(t, b)
        if t == "## Ratios":
            merged += [(sec) for sec in fresh.values()]
            fresh = {}
            kept = [l for l in b if not any(l.startswith(k + ":") for k in keys)]
            add = [l for l in new_ratios if any(l.startswith(k + ":") for k in keys)]
            end = max(i for i, l in enumerate(kept) if l == "```") if "```" in kept else len(kept)
            b = kept[:end] + add + kept[end:]
        elif k in fresh:
            t, b = fresh.pop(k)
        merged.append((t, b))
    merged += list(fresh.values())
    out_lines = list(old_head)
    for t, b in merged:
        out_lines += [t] + b
    if out_lines and out_lines[-1]:
        out_lines.append("")  # the file ends with a newline
    try:
        old_raw = json.loads(out.with_suffix(".json").read_text())
    except (OSError, ValueError):
        old_raw = {"info": info, "workloads": {}}
    old_raw.setdefault("workloads", {}).update(raw["workloads"])
    return out_lines, old_raw


if __name__ == "__main__":
    main()
