// Command wbench is the Go side of `make bench` (issue 13): it mints sandbox
// tokens, makes the data files, and runs the Go workloads, each printing one
// JSON line that bench/run.py collects next to the Python programs' lines.
//
//	wbench mint  -state FILE -out tokens.json
//	wbench hr    -days 365 -out hr.ndjson        (Oura heartrate pages, one a minute)
//	wbench b1    -root URL -tokens FILE -flavor oura|fitbit -years N [-save pages.ndjson]
//	wbench b2    -what sleep|hr -in pages.ndjson -reps N
//	wbench b3    -what nightly|hr -in pages.ndjson -reps N -out chart.png
//
// WBENCH_CPUPROFILE=file writes a CPU profile of the run.
//
// Every timing is wall time in seconds of the work alone (reading the input
// file is not timed); peak_mib is the process's maximum resident set size.
package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"net/http"
	"os"
	"runtime/pprof"
	"strconv"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/go-gota/gota/dataframe"
	"github.com/go-gota/gota/series"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"

	"wearnb.dev/wearnb"
	"wearnb.dev/wearnb/charts"
	"wearnb.dev/wearnb/frames"
	"wearnb.dev/wearnb/providers/fitbit"
	"wearnb.dev/wearnb/providers/oura"
	"wearnb.dev/wearnb/sandbox"
	"wearnb.dev/wearnb/sandbox/synth"
)

func main() {
	if len(os.Args) < 2 {
		fmt.Fprintln(os.Stderr, "usage: wbench mint|hr|b1|b2|b3 [flags]")
		os.Exit(2)
	}
	cmds := map[string]func([]string) error{"mint": mint, "hr": genHR, "b1": b1, "b2": b2, "b3": b3}
	run, ok := cmds[os.Args[1]]
	if !ok {
		fmt.Fprintf(os.Stderr, "wbench: unknown command %q\n", os.Args[1])
		os.Exit(2)
	}
	if path := os.Getenv("WBENCH_CPUPROFILE"); path != "" {
		f, err := os.Create(path)
		if err == nil && pprof.StartCPUProfile(f) == nil {
			defer pprof.StopCPUProfile()
		}
	}
	if err := run(os.Args[2:]); err != nil {
		pprof.StopCPUProfile()
		fmt.Fprintln(os.Stderr, "wbench:", err)
		os.Exit(1)
	}
}

// Scopes the bench's tokens carry, per sandbox flavour.
var scopes = map[string][]string{
	sandbox.Oura:   {"daily", "heartrate", "personal"},
	sandbox.Fitbit: {"sleep", "activity", "profile", "heartrate"},
}

// mint writes a sandbox state file with a token per flavour (so that
// examples/sandbox-server -state FILE accepts them) and the access tokens.
func mint(args []string) error {
	fs := flag.NewFlagSet("mint", flag.ExitOnError)
	state := fs.String("state", "", "sandbox state file to create")
	out := fs.String("out", "", "write {flavour: access token} here")
	_ = fs.Parse(args)
	srv, err := sandbox.NewWithState(sandbox.Options{StateFile: *state})
	if err != nil {
		return err
	}
	toks := map[string]string{}
	for fl, sc := range scopes {
		t, err := srv.IssueToken(fl, sandbox.DemoClientID, sc)
		if err != nil {
			return err
		}
		toks[fl] = t.AccessToken
	}
	b, _ := json.Marshal(toks)
	return os.WriteFile(*out, b, 0o600)
}

// genHR writes a year (days) of Oura heartrate pages at one reading a
// minute, in the sandbox's wire format ({"bpm","source","timestamp"}, 1000
// documents a page), from the sandbox's synthetic person (seed 1). The
// sandbox serves 5-minute readings; a ring's live feed is per minute.
func genHR(args []string) error {
	fs := flag.NewFlagSet("hr", flag.ExitOnError)
	days := fs.Int("days", 365, "how many days")
	out := fs.String("out", "", "NDJSON file, one page a line")
	_ = fs.Parse(args)
	p := synth.Default()
	from := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
	to := from.AddDate(0, 0, *days)
	r := wearnb.Range{From: wearnb.DateOf(from).AddDays(-1), To: wearnb.DateOf(to).AddDays(1)}
	sleeps := p.Sleeps(r)
	f, err := os.Create(*out)
	if err != nil {
		return err
	}
	w := bufio.NewWriter(f)
	samples := p.HeartRate(from, to, time.Minute)
	si := 0
	for start := 0; start < len(samples); start += 1000 {
		end := min(start+1000, len(samples))
		w.WriteString(`{"data":[`)
		for i, x := range samples[start:end] {
			for si < len(sleeps) && !sleeps[si].End.After(x.Time) {
				si++
			}
			src := "awake"
			for j := si; j < len(sleeps) && !sleeps[j].Start.After(x.Time); j++ {
				if x.Time.Before(sleeps[j].End) {
					src = "rest"
					if sleeps[j].IsMain {
						src = "sleep"
					}
					break
				}
			}
			if i > 0 {
				w.WriteByte(',')
			}
			fmt.Fprintf(w, `{"bpm":%d,"source":%q,"timestamp":%q}`, x.BPM, src, x.Time.UTC().Format("2006-01-02T15:04:05+00:00"))
		}
		next := "null"
		if end < len(samples) {
			next = strconv.Quote(strconv.Itoa(end))
		}
		fmt.Fprintf(w, `],"next_token":%s}`+"\n", next)
	}
	if err := w.Flush(); err != nil {
		return err
	}
	return f.Close()
}

