package charts

import (
	"slices"

	"ecomdash/charts/state"
)

// cartesian draws bars or lines over categories, one value axis per unit.
func cartesian(st state.State, r *resolved, categories []string, all []series, axes []string, d *Data) drawing {
	horizontal := st.Type == state.TypeHBar
	logScale := st.Axis == state.AxisLog
	kind := "bar"
	if st.Type == state.TypeLine {
		kind = "line"
	}
	// With several series, a focus that names whole series (a period, a
	// metric) colours them: focus blue, the rest grey.
	seriesFocus := false
	if len(st.Focus) > 0 && len(all) > 1 {
		for _, s := range all {
			seriesFocus = seriesFocus || allFocused(st, s)
		}
	}
	var seriesOpts []any
	for i, s := range all {
		points := make([]any, len(s.cells))
		for j, c := range s.cells {
			p := pointOfCell(c, categories[j], st.Labels, logScale)
			if note := annotation(st, r, d, c); note != "" && st.Labels != state.LabelsNone {
				if p.Label == nil {
					p.Label = map[string]any{}
				}
				shown, _ := p.Label["formatter"].(string)
				if shown == "" {
					shown = p.Shown
				}
				p.Label["formatter"] = shown + "\n" + note
			}
			if len(st.Focus) > 0 && !seriesFocus && c.region.Code != "" && (kind == "bar") {
				if focused(st, c) {
					if len(all) == 1 && c.derivation == "" {
						p.ItemStyle = map[string]any{"color": colorFocus}
					}
				} else if len(all) == 1 {
					p.ItemStyle = map[string]any{"color": colorCompare}
				} else {
					p.ItemStyle = map[string]any{"opacity": 0.45}
				}
			}
			points[j] = p
		}
		so := map[string]any{
			"name": s.name, "type": kind, "data": points,
			"label": map[string]any{"show": st.Labels != state.LabelsNone, "position": labelPosition(horizontal)},
		}
		if seriesFocus {
			color := colorCompare
			if allFocused(st, s) {
				color = colorFocus
			}
			so["itemStyle"] = map[string]any{"color": color}
		}
		if kind == "bar" {
			so["barMaxWidth"] = 64
		} else {
			so["connectNulls"] = false // a missing figure is a gap, never zero
			so["symbolSize"] = 8
		}
		axis := slices.Index(axes, axisUnit(s.unit))
		if horizontal {
			so["xAxisIndex"] = axis
		} else {
			so["yAxisIndex"] = axis
		}
		if st.Stack {
			so["stack"] = "stack-" + s.unit
		}
		if i == 0 && st.Ref != nil {
			if ref, ok := d.Annotation(st.Ref.Region, st.Ref.Metric, st.Ref.Period); ok {
				name := ref.Region.NameZH + ref.Metric.NameZH
				if len(r.regions) == 1 && r.regions[0].Code == ref.RegionCode {
					name = ref.Metric.NameZH // the chart's own region goes without saying
				}
				line := map[string]any{"name": name, "label": map[string]any{
					"formatter": name + " " + DisplayValue(ref), "position": "insideEndTop"}}
				if horizontal {
					line["xAxis"] = ref.Value
				} else {
					line["yAxis"] = ref.Value
				}
				so["markLine"] = map[string]any{"symbol": "none", "silent": true, "data": []any{line},
					"lineStyle": map[string]any{"type": "dashed", "color": colorCompare}}
			}
		}
		seriesOpts = append(seriesOpts, so)
	}
	var valueAxes []any
	for i, u := range axes {
		a := map[string]any{"type": "value", "name": axisName(u, all), "nameLocation": "end"}
		if logScale {
			a["type"], a["name"] = "log", axisName(u, all)+"（对数）"
			a["min"] = 1 // start at 1 so a small figure still shows as a bar
		}
		if i == 1 {
			a["splitLine"] = map[string]any{"show": false} // the second axis's grid would clash with the first's
		}
		valueAxes = append(valueAxes, a)
	}
	// Category labels wrap at a fixed width rather than being measured, so
	// a long name never runs off the chart's edge, whatever font measured it.
	labelWidth := 96
	if horizontal {
		labelWidth = 132
	}
	categoryAxis := []any{map[string]any{"type": "category", "data": categories,
		"axisLabel": map[string]any{"interval": 0, "hideOverlap": true, "width": labelWidth, "overflow": "break"}, "axisTick": map[string]any{"show": false}}}
	grid := map[string]any{"top": 92, "bottom": 40, "left": 20, "right": 48, "containLabel": true}
	opt := rawOption{
		"tooltip": map[string]any{"trigger": "item"},
		"legend":  map[string]any{"show": st.Legend && len(all) > 1, "top": 62, "left": 16},
		"series":  seriesOpts,
	}
	if horizontal {
		categoryAxis[0].(map[string]any)["inverse"] = true
		opt["xAxis"], opt["yAxis"] = valueAxes, categoryAxis
		// the category labels get a fixed column (containLabel measures
		// wrapped labels short in browsers and cuts their first characters)
		grid["right"], grid["left"], grid["bottom"], grid["containLabel"] = 96, labelWidth+28, 52, false
		if len(axes) > 1 {
			grid["bottom"] = 72 // the second value axis's labels below the first's
		}
	} else {
		opt["xAxis"], opt["yAxis"] = categoryAxis, valueAxes
	}
	if len(all) > 1 && st.Legend {
		grid["top"] = 108
	}
	opt["grid"] = grid
	return drawing{chart: rawOption{}, extra: opt}
}

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
