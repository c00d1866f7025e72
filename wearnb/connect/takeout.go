package connect

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"wearnb.dev/wearnb"
	"wearnb.dev/wearnb/cache"
	"wearnb.dev/wearnb/internal/paths"
	"wearnb.dev/wearnb/providers/fitbit/takeout"
)

// Takeout opens the Fitbit data of a Google Takeout archive instead of an
// online account: path is the .zip (a glob such as
// "~/Downloads/takeout-*.zip" takes every part of a split archive) or the
// extracted folder. Open imports it into the cache, as the account
// "<name>@takeout" of provider "fitbit", the first time and whenever the
// archive's files (or opts) change; every later Open reads the cache, so a
// notebook cell costs no re-reading. The account is offline: Sleeps, Days,
// Hours, every frame, metric and chart read the imported records. Progress
// shows through the Progress option (reading the files, then storing the
// chunks). opts are the importer's (takeout.Zone, takeout.ZoneHistory,
// takeout.USStampsLocal, ...).
func Takeout(path string, opts ...takeout.Option) Option {
	return func(o *options) error {
		if strings.TrimSpace(path) == "" {
			return errors.New("connect: Takeout needs the archive's path")
		}
		o.takeout, o.takeoutOpts = path, opts
		return nil
	}
}

// takeoutFiles expands path (a leading ~, a glob) to the archive's parts.
func takeoutFiles(path string) ([]string, error) {
	if strings.HasPrefix(path, "~/") {
		if home, err := os.UserHomeDir(); err == nil {
			path = filepath.Join(home, path[2:])
		}
	}
	matches, err := filepath.Glob(path)
	if err != nil {
		return nil, fmt.Errorf("connect: takeout path %q: %w", path, err)
	}
	if len(matches) == 0 {
		return nil, fmt.Errorf("connect: no Takeout archive at %s: %w", path, fs.ErrNotExist)
	}
	for i, m := range matches {
		if abs, err := filepath.Abs(m); err == nil {
			matches[i] = abs
		}
	}
	slices.Sort(matches)
	return matches, nil
}

// importRecord is what the imports folder keeps about an import: enough to
// tell whether the archive changed since.
type importRecord struct {
	// Importer is the importer's version ([importerVersion]): an archive
	// imported by an older one is imported again.
	Importer int         `json:"importer"`
	Account  string      `json:"account"`
	Settings string      `json:"settings"`
	Files    []fileStamp `json:"files"`
	Range    string      `json:"range"`
}

// importerVersion is raised when the importer reads more of an archive: 2
// added heart rate, resting heart rate and the nightly vitals.
const importerVersion = 2

type fileStamp struct {
	Path  string `json:"path"`
	Size  int64  `json:"size"`
	MTime int64  `json:"mtime_ns"`
	Count int    `json:"files,omitempty"` // a folder: files below it
}

// stampOf fingerprints an archive part: a zip by size and modification
// time, a folder by the sizes and times of the files below it.
func stampOf(p string) (fileStamp, error) {
	st, err := os.Stat(p)
	if err != nil {
		return fileStamp{}, err
	}
	fp := fileStamp{Path: p, Size: st.Size(), MTime: st.ModTime().UnixNano()}
	if !st.IsDir() {
		return fp, nil
	}
	fp.Size, fp.MTime = 0, 0
	err = filepath.WalkDir(p, func(_ string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		info, err := d.Info()
		if err != nil {
			return err
		}
		fp.Count++
		fp.Size += info.Size()
		fp.MTime = max(fp.MTime, info.ModTime().UnixNano())
		return nil
	})
	return fp, err
}

// importTakeout brings the cache up to date with the archive of o for the
// account a (see Takeout).
func importTakeout(ctx context.Context, a *Account, o options, home paths.Layout) error {
	files, err := takeoutFiles(o.takeout)
	if err != nil {
		return err
	}
	rec := importRecord{Importer: importerVersion, Account: a.cacheAcc, Settings: takeout.Describe(o.takeoutOpts...)}
	for _, f := range files {
		fp, err := stampOf(f)
		if err != nil {
			return fmt.Errorf("connect: takeout: %w", err)
		}
		rec.Files = append(rec.Files, fp)
	}
	dir, err := home.Imports()
	if err != nil {
		return fmt.Errorf("connect: %w", err)
	}
	marker := filepath.Join(dir, "fitbit-"+safeName(a.name)+".json")
	a.importMarker = marker
	if old, err := os.ReadFile(marker); err == nil {
		var prev importRecord
		if json.Unmarshal(old, &prev) == nil && equalRecords(prev, rec) {
			if chunks, err := a.cache.Chunks(ctx, "fitbit", a.cacheAcc); err == nil && len(chunks) > 0 {
				return nil // imported already, and the cache still has it
			}
		}
	}

	progress := o.progress
	if !o.progressSet {
		progress = cache.TextProgress(os.Stdout)
	}
	var prog cache.Progress
	readOpts := append(slices.Clone(o.takeoutOpts), takeout.Progress(func(done, total int, file string) {
		if progress == nil {
			return
		}
		if prog == nil {
			prog = progress("read takeout "+filepath.Base(files[0]), total)
		}
		switch {
		case file == "":
			prog.Done(fmt.Sprintf("%d files read", total))
		case done > 0:
			prog.Add(1, file)
		}
	}))
	arch, err := takeout.Open(files, readOpts...)
	if err != nil {
		return fmt.Errorf("connect: %w", err)
	}
	span, ok := arch.Span()
	if !ok {
		return fmt.Errorf("connect: %w: the archive %s has Fitbit files but no sleeps or activity in them", wearnb.ErrNothingToImport, o.takeout)
	}
	if _, err := a.cache.Forget(ctx, arch.Provider().Name(), a.cacheAcc); err != nil {
		return fmt.Errorf("connect: %w", err)
	}
	syncOpts := []cache.SyncOption{cache.WithToday(span.To.AddDays(1))}
	if progress == nil {
		syncOpts = append(syncOpts, cache.WithoutProgress())
	} else {
		syncOpts = append(syncOpts, cache.WithProgress(progress))
	}
	if _, err := a.cache.Sync(ctx, arch.Provider(), a.cacheAcc, nil, span, syncOpts...); err != nil {
		return fmt.Errorf("connect: importing %s: %w", o.takeout, err)
	}
	rec.Range = span.String()
	b, _ := json.MarshalIndent(rec, "", " ")
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return fmt.Errorf("connect: %w", err)
	}
	if err := os.WriteFile(marker, b, 0o600); err != nil {
		return fmt.Errorf("connect: %w", err)
	}
	return nil
}

func equalRecords(a, b importRecord) bool {
	return a.Importer == b.Importer && a.Account == b.Account && a.Settings == b.Settings && slices.Equal(a.Files, b.Files)
}

// safeName keeps letters, digits, '-' and '_' of an account name for a
// file name.
func safeName(s string) string {
	var b strings.Builder
	for _, r := range s {
		if r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-' || r == '_' {
			b.WriteRune(r)
		} else {
			b.WriteByte('_')
		}
	}
	return b.String()
}
