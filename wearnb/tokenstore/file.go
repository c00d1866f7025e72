package tokenstore

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"time"

	"github.com/gofrs/flock"
	"golang.org/x/oauth2"

	"wearnb.dev/wearnb/internal/redact"
)

// ErrNoToken is matched (with [errors.Is]) by the error of [File.Load] and of
// token sources when no token file exists yet.
var ErrNoToken = errors.New("wearnb: no token saved yet; run the consent flow first")

// File is one token file on disk. Its methods are safe for concurrent use,
// also from several processes. A File never holds token values, so printing
// it shows only its path. Writers lock path+".lock", which stays next to the
// file; removing it while no process uses the file is harmless.
type File struct {
	path     string
	provider string
	account  string
}

// Open returns the token file at path. Nothing is read or created until
// [File.Load], [File.Save] or a token source needs it.
func Open(path string) *File {
	return &File{path: path}
}

// OpenFor returns the token file of one provider account in dir (see
// [PathFor]) and records provider and account in it when saving. Loading a
// file that records another provider or account fails with a [*FileError].
func OpenFor(dir, provider, account string) *File {
	if account == "" {
		account = "default"
	}
	return &File{path: PathFor(dir, provider, account), provider: provider, account: account}
}

// Path returns the file's path.
func (f *File) Path() string { return f.path }

// String returns "tokenstore.File(path)".
func (f *File) String() string { return "tokenstore.File(" + f.path + ")" }

// GoString returns the same as String: a File has no secrets to hide, but
// keeps its own format so that it never grows one by accident.
func (f *File) GoString() string { return "tokenstore.Open(" + strconv.Quote(f.path) + ")" }

func (f *File) lockPath() string { return f.path + ".lock" }

// FileError reports a token file that exists but cannot be used: corrupt,
// truncated, empty, written by something else, a directory, or unreadable.
// Its message names the file and says how to get back to a working state.
type FileError struct {
	Path string
	Err  error // what is wrong; never contains file content
}

// Error names the file, the problem and the way back.
func (e *FileError) Error() string {
	return fmt.Sprintf("wearnb: token file %s is unusable: %v; delete it and run the consent flow again", e.Path, e.Err)
}

// Unwrap returns Err.
func (e *FileError) Unwrap() error { return e.Err }

// GoString keeps %#v as terse and as secret-free as Error.
func (e *FileError) GoString() string {
	return fmt.Sprintf("&tokenstore.FileError{Path: %q, Err: %q}", e.Path, fmt.Sprint(e.Err))
}

// MarshalJSON encodes the error as {"error": message}.
func (e *FileError) MarshalJSON() ([]byte, error) { return marshalError(e) }

// Format prints Error for every verb (%q quoted).
func (e *FileError) Format(f fmt.State, verb rune) { redact.Format(f, verb, e.Error()) }

func marshalError(err error) ([]byte, error) {
	return json.Marshal(struct {
		Error string `json:"error"`
	}{err.Error()})
}

// Load reads the token, with the extras x/oauth2 does not marshal (such as
// "scope" and "user_id") restored so that [oauth2.Token.Extra] finds them.
// A missing file gives an error matching [ErrNoToken]; any other problem
// gives a [*FileError]. Files are replaced atomically, so Load takes the
// lock only when a writer's temporary file lies next to the file: one that
// a killed writer left complete is the newest token and is recovered first
// (see [File.Save]).
func (f *File) Load() (*oauth2.Token, error) {
	ctx, cancel := context.WithTimeout(context.Background(), saveLockWait)
	defer cancel()
	rec, err := f.load(ctx)
	if err != nil {
		return nil, err
	}
	return rec.token(), nil
}

// load reads the file, first settling the temporary files of a writer
// that was killed before its rename (under the lock, so that a writer still
// at work finishes first). If the lock cannot be had, the file is read as
// it is.
func (f *File) load(ctx context.Context) (*record, error) {
	if f.hasTemps() {
		if unlock, err := f.lock(ctx); err == nil {
			f.recoverLocked()
			unlock()
		}
	}
	return f.read()
}

