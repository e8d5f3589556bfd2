package charts

import (
	"bytes"
	"encoding/json"
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"gorm.io/gorm"

	"ecomdash/charts/state"
	"ecomdash/models"
	"ecomdash/models/dbtest"
	"ecomdash/seed"
	"ecomdash/seed/seedtest"
)

// seeded opens a fresh database holding the seed figures.
func seeded(t testing.TB) *gorm.DB {
	t.Helper()
	return seedtest.Open(t, "")
}

// optionOf decodes a chart's option.
func optionOf(t *testing.T, c *Chart) map[string]any {
	t.Helper()
	var opt map[string]any
	if err := json.Unmarshal(c.Option, &opt); err != nil {
		t.Fatalf("%s: option is not JSON: %v", c.Spec.ID, err)
	}
	return opt
}

func TestSeededChartsAreSavedRowsWithValidStates(t *testing.T) {
	db := seeded(t)
	rows, err := models.Charts.List(db)
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != len(seed.Charts) || len(rows) < 10 {
		t.Fatalf("%d saved charts, want the %d built-in ones", len(rows), len(seed.Charts))
	}
	for i, row := range rows {
		if row.ID != seed.Charts[i].ID {
			t.Errorf("chart %d is %s, want %s (list order is position)", i, row.ID, seed.Charts[i].ID)
		}
		spec, err := SpecOf(row)
		if err != nil {
			t.Errorf("%s: state %q: %v", row.ID, row.State, err)
			continue
		}
		if spec.State.String() != row.State {
			t.Errorf("%s: state is not in canonical form:\n got  %s\n want %s", row.ID, row.State, spec.State.String())
		}
	}
	if _, err := NewStore(db).Chart("no-such-chart"); !errors.Is(err, ErrUnknownChart) {
		t.Errorf("unknown chart: %v, want ErrUnknownChart", err)
	}
}

func TestEveryChartDrawsEveryFigureWithTitleSourceAndTools(t *testing.T) {
	store := NewStore(seeded(t))
	all, err := store.All()
	if err != nil {
		t.Fatal(err)
	}
	sourcesCovered := map[string]bool{}
	for _, c := range all {
		opt := optionOf(t, c)
		if c.Empty || len(c.Observations) == 0 {
			t.Errorf("%s: no figures drawn", c.Spec.ID)
			continue
		}
		// every data item has a value: nothing the chart asks for is missing
		for _, s := range opt["series"].([]any) {
			for _, d := range s.(map[string]any)["data"].([]any) {
				if d.(map[string]any)["value"] == nil {
					t.Errorf("%s: a data item has no value (figure missing from seed): %v", c.Spec.ID, d)
				}
			}
		}
		title := opt["title"].(map[string]any)
		if title["text"] != c.Spec.Title {
			t.Errorf("%s: option title %q, want %q", c.Spec.ID, title["text"], c.Spec.Title)
		}
		sub := title["subtext"].(string)
		if len(c.Units) == 0 {
			t.Errorf("%s: no plotted units", c.Spec.ID)
		}
		for _, u := range c.Units {
			if !strings.Contains(sub, "单位：") || !strings.Contains(sub, u) {
				t.Errorf("%s: subtitle %q lacks unit %q", c.Spec.ID, sub, u)
			}
		}
		for _, o := range c.Observations {
			inUnits := false
			for _, u := range c.Units {
				inUnits = inUnits || u == o.Metric.Unit
			}
			// a figure whose unit is not the chart's is an annotation: its value must be shown as text
			shownJSON, _ := json.Marshal(DisplayValue(o))
			if !inUnits && !bytes.Contains(c.Option, shownJSON[1:len(shownJSON)-1]) {
				t.Errorf("%s: annotation %s (%s) is not shown on the chart", c.Spec.ID, o.MetricCode, DisplayValue(o))
			}
			if !strings.Contains(sub, models.PeriodLabel(o.Period)) && !strings.Contains(sub, "—") {
				t.Errorf("%s: subtitle %q lacks period %q", c.Spec.ID, sub, o.Period)
			}
		}
		line := opt["graphic"].([]any)[0].(map[string]any)["style"].(map[string]any)["text"].(string)
		if !strings.HasPrefix(line, "数据来源：") {
			t.Errorf("%s: source line %q", c.Spec.ID, line)
		}
		for _, s := range c.Sources {
			sourcesCovered[s.ID] = true
			if !strings.Contains(line, s.Title) || !strings.Contains(line, s.Publisher) {
				t.Errorf("%s: source line %q does not name %q / %q", c.Spec.ID, line, s.Title, s.Publisher)
			}
		}
		save := opt["toolbox"].(map[string]any)["feature"].(map[string]any)["saveAsImage"].(map[string]any)
		if save["pixelRatio"] != float64(2) || save["backgroundColor"] != "#ffffff" || save["name"] != c.Spec.Title {
			t.Errorf("%s: saveAsImage = %v", c.Spec.ID, save)
		}
		if _, ok := opt["toolbox"].(map[string]any)["feature"].(map[string]any)["dataView"]; !ok {
			t.Errorf("%s: no data view tool", c.Spec.ID)
		}
		if opt["aria"].(map[string]any)["enabled"] != true {
			t.Errorf("%s: aria not enabled", c.Spec.ID)
		}
		if len(opt["color"].([]any)) != len(Palette) {
			t.Errorf("%s: palette not set", c.Spec.ID)
		}
		if !strings.Contains(opt["textStyle"].(map[string]any)["fontFamily"].(string), "Noto Sans SC") {
			t.Errorf("%s: font stack not set", c.Spec.ID)
		}
	}
	srcs, _ := models.Sources.List(store.db)
	for _, s := range srcs {
		if !sourcesCovered[s.ID] {
			t.Errorf("no chart draws a figure from source %s", s.ID)
		}
	}
}

