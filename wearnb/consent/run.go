package consent

import (
	"context"
	"errors"
	"fmt"
	"html"
	"os"
	"os/signal"
	"strings"
	"time"

	"golang.org/x/oauth2"
)

// InterruptContext returns a context that ends when the process gets
// os.Interrupt, which is what GoNB sends when the person presses Jupyter's
// stop button (SIGKILL follows 5 s later). Call stop when done. [Run]
// already does this for its own wait; use InterruptContext for the rest of a
// cell.
func InterruptContext(parent context.Context) (ctx context.Context, stop context.CancelFunc) {
	return signal.NotifyContext(parent, os.Interrupt)
}

// Status icons, also used to find lines in tests and notebooks.
const (
	iconWaiting   = "⏳"
	iconReceived  = "📨"
	iconExchanged = "🔁"
	iconSaved     = "💾"
	iconConnected = "✅"
	iconFailed    = "❌"
	iconWarning   = "⚠️"
)

// Run does the whole consent flow in one blocking call, as a notebook cell
// (each cell is its own process) needs it:
//
//  1. builds the authorization URL with a fresh state and PKCE verifier;
//  2. in Local mode starts the callback server (a port in use fails at
//     once) and shows a link to it, which redirects to the provider; in
//     Paste mode shows the provider's link and asks for the redirected URL;
//  3. keeps a status line with a countdown until the code arrives, the
//     provider reports an error, cfg.Timeout passes or the cell is
//     interrupted (Run catches os.Interrupt itself while it waits);
//  4. exchanges the code, saves the token with cfg.Save, and ends with a
//     status line saying who is connected, with which scopes, until when.
//
// The callback server is closed before Run returns, well within GoNB's 5 s
// between SIGINT and SIGKILL. The link and the status lines go to
// cfg.Display (plain lines on standard output by default). No output and no
// error contains the token, the code, the verifier or the client secret.
func Run(ctx context.Context, cfg Config) (*oauth2.Token, error) {
	st := newStatus(cfg.Display)
	c, err := cfg.normalized()
	if err != nil {
		st.fail(err)
		return nil, err
	}
	ctx, stop := InterruptContext(ctx)
	defer stop()

	mode := c.Mode
	if mode == Auto {
		mode = Local
		if why := pasteOnly(&c); why != "" {
			mode = Paste
			c.logf("consent: paste mode because %s", why)
		} else if remote, why := DetectRemote(); remote {
			mode = Paste
			c.logf("consent: paste mode because %s", why)
		}
	}
	a := newAuthorization(&c)
	deadline := time.Now().Add(c.Timeout)
	waitCtx, cancel := context.WithDeadline(ctx, deadline)
	defer cancel()

	var code string
	switch mode {
	case Local:
		s, err := listen(&c, a)
		if err != nil {
			st.fail(err)
			return nil, err
		}
		defer s.Close()
		showLink(&c, st, s.Link(), localHelp)
		code, err = countdown(waitCtx, st, &c, deadline, s.Wait)
		s.Close() // free the port before the exchange
		if err != nil {
			err = finalWaitError(&c, err, "the callback at "+c.OAuth2.RedirectURL)
			st.fail(err)
			return nil, err
		}
	case Paste:
		showLink(&c, st, a.URL, pasteHelp(&c))
		code, err = countdown(waitCtx, st, &c, deadline, func(ctx context.Context) (string, error) {
			return pasteLoop(ctx, &c, a, st)
		})
		if err != nil {
			err = finalWaitError(&c, err, "a pasted URL")
			st.fail(err)
			return nil, err
		}
	default:
		err := fmt.Errorf("consent: unknown mode %v", c.Mode)
		st.fail(err)
		return nil, err
	}

	st.set(iconReceived, "Received the authorization code from "+c.Provider+"; exchanging it for a token…")
	tok, err := exchange(ctx, &c, a, code)
	if err != nil {
		st.fail(err)
		return nil, err
	}
	st.set(iconExchanged, "Exchanged the code for a token.")
	where := ""
	if c.Save != nil {
		if err := c.Save.Save(tok); err != nil {
			err = scrub(fmt.Errorf("consent: saving the token: %w", err), tok.AccessToken, tok.RefreshToken)
			st.fail(err)
			return nil, err
		}
		if p, ok := c.Save.(interface{ Path() string }); ok {
			where = p.Path()
		}
		if where != "" {
			st.set(iconSaved, "Saved the token to "+where+".")
		} else {
			st.set(iconSaved, "Saved the token.")
		}
	}
	st.set(iconConnected, Connected(c.Provider, tok, c.OAuth2.Scopes, where))
	return tok, nil
}

// Connected is the closing status line of [Run]: provider, user, granted
// scopes (the requested ones if the provider did not say), expiry, whether a
// refresh token came, and where the token was saved. It never shows a token.
func Connected(provider string, tok *oauth2.Token, requested []string, savedTo string) string {
	info := Inspect(tok)
	var b strings.Builder
	b.WriteString("Connected to " + provider)
	if info.UserID != "" {
		b.WriteString(" as user " + info.UserID)
	}
	scopes := info.Scopes
	if len(scopes) == 0 {
		scopes = requested
	}
	if len(scopes) > 0 {
		b.WriteString(" with scopes " + strings.Join(scopes, " "))
	}
	if !info.Expiry.IsZero() {
		b.WriteString("; access until " + info.Expiry.Local().Format("2006-01-02 15:04 MST"))
	}
	if info.Refresh != "none" {
		b.WriteString(", renewable with its refresh token")
	}
	if savedTo != "" {
		b.WriteString("; saved to " + savedTo)
	}
	b.WriteString(".")
	return b.String()
}

