package charts

import (
	"encoding/json"
	"errors"
	"path/filepath"
	"reflect"
	"strconv"
	"testing"

	"ecomdash/charts/state"
)

// stateCases are states beyond the built-in charts, one or more for each
// part of the layout: every chart type, log axes, two value axes (on bars
// and horizontal bars; in one grid for several regions, a panel each for
// one), stacks, legends, labels, derived series, reference
// lines, annotations, sorting, focus on regions, metrics and periods, each
// kind of period selection, empty charts and charts that cannot be drawn.
// testdata/states holds the option each drew when the layout wrote its
// options as maps (before go-echarts built them); a change to the layout
// shows up as a difference to look at.
var stateCases = []struct {
	name, title, query string
}{
	{"bar-regions-focus", "", "metrics=online_retail_sales&regions=330800,330000&periods=2012&focus=330800"},
	{"bar-siblings-sort-asc", "", "metrics=online_retail_sales&regions=siblings:330800&periods=2012&sort=asc&focus=330800"},
	{"bar-children-sort-desc-missing", "", "metrics=online_retail_sales&regions=children:330000&periods=2012&sort=desc"},
	{"bar-labels-none", "", "metrics=online_retail_sales&regions=children:330000&periods=2012&labels=none&focus=330800"},
	{"bar-labels-stated", "", "metrics=online_retail_sales&regions=330800,330700,330000&periods=2012&labels=stated"},
	{"bar-log", "", "metrics=online_retail_sales&regions=330800,330700,330000&periods=2012&axis=log"},
	{"bar-two-axes", "", "metrics=online_retail_sales,share_of_province_online_retail&regions=330800&periods=2012"},
	{"bar-two-axes-log-legend-off", "", "metrics=online_retail_sales,share_of_province_online_retail&regions=330800&periods=2012&axis=log&legend=0"},
	{"hbar-two-axes", "", "metrics=online_retail_sales,share_of_province_online_retail&regions=330800&periods=2012&type=hbar"},
	{"hbar-two-axes-labels-none", "", "metrics=online_retail_sales,share_of_province_online_retail&regions=330800&periods=2012&type=hbar&labels=none"},
	{"bar-two-axes-regions", "", "metrics=online_retail_sales,share_of_province_online_retail&regions=330800,330700&periods=2012"},
	{"hbar-two-axes-regions-focus", "", "metrics=online_retail_sales,share_of_province_online_retail&regions=330800,330700&periods=2012&type=hbar&focus=330800"},
	{"hbar-panels-ref-focus", "", "metrics=physical_goods_online_retail_growth,rural_express_parcels,mobile_internet_traffic_growth&regions=100000&periods=2020Q1&type=hbar&focus=rural_express_parcels&ref=100000:physical_goods_online_retail_growth:2020Q1"},
	{"hbar-counts-sort", "", "metrics=cross_border_ecommerce_parks,cross_border_experience_stores,overseas_warehouses&regions=110000&periods=latest&type=hbar&sort=desc&labels=stated"},
	{"hbar-ref-focus-metric", "", "metrics=share_of_province_area,share_of_province_population,share_of_province_gdp&regions=330800&periods=2012&type=hbar&focus=share_of_province_gdp&ref=330800:share_of_province_population:2012"},
	{"bar-ref-other-region", "", "metrics=online_retail_sales&regions=330800,330700&periods=2012&ref=330000:online_retail_sales:2012&axis=log"},
	{"bar-ref-own-region", "", "metrics=online_retail_sales&regions=children:330000&periods=2012&ref=330800:online_retail_sales:2012"},
	{"bar-metrics-along-periods-series", "", "metrics=ecommerce_sales_above_quota,ecommerce_retail_above_quota&regions=310114"},
	{"bar-stack", "", "metrics=ecommerce_sales_above_quota,ecommerce_retail_above_quota&regions=310114&periods=2019,2020&stack=1"},
	{"bar-legend-off", "", "metrics=ecommerce_sales_above_quota,ecommerce_retail_above_quota&regions=310114&periods=2019,2020&legend=0"},
	{"bar-focus-metric-series", "", "metrics=ecommerce_sales_above_quota,ecommerce_retail_above_quota&regions=310114&periods=2019,2020&focus=ecommerce_sales_above_quota"},
	{"bar-focus-period-series", "", "metrics=ecommerce_sales_above_quota,ecommerce_retail_above_quota&regions=310114&periods=2019,2020&focus=2020&annotate=ecommerce_sales_above_quota_growth,ecommerce_retail_above_quota_growth"},
	{"bar-focus-region-several-series", "", "metrics=online_retail_sales&regions=330800,330700&periods=2011,2012&focus=330800"},
	{"bar-annotate-labels-none", "", "metrics=online_retail_sales&regions=330800,330000&periods=2012&annotate=share_of_province_online_retail&labels=none"},
	{"bar-annotate-value", "", "metrics=online_retail_sales&regions=330800&periods=2011,2012&annotate=online_retail_growth"},
	{"bar-latest-mixed", "", "metrics=express_daily_parcels,rural_express_parcels&regions=100000&periods=latest"},
	{"bar-range", "", "metrics=online_retail_sales&regions=330800&periods=2011..2012"},
	{"bar-open-range", "", "metrics=online_retail_sales&regions=330800,330700&periods=2012.."},
	{"bar-derive-share", "", "metrics=online_retail_sales&regions=330800,330700&periods=2012&derive=share"},
	{"hbar-derive-share-focus", "", "metrics=online_retail_sales&regions=330800,330700&periods=2012&derive=share&type=hbar&focus=330800"},
	{"bar-derive-rank", "", "metrics=online_retail_sales&regions=children:330000&periods=2012&derive=rank&focus=330800"},
	{"bar-derive-yoy-periods", "", "metrics=online_retail_sales&regions=330800&periods=2011..2012&derive=yoy"},
	{"bar-targets", "", "metrics=target_rural_ecommerce_demo_counties,target_ecommerce_demo_bases&regions=100000&type=hbar"},
	{"bar-derived-figure", "", "metrics=ecommerce_sales_above_quota&regions=310114&periods=2019,2020&labels=value"},
	{"bar-scaled-yi-ref", "", "metrics=farmer_mailbox_trade&regions=330800,330000&periods=2012&ref=330000:farmer_mailbox_trade:2012"},
	{"hbar-scaled-wan-log", "", "metrics=alibaba_registered_firms&regions=330800,330000&periods=2012&type=hbar&axis=log"},
	{"pie-scaled-wan", "", "metrics=alibaba_registered_firms&regions=330800,330000&periods=2012&type=pie"},
	{"line-one", "", "metrics=online_retail_sales&regions=330800&type=line"},
	{"line-list-gap", "", "metrics=online_retail_sales&regions=330800&periods=2010,2011,2012&type=line"},
	{"line-regions", "", "metrics=online_retail_sales&regions=330800,330700,330000&type=line&focus=330800"},
	{"line-two-axes", "", "metrics=online_retail_sales,online_retail_growth&regions=330800&type=line"},
	{"line-log-stack", "", "metrics=online_retail_sales&regions=330800,330700&type=line&axis=log&stack=1"},
	{"line-derive-yoy", "", "metrics=online_retail_sales&regions=330800&periods=2011..2012&type=line&derive=yoy"},
	{"line-ref-labels-stated", "", "metrics=online_retail_sales&regions=330800&type=line&ref=330700:online_retail_sales:2012&labels=stated&legend=0"},
	{"pie-regions", "", "metrics=online_retail_sales&regions=330800,330700&periods=2012&type=pie"},
	{"pie-periods-legend-off", "", "metrics=online_retail_sales&regions=330800&periods=2011,2012&type=pie&legend=0"},
	{"pie-labels-none-missing", "", "metrics=online_retail_sales&regions=children:330000&periods=2012&type=pie&labels=none"},
	{"pie-empty", "", "metrics=online_retail_sales&regions=110000&type=pie"},
	{"gauge", "仪表", "metrics=township_express_coverage&regions=100000&type=gauge"},
	{"gauge-missing", "", "metrics=township_express_coverage&regions=330800&type=gauge"},
	{"gauge-list-missing", "", "metrics=township_express_coverage&regions=100000&periods=2019&type=gauge"},
	{"empty", "", "metrics=online_retail_sales&regions=110000"},
	{"empty-list", "", "metrics=online_retail_sales&regions=330800&periods=1999"},
	{"hostile-title", `</script><script>alert(1)</script> & "quotes"`, "metrics=online_retail_sales&regions=330800&periods=2012"},
	{"unbuildable-metric", "无法绘制的图", "metrics=no_such_metric&regions=330800"},
	{"unbuildable-pie", "", "metrics=online_retail_sales&regions=330800,330000&periods=2011,2012&type=pie"},
	{"unbuildable-three-units", "", "metrics=online_retail_sales,share_of_province_online_retail,alibaba_registered_firms&regions=330800"},
	{"unbuildable-target-line", "", "metrics=target_rural_ecommerce_demo_counties&regions=100000&type=line"},
	{"unbuildable-yoy", "", "metrics=online_retail_sales&regions=330800&periods=2012&derive=yoy"},
	{"line-ranks-bound-inferred", "", "metrics=ecommerce_transaction_rank_nation,ecommerce_transaction_rank_province&regions=330700&type=line"},
	{"bar-ranks-periods-series", "", "metrics=ecommerce_transaction_rank_nation,ecommerce_transaction_rank_province&regions=330700"},
	{"hbar-ranks-labels-stated", "", "metrics=ecommerce_transaction_rank_nation,ecommerce_transaction_rank_province&regions=330700&type=hbar&labels=stated"},
	{"bar-rank-beside-quantity", "", "metrics=ecommerce_transaction_volume,ecommerce_transaction_rank_province&regions=330700&periods=2012"},
	{"bar-targets-beside-outcomes", "", "metrics=target_ecommerce_demo_bases,new_national_ecommerce_demo_bases&regions=100000&periods=latest"},
	{"pie-target", "", "metrics=target_ecommerce_demo_bases&regions=100000&type=pie"},
	{"gauge-target", "", "metrics=target_ecommerce_demo_bases&regions=100000&type=gauge"},
	{"bar-derive-rank-sort-desc", "", "metrics=online_retail_sales&regions=children:330000&periods=2012&derive=rank&sort=desc"},
	{"unbuildable-rank-stack", "", "metrics=ecommerce_transaction_rank_nation&regions=330700&stack=1"},
	{"unbuildable-rank-derive", "", "metrics=ecommerce_transaction_rank_province&regions=330700&type=line&derive=yoy"},
	{"unbuildable-rank-pie", "", "metrics=ecommerce_transaction_rank_province&regions=330700&periods=2012&type=pie"},
}

