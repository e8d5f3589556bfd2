package charts

import (
	"fmt"

	"github.com/go-echarts/go-echarts/v2/charts"
	"github.com/go-echarts/go-echarts/v2/opts"

	"ecomdash/charts/state"
	"ecomdash/models"
)

// panels draws the figures of a chart with one category (one region, one
// period) whose units share no value axis, one panel for each value axis:
// a grid with its own category axis, naming each figure (每天快递量（2020年4月）),
// and its own value axis, named by its unit (亿件/天). Panels are stacked
// for horizontal bars and side by side for vertical ones. Two units on one
// grid would set each figure's bar against the other's on scales that have
// nothing in common: both bars reach the end of their own axis, and a
// reader compares them as if they did (2亿件 a day beside 30亿件 a quarter).
func panels(st state.State, r *resolved, all []series, axes []string, d *Data) drawing {
	horizontal := st.Type == state.TypeHBar
	logScale := st.Axis == state.AxisLog
	c := charts.NewBar()
	dr := drawing{chart: &c.BaseConfiguration, validate: func() {}} // the axes carry their own categories
	c.XAxisList, c.YAxisList, c.GridList = nil, nil, nil
	dr.series = func(s charts.SingleSeries) any {
		out := cartesianSeriesOf(s, horizontal)
		x, y := s.XAxisIndex, s.YAxisIndex
		out.XAxisIndex, out.YAxisIndex = &x, &y
		return out
	}
	var ref models.Observation
	hasRef := false
	if st.Ref != nil {
		ref, hasRef = d.Annotation(st.Ref.Region, st.Ref.Metric, st.Ref.Period)
	}
	labelWidth := axisLabelWidth(horizontal)
	n := len(axes)
	for i, unit := range axes {
		var names []string
		var points []point
		var drawn series // a series of this panel, for the reference line's scale
		for _, s := range all {
			if axisUnit(s.unit) != unit {
				continue
			}
			drawn = s
			for _, cl := range s.cells {
				name := s.name
				if r.mixedLatest() {
					name += "（" + models.PeriodLabel(cl.period) + "）"
				}
				p := annotatedPoint(st, r, d, cl, name, logScale)
				if len(st.Focus) > 0 && cl.derivation == "" {
					color := colorCompare
					if focused(st, cl) {
						color = colorFocus
					}
					p.ItemStyle = &itemStyle{ItemStyle: opts.ItemStyle{Color: color}}
				}
				names = append(names, name)
				points = append(points, p)
			}
		}
		kind, axisName := "value", axisName(unit, all)
		var min any
		if logScale {
			kind, axisName, min = "log", axisName+"（对数）", 1
		}
		label := &opts.AxisLabel{Interval: "0", HideOverlap: opts.Bool(true), Width: labelWidth + labelSlack, Overflow: "break"}
		category := axisCategories(names, horizontal)
		options := []charts.SeriesOpts{
			charts.WithLabelOpts(opts.Label{Show: opts.Bool(st.Labels != state.LabelsNone), Position: labelPosition(horizontal)}),
			charts.WithBarChartOpts(opts.BarChart{XAxisIndex: i, YAxisIndex: i}),
			charts.WithSeriesOpts(func(s *charts.SingleSeries) { s.BarMaxWidth = "64" }),
		}
		if hasRef && axisUnit(ref.Metric.Unit) == unit {
			options = append(options, referenceLine(r, ref, refScale(ref, drawn), horizontal))
		}
		c.AddSeries(axisName, nil, options...)
		c.MultiSeries[len(c.MultiSeries)-1].Data = points
		grid := panelGrid(i, n, horizontal)
		if horizontal {
			c.YAxisList = append(c.YAxisList, opts.YAxis{Type: "category", Data: category, AxisLabel: label, Inverse: opts.Bool(true), GridIndex: i})
			c.XAxisList = append(c.XAxisList, opts.XAxis{Type: kind, Name: axisName, NameLocation: "end", Min: min, GridIndex: i})
			dr.yAxisTicks = append(dr.yAxisTicks, &opts.AxisTick{Show: opts.Bool(false)})
		} else {
			c.XAxisList = append(c.XAxisList, opts.XAxis{Type: "category", Data: category, AxisLabel: label, AxisTick: &opts.AxisTick{Show: opts.Bool(false)}, GridIndex: i})
			c.YAxisList = append(c.YAxisList, opts.YAxis{Type: kind, Name: axisName, NameLocation: "end", Min: min, GridIndex: i})
		}
		c.GridList = append(c.GridList, grid)
	}
	// each panel's category names its figures: no legend
	charts.WithLegendOpts(opts.Legend{Show: opts.Bool(false)})(dr.chart)
	return dr
}

// panelGrid is the grid of panel i of n: a band of the height between the
// title and the source line (horizontal bars, stacked), or of the width
// (vertical bars, side by side), with a gap between panels for the value
// axis of the one before. The outer edges keep a single grid's room for
// the title, the source line and the labels; the bands are shares of the
// box in percent, about equal in a 400 px card.
func panelGrid(i, n int, horizontal bool) opts.Grid {
	pct := func(v float64) string { return fmt.Sprintf("%.0f%%", v) }
	from, to, gap := 0.0, 100.0, 4.0
	if horizontal {
		from, to, gap = 23, 87, 10 // 92 px and 52 px of a 400 px card
	}
	share := (to - from) / float64(n)
	start, end := from+float64(i)*share+gap/2, from+float64(i+1)*share-gap/2
	if horizontal {
		g := opts.Grid{Left: fmt.Sprint(hbarLabelWidth + 28), Right: "96", Top: "92", Bottom: "52"}
		if i > 0 {
			g.Top = pct(start)
		}
		if i < n-1 {
			g.Bottom = pct(100 - end)
		}
		return g
	}
	g := opts.Grid{Left: "20", Right: "48", Top: "92", Bottom: "40", ContainLabel: opts.Bool(true)}
	if i > 0 {
		g.Left = pct(start)
	}
	if i < n-1 {
		g.Right = pct(100 - end)
	}
	return g
}
