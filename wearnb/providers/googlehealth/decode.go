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

// DecodeList decodes one page of dataPoints of dataType ("sleep",
// "steps"). Every point must carry that type's field. Errors are
// *fetch.DecodeError values naming the field.
func DecodeList(dataType string, body []byte) (*ListResponse, error) {
	var v ListResponse
	if err := fetch.DecodeJSON(Name, dataType, "", body, &v); err != nil {
		return nil, err
	}
	for i, p := range v.DataPoints {
		switch {
		case dataType == EndpointSleep && p.Sleep == nil, dataType == EndpointSteps && p.Steps == nil:
			return nil, fieldErrorf(dataType, fmt.Sprintf("dataPoints[%d].%s", i, dataType), "data point has no %s", dataType)
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
