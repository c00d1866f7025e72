package sandbox

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"time"

	"github.com/gofrs/flock"
)

// The state file keeps grants, tokens and codes across processes, so a
// token issued by a sandbox in one notebook cell (a GoNB cell is a new
// program) still works against the sandbox started by the next cell. Two
// notebooks (or a notebook and a test) may run a sandbox on the same file
// at once: every use of the OAuth state takes the file's lock (a flock on
// StateFile+".lock", which the kernel drops if the process dies) and
// re-reads the file if another process wrote it since, so no process works
// from, or writes back, a stale copy.

const stateVersion = 1

type stateGrant struct {
	Flavor   string    `json:"flavor"`
	ClientID string    `json:"client_id"`
	Scopes   []string  `json:"scopes"`
	Revoked  bool      `json:"revoked,omitempty"`
	Granted  time.Time `json:"granted,omitzero"`
}

type statePair struct {
	Access  string    `json:"access_token"`
	Refresh string    `json:"refresh_token"`
	Expiry  time.Time `json:"expiry"`
	Used    bool      `json:"used,omitempty"`
	Grant   int       `json:"grant"`
}

type stateRefresh struct {
	Token string `json:"token"`
	Pair  int    `json:"pair"`
	Spent bool   `json:"spent,omitempty"`
	Next  int    `json:"next"` // -1: none
}

type stateCode struct {
	Code          string    `json:"code"`
	Flavor        string    `json:"flavor"`
	ClientID      string    `json:"client_id"`
	RedirectURI   string    `json:"redirect_uri"`
	RedirectGiven bool      `json:"redirect_given,omitempty"`
	Scopes        []string  `json:"scopes"`
	Challenge     string    `json:"code_challenge,omitempty"`
	Method        string    `json:"code_challenge_method,omitempty"`
	Expiry        time.Time `json:"expiry"`
	Used          bool      `json:"used,omitempty"`
	Grant         int       `json:"grant"` // -1: not exchanged
}

type stateDoc struct {
	Version int            `json:"version"`
	Note    string         `json:"note"`
	Grants  []stateGrant   `json:"grants"`
	Pairs   []statePair    `json:"pairs"`
	Refresh []stateRefresh `json:"refresh_tokens"`
	Codes   []stateCode    `json:"codes"`
}

// snapshotLocked serializes the OAuth state. s.mu must be held.
func (s *Server) snapshotLocked() stateDoc {
	doc := stateDoc{Version: stateVersion, Note: "wearnb sandbox state: synthetic grants and tokens, no real account"}
	gi := map[*grant]int{}
	pi := map[*tokenPair]int{}
	gidx := func(g *grant) int {
		if i, ok := gi[g]; ok {
			return i
		}
		gi[g] = len(doc.Grants)
		doc.Grants = append(doc.Grants, stateGrant{g.flavor, g.clientID, g.scopes, g.revoked, g.granted})
		return gi[g]
	}
	pidx := func(p *tokenPair) int {
		if p == nil {
			return -1
		}
		if i, ok := pi[p]; ok {
			return i
		}
		pi[p] = len(doc.Pairs)
		doc.Pairs = append(doc.Pairs, statePair{p.access, p.refresh, p.expiry, p.used, gidx(p.grant)})
		return pi[p]
	}
	for tok, rt := range s.refresh {
		doc.Refresh = append(doc.Refresh, stateRefresh{Token: tok, Pair: pidx(rt.pair), Spent: rt.spent, Next: pidx(rt.next)})
	}
	for _, a := range s.access {
		pidx(a.pair)
	}
	now := s.now()
	for code, c := range s.codes {
		if now.After(c.expiry) {
			continue
		}
		g := -1
		if c.grant != nil {
			g = gidx(c.grant)
		}
		doc.Codes = append(doc.Codes, stateCode{code, c.flavor, c.clientID, c.redirectURI, c.redirectGiven, c.scopes, c.challenge, c.method, c.expiry, c.used, g})
	}
	return doc
}

// restoreLocked replaces the OAuth state with doc. s.mu must be held.
func (s *Server) restoreLocked(doc stateDoc) error {
	if doc.Version != stateVersion {
		return fmt.Errorf("sandbox: state file version %d, want %d", doc.Version, stateVersion)
	}
	grants := make([]*grant, len(doc.Grants))
	for i, g := range doc.Grants {
		if _, ok := specs[g.Flavor]; !ok {
			return fmt.Errorf("sandbox: state file: unknown flavour %q", g.Flavor)
		}
		grants[i] = &grant{flavor: g.Flavor, clientID: g.ClientID, scopes: g.Scopes, revoked: g.Revoked, granted: g.Granted}
	}
	pairs := make([]*tokenPair, len(doc.Pairs))
	for i, p := range doc.Pairs {
		if p.Grant < 0 || p.Grant >= len(grants) {
			return errors.New("sandbox: state file: pair refers to a missing grant")
		}
		pairs[i] = &tokenPair{access: p.Access, refresh: p.Refresh, expiry: p.Expiry, used: p.Used, grant: grants[p.Grant]}
	}
	pair := func(i int) (*tokenPair, error) {
		if i == -1 {
			return nil, nil
		}
		if i < 0 || i >= len(pairs) {
			return nil, errors.New("sandbox: state file: refresh token refers to a missing pair")
		}
		return pairs[i], nil
	}
	access := map[string]*accessToken{}
	for _, p := range pairs {
		access[p.access] = &accessToken{pair: p}
	}
	refresh := map[string]*refreshToken{}
	for _, r := range doc.Refresh {
		p, err := pair(r.Pair)
		if err != nil || p == nil {
			return errors.New("sandbox: state file: refresh token without its pair")
		}
		next, err := pair(r.Next)
		if err != nil {
			return err
		}
		refresh[r.Token] = &refreshToken{pair: p, spent: r.Spent, next: next}
	}
	codes := map[string]*authCode{}
	for _, c := range doc.Codes {
		ac := &authCode{flavor: c.Flavor, clientID: c.ClientID, redirectURI: c.RedirectURI, redirectGiven: c.RedirectGiven,
			scopes: c.Scopes, challenge: c.Challenge, method: c.Method, expiry: c.Expiry, used: c.Used}
		if c.Grant >= 0 && c.Grant < len(grants) {
			ac.grant = grants[c.Grant]
		}
		codes[c.Code] = ac
	}
	s.access, s.refresh, s.codes = access, refresh, codes
	return nil
}

