package base_test

import (
	"fmt"

	"golang.org/x/oauth2"

	"wearnb.dev/wearnb"
	"wearnb.dev/wearnb/providers/base"
)

// A provider declares its real settings once; New applies the caller's
// options after them, Sandbox the sandbox's URLs first.
func ExampleSandbox() {
	real := base.Config{
		BaseURL: "https://api.whoop.example",
		Auth: wearnb.Auth{
			Endpoint:  oauth2.Endpoint{AuthURL: "https://api.whoop.example/oauth/oauth2/auth", TokenURL: "https://api.whoop.example/oauth/oauth2/token", AuthStyle: oauth2.AuthStyleInParams},
			RevokeURL: "https://api.whoop.example/oauth/oauth2/revoke",
			Scopes:    []string{"read:sleep"},
		},
	}
	opts := append(base.Sandbox("http://127.0.0.1:8975", "whoop", real), base.WithScopes("read:sleep", "read:recovery"))
	c := base.NewCore("whoop", real, nil, opts)
	a := c.Auth()
	fmt.Println(c.BaseURL())
	fmt.Println(a.Endpoint.AuthURL)
	fmt.Println(a.Endpoint.TokenURL)
	fmt.Println(a.RevokeURL)
	fmt.Println(a.Scopes)
	// Output:
	// http://127.0.0.1:8975/whoop
	// http://127.0.0.1:8975/whoop/oauth/oauth2/auth
	// http://127.0.0.1:8975/whoop/oauth/oauth2/token
	// http://127.0.0.1:8975/whoop/oauth/oauth2/revoke
	// [read:sleep read:recovery]
}
