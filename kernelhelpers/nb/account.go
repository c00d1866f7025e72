package nb

import (
	"context"
	"encoding/json"
	"html"
	"slices"
	"strings"

	"wearnb.dev/kernelhelpers"
	"wearnb.dev/wearnb"
	"wearnb.dev/wearnb/cache"
	"wearnb.dev/wearnb/connect"
	"wearnb.dev/wearnb/consent"
	"wearnb.dev/wearnb/frames"
	"wearnb.dev/wearnb/providers"
)

// Account is a provider account opened for a cell. Its methods use the
// cell's context and stop the cell with an error box on failure, so they
// return values only.
type Account struct {
	f    *front
	conn *connect.Account
}

// Open opens the named provider account ("oura", "googlehealth",
// "fitbit", "jawbone"; see providers.Names) with connect's options:
// connect.Sandbox() for the built-in sandbox, connect.Offline() to read
// only the cache, connect.Reconsent() to consent again. Without a saved
// token it runs the consent flow in the cell: a link, a live status line,
// and a wait for the person to approve. Consent and sync progress are
// shown in the notebook (plain lines in a terminal); options given here
// come after nb's and win.
func Open(provider string, opts ...connect.Option) *Account { return std.open(provider, opts...) }

func (f *front) open(provider string, opts ...connect.Option) *Account {
	name := strings.ToLower(strings.TrimSpace(provider))
	if !slices.Contains(providers.Names(), name) {
		f.fail(&UnknownProviderError{Name: provider})
		return nil
	}
	all := append([]connect.Option{
		connect.Display(f.consentDisplay()),
		connect.Input(f.d.Input),
		connect.Progress(func(label string, total int) cache.Progress { return f.d.NewProgress(label, total) }),
	}, opts...)
	conn, err := connect.Open(f.context(), name, all...)
	if err != nil {
		f.fail(err)
		return nil
	}
	f.closeAtExit(conn.Close)
	f.d.Sync() // the consent flow's last status line, if the cell ends here
	return &Account{f: f, conn: conn}
}

// consentDisplay is how the consent flow shows itself: the notebook's
// link, live status line and warning box, or consent's plain lines on the
// terminal.
func (f *front) consentDisplay() consent.Display {
	if !kernelhelpers.IsNotebook() {
		return consent.Terminal(f.out)
	}
	return &notebookConsent{d: f.d, status: f.d.NewStatus()}
}

type notebookConsent struct {
	d      *kernelhelpers.Display
	status *kernelhelpers.Status
}

func (n *notebookConsent) Link(link, provider, help string) {
	n.d.HTML(consent.LinkHTML(link, provider, html.EscapeString(help)))
}

func (n *notebookConsent) Status(icon, msg string) { n.status.Set(icon, msg) }

func (n *notebookConsent) Warn(msg string) {
	n.d.HTML(`<div class="wearnb-warning">⚠️ ` + html.EscapeString(msg) + `</div>`)
}

// Live: the status line is rewritten in place, so the countdown may tick
// every second.
func (n *notebookConsent) Live() bool { return true }

// Sleeps returns the sleep periods (nights and naps) dated in r, synced
// into the cache first.
func (a *Account) Sleeps(r wearnb.Range) wearnb.Sleeps {
	return read(a, a.conn.Sleeps, r)
}

// Days returns one DayMoves per day with data in r.
func (a *Account) Days(r wearnb.Range) []wearnb.DayMoves {
	return read(a, a.conn.Days, r)
}

// Hours returns one HourMoves per hour with data in r.
func (a *Account) Hours(r wearnb.Range) []wearnb.HourMoves {
	return read(a, a.conn.Hours, r)
}

// read returns what get returns for r, failing the cell on an error.
func read[T any](a *Account, get func(context.Context, wearnb.Range) (T, error), r wearnb.Range) T {
	v, err := get(a.f.context(), r)
	a.f.check(err)
	return v
}

// Sync fetches what the cache lacks for r and says what it did.
func (a *Account) Sync(r wearnb.Range) *cache.SyncReport {
	rep, err := a.conn.Sync(a.f.context(), r)
	a.f.check(err)
	return rep
}

// Token describes the saved token without showing it (fingerprints only).
func (a *Account) Token() consent.TokenInfo {
	t, err := a.conn.Token()
	a.f.check(err)
	return t
}

// Items returns the provider's own records of stream in r as received,
// for frames.Flatten: the stream is synced for r (unless the account is
// offline), then the items at path in every cached page of it from the
// stream's own endpoint (the last segment of the first page's URL path;
// Jawbone's moves stream also reads /heartrates) are returned, once per
// value of the key field (see frames.Items).
func (a *Account) Items(r wearnb.Range, stream, path, key string) []json.RawMessage {
	if a.conn.HTTPClient() != nil {
		_, err := a.conn.Sync(a.f.context(), r, cache.WithStreams(stream))
		a.f.check(err)
	}
	pages, err := a.conn.RawPages(a.f.context(), r, stream)
	a.f.check(err)
	bodies := make([][]byte, 0, len(pages))
	for _, p := range pages {
		// A stream that also reads another endpoint (Jawbone's moves read
		// the day's resting heart rate from /heartrates) keeps the items
		// of its own: the endpoint of its first page.
		if endpoint(p.URL) == endpoint(pages[0].URL) {
			bodies = append(bodies, p.Body)
		}
	}
	items, err := frames.Items(bodies, path, key)
	a.f.check(err)
	return items
}

// Conn returns the library account, for everything nb does not wrap.
func (a *Account) Conn() *connect.Account { return a.conn }

// Close closes the cache and stops the in-process sandbox. Cells need not
// call it (see the package documentation).
func (a *Account) Close() error { return a.conn.Close() }

// endpoint is the last segment of the path of a page's URL ("moves" for
// …/users/@me/moves?page_token=…), "" when it has none.
func endpoint(u string) string {
	if i := strings.IndexAny(u, "?#"); i >= 0 {
		u = u[:i]
	}
	return u[strings.LastIndex(u, "/")+1:]
}

// Logout ends the account's consent: it revokes it at the provider where
// the provider allows (see connect.Account.Logout), deletes the token
// file and, with connect.DeleteCache(), the account's cached data. It
// returns what it did (nb.Show prints it). The next nb.Open of the
// account asks for consent again.
func (a *Account) Logout(opts ...connect.LogoutOption) *connect.LogoutReport {
	rep, err := a.conn.Logout(a.f.context(), opts...)
	a.f.check(err)
	return rep
}
