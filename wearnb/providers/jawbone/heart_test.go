package jawbone_test

import (
	"testing"

	"wearnb.dev/wearnb"
	"wearnb.dev/wearnb/internal/sandboxtest"
	"wearnb.dev/wearnb/providers/base"
	"wearnb.dev/wearnb/providers/jawbone"
	"wearnb.dev/wearnb/sandbox"
)

// TestRestingHeartRates: an item's resting_heartrate is the date's resting
// heart rate; a null one gives none (never 0).
func TestRestingHeartRates(t *testing.T) {
	page, err := jawbone.DecodeHeartRatesPage(readTestdata(t, "heartrates.json"))
	if err != nil {
		t.Fatal(err)
	}
	got := jawbone.RestingHR(page.Data.Items)
	if len(got) != 1 || got[wearnb.MustDate("2014-12-10")] != 55 {
		t.Errorf("resting heart rates %v, want only 2014-12-10: 55", got)
	}
	if _, ok := got[wearnb.MustDate("2014-12-11")]; ok {
		t.Error("a null resting_heartrate became a value")
	}
}

// TestSandboxRestingHeartRates lists a quarter of resting heart rates from
// the sandbox: the person's, every date whose night was recorded.
func TestSandboxRestingHeartRates(t *testing.T) {
	e := sandboxtest.New(t, sandbox.Jawbone, []string{"heartrate_read"}, sandboxtest.At(sandboxNow), sandboxtest.FrozenClock())
	p := jawbone.Sandbox(e.URL, base.WithFetchOptions(e.FetchOptions()...))
	r := wearnb.Range{From: wearnb.MustDate("2025-01-01"), To: wearnb.MustDate("2025-03-31")}
	items, err := p.Client(e.HTTP).HeartRateItems(t.Context(), r)
	if err != nil {
		t.Fatal(err)
	}
	got := jawbone.RestingHR(items)
	want := 0
	for d := r.From; !d.After(r.To); d = d.AddDays(1) {
		bpm, ok := e.Person.RestingHR(d)
		if !ok {
			if _, has := got[d]; has {
				t.Errorf("%v: a resting rate for a night not recorded", d)
			}
			continue
		}
		want++
		if got[d] != float64(bpm) {
			t.Errorf("%v: %v bpm, the person %d", d, got[d], bpm)
		}
	}
	if len(got) != want || want < 80 {
		t.Errorf("%d resting rates, the person has %d", len(got), want)
	}
}

// TestMovesCarryRestingHR: the moves stream's days carry the person's
// resting heart rate; without the heartrate_read scope they carry none
// (missing), and the moves still come.
func TestMovesCarryRestingHR(t *testing.T) {
	r := wearnb.Range{From: wearnb.MustDate("2025-03-01"), To: wearnb.MustDate("2025-03-31")}
	for _, granted := range []bool{true, false} {
		scopes := jawbone.Scopes
		if !granted {
			scopes = []string{"basic_read", "move_read", "sleep_read"}
		}
		e := sandboxtest.New(t, sandbox.Jawbone, scopes, sandboxtest.At(sandboxNow), sandboxtest.FrozenClock())
		p := jawbone.Sandbox(e.URL, base.WithFetchOptions(e.FetchOptions()...))
		b, err := p.Client(e.HTTP).Moves(t.Context(), r)
		if err != nil {
			t.Fatal(err)
		}
		with := 0
		for _, d := range b.Days {
			bpm, ok := e.Person.RestingHR(d.Date)
			switch {
			case !granted && d.RestingHR.OK():
				t.Errorf("%v: a resting rate without the scope", d.Date)
			case granted && (d.RestingHR.OK() != ok || (ok && d.RestingHR != wearnb.Some(float64(bpm)))):
				t.Errorf("%v: resting rate %v, the person %d (%v)", d.Date, d.RestingHR, bpm, ok)
			}
			if d.RestingHR.OK() {
				with++
			}
		}
		if len(b.Days) < 28 || (granted && with < 25) {
			t.Errorf("granted %v: %d days, %d with a resting rate", granted, len(b.Days), with)
		}
	}
}
