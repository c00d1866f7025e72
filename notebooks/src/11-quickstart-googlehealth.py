spec["nb"] = nb([
("markdown", """
# Quickstart: Google Health

The Google Health API v4 is the successor of the Fitbit Web API: Fitbit and
Pixel Watch data live behind it now. This notebook runs against wearnb's
built-in **sandbox**, which speaks Google Health's wire format for a
synthetic person and enforces Google's OAuth rules (client types, redirect
URIs, the secret, the 7-day refresh tokens of apps in Testing). For your own
data, set Google up once, as below (the README's *Connect your real account*
has the same steps), and drop `connect.Sandbox()`.

## Setting up Google, once

1. **A Cloud project with the API.** In the Google Cloud console create (or
   pick) a project and enable the *Google Health API*
   (APIs & Services → Library → "Google Health API").
2. **The OAuth consent screen** (Google Auth Platform → *Audience*): user type
   *External*, publishing status *Testing*, and your own Google account under
   *Test users*: while the app is in Testing, only test users can consent.
   Under *Data access* add the scopes wearnb asks for,
   `https://www.googleapis.com/auth/googlehealth.sleep.readonly`,
   `https://www.googleapis.com/auth/googlehealth.activity_and_fitness.readonly`
   and, for heart rate and nightly vitals,
   `https://www.googleapis.com/auth/googlehealth.health_metrics_and_measurements.readonly`.
3. **Restricted scopes.** Google Health's scopes are restricted: an app for
   the public needs Google's verification and a security assessment. Yours
   is a personal project with one user, and needs neither: you click through
   a *Google hasn't verified this app* screen (*Advanced → Go to …*). In
   Testing, Google **expires refresh tokens after 7 days**, so you consent
   again each week; *publishing* the app (Audience → *Publish app*, no
   verification needed for you alone) ends that. Consent once more after
   publishing: a token issued in Testing keeps its 7 days.
4. **The client and its redirect URI** (Clients → *Create client*):
   - **Desktop app**: nothing to register. Any loopback port works; wearnb's
     callback server takes `http://localhost:8976/callback`, and the consent
     happens in this cell as with any provider.
   - **Web application**, as Google's own guide does it: register
     `https://www.google.com` as the *Authorized redirect URI* and set
     `WEARNB_GOOGLEHEALTH_REDIRECT_URL=https://www.google.com`. After *Allow*
     the browser opens google.com with `?code=…` in its address: copy that
     whole address into the box the cell shows (**paste mode**; it is also
     what a remote kernel uses).
5. **The id and secret** go where Jupyter reads them, never in a notebook:
   `WEARNB_GOOGLEHEALTH_CLIENT_ID` and `WEARNB_GOOGLEHEALTH_CLIENT_SECRET` in
   the environment of the Jupyter server, or `$WEARNB_HOME/secrets.json`
   (mode 0600) as `{"googlehealth": {"client_id": "…", "client_secret": "…"}}`.
   Desktop clients have a secret too; Google wants it even with PKCE.

Then run the next cells without `connect.Sandbox()`: the first one shows a
consent link and waits for you.
"""),
("code", BOOT),
("code", """
import (
	"wearnb.dev/kernelhelpers/nb"
	"wearnb.dev/wearnb"
	"wearnb.dev/wearnb/charts"
	"wearnb.dev/wearnb/connect"
	"wearnb.dev/wearnb/frames"
)

// The account every cell reads: the first time, the cell waits for consent.
var acct = nb.Open("googlehealth", connect.Sandbox())
var lastYear = wearnb.Range{From: wearnb.MustDate("2025-01-01"), To: wearnb.MustDate("2025-12-31")}

%%
nb.Rows(5).Show(frames.Sleeps(acct.Sleeps(lastYear)))
""", ["html:asleep_min"]),
("code", """
%%
nb.Show(charts.SleepDuration(acct.Sleeps(lastYear), 7))
nb.Rows(5).Show(frames.Moves(acct.Days(lastYear)))
""", ["image/png", "html:steps"]),
("markdown", """
## When the week is over

With the app in Testing, a cell a week after consent stops with a box:
*Google ended this consent, likely because the app's OAuth consent screen is
in Testing (its refresh tokens last 7 days).* Google answers an expired and a
revoked token alike, so wearnb says *likely*; once the saved token is 7 days
old it calls it *the likely cause*. The fix: add `connect.Reconsent()` to the
`nb.Open` call once, or publish the app.

## Logging out

`Logout` revokes the consent at Google (the refresh token, which ends the
grant), deletes the token file and, with `connect.DeleteCache()`, the cached
data. Here on a second sandbox account, so the one above keeps working:
"""),
("code", """
%%
demo := nb.Open("googlehealth", connect.Sandbox(), connect.Named("logout-demo"))
nb.Show(demo.Logout(connect.DeleteCache()))
""", ["text:revoked the consent at the provider", "text:deleted the token file"]),
], expect=["image/png"])
