package charts

import (
	"github.com/go-echarts/go-echarts/v2/charts"
	"github.com/go-echarts/go-echarts/v2/opts"
	"github.com/go-echarts/go-echarts/v2/types"

	"ecomdash/charts/theme"
	"ecomdash/models"
)

// layoutGauge draws one region's one metric, in its latest period shown, as
// a go-echarts Gauge from 0 to 100 (the metric is a percentage).
func layoutGauge(r *resolved, get func(models.Region, models.Metric, string) cell) (drawing, []string, error) {
	label := r.metrics[0].NameZH
	var c cell
	if len(r.periods) > 0 {
		label = r.regions[0].NameZH + r.metrics[0].NameZH
		c = get(r.regions[0], r.metrics[0], r.periods[len(r.periods)-1])
	}
	target := r.metrics[0].IsTarget()
	if target {
		label = targetName(label)
	}
	p, detail := missingPoint(label), "暂无数据"
	if c.ok {
		p, detail = pointOf(c.obs, label), DisplayValue(c.obs)
		p.Label = nil
		if c.obs.Inferred != "" { // under the gauge's title
			p.Inferred, p.Name = c.obs.InferredNote(), label+"\n"+c.obs.InferredNote()
		}
	}
	progress := &opts.ItemStyle{Color: colorFocus}
	if target { // the arc outlined, as a target's bar is
		progress = &targetStyle(colorFocus).ItemStyle
	}
	g := charts.NewGauge()
	g.SetGlobalOptions(charts.WithLegendOpts(opts.Legend{Show: opts.Bool(false)}))
	g.AddSeries(label, nil, charts.WithSeriesOpts(func(s *charts.SingleSeries) {
		s.Max, s.Radius, s.Center = 100, "72%", []string{"50%", "60%"}
		s.Progress = &opts.Progress{Show: opts.Bool(true), Width: 18, ItemStyle: progress}
		s.AxisLine = &opts.AxisLine{LineStyle: &opts.LineStyle{Width: 18}}
		s.Pointer = &opts.Pointer{Show: opts.Bool(false)}
		s.AxisTick = &opts.AxisTick{Show: opts.Bool(false)}
		s.SplitLine = &opts.SplitLine{LineStyle: &opts.LineStyle{Color: colorCompare}}
		s.AxisLabel = &opts.AxisLabel{Color: theme.Light.Muted, Formatter: "{value}%"}
		s.Title = &opts.Title{OffsetCenter: []string{"0", "30%"}}
		s.Detail = &opts.Detail{OffsetCenter: []string{"0", "-5%"}, FontSize: 34, FontWeight: "bold", Color: colorFocus, Formatter: types.FuncStr(detail)}
	}))
	g.MultiSeries[0].Data = []point{p}
	return drawing{chart: &g.BaseConfiguration, validate: g.Validate, series: gaugeSeriesOf}, nil, nil
}

// gaugeSeries is go-echarts' gauge series with what it has no field for, or
// cannot write: a minimum of 0 (go-echarts leaves a 0 out), the axis line's
// colour bands (go-echarts' LineStyle has one colour), the split lines'
// length, the labels' distance from the axis line, the title's own font
// size and colour (go-echarts' Title has them only in textStyle) and the
// detail's value animation (off: the value is text, not a number).
type gaugeSeries struct {
	charts.SingleSeries
	Min       int            `json:"min"`
	AxisLine  *gaugeAxisLine `json:"axisLine,omitempty"`
	SplitLine *gaugeSplits   `json:"splitLine,omitempty"`
	AxisLabel *axisLabelJSON `json:"axisLabel,omitempty"`
	Title     *gaugeTitle    `json:"title,omitempty"`
	Detail    *gaugeDetail   `json:"detail,omitempty"`
}

// gaugeSeriesOf wraps s, a gauge series from layoutGauge, for writing.
func gaugeSeriesOf(s charts.SingleSeries) any {
	out := gaugeSeries{SingleSeries: s, Min: 0}
	if s.AxisLine != nil {
		out.AxisLine = &gaugeAxisLine{AxisLine: s.AxisLine,
			LineStyle: &gaugeBands{LineStyle: s.AxisLine.LineStyle, Color: [][]any{{1, "#e3e8ee"}}}}
	}
	if s.SplitLine != nil {
		out.SplitLine = &gaugeSplits{SplitLine: s.SplitLine, Length: 8}
	}
	if out.AxisLabel = axisLabelOf(s.AxisLabel); out.AxisLabel != nil {
		out.AxisLabel.Distance = 26
	}
	if s.Title != nil {
		out.Title = &gaugeTitle{Title: s.Title, FontSize: 14, Color: theme.Light.Ink}
	}
	if s.Detail != nil {
		out.Detail = &gaugeDetail{Detail: s.Detail, ValueAnimation: false}
	}
	return out
}

// gaugeAxisLine is go-echarts' axis line with colour bands (gaugeBands).
type gaugeAxisLine struct {
	*opts.AxisLine
	LineStyle *gaugeBands `json:"lineStyle,omitempty"`
}

// gaugeBands is go-echarts' line style with colour bands, each up to a
// share of the axis: [[1, "#e3e8ee"]] is one grey band all the way.
type gaugeBands struct {
	*opts.LineStyle
	Color [][]any `json:"color"`
}

// gaugeSplits is go-echarts' split line with a length.
type gaugeSplits struct {
	*opts.SplitLine
	Length int `json:"length"`
}

// gaugeTitle is go-echarts' title with a font size and colour of its own.
type gaugeTitle struct {
	*opts.Title
	FontSize int    `json:"fontSize"`
	Color    string `json:"color"`
}

// gaugeDetail is go-echarts' detail with valueAnimation.
type gaugeDetail struct {
	*opts.Detail
	ValueAnimation bool `json:"valueAnimation"`
}
