package sandbox

import (
	"bytes"
	"crypto/sha256"
	"encoding/base64"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"wearnb.dev/wearnb"
	"wearnb.dev/wearnb/sandbox/synth"
)

// response is a rendered answer, written by send (which applies body faults).
type response struct {
	status int
	body   []byte
	header http.Header
}

func jsonResponse(status int, v any, h http.Header) response {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return response{status: http.StatusInternalServerError, body: []byte(`{"error":"sandbox: encode: ` + strings.ReplaceAll(err.Error(), `"`, `'`) + `"}`)}
	}
	if h == nil {
		h = http.Header{}
	}
	return response{status: status, body: bytes.TrimRight(buf.Bytes(), "\n"), header: h}
}

// send writes resp, cut short by FaultTruncatedJSON or FaultDropConnection.
func (s *Server) send(w http.ResponseWriter, r *http.Request, resp response, fault Fault) {
	h := w.Header()
	for k, vs := range resp.header {
		h[k] = vs
	}
	if h.Get("Content-Type") == "" {
		h.Set("Content-Type", "application/json; charset=utf-8")
	}
	body := resp.body
	switch fault {
	case FaultTruncatedJSON:
		body = body[:len(body)/2]
	case FaultDropConnection:
		s.drop(w, resp)
		return
	}
	h.Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(resp.status)
	if r.Method != http.MethodHead {
		_, _ = w.Write(body)
	}
}

// drop writes the head and half the body of resp, then cuts the connection.
func (s *Server) drop(w http.ResponseWriter, resp response) {
	rc := http.NewResponseController(w)
	conn, buf, err := rc.Hijack()
	if err != nil {
		// Not hijackable (e.g. a recorder): write half and abort the handler,
		// which makes net/http close the connection.
		w.Header().Set("Content-Length", strconv.Itoa(len(resp.body)))
		w.WriteHeader(resp.status)
		_, _ = w.Write(resp.body[:len(resp.body)/2])
		_ = rc.Flush()
		panic(http.ErrAbortHandler)
	}
	defer conn.Close()
	fmt.Fprintf(buf, "HTTP/1.1 %d %s\r\n", resp.status, http.StatusText(resp.status))
	hd := w.Header().Clone()
	hd.Set("Content-Length", strconv.Itoa(len(resp.body)))
	hd.Set("Connection", "close")
	_ = hd.Write(buf)
	buf.WriteString("\r\n")
	_, _ = buf.Write(resp.body[:len(resp.body)/2])
	_ = buf.Flush()
}

// ---- provider error documents ----------------------------------------------

func fitbitErrors(errType, msg string) map[string]any {
	return map[string]any{
		"errors":  []any{map[string]any{"errorType": errType, "message": msg}},
		"success": false,
	}
}

var googleStatus = map[int]string{
	400: "INVALID_ARGUMENT", 401: "UNAUTHENTICATED", 403: "PERMISSION_DENIED", 404: "NOT_FOUND",
	410: "NOT_FOUND", 429: "RESOURCE_EXHAUSTED", 500: "INTERNAL", 503: "UNAVAILABLE",
}

// dataError renders an error of the data API in the provider's own shape.
// code is the provider's error type (Fitbit errorType, Jawbone error_type);
// Oura and Google derive theirs from the status.
func (s *Server) dataError(flavor string, status int, code, msg string) response {
	var v any
	switch flavor {
	case Fitbit:
		v = fitbitErrors(code, msg)
	case Oura:
		v = map[string]any{"status": status, "title": http.StatusText(status), "detail": msg}
	case GoogleHealth:
		v = map[string]any{"error": map[string]any{"code": status, "message": msg, "status": googleStatus[status]}}
	case Jawbone:
		v = map[string]any{
			"meta": map[string]any{
				"code": status, "message": http.StatusText(status), "time": s.now().Unix(), "user_xid": jawboneUserXID,
				"error_type": code, "error_detail": msg, "error_user_msg": "Something went wrong. Please try again.",
			},
			"data": map[string]any{},
		}
	}
	return jsonResponse(status, v, nil)
}

