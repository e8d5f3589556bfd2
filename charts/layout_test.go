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
)

// buildState parses query and builds it on the seeded database.
func buildState(t *testing.T, query string) (*Chart, map[string]any) {
	t.Helper()
	st, err := state.Parse(query)
	if err != nil {
		t.Fatalf("parse %q: %v", query, err)
	}
	c, err := BuildState(seeded(t), st, "")
	if err != nil {
		t.Fatalf("build %q: %v", query, err)
	}
	var opt map[string]any
	if err := json.Unmarshal(c.Option, &opt); err != nil {
		t.Fatal(err)
	}
	return c, opt
}

func seriesOf(opt map[string]any) []map[string]any {
	var out []map[string]any
	for _, s := range opt["series"].([]any) {
		out = append(out, s.(map[string]any))
	}
	return out
}

func values(s map[string]any) []any {
	var out []any
	for _, p := range s["data"].([]any) {
		out = append(out, p.(map[string]any)["value"])
	}
	return out
}

func TestStateChartOfRegionsAndTheirFigures(t *testing.T) {
	c, opt := buildState(t, "metrics=online_retail_sales&regions=330800,330000&periods=2012&focus=330800")
	if c.Spec.Title != "网络零售额：衢州市、浙江省" || c.Spec.ID != UnsavedChartID {
		t.Errorf("title %q, id %q", c.Spec.Title, c.Spec.ID)
	}
	ss := seriesOf(opt)
	if len(ss) != 1 || ss[0]["type"] != "bar" {
		t.Fatalf("series %v", ss)
	}
	if got := values(ss[0]); got[0] != 12.3 || got[1] != 2027.0 {
		t.Errorf("values %v, want Quzhou 12.3 and Zhejiang 2027", got)
	}
	cats := opt["xAxis"].([]any)[0].(map[string]any)["data"].([]any)
	if cats[0] != "衢州市" || cats[1] != "浙江省" {
		t.Errorf("categories %v", cats)
	}
	first := ss[0]["data"].([]any)[0].(map[string]any)
	if first["itemStyle"].(map[string]any)["color"] != colorFocus {
		t.Errorf("the focused region is not in the focus colour: %v", first)
	}
	if !strings.Contains(c.SourceLine(), "朱建华") || !strings.Contains(c.Subtitle, "亿元") {
		t.Errorf("source line %q, subtitle %q", c.SourceLine(), c.Subtitle)
	}
}

func TestStateChartKeepsUnitsOnTheirOwnAxes(t *testing.T) {
	// several regions: one grid, a value axis per unit, each series on its unit's
	_, opt := buildState(t, "metrics=online_retail_sales,share_of_province_online_retail&regions=330800,330700&periods=2012")
	axes := opt["yAxis"].([]any)
	if len(axes) != 2 || axes[0].(map[string]any)["name"] != "亿元" || axes[1].(map[string]any)["name"] != "%" {
		t.Fatalf("value axes %v, want 亿元 and %%", axes)
	}
	for _, s := range seriesOf(opt) {
		want := 0.0
		if strings.Contains(s["name"].(string), "比重") {
			want = 1
		}
		if s["yAxisIndex"] != want {
			t.Errorf("series %q on axis %v, want %v", s["name"], s["yAxisIndex"], want)
		}
	}
	// one region: a panel per unit (its own grid, category and value axis)
	for _, q := range []string{"metrics=online_retail_sales,share_of_province_online_retail&regions=330800&periods=2012",
		"metrics=online_retail_sales,share_of_province_online_retail&regions=330800&periods=2012&type=hbar"} {
		_, opt := buildState(t, q)
		checkPanels(t, q, opt, map[string]string{"亿元": "网络零售额", "%": "网络零售额占全省比重"})
	}
}