// showLink shows the consent link and calls cfg.Ready.
func showLink(c *Config, st *status, link, help string) {
	st.d.Link(link, c.Provider, help)
	if c.Ready != nil {
		c.Ready(link)
	}
}

// LinkHTML is the HTML a notebook shows for the consent link: an anchor
// with class "wearnb-consent-link" (how notebook tests find it) that opens
// link in a new tab, and an optional help text (HTML) below it.
func LinkHTML(link, provider, helpHTML string) string {
	var b strings.Builder
	b.WriteString(`<div class="wearnb-consent">`)
	fmt.Fprintf(&b, `<a class="wearnb-consent-link" href="%s" target="_blank" rel="noopener">Connect %s (opens the consent page)</a>`,
		html.EscapeString(link), html.EscapeString(provider))
	b.WriteString(`</div>`)
	if helpHTML != "" {
		b.WriteString(`<div class="wearnb-consent-help">` + helpHTML + `</div>`)
	}
	return b.String()
}

// localHelp is shown under the link in Local mode.
const localHelp = "The link opens the consent page through a server in this cell. " +
	"If nothing happens after you choose Allow, your browser runs on another machine than the kernel: " +
	"stop the cell and run it again with Mode: consent.Paste (or WEARNB_CONSENT_MODE=paste)."

func pasteHelp(c *Config) string {
	if pasteOnly(c) != "" {
		return "After you choose Allow, the browser goes to " + c.OAuth2.RedirectURL +
			" with ?code=… (and state=…) in its address: copy that whole address from the address bar and paste it into the box below (just the code works too). " +
			"The page itself does not matter."
	}
	return "After you choose Allow, the browser goes to " + c.OAuth2.RedirectURL +
		"?code=… and probably shows an error page, since nothing listens there: copy that whole address from the address bar and paste it into the box below (just the code works too)."
}

// countdown runs wait while the status line counts down to deadline: every
// second on a live display (a notebook), every minute in a terminal.
func countdown(ctx context.Context, st *status, c *Config, deadline time.Time, wait func(context.Context) (string, error)) (string, error) {
	type result struct {
		code string
		err  error
	}
	done := make(chan result, 1)
	go func() {
		code, err := wait(ctx)
		done <- result{code, err}
	}()
	step := time.Minute
	if live(st.d) {
		step = time.Second
	}
	show := func() {
		left := time.Until(deadline)
		if left < 0 {
			left = 0
		}
		st.set(iconWaiting, fmt.Sprintf("Waiting for consent at %s: %s left.", c.Provider, clock(left)))
	}
	show()
	tick := time.NewTicker(step)
	defer tick.Stop()
	for {
		select {
		case r := <-done:
			return r.code, r.err
		case <-tick.C:
			show()
		}
	}
}

// clock formats a duration as m:ss, rounding down (4:59 just after the
// start of a 5-minute wait).
func clock(d time.Duration) string {
	s := int(d / time.Second)
	return fmt.Sprintf("%d:%02d", s/60, s%60)
}

// finalWaitError says what to do after a timeout or interruption.
func finalWaitError(c *Config, err error, what string) error {
	var w *waitErr
	if !errors.As(err, &w) {
		return err
	}
	out := *w
	switch {
	case w.kind == ErrTimeout:
		out.msg = fmt.Sprintf("consent: no consent arrived within %s (waiting for %s)", c.Timeout, what)
		if out.advice == "" {
			out.advice = "run the flow again and finish the consent page in time, or, if the browser runs on another machine than the kernel, use Paste mode"
		}
	case w.kind == ErrInterrupted:
		out.msg = strings.Replace(w.msg, "while waiting for", "before consent arrived, while waiting for", 1)
	}
	return &out
}

// pasteLoop asks for the redirected URL until one is usable, the provider's
// error is pasted, three pastes failed, or ctx ends.
func pasteLoop(ctx context.Context, c *Config, a *Authorization, st *status) (string, error) {
	const tries = 3
	var last error
	for i := 0; i < tries; i++ {
		line, err := c.Input(ctx, "Paste the address your browser went to after Allow:", true)
		if err != nil {
			if ctx.Err() != nil {
				w := waitError(ctx, "a pasted URL").(*waitErr)
				w.advice = "if this runs headless (no one can type into the notebook), no paste can arrive: " +
					"run the consent flow interactively once, then later runs load the token file"
				w.input = err
				return "", w
			}
			return "", fmt.Errorf("consent: no pasted URL could be read: %w", err)
		}
		code, err := ParsePasted(line, a.State)
		if err == nil {
			c.logf("consent: accepted the pasted authorization response")
			return code, nil
		}
		var denied *DeniedError
		if errors.As(err, &denied) {
			return "", err
		}
		last = err
		c.logf("consent: rejected a paste: %v", err)
		if i < tries-1 {
			st.set(iconWarning, fmt.Sprintf("That did not work (%v). Paste the address again.", strings.TrimPrefix(err.Error(), "consent: ")))
		}
	}
	return "", fmt.Errorf("%w; gave up after %d unusable pastes", last, tries)
}

// status is the flow's status line on its Display.
type status struct{ d Display }

// newStatus uses d, or a Terminal on standard output if d is nil.
func newStatus(d Display) *status {
	if d == nil {
		d = Terminal(nil)
	}
	return &status{d: d}
}

func (st *status) set(icon, msg string) { st.d.Status(icon, msg) }

func (st *status) fail(err error) {
	st.d.Status(iconFailed, "Failed: "+strings.TrimPrefix(err.Error(), "consent: "))
}
