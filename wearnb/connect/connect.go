// Package connect is the front door for notebooks and programs: name a
// provider, get an Account that is authorised (running the consent flow in
// the cell if no token is saved yet), and read sleeps and moves that are
// synced incrementally into the local cache.
//
//	ctx, stop := consent.InterruptContext(context.Background())
//	defer stop()
//	acct, err := connect.Open(ctx, "oura", connect.Sandbox()) // drop Sandbox() for your real ring
//	...
//	sleeps, err := acct.Sleeps(ctx, wearnb.LastDays(365))
//
// GoNB runs every cell as a new process, so Open is cheap to call in every
// cell: the token comes from its file, the data from the cache, and only
// missing or still-settling days are fetched.
//
// Takeout opens a Google Takeout archive of Fitbit data as an account of
// its own, imported into the same cache; Account.Logout revokes the
// consent and deletes the token file (and, on request, the cached data).
// The endpoints of a real provider can be overridden from the environment
// or the secrets file (settings.go).
package connect

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"time"

	"golang.org/x/oauth2"

	"wearnb.dev/wearnb"
	"wearnb.dev/wearnb/cache"
	"wearnb.dev/wearnb/consent"
	"wearnb.dev/wearnb/internal/paths"
	"wearnb.dev/wearnb/internal/settings"
	"wearnb.dev/wearnb/providers"
	"wearnb.dev/wearnb/providers/base"
	"wearnb.dev/wearnb/providers/fitbit/takeout"
	"wearnb.dev/wearnb/sandbox"
	"wearnb.dev/wearnb/tokenstore"
)

// DefaultSandboxAddr is where StartSandbox and the standalone
// examples/sandbox-server serve the sandbox by default. Open's Sandbox()
// runs it in-process instead and needs no fixed port.
const DefaultSandboxAddr = "127.0.0.1:8975"

// Option configures Open.
type Option func(*options) error

type options struct {
	account      string
	home         string
	sandbox      bool
	sandboxAddr  string
	clientID     string
	clientSecret string
	redirectURL  string
	mode         consent.Mode
	timeout      time.Duration
	logf         func(string, ...any)
	offline      bool
	cachePath    string
	noConsent    bool
	sandboxOpts  sandbox.Options
	onLink       func(string)
	display      consent.Display
	input        consent.InputFunc
	syncOpts     []cache.SyncOption
	reconsent    bool
	wrap         func(http.RoundTripper) http.RoundTripper
	providerOpts []base.Option
	progress     cache.ProgressFunc // as given to Progress (progressSet)
	progressSet  bool
	takeout      string // Takeout's archive path
	takeoutOpts  []takeout.Option
}

// Sandbox uses the built-in sandbox provider instead of the real service:
// the provider's wire format and a synthetic person, run inside this
// process. Token and data requests go through an in-process transport, with
// no socket; only while the consent flow runs does the sandbox listen, on a
// free loopback port, for the browser that opens its consent page, and the
// callback server takes a free port too (the sandbox's demo client accepts
// any loopback port). So two notebooks, or a notebook and a test, can use
// the sandbox at once. Its grants and tokens are kept under the wearnb home
// (a state file that concurrent processes share safely), so a token from
// one cell still works in the next.
func Sandbox() Option {
	return func(o *options) error { o.sandbox = true; return nil }
}

// SandboxAt is Sandbox with its consent page on addr (a loopback
// "host:port") instead of a free port.
func SandboxAt(addr string) Option {
	return func(o *options) error { o.sandbox = true; o.sandboxAddr = addr; return nil }
}

// SandboxWith is SandboxAt with explicit sandbox options (a synthetic
// person of your own, a fake clock, AutoApprove for tests). An empty addr
// means a free port.
func SandboxWith(addr string, opts sandbox.Options) Option {
	return func(o *options) error {
		o.sandbox, o.sandboxAddr, o.sandboxOpts = true, addr, opts
		return nil
	}
}

// OnConsentLink is called with the consent link when the consent flow shows
// it: a command-line program can open a browser with it.
func OnConsentLink(f func(link string)) Option {
	return func(o *options) error { o.onLink = f; return nil }
}

// Display sets how Open talks to the person: the consent link, the status
// lines and warnings (default consent.Terminal(os.Stdout), plain lines). A
// notebook front passes one that renders HTML.
func Display(d consent.Display) Option {
	return func(o *options) error { o.display = d; return nil }
}

