"""B3: charts with matplotlib (Agg, PNG, 10x4 in at 100 dpi, as wbench b3).

nightly: total sleep per main night over 5 years as points, with the
  7-night trailing mean as a line (wearnb's charts.SleepDuration).
hr: a year of minute heart rate as one line (wearnb's charts.TimeSeries).
matplotlib's defaults stay on, path simplification included: that is what
a user gets.
"""
import argparse
import io
import time

import matplotlib

matplotlib.use("Agg")
import matplotlib.dates as mdates  # noqa: E402
import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402

from common import emit, read_pages  # noqa: E402
from frames import docs_of  # noqa: E402


def nightly_data(pages):
    df = pd.DataFrame(docs_of(pages))
    df = df[df["type"] == "long_sleep"]
    df = df.sort_values("total_sleep_duration").drop_duplicates("day", keep="last").sort_values("day")
    days = pd.to_datetime(df["day"])
    hours = df["total_sleep_duration"].to_numpy() / 3600
    return days, hours


def hr_data(pages):
    df = pd.DataFrame(docs_of(pages))
    return pd.to_datetime(df["timestamp"], format="ISO8601", utc=True), df["bpm"].to_numpy(dtype=float)


def nightly(data):
    days, hours = data
    fig, ax = plt.subplots(figsize=(10, 4), dpi=100)
    ax.scatter(days, hours, s=4, alpha=0.56, label="night")
    ax.plot(days, pd.Series(hours).rolling(7, min_periods=1).mean(), color="#e74c3c", lw=1.5, label="7-night mean")
    ax.set_title("Total sleep time per night")
    ax.set_ylabel("hours asleep")
    ax.grid(True)
    ax.legend(loc="upper right")
    ax.xaxis.set_major_formatter(mdates.DateFormatter("%Y-%m-%d"))
    return fig


def hr(data):
    t, bpm = data
    fig, ax = plt.subplots(figsize=(10, 4), dpi=100)
    ax.plot(t, bpm, lw=0.5, color="#34495e")
    ax.set_title("Heart rate, one reading a minute")
    ax.set_ylabel("bpm")
    ax.grid(True)
    ax.xaxis.set_major_formatter(mdates.DateFormatter("%Y-%m-%d"))
    return fig


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--what", choices=["nightly", "hr"], default="nightly")
    ap.add_argument("--in", dest="path", required=True)
    ap.add_argument("--reps", type=int, default=3)
    ap.add_argument("--out")
    a = ap.parse_args()
    pages = read_pages(a.path)
    data = nightly_data(pages) if a.what == "nightly" else hr_data(pages)
    draw = nightly if a.what == "nightly" else hr
    secs, png = [], b""
    for _ in range(a.reps):
        t0 = time.perf_counter()
        fig = draw(data)
        buf = io.BytesIO()
        fig.savefig(buf, format="png")
        plt.close(fig)
        secs.append(time.perf_counter() - t0)
        png = buf.getvalue()
    if a.out:
        open(a.out, "wb").write(png)
    emit(seconds=secs, png_bytes=len(png))


if __name__ == "__main__":
    main()
