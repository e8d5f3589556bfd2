package charts

import (
	"fmt"
	"math"
	"slices"
	"sort"
	"strings"

	"ecomdash/charts/state"
	"ecomdash/models"
)

// cell is one value of a state's chart: a region's metric in a period, as
// drawn (a derived value where the state asks for one).
type cell struct {
	region models.Region
	metric models.Metric
	period string
	obs    models.Observation
	ok     bool
	value  float64
	unit   string
	// derivation says how a derived value was computed; "" for a figure.
	derivation string
}

// series is one line, or one set of bars, of a state's chart.
type series struct {
	name  string
	unit  string
	cells []cell
}

// layoutState lays out the figures of r as st says: which dimension runs
// along the category axis, which make the series, the value axes (one per
// unit, at most two), and the options. It returns the drawing and the units
// of the values drawn.
func layoutState(st state.State, r *resolved, d *Data) (drawing, []string, error) {
	get := func(reg models.Region, m models.Metric, period string) cell {
		c := cell{region: reg, metric: m, period: period, unit: m.Unit}
		if o, ok := d.Get(reg.Code, m.Code, period); ok {
			c.obs, c.ok, c.value = o, true, o.Value
		}
		return c
	}
	switch st.Type {
	case state.TypeGauge:
		return layoutGauge(r, get)
	case state.TypePie:
		return layoutPie(st, r, get)
	}
	// Periods run along the axis of a line chart, and of bars for one
	// region over several periods; otherwise the regions do.
	periodsAlong := st.Type == state.TypeLine || (len(r.periods) > 1 && len(r.regions) == 1)
	var categories []string
	var all []series
	if periodsAlong {
		for _, p := range r.periods {
			categories = append(categories, models.PeriodLabel(p))
		}
		for _, reg := range r.regions {
			for _, m := range r.metrics {
				s := series{name: seriesName(r, reg, m, ""), unit: m.Unit}
				for _, p := range r.periods {
					s.cells = append(s.cells, get(reg, m, p))
				}
				all = append(all, s)
			}
		}
	} else {
		for _, reg := range r.regions {
			categories = append(categories, reg.NameZH)
		}
		for _, m := range r.metrics {
			for _, p := range r.periods {
				s := series{name: seriesName(r, models.Region{}, m, p), unit: m.Unit}
				for _, reg := range r.regions {
					s.cells = append(s.cells, get(reg, m, p))
				}
				all = append(all, s)
			}
		}
	}
	if len(all) == 0 || len(categories) == 0 {
		return emptyDrawing(), nil, nil
	}
	if err := derive(st, r, d, all, periodsAlong); err != nil {
		return drawing{}, nil, err
	}
	if st.Sort != state.SortNone && !periodsAlong {
		order := make([]int, len(categories))
		for i := range order {
			order[i] = i
		}
		first := all[0].cells
		sort.SliceStable(order, func(a, b int) bool {
			x, y := first[order[a]], first[order[b]]
			if !x.ok || !y.ok {
				return x.ok && !y.ok // missing figures last
			}
			if st.Sort == state.SortAsc {
				return x.value < y.value
			}
			return x.value > y.value
		})
		categories = permute(categories, order)
		for i := range all {
			all[i].cells = permute(all[i].cells, order)
		}
	}
	for j := range categories { // a category with no figure at all says so on the axis
		missing := true
		for _, s := range all {
			missing = missing && !s.cells[j].ok
		}
		if missing {
			categories[j] += "\n暂无数据"
		}
	}
	var units []string
	for _, s := range all {
		if !slices.Contains(units, s.unit) {
			units = append(units, s.unit)
		}
	}
	if len(units) > 2 {
		return drawing{}, nil, &state.Error{Key: "metrics", Message: fmt.Sprintf("这些指标有 %d 种单位，一张图最多两种（两条数值轴）(at most two units on one chart)", len(units))}
	}
	return cartesian(st, categories, all, units, d), units, nil
}

// seriesName names a series by what varies among the series.
func seriesName(r *resolved, reg models.Region, m models.Metric, period string) string {
	var parts []string
	if reg.Code != "" && len(r.regions) > 1 {
		parts = append(parts, reg.NameZH)
	}
	if len(r.metrics) > 1 || len(parts) == 0 {
		parts = append(parts, m.NameZH)
	}
	if period != "" && len(r.periods) > 1 {
		parts = append(parts, models.PeriodLabel(period))
	}
	return strings.Join(parts, " · ")
}

func permute[T any](xs []T, order []int) []T {
	out := make([]T, len(xs))
	for i, j := range order {
		out[i] = xs[j]
	}
	return out
}

