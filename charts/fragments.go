package charts

import (
	"encoding/json"

	"github.com/go-echarts/go-echarts/v2/charts"
	"github.com/go-echarts/go-echarts/v2/opts"
	"github.com/go-echarts/go-echarts/v2/types"

	"ecomdash/charts/theme"
)

// This file holds the parts of an option go-echarts (v2.6.7) has no type or
// field for, or cannot write as the option has them. Each part wraps the
// go-echarts value it extends: a field of a wrapper hides the embedded
// go-echarts field of the same JSON name, so only the keys named in the
// wrapper's comment are ours. The layouts' own extensions are beside them
// (cartesianSeries, refLines, refLineY and refLineX in layout_cartesian.go,
// gaugeSeries in layout_gauge.go).

// optionWriter is the ConfigurationVisitor (go-echarts' hook for writing a
// chart's JSON) that writes each part of an option through its wrapper,
// and adds the top-level keys go-echarts has no field for.
type optionWriter struct {
	charts.BaseConfigurationVisitor
	drawing drawing
	// graphic is the option's graphic elements (graphicsOf).
	graphic []any
}

// Visit adds the keys go-echarts' configuration has no field for: textStyle
// (it has the type, opts.TextStyle, but no top-level field), the animation
// duration (its AnimationDuration is a string it never writes) and the
// graphic elements (no type at all). A chart with no series has no legend,
// which go-echarts always writes.
func (w optionWriter) Visit(opt map[string]any) {
	opt["textStyle"] = opts.TextStyle{FontFamily: FontFamily}
	opt["animationDuration"] = 300
	opt["graphic"] = w.graphic
	if series, _ := opt["series"].([]any); len(series) == 0 {
		delete(opt, "legend")
	}
}

// VisitTitleOpt writes the title with its position in pixels, and its text
// and subtext even when empty (go-echarts leaves an empty one out).
func (optionWriter) VisitTitleOpt(t opts.Title) any {
	return titleJSON{Title: t, Text: t.Title, Subtext: t.Subtitle, Left: numeric(t.Left), Top: numeric(t.Top)}
}

// VisitLegendOpt writes the legend with its position in pixels.
func (optionWriter) VisitLegendOpt(l opts.Legend) any {
	return legendJSON{Legend: l, Left: numeric(l.Left), Top: numeric(l.Top)}
}

// VisitTooltipOpt writes the tooltip kept inside the chart.
func (optionWriter) VisitTooltipOpt(t opts.Tooltip) any {
	return tooltipJSON{Tooltip: t, Confine: true}
}

// VisitToolbox writes the toolbox with its position in pixels, and its two
// tools with what go-echarts has no field for: the saved image's pixel
// ratio and background (white, whatever the page's theme), a read-only
// data view.
func (optionWriter) VisitToolbox(tb opts.Toolbox) any {
	out := toolboxJSON{Toolbox: tb, Right: numeric(tb.Right), Top: numeric(tb.Top)}
	if f := tb.Feature; f != nil {
		out.Feature = &toolboxFeatures{}
		if f.SaveAsImage != nil {
			out.Feature.SaveAsImage = &saveAsImageJSON{ToolBoxFeatureSaveAsImage: *f.SaveAsImage, Name: f.SaveAsImage.Name, PixelRatio: 2, BackgroundColor: theme.Light.Background}
		}
		if f.DataView != nil {
			out.Feature.DataView = &dataViewJSON{ToolBoxFeatureDataView: *f.DataView, ReadOnly: true}
		}
	}
	return out
}

// VisitGrid writes the one grid as an object (go-echarts writes a list),
// its position in pixels.
func (optionWriter) VisitGrid(gs []opts.Grid) any {
	out := make([]gridJSON, len(gs))
	for i, g := range gs {
		out[i] = gridJSON{Grid: g, Top: numeric(g.Top), Bottom: numeric(g.Bottom), Left: numeric(g.Left), Right: numeric(g.Right)}
	}
	if len(out) == 1 {
		return out[0]
	}
	return out
}

// VisitXAxis writes the x axes' labels through axisLabelJSON.
func (optionWriter) VisitXAxis(xs []opts.XAxis) any {
	out := make([]xAxisJSON, len(xs))
	for i, a := range xs {
		out[i] = xAxisJSON{XAxis: a, AxisLabel: axisLabelOf(a.AxisLabel)}
	}
	return out
}

// VisitYAxis writes the y axes' labels through axisLabelJSON, and their
// ticks (drawing.yAxisTicks).
func (w optionWriter) VisitYAxis(ys []opts.YAxis) any {
	out := make([]yAxisJSON, len(ys))
	for i, a := range ys {
		out[i] = yAxisJSON{YAxis: a, AxisLabel: axisLabelOf(a.AxisLabel)}
		if i < len(w.drawing.yAxisTicks) {
			out[i].AxisTick = w.drawing.yAxisTicks[i]
		}
	}
	return out
}

// VisitSeriesOpt writes each series through the drawing's series writer.
func (w optionWriter) VisitSeriesOpt(ms charts.MultiSeries) any {
	out := make([]any, len(ms))
	for i, s := range ms {
		if w.drawing.series != nil {
			out[i] = w.drawing.series(s)
		} else {
			out[i] = s
		}
	}
	return out
}