func (s *Server) faultResponse(flavor string, f Fault) response {
	ra := strconv.Itoa(s.faults[flavor].retryAfterSeconds())
	var resp response
	switch f {
	case FaultRateLimit:
		resp = s.dataError(flavor, http.StatusTooManyRequests, "request", "Too Many Requests")
		resp.header.Set("Retry-After", ra)
		if flavor == Fitbit {
			resp.header.Set("Fitbit-Rate-Limit-Limit", strconv.Itoa(fitbitHourlyLimit))
			resp.header.Set("Fitbit-Rate-Limit-Remaining", "0")
			resp.header.Set("Fitbit-Rate-Limit-Reset", ra)
		}
	case FaultServerError:
		resp = s.dataError(flavor, http.StatusInternalServerError, "system", "An unexpected error occurred (injected by the sandbox).")
	case FaultUnavailable:
		resp = s.dataError(flavor, http.StatusServiceUnavailable, "system", "The service is temporarily unavailable (injected by the sandbox).")
		resp.header.Set("Retry-After", ra)
	case FaultGone:
		msg := "This API has been retired and is no longer available."
		if flavor == Fitbit {
			msg = "The Fitbit Web API has been retired (support ended 30 Sep 2026) and no longer serves requests. Use the Google Health API (https://health.googleapis.com/v4) with Google OAuth 2.0 instead; users must consent again."
		}
		resp = s.dataError(flavor, http.StatusGone, "gone", msg)
	default:
		resp = s.dataError(flavor, http.StatusInternalServerError, "system", "unknown fault "+f.String())
	}
	return resp
}

// ---- the data pipeline -----------------------------------------------------

// dataRoute is one data endpoint, already matched and parsed.
type dataRoute struct {
	scopes []string // any one of them grants access; nil means any token
	fn     func(q *dataQuery) response
}

// dataQuery is what a data handler sees.
type dataQuery struct {
	r    *http.Request
	base string // absolute base of the flavour, for links
	tok  *tokenPair
}

func (q *dataQuery) param(name string) string { return q.r.URL.Query().Get(name) }

func (s *Server) handleData(w http.ResponseWriter, r *http.Request, flavor string) {
	s.mu.Lock()
	s.requests[flavor]++
	s.mu.Unlock()
	path := strings.TrimPrefix(r.URL.Path, "/"+flavor)
	var route dataRoute
	var ok bool
	switch flavor {
	case Fitbit:
		route, ok = s.fitbitRoute(r.Method, path)
	case Oura:
		route, ok = s.ouraRoute(r.Method, path)
	case GoogleHealth:
		route, ok = s.googleRoute(r.Method, path)
	case Jawbone:
		route, ok = s.jawboneRoute(r.Method, path)
	}
	fault, answered := s.injectFault(w, r, flavor, targetData)
	if answered {
		return
	}
	if !ok {
		s.send(w, r, s.dataError(flavor, http.StatusNotFound, "not_found", "The API you are requesting could not be found: "+r.Method+" "+path), 0)
		return
	}
	tok, bad := s.bearer(r, flavor, route.scopes)
	if bad != nil {
		s.send(w, r, *bad, 0)
		return
	}
	rl := s.rateLimit(flavor)
	if rl.status != 0 {
		s.send(w, r, rl, 0)
		return
	}
	resp := route.fn(&dataQuery{r: r, base: s.baseOf(r) + "/" + flavor, tok: tok})
	if resp.header == nil {
		resp.header = http.Header{}
	}
	for k, vs := range rl.header {
		resp.header[k] = vs
	}
	s.send(w, r, resp, fault)
}

// bearer checks the access token of a data request and marks its pair used.
func (s *Server) bearer(r *http.Request, flavor string, scopes []string) (*tokenPair, *response) {
	tok, found := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
	if !found && flavor == GoogleHealth {
		tok = r.URL.Query().Get("access_token")
	}
	tok = strings.TrimSpace(tok)
	unlock := s.lockState()
	a := s.access[tok]
	var p *tokenPair
	state := "missing"
	switch {
	case tok == "":
	case a == nil || a.pair.grant.flavor != flavor:
		state = "invalid"
	case a.pair.grant.revoked:
		state = "revoked"
	case !s.now().Before(a.pair.expiry):
		state = "expired"
	default:
		state = "ok"
		p = a.pair
		if !p.used {
			p.used = true // ends Fitbit's identical-retry window
			s.persistLocked()
		}
	}
	unlock()
	if state == "ok" {
		if scopes == nil || slices.ContainsFunc(scopes, p.grant.has) {
			return p, nil
		}
		resp := s.scopeError(flavor, scopes[0])
		return nil, &resp
	}
	resp := s.authError(flavor, state, tok)
	return nil, &resp
}