// derive replaces the figures of each series by the derived values st asks
// for: year-on-year growth from consecutive periods (periods along the axis),
// the share of the parent region, or the rank among the regions shown.
func derive(st state.State, r *resolved, d *Data, all []series, periodsAlong bool) error {
	switch st.Derive {
	case state.DeriveNone:
		return nil
	case state.DeriveYoY:
		if !periodsAlong {
			return &state.Error{Key: "derive", Message: "同比增长要把时期排在横轴上：用折线图，或一个地区的多个时期 (growth needs the periods along the axis)"}
		}
		for i := range all {
			prev := cell{}
			for j, c := range all[i].cells {
				all[i].cells[j] = derivedCell(c, "%", 0, false, "")
				if c.ok && prev.ok && prev.value != 0 {
					v := (c.value/prev.value - 1) * 100
					all[i].cells[j] = derivedCell(c, "%", round(v, 2), true,
						fmt.Sprintf("由%s %s与%s %s推算：(%s ÷ %s − 1) × 100%%", models.PeriodLabel(c.period), DisplayValue(c.obs),
							models.PeriodLabel(prev.period), DisplayValue(prev.obs), models.FormatValue(c.value), models.FormatValue(prev.value)))
				}
				prev = c
			}
			all[i].unit = "%"
		}
	case state.DeriveShare:
		for i := range all {
			for j, c := range all[i].cells {
				all[i].cells[j] = derivedCell(c, "%", 0, false, "")
				if !c.ok || c.region.ParentCode == nil {
					continue
				}
				parent, ok := d.Annotation(*c.region.ParentCode, c.metric.Code, c.period)
				if !ok || parent.Value == 0 {
					continue
				}
				all[i].cells[j] = derivedCell(c, "%", round(c.value/parent.Value*100, 2), true,
					fmt.Sprintf("%s占%s的比重：%s ÷ %s × 100%%", c.region.NameZH, parent.Region.NameZH, models.FormatValue(c.value), models.FormatValue(parent.Value)))
			}
			all[i].unit = "%"
		}
	case state.DeriveRank:
		for i := range all {
			var values []float64
			for _, c := range all[i].cells {
				if c.ok {
					values = append(values, c.value)
				}
			}
			for j, c := range all[i].cells {
				all[i].cells[j] = derivedCell(c, "位", 0, false, "")
				if !c.ok {
					continue
				}
				rank := 1
				for _, v := range values {
					if v > c.value {
						rank++
					}
				}
				all[i].cells[j] = derivedCell(c, "位", float64(rank), true,
					fmt.Sprintf("在图中 %d 个有数据的地区里按%s从高到低的名次", len(values), c.metric.NameZH))
			}
			all[i].unit = "位"
		}
	}
	return nil
}

// derivedCell is c drawn as a derived value v in unit (missing unless ok).
func derivedCell(c cell, unit string, v float64, ok bool, how string) cell {
	c.unit, c.value, c.derivation = unit, v, how
	c.ok = ok && c.ok
	return c
}

func round(v float64, places int) float64 {
	p := math.Pow(10, float64(places))
	return math.Round(v*p) / p
}

// pointOfCell is the data item of a cell, labelled as st says.
func pointOfCell(c cell, name string, labels string, logScale bool) point {
	if !c.ok || (logScale && c.value <= 0) {
		p := missingPoint(name)
		if labels == state.LabelsNone {
			p.Label = map[string]any{"show": false}
		}
		return p
	}
	var p point
	if c.derivation != "" {
		p = point{Name: name, Value: c.value, Unit: c.unit, Shown: models.FormatValue(c.value) + c.unit + "（推算）",
			Period: models.PeriodLabel(c.period), Source: c.obs.Source.Title, Derived: true,
			Label:     map[string]any{"formatter": models.FormatValue(c.value) + c.unit + "\n（推算）"},
			ItemStyle: map[string]any{"borderColor": colorFocus, "borderType": "dashed", "borderWidth": 1, "opacity": 0.75}}
	} else {
		p = pointOf(c.obs, name)
	}
	switch labels {
	case state.LabelsValue:
		if c.derivation == "" {
			p.Label = map[string]any{"formatter": models.FormatValue(c.value) + c.unit}
			if c.obs.Derived {
				p.Label["formatter"] = models.FormatValue(c.value) + c.unit + "\n（推算）"
			}
		}
	case state.LabelsNone:
		p.Label = map[string]any{"show": false}
	}
	return p
}

