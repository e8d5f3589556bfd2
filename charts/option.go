package charts

import (
	"encoding/json"
	"fmt"

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

// echartsChart is what go-echarts' chart types have in common.
type echartsChart interface {
	Validate()
	JSON() map[string]interface{}
}

// drawing is what a layout returns: a go-echarts chart, and option parts
// go-echarts has no type for, deep-merged over its JSON.
type drawing struct {
	chart echartsChart
	extra map[string]any
}

// point is one data item. ECharts keeps unknown fields of a data item and
// hands them to the tooltip formatter as params.data, which is how the
// tooltip shows the figure as the document stated it, and its source.
type point struct {
	Name    string `json:"name,omitempty"`
	Value   any    `json:"value"`
	Unit    string `json:"unit,omitempty"`
	Shown   string `json:"shown,omitempty"`
	Period  string `json:"period,omitempty"`
	Source  string `json:"source,omitempty"`
	Derived bool   `json:"derived,omitempty"`
	// Target marks a plan's target: the tooltip says it is not an outcome.
	Target    bool           `json:"target,omitempty"`
	Label     map[string]any `json:"label,omitempty"`
	ItemStyle map[string]any `json:"itemStyle,omitempty"`
}

// pointOf makes a data item of o named name, labelled with its display value.
func pointOf(o models.Observation, name string) point {
	p := point{
		Name:   name,
		Value:  o.Value,
		Unit:   o.Metric.Unit,
		Shown:  DisplayValue(o),
		Period: models.PeriodLabel(o.Period),
		Source: o.Source.DisplayTitle(),
		Label:  map[string]any{"formatter": DisplayValue(o)},
		Target: o.Metric.IsTarget(),
	}
	if o.Derived {
		p.Derived = true
		p.Label = map[string]any{"formatter": models.FormatValue(o.Value) + o.Metric.Unit + "\n（推算）"}
		p.ItemStyle = map[string]any{"color": colorDerived, "borderColor": colorFocus, "borderType": "dashed", "borderWidth": 1}
	}
	return p
}

// missingPoint stands where a figure is not in the database.
func missingPoint(name string) point {
	return point{Name: name, Value: nil, Shown: "暂无数据"}
}

// finish turns a drawing into the complete option: the go-echarts JSON, the
// drawing's extras, and what every chart carries — title and subtitle,
// 数据来源 line, palette, font, toolbox (save as image, data view) and aria.
func finish(dr drawing, c *Chart) (json.RawMessage, error) {
	dr.chart.Validate()
	raw, err := json.Marshal(dr.chart.JSON())
	if err != nil {
		return nil, fmt.Errorf("marshal go-echarts option: %w", err)
	}
	var opt map[string]any
	if err := json.Unmarshal(raw, &opt); err != nil {
		return nil, fmt.Errorf("reread go-echarts option: %w", err)
	}
	deepMerge(opt, dr.extra)

	opt["color"] = Palette
	opt["backgroundColor"] = theme.Light.Background
	opt["textStyle"] = map[string]any{"fontFamily": FontFamily}
	opt["animationDuration"] = 300
	opt["title"] = map[string]any{
		"text":    c.Spec.Title,
		"subtext": c.Subtitle,
		"left":    16,
		"top":     10,
		"textStyle": map[string]any{
			"fontSize": 17, "fontWeight": "bold", "color": theme.Light.Ink,
		},
		"subtextStyle": map[string]any{"fontSize": 12, "color": theme.Light.Muted},
	}
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
	opt["graphic"] = graphics
	opt["toolbox"] = map[string]any{
		"show": true, "right": 16, "top": 10,
		"feature": map[string]any{
			"saveAsImage": map[string]any{
				"show": true, "type": "png", "pixelRatio": 2, "backgroundColor": theme.Light.Background,
				"name": c.Spec.Title, "title": "保存为图片",
			},
			"dataView": map[string]any{
				"show": true, "readOnly": true, "title": "数据视图",
				"lang": []string{"数据视图", "关闭", "刷新"},
			},
		},
	}
	opt["aria"] = map[string]any{"enabled": true, "decal": map[string]any{"show": false}}
	if _, ok := opt["tooltip"].(map[string]any); !ok {
		opt["tooltip"] = map[string]any{}
	}
	tt := opt["tooltip"].(map[string]any)
	tt["show"] = true
	tt["confine"] = true
	if _, ok := tt["trigger"]; !ok {
		tt["trigger"] = "item"
	}
	out, err := json.Marshal(opt) // json.Marshal escapes <, > and & in strings
	if err != nil {
		return nil, fmt.Errorf("marshal option: %w", err)
	}
	return out, nil
}

// deepMerge copies src into dst: maps merge recursively, a slice of maps
// merges element by element, anything else replaces.
func deepMerge(dst, src map[string]any) {
	for k, sv := range src {
		switch s := sv.(type) {
		case map[string]any:
			if d, ok := dst[k].(map[string]any); ok {
				deepMerge(d, s)
				continue
			}
		case []any:
			if d, ok := dst[k].([]any); ok && len(d) == len(s) {
				merged := true
				for i := range s {
					sm, ok1 := s[i].(map[string]any)
					dm, ok2 := d[i].(map[string]any)
					if !ok1 || !ok2 {
						merged = false
						break
					}
					deepMerge(dm, sm)
				}
				if merged {
					continue
				}
			}
		}
		dst[k] = normalise(sv)
	}
}

// normalise round-trips typed values (such as []point) through JSON so the
// option is one tree of maps and slices.
func normalise(v any) any {
	switch v.(type) {
	case map[string]any, []any, string, float64, bool, nil:
		return v
	}
	b, err := json.Marshal(v)
	if err != nil {
		return v
	}
	var out any
	if err := json.Unmarshal(b, &out); err != nil {
		return v
	}
	return out
}