// Input sets how the consent flow asks for a pasted URL in Paste mode
// (default consent.StdinInput).
func Input(f consent.InputFunc) Option {
	return func(o *options) error { o.input = f; return nil }
}

// Progress sets how the account's syncs report progress (default
// cache.TextProgress(os.Stdout)); nil turns it off.
func Progress(f cache.ProgressFunc) Option {
	return func(o *options) error {
		o.syncOpts = []cache.SyncOption{cache.WithProgress(f)}
		o.progress, o.progressSet = f, true
		return nil
	}
}

// Reconsent runs the consent flow even if a token is saved, and replaces
// it: the way back after the person revoked access at the provider, the
// saved refresh token stopped working, or the token file is corrupt.
func Reconsent() Option {
	return func(o *options) error { o.reconsent = true; return nil }
}

// WrapTransport wraps the HTTP transport every request of the account goes
// through (token requests and data requests, real provider or in-process
// sandbox): to record the exchanges, add headers, or, in a lesson or a test,
// make the network fail the way an unplugged cable does.
func WrapTransport(wrap func(http.RoundTripper) http.RoundTripper) Option {
	return func(o *options) error {
		if wrap == nil {
			return errors.New("connect: WrapTransport(nil)")
		}
		o.wrap = wrap
		return nil
	}
}

// Named names the provider account (default "default"), for people with
// several rings or watches.
func Named(name string) Option {
	return func(o *options) error {
		if strings.TrimSpace(name) == "" {
			return errors.New("connect: empty account name")
		}
		o.account = name
		return nil
	}
}

// Home sets the folder for tokens, sandbox state and the cache (default
// $WEARNB_HOME, else the user's config folder for tokens and cache folder for
// the cache).
func Home(dir string) Option {
	return func(o *options) error { o.home = dir; return nil }
}

// Credentials sets the OAuth2 client explicitly. Notebooks should not use it
// (secrets do not belong in notebook source): by default they come from
// WEARNB_<PROVIDER>_CLIENT_ID/SECRET or the secrets file (consent.Credentials).
func Credentials(clientID, clientSecret string) Option {
	return func(o *options) error { o.clientID, o.clientSecret = clientID, clientSecret; return nil }
}

// RedirectURL sets the redirect URL registered with the provider (default
// consent.DefaultRedirectURL).
func RedirectURL(u string) Option {
	return func(o *options) error { o.redirectURL = u; return nil }
}

// ConsentMode chooses how consent is collected: consent.Auto (default),
// consent.Local (loopback callback) or consent.Paste (remote kernels).
func ConsentMode(m consent.Mode) Option {
	return func(o *options) error { o.mode = m; return nil }
}

// ConsentTimeout bounds the wait for the person to approve (default 5 min).
func ConsentTimeout(d time.Duration) Option {
	return func(o *options) error { o.timeout = d; return nil }
}

// NoConsent makes Open fail instead of starting the consent flow when no
// token is saved (for cron jobs and scripts).
func NoConsent() Option {
	return func(o *options) error { o.noConsent = true; return nil }
}

// Trace shows every HTTP exchange with the provider, secrets redacted.
func Trace(logf func(format string, args ...any)) Option {
	return func(o *options) error { o.logf = logf; return nil }
}

// Offline reads only what the cache holds: no token, no network.
func Offline() Option {
	return func(o *options) error { o.offline = true; return nil }
}

// CachePath sets the SQLite cache file (default cache.DefaultPath, or
// home/cache.db with Home).
func CachePath(p string) Option {
	return func(o *options) error { o.cachePath = p; return nil }
}

// Account is one provider account: its provider, its saved token, an HTTP
// client that refreshes and persists the token, and the local cache.
type Account struct {
	provider wearnb.Provider
	name     string // account name
	key      string // provider name in token files ("oura", "oura-sandbox")
	cacheAcc string // account name in the cache ("default", "default@sandbox")
	tokens   *tokenstore.File
	oauth    *oauth2.Config
	client   *http.Client
	cache    *cache.Cache
	sb       *sandbox.Server
	syncOpts []cache.SyncOption // progress reporting for every sync
	httpBase *http.Client       // token and revoke requests: the sandbox's transport or the default, traced
	logf     func(string, ...any)
	// importMarker is the imports folder's record of a Takeout account
	// ("" for others); Logout with DeleteCache removes it.
	importMarker string
}

