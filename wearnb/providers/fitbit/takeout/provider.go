package takeout

import (
	"context"
	"net/http"

	"wearnb.dev/wearnb"
	"wearnb.dev/wearnb/providers/fitbit"
)

// Provider returns the archive as a wearnb.Provider named "fitbit", whose
// streams read the archive instead of the network, so that cache.Sync
// stores it like a sync of the Fitbit API (its records keyed by the
// account the sync is given): "sleep" (sleeps), "days" (days, with the
// resting heart rate), "hours" (hours), "heartrate" (heart-rate samples,
// one a minute) and "vitals" (nightly vitals keyed by date), the Fitbit
// provider's stream names and kinds. Nothing in an archive
// changes, so no day is re-read once stored (Settles 0). The HTTP client
// cache.Sync passes is not used.
func (a *Archive) Provider() wearnb.Provider { return provider{a} }

type provider struct{ a *Archive }

func (p provider) Name() string      { return fitbit.Name }
func (p provider) Auth() wearnb.Auth { return wearnb.Auth{} }

func (p provider) Streams() []wearnb.Stream {
	only := func(k wearnb.Kind) func(context.Context, *http.Client, wearnb.Range) (*wearnb.Batch, error) {
		return func(ctx context.Context, _ *http.Client, r wearnb.Range) (*wearnb.Batch, error) {
			if err := ctx.Err(); err != nil {
				return nil, err
			}
			b, err := p.a.batch(r, k)
			if err != nil {
				return nil, err
			}
			return b, nil
		}
	}
	return []wearnb.Stream{
		{Name: "sleep", Kind: wearnb.KindSleeps, MaxDays: 366, Fetch: only(wearnb.KindSleeps)},
		{Name: "days", Kind: wearnb.KindDayMoves, MaxDays: 366, Fetch: only(wearnb.KindDayMoves)},
		{Name: "hours", Kind: wearnb.KindHourlyMoves, MaxDays: 92, Fetch: only(wearnb.KindHourlyMoves)},
		{Name: "heartrate", Kind: wearnb.KindHeartRate, MaxDays: 31, Fetch: only(wearnb.KindHeartRate)},
		{Name: "vitals", Kind: wearnb.KindVitals, MaxDays: 366, Fetch: only(wearnb.KindVitals)},
	}
}
