package charts

import (
	"slices"
	"strconv"

	"github.com/go-echarts/go-echarts/v2/charts"
	"github.com/go-echarts/go-echarts/v2/opts"

	"ecomdash/charts/state"
	"ecomdash/models"
)

// cartesian draws bars or lines over categories, one value axis per unit:
// a go-echarts Bar (horizontal bars with its axes reversed) or Line. Ranks
// are dots on their own axis (rank.go), targets outlined (target.go); with
// overlap, the series' bars share one slot per category (targets and
// outcomes split apart, never both in one category).
func cartesian(st state.State, r *resolved, categories []string, all []series, axes []string, d *Data, overlap bool) drawing {
	horizontal := st.Type == state.TypeHBar
	logScale := st.Axis == state.AxisLog
	bar := st.Type != state.TypeLine
	var dr drawing
	var add func(name string, options ...charts.SeriesOpts) *charts.SingleSeries
	if bar {
		c := charts.NewBar()
		c.SetXAxis(axisCategories(categories, horizontal))
		if horizontal {
			c.XYReversal() // the categories on the y axis, the values on x
		}
		dr = drawing{chart: &c.BaseConfiguration, validate: c.Validate}
		add = func(name string, options ...charts.SeriesOpts) *charts.SingleSeries {
			c.AddSeries(name, nil, options...)
			return &c.MultiSeries[len(c.MultiSeries)-1]
		}
	} else {
		c := charts.NewLine()
		c.SetXAxis(axisCategories(categories, false))
		dr = drawing{chart: &c.BaseConfiguration, validate: c.Validate}
		add = func(name string, options ...charts.SeriesOpts) *charts.SingleSeries {
			c.AddSeries(name, nil, options...)
			return &c.MultiSeries[len(c.MultiSeries)-1]
		}
	}
	dr.series = func(s charts.SingleSeries) any { return cartesianSeriesOf(s, horizontal) }
	dr.plain = len(all) > 0 && drawnPlain(len(all)*len(all[0].cells))
	// With several series, a focus that names whole series (a period, a
	// metric) colours them: focus blue, the rest grey.
	seriesFocus := false
	if len(st.Focus) > 0 && len(all) > 1 {
		for _, s := range all {
			seriesFocus = seriesFocus || allFocused(st, s)
		}
	}
	// Ranks on a bar chart stand beside each other as bars would (a
	// pictorialBar), unless bars of quantities share the chart: then their
	// dots are drawn over the bars as a line's would be, labelled beside.
	pictorial := bar
	for _, s := range all {
		pictorial = pictorial && s.rank == all[0].rank
	}
	for i, s := range all {
		color := s.color // the series' colour: its own, the focus's or the palette's
		if color == "" {
			color = Palette[i%len(Palette)]
		}
		if seriesFocus {
			color = colorCompare
			if allFocused(st, s) {
				color = colorFocus
			}
		}
		points := make([]point, len(s.cells))
		for j, c := range s.cells {
			p := annotatedPoint(st, r, d, c, categories[j], logScale && !s.rank)
			if len(st.Focus) > 0 && !seriesFocus && c.region.Code != "" && bar {
				if focused(st, c) {
					if len(all) == 1 && c.derivation == "" {
						p.ItemStyle = &itemStyle{ItemStyle: opts.ItemStyle{Color: colorFocus}}
					}
				} else if len(all) == 1 {
					p.ItemStyle = &itemStyle{ItemStyle: opts.ItemStyle{Color: colorCompare}}
				} else {
					p.ItemStyle = &itemStyle{ItemStyle: opts.ItemStyle{Opacity: opts.Float(0.45)}}
				}
			}
			if isTargetCell(c) && !s.rank {
				pointColor := color
				if p.ItemStyle != nil && p.ItemStyle.Color != "" {
					pointColor = p.ItemStyle.Color
				}
				style := targetStyle(pointColor)
				if p.ItemStyle != nil {
					style.Opacity = p.ItemStyle.Opacity
				}
				p.ItemStyle = style
			}
			if s.rank {
				p = rankPoint(p, c, st.Labels)
			}
			points[j] = p
		}
		position := labelPosition(horizontal)
		if s.rank && (!pictorial || horizontal) {
			position = "right"
		} else if s.rank {
			position = "bottom" // under the dot: 第1位 is at the top
		}
		options := []charts.SeriesOpts{
			charts.WithLabelOpts(opts.Label{Show: opts.Bool(st.Labels != state.LabelsNone), Position: position}),
		}
		switch {
		case s.target && !s.rank:
			style := targetStyle(color)
			options = append(options, charts.WithItemStyleOpts(style.ItemStyle))
		case seriesFocus || s.color != "":
			options = append(options, charts.WithItemStyleOpts(opts.ItemStyle{Color: color}))
		}
		axis := slices.Index(axes, seriesAxis(s))
		stack := ""
		if st.Stack {
			stack = "stack-" + s.unit
		}
		switch {
		case s.rank && pictorial: // dots beside each other, as bars would be
			// dots closer than their labels (on a phone) keep the first's; the tooltip has each
			options = append(options, charts.WithLabelLayoutOpts(opts.LabelLayout{HideOverlap: opts.Bool(true)}))
			options = append(options, charts.WithSeriesOpts(func(ss *charts.SingleSeries) {
				ss.Symbol, ss.SymbolSize, ss.BarGap = "circle", rankSymbolSize, "30%" // a pictorialBar's default gap is -100%: on top of each other
				if horizontal {
					ss.XAxisIndex = axis
				} else {
					ss.YAxisIndex = axis
				}
			}))
		case s.rank:
			line := opts.LineChart{YAxisIndex: axis, ConnectNulls: opts.Bool(false), Symbol: "circle", SymbolSize: rankSymbolSize}
			if horizontal {
				line.YAxisIndex, line.XAxisIndex = 0, axis
			}
			options = append(options, charts.WithLineChartOpts(line))
			if bar || hasBound(s) { // dots alone: a line would read as a trend through places never given
				options = append(options, charts.WithLineStyleOpts(opts.LineStyle{Opacity: opts.Float(0)}))
			}
		case horizontal:
			options = append(options, charts.WithBarChartOpts(opts.BarChart{XAxisIndex: axis, Stack: stack}))
		case bar:
			options = append(options, charts.WithBarChartOpts(opts.BarChart{YAxisIndex: axis, Stack: stack}))
		default:
			line := opts.LineChart{YAxisIndex: axis, Stack: stack,
				ConnectNulls: opts.Bool(false), // a missing figure is a gap, never zero
				SymbolSize:   8}
			if dr.plain {
				line.ShowSymbol = opts.Bool(false)
			}
			options = append(options, charts.WithLineChartOpts(line))
		}
		if bar && !s.rank {
			options = append(options, charts.WithSeriesOpts(func(s *charts.SingleSeries) {
				s.BarMaxWidth = "64"
				if overlap {
					s.BarGap = "-100%"
				}
			}))
		}
		if i == 0 && st.Ref != nil {
			if ref, ok := d.Annotation(st.Ref.Region, st.Ref.Metric, st.Ref.Period); ok {
				options = append(options, referenceLine(r, ref, refScale(ref, s), horizontal))
			}
		}
		added := add(s.name, options...)
		added.Data = points
		if s.rank {
			if pictorial {
				added.Type = pictorialRank
			} else {
				added.Type = "line"
			}
			if whiskers := rankWhiskers(s, horizontal, color); len(whiskers) > 0 {
				if added.MarkLines == nil {
					added.MarkLines = &opts.MarkLines{MarkLineStyle: opts.MarkLineStyle{Symbol: []string{"none", "none"}}}
				}
				added.MarkLines.Data = append(added.MarkLines.Data, whiskers...)
			}
		}
	}
	var xs []opts.XAxis // the value axes of horizontal bars
	var ys []opts.YAxis // the value axes of vertical bars and lines
	for i, u := range axes {
		kind, name := "value", axisName(u, all)
		var min any
		if logScale && u != rankAxis {
			kind, name = "log", name+"（对数）"
			min = 1 // start at 1 so a small figure still shows as a bar
		}
		var split *opts.SplitLine
		if i == 1 {
			split = &opts.SplitLine{Show: opts.Bool(false)} // the second axis's grid would clash with the first's
		}
		switch {
		case u == rankAxis && horizontal:
			xs = append(xs, rankXAxis(all, split))
		case u == rankAxis:
			ys = append(ys, rankYAxis(all, split))
		case horizontal:
			xs = append(xs, opts.XAxis{Type: kind, Name: name, NameLocation: "end", Min: min, SplitLine: split})
		default:
			ys = append(ys, opts.YAxis{Type: kind, Name: name, NameLocation: "end", Min: min, SplitLine: split})
		}
	}
	labelWidth := axisLabelWidth(horizontal)
	label := &opts.AxisLabel{Interval: "0", HideOverlap: opts.Bool(true), Width: labelWidth + labelSlack, Overflow: "break"}
	noTicks := &opts.AxisTick{Show: opts.Bool(false)}
	grid := opts.Grid{Top: "92", Bottom: "40", Left: "20", Right: "48", ContainLabel: opts.Bool(true)}
	if horizontal {
		charts.WithYAxisOpts(opts.YAxis{Type: "category", AxisLabel: label, Inverse: opts.Bool(true)})(dr.chart)
		dr.yAxisTicks = []*opts.AxisTick{noTicks}
		charts.WithXAxisOpts(xs[0])(dr.chart)
		dr.chart.ExtendXAxis(xs[1:]...)
		// the category labels get a fixed column (containLabel measures
		// wrapped labels short in browsers and cuts their first characters)
		grid.Right, grid.Left, grid.Bottom, grid.ContainLabel = "96", strconv.Itoa(labelWidth+28), "52", opts.Bool(false)
		if len(axes) > 1 {
			grid.Bottom = "72" // the second value axis's labels below the first's
		}
	} else {
		charts.WithXAxisOpts(opts.XAxis{Type: "category", AxisLabel: label, AxisTick: noTicks})(dr.chart)
		charts.WithYAxisOpts(ys[0])(dr.chart)
		dr.chart.ExtendYAxis(ys[1:]...)
	}
	// a legend tells series apart, and says 目标 where the categories do not
	showLegend := st.Legend && (len(all) > 1 || !targetsNamed(all, categories))
	if showLegend {
		grid.Top = "108"
	}
	legend := opts.Legend{Show: opts.Bool(showLegend), Top: "62", Left: "16"}
	if len(all) > scrollLegendAbove {
		legend.Type, legend.Right = "scroll", "16" // one row that pages, never rows over the plot
	}
	charts.WithLegendOpts(legend)(dr.chart)
	charts.WithGridOpts(grid)(dr.chart)
	return dr
}