// cartesian draws bars or lines over categories, one value axis per unit.
func cartesian(st state.State, categories []string, all []series, units []string, d *Data) drawing {
	horizontal := st.Type == state.TypeHBar
	logScale := st.Scale == state.ScaleLog
	kind := "bar"
	if st.Type == state.TypeLine {
		kind = "line"
	}
	var seriesOpts []any
	for i, s := range all {
		points := make([]any, len(s.cells))
		for j, c := range s.cells {
			p := pointOfCell(c, categories[j], st.Labels, logScale)
			if len(st.Focus) > 0 && c.region.Code != "" && (kind == "bar") {
				if slices.Contains(st.Focus, c.region.Code) {
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
		if kind == "bar" {
			so["barMaxWidth"] = 64
		} else {
			so["connectNulls"] = false // a missing figure is a gap, never zero
			so["symbolSize"] = 8
		}
		axis := slices.Index(units, s.unit)
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
				line := map[string]any{"name": ref.Region.NameZH + ref.Metric.NameZH, "label": map[string]any{
					"formatter": ref.Region.NameZH + ref.Metric.NameZH + " " + DisplayValue(ref), "position": "insideEndTop"}}
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
	for i, u := range units {
		a := map[string]any{"type": "value", "name": u, "nameLocation": "end"}
		if logScale {
			a["type"] = "log"
		}
		if i == 1 {
			a["splitLine"] = map[string]any{"show": false} // the second axis's grid would clash with the first's
		}
		valueAxes = append(valueAxes, a)
	}
	categoryAxis := []any{map[string]any{"type": "category", "data": categories,
		"axisLabel": map[string]any{"interval": 0, "hideOverlap": true}, "axisTick": map[string]any{"show": false}}}
	grid := map[string]any{"top": 92, "bottom": 40, "left": 20, "right": 48, "containLabel": true}
	opt := rawOption{
		"tooltip": map[string]any{"trigger": "item"},
		"legend":  map[string]any{"show": st.Legend && len(all) > 1, "top": 62, "left": 16},
		"series":  seriesOpts,
	}
	if horizontal {
		categoryAxis[0].(map[string]any)["inverse"] = true
		opt["xAxis"], opt["yAxis"] = valueAxes, categoryAxis
		grid["right"] = 96
	} else {
		opt["xAxis"], opt["yAxis"] = categoryAxis, valueAxes
	}
	if len(all) > 1 && st.Legend {
		grid["top"] = 108
	}
	opt["grid"] = grid
	return drawing{chart: rawOption{}, extra: opt}
}

// layoutPie draws one metric's figures, one slice per region (or per period
// for one region), for one period.
func layoutPie(st state.State, r *resolved, get func(models.Region, models.Metric, string) cell) (drawing, []string, error) {
	m := r.metrics[0]
	var cells []cell
	var names []string
	switch {
	case len(r.regions) > 1 && len(r.periods) > 1:
		return drawing{}, nil, &state.Error{Key: "periods", Message: "饼图只能显示一个时期的多个地区，或一个地区的多个时期 (a pie shows regions in one period, or periods of one region)"}
	case len(r.regions) > 1:
		for _, reg := range r.regions {
			if len(r.periods) == 1 {
				cells = append(cells, get(reg, m, r.periods[0]))
				names = append(names, reg.NameZH)
			}
		}
	default:
		for _, p := range r.periods {
			cells = append(cells, get(r.regions[0], m, p))
			names = append(names, models.PeriodLabel(p))
		}
	}
	if len(cells) == 0 {
		return emptyDrawing(), nil, nil
	}
	points := make([]any, len(cells))
	for i, c := range cells {
		points[i] = pointOfCell(c, names[i], st.Labels, false)
	}
	return drawing{chart: rawOption{}, extra: rawOption{
		"tooltip": map[string]any{"trigger": "item"},
		"legend":  map[string]any{"show": st.Legend, "top": 62, "left": 16},
		"series": []any{map[string]any{"type": "pie", "name": m.NameZH, "radius": []string{"0", "58%"}, "center": []string{"50%", "58%"},
			"data": points, "label": map[string]any{"show": st.Labels != state.LabelsNone}}},
	}}, []string{m.Unit}, nil
}

// layoutGauge draws one region's one metric, in its latest period shown.
func layoutGauge(r *resolved, get func(models.Region, models.Metric, string) cell) (drawing, []string, error) {
	if len(r.periods) == 0 {
		return drawGauge(r.metrics[0].NameZH, models.Observation{}, false), nil, nil
	}
	c := get(r.regions[0], r.metrics[0], r.periods[len(r.periods)-1])
	return drawGauge(r.regions[0].NameZH+r.metrics[0].NameZH, c.obs, c.ok), nil, nil
}

// emptyDrawing is a chart with nothing to draw: Build adds the 暂无数据 note.
func emptyDrawing() drawing {
	return drawing{chart: rawOption{}, extra: rawOption{"series": []any{}}}
}
