package synth

import "fmt"

// Preset picks a person's sleep habits from a few archetypes. The zero value
// is Typical, the default person README.md describes; the others change only
// what their documentation says, so the same Seed keeps the same days,
// trips and missing data.
type Preset string

// Presets.
const (
	// Typical: weeknights 23:15 ± 25 min to 06:45 ± 12 min, weekends 00:30 ±
	// 40 to 09:00 ± 45 (README.md).
	Typical Preset = ""
	// Regular: 23:00 ± 5 min to 07:00 ± 5 min every night, weekends too, no
	// naps, and consolidated nights (0.5 brief awakenings per hour of sleep
	// instead of 1.4): a Sleep Regularity Index near 100 (about 95; the
	// awakenings and the onset latency still vary night to night).
	Regular Preset = "regular"
	// Irregular: bedtime 00:30 ± 150 min and wake 08:30 ± 150 min drawn
	// independently every night (clamped 20:30-05:30 and 04:30-14:30, at
	// least 4 h in bed), no weekday/weekend pattern, and a nap on 40 % of
	// days: a low SRI (about 50).
	Irregular Preset = "irregular"
	// Disrupted: the Irregular schedule plus fragmented nights (3 brief
	// awakenings per hour of sleep instead of 1.4) and restless evenings and
	// mornings (incidental steps in 30 % of awake minutes after 21:00 and
	// before 09:00): the rest-activity rhythm loses stability and amplitude
	// (lower IS and RA than Typical).
	Disrupted Preset = "disrupted"
)

// habits are the generator parameters a Preset changes.
type habits struct {
	bedWD, bedWDSD, wakeWD, wakeWDSD float64 // weeknights (minutes, see params.go)
	bedWE, bedWESD, wakeWE, wakeWESD float64 // weekend nights
	bedLo, bedHi, wakeLo, wakeHi     float64 // clamps
	napWD, napWE                     float64 // nap chance on weekdays, weekends
	boutsPerHour                     float64 // brief awakenings per hour of sleep period
	incMorning, incLate              float64 // incidental steps before 09:00, after 21:00
}

func (p Preset) habits() (habits, error) {
	h := habits{
		bedWD: bedWeekday, bedWDSD: bedWeekdaySD, wakeWD: wakeWeekday, wakeWDSD: wakeWeekdaySD,
		bedWE: bedWeekend, bedWESD: bedWeekendSD, wakeWE: wakeWeekend, wakeWESD: wakeWeekendSD,
		bedLo: bedEarliest, bedHi: bedLatest, wakeLo: wakeEarliest, wakeHi: wakeLatest,
		napWD: pNapWeekday, napWE: pNapWeekend,
		boutsPerHour: wakeBoutsPerHour,
		incMorning:   pIncMorning, incLate: pIncLate,
	}
	switch p {
	case Typical:
	case Regular:
		h.bedWD, h.bedWDSD, h.wakeWD, h.wakeWDSD = 23*60, 5, 7*60, 5
		h.bedWE, h.bedWESD, h.wakeWE, h.wakeWESD = 23*60, 5, 7*60, 5
		h.napWD, h.napWE = 0, 0
		h.boutsPerHour = 0.5
	case Irregular, Disrupted:
		h.bedWD, h.bedWDSD, h.wakeWD, h.wakeWDSD = 24*60+30, 150, 8*60+30, 150
		h.bedWE, h.bedWESD, h.wakeWE, h.wakeWESD = h.bedWD, h.bedWDSD, h.wakeWD, h.wakeWDSD
		h.bedLo, h.bedHi, h.wakeLo, h.wakeHi = 20*60+30, 29*60+30, 4*60+30, 14*60+30
		h.napWD, h.napWE = 0.4, 0.4
		if p == Disrupted {
			h.boutsPerHour = 3
			h.incMorning, h.incLate = 0.3, 0.3
		}
	default:
		return habits{}, fmt.Errorf("synth: unknown preset %q", string(p))
	}
	return h, nil
}