// scrollLegendAbove is the most series whose legend entries are laid out in
// full: more wrap to rows the grid does not leave room for, so their legend
// is one row that pages instead.
const scrollLegendAbove = 6

// referenceLine is the dashed line at the state's reference figure ref,
// drawn in the scale of its value axis, labelled with its name and value.
func referenceLine(r *resolved, ref models.Observation, scale models.Scale, horizontal bool) charts.SeriesOpts {
	name := ref.Region.NameZH + ref.Metric.NameZH
	if len(r.regions) == 1 && r.regions[0].Code == ref.RegionCode {
		name = ref.Metric.NameZH // the chart's own region goes without saying
	}
	label := &opts.Label{Formatter: name + " " + DisplayValue(ref), Position: "insideEndTop"}
	at := scale.Apply(ref.Value)
	var line any = refLineY{MarkLineNameYAxisItem: opts.MarkLineNameYAxisItem{Name: name, YAxis: at}, Label: label}
	if horizontal {
		line = refLineX{MarkLineNameXAxisItem: opts.MarkLineNameXAxisItem{Name: name, XAxis: at}, Label: label}
	}
	return charts.WithSeriesOpts(func(s *charts.SingleSeries) {
		s.MarkLines = &opts.MarkLines{Data: []any{line}, MarkLineStyle: opts.MarkLineStyle{
			Symbol:    []string{"none", "none"},
			LineStyle: &opts.LineStyle{Type: "dashed", Color: colorCompare},
		}}
	})
}

