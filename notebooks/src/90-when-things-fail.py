spec["nb"] = nb([
("markdown", """
# When things fail

What a cell shows when something goes wrong: one box that says what happened
and what to do, never a panic trace. Each failing cell below is meant to fail
(the notebook tests check that the box appears with its fix); the cells after
them show the fix working.

GoNB prints `exit status 1` under a failed cell: the cell's program stopped
there, so nothing after the error ran.
"""),
("code", BOOT),
("code", """
import (
	"net"
	"net/http"
	"syscall"

	"wearnb.dev/kernelhelpers/nb"
	"wearnb.dev/wearnb"
	"wearnb.dev/wearnb/connect"
	"wearnb.dev/wearnb/frames"
	"wearnb.dev/wearnb/sandbox"
)

// Two months nobody has fetched yet, so reading them needs the provider.
var (
	january  = wearnb.Range{From: wearnb.MustDate("2023-01-01"), To: wearnb.MustDate("2023-01-31")}
	february = wearnb.Range{From: wearnb.MustDate("2023-02-01"), To: wearnb.MustDate("2023-02-28")}
)

// unplugged is a transport that fails like a network with no cable.
func unplugged(http.RoundTripper) http.RoundTripper { return refused{} }

type refused struct{}

func (refused) RoundTrip(*http.Request) (*http.Response, error) {
	return nil, &net.OpError{Op: "dial", Net: "tcp", Err: syscall.ECONNREFUSED}
}

%%
nb.Show(nb.Open("oura", connect.Sandbox()).Token())
""", ["text:refresh: sha256:"]),
("markdown", """
## A provider name that does not exist

The box lists the names that do.
"""),
("code", """
%%
nb.Open("ourra", connect.Sandbox())
""", [], ['There is no provider called "ourra"', '"oura"']),
("markdown", """
## Access revoked at the provider

People can remove an app's access in the provider's settings. The sandbox
does the same here (it keeps its grants in a file, as a provider keeps them in
its database); after that the saved token is refused, and the box says how to
connect again.
"""),
("code", """
%%
sb := nb.Must(connect.StartSandbox("127.0.0.1:0"))
sb.RevokeConsent(sandbox.Oura)
sb.Close()
""", []),
("code", """
%%
nb.Show(frames.Sleeps(nb.Open("oura", connect.Sandbox()).Sleeps(january)))
""", [], ["no longer works", "connect.Reconsent()"]),
("markdown", """
The fix, as the box says: consent again (once), and the same read works.
"""),
("code", """
%%
acct := nb.Open("oura", connect.Sandbox(), connect.Reconsent())
nb.Rows(3).Show(frames.Sleeps(acct.Sleeps(january)))
""", ["html:asleep_min"]),
("markdown", """
## The network is down

Here the account's transport fails every request the way an unplugged
network does (the connection is refused), which is what the program sees
when the provider cannot be reached.
"""),
("code", """
%%
acct := nb.Open("oura", connect.Sandbox(), connect.WrapTransport(unplugged))
nb.Show(frames.Sleeps(acct.Sleeps(february)))
""", [], ["cannot be reached", "connect.Offline()"]),
("markdown", """
Offline, the account reads what the cache already holds, with no token and no
network.
"""),
("code", """
%%
nb.Rows(3).Show(frames.Sleeps(nb.Open("oura", connect.Sandbox(), connect.Offline()).Sleeps(january)))
""", ["html:asleep_min"]),
])
