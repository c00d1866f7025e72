package googlehealth

import (
	"fmt"

	"wearnb.dev/wearnb/fetch"
)

// Endpoint names used in errors (fetch.APIError.Endpoint,
// fetch.DecodeError.Endpoint): the data type.
const (
	EndpointSleep = "sleep"
	EndpointSteps = "steps"
)

// hasField reports whether p carries the field of dataType, and names it
// (camelCase, as in the JSON). Types this package does not know pass.
func hasField(dataType string, p *DataPoint) (string, bool) {
	switch dataType {
	case EndpointSleep:
		return "sleep", p.Sleep != nil
	case EndpointSteps:
		return "steps", p.Steps != nil
	case EndpointHeartRate:
		return "heartRate", p.HeartRate != nil
	case EndpointRestingHeartRate:
		return "dailyRestingHeartRate", p.DailyRestingHeartRate != nil
	case EndpointDailyHRV:
		return "dailyHeartRateVariability", p.DailyHeartRateVariability != nil
	case EndpointDailyRespiratoryRate:
		return "dailyRespiratoryRate", p.DailyRespiratoryRate != nil
	case EndpointSleepTemperature:
		return "dailySleepTemperatureDerivations", p.DailySleepTemperatureDerivations != nil
	}
	return dataType, true
}

// DecodeList decodes one page of dataPoints of dataType ("sleep",
// "steps", "heart-rate", "daily-resting-heart-rate", ...). Every point must
// carry that type's field. Errors are
// *fetch.DecodeError values naming the field.
func DecodeList(dataType string, body []byte) (*ListResponse, error) {
	var v ListResponse
	if err := fetch.DecodeJSON(Name, dataType, "", body, &v); err != nil {
		return nil, err
	}
	for i := range v.DataPoints {
		if field, ok := hasField(dataType, &v.DataPoints[i]); !ok {
			return nil, fieldErrorf(dataType, fmt.Sprintf("dataPoints[%d].%s", i, field), "data point has no %s", field)
		}
	}
	if v.DataPoints == nil {
		v.DataPoints = []DataPoint{} // Google omits an empty list
	}
	return &v, nil
}

func decodeError(endpoint, field string, err error) error {
	return &fetch.DecodeError{Provider: Name, Endpoint: endpoint, Field: field, Err: err}
}

func fieldErrorf(endpoint, field, format string, args ...any) error {
	return decodeError(endpoint, field, fmt.Errorf("googlehealth: "+format, args...))
}
