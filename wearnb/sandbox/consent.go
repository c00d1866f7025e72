package sandbox

import (
	"html/template"
	"net/http"
)

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

type scopeView struct{ Name, Desc string }

func pageHeaders(w http.ResponseWriter) {
	h := w.Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	h.Set("Cache-Control", "no-store")
	h.Set("X-Frame-Options", "DENY")
	// No form-action directive: browsers apply it to the redirect that
	// follows the form post, which leaves for the application's callback.
	h.Set("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'")
	h.Set("Referrer-Policy", "no-referrer")
}

func (s *Server) consentPage(w http.ResponseWriter, r *http.Request, req authRequest, nonce string) {
	sp := specs[req.flavor]
	var scopes []scopeView
	for _, sc := range req.scopes {
		d, _ := sp.scopeDesc(sc)
		scopes = append(scopes, scopeView{sc, d})
	}
	pageHeaders(w)
	_ = consentTmpl.Execute(w, map[string]any{
		"App": req.client.Name, "Provider": sp.title, "Action": r.URL.Path,
		"Nonce": nonce, "Scopes": scopes, "Partial": sp.partialGrant, "Redirect": req.redirectURI,
	})
}

// errorPage answers a request that must not be redirected (unknown client,
// bad redirect URI, stale consent form), as real providers do.
func (s *Server) errorPage(w http.ResponseWriter, flavor, msg string) {
	pageHeaders(w)
	w.WriteHeader(http.StatusBadRequest)
	_ = errorTmpl.Execute(w, map[string]any{"Provider": specs[flavor].title, "Message": msg})
}
