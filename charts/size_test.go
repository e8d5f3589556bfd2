package charts

import (
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"testing"

	"gorm.io/gorm"

	"ecomdash/charts/state"
	"ecomdash/models"
	"ecomdash/models/dbtest"
	"ecomdash/seed"
)

// wideDatabase is the seeded database plus 40 cities under a test province
// with one figure of online_retail_sales for each year from 1900 to 2020
// (121 periods), so states can reach every size limit.
func wideDatabase(t *testing.T) *gorm.DB {
	t.Helper()
	db := seeded(t)
	province := "990000"
	regions := []models.Region{{Code: province, NameZH: "测试省", Level: models.LevelProvince}}
	for i := range 40 {
		regions = append(regions, models.Region{Code: fmt.Sprintf("99%02d00", i+1), NameZH: fmt.Sprintf("测试%d市", i+1), Level: models.LevelCity, ParentCode: &province})
	}
	if err := db.Create(&regions).Error; err != nil {
		t.Fatal(err)
	}
	var obs []models.Observation
	for _, r := range regions[1:] {
		for y := 1900; y <= 2020; y++ {
			obs = append(obs, models.Observation{RegionCode: r.Code, MetricCode: "online_retail_sales", Period: fmt.Sprint(y),
				Value: float64(y - 1899), Qualifier: models.QualifierExact, SourceID: seed.Sources[0].ID, Quote: "测试"})
		}
	}
	if err := db.CreateInBatches(&obs, 500).Error; err != nil {
		t.Fatal(err)
	}
	return db
}

// buildQuery builds the chart of a state written as a query string.
func buildQuery(t testing.TB, db *gorm.DB, query string) (*Chart, error) {
	t.Helper()
	st, err := state.Parse(query)
	if err != nil {
		t.Fatalf("%s: %v", query, err)
	}
	return BuildState(db, st, "")
}

// TestChartSizeLimits: a state at each limit draws; one value, category,
// point or series beyond it is a 400 (*state.Error) naming the numbers and
// what to narrow, refused before the chart is laid out.
func TestChartSizeLimits(t *testing.T) {
	db := wideDatabase(t)
	for _, c := range []struct {
		query, refusedKey, says string // refusedKey "" draws
	}{
		// 40 regions × 25 years = 1000 values on a line: the most a chart draws
		{"metrics=online_retail_sales&regions=children:990000&periods=1996..2020&type=line", "", ""},
		{"metrics=online_retail_sales&regions=children:990000&periods=1995..2020&type=line", "regions", "1040 个数值"},
		// one city over 120 and 121 years
		{"metrics=online_retail_sales&regions=990100&periods=1901..2020&type=line", "", ""},
		{"metrics=online_retail_sales&regions=990100&periods=all&type=line", "periods", "121 个时期"},
		// bars: 60 years along the axis, then 61
		{"metrics=online_retail_sales&regions=990100&periods=1961..2020", "", ""},
		{"metrics=online_retail_sales&regions=990100&periods=1960..2020", "periods", "61 个类别"},
		// two lines of 40 years; 40 regions along the axis with 21 years as series
		{"metrics=online_retail_sales&regions=990100,990200&periods=1981..2020&type=line", "", ""},
		{"metrics=online_retail_sales&regions=children:990000&periods=2000..2020", "", ""},
		// two cities along the axis: 40 years are 40 series, 41 are too many for a legend
		{"metrics=online_retail_sales&regions=990100,990200&periods=1981..2020", "", ""},
		{"metrics=online_retail_sales&regions=990100,990200&periods=1980..2020", "periods", "41 个系列"},
		// 40 regions after expansion draw; 41 are refused, never cut to 40 in silence
		{"metrics=online_retail_sales&regions=children:990000&periods=2020", "", ""},
		{"metrics=online_retail_sales&regions=children:990000,330800&periods=2020", "regions", "展开后有 41 个"},
	} {
		ch, err := buildQuery(t, db, c.query)
		var bad *state.Error
		switch {
		case c.refusedKey == "" && err != nil:
			t.Errorf("%s: %v, want a chart", c.query, err)
		case c.refusedKey == "" && len(ch.Observations) == 0:
			t.Errorf("%s: drew no figures", c.query)
		case c.refusedKey != "" && !errors.As(err, &bad):
			t.Errorf("%s: %v, want a *state.Error", c.query, err)
		case c.refusedKey != "" && (bad.Key != c.refusedKey || !strings.Contains(bad.Message, c.says) || !strings.Contains(bad.Message, "请减少") && !strings.Contains(bad.Message, "请缩短")):
			t.Errorf("%s: %s=%s, want key %s saying %q and what to narrow", c.query, bad.Key, bad.Message, c.refusedKey, c.says)
		}
	}
}

// TestManySeriesPageTheirLegend: a legend of more than scrollLegendAbove
// series is one row that pages (it would wrap over the plot); fewer are
// laid out in full.
func TestManySeriesPageTheirLegend(t *testing.T) {
	db := wideDatabase(t)
	for regions, want := range map[string]string{"children:990000": "scroll", "990100,990200": ""} {
		ch, err := buildQuery(t, db, "metrics=online_retail_sales&regions="+regions+"&periods=2011..2020&type=line")
		if err != nil {
			t.Fatal(err)
		}
		var opt struct {
			Legend struct{ Type string } `json:"legend"`
		}
		if err := json.Unmarshal(ch.Option, &opt); err != nil {
			t.Fatal(err)
		}
		if opt.Legend.Type != want {
			t.Errorf("regions=%s: legend type %q, want %q", regions, opt.Legend.Type, want)
		}
	}
}

