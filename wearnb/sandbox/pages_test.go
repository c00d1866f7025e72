package sandbox

import (
	"html/template"
	"strings"
	"testing"
)

// The templates the pages were written with before consentHTML and
// errorHTML replaced them (html/template, kept here only): the pages must
// read the same, escaping included.
var consentTmpl = template.Must(template.New("consent").Parse(`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{.App}} wants access to your {{.Provider}} data (wearnb sandbox)</title>
<style>
body{font-family:system-ui,sans-serif;background:#f4f5f7;margin:0;padding:2rem;color:#1d2330}
main{max-width:34rem;margin:auto;background:#fff;border-radius:8px;padding:1.5rem 2rem;box-shadow:0 1px 4px #0002}
h1{font-size:1.3rem;margin-top:0} small{color:#777;font-weight:normal}
ul{padding-left:1.2rem} li{margin:.35rem 0} code{font-size:.8rem;color:#555}
.buttons{display:flex;gap:1rem;margin-top:1.5rem}
button{font-size:1rem;padding:.55rem 1.6rem;border-radius:6px;border:1px solid #888;background:#fff;cursor:pointer}
#allow{background:#0b6bcb;border-color:#0b6bcb;color:#fff}
.note{color:#777;font-size:.85rem;margin-top:1.5rem}
</style>
</head>
<body>
<main>
<h1>{{.Provider}} <small>sandbox</small></h1>
<p><strong id="app">{{.App}}</strong> would like permission to access the following data in your {{.Provider}} account:</p>
<form method="post" action="{{.Action}}">
<input type="hidden" name="nonce" value="{{.Nonce}}">
<ul id="scopes">
{{- range .Scopes}}
<li>{{if $.Partial}}<label><input type="checkbox" name="scope" value="{{.Name}}" checked> {{.Desc}}</label>{{else}}{{.Desc}}{{end}} <code>{{.Name}}</code></li>
{{- end}}
</ul>
<p>If you allow, you will be sent back to <code id="redirect">{{.Redirect}}</code>.</p>
<div class="buttons">
<button type="submit" id="allow" name="decision" value="allow">Allow</button>
<button type="submit" id="deny" name="decision" value="deny">Deny</button>
</div>
</form>
<p class="note">This is the wearnb sandbox provider: the data is synthetic and no account is needed.</p>
</main>
</body>
</html>
`))

var errorTmpl = template.Must(template.New("error").Parse(`<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>{{.Provider}} authorization error (wearnb sandbox)</title>
<style>body{font-family:system-ui,sans-serif;margin:2rem;color:#1d2330} main{max-width:34rem;margin:auto} #error{color:#a30000}</style>
</head>
<body><main>
<h1>{{.Provider}} <small>sandbox</small></h1>
<p id="error">{{.Message}}</p>
<p>The application sent an invalid authorization request, so you were not sent back to it. Tell its developer.</p>
</main></body>
</html>
`))

func TestPagesMatchTheTemplates(t *testing.T) {
	scopes := []scopeView{{"daily", "Daily summaries"}, {"heartrate", "Heart rate <5-minute> & \"more\" it's 1+1"}}
	for _, tc := range []struct {
		app, provider, nonce, redirect string
		partial                        bool
	}{
		{"wearnb demo", "Oura", "n0nce-123", "http://127.0.0.1:8975/callback", false},
		{"<script>alert('x')</script> & co", "Fitbit \"beta\"", "a+b/c=d", "http://127.0.0.1:1/cb?x=1&y=<2>", true},
	} {
		var want strings.Builder
		err := consentTmpl.Execute(&want, map[string]any{
			"App": tc.app, "Provider": tc.provider, "Action": "/oauth/authorize",
			"Nonce": tc.nonce, "Scopes": scopes, "Partial": tc.partial, "Redirect": tc.redirect,
		})
		if err != nil {
			t.Fatal(err)
		}
		got := consentHTML(tc.app, tc.provider, "/oauth/authorize", tc.nonce, scopes, tc.partial, tc.redirect)
		if got != want.String() {
			t.Errorf("consent page differs from the template's:\ngot:\n%s\nwant:\n%s", got, want.String())
		}
		want.Reset()
		if err := errorTmpl.Execute(&want, map[string]any{"Provider": tc.provider, "Message": tc.app}); err != nil {
			t.Fatal(err)
		}
		if got := errorHTML(tc.provider, tc.app); got != want.String() {
			t.Errorf("error page differs from the template's:\ngot:\n%s\nwant:\n%s", got, want.String())
		}
	}
}
