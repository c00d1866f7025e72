package sandbox

import (
	"html"
	"net/http"
	"strings"
)

// The consent and error pages are written with html.EscapeString rather than
// html/template: executing a template makes the linker keep every exported
// method of every type in the program (text/template calls methods by name
// through reflect), and the sandbox is linked into every notebook cell that
// opens an account, so that would make each cell's link slower. Every value
// below goes through esc; the rest is constant markup.

const consentStyle = `<style>
body{font-family:system-ui,sans-serif;background:#f4f5f7;margin:0;padding:2rem;color:#1d2330}
main{max-width:34rem;margin:auto;background:#fff;border-radius:8px;padding:1.5rem 2rem;box-shadow:0 1px 4px #0002}
h1{font-size:1.3rem;margin-top:0} small{color:#777;font-weight:normal}
ul{padding-left:1.2rem} li{margin:.35rem 0} code{font-size:.8rem;color:#555}
.buttons{display:flex;gap:1rem;margin-top:1.5rem}
button{font-size:1rem;padding:.55rem 1.6rem;border-radius:6px;border:1px solid #888;background:#fff;cursor:pointer}
#allow{background:#0b6bcb;border-color:#0b6bcb;color:#fff}
.note{color:#777;font-size:.85rem;margin-top:1.5rem}
</style>
`

// esc escapes s for HTML text and quoted attribute values (as html/template
// does, "+" included).
func esc(s string) string { return strings.ReplaceAll(html.EscapeString(s), "+", "&#43;") }

type scopeView struct{ Name, Desc string }

// consentHTML is the consent page: the application, the provider, the scopes
// (with checkboxes when the provider grants a part), and where the decision
// goes.
func consentHTML(app, provider, action, nonce string, scopes []scopeView, partial bool, redirect string) string {
	var b strings.Builder
	b.WriteString("<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n" +
		"<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
	b.WriteString("<title>" + esc(app) + " wants access to your " + esc(provider) + " data (wearnb sandbox)</title>\n")
	b.WriteString(consentStyle)
	b.WriteString("</head>\n<body>\n<main>\n")
	b.WriteString("<h1>" + esc(provider) + " <small>sandbox</small></h1>\n")
	b.WriteString("<p><strong id=\"app\">" + esc(app) + "</strong> would like permission to access the following data in your " + esc(provider) + " account:</p>\n")
	b.WriteString("<form method=\"post\" action=\"" + esc(action) + "\">\n")
	b.WriteString("<input type=\"hidden\" name=\"nonce\" value=\"" + esc(nonce) + "\">\n")
	b.WriteString("<ul id=\"scopes\">")
	for _, sc := range scopes {
		b.WriteString("\n<li>")
		if partial {
			b.WriteString("<label><input type=\"checkbox\" name=\"scope\" value=\"" + esc(sc.Name) + "\" checked> " + esc(sc.Desc) + "</label>")
		} else {
			b.WriteString(esc(sc.Desc))
		}
		b.WriteString(" <code>" + esc(sc.Name) + "</code></li>")
	}
	b.WriteString("\n</ul>\n")
	b.WriteString("<p>If you allow, you will be sent back to <code id=\"redirect\">" + esc(redirect) + "</code>.</p>\n")
	b.WriteString("<div class=\"buttons\">\n" +
		"<button type=\"submit\" id=\"allow\" name=\"decision\" value=\"allow\">Allow</button>\n" +
		"<button type=\"submit\" id=\"deny\" name=\"decision\" value=\"deny\">Deny</button>\n" +
		"</div>\n</form>\n" +
		"<p class=\"note\">This is the wearnb sandbox provider: the data is synthetic and no account is needed.</p>\n" +
		"</main>\n</body>\n</html>\n")
	return b.String()
}

// errorHTML is the page for a request that must not be redirected.
func errorHTML(provider, msg string) string {
	return "<!doctype html>\n<html lang=\"en\">\n" +
		"<head><meta charset=\"utf-8\"><title>" + esc(provider) + " authorization error (wearnb sandbox)</title>\n" +
		"<style>body{font-family:system-ui,sans-serif;margin:2rem;color:#1d2330} main{max-width:34rem;margin:auto} #error{color:#a30000}</style>\n" +
		"</head>\n<body><main>\n" +
		"<h1>" + esc(provider) + " <small>sandbox</small></h1>\n" +
		"<p id=\"error\">" + esc(msg) + "</p>\n" +
		"<p>The application sent an invalid authorization request, so you were not sent back to it. Tell its developer.</p>\n" +
		"</main></body>\n</html>\n"
}

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
	// The path as the browser sent it (percent-encoded), like html/template's
	// URL normalizing of the action attribute.
	_, _ = w.Write([]byte(consentHTML(req.client.Name, sp.title, r.URL.EscapedPath(), nonce, scopes, sp.partialGrant, req.redirectURI)))
}

// errorPage answers a request that must not be redirected (unknown client,
// bad redirect URI, stale consent form), as real providers do.
func (s *Server) errorPage(w http.ResponseWriter, flavor, msg string) {
	pageHeaders(w)
	w.WriteHeader(http.StatusBadRequest)
	_, _ = w.Write([]byte(errorHTML(specs[flavor].title, msg)))
}