// Open returns the account of the named provider ("oura", "googlehealth",
// "fitbit", "jawbone"; see providers.Names). Without a saved token it runs the
// consent flow, which blocks the cell until the person approves (see
// package consent).
func Open(ctx context.Context, provider string, opts ...Option) (_ *Account, err error) {
	o := options{account: "default"}
	for _, opt := range opts {
		if err := opt(&o); err != nil {
			return nil, err
		}
	}
	if o.display == nil {
		o.display = consent.Terminal(nil)
	}
	home := paths.At(o.home)
	a := &Account{name: o.account, cacheAcc: o.account, syncOpts: o.syncOpts}
	defer func() {
		if err != nil {
			a.Close()
		}
	}()

	name := strings.ToLower(strings.TrimSpace(provider))
	a.key = name
	if o.takeout != "" {
		if name != "fitbit" || o.sandbox {
			return nil, fmt.Errorf("connect: a Takeout archive holds Fitbit data: open it as connect.Open(ctx, \"fitbit\", connect.Takeout(path)), without Sandbox()")
		}
		a.cacheAcc = o.account + "@takeout"
		o.offline = true
	}
	if o.sandbox {
		a.key = name + "-sandbox"
		a.cacheAcc = o.account + "@sandbox"
		if !o.offline {
			if a.sb, err = newSandbox(o, home); err != nil {
				return nil, err
			}
		}
		a.provider, err = providers.Sandbox(name, sandbox.InProcessURL, o.providerOpts...)
		if o.clientID == "" {
			o.clientID, o.clientSecret = sandbox.DemoClientID, sandbox.DemoClientSecret
		}
	} else {
		// The person's overrides (environment, secrets file) apply to real
		// accounts; see settings.go.
		var st settings.Provider
		if _, err = providers.Lookup(name); err == nil {
			st, err = loadSettings(name, home)
			if err != nil {
				return nil, err
			}
			if o.redirectURL == "" {
				o.redirectURL = st.RedirectURL
			}
			a.provider, err = providers.New(name, append(overrideOptions(st), o.providerOpts...)...)
		}
	}
	if err != nil {
		return nil, fmt.Errorf("connect: %w", err)
	}

	cachePath := o.cachePath
	if cachePath == "" {
		if cachePath, err = home.Cache(); err != nil {
			return nil, fmt.Errorf("connect: %w", err)
		}
	}
	if a.cache, err = cache.Open(cachePath); err != nil {
		return nil, fmt.Errorf("connect: %w", err)
	}
	if o.takeout != "" {
		if err := importTakeout(ctx, a, o, home); err != nil {
			return nil, err
		}
		return a, nil
	}
	if o.offline {
		return a, nil
	}

	if o.clientID == "" {
		if o.clientID, o.clientSecret, err = consent.Credentials(name, o.display); err != nil {
			return nil, fmt.Errorf("connect: %w", err)
		}
	}
	cfg := consent.New(providers.DisplayName(name), a.provider.Auth(), o.clientID, o.clientSecret)
	cfg.Name = name
	if o.redirectURL != "" {
		cfg.OAuth2.RedirectURL = o.redirectURL
	}
	cfg.Mode, cfg.Timeout, cfg.Logf, cfg.Ready = o.mode, o.timeout, o.logf, o.onLink
	cfg.Display, cfg.Input = o.display, o.input
	transport := http.DefaultTransport
	if a.sb != nil {
		transport = a.sb.Transport() // token and data requests stay in this process
	}
	if o.wrap != nil {
		transport = o.wrap(transport)
	}
	if a.sb != nil || o.wrap != nil {
		cfg.HTTPClient = &http.Client{Transport: transport}
	}
	a.oauth = &cfg.OAuth2

	dir, err := home.Tokens()
	if err != nil {
		return nil, fmt.Errorf("connect: %w", err)
	}
	a.tokens = tokenstore.OpenFor(dir, a.key, a.name)
	cfg.Save = a.tokens

	// Consent when no token is saved, or when asked to replace one (a
	// revoked grant, a dead refresh token, a corrupt file).
	_, lerr := a.tokens.Load()
	switch {
	case (o.reconsent || errors.Is(lerr, tokenstore.ErrNoToken)) && !o.noConsent:
		if a.sb != nil {
			done, err := listenForConsent(a.sb, &cfg, name, o.sandboxAddr, o.redirectURL != "")
			if err != nil {
				return nil, err
			}
			defer done()
			o.display.Status("🧪", fmt.Sprintf("Connecting to the built-in sandbox provider at %s: synthetic data, no account needed.", a.sb.URL()))
		}
		if _, err := consent.Run(ctx, cfg); err != nil {
			return nil, err
		}
	case lerr != nil:
		return nil, fmt.Errorf("connect: %s account %q: %w", providers.DisplayName(name), a.name, lerr)
	}

	base := transport
	if o.logf != nil {
		base = consent.TraceTransport(base, o.logf)
	}
	a.httpBase, a.logf = &http.Client{Transport: base}, o.logf
	hctx := context.WithValue(context.Background(), oauth2.HTTPClient, a.httpBase)
	a.client = a.tokens.Client(hctx, a.oauth)
	return a, nil
}

