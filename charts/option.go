package charts

import (
	"encoding/json"
	"fmt"

	"github.com/go-echarts/go-echarts/v2/charts"
	"github.com/go-echarts/go-echarts/v2/opts"

	"ecomdash/charts/theme"
	"ecomdash/models"
)

// Palette is the one explicit colour list every chart uses, in order.
// Blue marks the region a chart is about; grey marks its comparison base.
var Palette = []string{colorFocus, colorAccent, "#3a9d5d", "#c23b3b", "#7a5ca8", "#8c6d3f", "#2d9cdb", colorNoData}

// Named colours from the palette, for emphasis in drawings.
const (
	colorFocus   = "#1f5fa8" // the region or figure the chart is about
	colorCompare = "#9aa5b1" // the comparison base (province, nation)
	colorAccent  = "#d9822b" // growth rates, second scale
	colorDerived = "#c5d3e6" // derived (computed) values
	colorNoData  = "#7f8c99" // the 暂无数据 note of a chart with no figures
)

// FontFamily is the font stack of every chart and page: the shipped CJK face
// first, then common system faces of Windows, macOS and Linux desktops.
const FontFamily = `"Noto Sans SC", "Source Han Sans SC", "Microsoft YaHei", "PingFang SC", "WenQuanYi Micro Hei", sans-serif`

// drawing is a laid-out chart: a go-echarts chart (Bar, Line, Pie or
// Gauge) holding its axes and series, before finish adds what every chart
// carries.
type drawing struct {
	// chart is the go-echarts chart's configuration, which each chart type
	// embeds; validate is that chart's Validate, which puts the categories
	// on their axis.
	chart    *charts.BaseConfiguration
	validate func()
	// series writes one series with the keys go-echarts has no field for
	// (the layout's series type); nil writes it as go-echarts does.
	series func(charts.SingleSeries) any
	// yAxisTicks are the ticks of the y axes, in order: go-echarts' YAxis
	// has no field for them (its XAxis has).
	yAxisTicks []*opts.AxisTick
	// plain is set on a chart of more values than it labels (see
	// MaxLabelledValues).
	plain bool
}

// point is one data item. It is our own type, its label and item style
// go-echarts': go-echarts' BarData, LineData, PieData and GaugeData have
// none of the fields from unit to target, and leave out a missing value
// (omitempty), which the option writes as null: a gap, never a zero.
// ECharts keeps unknown fields of a data item and hands them to the
// tooltip formatter as params.data, which is how the tooltip shows the
// figure as DisplayValue writes it (shown), the document's own words where
// they differ (stated), and its source. Value is the figure in the unit of
// its value axis (see axisScales), Unit that unit.
type point struct {
	Name    string `json:"name,omitempty"`
	Value   any    `json:"value"`
	Unit    string `json:"unit,omitempty"`
	Shown   string `json:"shown,omitempty"`
	Stated  string `json:"stated,omitempty"`
	Period  string `json:"period,omitempty"`
	Source  string `json:"source,omitempty"`
	Derived bool   `json:"derived,omitempty"`
	// Target marks a plan's target: the tooltip says it is not an outcome.
	Target bool `json:"target,omitempty"`
	// Inferred says the document gave the figure only within a statement
	// covering several periods (models.Observation.InferredNote: 据“连续3年”
	// 推知); the tooltip shows it.
	Inferred string `json:"inferred,omitempty"`
	// Symbol and SymbolSize draw a rank as a dot (rank.go): filled for a
	// place, hollow for a bound.
	Symbol     string      `json:"symbol,omitempty"`
	SymbolSize int         `json:"symbolSize,omitempty"`
	Label      *opts.Label `json:"label,omitempty"`
	ItemStyle  *itemStyle  `json:"itemStyle,omitempty"`
}

