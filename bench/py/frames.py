"""B2: JSON pages -> a data frame, in-process, with pandas or polars.

sleep: Oura sleep pages -> one row per sleep period with the columns a
  notebook uses (date, local start/end, UTC offset, instants, minutes in bed,
  asleep, awake, deep, light, REM, latency, efficiency, is_main), deleted
  periods dropped, sorted by start. (wearnb's side also decodes every
  hypnogram into stage segments; this side does not.)
hr: Oura heartrate pages -> timestamp (datetime64), bpm, source.

Each library gets its idiomatic, fastest route, with vectorized column
conversions and no per-row Python loops: pandas a frame from the records
json.loads gives (what requests' .json() uses; pandas' own read_json is
slower), polars its native NDJSON reader over the pages with the data
arrays exploded and unnested (about 30% faster than a frame from dicts).
"""
import argparse
import io
import json
import time

from common import emit, read_pages


def docs_of(pages):
    out = []
    for p in pages:
        out.extend(json.loads(p)["data"])
    return out


def pandas_sleep(pages):
    import pandas as pd
    df = pd.DataFrame(docs_of(pages))
    df = df[df["type"] != "deleted"]
    start = pd.to_datetime(df["bedtime_start"], format="ISO8601", utc=True)
    end = pd.to_datetime(df["bedtime_end"], format="ISO8601", utc=True)
    off = df["bedtime_start"].str[-6:]
    off_min = off.str[1:3].astype(int) * 60 + off.str[4:6].astype(int)
    off_min = off_min.where(off.str[0] == "+", -off_min)
    local = start.dt.tz_localize(None) + pd.to_timedelta(off_min, unit="min")
    local_end = end.dt.tz_localize(None) + pd.to_timedelta(off_min, unit="min")
    out = pd.DataFrame({
        "source_id": df["id"],
        "date": df["day"],
        "start_local": local,
        "end_local": local_end,
        "utc_offset_min": off_min,
        "start_utc": start,
        "end_utc": end,
        "in_bed_min": df["time_in_bed"] / 60,
        "asleep_min": df["total_sleep_duration"] / 60,
        "awake_min": df["awake_time"] / 60,
        "deep_min": df["deep_sleep_duration"] / 60,
        "light_min": df["light_sleep_duration"] / 60,
        "rem_min": df["rem_sleep_duration"] / 60,
        "latency_min": df["latency"] / 60,
        "efficiency_pct": df["efficiency"],
        "is_main": df["type"] == "long_sleep",
    })
    return out.sort_values("start_utc", kind="stable").reset_index(drop=True)


def polars_docs(pages):
    """The documents of every page, one row each, by polars' JSON reader."""
    import polars as pl
    pages_df = pl.read_ndjson(io.BytesIO(b"\n".join(pages)), infer_schema_length=None)
    return pages_df.select(pl.col("data").explode()).unnest("data")


def polars_sleep(pages):
    import polars as pl
    df = polars_docs(pages).filter(pl.col("type") != "deleted")
    off = pl.col("bedtime_start").str.slice(-6)
    off_min = (off.str.slice(1, 2).cast(pl.Int32) * 60 + off.str.slice(4, 2).cast(pl.Int32))
    off_min = pl.when(off.str.slice(0, 1) == "+").then(off_min).otherwise(-off_min)
    start = pl.col("bedtime_start").str.to_datetime(time_zone="UTC")
    end = pl.col("bedtime_end").str.to_datetime(time_zone="UTC")
    out = df.select(
        pl.col("id").alias("source_id"),
        pl.col("day").alias("date"),
        (start.dt.replace_time_zone(None) + pl.duration(minutes=off_min)).alias("start_local"),
        (end.dt.replace_time_zone(None) + pl.duration(minutes=off_min)).alias("end_local"),
        off_min.alias("utc_offset_min"),
        start.alias("start_utc"),
        end.alias("end_utc"),
        (pl.col("time_in_bed") / 60).alias("in_bed_min"),
        (pl.col("total_sleep_duration") / 60).alias("asleep_min"),
        (pl.col("awake_time") / 60).alias("awake_min"),
        (pl.col("deep_sleep_duration") / 60).alias("deep_min"),
        (pl.col("light_sleep_duration") / 60).alias("light_min"),
        (pl.col("rem_sleep_duration") / 60).alias("rem_min"),
        (pl.col("latency") / 60).alias("latency_min"),
        pl.col("efficiency").alias("efficiency_pct"),
        (pl.col("type") == "long_sleep").alias("is_main"),
    )
    return out.sort("start_utc", maintain_order=True)


def pandas_hr(pages):
    import pandas as pd
    df = pd.DataFrame(docs_of(pages))
    df["timestamp"] = pd.to_datetime(df["timestamp"], format="ISO8601", utc=True)
    df["source"] = df["source"].astype("category")
    return df


def polars_hr(pages):
    import polars as pl
    return polars_docs(pages).with_columns(
        pl.col("timestamp").str.to_datetime(time_zone="UTC"),
        pl.col("source").cast(pl.Categorical),
    )


WORK = {("pandas", "sleep"): pandas_sleep, ("polars", "sleep"): polars_sleep,
        ("pandas", "hr"): pandas_hr, ("polars", "hr"): polars_hr}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--lib", choices=["pandas", "polars"], default="pandas")
    ap.add_argument("--what", choices=["sleep", "hr"], default="sleep")
    ap.add_argument("--in", dest="path", required=True)
    ap.add_argument("--reps", type=int, default=3)
    a = ap.parse_args()
    __import__(a.lib)  # importing the library is not part of the work
    pages = read_pages(a.path)
    fn = WORK[(a.lib, a.what)]
    secs, rows = [], 0
    for _ in range(a.reps):
        t0 = time.perf_counter()
        df = fn(pages)
        secs.append(time.perf_counter() - t0)
        rows = len(df)
        del df
    emit(seconds=secs, rows=rows)


if __name__ == "__main__":
    main()