func (s *Server) authError(flavor, state, tok string) response {
	switch flavor {
	case Fitbit:
		typ, msg := "invalid_token", "Access token invalid: "+redact(tok)
		switch state {
		case "missing":
			typ, msg = "invalid_client", "Authorization Error: Invalid authorization token type"
		case "expired":
			typ, msg = "expired_token", "Access token expired: "+redact(tok)
		}
		resp := s.dataError(flavor, http.StatusUnauthorized, typ, msg+". Visit https://dev.fitbit.com/docs/oauth2 for more information on the Fitbit Web API authorization process.")
		resp.header.Set("WWW-Authenticate", `Bearer realm="api.fitbit.com"`)
		return resp
	case Oura:
		detail := map[string]string{"missing": "Missing access token", "expired": "Access token expired", "revoked": "Access token revoked", "invalid": "Invalid or malformed access token"}[state]
		return s.dataError(flavor, http.StatusUnauthorized, "", detail)
	case GoogleHealth:
		resp := s.dataError(flavor, http.StatusUnauthorized, "", "Request had invalid authentication credentials. Expected OAuth 2 access token, login cookie or other valid authentication credential.")
		resp.header.Set("WWW-Authenticate", `Bearer realm="https://accounts.google.com/", error="invalid_token"`)
		return resp
	default:
		return s.dataError(flavor, http.StatusUnauthorized, "authentication_error", "Invalid, expired or revoked access token ("+state+").")
	}
}

func (s *Server) scopeError(flavor, scope string) response {
	switch flavor {
	case Fitbit:
		return s.dataError(flavor, http.StatusForbidden, "insufficient_scope", "This application does not have permission to access "+scope+" data. Visit https://dev.fitbit.com/docs/oauth2 for more information on the Fitbit Web API authorization process.")
	case GoogleHealth:
		resp := s.dataError(flavor, http.StatusForbidden, "", "Request had insufficient authentication scopes.")
		resp.header.Set("WWW-Authenticate", `Bearer realm="https://accounts.google.com/", error="insufficient_scope", scope="`+scope+`"`)
		return resp
	case Oura:
		return s.dataError(flavor, http.StatusUnauthorized, "", "Token is missing the required scope: "+scope)
	default:
		return s.dataError(flavor, http.StatusUnauthorized, "authorization_error", "The access token lacks the scope "+scope+".")
	}
}

// ---- rate limits ------------------------------------------------------------

const (
	fitbitHourlyLimit = 150
	ouraWindowLimit   = 5000
	ouraWindow        = 5 * time.Minute
)

type rateWindow struct {
	start time.Time
	count int
}

// rateLimit counts one authorized request. It returns headers to add, or a
// complete 429 response (status != 0).
func (s *Server) rateLimit(flavor string) response {
	var window time.Duration
	var limit int
	switch flavor {
	case Fitbit:
		window, limit = time.Hour, fitbitHourlyLimit
	case Oura:
		window, limit = ouraWindow, ouraWindowLimit
	default:
		return response{}
	}
	now := s.now()
	start := now.Truncate(window)
	s.mu.Lock()
	rw := s.limits[flavor]
	if rw == nil || !rw.start.Equal(start) {
		rw = &rateWindow{start: start}
		s.limits[flavor] = rw
	}
	rw.count++
	count := rw.count
	s.mu.Unlock()
	reset := int((start.Add(window).Sub(now) + time.Second - 1) / time.Second)
	h := http.Header{}
	if flavor == Fitbit {
		h.Set("Fitbit-Rate-Limit-Limit", strconv.Itoa(limit))
		h.Set("Fitbit-Rate-Limit-Remaining", strconv.Itoa(max(0, limit-count)))
		h.Set("Fitbit-Rate-Limit-Reset", strconv.Itoa(reset))
	}
	if count <= limit {
		return response{header: h}
	}
	resp := s.dataError(flavor, http.StatusTooManyRequests, "request", "Too Many Requests: the rate limit of "+strconv.Itoa(limit)+" requests per "+window.String()+" is exhausted")
	for k, vs := range h {
		resp.header[k] = vs
	}
	resp.header.Set("Retry-After", strconv.Itoa(reset))
	return resp
}

// ---- data, clipped to the clock ------------------------------------------------

