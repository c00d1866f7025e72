package connect

import (
	"context"

	"wearnb.dev/wearnb"
	"wearnb.dev/wearnb/cache"
)

// syncKinds syncs, in one Sync, the streams that yield any of kinds,
// unless the account is offline.
func (a *Account) syncKinds(ctx context.Context, r wearnb.Range, kinds ...wearnb.Kind) error {
	if a.client == nil {
		return nil
	}
	var names []string
	for _, s := range a.provider.Streams() {
		for _, k := range kinds {
			if s.Yields(k) {
				names = append(names, s.Name)
				break
			}
		}
	}
	if len(names) == 0 {
		return nil
	}
	_, err := a.Sync(ctx, r, cache.WithStreams(names...))
	return err
}

// synced syncs the streams that yield any of kinds, then reads the
// account's records dated in r from the cache with read.
func synced[T any](ctx context.Context, a *Account, r wearnb.Range,
	read func(ctx context.Context, provider, account string, r wearnb.Range) ([]T, error), kinds ...wearnb.Kind) ([]T, error) {
	if err := a.syncKinds(ctx, r, kinds...); err != nil {
		return nil, err
	}
	return read(ctx, a.provider.Name(), a.cacheAcc, r)
}

// HeartRate syncs and returns the heart-rate samples dated in r, in time
// order (see wearnb.HeartRate: samples of a provider that does not say
// where the person was are dated by UTC day). A provider without heart
// rate (Jawbone) gives none.
func (a *Account) HeartRate(ctx context.Context, r wearnb.Range) ([]wearnb.HeartRate, error) {
	return synced(ctx, a, r, a.cache.HeartRate, wearnb.KindHeartRate)
}

// Vitals syncs and returns the nightly vitals dated in r, one per sleep.
// The sleeps are synced too, so vitals a provider keys by date (Fitbit,
// Google Health) come attached to the date's main sleep.
func (a *Account) Vitals(ctx context.Context, r wearnb.Range) ([]wearnb.Vitals, error) {
	return synced(ctx, a, r, a.cache.Vitals, wearnb.KindVitals, wearnb.KindSleeps)
}