func TestSmallCityAgainstProvinceUsesLogScaleAndShowsShare(t *testing.T) {
	c, err := NewStore(seeded(t)).Chart("quzhou-vs-zhejiang-online-retail-2012")
	if err != nil {
		t.Fatal(err)
	}
	opt := optionOf(t, c)
	y := opt["yAxis"].([]any)[0].(map[string]any)
	if y["type"] != "log" {
		t.Errorf("value axis type %v, want log (0.61%% bar would be invisible)", y["type"])
	}
	if y["name"] != "亿元（对数）" {
		t.Errorf("value axis named %v, want it to say it is logarithmic", y["name"])
	}
	quzhou := opt["series"].([]any)[0].(map[string]any)["data"].([]any)[0].(map[string]any)
	if label := quzhou["label"].(map[string]any)["formatter"].(string); !strings.Contains(label, "0.61%") {
		t.Errorf("Quzhou's label %q does not show its 0.61%% share", label)
	}
}

func TestDerivedFiguresAreMarked(t *testing.T) {
	c, err := NewStore(seeded(t)).Chart("jiading-ecommerce-2020")
	if err != nil {
		t.Fatal(err)
	}
	if !c.HasDerived() {
		t.Fatal("Jiading chart shows no derived 2019 figure")
	}
	opt := optionOf(t, c)
	derived := 0
	for _, d := range opt["series"].([]any)[0].(map[string]any)["data"].([]any) { // the 2019 series
		item := d.(map[string]any)
		if item["derived"] == true {
			derived++
			if !strings.Contains(item["shown"].(string), "推算") {
				t.Errorf("derived item shown as %q, want it marked 推算", item["shown"])
			}
		}
	}
	if derived != 2 {
		t.Errorf("%d derived bars, want 2", derived)
	}
}

