// Package layering holds the test of wearnb's dependency rule: the library
// does not depend on the notebook layer. It has no code of its own.
package layering

import (
	"os/exec"
	"slices"
	"strings"
	"testing"
)

// notebookModules are the module prefixes of the notebook layer: GoNB, Gota
// and gonum.
var notebookModules = []string{"github.com/janpfeifer/gonb", "github.com/go-gota/", "gonum.org/"}

// goList runs go list -f format on patterns and returns one line per
// package, split into fields.
func goList(t *testing.T, format string, patterns ...string) [][]string {
	t.Helper()
	gobin, err := exec.LookPath("go")
	if err != nil {
		t.Skip("no go command on PATH")
	}
	out, err := exec.Command(gobin, append([]string{"list", "-f", format}, patterns...)...).Output()
	if err != nil {
		var stderr string
		if ee, ok := err.(*exec.ExitError); ok {
			stderr = string(ee.Stderr)
		}
		t.Fatalf("go list %v: %v\n%s", patterns, err, stderr)
	}
	var rows [][]string
	for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		rows = append(rows, strings.Fields(line))
	}
	return rows
}

func offending(deps []string, prefixes ...string) []string {
	var bad []string
	for _, d := range deps {
		for _, p := range prefixes {
			if strings.HasPrefix(d, p) {
				bad = append(bad, d)
				break
			}
		}
	}
	return bad
}

// The library packages a program links to get a token and data (consent,
// tokenstore, fetch, cache, connect, every provider) link no GoNB, Gota or
// gonum module: presentation is the caller's.
func TestLibraryLinksNoNotebookModule(t *testing.T) {
	patterns := []string{
		"wearnb.dev/wearnb/consent", "wearnb.dev/wearnb/tokenstore", "wearnb.dev/wearnb/fetch",
		"wearnb.dev/wearnb/cache", "wearnb.dev/wearnb/connect", "wearnb.dev/wearnb/providers/...",
	}
	rows := goList(t, "{{.ImportPath}} {{join .Deps \" \"}}", patterns...)
	seen := 0
	for _, row := range rows {
		pkg := row[0]
		if strings.HasPrefix(pkg, "wearnb.dev/wearnb/providers") {
			seen++
		}
		if bad := offending(row[1:], notebookModules...); len(bad) > 0 {
			t.Errorf("%s links %s", pkg, strings.Join(bad, ", "))
		}
	}
	if seen < 5 { // the registry and four providers
		t.Errorf("go list found %d provider packages, want the registry and every provider", seen)
	}
}

// Only kernelhelpers and the packages below it import GoNB, in code or in
// tests, across every package of the module.
func TestOnlyKernelhelpersImportsGoNB(t *testing.T) {
	rows := goList(t, "{{.ImportPath}} {{join .Imports \" \"}} {{join .TestImports \" \"}} {{join .XTestImports \" \"}}", "wearnb.dev/...")
	if len(rows) < 20 {
		t.Fatalf("go list found only %d packages", len(rows))
	}
	for _, row := range rows {
		pkg := row[0]
		if pkg == "wearnb.dev/kernelhelpers" || strings.HasPrefix(pkg, "wearnb.dev/kernelhelpers/") {
			continue
		}
		if bad := offending(row[1:], "github.com/janpfeifer/gonb"); len(bad) > 0 {
			t.Errorf("%s imports %s; only kernelhelpers may talk to GoNB", pkg, strings.Join(slices.Compact(bad), ", "))
		}
	}
}

// Plain display links neither Gota nor gonum; the notebook front links
// Gota (tables) and gonum/plot's vg, but not gonum/plot itself, so a cell
// that shows a table does not link the plotting code.
func TestKernelhelpersSplit(t *testing.T) {
	for _, row := range goList(t, "{{.ImportPath}} {{join .Deps \" \"}}", "wearnb.dev/kernelhelpers", "wearnb.dev/kernelhelpers/nb", "wearnb.dev/kernelhelpers/plotimg") {
		pkg, deps := row[0], row[1:]
		switch pkg {
		case "wearnb.dev/kernelhelpers":
			if bad := offending(deps, "github.com/go-gota/", "gonum.org/"); len(bad) > 0 {
				t.Errorf("plain display links %s", strings.Join(bad, ", "))
			}
		case "wearnb.dev/kernelhelpers/nb", "wearnb.dev/kernelhelpers/plotimg":
			for _, d := range deps {
				if d == "gonum.org/v1/plot" || strings.HasPrefix(d, "gonum.org/v1/plot/vg/vg") {
					t.Errorf("%s links %s: cells that draw nothing would link the plotting code", pkg, d)
				}
			}
		}
	}
}

// What notebook cells import does not link text/template (html/template
// included): running a template calls methods by name through reflect, so
// the linker then keeps every exported method of every type in the program.
// With the sandbox's consent page on html/template, every cell's binary was
// 23% bigger and its link slower in proportion (issue 13).
func TestCellsLinkNoTemplates(t *testing.T) {
	rows := goList(t, "{{.ImportPath}} {{join .Deps \" \"}}", "wearnb.dev/kernelhelpers/nb", "wearnb.dev/wearnb/connect",
		"wearnb.dev/wearnb/frames", "wearnb.dev/wearnb/charts", "wearnb.dev/wearnb/metrics")
	if len(rows) != 5 {
		t.Fatalf("go list found %d packages, want 5", len(rows))
	}
	for _, row := range rows {
		if bad := offending(row[1:], "text/template", "html/template"); len(bad) > 0 {
			t.Errorf("%s links %s", row[0], strings.Join(bad, ", "))
		}
	}
}
