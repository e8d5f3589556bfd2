package models

import (
	"errors"
	"strings"
)

// FigureKey names one figure by region code, metric code and period, written
// REGION:METRIC:PERIOD (330800:online_retail_sales:2012). It is the one
// reader of that form: a chart state's reference line and a dashboard's
// headline figures both use it.
type FigureKey struct {
	Region, Metric, Period string
}

// errFigureKey is the error of a malformed FigureKey; callers word their own
// message for the field it came from.
var errFigureKey = errors.New("want REGION:METRIC:PERIOD (330800:online_retail_sales:2012)")

// ParseFigureKey reads REGION:METRIC:PERIOD: a six-digit region code, a
// metric code and a period in one of ParsePeriod's forms.
func ParseFigureKey(s string) (FigureKey, error) {
	parts := strings.Split(s, ":")
	if len(parts) != 3 || !ValidRegionCode(parts[0]) || !ValidID(parts[1]) {
		return FigureKey{}, errFigureKey
	}
	if _, err := ParsePeriod(parts[2]); err != nil {
		return FigureKey{}, errFigureKey
	}
	return FigureKey{Region: parts[0], Metric: parts[1], Period: parts[2]}, nil
}

// String writes the key as ParseFigureKey reads it.
func (k FigureKey) String() string { return k.Region + ":" + k.Metric + ":" + k.Period }
