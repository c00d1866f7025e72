package kernelhelpers

import (
	"fmt"
	"html"
	"io"
	"os"
	"regexp"
	"strings"
	"sync"

	"github.com/janpfeifer/gonb/gonbui"
)

var (
	outMu sync.Mutex
	out   io.Writer = os.Stdout
	// notebook is read once; tests may override it with forceNotebook.
	notebook = gonbui.IsNotebook
)

// IsNotebook reports whether the program runs as a GoNB cell.
func IsNotebook() bool { return notebook }

// SetOutput sets where terminal fallbacks are written (standard output by
// default) and returns the previous writer. It has no effect on what a
// notebook shows.
func SetOutput(w io.Writer) io.Writer {
	outMu.Lock()
	defer outMu.Unlock()
	prev := out
	out = w
	return prev
}

func printf(format string, args ...any) {
	outMu.Lock()
	defer outMu.Unlock()
	fmt.Fprintf(out, format, args...)
}

// RenderLink returns an HTML anchor that opens url in a new tab. The text is
// escaped; an empty text shows the URL itself.
func RenderLink(url, text string) string {
	if text == "" {
		text = url
	}
	return fmt.Sprintf(`<a href="%s" target="_blank" rel="noopener">%s</a>`,
		html.EscapeString(url), html.EscapeString(text))
}

// Link shows a clickable link. In a terminal it prints "text: url".
func Link(url, text string) {
	if IsNotebook() {
		gonbui.DisplayHTML(RenderLink(url, text))
		return
	}
	if text == "" || text == url {
		printf("%s\n", url)
		return
	}
	printf("%s: %s\n", text, url)
}

// HTML shows an HTML fragment. In a terminal it prints the text content.
func HTML(fragment string) {
	if IsNotebook() {
		gonbui.DisplayHTML(fragment)
		return
	}
	printf("%s\n", TextOf(fragment))
}

// Markdown shows Markdown (with $LaTeX$). In a terminal it prints it as is.
func Markdown(md string) {
	if IsNotebook() {
		gonbui.DisplayMarkdown(md)
		return
	}
	printf("%s\n", md)
}

// PNG shows a PNG image. In a terminal it prints a one-line description.
func PNG(png []byte) {
	if IsNotebook() {
		gonbui.DisplayPNG(png)
		return
	}
	printf("[PNG image, %d bytes]\n", len(png))
}

// SVG shows an SVG image. In a terminal it prints a one-line description.
func SVG(svg string) {
	if IsNotebook() {
		gonbui.DisplaySVG(svg)
		return
	}
	printf("[SVG image, %d bytes]\n", len(svg))
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
