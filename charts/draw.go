package charts

import (
	"github.com/go-echarts/go-echarts/v2/charts"
	"github.com/go-echarts/go-echarts/v2/opts"

	"ecomdash/charts/theme"
	"ecomdash/models"
)

// bar is one bar of a bar chart: a label and the figure it draws.
type bar struct {
	label string
	obs   models.Observation
	ok    bool
	color string
}

// barOf looks up a figure for a bar labelled label.
func (d *Data) barOf(label, region, metric, period string) bar {
	o, ok := d.Get(region, metric, period)
	return bar{label: label, obs: o, ok: ok}
}

// withColor returns b drawn in color.
func (b bar) withColor(color string) bar {
	b.color = color
	return b
}

// barStyle says how a bar chart is laid out.
type barStyle struct {
	horizontal bool   // bars run left to right, labels on the left
	logScale   bool   // value axis is logarithmic (for figures orders of magnitude apart)
	axisName   string // the value axis's name, usually the unit
	series     string // the series name shown in tooltips and the data view
}

// barGrid leaves room for the title above and the source line below.
var barGrid = opts.Grid{Top: "92", Bottom: "40", Left: "20", Right: "48", ContainLabel: opts.Bool(true)}

// horizontalBarGrid leaves room on the right for value labels such as 超过30亿件.
var horizontalBarGrid = opts.Grid{Top: "92", Bottom: "40", Left: "20", Right: "96", ContainLabel: opts.Bool(true)}

// drawBars draws one series of bars. Bars whose figure is missing are drawn
// empty and labelled 暂无数据.
func drawBars(bars []bar, st barStyle) drawing {
	labels := make([]string, len(bars))
	points := make([]point, len(bars))
	for i, b := range bars {
		labels[i] = b.label
		if !b.ok {
			points[i] = missingPoint(b.label)
			continue
		}
		points[i] = pointOf(b.obs, b.label)
		if b.color != "" && !b.obs.Derived {
			points[i].ItemStyle = map[string]any{"color": b.color}
		}
	}
	valueAxisType := "value"
	if st.logScale {
		valueAxisType = "log"
	}
	c := charts.NewBar()
	c.SetGlobalOptions(
		charts.WithLegendOpts(opts.Legend{Show: opts.Bool(false)}),
		charts.WithTooltipOpts(opts.Tooltip{Trigger: "item"}),
	)
	if st.horizontal {
		c.SetGlobalOptions(charts.WithGridOpts(horizontalBarGrid))
	} else {
		c.SetGlobalOptions(charts.WithGridOpts(barGrid))
	}
	if st.horizontal {
		c.SetGlobalOptions(
			charts.WithXAxisOpts(opts.XAxis{Type: valueAxisType, Name: st.axisName}),
			charts.WithYAxisOpts(opts.YAxis{Type: "category", Inverse: opts.Bool(true)}),
		)
		c.XYReversal()
	} else {
		c.SetGlobalOptions(charts.WithYAxisOpts(opts.YAxis{Type: valueAxisType, Name: st.axisName}))
	}
	c.SetXAxis(labels)
	c.AddSeries(st.series, nil, charts.WithLabelOpts(opts.Label{Show: opts.Bool(true), Position: labelPosition(st.horizontal)}))
	c.MultiSeries[0].Data = points
	extra := map[string]any{
		"series": []any{map[string]any{"barMaxWidth": 64, "itemStyle": map[string]any{"color": colorFocus}}},
	}
	valueAxis := map[string]any{}
	if st.logScale {
		valueAxis["min"] = 1 // start at 1 so a small figure still shows as a bar
	}
	if st.horizontal {
		valueAxis["nameLocation"] = "end"
		valueAxis["axisLabel"] = map[string]any{"hideOverlap": true}
		extra["xAxis"] = []any{valueAxis}
		extra["yAxis"] = []any{map[string]any{"axisTick": map[string]any{"show": false}}}
	} else {
		extra["yAxis"] = []any{valueAxis}
		extra["xAxis"] = []any{map[string]any{"axisLabel": map[string]any{"interval": 0}, "axisTick": map[string]any{"show": false}}}
	}
	return drawing{chart: c, extra: extra}
}

func labelPosition(horizontal bool) string {
	if horizontal {
		return "right"
	}
	return "top"
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
