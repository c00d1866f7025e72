package fetch

import (
	"io"
	"net/http"
	"testing"
)

// TestPostJSON sends the body as JSON with a POST, sends it again in full
// on a retry after a 503, and decodes the answer.
func TestPostJSON(t *testing.T) {
	var got []string
	check := func(w http.ResponseWriter, r *http.Request) bool {
		b, _ := io.ReadAll(r.Body)
		got = append(got, r.Method+" "+r.Header.Get("Content-Type")+" "+string(b))
		return true
	}
	_, srv, ft := setup(t,
		func(w http.ResponseWriter, r *http.Request) {
			check(w, r)
			w.WriteHeader(http.StatusServiceUnavailable)
		},
		func(w http.ResponseWriter, r *http.Request) { check(w, r); io.WriteString(w, `{"n": 3}`) },
	)
	c := newClient(srv, ft)
	var v struct{ N int }
	body, err := c.PostJSON(t.Context(), "rollup", srv.URL+"/x:dailyRollUp", []byte(`{"windowSizeDays":1}`), &v)
	if err != nil || v.N != 3 || string(body) != `{"n": 3}` {
		t.Fatalf("PostJSON = %q, %+v, %v", body, v, err)
	}
	want := "POST application/json {\"windowSizeDays\":1}"
	if len(got) != 2 || got[0] != want || got[1] != want {
		t.Errorf("requests %q, want two of %q", got, want)
	}
}
