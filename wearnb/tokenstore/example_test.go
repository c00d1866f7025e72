package tokenstore_test

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"golang.org/x/oauth2"

	"wearnb.dev/wearnb/tokenstore"
)

// Save a token after the consent flow, and load it in a later cell.
func Example() {
	dir, err := os.MkdirTemp("", "wearnb-example")
	if err != nil {
		panic(err)
	}
	defer os.RemoveAll(dir)

	f := tokenstore.OpenFor(dir, "fitbit", "default")
	if _, err := f.Load(); errors.Is(err, tokenstore.ErrNoToken) {
		fmt.Println("no token yet: run the consent flow")
	}

	tok := (&oauth2.Token{
		AccessToken:  "example-access-token",
		RefreshToken: "example-refresh-token",
		TokenType:    "Bearer",
		Expiry:       time.Date(2026, 11, 24, 1, 2, 3, 0, time.UTC),
	}).WithExtra(map[string]any{"scope": "sleep activity", "user_id": "ABC123"})
	if err := f.Save(tok); err != nil {
		panic(err)
	}

	got, err := f.Load()
	if err != nil {
		panic(err)
	}
	fi, _ := os.Stat(f.Path())
	fmt.Println(filepath.Base(f.Path()), fi.Mode())
	fmt.Println(tokenstore.Redacted(got))
	fmt.Println("user:", got.Extra("user_id"))
	fmt.Printf("%v\n", tokenstore.SafeToken{Token: got})
	// Output:
	// no token yet: run the consent flow
	// fitbit-default.json -rw-------
	// token{access:redacted refresh:redacted type:Bearer expiry:2026-11-24T01:02:03Z scope:"sleep activity"}
	// user: ABC123
	// token{access:redacted refresh:redacted type:Bearer expiry:2026-11-24T01:02:03Z scope:"sleep activity"}
}
