"""B1: backfill N years of sleep and steps from the sandbox server with
requests, the way the write-ups wearnb grew from do it.

--style range: the idiomatic script a careful peer writes: the widest range
  each endpoint allows per request (Fitbit sleep 100 days, steps 1095 days;
  Oura one range, following next_token), then pandas frames.
--style daily: the seed write-ups' style, one request per day per resource
  (labelled as such in the results: it is the baseline, not the peer).
"""
import argparse
import datetime as dt
import json
import time

import pandas as pd
import requests

from common import emit

END = dt.date(2025, 12, 31)


def chunks(start, end, days):
    while start <= end:
        stop = min(start + dt.timedelta(days=days - 1), end)
        yield start, stop
        start = stop + dt.timedelta(days=1)


def oura(s, root, start, end, style):
    base = f"{root}/oura/v2/usercollection/"

    def collect(endpoint, params):
        out = []
        while True:
            r = s.get(base + endpoint, params=params)
            r.raise_for_status()
            page = r.json()
            out.extend(page["data"])
            if not page.get("next_token"):
                return out
            params = {**params, "next_token": page["next_token"]}

    sleep, activity = [], []
    if style == "range":
        sleep = collect("sleep", {"start_date": str(start), "end_date": str(end)})
        activity = collect("daily_activity", {"start_date": str(start), "end_date": str(end)})
    else:
        for d, _ in chunks(start, end, 1):
            sleep += collect("sleep", {"start_date": str(d), "end_date": str(d)})
            activity += collect("daily_activity", {"start_date": str(d), "end_date": str(d)})
    sleeps = pd.DataFrame(sleep)
    sleeps = sleeps[sleeps["type"] != "deleted"]
    days = pd.DataFrame(activity)[["day", "steps"]]
    return len(sleeps), len(days)


def fitbit(s, root, start, end, style):
    base = f"{root}/fitbit"
    logs, steps = [], []
    if style == "range":
        for a, b in chunks(start, end, 100):
            r = s.get(f"{base}/1.2/user/-/sleep/date/{a}/{b}.json")
            r.raise_for_status()
            logs += r.json()["sleep"]
        for a, b in chunks(start, end, 1095):
            r = s.get(f"{base}/1/user/-/activities/steps/date/{a}/{b}.json")
            r.raise_for_status()
            steps += r.json()["activities-steps"]
    else:
        for d, _ in chunks(start, end, 1):
            r = s.get(f"{base}/1.2/user/-/sleep/date/{d}.json")
            r.raise_for_status()
            logs += r.json()["sleep"]
            r = s.get(f"{base}/1/user/-/activities/steps/date/{d}/1d.json")
            r.raise_for_status()
            steps += r.json()["activities-steps"]
    sleeps = pd.DataFrame(logs)
    days = pd.DataFrame(steps)
    days["value"] = days["value"].astype(int)
    return len(sleeps), len(days)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--root", required=True)
    ap.add_argument("--tokens", required=True)
    ap.add_argument("--flavor", choices=["oura", "fitbit"], default="oura")
    ap.add_argument("--years", type=int, default=1)
    ap.add_argument("--style", choices=["range", "daily"], default="range")
    a = ap.parse_args()
    token = json.load(open(a.tokens))[a.flavor]
    start = END - dt.timedelta(days=365 * a.years - 1)
    n = 0
    s = requests.Session()
    s.headers["Authorization"] = f"Bearer {token}"

    def count(r, *args, **kw):
        nonlocal n
        n += 1
    s.hooks["response"].append(count)
    t0 = time.perf_counter()
    nsleeps, ndays = (oura if a.flavor == "oura" else fitbit)(s, a.root, start, END, a.style)
    secs = time.perf_counter() - t0
    emit(seconds=[secs], requests=n, sleeps=nsleeps, days=ndays)


if __name__ == "__main__":
    main()
