package wirejson

import "time"

// ParseRFC3339 parses s exactly as time.Parse(time.RFC3339Nano, s) does and
// returns the instant (in UTC) with the UTC offset, in seconds, that s
// carries. The common forms ("2022-07-12T01:05:14-07:00",
// "2024-01-01T05:00:00.123Z") are read at fixed positions without
// allocating; anything else, including every malformed value, goes through
// time.Parse itself, so results and errors are the same as time.Parse's
// (FuzzParseRFC3339 checks that).
func ParseRFC3339(s []byte) (t time.Time, offset int, err error) {
	if t, offset, ok := fastRFC3339(s); ok {
		return t, offset, nil
	}
	v, err := time.Parse(time.RFC3339Nano, string(s))
	if err != nil {
		return time.Time{}, 0, err
	}
	_, offset = v.Zone()
	return v.UTC(), offset, nil
}

// ParseLocal parses a date-time without an offset, "2006-01-02T15:04:05" with
// an optional fraction of 1 to 9 digits, as a clock reading carried in
// time.UTC. ok is false for any other form; callers then use time.Parse
// with their own layouts, which accept more.
func ParseLocal(s []byte) (t time.Time, ok bool) {
	if len(s) < 19 {
		return time.Time{}, false
	}
	sec, ok := dateTime(s)
	if !ok {
		return time.Time{}, false
	}
	nsec, n, ok := fraction(s[19:])
	if !ok || 19+n != len(s) {
		return time.Time{}, false
	}
	return time.Unix(sec, int64(nsec)).UTC(), true
}

// fastRFC3339 reads YYYY-MM-DDTHH:MM:SS[.F{1,9}](Z|±HH:MM) with every field
// in range. It gives up (ok false) on anything time.Parse might read
// differently, such as a one-digit hour, a comma before the fraction or an
// offset hour of 24.
func fastRFC3339(s []byte) (time.Time, int, bool) {
	if len(s) < 20 {
		return time.Time{}, 0, false
	}
	sec, ok := dateTime(s)
	if !ok {
		return time.Time{}, 0, false
	}
	nsec, n, ok := fraction(s[19:])
	if !ok {
		return time.Time{}, 0, false
	}
	z := s[19+n:]
	offset := 0
	switch {
	case len(z) == 1 && z[0] == 'Z':
	case len(z) == 6 && (z[0] == '+' || z[0] == '-') && z[3] == ':':
		hh, ok1 := num2(z[1:3])
		mm, ok2 := num2(z[4:6])
		if !ok1 || !ok2 || hh > 23 || mm > 59 {
			return time.Time{}, 0, false
		}
		offset = hh*3600 + mm*60
		if z[0] == '-' {
			offset = -offset
		}
	default:
		return time.Time{}, 0, false
	}
	return time.Unix(sec-int64(offset), int64(nsec)).UTC(), offset, true
}

// fraction reads an optional ".D{1,9}" at the start of b: the nanoseconds
// and how many bytes it took. A '.' with no digit or more than nine is not
// ok (time.Parse's rules for those are left to it).
func fraction(b []byte) (nsec, n int, ok bool) {
	if len(b) == 0 || b[0] != '.' {
		return 0, 0, true
	}
	i := 1
	for i < len(b) && b[i] >= '0' && b[i] <= '9' {
		nsec = nsec*10 + int(b[i]-'0')
		i++
	}
	digits := i - 1
	if digits == 0 || digits > 9 {
		return 0, 0, false
	}
	for range 9 - digits {
		nsec *= 10
	}
	return nsec, i, true
}

// dateTime reads "YYYY-MM-DDTHH:MM:SS" at the start of s (len(s) >= 19) as
// seconds since the Unix epoch of that clock reading in UTC.
func dateTime(s []byte) (int64, bool) {
	if s[4] != '-' || s[7] != '-' || s[10] != 'T' || s[13] != ':' || s[16] != ':' {
		return 0, false
	}
	y1, ok1 := num2(s[0:2])
	y2, ok2 := num2(s[2:4])
	mo, ok3 := num2(s[5:7])
	d, ok4 := num2(s[8:10])
	h, ok5 := num2(s[11:13])
	mi, ok6 := num2(s[14:16])
	se, ok7 := num2(s[17:19])
	if !(ok1 && ok2 && ok3 && ok4 && ok5 && ok6 && ok7) {
		return 0, false
	}
	y := y1*100 + y2
	if mo < 1 || mo > 12 || d < 1 || d > daysIn(mo, y) || h > 23 || mi > 59 || se > 59 {
		return 0, false
	}
	return (daysSinceEpoch(y, mo, d)*24+int64(h))*3600 + int64(mi*60+se), true
}

func num2(b []byte) (int, bool) {
	a, c := b[0]-'0', b[1]-'0'
	if a > 9 || c > 9 {
		return 0, false
	}
	return int(a)*10 + int(c), true
}

func daysIn(month, year int) int {
	switch month {
	case 2:
		if year%4 == 0 && (year%100 != 0 || year%400 == 0) {
			return 29
		}
		return 28
	case 4, 6, 9, 11:
		return 30
	}
	return 31
}

// daysSinceEpoch is the number of days from 1970-01-01 to y-m-d in the
// proleptic Gregorian calendar (Howard Hinnant's days_from_civil).
func daysSinceEpoch(y, m, d int) int64 {
	if m <= 2 {
		y--
	}
	era := y / 400 // y >= -1 here, and y = -1 only for year 0 in Jan/Feb
	if y < 0 {
		era = (y - 399) / 400
	}
	yoe := y - era*400
	mp := (m + 9) % 12
	doy := (153*mp+2)/5 + d - 1
	doe := yoe*365 + yoe/4 - yoe/100 + doy
	return int64(era)*146097 + int64(doe) - 719468
}
