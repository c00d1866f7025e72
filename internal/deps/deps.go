// Package deps pins modules that packages still being written will import, so
// go mod tidy keeps them. Delete once every module here has a real importer.
package deps

import (
	_ "github.com/chromedp/chromedp"
	_ "github.com/go-gota/gota/dataframe"
	_ "github.com/gofrs/flock"
	_ "github.com/janpfeifer/gonb/gonbui"
	_ "golang.org/x/oauth2"
	_ "gonum.org/v1/plot"
	_ "modernc.org/sqlite"
)
