package sheet

import (
	"math"
	"strings"
	"testing"
)

func FuzzParseNumber(f *testing.F) {
	for _, s := range []string{"120.5", "12,345.6", "３５,１２３.４", "—", "近100亿元", "3～4", "3-4", "-5", "123.4①", "1.2E+08",
		"6000多家", "12,3", "35%", "100亿元左右", "123.4（1）", "2016-03", "超过1000万件", "1万余元", "1e999"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		n, missing, err := ParseNumber(s)
		if err != nil {
			if missing || !strings.Contains(err.Error(), "不是数字") {
				t.Fatalf("ParseNumber(%q): missing %v, err %v", s, missing, err)
			}
			return
		}
		if missing {
			if n != (Number{}) {
				t.Fatalf("ParseNumber(%q) missing with %+v", s, n)
			}
			return
		}
		if math.IsInf(n.Value, 0) || math.IsNaN(n.Value) {
			t.Fatalf("ParseNumber(%q) = %v", s, n.Value)
		}
		if n.Max != nil && (*n.Max < n.Value || n.Qualifier != "range") {
			t.Fatalf("ParseNumber(%q): range %v..%v %q", s, n.Value, *n.Max, n.Qualifier)
		}
		if n.Percent != (n.Unit == "%") {
			t.Fatalf("ParseNumber(%q): Percent %v Unit %q", s, n.Percent, n.Unit)
		}
		switch n.Qualifier {
		case "exact", "more_than", "approx", "at_least", "at_most", "range":
		default:
			t.Fatalf("ParseNumber(%q): qualifier %q", s, n.Qualifier)
		}
	})
}

// fuzzGrid reads text as a grid: lines are rows, tabs separate cells, and
// a cell starting with "=" is marked merged (its text is the rest).
func fuzzGrid(text string) Grid {
	g := Grid{Name: "fuzz"}
	for _, line := range strings.Split(text, "\n") {
		cells := strings.Split(line, "\t")
		merged := make([]bool, len(cells))
		for i, c := range cells {
			if strings.HasPrefix(c, "=") {
				cells[i], merged[i] = c[1:], true
			}
		}
		g.Cells = append(g.Cells, cells)
		g.Merged = append(g.Merged, merged)
	}
	return g
}

func FuzzAnalyse(f *testing.F) {
	f.Add("表3-12 2014—2017年网上零售额\t=表3-12 2014—2017年网上零售额\n\t单位：亿元\n地区\t年份\t=年份\n=地区\t2014\t2015年\n衢州市\t120.5\t—\n柯城区\t30.1\t45.0\n注：新口径\n资料来源：衢州市统计局", 0, 0)
	f.Add("地区\t指标\t时期\t数值\t单位\n衢州市\t网络零售额\t2021\t320.4\t亿元", 0, 0)
	f.Add("年份\t网络零售额（亿元）\n2015\t100.1\n2016\t150.2\n2017\t190.3", 0, 0)
	f.Add("地区\t区划代码\t2020\n衢州市\t330800\t280.5\n柯城区\t330802\t60.1", 1, 2)
	f.Add("指标\t单位\t2020年\n网络零售额\t亿元\t280.5\n#跨境\t万元\t—", 2, 0)
	f.Add("说明\n文字", 0, 0)
	f.Fuzz(func(t *testing.T, text string, headerRows, firstDataRow int) {
		if len(text) > 1<<16 {
			return
		}
		opt := Options{HeaderRows: headerRows % 8, FirstDataRow: firstDataRow % 64}
		g := fuzzGrid(text)
		tb, err := Analyse(g, opt)
		if err != nil {
			return
		}
		if len(tb.Rows) == 0 || len(tb.Columns) == 0 {
			t.Fatalf("a table without rows or columns: %+v", tb)
		}
		for i := range tb.Rows {
			if i > 0 && tb.Rows[i].Index <= tb.Rows[i-1].Index {
				t.Fatalf("rows out of order: %+v", tb.Rows)
			}
			for j := range tb.Columns {
				_ = tb.Cell(i, j)
				_ = tb.Locator(i, j)
			}
		}
		for _, h := range tb.HeaderRows {
			if h < 0 || h >= tb.Rows[0].Index {
				t.Fatalf("header row %d not above the first data row %d", h, tb.Rows[0].Index)
			}
		}
	})
}
