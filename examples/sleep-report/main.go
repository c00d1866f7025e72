// Command sleep-report syncs a provider account into the local cache and
// writes a sleep report: CSV files of the normalized frames, PNG charts, and
// an HTML page that shows them with weekly averages.
//
//	go run ./examples/sleep-report -out report            # sandbox (Oura format)
//	go run ./examples/sleep-report -provider fitbit -from 2025-01-01 -to 2025-06-30
//	go run ./examples/sleep-report -real -provider oura   # your own ring
//
// Against the sandbox, -auto-approve plays the person on the consent page, so
// the command runs unattended; for a real account it prints the consent link
// the first time and waits for you.
package main

import (
	"context"
	"flag"
	"fmt"
	"html/template"
	"io"
	"net/http"
	"os"
	"path/filepath"

	"github.com/go-gota/gota/dataframe"
	"github.com/go-gota/gota/series"
	"gonum.org/v1/plot"

	"wearnb.dev/kernelhelpers/plotimg"
	"wearnb.dev/kernelhelpers/table"
	"wearnb.dev/wearnb"
	"wearnb.dev/wearnb/cache"
	"wearnb.dev/wearnb/charts"
	"wearnb.dev/wearnb/connect"
	"wearnb.dev/wearnb/consent"
	"wearnb.dev/wearnb/frames"
	"wearnb.dev/wearnb/sandbox"
)

type config struct {
	provider    string
	real        bool
	autoApprove bool
	sandboxAddr string
	redirect    string
	from, to    wearnb.Date
	out         string
	status      io.Writer // the consent link, status lines and sync progress
}

func main() {
	c := config{status: os.Stderr} // stdout is for the summary
	var from, to string
	flag.StringVar(&c.provider, "provider", "oura", "oura, googlehealth, fitbit or jawbone")
	flag.BoolVar(&c.real, "real", false, "use the real provider instead of the built-in sandbox")
	flag.BoolVar(&c.autoApprove, "auto-approve", true, "sandbox only: approve the consent page without a browser")
	flag.StringVar(&c.sandboxAddr, "sandbox", connect.DefaultSandboxAddr, "sandbox address (loopback)")
	flag.StringVar(&c.redirect, "redirect", consent.DefaultRedirectURL, "redirect URL registered with the provider")
	flag.StringVar(&from, "from", "2025-01-01", "first date (YYYY-MM-DD)")
	flag.StringVar(&to, "to", "2025-12-31", "last date (YYYY-MM-DD)")
	flag.StringVar(&c.out, "out", "sleep-report", "output folder")
	flag.Parse()
	var err error
	if c.from, err = wearnb.ParseDate(from); err == nil {
		c.to, err = wearnb.ParseDate(to)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "sleep-report:", err)
		os.Exit(2)
	}
	ctx, stop := consent.InterruptContext(context.Background())
	defer stop()
	if err := run(ctx, c, os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "sleep-report:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, c config, w io.Writer) error {
	r, err := wearnb.NewRange(c.from, c.to)
	if err != nil {
		return err
	}
	opts := []connect.Option{
		connect.Display(consent.Terminal(c.status)),
		connect.Progress(cache.TextProgress(c.status)),
	}
	if c.redirect != "" {
		opts = append(opts, connect.RedirectURL(c.redirect))
	}
	if !c.real {
		sopts := sandbox.Options{AutoApprove: c.autoApprove}
		opts = append(opts, connect.SandboxWith(c.sandboxAddr, sopts))
		if c.autoApprove {
			opts = append(opts, connect.OnConsentLink(followLink))
		}
	}
	acct, err := connect.Open(ctx, c.provider, opts...)
	if err != nil {
		return err
	}
	defer acct.Close()

	sleeps, err := acct.Sleeps(ctx, r)
	if err != nil {
		return err
	}
	days, err := acct.Days(ctx, r)
	if err != nil {
		return err
	}
	if err := os.MkdirAll(c.out, 0o755); err != nil {
		return err
	}
	sf := frames.Sleeps(sleeps)
	mf := frames.Moves(days)
	if err := writeCSV(filepath.Join(c.out, "sleeps.csv"), sf); err != nil {
		return err
	}
	if err := writeCSV(filepath.Join(c.out, "moves.csv"), mf); err != nil {
		return err
	}

	var figs []figure
	for _, ch := range []struct {
		file, caption string
		draw          func() (*plot.Plot, error)
	}{
		{"duration.png", "Total sleep time per night, with a 14-night mean", func() (*plot.Plot, error) { return charts.SleepDuration(sleeps, 14) }},
		{"stages.png", "Sleep stages by month", func() (*plot.Plot, error) { return charts.StageComposition(sleeps) }},
		{"weekdays.png", "Total sleep time by weekday", func() (*plot.Plot, error) { return charts.WeekdayComparison(sleeps) }},
		{"steps-vs-sleep.png", "Steps and the night after", func() (*plot.Plot, error) { return charts.StepsVsSleep(days, sleeps) }},
	} {
		p, err := ch.draw()
		if err == charts.ErrNoData {
			continue
		}
		if err != nil {
			return err
		}
		png, err := plotimg.Render(p, 0, 0, "png")
		if err != nil {
			return err
		}
		if err := os.WriteFile(filepath.Join(c.out, ch.file), png, 0o644); err != nil {
			return err
		}
		figs = append(figs, figure{ch.file, ch.caption})
	}

	nights := sf.Filter(dataframe.F{Colname: "is_main", Comparator: series.Eq, Comparando: true})
	weekly, err := frames.WeeklyMean(nights, "asleep_min", "efficiency_pct", "deep_min", "rem_min")
	if err != nil {
		return err
	}
	page := report{
		Title:   fmt.Sprintf("Sleep report: %s, %s", acct.Provider().Name(), r),
		Nights:  nights.Nrow(),
		Figures: figs,
		Weekly:  template.HTML(table.HTML(weekly, 12)),
	}
	f, err := os.Create(filepath.Join(c.out, "report.html"))
	if err != nil {
		return err
	}
	if err := reportHTML.Execute(f, page); err != nil {
		f.Close()
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	fmt.Fprintf(w, "%d nights, %d days: wrote %s (report.html, sleeps.csv, moves.csv, %d charts)\n",
		nights.Nrow(), mf.Nrow(), c.out, len(figs))
	return nil
}

// followLink plays the browser for the sandbox's auto-approving consent page.
func followLink(link string) {
	go func() {
		if resp, err := http.Get(link); err == nil {
			resp.Body.Close()
		}
	}()
}

func writeCSV(path string, df dataframe.DataFrame) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	if err := df.WriteCSV(f); err != nil {
		f.Close()
		return fmt.Errorf("write %s: %w", path, err)
	}
	return f.Close()
}

type figure struct{ File, Caption string }

type report struct {
	Title   string
	Nights  int
	Figures []figure
	Weekly  template.HTML
}

var reportHTML = template.Must(template.New("report").Parse(`<!doctype html>
<html><head><meta charset="utf-8"><title>{{.Title}}</title>
<style>body{font-family:sans-serif;max-width:60em;margin:2em auto}table{border-collapse:collapse}td,th{padding:2px 8px;text-align:right}</style>
</head><body>
<h1>{{.Title}}</h1>
<p>{{.Nights}} nights. Data: sleeps.csv and moves.csv (one row per sleep period and per day; columns documented in package frames).</p>
{{range .Figures}}<figure><img src="{{.File}}" alt="{{.Caption}}"><figcaption>{{.Caption}}</figcaption></figure>
{{end}}
<h2>Weekly averages (main sleeps)</h2>
{{.Weekly}}
</body></html>
`))
