package fitbit

import (
	"encoding/json"
	"errors"
	"fmt"

	"wearnb.dev/wearnb/fetch"
)

// Endpoint names used in errors (fetch.APIError.Endpoint,
// fetch.DecodeError.Endpoint).
const (
	EndpointSleep        = "sleep"
	EndpointSleepList    = "sleep-list"
	EndpointHeart        = "heart"
	EndpointHeartIntra   = "heart-intraday"
	EndpointDailySummary = "daily-summary"
	EndpointProfile      = "profile"
	EndpointExport       = "export"
)

// DecodeSleep decodes a v1.2 sleep log response (by date or date range).
// Errors are *fetch.DecodeError values naming the endpoint and field.
func DecodeSleep(body []byte) (*SleepResponse, error) {
	var v SleepResponse
	if err := fetch.DecodeJSON(Name, EndpointSleep, "", body, &v); err != nil {
		return nil, err
	}
	if v.Sleep == nil {
		return nil, decodeError(EndpointSleep, "sleep", errors.New("fitbit: missing sleep array"))
	}
	return &v, nil
}

// DecodeSleepList decodes one page of /1.2/user/-/sleep/list.json.
func DecodeSleepList(body []byte) (*SleepList, error) {
	var v SleepList
	if err := fetch.DecodeJSON(Name, EndpointSleepList, "", body, &v); err != nil {
		return nil, err
	}
	if v.Sleep == nil {
		return nil, decodeError(EndpointSleepList, "sleep", errors.New("fitbit: missing sleep array"))
	}
	return &v, nil
}

// DecodeSeries decodes an activity time series of resource (e.g. "steps",
// "minutesVeryActive", "tracker/steps"): the array under
// "activities-<resource>" with "/" turned into "-".
func DecodeSeries(resource string, body []byte) ([]SeriesPoint, error) {
	key := seriesKey(resource)
	top, err := topLevel(resource, body)
	if err != nil {
		return nil, err
	}
	raw, ok := top[key]
	if !ok {
		return nil, decodeError(resource, key, errors.New("fitbit: missing series"))
	}
	var pts []SeriesPoint
	if err := fetch.DecodeJSON(Name, resource, key, raw, &pts); err != nil {
		return nil, err
	}
	if pts == nil {
		pts = []SeriesPoint{}
	}
	return pts, nil
}

// DecodeIntraday decodes an activity intraday response of resource
// ("steps", "calories", "distance", "elevation", "floors").
func DecodeIntraday(resource string, body []byte) (*Intraday, error) {
	ep := resource + "-intraday"
	key := seriesKey(resource)
	top, err := topLevel(ep, body)
	if err != nil {
		return nil, err
	}
	v := &Intraday{Resource: resource}
	if raw, ok := top[key]; ok {
		if err := fetch.DecodeJSON(Name, ep, key, raw, &v.Summary); err != nil {
			return nil, err
		}
	}
	raw, ok := top[key+"-intraday"]
	if !ok {
		return nil, decodeError(ep, key+"-intraday", errors.New("fitbit: missing intraday dataset"))
	}
	var set intradaySet
	if err := fetch.DecodeJSON(Name, ep, key+"-intraday", raw, &set); err != nil {
		return nil, err
	}
	v.Dataset, v.DatasetInterval, v.DatasetType = set.Dataset, set.DatasetInterval, set.DatasetType
	return v, nil
}

// DecodeHeartSeries decodes a heart-rate time series ("activities-heart").
func DecodeHeartSeries(body []byte) ([]HeartDay, error) {
	var v struct {
		Days []HeartDay `json:"activities-heart"`
	}
	if err := fetch.DecodeJSON(Name, EndpointHeart, "", body, &v); err != nil {
		return nil, err
	}
	if v.Days == nil {
		return nil, decodeError(EndpointHeart, "activities-heart", errors.New("fitbit: missing series"))
	}
	return v.Days, nil
}

// DecodeHeartIntraday decodes a heart-rate intraday response.
func DecodeHeartIntraday(body []byte) (*HeartIntraday, error) {
	var v struct {
		Days  []HeartDay `json:"activities-heart"`
		Intra heartSet   `json:"activities-heart-intraday"`
	}
	if err := fetch.DecodeJSON(Name, EndpointHeartIntra, "", body, &v); err != nil {
		return nil, err
	}
	return &HeartIntraday{Days: v.Days, Dataset: v.Intra.Dataset, DatasetInterval: v.Intra.DatasetInterval, DatasetType: v.Intra.DatasetType}, nil
}

// DecodeDailySummary decodes GET /1/user/-/activities/date/{date}.json.
func DecodeDailySummary(body []byte) (*DailySummary, error) {
	var v DailySummary
	if err := fetch.DecodeJSON(Name, EndpointDailySummary, "", body, &v); err != nil {
		return nil, err
	}
	return &v, nil
}

// DecodeProfile decodes GET /1/user/-/profile.json.
func DecodeProfile(body []byte) (*Profile, error) {
	var v Profile
	if err := fetch.DecodeJSON(Name, EndpointProfile, "", body, &v); err != nil {
		return nil, err
	}
	return &v, nil
}

// seriesKey is the JSON key of a resource's series: "activities-" plus the
// resource with "/" turned into "-".
func seriesKey(resource string) string {
	b := []byte("activities-" + resource)
	for i, c := range b {
		if c == '/' {
			b[i] = '-'
		}
	}
	return string(b)
}

func topLevel(endpoint string, body []byte) (map[string]json.RawMessage, error) {
	var top map[string]json.RawMessage
	if err := fetch.DecodeJSON(Name, endpoint, "", body, &top); err != nil {
		return nil, err
	}
	if top == nil {
		return nil, decodeError(endpoint, "", errors.New("fitbit: body is null, want an object"))
	}
	return top, nil
}

func decodeError(endpoint, field string, err error) error {
	return &fetch.DecodeError{Provider: Name, Endpoint: endpoint, Field: field, Err: err}
}

func fieldErrorf(endpoint, field, format string, args ...any) error {
	return decodeError(endpoint, field, fmt.Errorf("fitbit: "+format, args...))
}
