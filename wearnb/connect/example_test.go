package connect_test

import (
	"context"
	"fmt"
	"net/http"
	"os"
	"path/filepath"

	"wearnb.dev/wearnb"
	"wearnb.dev/wearnb/connect"
	"wearnb.dev/wearnb/sandbox"
)

// Open a Google Takeout archive as an account: the first Open imports it
// into the cache (here the sandbox writes its person's archive first, as
// takeout.google.com would give you yours).
func ExampleTakeout() {
	home, _ := os.MkdirTemp("", "wearnb-example-")
	defer os.RemoveAll(home)
	archive := filepath.Join(home, "takeout-20260101T000000Z-001.zip")
	f, _ := os.Create(archive)
	june := wearnb.Range{From: wearnb.MustDate("2025-06-01"), To: wearnb.MustDate("2025-06-14")}
	if err := sandbox.New(sandbox.Options{}).WriteTakeoutZip(f, sandbox.TakeoutOptions{Range: june}); err != nil {
		fmt.Println(err)
		return
	}
	f.Close()

	ctx := context.Background()
	acct, err := connect.Open(ctx, "fitbit", connect.Takeout(filepath.Join(home, "takeout-*.zip")),
		connect.Home(home), connect.Progress(nil))
	if err != nil {
		fmt.Println(err)
		return
	}
	defer acct.Close()
	sleeps, _ := acct.Sleeps(ctx, june)
	days, _ := acct.Days(ctx, june)
	fmt.Println(acct.Name(), len(sleeps) >= 14, len(days))
	// Output: default true 14
}

// Logout revokes the consent at the provider, deletes the token file and,
// with DeleteCache, the cached data.
func ExampleAccount_Logout() {
	home, _ := os.MkdirTemp("", "wearnb-example-")
	defer os.RemoveAll(home)
	ctx := context.Background()
	acct, err := connect.Open(ctx, "oura", connect.Home(home), connect.Progress(nil),
		connect.SandboxWith("", sandbox.Options{AutoApprove: true}),    // the sandbox approves at once
		connect.OnConsentLink(func(link string) { go http.Get(link) }), // the browser
		connect.Display(quiet{}))
	if err != nil {
		fmt.Println(err)
		return
	}
	defer acct.Close()
	if _, err := acct.Sleeps(ctx, wearnb.Range{From: wearnb.MustDate("2025-06-01"), To: wearnb.MustDate("2025-06-07")}); err != nil {
		fmt.Println(err)
		return
	}
	rep, err := acct.Logout(ctx, connect.DeleteCache())
	if err != nil {
		fmt.Println(err)
		return
	}
	_, gone := os.Stat(rep.TokenFile)
	fmt.Println(rep.Revoked, os.IsNotExist(gone), rep.CacheRows > 0)
	// Output: true true true
}

// quiet is a consent display that shows nothing.
type quiet struct{}

func (quiet) Link(string, string, string) {}
func (quiet) Status(string, string)       {}
func (quiet) Warn(string)                 {}