// cartesianSeries is go-echarts' bar or line series as the option writes
// it: its value axis named even when it is the first (go-echarts leaves out
// an index of 0), its maximum bar width as a number (go-echarts has a
// string) and its reference lines written by refLines.
type cartesianSeries struct {
	charts.SingleSeries
	XAxisIndex  *int      `json:"xAxisIndex,omitempty"`
	YAxisIndex  *int      `json:"yAxisIndex,omitempty"`
	BarMaxWidth numeric   `json:"barMaxWidth,omitempty"`
	MarkLine    *refLines `json:"markLine,omitempty"`
	// SymbolPosition and SymbolOffset put a rank's dot (a pictorialBar's
	// symbol) with its centre on the rank, not inside the bar's end; Z
	// draws a rank's dots over bars.
	SymbolPosition string `json:"symbolPosition,omitempty"`
	SymbolOffset   []any  `json:"symbolOffset,omitempty"`
	Z              int    `json:"z,omitempty"`
}

// cartesianSeriesOf wraps s for writing; the values of horizontal bars are
// on an x axis, any other's on a y axis.
func cartesianSeriesOf(s charts.SingleSeries, horizontal bool) cartesianSeries {
	out := cartesianSeries{SingleSeries: s, BarMaxWidth: numeric(s.BarMaxWidth)}
	if s.Type == pictorialRank {
		out.SymbolPosition, out.SymbolOffset = "end", []any{0, "50%"}
		if horizontal {
			out.SymbolOffset = []any{"50%", 0}
		}
	}
	if horizontal {
		out.XAxisIndex = &s.XAxisIndex
	} else {
		out.YAxisIndex = &s.YAxisIndex
	}
	if s.Type == "line" && s.Symbol != "" { // a rank's (no other line names its symbol)
		out.Z = 3 // its dots over the bars they share the chart with
	}
	if s.MarkLines != nil {
		out.MarkLine = &refLines{MarkLines: s.MarkLines, Symbol: s.MarkLines.Symbol, Silent: true}
		if len(s.MarkLines.Symbol) == 2 && s.MarkLines.Symbol[0] == s.MarkLines.Symbol[1] {
			out.MarkLine.Symbol = s.MarkLines.Symbol[0] // one symbol for both ends
		}
	}
	return out
}