// Save writes tok atomically with mode 0600, creating the directory with mode
// 0700 if needed, while holding the file's lock. It waits at most a minute
// for the lock; use [File.SaveContext] to choose.
//
// A save writes a temporary file next to the file, syncs it and renames it
// over the file. A writer killed between the sync and the rename leaves the
// new token only in the temporary file: for a refresh at a provider whose
// refresh tokens work once (Oura), the only one that still works. So under
// the lock, before anything else, the newest complete and valid temporary
// file that is newer than the file (by the generation counter every save
// increments) replaces it; partial, older and foreign ones are removed.
func (f *File) Save(tok *oauth2.Token) error {
	ctx, cancel := context.WithTimeout(context.Background(), saveLockWait)
	defer cancel()
	return f.SaveContext(ctx, tok)
}

const saveLockWait = time.Minute

// SaveContext is [File.Save] with a context that bounds the wait for the lock.
func (f *File) SaveContext(ctx context.Context, tok *oauth2.Token) error {
	rec, err := newRecord(tok)
	if err != nil {
		return fmt.Errorf("wearnb: saving %s: %w", f.path, err)
	}
	if err := ensureDir(filepath.Dir(f.path)); err != nil {
		return fmt.Errorf("wearnb: saving %s: %w", f.path, err)
	}
	if err := checkDir(filepath.Dir(f.path)); err != nil {
		return err
	}
	unlock, err := f.lock(ctx)
	if err != nil {
		return err
	}
	defer unlock()
	f.recoverLocked()
	old, oerr := f.read()
	if f.provider == "" && f.account == "" && oerr == nil {
		// Keep what an earlier save recorded about the account.
		rec.Provider, rec.Account = old.Provider, old.Account
	}
	switch {
	case oerr == nil && rec.RefreshToken != "" && old.RefreshToken == rec.RefreshToken:
		rec.RefreshIssued = old.RefreshIssued
	case rec.RefreshToken != "":
		rec.RefreshIssued = timeNow().UTC().Round(0)
	}
	return f.writeLocked(rec)
}

// lockRetry is how often a blocked lock is tried again.
const lockRetry = 20 * time.Millisecond

// lock takes the cross-process lock on path+".lock". Each call opens its own
// descriptor, so goroutines of one process exclude each other too. A process
// that dies holding the lock releases it (the kernel drops flock locks).
// A symbolic link at the lock path is refused, never followed.
func (f *File) lock(ctx context.Context) (unlock func(), err error) {
	if err := refuseSymlink(f.lockPath(), "lock file"); err != nil {
		return nil, err
	}
	flags := os.O_CREATE | os.O_RDONLY | oNoFollow
	switch runtime.GOOS {
	case "aix", "solaris", "illumos": // flock's own choice: no write lock on a read-only file there
		flags = os.O_CREATE | os.O_RDWR | oNoFollow
	}
	l := flock.New(f.lockPath(), flock.SetPermissions(0o600), flock.SetFlag(flags))
	ok, err := l.TryLockContext(ctx, lockRetry)
	if err != nil || !ok {
		l.Close()
		if isLoop(err) {
			return nil, refuseSymlink(f.lockPath(), "lock file")
		}
		if err == nil {
			err = errors.New("not acquired")
		}
		return nil, fmt.Errorf("wearnb: waiting for lock %s: %w", l.Path(), err)
	}
	return func() { l.Unlock() }, nil
}

// record is the file format, version 1.
type record struct {
	Format       string            `json:"format"`
	Version      int               `json:"version"`
	Provider     string            `json:"provider,omitempty"`
	Account      string            `json:"account,omitempty"`
	AccessToken  string            `json:"access_token"`
	TokenType    string            `json:"token_type,omitempty"`
	RefreshToken string            `json:"refresh_token,omitempty"`
	Expiry       time.Time         `json:"expiry,omitzero"`
	Extra        map[string]string `json:"extra,omitempty"`
	SavedAt      time.Time         `json:"saved_at"`
	// Generation counts the saves of the file (0 in files written before
	// it existed), so that a writer's leftover temporary file can be told
	// newer or older than the file without trusting the clock.
	Generation int64 `json:"generation,omitempty"`
	// RefreshIssued is when the refresh token was first saved: a save or
	// refresh that keeps the token keeps the time (Google does not rotate
	// refresh tokens). Its age tells a Google refresh token past the 7
	// days of an app in Testing. Zero: unknown (older files).
	RefreshIssued time.Time `json:"refresh_issued,omitzero"`
}