// dataCache memoizes the person's data per local date.
type dataCache struct {
	src     dataSource
	mu      sync.Mutex
	sleeps  byDate[wearnb.Sleep]
	hours   byDate[wearnb.HourMoves]
	days    byDate[wearnb.DayMoves]
	minutes map[wearnb.Date][]int
}

func newDataCache(src dataSource) *dataCache {
	return &dataCache{
		src:     src,
		sleeps:  newByDate(src.Sleeps, func(s wearnb.Sleep) wearnb.Date { return s.Date }),
		hours:   newByDate(src.Hours, func(h wearnb.HourMoves) wearnb.Date { return wearnb.DateOf(h.Start) }),
		days:    newByDate(src.Days, func(d wearnb.DayMoves) wearnb.Date { return d.Date }),
		minutes: map[wearnb.Date][]int{},
	}
}

// byDate memoizes one kind of the person's records, bucketed by local date.
// Its methods need the dataCache's lock.
type byDate[T any] struct {
	load   func(wearnb.Range) []T
	dateOf func(T) wearnb.Date
	recs   map[wearnb.Date][]T
	known  map[wearnb.Date]bool
}

func newByDate[T any](load func(wearnb.Range) []T, dateOf func(T) wearnb.Date) byDate[T] {
	return byDate[T]{load: load, dateOf: dateOf, recs: map[wearnb.Date][]T{}, known: map[wearnb.Date]bool{}}
}

// missing returns the runs of consecutive dates of r not yet loaded, in date
// order, and marks them loaded. Only these runs may be asked of the source:
// a run that also covered loaded dates would append their records a second
// time (a sleep returned twice with one id).
func (b *byDate[T]) missing(r wearnb.Range) []wearnb.Range {
	var runs []wearnb.Range
	for d := r.From; !d.After(r.To); d = d.AddDays(1) {
		if b.known[d] {
			continue
		}
		b.known[d] = true
		if n := len(runs); n > 0 && runs[n-1].To.AddDays(1) == d {
			runs[n-1].To = d
			continue
		}
		runs = append(runs, wearnb.Range{From: d, To: d})
	}
	return runs
}

// get returns the records dated in r, loading the dates not seen before.
func (b *byDate[T]) get(r wearnb.Range) []T {
	for _, m := range b.missing(r) {
		for _, rec := range b.load(m) {
			d := b.dateOf(rec)
			b.recs[d] = append(b.recs[d], rec)
		}
	}
	var out []T
	for d := r.From; !d.After(r.To); d = d.AddDays(1) {
		out = append(out, b.recs[d]...)
	}
	return out
}

func (c *dataCache) Sleeps(r wearnb.Range) []wearnb.Sleep {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.sleeps.get(r)
}

func (c *dataCache) Hours(r wearnb.Range) []wearnb.HourMoves {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.hours.get(r)
}

func (c *dataCache) Days(r wearnb.Range) []wearnb.DayMoves {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.days.get(r)
}

func (c *dataCache) Minutes(d wearnb.Date) []int {
	c.mu.Lock()
	defer c.mu.Unlock()
	if m, ok := c.minutes[d]; ok {
		return m
	}
	m := c.src.Minutes(d)
	c.minutes[d] = m
	return m
}

// loc returns the person's zone on d (never nil).
func (s *Server) loc(d wearnb.Date) *time.Location {
	if l := s.src.Zone(d); l != nil {
		return l
	}
	return time.UTC
}

// zoneAt returns the zone the person is in at instant t (never nil).
func (s *Server) zoneAt(t time.Time) *time.Location {
	if l := s.src.ZoneAt(t); l != nil {
		return l
	}
	return time.UTC
}

// localDate is the person's local date at instant t.
func (s *Server) localDate(t time.Time) wearnb.Date {
	return wearnb.DateOf(t.In(s.zoneAt(t)))
}

// today is the person's local date at the clock's now.
func (s *Server) today() wearnb.Date { return s.localDate(s.now()) }

// dayClock is where the person's clock stands during one local date: the
// day runs from midnight in Zone(d) to midnight of the next date in
// Zone(d+1), and on a travel day the zone changes at the switch. Minute i
// of the day's minutes starts at start + i minutes; its clock label is that
// instant in zoneAt.
type dayClock struct {
	start, end    time.Time // the instants of the local date, [start, end)
	before, after *time.Location
	switchAt      time.Time // zero when the zone does not change during the day
}