// numeric is a value go-echarts types as a string that the option writes as
// a number when it is one: positions and sizes in pixels ("16"), a label
// interval ("0"), a bar's maximum width ("64"). Anything else ("center",
// "58%") stays a string.
type numeric string

// MarshalJSON writes n as a number when it is a whole number of digits.
func (n numeric) MarshalJSON() ([]byte, error) {
	if n == "" {
		return json.Marshal("")
	}
	for _, r := range n {
		if r < '0' || r > '9' {
			return json.Marshal(string(n))
		}
	}
	return []byte(n), nil
}

// titleJSON is go-echarts' title with left and top as numbers, and text and
// subtext written even when empty (go-echarts' omit them).
type titleJSON struct {
	opts.Title
	Text    string  `json:"text"`
	Subtext string  `json:"subtext"`
	Left    numeric `json:"left,omitempty"`
	Top     numeric `json:"top,omitempty"`
}

// legendJSON is go-echarts' legend with left and top as numbers.
type legendJSON struct {
	opts.Legend
	Left numeric `json:"left,omitempty"`
	Top  numeric `json:"top,omitempty"`
}

// tooltipJSON is go-echarts' tooltip with confine, which it has no field
// for: a tooltip stays inside the chart, even in a narrow embed.
type tooltipJSON struct {
	opts.Tooltip
	Confine bool `json:"confine"`
}

// toolboxJSON is go-echarts' toolbox with right and top as numbers, and its
// tools written by toolboxFeatures: go-echarts' ToolBoxFeature writes
// itself (MarshalJSON), so nothing can be added to the tools inside it.
type toolboxJSON struct {
	opts.Toolbox
	Right   numeric          `json:"right,omitempty"`
	Top     numeric          `json:"top,omitempty"`
	Feature *toolboxFeatures `json:"feature,omitempty"`
}

// toolboxFeatures are the two tools every chart has.
type toolboxFeatures struct {
	SaveAsImage *saveAsImageJSON `json:"saveAsImage,omitempty"`
	DataView    *dataViewJSON    `json:"dataView,omitempty"`
}

// saveAsImageJSON is go-echarts' save-as-image tool with a pixel ratio and
// a background colour, which it has no field for, and the file name
// written even when empty.
type saveAsImageJSON struct {
	opts.ToolBoxFeatureSaveAsImage
	Name            string `json:"name"`
	PixelRatio      int    `json:"pixelRatio"`
	BackgroundColor string `json:"backgroundColor"`
}

// dataViewJSON is go-echarts' data view tool with readOnly, which it has no
// field for, and without the empty backgroundColor go-echarts always
// writes (which would make the view transparent).
type dataViewJSON struct {
	opts.ToolBoxFeatureDataView
	ReadOnly        bool   `json:"readOnly"`
	BackgroundColor string `json:"backgroundColor,omitempty"`
}

// gridJSON is go-echarts' grid with its position as numbers.
type gridJSON struct {
	opts.Grid
	Top    numeric `json:"top,omitempty"`
	Bottom numeric `json:"bottom,omitempty"`
	Left   numeric `json:"left,omitempty"`
	Right  numeric `json:"right,omitempty"`
}

// xAxisJSON is go-echarts' x axis with its labels written by axisLabelJSON.
type xAxisJSON struct {
	opts.XAxis
	AxisLabel *axisLabelJSON `json:"axisLabel,omitempty"`
}

// yAxisJSON is go-echarts' y axis with its labels written by axisLabelJSON,
// and its ticks, which go-echarts' YAxis has no field for (its XAxis has).
type yAxisJSON struct {
	opts.YAxis
	AxisLabel *axisLabelJSON `json:"axisLabel,omitempty"`
	AxisTick  *opts.AxisTick `json:"axisTick,omitempty"`
}

// axisLabelJSON is go-echarts' axis label with the interval as a number
// ("0": every label), with a distance from the axis line (a gauge's
// labels), which go-echarts has no field for, and without the
// showMinLabel and showMaxLabel go-echarts writes as null when unset.
type axisLabelJSON struct {
	*opts.AxisLabel
	Interval     numeric    `json:"interval,omitempty"`
	Distance     int        `json:"distance,omitempty"`
	ShowMinLabel types.Bool `json:"showMinLabel,omitempty"`
	ShowMaxLabel types.Bool `json:"showMaxLabel,omitempty"`
}

// axisLabelOf wraps l for writing; nil stays nil.
func axisLabelOf(l *opts.AxisLabel) *axisLabelJSON {
	if l == nil {
		return nil
	}
	return &axisLabelJSON{AxisLabel: l, Interval: numeric(l.Interval), ShowMinLabel: l.ShowMinLabel, ShowMaxLabel: l.ShowMaxLabel}
}

// itemStyle is go-echarts' item style with a border type (dashed, around a
// derived value), which it has no field for.
type itemStyle struct {
	opts.ItemStyle
	BorderType string `json:"borderType,omitempty"`
}