func TestOptionKeepsHostileNamesAsInertData(t *testing.T) {
	db := seeded(t)
	hostile := []string{`</script><script>alert(1)</script>`, `__f__alert(2)__f__`, `"><img src=x onerror=alert(3)>`}
	for _, name := range hostile {
		if err := db.Model(&models.Region{}).Where("code = ?", "330800").Update("name_zh", name).Error; err != nil {
			t.Fatal(err)
		}
		row, err := models.Charts.Get(db, "online-retail-share-of-consumer-retail-2012")
		if err != nil {
			t.Fatal(err)
		}
		spec, err := SpecOf(row)
		if err != nil {
			t.Fatal(err)
		}
		spec.Title = name
		c, err := Build(db, spec)
		if err != nil {
			t.Fatal(err)
		}
		if bytes.ContainsAny(c.Option, "<>") {
			t.Errorf("option for name %q contains a raw < or >", name)
		}
		if !bytes.Contains(c.Option, []byte(`\u003c`)) && strings.Contains(name, "<") {
			t.Errorf("option for name %q lacks the escaped form", name)
		}
		opt := optionOf(t, c)
		labels := opt["xAxis"].([]any)[0].(map[string]any)["data"].([]any)
		if strings.ReplaceAll(labels[0].(string), "\n", "") != name { // a long label is written in lines
			t.Errorf("name came back as %q, want it unchanged as data %q", labels[0], name)
		}
		if opt["title"].(map[string]any)["text"] != name {
			t.Errorf("title came back as %q, want it unchanged as data %q", opt["title"].(map[string]any)["text"], name)
		}
	}
}

func TestStoreRebuildsWhenDataVersionChanges(t *testing.T) {
	db := seeded(t)
	store := NewStore(db)
	id := "quzhou-online-retail-2011-2012"
	first, err := store.Chart(id)
	if err != nil {
		t.Fatal(err)
	}
	again, _ := store.Chart(id)
	if again != first {
		t.Error("unchanged data: chart was rebuilt instead of served from the store")
	}
	err = db.Transaction(func(tx *gorm.DB) error {
		if err := tx.Model(&models.Observation{}).
			Where("region_code = ? AND metric_code = ? AND period = ?", "330800", "online_retail_sales", "2011").
			Update("value", 7.5).Error; err != nil {
			return err
		}
		return dbtest.BumpDataVersion(tx)
	})
	if err != nil {
		t.Fatal(err)
	}
	fresh, err := store.Chart(id)
	if err != nil {
		t.Fatal(err)
	}
	if fresh == first {
		t.Fatal("data version changed but the store served the old chart")
	}
	if !bytes.Contains(fresh.Option, []byte("7.5")) {
		t.Error("rebuilt chart does not show the new value 7.5")
	}
}

func TestMissingFiguresDrawAnEmptyChartNotAnError(t *testing.T) {
	db := seeded(t)
	if err := db.Where("region_code = ?", "110000").Delete(&models.Observation{}).Error; err != nil {
		t.Fatal(err)
	}
	c, err := NewStore(db).Chart("beijing-cross-border-2020")
	if err != nil {
		t.Fatal(err)
	}
	if !c.Empty || !bytes.Contains(c.Option, []byte("暂无数据")) {
		t.Error("chart without figures should be marked empty and say 暂无数据")
	}
}

func TestChartWhoseStateNoLongerResolvesSaysSo(t *testing.T) {
	db := seeded(t)
	// a saved chart whose metric has gone (deleted with its figures)
	if err := db.Where("metric_code = ?", "overseas_warehouses").Delete(&models.Observation{}).Error; err != nil {
		t.Fatal(err)
	}
	if err := db.Where("code = ?", "overseas_warehouses").Delete(&models.Metric{}).Error; err != nil {
		t.Fatal(err)
	}
	store := NewStore(db)
	c, err := store.Chart("beijing-cross-border-2020")
	if err != nil {
		t.Fatal(err)
	}
	if !c.Empty || !strings.Contains(c.Problem, "overseas_warehouses") || !bytes.Contains(c.Option, []byte("无法绘制")) {
		t.Errorf("broken chart: empty %v, problem %q", c.Empty, c.Problem)
	}
	d, err := store.Dashboard("policy-cross-border")
	if err != nil {
		t.Fatal(err)
	}
	if cs, err := store.Charts(d); err != nil || len(cs) != 2 {
		t.Errorf("the dashboard holding it: %d charts, %v; want both, the broken one saying why", len(cs), err)
	}
}

