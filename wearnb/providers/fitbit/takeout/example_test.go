package takeout_test

import (
	"fmt"
	"time"

	"wearnb.dev/wearnb"
	"wearnb.dev/wearnb/providers/fitbit/takeout"
)

// Open reads an extracted archive (or its .zip); Batch gives the records
// of a range, normalized as the Fitbit API's would be. This archive's
// Profile.csv says Sydney, so its sleep log gets Sydney's offset.
func ExampleOpen() {
	a, err := takeout.Open([]string{"testdata/archive"})
	if err != nil {
		fmt.Println(err)
		return
	}
	b, err := a.Batch(wearnb.Range{From: wearnb.MustDate("2018-04-01"), To: wearnb.MustDate("2018-04-30")})
	if err != nil {
		fmt.Println(err)
		return
	}
	s := b.Sleeps[0]
	fmt.Println(a.Zone, s.Start.Format(time.RFC3339), s.Asleep, s.Deep, s.REM)
	fmt.Println(len(a.HRV), "HRV night,", len(a.SpO2), "SpO2 days,", len(a.SleepScores), "sleep score")
	// Output:
	// Australia/Sydney 2018-04-29T00:21:30+10:00 6h18m0s 1h1m0s 1h33m0s
	// 1 HRV night, 2 SpO2 days, 1 sleep score
}

// An archive in the wrong place is an error that says what was looked for.
func ExampleOpen_nothingToImport() {
	_, err := takeout.Open([]string{"testdata/other"})
	fmt.Println(err != nil)
	// Output: true
}