const (
	formatName    = "wearnb-token"
	formatVersion = 1
	maxFileSize   = 1 << 20
)

// keptExtras are the token response fields beyond RFC 6749's that are saved.
var keptExtras = []string{"scope", "user_id"}

func newRecord(tok *oauth2.Token) (*record, error) {
	if tok == nil {
		return nil, errors.New("nil token")
	}
	if tok.AccessToken == "" && tok.RefreshToken == "" {
		return nil, errors.New("token has neither an access token nor a refresh token")
	}
	if !vschar(tok.AccessToken) || !vschar(tok.RefreshToken) || !vschar(tok.TokenType) {
		return nil, errors.New("token contains characters that are not allowed in tokens (RFC 6749 appendix A)")
	}
	rec := &record{
		Format:       formatName,
		Version:      formatVersion,
		AccessToken:  tok.AccessToken,
		TokenType:    tok.TokenType,
		RefreshToken: tok.RefreshToken,
		Expiry:       tok.Expiry.UTC().Round(0),
		Extra:        extras(tok),
	}
	return rec, nil
}

// extras returns the kept extras of tok as strings.
func extras(tok *oauth2.Token) map[string]string {
	var m map[string]string
	for _, k := range keptExtras {
		var s string
		switch v := tok.Extra(k).(type) {
		case string:
			s = v
		case float64:
			s = strconv.FormatFloat(v, 'f', -1, 64)
		case int64:
			s = strconv.FormatInt(v, 10)
		}
		if s != "" {
			if m == nil {
				m = make(map[string]string)
			}
			m[k] = s
		}
	}
	return m
}

func (r *record) token() *oauth2.Token {
	t := &oauth2.Token{
		AccessToken:  r.AccessToken,
		TokenType:    r.TokenType,
		RefreshToken: r.RefreshToken,
		Expiry:       r.Expiry,
	}
	if len(r.Extra) > 0 {
		raw := make(map[string]any, len(r.Extra))
		for k, v := range r.Extra {
			raw[k] = v
		}
		t = t.WithExtra(raw)
	}
	return t
}

// vschar reports whether s has only printable ASCII (RFC 6749 VSCHAR).
func vschar(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < 0x20 || s[i] > 0x7e {
			return false
		}
	}
	return true
}

// decode parses a token file. Its errors describe the problem without
// quoting the content.
func decode(data []byte) (*record, error) {
	if len(bytes.TrimSpace(data)) == 0 {
		return nil, errors.New("the file is empty")
	}
	var rec record
	if err := json.Unmarshal(data, &rec); err != nil {
		return nil, describeJSONError(err, len(data))
	}
	switch {
	case rec.Format != formatName:
		return nil, errors.New("it is not a wearnb token file (no \"format\": \"" + formatName + "\")")
	case rec.Version > formatVersion:
		return nil, fmt.Errorf("it was written by a newer wearnb (format version %d, this one reads %d; upgrade wearnb to keep it)", rec.Version, formatVersion)
	case rec.Version < 1:
		return nil, fmt.Errorf("bad format version %d", rec.Version)
	case rec.AccessToken == "" && rec.RefreshToken == "":
		return nil, errors.New("it has neither an access token nor a refresh token")
	case !vschar(rec.AccessToken) || !vschar(rec.RefreshToken) || !vschar(rec.TokenType):
		return nil, errors.New("a token contains characters that are not allowed in tokens")
	}
	for k, v := range rec.Extra {
		if !vschar(k) || !vschar(v) {
			return nil, errors.New("an extra field contains non-printable characters")
		}
	}
	return &rec, nil
}