// TestDisplayValue: a figure reads in the Chinese convention with the word
// saying how the document stated it; labels=stated reads the document's
// own words; a derived value is marked 推算 either way.
func TestDisplayValue(t *testing.T) {
	m := models.Metric{Unit: "亿元"}
	tests := []struct {
		o            models.Observation
		want, stated string
	}{
		{models.Observation{Value: 12.3, Qualifier: models.QualifierExact, Stated: "12.3亿元", Metric: m}, "12.3亿元", "12.3亿元"},
		{models.Observation{Value: 300, Qualifier: models.QualifierApprox, Stated: "近300亿元", Metric: m}, "近300亿元", "近300亿元"},
		{models.Observation{Value: 1000, Qualifier: models.QualifierMoreThan, Stated: "超过1千亿元", Metric: m}, "超过1000亿元", "超过1千亿元"},
		{models.Observation{Value: 2063.3, Qualifier: models.QualifierApprox, Derived: true, Metric: m}, "约2063.3亿元（推算）", "约2063.3亿元（推算）"},
		{models.Observation{Value: 2027, Qualifier: models.QualifierExact, Metric: m}, "2027亿元", "2027亿元"},
		{models.Observation{Value: 200000, Qualifier: models.QualifierExact, Stated: "20亿元", Metric: models.Metric{Unit: "万元"}}, "20亿元", "20亿元"},
	}
	for _, tt := range tests {
		if got := DisplayValue(tt.o); got != tt.want {
			t.Errorf("DisplayValue(%v %s %q) = %q, want %q", tt.o.Value, tt.o.Qualifier, tt.o.Stated, got, tt.want)
		}
		if got := StatedValue(tt.o); got != tt.stated {
			t.Errorf("StatedValue(%v %s %q) = %q, want %q", tt.o.Value, tt.o.Qualifier, tt.o.Stated, got, tt.stated)
		}
	}
}

func BenchmarkBuildAllCharts(b *testing.B) {
	db := seeded(b)
	rows, err := models.Charts.List(db)
	if err != nil {
		b.Fatal(err)
	}
	specs := make([]*Spec, len(rows))
	for i, row := range rows {
		if specs[i], err = SpecOf(row); err != nil {
			b.Fatal(err)
		}
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		for _, spec := range specs {
			if _, err := Build(db, spec); err != nil {
				b.Fatal(err)
			}
		}
	}
}

func TestDashboards(t *testing.T) {
	store := NewStore(seeded(t))
	ds, err := store.Dashboards()
	if err != nil {
		t.Fatal(err)
	}
	if len(ds) < 4 || ds[0].ID != "overview" || len(ds[0].Charts) != len(seed.Charts) {
		t.Fatalf("dashboards: first must be the overview with every chart; got %d dashboards", len(ds))
	}
	for _, want := range []string{"zhejiang-quzhou", "shanghai-jiading", "national-express-rural"} {
		if _, err := store.Dashboard(want); err != nil {
			t.Errorf("no dashboard %q: %v", want, err)
		}
	}
	if _, err := store.Dashboard("nope"); !errors.Is(err, ErrUnknownDashboard) {
		t.Errorf("unknown dashboard: %v", err)
	}
	for _, d := range ds {
		cs, err := store.Charts(d)
		if err != nil || len(cs) != len(d.Charts) || len(cs) == 0 {
			t.Errorf("%s: %d charts, %v", d.ID, len(cs), err)
		}
		hs, err := store.Headlines(d)
		if err != nil || len(hs) != len(d.Headlines) || len(hs) == 0 {
			t.Errorf("%s: %d headlines, %v", d.ID, len(hs), err)
		}
		for _, h := range hs {
			if !h.OK {
				t.Errorf("%s: headline %q has no figure", d.ID, h.Label)
			}
			if !slices.Contains(d.Charts, h.ChartID) {
				t.Errorf("%s: headline %q links to chart %q, not one of the dashboard's", d.ID, h.Label, h.ChartID)
			}
		}
	}
}