// TestFiguresBehindAChartAreBounded: a state within the drawn-value limits
// is still refused when the figures it would load are too many (a second
// source for every value, and the parents' figures) or their text too long,
// with a message that says so; at the bound it draws.
func TestFiguresBehindAChartAreBounded(t *testing.T) {
	db := wideDatabase(t)
	// 40 cities × 25 years = 1000 values, each with a quote of q characters
	query := "metrics=online_retail_sales&regions=children:990000&periods=1996..2020&type=line&labels=none"
	build := func() error {
		_, err := buildQuery(t, db, query)
		return err
	}
	setQuote := func(chars int) {
		t.Helper()
		if err := db.Model(&models.Observation{}).Where("region_code LIKE '99%' AND period >= '1996'").
			Update("quote", strings.Repeat("字", chars)).Error; err != nil {
			t.Fatal(err)
		}
	}
	refused := func(err error, says string) {
		t.Helper()
		var bad *state.Error
		if !errors.As(err, &bad) || !strings.Contains(bad.Message, says) || !strings.Contains(bad.Message, "请减少") {
			t.Errorf("%v, want a *state.Error saying %q and what to narrow", err, says)
		}
	}
	setQuote(MaxFigureText / MaxDrawnValues)
	if err := build(); err != nil {
		t.Fatalf("1000 figures of %d characters each: %v", MaxFigureText/MaxDrawnValues, err)
	}
	setQuote(MaxFigureText/MaxDrawnValues + 1)
	refused(build(), fmt.Sprintf("共 %d 字", MaxDrawnValues*(MaxFigureText/MaxDrawnValues+1)))

	setQuote(2)
	// four more sources for every value: 5,000 figures behind 1,000 values
	var extra []models.Observation
	for _, src := range seed.Sources[1:5] {
		for c := 1; c <= 40; c++ {
			for y := 1996; y <= 2020; y++ {
				extra = append(extra, models.Observation{RegionCode: fmt.Sprintf("99%02d00", c), MetricCode: "online_retail_sales",
					Period: fmt.Sprint(y), Value: 1, Qualifier: models.QualifierExact, SourceID: src.ID, Quote: "测试"})
			}
		}
	}
	if err := db.CreateInBatches(&extra, 500).Error; err != nil {
		t.Fatal(err)
	}
	refused(build(), fmt.Sprintf("背后有 %d 个数字", 5*MaxDrawnValues))
}

// TestAnOversizedStateLoadsNoFigure: the size of a chart is known from the
// key index before any figure is read, so a state over the limits costs a
// count, not the figures it names.
func TestAnOversizedStateLoadsNoFigure(t *testing.T) {
	db := wideDatabase(t)
	logged, rec := dbtest.Record(db)
	var bad *state.Error
	if _, err := buildQuery(t, logged, "metrics=online_retail_sales&regions=children:990000&periods=all&type=line"); !errors.As(err, &bad) || !strings.Contains(bad.Message, "4840 个数值") {
		t.Fatalf("%v, want the 4,840 values refused", err)
	}
	if counted := rec.Reading("DISTINCT", "observations.period"); len(counted) != 1 {
		t.Errorf("%d statements counted the periods, want 1: %q", len(counted), rec.Statements())
	}
	if loaded := rec.Reading("observations.quote"); len(loaded) > 0 {
		t.Errorf("figures (or their text) were read for a refused state: %q", loaded)
	}
}

// TestLargeChartsAreDrawnPlain: up to MaxLabelledValues values a chart
// writes its value labels and marks each point of a line; one value more
// and it draws neither, and its subtitle says so.
func TestLargeChartsAreDrawnPlain(t *testing.T) {
	db := wideDatabase(t)
	for first, plain := range map[int]bool{2020 - MaxLabelledValues + 1: false, 2020 - MaxLabelledValues: true} {
		ch, err := buildQuery(t, db, fmt.Sprintf("metrics=online_retail_sales&regions=990100&periods=%d..2020&type=line", first))
		if err != nil {
			t.Fatal(err)
		}
		var opt struct {
			Series []struct {
				ShowSymbol *bool `json:"showSymbol"`
				Label      struct{ Show *bool }
				Data       []struct{ Label *struct{ Show *bool } }
			}
		}
		if err := json.Unmarshal(ch.Option, &opt); err != nil {
			t.Fatal(err)
		}
		s := opt.Series[0]
		labelled := (s.Label.Show == nil || *s.Label.Show) && (s.Data[0].Label == nil || s.Data[0].Label.Show == nil || *s.Data[0].Label.Show)
		marked := s.ShowSymbol == nil || *s.ShowSymbol
		noted := strings.Contains(ch.Subtitle, PlainChartNote)
		if labelled == plain || marked == plain || noted != plain {
			t.Errorf("%d values: labelled %v, points marked %v, subtitle %q; want plain=%v", 2021-first, labelled, marked, ch.Subtitle, plain)
		}
	}
}