func describeJSONError(err error, n int) error {
	var syn *json.SyntaxError
	var typ *json.UnmarshalTypeError
	switch {
	case errors.As(err, &syn) && syn.Offset >= int64(n):
		return errors.New("the file is truncated (JSON ends early)")
	case errors.As(err, &syn):
		return fmt.Errorf("invalid JSON at byte %d", syn.Offset)
	case errors.As(err, &typ) && typ.Field != "":
		return fmt.Errorf("field %q has the wrong type (%s)", typ.Field, typ.Value)
	case errors.As(err, &typ):
		return fmt.Errorf("it holds JSON of type %s, not an object", typ.Value)
	default:
		return errors.New("invalid JSON")
	}
}

func encode(rec *record) ([]byte, error) {
	data, err := json.MarshalIndent(rec, "", "  ")
	if err != nil {
		return nil, err
	}
	return append(data, '\n'), nil
}

// read loads and decodes the file. It refuses a folder every user may
// write to, a symbolic link, and a file others may read (see hygiene.go).
func (f *File) read() (*record, error) {
	if err := checkDir(filepath.Dir(f.path)); err != nil {
		return nil, err
	}
	fh, err := openNoFollow(f.path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("%w (no file %s)", ErrNoToken, f.path)
	}
	if err != nil {
		return nil, &FileError{Path: f.path, Err: plainPathError(err)}
	}
	defer fh.Close()
	if fi, err := fh.Stat(); err == nil && fi.Mode().IsRegular() {
		if err := checkMode(f.path, fi); err != nil {
			return nil, &FileError{Path: f.path, Err: err}
		}
	}
	data, err := io.ReadAll(io.LimitReader(fh, maxFileSize+1))
	if err != nil {
		return nil, &FileError{Path: f.path, Err: plainPathError(err)}
	}
	if len(data) > maxFileSize {
		return nil, &FileError{Path: f.path, Err: errors.New("the file is too large to be a token file")}
	}
	rec, err := decode(data)
	if err != nil {
		return nil, &FileError{Path: f.path, Err: err}
	}
	if f.provider != "" && rec.Provider != "" && rec.Provider != f.provider {
		return nil, &FileError{Path: f.path, Err: fmt.Errorf("it holds a token for provider %q, not %q", rec.Provider, f.provider)}
	}
	if f.account != "" && rec.Account != "" && rec.Account != f.account {
		return nil, &FileError{Path: f.path, Err: fmt.Errorf("it holds a token for account %q, not %q", rec.Account, f.account)}
	}
	return rec, nil
}

// plainPathError drops the path from *fs.PathError, which FileError already
// names.
func plainPathError(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return fmt.Errorf("%s: %w", pe.Op, pe.Err)
	}
	return err
}

// writeLocked replaces the file with rec. The caller holds the lock.
func (f *File) writeLocked(rec *record) error {
	if rec.Provider == "" {
		rec.Provider = f.provider
	}
	if rec.Account == "" {
		rec.Account = f.account
	}
	rec.SavedAt = timeNow().UTC().Round(0)
	if rec.Generation == 0 { // unless the caller knows it already
		rec.Generation = 1
		if cur, err := f.read(); err == nil {
			rec.Generation = cur.Generation + 1
		}
	}
	data, err := encode(rec)
	if err != nil {
		return fmt.Errorf("wearnb: saving %s: %w", f.path, err)
	}
	if err := writeAtomic(f.path, data); err != nil {
		return fmt.Errorf("wearnb: saving %s: %w", f.path, err)
	}
	return nil
}

// tempPrefix is how temporary files for path begin. They live next to path
// so that the rename stays on one file system.
func tempPrefix(path string) string { return "." + filepath.Base(path) + ".tmp-" }

// afterStep, if set (by tests), is called after each step of writeAtomic
// with its name: "written", "synced", "closed", "renamed". A test process
// uses it to be killed between two steps.
var afterStep func(step string)

func step(name string) {
	if afterStep != nil {
		afterStep(name)
	}
}