func TestStoreCountsFollowTheDataVersion(t *testing.T) {
	db := seeded(t)
	store := NewStore(db)
	c1, err := store.Counts()
	if err != nil || c1.Observations == 0 || c1.Sources != 5 {
		t.Fatalf("counts %+v %v", c1, err)
	}
	err = db.Transaction(func(tx *gorm.DB) error {
		if err := tx.Where("id = (SELECT MIN(id) FROM observations)").Delete(&models.Observation{}).Error; err != nil {
			return err
		}
		return dbtest.BumpDataVersion(tx)
	})
	if err != nil {
		t.Fatal(err)
	}
	if c2, _ := store.Counts(); c2.Observations != c1.Observations-1 {
		t.Errorf("after deleting a figure the store counts %d, want %d", c2.Observations, c1.Observations-1)
	}
}

func TestStorePollIntervalAndInvalidate(t *testing.T) {
	db := seeded(t)
	store := NewStore(db)
	store.SetPollInterval(time.Hour)
	v1, err := store.Version()
	if err != nil {
		t.Fatal(err)
	}
	if err := db.Transaction(dbtest.BumpDataVersion); err != nil {
		t.Fatal(err)
	}
	if v, _ := store.Version(); v != v1 {
		t.Fatalf("within the poll interval the store asked the database again (version %d → %d)", v1, v)
	}
	store.Invalidate() // what a write through this process does
	v2, err := store.Version()
	if err != nil || v2 != v1+1 {
		t.Fatalf("after Invalidate: version %d (%v), want %d", v2, err, v1+1)
	}
	if store.CachedVersion() != v2 {
		t.Errorf("CachedVersion %d, want %d", store.CachedVersion(), v2)
	}
	store.SetPollInterval(0)
	if err := db.Transaction(dbtest.BumpDataVersion); err != nil {
		t.Fatal(err)
	}
	if v, _ := store.Version(); v != v2+1 {
		t.Errorf("with no poll interval the store missed a change: %d, want %d", v, v2+1)
	}
}

// BenchmarkBuildOptions lays out and writes the options of the built-in
// charts and of stateCases from figures already resolved: the option
// building alone, without the database.
func BenchmarkBuildOptions(b *testing.B) {
	db := seeded(b)
	rows, err := models.Charts.List(db)
	if err != nil {
		b.Fatal(err)
	}
	var states []state.State
	for _, row := range rows {
		spec, err := SpecOf(row)
		if err != nil {
			b.Fatal(err)
		}
		states = append(states, spec.State)
	}
	for _, tc := range stateCases {
		st, err := state.Parse(tc.query)
		if err != nil {
			b.Fatal(err)
		}
		states = append(states, st)
	}
	type drawable struct {
		st state.State
		r  *resolved
	}
	var all []drawable
	for _, st := range states {
		r, err := resolveState(db, st)
		if err != nil {
			continue // a state that cannot be drawn has no layout
		}
		if _, _, err := layoutState(st, r, newData(r.obs)); err != nil {
			continue
		}
		all = append(all, drawable{st, r})
	}
	spec := &Spec{ID: UnsavedChartID, Title: "图"}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		for _, x := range all {
			d := newData(x.r.obs)
			dr, _, err := layoutState(x.st, x.r, d)
			if err != nil {
				b.Fatal(err)
			}
			c := &Chart{Spec: spec, Observations: d.used, Empty: len(d.used) == 0, Sources: sourcesOf(d.used)}
			c.Subtitle = subtitle("", d.plotted(), unitsOf(d.plotted()))
			if _, err := finish(dr, c); err != nil {
				b.Fatal(err)
			}
		}
	}
}
