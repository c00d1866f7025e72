package consent_test

import (
	"context"
	"errors"
	"net/url"
	"strings"
	"testing"
	"time"

	"wearnb.dev/wearnb/consent"
)

// pastePerson plays someone on a remote kernel: they open the consent link,
// approve, land on a dead localhost page, and paste what transform makes of
// the address bar. Nothing listens on the redirect port.
func pastePerson(t *testing.T, cfg *consent.Config, transform func(redirected string) []string) (prompts *[]string) {
	t.Helper()
	answers := make(chan string, 8)
	var asked []string
	cfg.Ready = func(link string) {
		resp, _ := get(t, link) // the provider answers with the redirect
		loc := resp.Header.Get("Location")
		if !strings.HasPrefix(loc, cfg.OAuth2.RedirectURL+"?") {
			t.Errorf("provider redirected to %q", loc)
		}
		for _, a := range transform(loc) {
			answers <- a
		}
	}
	cfg.Input = func(ctx context.Context, prompt string, password bool) (string, error) {
		asked = append(asked, prompt)
		if !password {
			t.Error("the paste prompt echoes what is typed; the code would stay in the notebook")
		}
		select {
		case a := <-answers:
			return a, nil
		case <-ctx.Done():
			return "", consent.ErrNoInput
		}
	}
	return &asked
}

func pasteConfig(t *testing.T, decision string) (consent.Config, *fakeAuth) {
	f := newFakeAuth(t, redirectFor(freePort(t)), decision)
	cfg := testConfig(t, f)
	cfg.Mode = consent.Paste
	return cfg, f
}

func TestPasteRedirectedURL(t *testing.T) {
	cfg, _ := pasteConfig(t, "allow")
	pastePerson(t, &cfg, func(u string) []string { return []string{"  " + u + "\n"} })
	tok, err := consent.Run(testCtx(t), cfg)
	if err != nil || !strings.HasPrefix(tok.AccessToken, "at-") {
		t.Fatalf("Run = %v", err)
	}
}

func TestPasteBareCode(t *testing.T) {
	cfg, _ := pasteConfig(t, "allow")
	pastePerson(t, &cfg, func(u string) []string {
		pu, _ := url.Parse(u)
		return []string{pu.Query().Get("code")}
	})
	tok, err := consent.Run(testCtx(t), cfg)
	if err != nil || tok == nil {
		t.Fatalf("Run = %v", err)
	}
}

func TestPasteWrongStateRejected(t *testing.T) {
	cfg, f := pasteConfig(t, "allow")
	prompts := pastePerson(t, &cfg, func(u string) []string {
		pu, _ := url.Parse(u)
		q := pu.Query()
		q.Set("state", "from-an-older-attempt")
		pu.RawQuery = q.Encode()
		return []string{pu.String(), pu.String(), pu.String()}
	})
	tok, err := consent.Run(testCtx(t), cfg)
	if tok != nil || !errors.Is(err, consent.ErrStateMismatch) {
		t.Fatalf("Run = %v, want ErrStateMismatch", err)
	}
	if len(*prompts) != 3 {
		t.Errorf("asked %d times, want 3", len(*prompts))
	}
	if f.exchanges != 0 {
		t.Errorf("%d token requests for a rejected paste", f.exchanges)
	}
}

func TestPasteRetryAfterMistake(t *testing.T) {
	cfg, _ := pasteConfig(t, "allow")
	pastePerson(t, &cfg, func(u string) []string {
		return []string{"http://localhost:8976/callback", "hello world", u}
	})
	if _, err := consent.Run(testCtx(t), cfg); err != nil {
		t.Fatalf("Run = %v, want success on the third paste", err)
	}
}

func TestPasteDenied(t *testing.T) {
	cfg, _ := pasteConfig(t, "deny")
	pastePerson(t, &cfg, func(u string) []string { return []string{u} })
	_, err := consent.Run(testCtx(t), cfg)
	if !errors.Is(err, consent.ErrAccessDenied) {
		t.Fatalf("Run = %v, want ErrAccessDenied", err)
	}
}

func TestPasteNoInputTimesOut(t *testing.T) {
	cfg, _ := pasteConfig(t, "allow")
	cfg.Timeout = 20 * time.Millisecond
	// What a headless kernel does: the input request is never answered.
	cfg.Input = func(ctx context.Context, prompt string, password bool) (string, error) {
		<-ctx.Done()
		return "", consent.ErrNoInput
	}
	_, err := consent.Run(testCtx(t), cfg)
	if !errors.Is(err, consent.ErrTimeout) || !errors.Is(err, context.DeadlineExceeded) || !errors.Is(err, consent.ErrNoInput) {
		t.Fatalf("Run = %v, want ErrTimeout, DeadlineExceeded and ErrNoInput", err)
	}
	for _, want := range []string{"within 20ms", "a pasted URL", "headless"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q lacks %q", err, want)
		}
	}
}

func TestPasteDefaultInputClosedStdin(t *testing.T) {
	// The default input (StdinInput) with standard input at EOF (go test
	// gives /dev/null, as does a cron job): a clear error, no hang.
	cfg, _ := pasteConfig(t, "allow")
	cfg.Timeout = 5 * time.Second
	_, err := consent.Run(testCtx(t), cfg)
	if !errors.Is(err, consent.ErrNoInput) {
		t.Fatalf("Run = %v, want ErrNoInput", err)
	}
}

func TestAutoModeFollowsEnvironment(t *testing.T) {
	t.Setenv("WEARNB_CONSENT_MODE", "paste")
	cfg, _ := pasteConfig(t, "allow")
	cfg.Mode = consent.Auto
	pastePerson(t, &cfg, func(u string) []string { return []string{u} })
	if _, err := consent.Run(testCtx(t), cfg); err != nil {
		t.Fatalf("Auto with WEARNB_CONSENT_MODE=paste: %v", err)
	}
}
