package labtest

import (
	"bufio"
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"wearnb.dev/internal/browser"
)

// repoRoot is the repository root, two levels up from this package.
func repoRoot(t *testing.T) string {
	t.Helper()
	root, err := filepath.Abs("../..")
	if err != nil {
		t.Fatal(err)
	}
	return root
}

func need(t *testing.T, what string, err error) {
	t.Helper()
	if err == nil {
		return
	}
	if os.Getenv("CI") != "" {
		t.Fatalf("%s: %v", what, err)
	}
	t.Skipf("%s (run make setup): %v", what, err)
}

func freePort(t *testing.T) int {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().(*net.TCPAddr).Port
}

// startLab runs JupyterLab on a copy of one notebook and returns its URL
// (with token) for that notebook. The copy sits in a temporary folder with a
// link to the repository's scripts, so the notebook's first cell finds
// scripts/nbboot.sh and autosave never touches the repository.
func startLab(t *testing.T, ctx context.Context, notebook string) string {
	t.Helper()
	root := repoRoot(t)
	jupyter := filepath.Join(root, ".venv", "bin", "jupyter")
	_, err := os.Stat(jupyter)
	need(t, "JupyterLab in .venv", err)
	_, err = os.Stat(filepath.Join(root, ".jupyter", "kernels", "gonb", "kernel.json"))
	need(t, "the GoNB kernel spec in .jupyter", err)
	_, err = browser.Path()
	need(t, "Chromium", err)

	work := t.TempDir()
	nbDir := filepath.Join(work, "notebooks")
	if err := os.MkdirAll(nbDir, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(filepath.Join(root, "scripts"), filepath.Join(work, "scripts")); err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(filepath.Join(root, "notebooks", notebook))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(nbDir, notebook), b, 0o644); err != nil {
		t.Fatal(err)
	}

	var tok [16]byte
	_, _ = rand.Read(tok[:])
	token := hex.EncodeToString(tok[:])
	port := freePort(t)
	args := []string{"lab", "--no-browser", "--ip=127.0.0.1", fmt.Sprintf("--port=%d", port),
		"--ServerApp.token=" + token, "--ServerApp.root_dir=" + nbDir,
		"--LabApp.expose_app_in_browser=True", "--ServerApp.disable_check_xsrf=False"}
	if os.Geteuid() == 0 {
		args = append(args, "--allow-root")
	}
	cmd := exec.CommandContext(ctx, jupyter, args...)
	cmd.Env = append(os.Environ(),
		"JUPYTER_DATA_DIR="+filepath.Join(root, ".jupyter"),
		"JUPYTER_CONFIG_DIR="+filepath.Join(work, "jupyter-config"),
		"JUPYTER_RUNTIME_DIR="+filepath.Join(work, "jupyter-runtime"),
		"PATH="+filepath.Join(root, ".tools", "bin")+string(os.PathListSeparator)+os.Getenv("PATH"),
		"WEARNB_HOME="+filepath.Join(work, "home"),
	)
	logf, err := os.Create(filepath.Join(work, "lab.log"))
	if err != nil {
		t.Fatal(err)
	}
	cmd.Stdout, cmd.Stderr = logf, logf
	cmd.Cancel = func() error { return cmd.Process.Signal(os.Interrupt) }
	cmd.WaitDelay = 5 * time.Second
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		_ = cmd.Process.Signal(os.Interrupt)
		_ = cmd.Wait()
		logf.Close()
		if t.Failed() {
			if f, err := os.Open(logf.Name()); err == nil {
				sc := bufio.NewScanner(f)
				for sc.Scan() {
					t.Log("lab: " + sc.Text())
				}
				f.Close()
			}
		}
	})

	base := fmt.Sprintf("http://127.0.0.1:%d", port)
	deadline := time.Now().Add(60 * time.Second)
	for {
		resp, err := http.Get(base + "/api/status?token=" + token)
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				break
			}
		}
		if time.Now().After(deadline) {
			t.Fatalf("JupyterLab did not start on %s", base)
		}
		time.Sleep(200 * time.Millisecond)
	}
	return fmt.Sprintf("%s/lab/tree/%s?token=%s", base, notebook, token)
}

func envInt(name string, def int) int {
	var n int
	if _, err := fmt.Sscan(os.Getenv(name), &n); err == nil && n > 0 {
		return n
	}
	return def
}

// evalString runs a JavaScript expression in the page and returns its value
// as a string.
func evalString(ctx context.Context, js string) (string, error) {
	return chromedp.Run(ctx, chromedp.Evaluate[string](js))
}

// withPanel replaces PANEL in js by the open notebook's panel in JupyterLab's
// main area (shell.currentWidget stays null in a headless window that has no
// focus).
func withPanel(js string) string {
	return strings.ReplaceAll(js, "PANEL", `(window.jupyterapp && [...jupyterapp.shell.widgets("main")].find(w => w.sessionContext))`)
}

