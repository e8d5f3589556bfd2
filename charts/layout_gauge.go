package charts

import (
	"github.com/go-echarts/go-echarts/v2/charts"
	"github.com/go-echarts/go-echarts/v2/opts"

	"ecomdash/charts/theme"
	"ecomdash/models"
)

// layoutGauge draws one region's one metric, in its latest period shown.
func layoutGauge(r *resolved, get func(models.Region, models.Metric, string) cell) (drawing, []string, error) {
	if len(r.periods) == 0 {
		return drawGauge(r.metrics[0].NameZH, models.Observation{}, false), nil, nil
	}
	c := get(r.regions[0], r.metrics[0], r.periods[len(r.periods)-1])
	return drawGauge(r.regions[0].NameZH+r.metrics[0].NameZH, c.obs, c.ok), nil, nil
}

// drawGauge draws one percentage as a gauge from 0 to 100.
func drawGauge(label string, o models.Observation, ok bool) drawing {
	g := charts.NewGauge()
	g.SetGlobalOptions(
		charts.WithTooltipOpts(opts.Tooltip{Trigger: "item"}),
		charts.WithLegendOpts(opts.Legend{Show: opts.Bool(false)}),
	)
	g.AddSeries(label, nil)
	p := missingPoint(label)
	if ok {
		p = pointOf(o, label)
		p.Label = nil
	}
	g.MultiSeries[0].Data = []point{p}
	detail := "暂无数据"
	if ok {
		detail = DisplayValue(o)
	}
	extra := map[string]any{"series": []any{map[string]any{
		"min": 0, "max": 100, "radius": "72%", "center": []string{"50%", "60%"},
		"progress":  map[string]any{"show": true, "width": 18, "itemStyle": map[string]any{"color": colorFocus}},
		"axisLine":  map[string]any{"lineStyle": map[string]any{"width": 18, "color": [][]any{{1, "#e3e8ee"}}}},
		"pointer":   map[string]any{"show": false},
		"axisTick":  map[string]any{"show": false},
		"splitLine": map[string]any{"length": 8, "lineStyle": map[string]any{"color": colorCompare}},
		"axisLabel": map[string]any{"distance": 26, "color": theme.Light.Muted, "formatter": "{value}%"},
		"title":     map[string]any{"offsetCenter": []string{"0", "30%"}, "fontSize": 14, "color": theme.Light.Ink},
		"detail": map[string]any{
			"valueAnimation": false, "offsetCenter": []string{"0", "-5%"}, "fontSize": 34,
			"fontWeight": "bold", "color": colorFocus, "formatter": detail,
		},
	}}}
	return drawing{chart: g, extra: extra}
}
