package sandbox

import (
	"encoding/json"
	"io"
	"net/http"
	"testing"
	"time"
)

func TestFitbitProfileGivesTheZone(t *testing.T) {
	clock := NewFakeClock(time.Date(2025, 7, 1, 12, 0, 0, 0, time.UTC))
	s, err := Start(Options{Clock: clock})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	tok, err := s.IssueToken(Fitbit, DemoClientID, []string{"profile"})
	if err != nil {
		t.Fatal(err)
	}
	req, _ := http.NewRequest("GET", s.APIBase(Fitbit)+"/1/user/-/profile.json", nil)
	req.Header.Set("Authorization", "Bearer "+tok.AccessToken)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	var p struct {
		User struct {
			Timezone string `json:"timezone"`
			Offset   int64  `json:"offsetFromUTCMillis"`
		} `json:"user"`
	}
	if err := json.Unmarshal(body, &p); err != nil || resp.StatusCode != 200 {
		t.Fatalf("%s: %s (%v)", resp.Status, body, err)
	}
	// The default person lives in New York; 1 July is summer time.
	if p.User.Timezone != "America/New_York" || p.User.Offset != -4*3600*1000 {
		t.Errorf("profile zone %q offset %d", p.User.Timezone, p.User.Offset)
	}
}
