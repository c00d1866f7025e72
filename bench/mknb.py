#!/usr/bin/env python3
"""Writes the notebooks of B4 (bench/notebooks/): the IPython twin of
notebooks/02-sleep-exploration.ipynb, and the trivial-cell notebooks that
measure each kernel's floor. Run it after changing a cell here:

    python bench/mknb.py
"""
import json
import pathlib

HERE = pathlib.Path(__file__).resolve().parent / "notebooks"


def write(name, cells, kernel):
    spec = {
        "gonb": ({"display_name": "Go (gonb)", "language": "go", "name": "gonb"}, {"name": "go"}),
        "python3": ({"display_name": "Python 3", "language": "python", "name": "python3"}, {"name": "python"}),
    }[kernel]
    nb = {"cells": [], "metadata": {"kernelspec": spec[0], "language_info": spec[1]}, "nbformat": 4, "nbformat_minor": 5}
    for i, (kind, src) in enumerate(cells):
        c = {"cell_type": kind, "id": f"c{i:02d}", "metadata": {}, "source": src.strip("\n").splitlines(keepends=True)}
        if kind == "code":
            c["execution_count"] = None
            c["outputs"] = []
        nb["cells"].append(c)
    (HERE / name).write_text(json.dumps(nb, indent=1) + "\n")


# The notebooks' boot cell (scripts/mknb.py), one folder deeper.
BOOT = '''// Use this repository's packages and its pinned dependencies (GoNB's go.work recipe).
!*"${GONB_DIR}/../../scripts/nbboot.sh"
%goworkfix
%noautoget
%goflags "-ldflags=-s -w"'''

# The floor: a cell that does nothing but print, five times.
write("trivial-go.ipynb", [("code", BOOT)] + [("code", f'%%\nfmt.Println({i})') for i in range(5)], "gonb")
write("trivial-py.ipynb", [("code", f"print({i})") for i in range(5)], "python3")

# The IPython twin of 02-sleep-exploration: the same two years of Oura sleep
# documents (saved from the same sandbox person by bench/run.py, as a user
# would keep a local copy), a frame, weekly means, the same five charts and
# the weekend/weekday means, cell for cell.
write("py-02-sleep.ipynb", [
    ("markdown", "# Two years of sleep (pandas + matplotlib twin of notebooks/02-sleep-exploration)"),
    ("code", '''
import json, os
import pandas as pd
import numpy as np
import matplotlib
import matplotlib.pyplot as plt
%matplotlib inline

def load():
    """The locally kept Oura sleep pages (what the Go notebook's cache holds)."""
    docs = []
    with open(os.environ["BENCH_SLEEP_PAGES"], "rb") as f:
        for line in f:
            if line.strip():
                docs.extend(json.loads(line)["data"])
    df = pd.DataFrame(docs)
    df = df[df["type"] != "deleted"].copy()
    df["start"] = pd.to_datetime(df["bedtime_start"], format="ISO8601", utc=True)
    df["end"] = pd.to_datetime(df["bedtime_end"], format="ISO8601", utc=True)
    for c, src in [("in_bed_min", "time_in_bed"), ("asleep_min", "total_sleep_duration"), ("awake_min", "awake_time"),
                   ("deep_min", "deep_sleep_duration"), ("light_min", "light_sleep_duration"),
                   ("rem_min", "rem_sleep_duration"), ("latency_min", "latency")]:
        df[c] = df[src] / 60
    df["efficiency_pct"] = df["efficiency"]
    df["is_main"] = df["type"] == "long_sleep"
    df["date"] = pd.to_datetime(df["day"])
    return df.sort_values("start").reset_index(drop=True)
'''),
    ("code", '''
df = load()
df[["date", "start", "end", "in_bed_min", "asleep_min", "deep_min", "rem_min", "efficiency_pct", "is_main"]].head(8)
'''),
    ("code", '''
df = load()
nights = df[df["is_main"]]
weekly = nights.groupby(nights["date"].dt.to_period("W-SUN").dt.start_time)[["asleep_min", "efficiency_pct", "deep_min", "rem_min"]].mean()
weekly.head(6)
'''),
    ("code", '''
df = load()
nights = df[df["is_main"]].sort_values("date")
fig, ax = plt.subplots(figsize=(10, 4))
ax.scatter(nights["date"], nights["asleep_min"] / 60, s=4, alpha=0.56, label="night")
ax.plot(nights["date"], (nights["asleep_min"] / 60).rolling(14, min_periods=1).mean(), color="#e74c3c", label="14-night mean")
ax.set_title("Total sleep time per night"); ax.set_ylabel("hours asleep"); ax.legend(); ax.grid(True)
plt.show()
'''),
    ("code", '''
df = load()
nights = df[df["is_main"]].sort_values("date")
monthly = nights.groupby(nights["date"].dt.to_period("M"))[["deep_min", "light_min", "rem_min", "awake_min"]].mean()
monthly.plot.bar(stacked=True, figsize=(10, 4), title="Minutes per night by stage")
plt.show()
nights.assign(weekday=nights["date"].dt.day_name()).boxplot(column="asleep_min", by="weekday", figsize=(10, 4))
plt.show()
'''),
    ("code", '''
df = load()
last = df[df["is_main"]].iloc[-1]
levels = {"1": 0, "2": 1, "3": 2, "4": 3}
y = [levels[c] for c in last["sleep_phase_5_min"]]
t = pd.date_range(last["start"], periods=len(y), freq="5min")
fig, ax = plt.subplots(figsize=(10, 3))
ax.step(t, y, where="post")
ax.set_yticks([0, 1, 2, 3], ["deep", "light", "REM", "awake"]); ax.set_title("Hypnogram")
plt.show()
recent = df[df["date"] >= df["date"].max() - pd.Timedelta(days=55)]
fig, ax = plt.subplots(figsize=(10, 5))
for _, s in recent.iterrows():
    evening = (s["start"] - pd.Timedelta(hours=12)).normalize()
    row = (evening - recent["start"].min().normalize()).days
    a = (s["start"] - evening).total_seconds() / 3600
    ax.barh(row, (s["end"] - s["start"]).total_seconds() / 3600, left=a, color="#34495e" if s["is_main"] else "#95a5a6")
ax.invert_yaxis(); ax.set_title("Actogram, last eight weeks")
plt.show()
'''),
    ("code", '''
df = load()
nights = df[df["is_main"] & (df["date"] > df["date"].max() - pd.Timedelta(weeks=8))]
week = nights["date"].dt.to_period("W-SUN").dt.start_time
weekend = nights["date"].dt.dayofweek >= 5
display(nights[weekend].groupby(week[weekend])[["asleep_min", "in_bed_min"]].mean())
display(nights[~weekend].groupby(week[~weekend])[["asleep_min", "in_bed_min"]].mean())
'''),
], "python3")
print("wrote", ", ".join(p.name for p in sorted(HERE.glob("*.ipynb"))))
