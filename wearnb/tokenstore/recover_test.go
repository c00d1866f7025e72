package tokenstore

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"golang.org/x/oauth2"
)

// crashTemp writes, next to f's file, the temporary file a writer killed
// before its rename leaves: tok encoded like Save encodes it, saved age
// after the file's own save (negative: before it), one generation later
// (or earlier), cut to keep bytes (all of them when keep < 0). It is
// written without fsync, as a process killed before its sync leaves it.
func crashTemp(t *testing.T, f *File, tok *oauth2.Token, age time.Duration, keep int) string {
	t.Helper()
	var main map[string]any
	if data, err := os.ReadFile(f.Path()); err == nil {
		json.Unmarshal(data, &main)
	}
	savedAt := time.Now().UTC()
	gen := 1.0
	if main != nil {
		s, _ := time.Parse(time.RFC3339Nano, fmt.Sprint(main["saved_at"]))
		savedAt = s.Add(age)
		g, _ := main["generation"].(float64)
		if age > 0 {
			gen = g + 1
		} else {
			gen = g - 1
		}
	}
	doc := map[string]any{
		"format": formatName, "version": formatVersion, "provider": f.provider, "account": f.account,
		"access_token": tok.AccessToken, "refresh_token": tok.RefreshToken, "token_type": "Bearer",
		"expiry": tok.Expiry.UTC().Format(time.RFC3339Nano), "saved_at": savedAt.Format(time.RFC3339Nano), "generation": gen,
	}
	data, _ := json.MarshalIndent(doc, "", "  ")
	if keep >= 0 {
		data = data[:keep]
	}
	path := filepath.Join(filepath.Dir(f.Path()), tempPrefix(f.Path())+"4242")
	if err := os.WriteFile(path, data, 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

func liveToken(n int) *oauth2.Token {
	return &oauth2.Token{
		AccessToken:  fmt.Sprintf("at-recover-%d", n),
		RefreshToken: fmt.Sprintf("rt-recover-%d", n),
		TokenType:    "Bearer",
		Expiry:       time.Now().Add(24 * time.Hour).Round(time.Second),
	}
}

// Defect 1: a process killed after its temporary file was complete but
// before the rename left the new, live refresh token only in that file,
// and the next save deleted it as a stray. A complete, valid temporary
// file newer than the token file is the truth: Load, a token source and
// Save recover it. Every other crash point is checked too.
func TestDefect1_CompleteNewerTempIsRecovered(t *testing.T) {
	old, fresh := liveToken(0), liveToken(1)
	cases := []struct {
		name      string
		mainState string // "saved", "missing", "corrupt"
		age       time.Duration
		keep      int
		provider  string // of the temporary file; "" means f's
		want      *oauth2.Token
	}{
		{"complete, newer, not synced", "saved", time.Second, -1, "", fresh},
		{"complete, newer, main never renamed", "missing", time.Second, -1, "", fresh},
		{"complete, newer, main corrupt", "corrupt", time.Second, -1, "", fresh},
		{"partial (killed mid-write)", "saved", time.Second, 40, "", old},
		{"empty (killed before writing)", "saved", time.Second, 0, "", old},
		{"older than main", "saved", -time.Second, -1, "", old},
		{"another provider's", "saved", time.Second, -1, "fitbit", old},
	}
	for _, tc := range cases {
		for _, how := range []string{"Load", "TokenSource", "Save"} {
			t.Run(tc.name+"/"+how, func(t *testing.T) {
				f := OpenFor(t.TempDir(), "oura", "default")
				if err := f.Save(old); err != nil {
					t.Fatal(err)
				}
				g := f
				if tc.provider != "" {
					g = OpenFor(filepath.Dir(f.Path()), tc.provider, "default")
					g.path = f.path
				}
				crashTemp(t, g, fresh, tc.age, tc.keep)
				switch tc.mainState {
				case "missing":
					os.Remove(f.Path())
				case "corrupt":
					os.WriteFile(f.Path(), []byte(`{"format":"wearnb-token","vers`), 0o600)
				}
				switch how {
				case "Load", "TokenSource":
					var got *oauth2.Token
					var err error
					if how == "Load" {
						got, err = f.Load()
					} else {
						got, err = f.TokenSource(t.Context(), nil).Token()
					}
					if err != nil {
						t.Fatalf("%s: %v", how, err)
					}
					if got.RefreshToken != tc.want.RefreshToken {
						t.Errorf("%s returned refresh token %q, want %q", how, got.RefreshToken, tc.want.RefreshToken)
					}
					if onDisk, err := f.read(); err != nil || onDisk.RefreshToken != tc.want.RefreshToken {
						t.Errorf("the file holds %v (%v), want refresh token %q", onDisk != nil, err, tc.want.RefreshToken)
					}
				case "Save":
					// A save after the crash, through a File that knows no
					// account, keeps the account the (recovered) file records.
					if err := Open(f.Path()).Save(liveToken(2)); err != nil {
						t.Fatal(err)
					}
					rec, err := f.read()
					if err != nil {
						t.Fatal(err)
					}
					if rec.Provider != "oura" || rec.RefreshToken != liveToken(2).RefreshToken {
						t.Errorf("after Save: provider %q, refresh token %q", rec.Provider, rec.RefreshToken)
					}
				}
				if temps := tempFiles(t, f.Path()); len(temps) != 0 {
					t.Errorf("temporary files left: %q", temps)
				}
			})
		}
	}
}

// The generation counter decides, not the clock: a temporary file from a
// save whose clock ran behind (saved_at earlier) but that came later is
// still recovered.
func TestDefect1_GenerationBeatsClock(t *testing.T) {
	f := OpenFor(t.TempDir(), "oura", "default")
	if err := f.Save(liveToken(0)); err != nil {
		t.Fatal(err)
	}
	if err := f.Save(liveToken(0)); err != nil { // generation 2
		t.Fatal(err)
	}
	p := crashTemp(t, f, liveToken(1), time.Second, -1)
	var doc map[string]any
	data, _ := os.ReadFile(p)
	json.Unmarshal(data, &doc)
	doc["saved_at"] = time.Now().Add(-time.Hour).UTC().Format(time.RFC3339Nano) // clock stepped back
	data, _ = json.Marshal(doc)
	os.WriteFile(p, data, 0o600)
	if tok := mustLoad(t, f); tok.RefreshToken != liveToken(1).RefreshToken {
		t.Errorf("Load = %q, want the newer generation", tok.RefreshToken)
	}
}