// pointOf makes a data item of o named name, labelled with its display
// value (DisplayValue, labelOf).
func pointOf(o models.Observation, name string) point {
	p := point{
		Name:   name,
		Value:  o.Value,
		Unit:   o.Metric.Unit,
		Shown:  DisplayValue(o),
		Period: models.PeriodLabel(o.Period),
		Source: o.Source.DisplayTitle(),
		Label:  &opts.Label{Formatter: labelOf(o)},
		Target: o.Metric.IsTarget(),
	}
	if s := StatedValue(o); s != p.Shown {
		p.Stated = s
	}
	if o.Derived {
		p.Derived = true
		p.ItemStyle = &itemStyle{ItemStyle: opts.ItemStyle{Color: colorDerived, BorderColor: colorFocus, BorderWidth: 1}, BorderType: "dashed"}
	}
	return p
}

// missingPoint stands where a figure is not in the database.
func missingPoint(name string) point {
	return point{Name: name, Value: nil, Shown: "暂无数据"}
}

// finish completes a drawing's option with what every chart carries —
// title and subtitle, 数据来源 line, palette, background, font, toolbox
// (save as image, data view), tooltip and aria — and writes it as JSON
// (optionWriter adds what go-echarts has no field for). Only the option
// JSON is used, never go-echarts' page renderer, and json.Marshal escapes
// <, > and & in every string.
func finish(dr drawing, c *Chart) (json.RawMessage, error) {
	dr.chart.Initialization.BackgroundColor = theme.Light.Background
	for _, set := range []charts.GlobalOpts{
		charts.WithColorsOpts(Palette),
		charts.WithTitleOpts(opts.Title{
			Title: c.Spec.Title, Subtitle: c.Subtitle, Left: "16", Top: "10",
			TitleStyle:    &opts.TextStyle{FontSize: 17, FontWeight: "bold", Color: theme.Light.Ink},
			SubtitleStyle: &opts.TextStyle{FontSize: 12, Color: theme.Light.Muted},
		}),
		charts.WithTooltipOpts(opts.Tooltip{Show: opts.Bool(true), Trigger: "item"}),
		charts.WithToolboxOpts(opts.Toolbox{Show: opts.Bool(true), Right: "16", Top: "10", Feature: &opts.ToolBoxFeature{
			SaveAsImage: &opts.ToolBoxFeatureSaveAsImage{Show: opts.Bool(true), Type: "png", Name: c.Spec.Title, Title: "保存为图片"},
			DataView:    &opts.ToolBoxFeatureDataView{Show: opts.Bool(true), Title: "数据视图", Lang: []string{"数据视图", "关闭", "刷新"}},
		}}),
		charts.WithAriaOpts(&opts.Aria{Enabled: opts.Bool(true), Decal: &opts.AriaDecal{Show: opts.Bool(false)}}),
	} {
		set(dr.chart)
	}
	dr.validate()
	dr.chart.Accept(optionWriter{drawing: dr, graphic: graphicsOf(c)})
	out, err := json.Marshal(dr.chart.JSON())
	if err != nil {
		return nil, fmt.Errorf("marshal option: %w", err)
	}
	return out, nil
}

// graphicsOf lists the text elements drawn on chart c: the 数据来源 line,
// and on a chart with nothing drawn a note saying why (暂无数据, or the
// problem). go-echarts has no type for graphic elements: each is a raw
// fragment.
func graphicsOf(c *Chart) []any {
	graphics := []any{map[string]any{
		"type": "text", "id": "source-line", "left": 16, "bottom": 10, "silent": true,
		// graphic text does not inherit textStyle: it names the font itself
		"style": map[string]any{"text": c.SourceLine(), "fill": theme.Light.Muted, "fontSize": 11, "fontFamily": FontFamily, "width": 1100, "overflow": "truncate"},
	}}
	if c.Empty {
		note := "暂无数据"
		if c.Problem != "" {
			note = c.Problem
		}
		graphics = append(graphics, map[string]any{
			"type": "text", "left": "center", "top": "middle", "silent": true,
			"style": map[string]any{"text": note, "fill": colorNoData, "fontSize": 16, "fontFamily": FontFamily, "width": 600, "overflow": "break"},
		})
	}
	return graphics
}