// writeAtomic writes data to a temporary file next to path, syncs it, renames
// it over path and syncs the directory. The caller holds the lock and has
// settled the temporary files a killed writer left ([File.recoverLocked]).
func writeAtomic(path string, data []byte) (err error) {
	dir := filepath.Dir(path)
	tmp, err := os.CreateTemp(dir, tempPrefix(path)+"*")
	if err != nil {
		return err
	}
	defer func() {
		if err != nil {
			tmp.Close()
			os.Remove(tmp.Name())
		}
	}()
	if err = tmp.Chmod(0o600); err != nil {
		return err
	}
	if _, err = tmp.Write(data); err != nil {
		return err
	}
	step("written")
	if err = tmp.Sync(); err != nil {
		return err
	}
	step("synced")
	if err = tmp.Close(); err != nil {
		return err
	}
	step("closed")
	if err = refuseSymlink(path, "token path"); err != nil {
		return err
	}
	if err = os.Rename(tmp.Name(), path); err != nil {
		return err
	}
	step("renamed")
	return syncDir(dir)
}

// temps returns the paths of the temporary files next to f's file.
func (f *File) temps() []string {
	dir := filepath.Dir(f.path)
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil
	}
	prefix := tempPrefix(f.path)
	var out []string
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), prefix) {
			out = append(out, filepath.Join(dir, e.Name()))
		}
	}
	return out
}

func (f *File) hasTemps() bool { return len(f.temps()) > 0 }

// recoverLocked settles the temporary files a killed writer left next to
// the file. The newest one that is complete, valid (it decodes, is a
// private regular file, and belongs to this provider account) and newer
// than the file replaces the file: it is synced first, since its writer may
// have died before its own sync. Every other one is removed: cut short,
// older than the file, or not a token file of this account (by f's names
// and by those the file records). The caller
// holds the lock, so no live writer is using them.
func (f *File) recoverLocked() {
	temps := f.temps()
	if len(temps) == 0 {
		return
	}
	cur, _ := f.read() // nil if missing or unusable: then any valid temporary file wins
	var best *record
	bestPath := ""
	for _, p := range temps {
		rec := f.readTemp(p)
		if rec == nil || cur != nil && (!same(rec.Provider, cur.Provider) || !same(rec.Account, cur.Account)) {
			continue
		}
		if newer(rec, cur) && (best == nil || newer(rec, best)) {
			best, bestPath = rec, p
		}
	}
	for _, p := range temps {
		if p != bestPath {
			os.Remove(p)
		}
	}
	if best == nil {
		return
	}
	if syncFile(bestPath) != nil || refuseSymlink(f.path, "token path") != nil || os.Rename(bestPath, f.path) != nil {
		os.Remove(bestPath)
		return
	}
	syncDir(filepath.Dir(f.path))
}

// readTemp decodes a temporary file, or returns nil if it is no usable
// token file of f's provider account.
func (f *File) readTemp(path string) *record {
	fh, err := openNoFollow(path)
	if err != nil {
		return nil
	}
	defer fh.Close()
	fi, err := fh.Stat()
	if err != nil || !fi.Mode().IsRegular() || checkMode(path, fi) != nil {
		return nil
	}
	data, err := io.ReadAll(io.LimitReader(fh, maxFileSize+1))
	if err != nil || len(data) > maxFileSize {
		return nil
	}
	rec, err := decode(data)
	if err != nil || !same(rec.Provider, f.provider) || !same(rec.Account, f.account) {
		return nil
	}
	return rec
}

// same reports whether two recorded names agree; empty means unknown.
func same(a, b string) bool { return a == "" || b == "" || a == b }

// newer reports whether a was saved after b (nil: never saved): by
// generation, and by the save time between files of one generation (files
// from before generations existed).
func newer(a, b *record) bool {
	switch {
	case b == nil:
		return true
	case a.Generation != b.Generation:
		return a.Generation > b.Generation
	}
	return a.SavedAt.After(b.SavedAt)
}

func syncFile(path string) error {
	fh, err := os.OpenFile(path, os.O_RDWR|oNoFollow, 0)
	if err != nil {
		return err
	}
	defer fh.Close()
	return fh.Sync()
}

// syncDir makes the rename durable. Windows cannot open directories for
// syncing; there the rename is as durable as the file system makes it.
func syncDir(dir string) error {
	if runtime.GOOS == "windows" {
		return nil
	}
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer d.Close()
	return d.Sync()
}
