spec["nb"] = nb([
("markdown", """
# Quickstart: Fitbit

The Fitbit Web API was shut down in autumn 2026 (it answers HTTP 410 Gone).
Years of Fitbit history are still yours in two forms:

1. **your Google Takeout archive**: everything Fitbit recorded, as files,
   read offline (this notebook's first part);
2. **the retired API**: for archived deployments, and in wearnb's sandbox,
   which still speaks it (the second part).

New data from Fitbit and Pixel Watch devices comes from Google Health
(`11-quickstart-googlehealth`).

## 1. Your Takeout archive

At <https://takeout.google.com> deselect all, select **Fitbit** (after the
move to Google accounts it is called *Google Health*), and export. Google
mails a link to a `.zip` (big archives come in parts, `takeout-…-001.zip`,
`-002.zip`, …). Then, with the path of your download:

```go
var acct = nb.Open("fitbit", connect.Takeout("~/Downloads/takeout-*.zip"))
```

The first run reads the archive (sleep logs, per-minute steps, distance,
calories and heart rate, active minutes, resting heart rate, and each night's
HRV, breathing rate and skin temperature when the archive has them) into the
cache as the account `default@takeout`, with a
progress bar; later cells read the cache, so every frame, metric and chart of
the other notebooks works on it, offline. The per-minute files are stamped in
UTC; the zone comes from the archive's profile (`takeout.Zone` sets another).

Here the sandbox writes its synthetic person's archive first, the way
Takeout would give you yours.
"""),
("code", BOOT),
("code", """
import (
	"os"
	"path/filepath"

	"wearnb.dev/kernelhelpers/nb"
	"wearnb.dev/wearnb"
	"wearnb.dev/wearnb/sandbox"
)

// Where this demo keeps its archive (yours is wherever you downloaded it).
var archivePath = filepath.Join(os.TempDir(), "wearnb-demo-takeout-fitbit.zip")
var firstHalf = wearnb.Range{From: wearnb.MustDate("2025-01-01"), To: wearnb.MustDate("2025-06-30")}

%%
f := nb.Must(os.Create(archivePath))
nb.Check(sandbox.New(sandbox.Options{}).WriteTakeoutZip(f, sandbox.TakeoutOptions{Range: firstHalf}))
nb.Check(f.Close())
nb.Show("wrote " + archivePath)
""", ["text:wrote "]),
("code", """
import (
	"wearnb.dev/wearnb/charts"
	"wearnb.dev/wearnb/connect"
	"wearnb.dev/wearnb/frames"
)

// The archive as an account: imported once, then read from the cache.
var archive = nb.Open("fitbit", connect.Takeout(archivePath))

%%
nb.Rows(5).Show(frames.Sleeps(archive.Sleeps(firstHalf)))
""", ["html:asleep_min"]),
("code", """
%%
nb.Show(charts.SleepDuration(archive.Sleeps(firstHalf), 7))
nb.Rows(5).Show(frames.Moves(archive.Days(firstHalf)))
nb.Rows(5).Show(frames.NightlyVitals(archive.Vitals(firstHalf)))
""", ["image/png", "html:steps", "html:hrv_rmssd_ms"]),
("markdown", """
An archive that is not a Fitbit Takeout (the wrong folder, another Google
product) stops the cell with a box saying what was looked for, and a file
that is not what its name says (an API response saved in its place) is named
in the box.

## 2. The retired API, in the sandbox

For the API itself (an archived deployment, or to compare with the archive),
the sandbox serves the same person in the Fitbit Web API's format. For a real
account the app was registered at dev.fitbit.com with the redirect URI
`http://localhost:8976/callback` and its credentials set in
`WEARNB_FITBIT_CLIENT_ID` and `WEARNB_FITBIT_CLIENT_SECRET`; today the real
API answers 410, and the cell would say so.
"""),
("code", """
%%
api := nb.Open("fitbit", connect.Sandbox())
nb.Rows(5).Show(frames.Sleeps(api.Sleeps(firstHalf)))
""", ["html:asleep_min"]),
], expect=["image/png"])
