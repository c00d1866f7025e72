//go:build tools

// Package tools pins the versions of the programs the project builds for
// itself (GoNB kernel, goimports, staticcheck); see the Makefile's tools
// target. It is never imported.
package tools

import (
	_ "github.com/janpfeifer/gonb"
	_ "golang.org/x/tools/cmd/goimports"
	_ "honnef.co/go/tools/cmd/staticcheck"
)
