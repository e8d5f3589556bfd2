package models

import (
	"fmt"
	"slices"
	"strings"

	"ecomdash/models/sheet"
)

// Long tables: one figure per row, with columns naming its region, metric
// and period (地区, 指标, 时期, 数值, 单位), as exports and many offices write them.

// readLong reads a table with one figure per row.
func (r *sheetReader) readLong() {
	p, tab := r.p, r.tab
	p.Layout, p.LayoutLabel = LayoutLong, Layouts.Label(LayoutLong)
	lc := tab.Long
	if lc == nil {
		r.problem(-1, -1, ProblemNoMetric, "", "没有找到“地区”“时期”“数值”列：请检查表头 (no region, period and value columns)", nil)
		return
	}
	grid := tab.Grid()
	col := func(row, c int) string {
		if c < 0 {
			return ""
		}
		return grid.At(row, c)
	}
	var labels []string
	for _, rl := range tab.Rows {
		labels = append(labels, col(rl.Index, lc.Region))
	}
	rr := &regionResolver{ix: r.regions, title: r.regions.regionsIn(tab.Title), chosen: r.opt.Regions}
	matches := rr.resolve(labels)
	fixed := (*SheetLabel)(nil)
	if lc.Metric < 0 {
		fixed = r.fixedMetric()
	}
	reported := map[string]bool{}
	for _, rl := range tab.Rows {
		row := rl.Index
		name := col(row, lc.Region)
		m := matches[name]
		reg := SheetLabel{Role: roleRegion, Key: m.Code, Text: name}
		if reg.Key == ChoiceSkip {
			continue
		}
		if rg := r.regions.byCode[reg.Key]; rg != nil {
			reg.Name = rg.NameZH
		} else if !reported[name] {
			reported[name] = true
			kind, msg := ProblemUnknownRegion, fmt.Sprintf("找不到名为“%s”的地区 (unknown region)", name)
			if len(m.Candidates) > 0 {
				kind, msg = ProblemAmbiguousRegion, fmt.Sprintf("“%s”可指 %d 个地区，请选择 (ambiguous region name)", name, len(m.Candidates))
			}
			r.problem(row, lc.Region, kind, name, msg, m.Candidates)
		}
		perText := col(row, lc.Period)
		per := SheetLabel{Role: rolePeriod, Text: perText}
		if pp, ok := sheet.ParsePeriod(perText, r.year); ok {
			per.Key, per.Name = pp, PeriodLabel(pp)
		} else {
			r.problem(row, lc.Period, ProblemUnknownPeriod, perText, fmt.Sprintf("“%s”不是时期 (not a period)", perText), nil)
		}
		unit := col(row, lc.Unit)
		met := SheetLabel{Role: roleMetric}
		if fixed != nil {
			met = *fixed
		} else if lc.Metric >= 0 {
			mt := col(row, lc.Metric)
			name, u := sheet.SplitUnit(mt)
			if unit == "" {
				unit = u
			}
			sm := r.metric(sheet.Label{Index: lc.Metric, Parts: []string{mt}, Name: name, Unit: unit})
			met = SheetLabel{Role: roleMetric, Key: sm.Code, Name: sm.Name, Text: mt}
			if sm.Code == "" && !reported["metric:"+mt] {
				reported["metric:"+mt] = true
				r.problem(row, lc.Metric, ProblemNoUnit, mt, fmt.Sprintf("新指标“%s”没有单位 (the new metric has no unit)", mt), nil)
			}
		}
		headers := strings.Join(slices.DeleteFunc([]string{name, met.Text, perText}, func(s string) bool { return s == "" }), " ")
		r.figure(row, lc.Value, grid.Locator(row, lc.Value), col(row, lc.Value),
			map[string]SheetLabel{roleRegion: reg, rolePeriod: per, roleMetric: met}, unit, headers)
	}
}