// checkPanels checks that opt draws one panel per unit of want (unit →
// the category drawn in it): a grid with one category axis, naming the
// figure, and one value axis, named by the unit, which the series of that
// figure, and only it, is drawn on.
func checkPanels(t *testing.T, name string, opt map[string]any, want map[string]string) {
	t.Helper()
	grids, _ := opt["grid"].([]any)
	if len(grids) != len(want) {
		t.Fatalf("%s: %d grids, want a panel for each of %v", name, len(grids), want)
	}
	categoryKey, valueKey := "xAxis", "yAxis"
	if ys := opt["yAxis"].([]any); ys[0].(map[string]any)["type"] == "category" {
		categoryKey, valueKey = "yAxis", "xAxis"
	}
	cats, vals := opt[categoryKey].([]any), opt[valueKey].([]any)
	if len(cats) != len(want) || len(vals) != len(want) {
		t.Fatalf("%s: %d category and %d value axes, want %d of each", name, len(cats), len(vals), len(want))
	}
	gridOf := func(a any) float64 { g, _ := a.(map[string]any)["gridIndex"].(float64); return g }
	for i, v := range vals {
		unit := v.(map[string]any)["name"].(string)
		cat, ok := want[unit]
		if !ok {
			t.Errorf("%s: value axis %d named %q, want one of %v", name, i, unit, want)
			continue
		}
		if gridOf(v) != float64(i) || gridOf(cats[i]) != float64(i) {
			t.Errorf("%s: panel %d's axes are on grids %v and %v", name, i, gridOf(cats[i]), gridOf(v))
		}
		data := cats[i].(map[string]any)["data"].([]any)
		if len(data) != 1 || strings.ReplaceAll(data[0].(string), "\n", "") != cat {
			t.Errorf("%s: panel %s's categories %v, want %s", name, unit, data, cat)
		}
		on := 0
		for _, s := range seriesOf(opt) {
			if s["xAxisIndex"] == float64(i) && s["yAxisIndex"] == float64(i) {
				on++
			}
		}
		if on != 1 {
			t.Errorf("%s: %d series on panel %s, want 1", name, on, unit)
		}
	}
}

func TestStateChartShowsMissingFiguresAsGaps(t *testing.T) {
	_, opt := buildState(t, "metrics=online_retail_sales&regions=330800&periods=2010,2011,2012&type=line")
	got := values(seriesOf(opt)[0])
	if got[0] != nil || got[1] != 7.4 || got[2] != 12.3 {
		t.Errorf("values %v, want a gap for 2010, then 7.4 and 12.3", got)
	}
	if seriesOf(opt)[0]["connectNulls"] != false {
		t.Error("a line must not bridge a missing figure")
	}
}

func TestStatePeriodsLatestAndRanges(t *testing.T) {
	_, opt := buildState(t, "metrics=online_retail_sales&regions=330800&periods=latest")
	if got := values(seriesOf(opt)[0]); len(got) != 1 || got[0] != 12.3 {
		t.Errorf("latest: %v, want only 2012's 12.3", got)
	}
	_, opt = buildState(t, "metrics=online_retail_sales&regions=330800&periods=..2011")
	if got := values(seriesOf(opt)[0]); len(got) != 1 || got[0] != 7.4 {
		t.Errorf("..2011: %v, want only 7.4", got)
	}
}

func TestStateRegionShorthands(t *testing.T) {
	_, opt := buildState(t, "metrics=online_retail_sales&regions=children:330000&periods=2012")
	cats := opt["xAxis"].([]any)[0].(map[string]any)["data"].([]any)
	// the cities of Zhejiang that have a figure of the metric, by code: a
	// shorthand brings in no row of 暂无数据 for the other nine
	want := []any{"金华市", "衢州市"}
	if len(cats) != len(want) {
		t.Fatalf("children of Zhejiang: %v, want %v", cats, want)
	}
	for i := range want {
		if cats[i] != want[i] {
			t.Errorf("children of Zhejiang: %v, want %v", cats, want)
		}
	}
	// a region named, or whose siblings are asked for, shows even without a figure
	_, opt = buildState(t, "metrics=online_retail_sales&regions=siblings:330100,330900&periods=2012")
	cats = opt["xAxis"].([]any)[0].(map[string]any)["data"].([]any)
	if fmt.Sprint(cats) != fmt.Sprint([]any{"杭州市\n暂无数据", "金华市", "衢州市", "舟山市\n暂无数据"}) {
		t.Errorf("siblings of Hangzhou and Zhoushan itself: %q, want Hangzhou and Zhoushan with 暂无数据 and the two with figures", cats)
	}
	_, opt = buildState(t, "metrics=online_retail_sales&regions=parent:330800&periods=2012")
	if cats := opt["xAxis"].([]any)[0].(map[string]any)["data"].([]any); len(cats) != 1 || cats[0] != "浙江省" {
		t.Errorf("parent of Quzhou: %v", cats)
	}
}