// lockState locks the OAuth state (grants, tokens, codes) for reading or
// changing it and returns the unlock function. It takes s.mu and, with a
// state file, the file's lock, then re-reads the file if it changed since
// this server last read or wrote it. A caller that changes the state calls
// persistLocked before unlocking. Lock and read failures are logged: the
// server then works from memory.
func (s *Server) lockState() (unlock func()) {
	s.mu.Lock()
	if s.opts.StateFile == "" {
		return s.mu.Unlock
	}
	if err := s.lockFile(); err != nil {
		s.logf("sandbox: lock state: %v", err)
		return s.mu.Unlock
	}
	if err := s.reloadLocked(); err != nil {
		s.logf("%v", err)
	}
	return func() {
		if err := s.fileLock.Unlock(); err != nil {
			s.logf("sandbox: unlock state: %v", err)
		}
		s.mu.Unlock()
	}
}

// lockFile takes the state file's lock, creating its folder (0700).
func (s *Server) lockFile() error {
	if s.fileLock == nil {
		if err := os.MkdirAll(filepath.Dir(s.opts.StateFile), 0o700); err != nil {
			return err
		}
		s.fileLock = flock.New(s.opts.StateFile+".lock", flock.SetPermissions(0o600))
	}
	return s.fileLock.Lock()
}

// reloadLocked reads the state file if it exists and differs from the one
// this server last read or wrote. s.mu and the file's lock must be held.
func (s *Server) reloadLocked() error {
	path := s.opts.StateFile
	fi, err := os.Stat(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("sandbox: read state: %w", err)
	}
	if s.seen != nil && os.SameFile(fi, s.seen) && fi.ModTime().Equal(s.seen.ModTime()) && fi.Size() == s.seen.Size() {
		return nil
	}
	b, err := os.ReadFile(path)
	if err != nil {
		return fmt.Errorf("sandbox: read state: %w", err)
	}
	var doc stateDoc
	if err := json.Unmarshal(b, &doc); err != nil {
		return fmt.Errorf("sandbox: state file %s is corrupt (delete it to start afresh): %w", path, err)
	}
	if err := s.restoreLocked(doc); err != nil {
		return err
	}
	s.seen = fi
	return nil
}

// loadState reads Options.StateFile, if it exists.
func (s *Server) loadState() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := s.lockFile(); err != nil {
		return fmt.Errorf("sandbox: lock state: %w", err)
	}
	defer s.fileLock.Unlock()
	return s.reloadLocked()
}

// persistLocked writes the state file (0600, temp file and rename) when
// Options.StateFile is set. s.mu and the file's lock (lockState) must be
// held. Failures are logged: the server keeps working in memory.
func (s *Server) persistLocked() {
	path := s.opts.StateFile
	if path == "" {
		return
	}
	if err := writeState(path, s.snapshotLocked()); err != nil {
		s.logf("sandbox: %v", err)
		return
	}
	if fi, err := os.Stat(path); err == nil {
		s.seen = fi
	}
}

func writeState(path string, doc stateDoc) error {
	b, err := json.MarshalIndent(doc, "", " ")
	if err != nil {
		return fmt.Errorf("sandbox: encode state: %w", err)
	}
	dir := filepath.Dir(path)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return fmt.Errorf("sandbox: state dir: %w", err)
	}
	f, err := os.CreateTemp(dir, ".state-*.tmp")
	if err != nil {
		return fmt.Errorf("sandbox: write state: %w", err)
	}
	tmp := f.Name()
	defer os.Remove(tmp)
	if err := f.Chmod(0o600); err != nil {
		f.Close()
		return fmt.Errorf("sandbox: write state: %w", err)
	}
	if _, err := f.Write(b); err != nil {
		f.Close()
		return fmt.Errorf("sandbox: write state: %w", err)
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return fmt.Errorf("sandbox: write state: %w", err)
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("sandbox: write state: %w", err)
	}
	if err := os.Rename(tmp, path); err != nil {
		return fmt.Errorf("sandbox: write state: %w", err)
	}
	return nil
}
