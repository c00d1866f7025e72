package fitbit_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"time"

	"wearnb.dev/wearnb"
	"wearnb.dev/wearnb/providers/fitbit"
)

// A stand-in for the sandbox: the sleep endpoint under root/fitbit answers
// with a recorded payload.
func ExampleClient_Sleeps() {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/fitbit/1.2/user/-/sleep/date/2020-10-01/2020-10-31.json" {
			http.NotFound(w, r)
			return
		}
		body, _ := os.ReadFile("testdata/sleep-range.json")
		w.Write(body)
	}))
	defer srv.Close()

	loc, _ := time.LoadLocation("America/New_York")
	p := fitbit.Sandbox(srv.URL, fitbit.WithTimeZone(loc))
	c := p.Client(srv.Client()) // in a notebook: an oauth2 client
	b, err := c.Sleeps(context.Background(), wearnb.Range{From: wearnb.MustDate("2020-10-01"), To: wearnb.MustDate("2020-10-31")})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, s := range b.Sleeps {
		fmt.Printf("%s main=%-5v %s → %s  asleep %v, deep %v, efficiency %v%%\n",
			s.Date, s.IsMain, s.Start.Format("15:04 MST"), s.End.Format("15:04"), s.Asleep, s.Deep, s.Efficiency)
	}
	// Output:
	// 2020-10-10 main=true  01:46 -04:00 → 08:10  asleep 5h18m0s, deep 1h32m0s, efficiency 88%
	// 2020-10-10 main=false 15:02 -04:00 → 16:02  asleep 55m0s, deep NA, efficiency 92%
}

func ExampleImportDir() {
	loc, _ := time.LoadLocation("America/New_York")
	ex, err := fitbit.ImportDir("testdata/export", fitbit.FixedZones(loc))
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(len(ex.Sleeps), "sleeps,", len(ex.Days), "days,", len(ex.Hours), "hours from", ex.Files, "files")
	for _, d := range ex.Days {
		fmt.Println(d.Date, d.Steps)
	}
	// Output:
	// 3 sleeps, 2 days, 48 hours from 4 files
	// 2020-10-07 1775
	// 2020-10-09 100
}
