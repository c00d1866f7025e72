package consent_test

import (
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"wearnb.dev/wearnb/consent"
)

// recordingDisplay keeps every call; live sets its Live answer.
type recordingDisplay struct {
	mu     sync.Mutex
	live   bool
	calls  []string
	status []string
}

func (d *recordingDisplay) Link(link, provider, help string) {
	d.add(fmt.Sprintf("link %s %s | %s", provider, link, help))
}

func (d *recordingDisplay) Status(icon, msg string) {
	d.add("status " + icon + " " + msg)
	d.mu.Lock()
	d.status = append(d.status, icon+" "+msg)
	d.mu.Unlock()
}

func (d *recordingDisplay) Warn(msg string) { d.add("warn " + msg) }
func (d *recordingDisplay) Live() bool      { return d.live }

func (d *recordingDisplay) add(s string) {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.calls = append(d.calls, s)
}

func (d *recordingDisplay) waiting() int {
	d.mu.Lock()
	defer d.mu.Unlock()
	n := 0
	for _, s := range d.status {
		if strings.HasPrefix(s, "⏳ Waiting for consent at Fake") {
			n++
		}
	}
	return n
}

// Run says everything through Config.Display: the link with its help, then
// status lines from waiting to connected, in order.
func TestRunTalksThroughItsDisplay(t *testing.T) {
	f := newFakeAuth(t, redirectFor(freePort(t)), "allow")
	cfg := testConfig(t, f)
	d := &recordingDisplay{}
	cfg.Display = d
	visit := browseInBackground(t, &cfg)
	if _, err := consent.Run(testCtx(t), cfg); err != nil {
		t.Fatal(err)
	}
	link, _, _ := visit()
	d.mu.Lock()
	defer d.mu.Unlock()
	if len(d.calls) == 0 || !strings.HasPrefix(d.calls[0], "link Fake "+link+" | The link opens the consent page") {
		t.Fatalf("first call %q, want the link with its help", d.calls)
	}
	var icons []string
	for _, s := range d.status {
		icon, _, _ := strings.Cut(s, " ")
		if len(icons) == 0 || icons[len(icons)-1] != icon {
			icons = append(icons, icon)
		}
	}
	if got, want := strings.Join(icons, " "), "⏳ 📨 🔁 ✅"; got != want {
		t.Errorf("status icons %q, want %q (%q)", got, want, d.status)
	}
}

// A live display gets the countdown every second, a terminal every minute.
func TestCountdownTicksOnLiveDisplays(t *testing.T) {
	for _, live := range []bool{true, false} {
		t.Run(fmt.Sprint("live=", live), func(t *testing.T) {
			t.Parallel()
			f := newFakeAuth(t, redirectFor(freePort(t)), "allow")
			cfg := testConfig(t, f)
			cfg.Timeout = 2500 * time.Millisecond // nobody clicks
			d := &recordingDisplay{live: live}
			cfg.Display = d
			_, err := consent.Run(testCtx(t), cfg)
			if !errors.Is(err, consent.ErrTimeout) {
				t.Fatalf("Run = %v, want ErrTimeout", err)
			}
			n := d.waiting()
			if live && n < 3 || !live && n != 1 {
				t.Errorf("%d waiting lines in 2.5 s, want %s", n, map[bool]string{true: "one a second", false: "one"}[live])
			}
		})
	}
}

func TestTerminalDisplay(t *testing.T) {
	var b strings.Builder
	d := consent.Terminal(&b)
	d.Link("http://localhost:8976/", "Fitbit", "Click it.")
	d.Status("⏳", "Waiting 4:59")
	d.Status("⏳", "Waiting 4:59")
	d.Warn("The secrets file /x can be read by other users")
	want := "Connect Fitbit (opens the consent page): http://localhost:8976/\nClick it.\n" +
		"⏳ Waiting 4:59\n⚠️ The secrets file /x can be read by other users\n"
	if b.String() != want {
		t.Errorf("terminal display printed\n%q\nwant\n%q", b.String(), want)
	}
}
