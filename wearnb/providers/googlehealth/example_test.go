package googlehealth_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"

	"wearnb.dev/wearnb"
	"wearnb.dev/wearnb/providers/googlehealth"
)

// A stand-in for the sandbox serving a recorded page of steps.
func ExampleClient_Steps() {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := os.ReadFile("testdata/steps-page.json")
		w.Write(body)
	}))
	defer srv.Close()

	c := googlehealth.Sandbox(srv.URL).Client(srv.Client())
	b, err := c.Steps(context.Background(), wearnb.Range{From: wearnb.MustDate("2024-10-20"), To: wearnb.MustDate("2024-11-03")})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, h := range b.Hours {
		fmt.Println(h.Start.Format("2006-01-02 15:04 -07:00"), h.Steps)
	}
	for _, d := range b.Days {
		fmt.Println(d.Date, d.Steps, d.UTCOffset)
	}
	// Output:
	// 2024-10-20 09:00 +01:00 500
	// 2024-11-02 23:00 -04:00 7
	// 2024-11-03 01:00 -04:00 30
	// 2024-11-03 01:00 -05:00 70
	// 2024-11-03 09:00 -05:00 220
	// 2024-10-20 500 1h0m0s
	// 2024-11-02 7 -4h0m0s
	// 2024-11-03 320 -4h0m0s
}
