spec["nb"] = nb([
("markdown", """
# OAuth2, step by step

Wearable providers let an app read your data only after you say yes at the
provider's own site. The protocol is **OAuth 2.0's authorization-code flow**
(RFC 6749 §4.1) with **PKCE** (RFC 7636). This notebook walks through it one
step at a time against wearnb's built-in **sandbox provider**: an offline
server that behaves like Fitbit's, the textbook case (PKCE, and refresh tokens
that work once). Fitbit's own Web API was retired in autumn 2026, but the
sandbox still speaks it; the same steps work for `"oura"` and `"googlehealth"`.
Nothing here needs an account or the internet.

Four parties take part:

| who | here |
|---|---|
| **you** (the resource owner) | you, clicking in the browser |
| **the client** (the app) | this notebook |
| **the authorization server** | the sandbox's `/fitbit/oauth2/...` endpoints |
| **the resource server** (the API) | the sandbox's `/fitbit/1.2/user/-/...` |

GoNB runs every cell as a **new program**, so each cell below starts the
sandbox again (its grants are kept in a file, like a real provider keeps them
in its database) and anything a later cell needs is kept in a file too.
"""),
("code", BOOT),
("code", """
import (
	"context"
	"fmt"
	"net/url"
	"strings"

	"golang.org/x/oauth2"
	"wearnb.dev/kernelhelpers/nb"
	"wearnb.dev/wearnb/connect"
	"wearnb.dev/wearnb/consent"
	"wearnb.dev/wearnb/providers"
	"wearnb.dev/wearnb/sandbox"
)

// provider is the sandbox flavour this notebook talks to.
const provider = "fitbit"

// What every step below needs, made again in every cell: the sandbox, the
// provider's endpoints and scopes, the consent configuration with the
// sandbox's demo client (its id and secret come from the package, never
// from notebook source), and the file the token is kept in.
var (
	sb   = nb.Must(connect.StartSandbox(connect.DefaultSandboxAddr))
	api  = nb.Must(providers.Sandbox(provider, sb.URL()))
	cfg  = consent.New("Fitbit (sandbox)", api.Auth(), sandbox.DemoClientID, sandbox.DemoClientSecret)
	file = nb.Must(connect.TokenFile(provider+"-sandbox", "teaching"))
)
"""),
("markdown", """
## Step 1: the authorization URL

The client sends you to the provider's consent page with a URL that says who
is asking (`client_id`), what for (`scope`), where to send you back
(`redirect_uri`, which must match the one registered with the provider
*exactly*), and two values that protect the flow:

- **`state`**: a random value the provider sends back unchanged. The client
  only accepts a redirect carrying the state it made, so nobody can slip you
  a redirect from a flow you did not start (CSRF).
- **`code_challenge`** (PKCE): the SHA-256 of a random **verifier** that never
  leaves the client. Whoever exchanges the code later must show the verifier,
  so a code stolen on the way back is useless.
"""),
("code", """
%%
a := nb.Must(consent.NewAuthorization(cfg))
u := nb.Must(url.Parse(a.URL))
var b strings.Builder
b.WriteString("| parameter | value |\\n|---|---|\\n")
for _, k := range []string{"response_type", "client_id", "redirect_uri", "scope", "state", "code_challenge", "code_challenge_method"} {
	fmt.Fprintf(&b, "| `%s` | `%s` |\\n", k, u.Query().Get(k))
}
nb.Show(nb.Markdown("Consent page: `" + u.Scheme + "://" + u.Host + u.Path + "`\\n\\n" + b.String()))
fmt.Printf("The verifier stays here: %v\\n", a)
""", ["text:[redacted]"]),
("markdown", """
## Steps 2 to 4: consent, callback, exchange

Now the client starts a tiny web server on the redirect URL
(`http://localhost:8976/callback`, loopback only) and shows you a link. The
link points at that local server, which forwards you to the consent page: if
the link works, the server is up. When you click **Allow**, the provider
redirects your browser to the callback with a one-time **code** and the
state. The client checks the state, then **exchanges** the code and the PKCE
verifier for tokens at the token endpoint, a direct request that your browser
never sees.

These steps share one cell: the code is valid for ten minutes and only once,
and the server lives only as long as this cell's program. The trace below
shows each HTTP exchange with the secrets replaced by `[redacted]`.
"""),
("code", """
%%
cfg.Logf = nb.Logf // show the trace in the notebook

a := nb.Must(consent.NewAuthorization(cfg))
srv := nb.Must(consent.Listen(cfg, a))
defer srv.Close()
nb.Show(nb.HTML(consent.LinkHTML(srv.Link(), "Fitbit (sandbox)", "")))

// Wait for the browser's redirect; the cell's context ends if you stop it.
wctx, cancel := context.WithTimeout(nb.Context(), consent.DefaultTimeout)
defer cancel()
code := nb.Must(srv.Wait(wctx))
fmt.Println("received a code of", len(code), "characters; state checked")

tok := nb.Must(consent.Exchange(nb.Context(), cfg, a, code))
nb.Check(file.Save(tok))
fmt.Println("exchanged and saved to", file.Path())
""", ["text:exchanged and saved"]),
("markdown", """
## Step 5: what came back

An **access token** (short-lived: Fitbit's last 8 hours, Oura's 24) that the
API accepts, and a **refresh token** that gets new access tokens without
asking you again. Both are secrets, so wearnb never shows them: only
fingerprints (the first digits of their SHA-256), enough to see when they
change. The file that holds them has mode 0600.
"""),
("code", """
%%
nb.Show(consent.Inspect(nb.Must(file.Load())))
""", ["text:refresh: sha256:"]),
("markdown", """
## Step 6: call the API

The client sends the access token in an `Authorization: Bearer …` header.
"""),
("code", """
%%
tok := nb.Must(file.Load())
resp := nb.Must(consent.Get(nb.Context(), cfg, tok, sb.URL()+"/fitbit/1.2/user/-/sleep/date/2025-06-01.json"))
fmt.Println(resp.Status)
fmt.Println(string(resp.Body)[:min(len(resp.Body), 400)], "…")
""", ["text:200 OK"]),
("markdown", """
## Step 7: refresh, and why the new pair must be saved first

When the access token expires, the client trades the refresh token for a new
pair. Fitbit's and Oura's refresh tokens work **once**: the answer carries a
new refresh token, and the old one dies as soon as the new pair is used.
(Fitbit forgives one thing: repeating the *identical* refresh request returns
the same new pair until that pair is used, so a lost answer can be fetched
again.) A program that refreshes and then
loses the answer (a crash, a cell interrupted, `x/oauth2` keeping it only in
memory) has locked itself out, and you must consent again. So wearnb saves the
new pair *before* using it, under a file lock shared by every process.
"""),
("code", """
%%
cfg.Save = file // Refresh saves the new pair here before it returns it
old := nb.Must(file.Load())
fresh := nb.Must(consent.Refresh(nb.Context(), cfg, old))
fmt.Println("before:", consent.Inspect(old).Refresh)
fmt.Println("after: ", consent.Inspect(fresh).Refresh)

// Use the new pair once; from then on the old refresh token is dead.
sleepURL := sb.URL() + "/fitbit/1.2/user/-/sleep/date/2025-06-01.json"
fmt.Println("API with the new token:", nb.Must(consent.Get(nb.Context(), cfg, fresh, sleepURL)).Status)
_, err := consent.Refresh(nb.Context(), consent.Config{OAuth2: cfg.OAuth2}, old)
fmt.Println("reusing the old refresh token:", err != nil)
nb.Show(nb.Markdown("The provider says: `" + fmt.Sprint(err) + "`"))
""", ["text:reusing the old refresh token: true"]),
("markdown", """
## Step 8: revoke

Revoking (RFC 7009) withdraws the grant (at Fitbit: every token of it at
once); after it the tokens stop working and
the next use needs your consent again. Providers also let you do this from
their website ("connected apps").
"""),
("code", """
%%
tok := nb.Must(file.Load())
rev := consent.Revocation{URL: sb.URL() + "/fitbit/oauth2/revoke", AuthStyle: oauth2.AuthStyleInHeader}
nb.Check(consent.Revoke(nb.Context(), cfg, rev, tok.RefreshToken))
resp := nb.Must(consent.Get(nb.Context(), cfg, tok, sb.URL()+"/fitbit/1.2/user/-/sleep/date/2025-06-01.json"))
fmt.Println(api.Name(), "API after revoking:", resp.Status)
""", ["text:401"]),
("markdown", """
## All of it in one call

In everyday notebooks, `nb.Open` (on top of `connect.Open`) does all of the
above: it loads the token file, or runs steps 1 to 4 in the cell when there is
none, and gives an HTTP client that refreshes (step 7) by itself. See
`02-sleep-exploration`.
"""),
], expect=["text:exchanged and saved"])
