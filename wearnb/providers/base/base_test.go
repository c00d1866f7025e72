package base

import (
	"context"
	"net/http"
	"reflect"
	"testing"

	"golang.org/x/oauth2"

	"wearnb.dev/wearnb"
)

func realConfig() Config {
	return Config{
		BaseURL: "https://api.example.com/v1",
		Auth: wearnb.Auth{
			Endpoint:   oauth2.Endpoint{AuthURL: "https://www.example.com/oauth2/authorize", TokenURL: "https://api.example.com/oauth2/token", AuthStyle: oauth2.AuthStyleInHeader},
			RevokeURL:  "https://api.example.com/oauth2/revoke?x=1",
			Scopes:     []string{"sleep", "activity"},
			PKCE:       true,
			AuthParams: map[string]string{"access_type": "offline"},
		},
	}
}

func TestSandboxMovesEveryURL(t *testing.T) {
	c := NewCore("example", realConfig(), nil, Sandbox("http://127.0.0.1:9/", "example", realConfig()))
	a := c.Auth()
	want := wearnb.Auth{
		Endpoint:   oauth2.Endpoint{AuthURL: "http://127.0.0.1:9/example/oauth2/authorize", TokenURL: "http://127.0.0.1:9/example/oauth2/token", AuthStyle: oauth2.AuthStyleInHeader},
		RevokeURL:  "http://127.0.0.1:9/example/oauth2/revoke?x=1",
		Scopes:     []string{"sleep", "activity"},
		PKCE:       true,
		AuthParams: map[string]string{"access_type": "offline"},
	}
	if !reflect.DeepEqual(a, want) || c.BaseURL() != "http://127.0.0.1:9/example/v1" || c.Name() != "example" {
		t.Errorf("sandboxed: %q %+v", c.BaseURL(), a)
	}
	// A host-only URL moves to the prefix itself; an empty one stays empty.
	def := realConfig()
	def.BaseURL, def.Auth.RevokeURL = "https://api.example.com/", ""
	c = NewCore("example", def, nil, Sandbox("http://h", "example", def))
	if c.BaseURL() != "http://h/example" || c.Auth().RevokeURL != "" {
		t.Errorf("host-only base %q, empty revoke %q", c.BaseURL(), c.Auth().RevokeURL)
	}
}

func TestOptionsApplyInOrder(t *testing.T) {
	def := realConfig()
	c := NewCore("example", def, nil, []Option{
		WithBaseURL("http://one/"), WithBaseURL("http://two//"),
		WithAuthURL("http://a"), WithTokenURL("http://t"), WithRevokeURL(""),
		WithScopes("x"), nil,
	})
	a := c.Auth()
	if c.BaseURL() != "http://two" || a.Endpoint.AuthURL != "http://a" || a.Endpoint.TokenURL != "http://t" ||
		a.Endpoint.AuthStyle != oauth2.AuthStyleInHeader || a.RevokeURL != "" || !reflect.DeepEqual(a.Scopes, []string{"x"}) {
		t.Errorf("base %q auth %+v", c.BaseURL(), a)
	}
	// The defaults are not changed, and the Core shares nothing with them.
	if !reflect.DeepEqual(def, realConfig()) {
		t.Errorf("defaults changed: %+v", def)
	}
	c = NewCore("example", def, nil, nil)
	def.Auth.Scopes[0], def.Auth.AuthParams["access_type"] = "changed", "changed"
	if a := c.Auth(); a.Scopes[0] != "sleep" || a.AuthParams["access_type"] != "offline" {
		t.Errorf("the Core shares its defaults' slices or maps: %+v", a)
	}
	cfg := c.Config()
	cfg.Auth.Scopes[0] = "changed"
	if c.Auth().Scopes[0] != "sleep" {
		t.Error("Config returns the Core's own slices")
	}
}

type zone string

func TestSetGet(t *testing.T) {
	c := NewCore("example", realConfig(), nil, []Option{Set(zone("UTC")), Set(42), Set(zone("Europe/Paris"))})
	if z, ok := Get[zone](c.Config()); !ok || z != "Europe/Paris" {
		t.Errorf("Get[zone] = %q, %v; want the latest", z, ok)
	}
	if n, ok := Get[int](c.Config()); !ok || n != 42 {
		t.Errorf("Get[int] = %d, %v", n, ok)
	}
	if _, ok := Get[string](c.Config()); ok {
		t.Error("Get of a type never set reports ok")
	}
}

type client struct{ hc *http.Client }

func (c *client) sleeps(_ context.Context, r wearnb.Range) (*wearnb.Batch, error) {
	return &wearnb.Batch{Raw: []wearnb.RawPage{{URL: r.String()}}, Sleeps: []wearnb.Sleep{{Provider: "example"}}}, nil
}

func TestStreams(t *testing.T) {
	also := []wearnb.Kind{wearnb.KindDayMoves}
	var got *http.Client
	st := Streams(func(hc *http.Client) *client { got = hc; return &client{hc} },
		Stream[*client]{Name: "sleep", Kind: wearnb.KindSleeps, Also: also, MaxDays: 30, Settles: 2, Fetch: (*client).sleeps})
	also[0] = wearnb.KindHourlyMoves
	if len(st) != 1 || st[0].Name != "sleep" || st[0].Kind != wearnb.KindSleeps || !reflect.DeepEqual(st[0].Also, []wearnb.Kind{wearnb.KindDayMoves}) ||
		st[0].MaxDays != 30 || st[0].Settles != 2 {
		t.Fatalf("streams %+v", st)
	}
	hc := &http.Client{}
	r := wearnb.Range{From: wearnb.MustDate("2024-01-01"), To: wearnb.MustDate("2024-01-02")}
	b, err := st[0].Fetch(t.Context(), hc, r)
	if err != nil || got != hc || len(b.Sleeps) != 1 || b.Raw[0].URL != r.String() {
		t.Errorf("Fetch: %+v %v; client got %p, want %p", b, err, got, hc)
	}
}

func TestEmpty(t *testing.T) {
	d := wearnb.MustDate("2024-01-02")
	for r, want := range map[wearnb.Range]bool{
		{}: true, {From: d}: true, {To: d}: true, {From: d, To: d.AddDays(-1)}: true,
		{From: d, To: d}: false, {From: d, To: d.AddDays(3)}: false,
	} {
		if Empty(r) != want {
			t.Errorf("Empty(%v) = %v", r, !want)
		}
	}
}
