package main

import (
	"bytes"
	"context"
	"encoding/csv"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"wearnb.dev/wearnb"
	"wearnb.dev/wearnb/sandbox/synth"
)

func freeAddr(t *testing.T) string {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().String()
}

func TestReportAgainstTheSandbox(t *testing.T) {
	t.Setenv("WEARNB_HOME", t.TempDir())
	out := filepath.Join(t.TempDir(), "report")
	c := config{provider: "oura", autoApprove: true, sandboxAddr: freeAddr(t),
		redirect: "http://" + freeAddr(t) + "/callback",
		from:     wearnb.MustDate("2025-03-01"), to: wearnb.MustDate("2025-05-31"), out: out,
		status: &bytes.Buffer{}}
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	var log bytes.Buffer
	if err := run(ctx, c, &log); err != nil {
		t.Fatal(err)
	}
	// The sandbox serves the default synthetic person: the report has its
	// main sleeps and its days with data.
	person := synth.Default()
	r := wearnb.Range{From: c.from, To: c.to}
	nights := 0
	for _, s := range person.Sleeps(r) {
		if s.IsMain {
			nights++
		}
	}
	want := fmt.Sprintf("%d nights, %d days:", nights, len(person.Days(r)))
	if !strings.HasPrefix(log.String(), want) {
		t.Errorf("summary %q, want it to start with %q", log.String(), want)
	}
	f, err := os.Open(filepath.Join(out, "sleeps.csv"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if rows[0][0] != "provider" || len(rows) < 85 {
		t.Errorf("sleeps.csv: header %v, %d rows", rows[0], len(rows))
	}
	page, err := os.ReadFile(filepath.Join(out, "report.html"))
	if err != nil {
		t.Fatal(err)
	}
	for _, png := range []string{"duration.png", "stages.png", "weekdays.png", "steps-vs-sleep.png"} {
		if !bytes.Contains(page, []byte(fmt.Sprintf(`src="%s"`, png))) {
			t.Errorf("report.html lacks %s", png)
		}
		if st, err := os.Stat(filepath.Join(out, png)); err != nil || st.Size() < 1000 {
			t.Errorf("%s: %v", png, err)
		}
	}
	if !bytes.Contains(page, []byte("week_start")) {
		t.Error("report.html lacks the weekly table")
	}
}
