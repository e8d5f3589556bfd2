package models_test

import (
	"testing"

	"ecomdash/models"
)

func TestCodes(t *testing.T) {
	for name, cs := range map[string]models.Codes[string]{"SourceKinds": models.SourceKinds, "RegionLevels": models.RegionLevels,
		"Qualifiers": models.Qualifiers, "MetricKinds": models.MetricKinds} {
		seen := map[string]bool{}
		for _, c := range cs {
			if c.Code == "" || c.Label == "" || seen[c.Code] {
				t.Errorf("%s: %+v empty or listed twice", name, c)
			}
			seen[c.Code] = true
			if !cs.Has(c.Code) || cs.Label(c.Code) != c.Label {
				t.Errorf("%s: %q not found with its label", name, c.Code)
			}
		}
	}
	if models.Qualifiers.Has("about") || models.Qualifiers.Label("about") != "about" {
		t.Error("an unknown code is found, or not shown as itself")
	}
	if got := models.MetricKinds.OneOf(); got != "statistic（统计数）、target（目标）或 rank（位次）" {
		t.Errorf("OneOf = %q", got)
	}
	if got := (models.Codes[string]{{Code: "a", Label: "甲"}}).OneOf(); got != "a（甲）" {
		t.Errorf("OneOf of one code = %q", got)
	}
	if got := (models.Metric{Kind: models.MetricTarget}).KindLabel(); got != "目标" {
		t.Errorf("KindLabel = %q", got)
	}
}