// TestStatesDrawTheirRecordedOptions builds each of stateCases on the seed
// figures, as the store draws a saved chart (a state that cannot be drawn
// becomes the chart saying why), and compares its option with
// testdata/states/NAME.json as JSON trees: key order and spacing aside, the
// same option.
func TestStatesDrawTheirRecordedOptions(t *testing.T) {
	db := seeded(t)
	for _, tc := range stateCases {
		st, err := state.Parse(tc.query)
		if err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		spec := &Spec{ID: UnsavedChartID, Title: tc.title, State: st}
		c, err := Build(db, spec)
		var bad *state.Error
		if errors.As(err, &bad) {
			c, err = unbuildable(spec, bad)
		}
		if err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		checkRecordedOption(t, tc.name, filepath.Join("testdata", "states", tc.name+".json"), c.Option)
	}
}

// jsonTreeDiff compares two JSON documents as trees (json.Unmarshal into
// any: key order and spacing do not count) and names the first difference,
// or returns "" when they are the same.
func jsonTreeDiff(want, got []byte) string {
	var w, g any
	if err := json.Unmarshal(want, &w); err != nil {
		return "want: " + err.Error()
	}
	if err := json.Unmarshal(got, &g); err != nil {
		return "got: " + err.Error()
	}
	if reflect.DeepEqual(w, g) {
		return ""
	}
	return firstDifference("$", w, g)
}

// firstDifference names the first path at which trees w and g differ.
func firstDifference(path string, w, g any) string {
	switch wv := w.(type) {
	case map[string]any:
		gv, ok := g.(map[string]any)
		if !ok {
			break
		}
		for k := range wv {
			if _, ok := gv[k]; !ok {
				return path + "." + k + " is missing"
			}
		}
		for k := range gv {
			if _, ok := wv[k]; !ok {
				b, _ := json.Marshal(gv[k])
				return path + "." + k + " is new: " + string(b)
			}
		}
		for k := range wv {
			if d := firstDifference(path+"."+k, wv[k], gv[k]); d != "" {
				return d
			}
		}
		return ""
	case []any:
		gv, ok := g.([]any)
		if !ok || len(gv) != len(wv) {
			break
		}
		for i := range wv {
			if d := firstDifference(path+"["+strconv.Itoa(i)+"]", wv[i], gv[i]); d != "" {
				return d
			}
		}
		return ""
	}
	if reflect.DeepEqual(w, g) {
		return ""
	}
	wb, _ := json.Marshal(w)
	gb, _ := json.Marshal(g)
	return path + ": want " + string(wb) + ", got " + string(gb)
}