// refLines are go-echarts' mark lines, silent (they do not react to the
// pointer; go-echarts has no field for it), with the symbol of both ends
// written once when it is the same (go-echarts writes a list).
type refLines struct {
	*opts.MarkLines
	Symbol any  `json:"symbol,omitempty"`
	Silent bool `json:"silent"`
}

// refLineY and refLineX are a reference line's data item, across the y or
// the x axis: go-echarts' items with a label, which they have no field for.
type (
	refLineY struct {
		opts.MarkLineNameYAxisItem
		Label *opts.Label `json:"label,omitempty"`
	}
	refLineX struct {
		opts.MarkLineNameXAxisItem
		Label *opts.Label `json:"label,omitempty"`
	}
)

// focused reports whether the state's focus names the cell's region, metric or period.
func focused(st state.State, c cell) bool {
	return slices.Contains(st.Focus, c.region.Code) || slices.Contains(st.Focus, c.metric.Code) || slices.Contains(st.Focus, c.period)
}

// allFocused reports whether the focus names every cell of s.
func allFocused(st state.State, s series) bool {
	for _, c := range s.cells {
		if !focused(st, c) {
			return false
		}
	}
	return len(s.cells) > 0
}

// labelPosition is where a bar's value label goes.
func labelPosition(horizontal bool) string {
	if horizontal {
		return "right"
	}
	return "top"
}