// TestStateGrowthIsReportedWhereTheDocumentSaysIt: derive=yoy shows a
// growth rate the document states as the document states it, not as a
// value computed and marked 推算 (衢州 2012: 66.22%; 嘉定 2020: 16.5%,
// which its 2019 value was derived from), and computes only a rate no
// document gives, marked 推算.
func TestStateGrowthIsReportedWhereTheDocumentSaysIt(t *testing.T) {
	growthOf := func(db *gorm.DB, query string) (*Chart, []any) {
		t.Helper()
		st, err := state.Parse(query)
		if err != nil {
			t.Fatal(err)
		}
		c, err := BuildState(db, st, "")
		if err != nil {
			t.Fatalf("build %q: %v", query, err)
		}
		var opt map[string]any
		if err := json.Unmarshal(c.Option, &opt); err != nil {
			t.Fatal(err)
		}
		return c, seriesOf(opt)[0]["data"].([]any)
	}
	db := seeded(t)
	const quzhou = "metrics=online_retail_sales&regions=330800&periods=2011..2012&type=line&derive=yoy"
	for query, want := range map[string]string{quzhou: "66.22%", "metrics=ecommerce_sales_above_quota&regions=310114&periods=2019,2020&derive=yoy": "16.5%"} {
		c, data := growthOf(db, query)
		if data[0].(map[string]any)["value"] != nil {
			t.Errorf("%s: growth of the first period: %v, want a gap", query, data[0])
		}
		second := data[1].(map[string]any)
		label, _ := second["label"].(map[string]any)["formatter"].(string)
		if second["derived"] == true || second["shown"] != want || label != want {
			t.Errorf("%s: growth %v, want %s as the document states it, not marked 推算", query, second, want)
		}
		if len(c.Units) != 1 || c.Units[0] != "%" {
			t.Errorf("%s: units %v, want %%", query, c.Units)
		}
	}
	// with no rate in the documents, it is computed and marked
	if err := db.Where("metric_code = ?", "online_retail_growth").Delete(&models.Observation{}).Error; err != nil {
		t.Fatal(err)
	}
	c, data := growthOf(db, quzhou)
	second := data[1].(map[string]any)
	if second["value"] != 66.22 || second["derived"] != true || !strings.Contains(second["shown"].(string), "推算") {
		t.Errorf("growth 2011→2012 with no rate reported: %v, want 66.22%% marked derived", second)
	}
	if len(c.Observations) != 2 {
		t.Errorf("%d figures behind the chart, want the 2 it was computed from", len(c.Observations))
	}
}

func TestStateErrorsNameTheKey(t *testing.T) {
	db := seeded(t)
	for query, key := range map[string]string{
		"metrics=no_such_metric&regions=330800":                                                               "metrics",
		"metrics=online_retail_sales&regions=999999":                                                          "regions",
		"metrics=online_retail_sales&regions=330800,330000&periods=2011,2012&type=pie":                        "periods",
		"metrics=online_retail_sales&regions=330800&periods=2012&derive=yoy":                                  "derive",
		"metrics=online_retail_sales,share_of_province_online_retail,alibaba_registered_firms&regions=330800": "metrics",
	} {
		st, err := state.Parse(query)
		if err != nil {
			t.Fatalf("parse %q: %v", query, err)
		}
		_, err = BuildState(db, st, "")
		var e *state.Error
		if !errors.As(err, &e) || e.Key != key {
			t.Errorf("%s: %v, want an error naming %q", query, err, key)
		}
	}
}

func TestTargetsAndPlatformFiguresStayOutOfMisleadingCharts(t *testing.T) {
	db := seeded(t)
	for query, key := range map[string]string{
		// a target on a time axis would read as achieved
		"metrics=target_rural_ecommerce_demo_counties&regions=100000&type=line": "type",
		// one company's platform is not China's statistic
		"metrics=alibaba_daily_transactions&regions=100000": "metrics",
	} {
		st, err := state.Parse(query)
		if err != nil {
			t.Fatal(err)
		}
		_, err = BuildState(db, st, "")
		var e *state.Error
		if !errors.As(err, &e) || e.Key != key {
			t.Errorf("%s: %v, want an error naming %q", query, err, key)
		}
	}
	_, opt := buildState(t, "metrics=target_rural_ecommerce_demo_counties,target_ecommerce_demo_bases&regions=100000&type=hbar")
	for _, d := range seriesOf(opt)[0]["data"].([]any) {
		if d.(map[string]any)["target"] != true {
			t.Errorf("target figure %v is not marked as a target", d)
		}
	}
}

