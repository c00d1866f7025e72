package fetch_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"time"

	"wearnb.dev/wearnb/fetch"
)

func ExampleClient_GetJSON() {
	calls := 0
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		calls++
		if calls == 1 { // the first answer is a 503: retried after a backoff
			w.WriteHeader(http.StatusServiceUnavailable)
			return
		}
		io.WriteString(w, `{"activities-steps":[{"dateTime":"2018-12-26","value":"2504"}]}`)
	}))
	defer srv.Close()

	c := fetch.New("fitbit", srv.Client(),
		fetch.WithSleep(func(ctx context.Context, d time.Duration) error { return nil }))
	var page struct {
		Steps []struct{ DateTime, Value string } `json:"activities-steps"`
	}
	if _, err := c.GetJSON(context.Background(), "steps", srv.URL, &page); err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(page.Steps[0].DateTime, page.Steps[0].Value, "after", calls, "requests")
	// Output: 2018-12-26 2504 after 2 requests
}

func ExampleAPIError() {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusGone)
	}))
	defer srv.Close()

	_, err := fetch.New("fitbit", srv.Client()).Get(context.Background(), "sleep", srv.URL)
	fmt.Println(err)
	fmt.Println(errors.Is(err, fetch.ErrGone))
	// Output:
	// fetch: fitbit sleep: HTTP 410 Gone
	// true
}
