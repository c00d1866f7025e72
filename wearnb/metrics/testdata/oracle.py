"""pyActigraphy oracle for wearnb/metrics (oracle_test.go runs it).

Usage: oracle.py MANIFEST.json RESULTS.json

The manifest lists cases the Go test exported as CSV files (timestamp on
the local clock, value; an empty value is missing). For each case this
script builds a pyActigraphy BaseRaw recording from the CSV and asks
pyActigraphy 1.2.2 for the measures, configured to wearnb's definitions:

  rhythm cases  IS(freq=bin, binarize=False), IV(freq=bin, binarize=False),
                L5/M10/RA(binarize=False) (steps are counts, not
                actigraphy activity: no threshold at 4), with missing values
                masked (mask_inactivity=True, exclude_if_mask=True: an
                hourly bin with any masked minute is missing, as in wearnb).
                L5 and M10 come from pyActigraphy's own _lmx so the start
                times come back too (L5()/M10() return only the value).
  sri cases     SleepRegularityIndex(algo=...) fed the exported sleep (1)
                / wake (0) series through a scoring method attached to the
                recording: SleepRegularityIndex looks the algorithm up by
                name with getattr, so any method that returns a scored
                series works, and pyActigraphy does the rest (grouping by
                clock time, consecutive-day agreement, 200·mean − 100).

Everything pyActigraphy returns is written out raw; the Go test does the
documented conversions (ddof) and the comparison.
"""
import json
import sys
import warnings

warnings.simplefilter("ignore")

import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
from pyActigraphy.io import BaseRaw  # noqa: E402
from pyActigraphy.metrics.metrics import _lmx  # noqa: E402


def load(path, epoch_s):
    df = pd.read_csv(path, parse_dates=["time"])
    idx = pd.DatetimeIndex(df["time"], freq=pd.Timedelta(seconds=epoch_s))
    return pd.Series(df["value"].to_numpy(dtype=float), index=idx)


def recording(data, epoch_s):
    freq = pd.Timedelta(seconds=epoch_s)
    raw = BaseRaw(
        name="wearnb", uuid="wearnb", format="CSV", axial_mode="mono",
        start_time=data.index[0], period=data.index[-1] - data.index[0] + freq,
        frequency=freq, data=data.fillna(0), light=None,
    )
    raw.mask = data.notna().astype(int)
    raw.mask_inactivity = True
    return raw


def rhythm(case):
    data = load(case["csv"], case["epoch_s"])
    raw = recording(data, case["epoch_s"])
    b = case["bin"]
    l5_start, l5 = _lmx(raw.data, "5h", lowest=True)
    m10_start, m10 = _lmx(raw.data, "10h", lowest=False)
    return {
        "IS": raw.IS(freq=b, binarize=False),
        "IV": raw.IV(freq=b, binarize=False),
        "L5": raw.L5(binarize=False),
        "M10": raw.M10(binarize=False),
        "RA": raw.RA(binarize=False),
        "L5_start_min": l5_start.total_seconds() / 60,
        "M10_start_min": m10_start.total_seconds() / 60,
        "L5_lmx": l5,
        "M10_lmx": m10,
    }


def sri(case):
    scored = load(case["csv"], case["epoch_s"])
    raw = recording(scored, case["epoch_s"])
    raw.wearnb_scoring = lambda: scored
    return {"SRI": raw.SleepRegularityIndex(algo="wearnb_scoring")}


def main():
    manifest = json.load(open(sys.argv[1]))
    out = {}
    for case in manifest:
        out[case["name"]] = (rhythm if case["kind"] == "rhythm" else sri)(case)
    out["_versions"] = {
        "pyActigraphy": __import__("pyActigraphy").__version__,
        "pandas": pd.__version__,
        "numpy": np.__version__,
    }
    json.dump(out, open(sys.argv[2], "w"), indent=1, default=float)


if __name__ == "__main__":
    main()