// TestLargeValuesReadAsOfficialsWriteThem: a value axis is named in the unit
// officials would write its largest value in, and the values drawn in it
// (the ticks then read 5、10、15、20 under 亿元, never 50000 … 200000 under
// 万元); each label writes its figure in 万/亿 on its own (400万元 beside
// 20亿元; 47.8万家, not 478000家); the subtitle names the unit the axis is in.
// The option holds no function: the axis is data.
func TestLargeValuesReadAsOfficialsWriteThem(t *testing.T) {
	for _, c := range []struct {
		query, axis      string
		values           []any
		labels           []string
		subtitleUnit     string
		horizontalValues bool
	}{
		{"metrics=farmer_mailbox_trade&regions=330800,330000&periods=2012", "亿元", []any{0.04, 20.0}, []string{"400万元", "20亿元"}, "单位：亿元", false},
		{"metrics=alibaba_registered_firms&regions=330800,330000&periods=2012&type=hbar", "万家", []any{0.7851, 47.8}, []string{"7851家", "47.8万家"}, "单位：万家", true},
		{"metrics=online_retail_sales&regions=330800,330000&periods=2012", "亿元", []any{12.3, 2027.0}, []string{"12.3亿元", "2027亿元"}, "单位：亿元", false},
	} {
		ch, opt := buildState(t, c.query)
		axes := opt["yAxis"].([]any)
		if c.horizontalValues {
			axes = opt["xAxis"].([]any)
		}
		axis := axes[0].(map[string]any)
		if axis["name"] != c.axis {
			t.Errorf("%s: value axis named %v, want %s", c.query, axis["name"], c.axis)
		}
		if l, ok := axis["axisLabel"].(map[string]any); ok && l["formatter"] != nil {
			t.Errorf("%s: the axis has a formatter %v; the option holds only data", c.query, l["formatter"])
		}
		data := seriesOf(opt)[0]["data"].([]any)
		for i, d := range data {
			p := d.(map[string]any)
			if p["value"] != c.values[i] || p["label"].(map[string]any)["formatter"] != c.labels[i] || p["shown"] != c.labels[i] {
				t.Errorf("%s: item %d is %v, want %v drawn, labelled and shown %s", c.query, i, p, c.values[i], c.labels[i])
			}
		}
		if !strings.Contains(ch.Subtitle, c.subtitleUnit) {
			t.Errorf("%s: subtitle %q, want %s", c.query, ch.Subtitle, c.subtitleUnit)
		}
	}
}

// TestCategoryLabelsKeepWordsWhole: a common ending is dropped from the
// category labels only when it is a whole phrase (占全省比重, 同比增长),
// never the end of each name's own word (销售额, 零售额 end alike in 售额;
// targets alike in （目标）); a long label is broken into lines that fit
// its box, whole, with no line of one character and no line starting
// with closing punctuation.
func TestCategoryLabelsKeepWordsWhole(t *testing.T) {
	for _, tc := range []struct{ names, want []string }{
		{[]string{"限额以上电子商务销售额", "限额以上电子商务零售额"}, []string{"限额以上电子商务销售额", "限额以上电子商务零售额"}},
		{[]string{"电子商务海外仓（目标）", "电子商务人才培训基地（目标）"}, []string{"电子商务海外仓（目标）", "电子商务人才培训基地（目标）"}},
		{[]string{"人口占全省比重", "GDP占全省比重"}, []string{"人口", "GDP"}},
		{[]string{"实物商品网上零售额同比增长", "移动互联网接入流量同比增长"}, []string{"实物商品网上零售额", "移动互联网接入流量"}},
		{[]string{"网络零售额", "网络零售额占全省比重"}, []string{"网络零售额", "网络零售额占全省比重"}},
	} {
		if got := trimCommonSuffix(tc.names); strings.Join(got, "|") != strings.Join(tc.want, "|") {
			t.Errorf("trimCommonSuffix(%v) = %v, want %v", tc.names, got, tc.want)
		}
	}
	labels := []string{"限额以上电子商务销售额", "快递支撑的实物商品网络零售额占社会消费品零售总额比重（2020年4月）",
		"电子商务进农村综合示范县（目标）", "农村地区快件收投量（2020年第一季度）", "GDP", "丽水市\n暂无数据"}
	for _, horizontal := range []bool{false, true} {
		width := float64(axisLabelWidth(horizontal))
		for i, got := range axisCategories(labels, horizontal) {
			if strings.ReplaceAll(got, "\n", "") != strings.ReplaceAll(labels[i], "\n", "") {
				t.Errorf("%q written as %q: not whole", labels[i], got)
			}
			lines := strings.Split(got, "\n")
			for j, l := range lines {
				if labelWidth(l) > width {
					t.Errorf("%q: line %q is wider than %v px", labels[i], l, width)
				}
				if strings.ContainsAny(l[:len(string([]rune(l)[0]))], closing) {
					t.Errorf("%q: line %q starts with closing punctuation", labels[i], l)
				}
				if j > 0 && len([]rune(strings.TrimRight(l, closing))) < 2 {
					t.Errorf("%q: a line of one character %q", labels[i], l)
				}
			}
		}
	}
	if got := axisCategories([]string{"限额以上电子商务销售额"}, false)[0]; got != "限额以上电子商务\n销售额" {
		t.Errorf("Jiading's label written as %q, want it filled to its box and whole", got)
	}
}