// Provider returns the account's provider.
func (a *Account) Provider() wearnb.Provider { return a.provider }

// Name returns the account name ("default" unless set with Named).
func (a *Account) Name() string { return a.name }

// HTTPClient returns a client that authorises requests with the account's
// token, refreshing it (and saving the rotated pair first) when it expires.
// It is nil for an Offline account.
func (a *Account) HTTPClient() *http.Client { return a.client }

// Token describes the saved token without showing it.
func (a *Account) Token() (consent.TokenInfo, error) {
	if a.tokens == nil {
		return consent.TokenInfo{}, errors.New("connect: offline account has no token")
	}
	tok, err := a.tokens.Load()
	if err != nil {
		return consent.TokenInfo{}, err
	}
	return consent.Inspect(tok), nil
}

// Cache returns the account's local cache.
func (a *Account) Cache() *cache.Cache { return a.cache }

// Sync fetches what the cache lacks for r (and the recent days that may
// still change), showing progress. Offline accounts return an error.
func (a *Account) Sync(ctx context.Context, r wearnb.Range, opts ...cache.SyncOption) (*cache.SyncReport, error) {
	if a.client == nil {
		return nil, errors.New("connect: offline account cannot sync")
	}
	return a.cache.Sync(ctx, a.provider, a.cacheAcc, a.client, r, append(slices.Clip(a.syncOpts), opts...)...)
}

// Sleeps syncs and returns the sleep periods (nights and naps) dated in r.
func (a *Account) Sleeps(ctx context.Context, r wearnb.Range) ([]wearnb.Sleep, error) {
	return synced(ctx, a, r, a.cache.Sleeps, wearnb.KindSleeps)
}

// Days syncs and returns one DayMoves per day in r with data.
func (a *Account) Days(ctx context.Context, r wearnb.Range) ([]wearnb.DayMoves, error) {
	return synced(ctx, a, r, a.cache.Days, wearnb.KindDayMoves)
}

// Hours syncs and returns one HourMoves per hour with data in r.
func (a *Account) Hours(ctx context.Context, r wearnb.Range) ([]wearnb.HourMoves, error) {
	return synced(ctx, a, r, a.cache.Hours, wearnb.KindHourlyMoves)
}

// Close stops the in-process sandbox, if any, and closes the cache.
func (a *Account) Close() error {
	if a.sb != nil {
		a.sb.Close()
		a.sb = nil
	}
	if a.cache != nil {
		err := a.cache.Close()
		a.cache = nil
		return err
	}
	return nil
}

// RawPages returns the provider's responses as received for r, from the
// cache (sync first), for building provider-native frames with
// frames.Flatten. Pass stream names to keep only those streams.
func (a *Account) RawPages(ctx context.Context, r wearnb.Range, streams ...string) ([]cache.RawPage, error) {
	pages, err := a.cache.RawPages(ctx, a.provider.Name(), a.cacheAcc, r)
	if err != nil || len(streams) == 0 {
		return pages, err
	}
	keep := pages[:0]
	for _, p := range pages {
		if slices.Contains(streams, p.Stream) {
			keep = append(keep, p)
		}
	}
	return keep, nil
}