// counting adds the bearer token and counts requests.
type counting struct {
	token string
	n     atomic.Int64
}

func (c *counting) RoundTrip(r *http.Request) (*http.Response, error) {
	c.n.Add(1)
	r = r.Clone(r.Context())
	r.Header.Set("Authorization", "Bearer "+c.token)
	return http.DefaultTransport.RoundTrip(r)
}

// result is one JSON line of output.
type result map[string]any

func emit(r result) {
	var ru syscall.Rusage
	_ = syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	r["peak_mib"] = float64(ru.Maxrss) / 1024
	b, _ := json.Marshal(r)
	fmt.Println(string(b))
}

// b1 backfills sleep and steps of N years ending 2025-12-31 with the
// provider client, as a notebook's first sync does: every request the
// client needs, decoded and normalized.
func b1(args []string) error {
	fs := flag.NewFlagSet("b1", flag.ExitOnError)
	root := fs.String("root", "", "sandbox server URL")
	tokens := fs.String("tokens", "", "tokens file from mint")
	flavor := fs.String("flavor", "oura", "oura or fitbit")
	years := fs.Int("years", 1, "years to backfill")
	save := fs.String("save", "", "write the sleep pages here (NDJSON)")
	from := fs.String("from", "", "first date (default: years before 2025-12-31)")
	_ = fs.Parse(args)
	var toks map[string]string
	b, err := os.ReadFile(*tokens)
	if err != nil {
		return err
	}
	if err := json.Unmarshal(b, &toks); err != nil {
		return err
	}
	to := wearnb.MustDate("2025-12-31")
	r := wearnb.Range{From: to.AddDays(-365**years + 1), To: to}
	if *from != "" {
		if r.From, err = wearnb.ParseDate(*from); err != nil {
			return err
		}
	}
	rt := &counting{token: toks[*flavor]}
	hc := &http.Client{Transport: rt}
	ctx := context.Background()
	t0 := time.Now()
	var nSleeps, nDays int
	var raw []wearnb.RawPage
	switch *flavor {
	case "oura":
		c := oura.Sandbox(*root).Client(hc)
		sl, err := c.Sleeps(ctx, r)
		if err != nil {
			return err
		}
		days, err := c.Days(ctx, r)
		if err != nil {
			return err
		}
		nSleeps, nDays, raw = len(sl.Sleeps), len(days.Days), sl.Raw
	case "fitbit":
		c := fitbit.Sandbox(*root).Client(hc)
		sl, err := c.Sleeps(ctx, r)
		if err != nil {
			return err
		}
		steps, err := c.Series(ctx, "steps", r)
		if err != nil {
			return err
		}
		nSleeps, nDays = len(sl.Sleeps), len(steps)
	default:
		return fmt.Errorf("unknown flavour %q", *flavor)
	}
	secs := time.Since(t0).Seconds()
	if *save != "" {
		var buf bytes.Buffer
		for _, p := range raw {
			buf.Write(bytes.TrimSpace(p.Body))
			buf.WriteByte('\n')
		}
		if err := os.WriteFile(*save, buf.Bytes(), 0o644); err != nil {
			return err
		}
	}
	emit(result{"seconds": []float64{secs}, "requests": rt.n.Load(), "sleeps": nSleeps, "days": nDays})
	return nil
}

// readPages reads an NDJSON file of page bodies.
func readPages(path string) ([][]byte, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	return bytes.Split(bytes.TrimSpace(b), []byte("\n")), nil
}

// sleepFrame is B2 sleep: pages → oura documents → normalized sleeps → the
// Gota frame notebooks use.
func sleepFrame(pages [][]byte) (dataframe.DataFrame, []wearnb.Sleep, error) {
	var docs []oura.SleepDoc
	for _, p := range pages {
		pg, err := oura.DecodeSleepPage(p)
		if err != nil {
			return dataframe.DataFrame{}, nil, err
		}
		docs = append(docs, pg.Data...)
	}
	sleeps, err := oura.NormalizeSleeps(docs)
	if err != nil {
		return dataframe.DataFrame{}, nil, err
	}
	df := frames.Sleeps(sleeps)
	return df, sleeps, df.Err
}