// pageState describes the page for failure messages.
const pageState = `[location.pathname, document.title, typeof window.jupyterapp,
	String(window.jupyterapp && [...jupyterapp.shell.widgets("main")].map(w => w.title.label + ":" +
		(w.sessionContext ? [w.sessionContext.kernelDisplayStatus, w.sessionContext.isReady, w.sessionContext.hasNoKernel,
			w.sessionContext.session && w.sessionContext.session.kernel && w.sessionContext.session.kernel.connectionStatus,
			w.sessionContext.session && w.sessionContext.session.kernel && w.sessionContext.session.kernel.status,
			w.sessionContext.kernelPreference && JSON.stringify(w.sessionContext.kernelPreference)].join("/") : "-")).join(","))].join(" | ")`

// waitFor polls a JavaScript condition until it is true or ctx ends; the
// error then says what the page looked like.
func waitFor(ctx context.Context, what, js string) error {
	ctx, cancel := context.WithTimeout(ctx, 100*time.Second)
	defer cancel()
	var state string
	for {
		v, err := evalString(ctx, "String(Boolean("+js+"))")
		if err == nil && v == "true" {
			return nil
		}
		if s, err := evalString(ctx, pageState); err == nil {
			state = s
		}
		select {
		case <-ctx.Done():
			return fmt.Errorf("waiting for %s: %w (page: %s; last error: %v)", what, ctx.Err(), state, err)
		case <-time.After(300 * time.Millisecond):
		}
	}
}

// TestQuickstartInJupyterLab opens the Oura quickstart in JupyterLab, runs
// every cell, approves the consent page the first cell links to, and checks
// that the page ends up showing the sleep table and the chart, with no error.
func TestQuickstartInJupyterLab(t *testing.T) {
	if testing.Short() {
		t.Skip("starts JupyterLab and Chromium")
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Duration(envInt("WEARNB_LABTEST_SECONDS", 240))*time.Second)
	defer cancel()
	url := startLab(t, ctx, "10-quickstart-oura.ipynb")

	bctx, stop, err := browser.New(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer stop()
	if err := chromedp.Do(bctx, chromedp.Navigate(url)); err != nil {
		t.Fatal(err)
	}
	// The app is up and the notebook is connected to its kernel (GoNB).
	// (GoNB publishes no status until it executes something, so the
	// kernel's status stays "unknown" until then.)
	kernelUp := withPanel(`PANEL && PANEL.sessionContext.session && PANEL.sessionContext.session.kernel &&
		PANEL.sessionContext.session.kernel.connectionStatus === "connected"`)
	fail := func(err error) {
		t.Helper()
		shot := filepath.Join(os.TempDir(), "wearnb-labtest.png")
		if png, serr := chromedp.Run(bctx, chromedp.CaptureScreenshot()); serr == nil && os.WriteFile(shot, png, 0o644) == nil {
			t.Logf("screenshot of the page: %s", shot)
		}
		t.Fatal(err)
	}
	if err := waitFor(bctx, "the notebook and its kernel", kernelUp); err != nil {
		fail(err)
	}
	name, _ := evalString(bctx, withPanel(`PANEL.sessionContext.session.kernel.name`))
	if name != "gonb" {
		t.Fatalf("kernel %q, want gonb", name)
	}
	run := withPanel(`(jupyterapp.shell.activateById(PANEL.id), jupyterapp.commands.execute("notebook:run-all-cells"), "ok")`)
	if _, err := evalString(bctx, run); err != nil {
		t.Fatal(err)
	}

	// The consent link shows up in the output; a person clicks it and
	// approves. It opens in a new tab, so open its href in one.
	if err := waitFor(bctx, "the consent link", `document.querySelector("a.wearnb-consent-link")`); err != nil {
		fail(err)
	}
	href, err := evalString(bctx, `document.querySelector("a.wearnb-consent-link").href`)
	if err != nil {
		t.Fatal(err)
	}
	tab, closeTab := chromedp.NewContext(bctx)
	err = chromedp.Do(tab, chromedp.Navigate(href), chromedp.WaitVisible(chromedp.CSS("#allow")), chromedp.Click(chromedp.CSS("#allow")))
	if err != nil {
		t.Fatal(err)
	}
	if err := waitFor(tab, "the callback page", `location.pathname === "/callback"`); err != nil {
		t.Fatal(err)
	}
	closeTab()

	// Every cell ran: no prompt shows [*] and the chart arrived.
	done := `document.querySelectorAll(".jp-Cell .jp-InputPrompt").length > 0 &&
		![...document.querySelectorAll(".jp-Cell .jp-InputPrompt")].some(p => p.textContent.includes("*")) &&
		document.querySelector(".jp-OutputArea-output img")`
	if err := waitFor(bctx, "all cells to finish with a chart", done); err != nil {
		fail(err)
	}
	text, err := evalString(bctx, `[...document.querySelectorAll(".jp-OutputArea-output")].map(o => o.innerText).join("\n")`)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"Connected to Oura", "asleep_min", "steps"} {
		if !strings.Contains(text, want) {
			t.Errorf("outputs lack %q", want)
		}
	}
	for _, bad := range []string{"panic:", "exit status"} {
		if strings.Contains(text, bad) {
			t.Errorf("outputs contain %q:\n%s", bad, text)
		}
	}
	if n, _ := evalString(bctx, `String(document.querySelectorAll(".jp-OutputArea-output img").length)`); n == "0" {
		t.Error("no image in the outputs")
	}
	if t.Failed() {
		t.Log(text)
	}
}