// clockOf returns the dayClock of local date d.
func (s *Server) clockOf(d wearnb.Date) dayClock {
	next := d.AddDays(1)
	c := dayClock{before: s.loc(d), after: s.loc(next)}
	c.start, c.end = d.In(c.before), next.In(c.after)
	if sw, ok := s.src.Switch(d); ok {
		c.switchAt = sw
	} else {
		c.after = c.before
	}
	return c
}

// zoneAt returns the zone of instant t of the day.
func (c dayClock) zoneAt(t time.Time) *time.Location {
	if !c.switchAt.IsZero() && !t.Before(c.switchAt) {
		return c.after
	}
	return c.before
}

// local returns t on the person's clock.
func (c dayClock) local(t time.Time) time.Time { return t.In(c.zoneAt(t)) }

// clip limits r to dates up to today; ok is false when nothing is left.
func (s *Server) clip(r wearnb.Range) (wearnb.Range, bool) {
	if t := s.today(); r.To.After(t) {
		r.To = t
	}
	return r, !r.To.Before(r.From)
}

// sleeps returns the sleeps dated in r that have ended by now.
func (s *Server) sleeps(r wearnb.Range) []wearnb.Sleep {
	r, ok := s.clip(r)
	if !ok {
		return nil
	}
	now := s.now()
	var out []wearnb.Sleep
	for _, sl := range s.data.Sleeps(r) {
		if !sl.End.After(now) {
			out = append(out, sl)
		}
	}
	return out
}

// hours returns the complete hours of the days in r.
func (s *Server) hours(r wearnb.Range) []wearnb.HourMoves {
	r, ok := s.clip(r)
	if !ok {
		return nil
	}
	now := s.now()
	var out []wearnb.HourMoves
	for _, h := range s.data.Hours(r) {
		if !h.Start.Add(time.Hour).After(now) {
			out = append(out, h)
		}
	}
	return out
}

// days returns the day totals in r; today's is the sum of its complete hours.
func (s *Server) days(r wearnb.Range) []wearnb.DayMoves {
	r, ok := s.clip(r)
	if !ok {
		return nil
	}
	out := s.data.Days(r)
	t := s.today()
	if n := len(out); n > 0 && out[n-1].Date == t {
		d := out[n-1]
		d.Steps, d.DistanceM, d.CaloriesKcal, d.ActiveMinutes = wearnb.Some(0), wearnb.Some(0.0), wearnb.Some(0.0), wearnb.Some(0)
		for _, h := range s.hours(wearnb.Range{From: t, To: t}) {
			d.Steps = wearnb.Sum(d.Steps, h.Steps)
			d.DistanceM = wearnb.Sum(d.DistanceM, h.DistanceM)
			d.CaloriesKcal = wearnb.Sum(d.CaloriesKcal, h.CaloriesKcal)
			if a, ok := h.ActiveSeconds.Get(); ok {
				d.ActiveMinutes = wearnb.Sum(d.ActiveMinutes, wearnb.Some(a/60))
			} else {
				d.ActiveMinutes = wearnb.Opt[int]{}
			}
		}
		out[n-1] = d
	}
	return out
}

// minutes returns per-minute steps of d, zero after now; nil for no data.
func (s *Server) minutes(d wearnb.Date) []int {
	t := s.today()
	if d.After(t) {
		return nil
	}
	m := s.data.Minutes(d)
	if d != t || m == nil {
		return m
	}
	m = slices.Clone(m)
	start := d.In(s.loc(d))
	for i := range m {
		if start.Add(time.Duration(i+1) * time.Minute).After(s.now()) {
			m[i] = 0
		}
	}
	return m
}

// HoldUploads makes the person's heart-rate samples measured at or after
// the instant after unknown to every flavour, as if the watch had not
// uploaded them yet (away from its phone), until HoldUploads(time.Time{})
// uploads them: tests of late data use it. The zero time holds nothing.
func (s *Server) HoldUploads(after time.Time) {
	s.mu.Lock()
	s.held = after
	s.mu.Unlock()
}

// heartRate returns samples in [from, to) clipped to now and to the
// samples uploaded (HoldUploads).
func (s *Server) heartRate(from, to time.Time, every time.Duration) []synth.HRSample {
	if now := s.now(); to.After(now) {
		to = now
	}
	s.mu.Lock()
	held := s.held
	s.mu.Unlock()
	if !held.IsZero() && to.After(held) {
		to = held
	}
	if !to.After(from) {
		return nil
	}
	return s.src.HeartRate(from, to, every)
}

