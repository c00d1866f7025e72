package jawbone

import (
	"context"

	"wearnb.dev/wearnb"
)

// Resting heart rate: GET /users/@me/heartrates (scope heartrate_read),
// one item a day with the day's resting_heartrate. It is the only heart
// rate Jawbone's API documented (the UP3 measured it each morning); there
// is no intraday heart rate and no nightly vitals.

// endpointHeartrates names the heartrates list in errors.
const endpointHeartrates = "heartrates"

// HeartRateItem is one item of /users/@me/heartrates: the resting heart
// rate of a local date (the shape of openmhealth/shimmer's
// jawbone-heartrates.json fixture). RestingHeartrate is nil when the item
// carries none.
type HeartRateItem struct {
	XID              string  `json:"xid"`
	Title            string  `json:"title"`
	TimeCreated      Epoch   `json:"time_created"`
	TimeUpdated      Epoch   `json:"time_updated"`
	Date             DateInt `json:"date"`
	RestingHeartrate *Num    `json:"resting_heartrate"`
	Details          struct {
		TZ Zone `json:"tz"`
	} `json:"details"`
}

// DecodeHeartRatesPage decodes one page of /users/@me/heartrates.
func DecodeHeartRatesPage(body []byte) (Envelope[HeartRateItem], error) {
	return decodeEnvelope[HeartRateItem](endpointHeartrates, body)
}

// HeartRateItems returns the resting-heart-rate items whose date lies in
// r, newest first as Jawbone sends them.
func (c *Client) HeartRateItems(ctx context.Context, r wearnb.Range) ([]HeartRateItem, error) {
	items, _, err := list(ctx, c, endpointHeartrates, r, func(h *HeartRateItem) wearnb.Date { return h.Date.Date })
	return items, err
}

// RestingHR returns the resting heart rate of each date of items, in bpm;
// an item without a value, or with one outside 20..250 bpm, gives none.
func RestingHR(items []HeartRateItem) map[wearnb.Date]float64 {
	out := map[wearnb.Date]float64{}
	for _, h := range items {
		if h.RestingHeartrate == nil || h.Date.IsZero() {
			continue
		}
		if v := float64(*h.RestingHeartrate); v >= 20 && v <= 250 {
			out[h.Date.Date] = v
		}
	}
	return out
}
