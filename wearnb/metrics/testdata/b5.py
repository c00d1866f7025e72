"""The pyActigraphy side of benchmark B5 (`make bench`, issue 13).

Usage: .venv-oracle/bin/python wearnb/metrics/testdata/b5.py DIR [--reps N]

DIR holds the series the Go side wrote (go run
./wearnb/metrics/internal/metricsbench -data DIR): a year of minute steps
and five years of 1-min sleep/wake epochs. This script loads them into
pyActigraphy 1.2.2 recordings (loading is not timed) and times, each on its
own and N times, what pyActigraphy computes of wearnb's measures, configured
as in the cross-check (oracle.py):

  IS, IV   raw.IS(freq="1h", binarize=False), raw.IV(...): hourly bins of
           the minute year, missing minutes masked
  L5, M10  raw.L5(binarize=False), raw.M10(binarize=False): the minute
           profile
  RA       raw.RA(binarize=False)
  SRI      raw.SleepRegularityIndex() on the five-year grid, fed through a
           scoring method as in oracle.py. pyActigraphy has no missing-data
           rule for SRI (one NaN makes it NaN), so the nights not recorded
           are scored wake here; wearnb leaves them out, so the values
           differ a little. The time is what B5 compares.

It prints one JSON line like the Go side: {"seconds": [total per round],
"comparable_seconds": [the same], "metrics": {name: [seconds per round]},
"values": {...}, "versions": {...}, "peak_mib": ...}. IS and IV are
pyActigraphy's own (n - 1 variances: about 4 % above Witting's IS, as the
cross-check documents).
"""
import argparse
import json
import os
import resource
import sys
import time
import warnings

warnings.simplefilter("ignore")
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402

from oracle import load, recording  # noqa: E402

MINUTE_FILE = "minute_steps.csv"
GRID_FILE = "sleepwake.csv"


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("dir")
    ap.add_argument("--reps", type=int, default=3)
    a = ap.parse_args()

    steps = recording(load(os.path.join(a.dir, MINUTE_FILE), 60), 60)
    scored = load(os.path.join(a.dir, GRID_FILE), 60).fillna(0)
    grid = recording(scored, 60)
    grid.wearnb_scoring = lambda: scored

    measures = [
        ("IS minutes 1y", lambda: steps.IS(freq="1h", binarize=False)),
        ("IV minutes 1y", lambda: steps.IV(freq="1h", binarize=False)),
        ("L5 minutes 1y", lambda: steps.L5(binarize=False)),
        ("M10 minutes 1y", lambda: steps.M10(binarize=False)),
        ("RA minutes 1y", lambda: steps.RA(binarize=False)),
        ("SRI 5y 1-min", lambda: grid.SleepRegularityIndex(algo="wearnb_scoring")),
    ]
    per = {name: [] for name, _ in measures}
    values = {}
    total = []
    for _ in range(a.reps):
        t = 0.0
        for name, f in measures:
            t0 = time.perf_counter()
            v = f()
            s = time.perf_counter() - t0
            per[name].append(s)
            values[name.split()[0]] = float(v)
            t += s
        total.append(t)
    out = {
        "seconds": total,
        "comparable_seconds": total,
        "metrics": per,
        "values": values,
        "versions": {
            "pyActigraphy": __import__("pyActigraphy").__version__,
            "pandas": pd.__version__,
            "numpy": np.__version__,
        },
        "peak_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }
    print(json.dumps(out))
    sys.stdout.flush()


if __name__ == "__main__":
    main()
