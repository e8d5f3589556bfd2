package models

import "testing"

func TestParseFigureKey(t *testing.T) {
	good := map[string]FigureKey{
		"330800:online_retail_sales:2012":      {"330800", "online_retail_sales", "2012"},
		"100000:express_daily_parcels:2020-04": {"100000", "express_daily_parcels", "2020-04"},
		"310114:online_retail_growth:2020Q1":   {"310114", "online_retail_growth", "2020Q1"},
		"330000:x:2020-04-25":                  {"330000", "x", "2020-04-25"},
	}
	for in, want := range good {
		got, err := ParseFigureKey(in)
		if err != nil || got != want {
			t.Errorf("ParseFigureKey(%q) = %+v, %v; want %+v", in, got, err, want)
		}
		if got.String() != in {
			t.Errorf("%+v.String() = %q, want %q", got, got.String(), in)
		}
	}
	for _, in := range []string{"", "330800", "330800:m", "33080:m:2012", "330800:M:2012", "330800:m:2012:g",
		"330800:m:20xx", "330800::2012", ":m:2012", "330800:m:2012-13"} {
		if k, err := ParseFigureKey(in); err == nil {
			t.Errorf("ParseFigureKey(%q) = %+v, want an error", in, k)
		}
	}
}

func TestParseHeadline(t *testing.T) {
	h, ok := ParseHeadline("330800:online_retail_sales:2012:online_retail_growth")
	if !ok || h.FigureKey != (FigureKey{"330800", "online_retail_sales", "2012"}) || h.Growth != "online_retail_growth" {
		t.Errorf("with growth: %+v %v", h, ok)
	}
	h, ok = ParseHeadline("330800:online_retail_sales:2020-03")
	if !ok || h.Period != "2020-03" || h.Growth != "" {
		t.Errorf("without growth: %+v %v", h, ok)
	}
	for _, in := range []string{"330800:online_retail_sales", "330800:online_retail_sales:2012:Bad", "330800:online_retail_sales:2012:g:h", "330800:online_retail_sales:2012:"} {
		if h, ok := ParseHeadline(in); ok {
			t.Errorf("ParseHeadline(%q) = %+v, want refused", in, h)
		}
	}
}
