package charts

import (
	"ecomdash/charts/state"
	"ecomdash/models"
)

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