// hrColumns is B2 heart rate without the frame: pages → readings → columns.
func hrColumns(pages [][]byte) (ts []time.Time, bpm []int, src []string, err error) {
	for _, p := range pages {
		pg, err := oura.DecodeHeartRatePage(p)
		if err != nil {
			return nil, nil, nil, err
		}
		for _, h := range pg.Data {
			if h.BPM == nil { // null: no reading, as oura.NormalizeHeartRate skips it
				continue
			}
			ts = append(ts, h.Timestamp.Time)
			bpm = append(bpm, *h.BPM)
			src = append(src, h.Source)
		}
	}
	return ts, bpm, src, nil
}

// hrFrame is B2 heart rate: a frame of timestamp (Unix seconds, how frames
// holds instants), bpm and source.
func hrFrame(pages [][]byte) (dataframe.DataFrame, error) {
	ts, bpm, src, err := hrColumns(pages)
	if err != nil {
		return dataframe.DataFrame{}, err
	}
	unix := make([]int, len(ts))
	for i, t := range ts {
		unix[i] = int(t.Unix())
	}
	df := dataframe.New(
		series.New(unix, series.Int, "timestamp_unix"),
		series.New(bpm, series.Int, "bpm"),
		series.New(src, series.String, "source"),
	)
	return df, df.Err
}

func b2(args []string) error {
	fs := flag.NewFlagSet("b2", flag.ExitOnError)
	what := fs.String("what", "sleep", "sleep or hr")
	in := fs.String("in", "", "pages (NDJSON)")
	reps := fs.Int("reps", 3, "repeats in this process")
	_ = fs.Parse(args)
	pages, err := readPages(*in)
	if err != nil {
		return err
	}
	var secs []float64
	rows := 0
	for range *reps {
		t0 := time.Now()
		var df dataframe.DataFrame
		switch *what {
		case "sleep":
			df, _, err = sleepFrame(pages)
		case "hr":
			df, err = hrFrame(pages)
		default:
			return fmt.Errorf("unknown -what %q", *what)
		}
		if err != nil {
			return err
		}
		secs = append(secs, time.Since(t0).Seconds())
		rows = df.Nrow()
	}
	emit(result{"seconds": secs, "rows": rows})
	return nil
}

func b3(args []string) error {
	fs := flag.NewFlagSet("b3", flag.ExitOnError)
	what := fs.String("what", "nightly", "nightly or hr")
	in := fs.String("in", "", "pages (NDJSON)")
	reps := fs.Int("reps", 3, "repeats in this process")
	out := fs.String("out", "", "also write the last PNG here")
	w := fs.Float64("w", 10, "width, inches")
	h := fs.Float64("h", 4, "height, inches")
	_ = fs.Parse(args)
	pages, err := readPages(*in)
	if err != nil {
		return err
	}
	var sleeps []wearnb.Sleep
	var ts []time.Time
	var ys []float64
	switch *what {
	case "nightly":
		if _, sleeps, err = sleepFrame(pages); err != nil {
			return err
		}
	case "hr":
		t, bpm, _, err := hrColumns(pages)
		if err != nil {
			return err
		}
		ts = t
		for _, v := range bpm {
			ys = append(ys, float64(v))
		}
	default:
		return fmt.Errorf("unknown -what %q", *what)
	}
	var secs []float64
	var png []byte
	for range *reps {
		t0 := time.Now()
		var buf bytes.Buffer
		switch *what {
		case "nightly":
			pl, err := charts.SleepDuration(sleeps, 7)
			if err != nil {
				return err
			}
			if err := render(pl, *w, *h, &buf); err != nil {
				return err
			}
		case "hr":
			pl, err := charts.TimeSeries("Heart rate, one reading a minute", "bpm", ts, ys)
			if err != nil {
				return err
			}
			if err := render(pl, *w, *h, &buf); err != nil {
				return err
			}
		}
		secs = append(secs, time.Since(t0).Seconds())
		png = buf.Bytes()
	}
	if *out != "" {
		if err := os.WriteFile(*out, png, 0o644); err != nil {
			return err
		}
	}
	emit(result{"seconds": secs, "png_bytes": len(png)})
	return nil
}

// render draws p as a PNG of w×h inches at 100 dpi (matplotlib's default
// figure dpi, which the Python side uses too).
func render(p *plot.Plot, w, h float64, out io.Writer) error {
	c := vgimg.NewWith(vgimg.UseWH(vg.Length(w)*vg.Inch, vg.Length(h)*vg.Inch), vgimg.UseDPI(100))
	p.Draw(draw.New(c))
	_, err := vgimg.PngCanvas{Canvas: c}.WriteTo(out)
	return err
}
