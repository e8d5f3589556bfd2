package charts

import (
	"github.com/go-echarts/go-echarts/v2/charts"
	"github.com/go-echarts/go-echarts/v2/opts"

	"ecomdash/charts/state"
	"ecomdash/models"
)

// layoutPie draws one metric's figures as a go-echarts Pie, one slice per
// region (or per period for one region), for one period. go-echarts writes
// all of it.
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
	axisScales([]series{{cells: cells}}, false) // the slices' values in one unit, as a bar's would be
	points := make([]point, len(cells))
	for i, c := range cells {
		if m.IsTarget() { // each slice is a target: its name says so, its outline shows it
			names[i] = targetName(names[i])
		}
		points[i] = pointOfCell(c, names[i], st.Labels, false)
		if isTargetCell(c) {
			points[i].ItemStyle = targetStyle(Palette[i%len(Palette)])
		}
	}
	pie := charts.NewPie()
	pie.SetGlobalOptions(charts.WithLegendOpts(opts.Legend{Show: opts.Bool(st.Legend), Top: "62", Left: "16"}))
	pie.AddSeries(m.NameZH, nil,
		charts.WithPieChartOpts(opts.PieChart{Radius: []string{"0", "58%"}, Center: []string{"50%", "58%"}}),
		charts.WithLabelOpts(opts.Label{Show: opts.Bool(st.Labels != state.LabelsNone)}))
	pie.MultiSeries[0].Data = points
	return drawing{chart: &pie.BaseConfiguration, validate: pie.Validate}, []string{cells[0].axis.Unit}, nil
}
