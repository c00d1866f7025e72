package kernelhelpers

import (
	"fmt"
	"html"
	"io"
	"os"
	"regexp"
	"strings"
	"time"

	"github.com/janpfeifer/gonb/gonbui"

	"wearnb.dev/internal/textui"
)

// IsNotebook reports whether the program runs as a GoNB cell (GoNB sets
// GONB_PIPE for cell processes only).
func IsNotebook() bool { return gonbui.IsNotebook }

// Display shows output inline when the program runs as a GoNB cell, and
// as plain text on its writer everywhere else (go run, go test, cron). Its
// methods are safe for concurrent use; lines from several goroutines never
// interleave.
//
// The zero Display is not usable; create one with [New]. The package-level
// functions use a Display on standard output.
type Display struct {
	out *textui.Writer
	in  io.Reader
}

// New returns a Display whose terminal fallbacks go to w (standard output
// if nil) and whose [Display.Input] reads standard input.
func New(w io.Writer) *Display {
	if w == nil {
		w = os.Stdout
	}
	return &Display{out: textui.NewWriter(w), in: os.Stdin}
}

// WithInput returns a copy of d whose Input reads r instead of standard
// input (tests and programs that answer from elsewhere).
func (d *Display) WithInput(r io.Reader) *Display {
	c := *d
	c.in = r
	return &c
}

// std is the Display of the package-level functions.
var std = New(os.Stdout)

// Link shows a clickable link. In a terminal it prints "text: url".
func (d *Display) Link(url, text string) {
	if IsNotebook() {
		gonbui.DisplayHTML(RenderLink(url, text))
		return
	}
	if text == "" || text == url {
		d.out.Println(url)
		return
	}
	d.out.Println(text + ": " + url)
}

// HTML shows an HTML fragment. In a terminal it prints the text content
// (see [TextOf]).
func (d *Display) HTML(fragment string) { d.Rich(fragment, TextOf(fragment)) }

// Rich shows fragment (HTML) in a notebook and text in a terminal, for
// output whose plain form is not simply the HTML's text (a table, an
// error box).
func (d *Display) Rich(fragment, text string) {
	if IsNotebook() {
		gonbui.DisplayHTML(fragment)
		return
	}
	d.out.Println(text)
}

// Text prints plain text, in a notebook too (as the cell's standard
// output).
func (d *Display) Text(text string) { d.out.Println(text) }

// Markdown shows Markdown (with $LaTeX$). In a terminal it prints it as is.
func (d *Display) Markdown(md string) {
	if IsNotebook() {
		gonbui.DisplayMarkdown(md)
		return
	}
	d.out.Println(md)
}

// PNG shows a PNG image. In a terminal it prints a one-line description.
func (d *Display) PNG(png []byte) {
	if IsNotebook() {
		gonbui.DisplayPNG(png)
		return
	}
	d.out.Println(fmt.Sprintf("[PNG image, %d bytes]", len(png)))
}

// SVG shows an SVG image. In a terminal it prints a one-line description.
func (d *Display) SVG(svg string) {
	if IsNotebook() {
		gonbui.DisplaySVG(svg)
		return
	}
	d.out.Println(fmt.Sprintf("[SVG image, %d bytes]", len(svg)))
}

// Logf shows one log entry as preformatted text (class "wearnb-trace") in
// a notebook, and as plain lines in a terminal. It fits consent's
// Config.Logf and connect.Trace, to watch every HTTP exchange.
func (d *Display) Logf(format string, args ...any) {
	text := fmt.Sprintf(format, args...)
	d.Rich(`<pre class="wearnb-trace">`+html.EscapeString(text)+`</pre>`, text)
}

// syncTimeout bounds Sync's wait for the kernel's acknowledgement.
const syncTimeout = 2 * time.Second

// Sync waits until GoNB has taken in everything sent so far (at most 2 s).
// GoNB stops reading a cell's display pipe as soon as the cell's program
// exits, so output sent just before the exit can be lost; call Sync after
// the last display call, as the notebook front does after each Show. It
// returns at once outside a notebook.
func (d *Display) Sync() {
	if !IsNotebook() {
		return
	}
	done := make(chan struct{})
	go func() {
		gonbui.Sync()
		close(done)
	}()
	select {
	case <-done:
	case <-time.After(syncTimeout):
	}
}

// Link shows a clickable link on standard output's Display.
func Link(url, text string) { std.Link(url, text) }

// HTML shows an HTML fragment on standard output's Display.
func HTML(fragment string) { std.HTML(fragment) }

// Markdown shows Markdown on standard output's Display.
func Markdown(md string) { std.Markdown(md) }

// PNG shows a PNG image on standard output's Display.
func PNG(png []byte) { std.PNG(png) }

// SVG shows an SVG image on standard output's Display.
func SVG(svg string) { std.SVG(svg) }

// Logf shows one log entry on standard output's Display.
func Logf(format string, args ...any) { std.Logf(format, args...) }

// Sync waits until GoNB has taken in everything sent so far; see
// [Display.Sync].
func Sync() { std.Sync() }

// RenderLink returns an HTML anchor that opens url in a new tab. The text is
// escaped; an empty text shows the URL itself.
func RenderLink(url, text string) string {
	if text == "" {
		text = url
	}
	return fmt.Sprintf(`<a href="%s" target="_blank" rel="noopener">%s</a>`,
		html.EscapeString(url), html.EscapeString(text))
}

var (
	tagRE   = regexp.MustCompile(`<[^>]*>`)
	spaceRE = regexp.MustCompile(`[ \t]+`)
	brRE    = regexp.MustCompile(`(?i)<(br|/p|/div|/tr|/li|/h[1-6])\s*/?>`)
	hrefRE  = regexp.MustCompile(`(?i)<a\s[^>]*href="([^"]*)"[^>]*>(.*?)</a>`)
)

// TextOf turns an HTML fragment into terminal text: links become
// "text (url)", block ends become new lines, other tags are dropped and
// entities unescaped.
func TextOf(fragment string) string {
	s := hrefRE.ReplaceAllStringFunc(fragment, func(a string) string {
		m := hrefRE.FindStringSubmatch(a)
		text := tagRE.ReplaceAllString(m[2], "")
		if text == "" || text == m[1] {
			return m[1]
		}
		return text + " (" + m[1] + ")"
	})
	s = brRE.ReplaceAllString(s, "\n")
	s = tagRE.ReplaceAllString(s, "")
	s = html.UnescapeString(s)
	s = spaceRE.ReplaceAllString(s, " ")
	var lines []string
	for _, l := range strings.Split(s, "\n") {
		if l = strings.TrimSpace(l); l != "" {
			lines = append(lines, l)
		}
	}
	return strings.Join(lines, "\n")
}
