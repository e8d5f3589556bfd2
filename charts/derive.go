package charts

import (
	"fmt"
	"math"

	"ecomdash/charts/state"
	"ecomdash/models"
)

// derive replaces the figures of each series by the derived values st asks
// for: year-on-year growth (periods along the axis), as the documents report
// it where they do, else computed from consecutive periods,
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
				if g, ok := r.reportedGrowth(d, c); ok { // as the document reports it, never recomputed
					all[i].cells[j] = reportedCell(c, g)
				} else if c.ok && prev.ok && prev.value != 0 {
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
			all[i].unit, all[i].rank = "位", true
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

// reportedCell is c drawn as the figure g that a document reports for it
// (a growth rate): a figure, not a derived value.
func reportedCell(c cell, g models.Observation) cell {
	c.obs, c.ok, c.value, c.unit, c.derivation = g, true, g.Value, g.Metric.Unit, ""
	return c
}

func round(v float64, places int) float64 {
	p := math.Pow(10, float64(places))
	return math.Round(v*p) / p
}
