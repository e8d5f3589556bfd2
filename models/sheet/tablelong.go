package sheet

import (
	"slices"
	"strings"
)

// Long tables: a header row naming the region, metric, period and value
// columns (地区, 指标, 时期, 数值 or the export's region_code …), one figure a row.

// The header names of a long table's columns.
var longNames = map[string]string{
	"地区": "region", "地区名称": "region", "区域": "region", "行政区划": "region", "region": "region", "region_name": "region",
	"地区代码": "region_code", "区划代码": "region_code", "行政区划代码": "region_code", "region_code": "region_code",
	"指标": "metric", "指标名称": "metric", "metric": "metric", "metric_name": "metric",
	"指标代码": "metric_code", "metric_code": "metric_code",
	"时期": "period", "年份": "period", "期间": "period", "年度": "period", "时间": "period", "统计时期": "period", "period": "period", "year": "period",
	"数值": "value", "值": "value", "数据": "value", "value": "value",
	"单位": "unit", "计量单位": "unit", "unit": "unit",
	"原文": "quote", "引文": "quote", "quote": "quote",
}

// longTable finds a long table: a row in the first 20 naming region,
// period and value columns, the rows below it its data. Where both a name
// and a code column are given (region_name and region_code) Long points
// at the name, as models maps by name; the code column stays in Columns.
func longTable(g Grid, rows []rowInfo) (Table, bool) {
	for r := 0; r < len(rows) && r < 20; r++ {
		if rows[r].nonBlank < 3 {
			continue
		}
		lc := LongColumns{-1, -1, -1, -1, -1, -1}
		regionCode, metricCode := -1, -1
		for c, s := range g.Cells[r] {
			name, _ := SplitUnit(strings.ToLower(normalize(s)))
			set := func(p *int) {
				if *p < 0 {
					*p = c
				}
			}
			switch longNames[strings.ReplaceAll(name, " ", "")] {
			case "region":
				set(&lc.Region)
			case "region_code":
				set(&regionCode)
			case "metric":
				set(&lc.Metric)
			case "metric_code":
				set(&metricCode)
			case "period":
				set(&lc.Period)
			case "value":
				set(&lc.Value)
			case "unit":
				set(&lc.Unit)
			case "quote":
				set(&lc.Quote)
			}
		}
		if lc.Region < 0 {
			lc.Region = regionCode
		}
		if lc.Metric < 0 {
			lc.Metric = metricCode
		}
		if lc.Region < 0 || lc.Period < 0 || lc.Value < 0 {
			continue
		}
		t := Table{Sheet: g.Name, grid: g, HeaderRows: []int{r}, LabelColumns: []int{lc.Region}, Long: &lc}
		for c, s := range g.Cells[r] {
			if s = strings.TrimSpace(s); s != "" {
				t.Columns = append(t.Columns, makeLabel(c, []string{s}, ""))
			}
		}
		rr := r + 1
		for ; rr < len(rows) && rows[rr].nonBlank > 0; rr++ {
			lead, _ := distinctTexts(g, rr)
			if _, ok := sourceLine(lead[0]); ok || noteLine(lead[0]) {
				break
			}
			region := strings.TrimSpace(g.At(rr, lc.Region))
			l := Label{Index: rr, Name: region}
			if region != "" {
				l.Parts = []string{region}
			}
			if lc.Unit >= 0 {
				l.Unit = strings.TrimSpace(g.At(rr, lc.Unit))
			}
			t.Rows = append(t.Rows, l)
		}
		for ; rr < len(rows); rr++ {
			texts, _ := distinctTexts(g, rr)
			if len(texts) == 0 {
				continue
			}
			if src, ok := sourceLine(texts[0]); ok {
				t.Source = src
			} else if noteLine(texts[0]) {
				t.Notes = append(t.Notes, texts[0])
			} else {
				break
			}
		}
		var titles []string
		for up := r - 1; up >= 0 && up >= r-maxAbove; up-- {
			texts, _ := distinctTexts(g, up)
			if len(texts) == 1 {
				if u, ok := UnitLine(texts[0]); ok {
					t.Unit = u
				} else {
					titles = append(titles, collapse(texts[0]))
				}
			} else if len(texts) > 1 {
				break
			}
		}
		slices.Reverse(titles)
		t.Title = strings.Join(titles, " ")
		if len(t.Rows) == 0 {
			continue
		}
		return t, true
	}
	return Table{}, false
}