// dataStart returns the earliest date with data, scanning back a year at a
// time from today until a whole year is empty (cached).
func (s *Server) dataStart() wearnb.Date {
	s.mu.Lock()
	if !s.first.IsZero() {
		f := s.first
		s.mu.Unlock()
		return f
	}
	s.mu.Unlock()
	t := s.today()
	first := t
	floor := t.AddDays(-25 * 365) // a person with data back to the 1990s is a bug
	for to := t; to.After(floor); {
		from := to.AddDays(-365)
		days := s.data.Days(wearnb.Range{From: from, To: to})
		sl := s.data.Sleeps(wearnb.Range{From: from, To: to})
		if len(days) == 0 && len(sl) == 0 {
			break
		}
		if len(days) > 0 && days[0].Date.Before(first) {
			first = days[0].Date
		}
		if len(sl) > 0 && sl[0].Date.Before(first) {
			first = sl[0].Date
		}
		to = from.AddDays(-1)
	}
	s.mu.Lock()
	s.first = first
	s.mu.Unlock()
	return first
}

// ---- ids ---------------------------------------------------------------------

func hashBytes(parts ...string) []byte {
	h := sha256.New()
	for _, p := range parts {
		h.Write([]byte(p))
		h.Write([]byte{0})
	}
	return h.Sum(nil)
}

// uuidFor returns a stable UUID-shaped id for the parts.
func uuidFor(parts ...string) string {
	b := hashBytes(parts...)
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	return fmt.Sprintf("%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:16])
}

// xidFor encodes kind and a unix time into a 32-character Jawbone-style xid
// that decodeXID reverses (the tail is a checksum).
func xidFor(kind byte, unix int64) string {
	var b [24]byte
	b[0] = kind
	binary.BigEndian.PutUint64(b[1:9], uint64(unix))
	sum := hashBytes("xid", string(b[:9]))
	copy(b[9:], sum[:15])
	return base64.RawURLEncoding.EncodeToString(b[:])
}

func decodeXID(xid string) (kind byte, unix int64, ok bool) {
	b, err := base64.RawURLEncoding.DecodeString(xid)
	if err != nil || len(b) != 24 {
		return 0, 0, false
	}
	sum := hashBytes("xid", string(b[:9]))
	if !bytes.Equal(sum[:15], b[9:]) {
		return 0, 0, false
	}
	return b[0], int64(binary.BigEndian.Uint64(b[1:9])), true
}

// segments returns stages with each level mapped (nil mapLevel: kept) and
// neighbours at one level merged, in a new slice (nil for none).
func segments(stages []wearnb.Stage, mapLevel func(wearnb.StageLevel) wearnb.StageLevel) []wearnb.Stage {
	var out []wearnb.Stage
	for _, st := range stages {
		if mapLevel != nil {
			st.Level = mapLevel(st.Level)
		}
		out = wearnb.AppendStage(out, st)
	}
	return out
}

func minutesOf(d time.Duration) int { return int((d + 30*time.Second) / time.Minute) }

// dateRangeDays is the number of days in from..to inclusive.
func dateRangeDays(from, to wearnb.Date) int { return to.Sub(from) + 1 }

// plainMoves is a day of moves with every value as a number, missing ones
// zero: what a wire format without nulls sends for them. The synthetic
// person reports everything, so nothing is lost.
type plainMoves struct {
	Date                    wearnb.Date
	Steps, ActiveMinutes    int
	DistanceM, CaloriesKcal float64
}

func plain(d wearnb.DayMoves) plainMoves {
	return plainMoves{Date: d.Date, Steps: d.Steps.Or(0), ActiveMinutes: d.ActiveMinutes.Or(0),
		DistanceM: d.DistanceM.Or(0), CaloriesKcal: d.CaloriesKcal.Or(0)}
}

// plainHour is an hour of moves as numbers, as plainMoves is a day.
type plainHour struct {
	Start                   time.Time
	Steps, ActiveSeconds    int
	DistanceM, CaloriesKcal float64
}

func plainHours(hs []wearnb.HourMoves) []plainHour {
	out := make([]plainHour, len(hs))
	for i, h := range hs {
		out[i] = plainHour{Start: h.Start, Steps: h.Steps.Or(0), ActiveSeconds: h.ActiveSeconds.Or(0),
			DistanceM: h.DistanceM.Or(0), CaloriesKcal: h.CaloriesKcal.Or(0)}
	}
	return out
}
