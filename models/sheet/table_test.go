package sheet

import (
	"errors"
	"fmt"
	"reflect"
	"strings"
	"testing"
)

// grid builds a Grid from rows; merge fills a merged range as Read does.
func grid(name string, rows ...[]string) Grid {
	g := Grid{Name: name, Cells: rows, Merged: make([][]bool, len(rows))}
	for r := range rows {
		g.Merged[r] = make([]bool, len(rows[r]))
	}
	return g
}

func (g Grid) merge(r0, c0, r1, c1 int) Grid {
	for r := r0; r <= r1; r++ {
		for len(g.Cells[r]) <= c1 {
			g.Cells[r] = append(g.Cells[r], "")
			g.Merged[r] = append(g.Merged[r], false)
		}
		for c := c0; c <= c1; c++ {
			if r == r0 && c == c0 {
				continue
			}
			g.Cells[r][c] = g.Cells[r0][c0]
			g.Merged[r][c] = true
		}
	}
	return g
}

func row(cells ...string) []string { return cells }

// check compares the parts of a table a test cares about.
type want struct {
	title, unit, source, corner string
	notes                       []string
	header                      []int
	columns                     [][]string // Parts
	names, units                []string   // of the columns
	rows                        []string   // row names
	cells                       map[[2]int]string
}

func checkTable(t *testing.T, tb Table, w want) {
	t.Helper()
	if tb.Title != w.title {
		t.Errorf("Title = %q, want %q", tb.Title, w.title)
	}
	if tb.Unit != w.unit {
		t.Errorf("Unit = %q, want %q", tb.Unit, w.unit)
	}
	if tb.Source != w.source {
		t.Errorf("Source = %q, want %q", tb.Source, w.source)
	}
	if tb.Corner != w.corner {
		t.Errorf("Corner = %q, want %q", tb.Corner, w.corner)
	}
	if !reflect.DeepEqual(tb.Notes, w.notes) {
		t.Errorf("Notes = %q, want %q", tb.Notes, w.notes)
	}
	if !reflect.DeepEqual(tb.HeaderRows, w.header) {
		t.Errorf("HeaderRows = %v, want %v", tb.HeaderRows, w.header)
	}
	var parts [][]string
	var names, units, rows []string
	for _, c := range tb.Columns {
		parts = append(parts, c.Parts)
		names = append(names, c.Name)
		units = append(units, c.Unit)
	}
	for _, r := range tb.Rows {
		rows = append(rows, r.Name)
	}
	if !reflect.DeepEqual(parts, w.columns) {
		t.Errorf("column parts = %q, want %q", parts, w.columns)
	}
	// Unless a test says otherwise, a column's Name is its innermost part
	// and it has no unit.
	if w.names == nil {
		for _, p := range w.columns {
			if len(p) == 0 {
				w.names = append(w.names, "")
			} else {
				w.names = append(w.names, p[len(p)-1])
			}
		}
	}
	if w.units == nil {
		w.units = make([]string, len(w.columns))
	}
	if !reflect.DeepEqual(names, w.names) {
		t.Errorf("column names = %q, want %q", names, w.names)
	}
	if !reflect.DeepEqual(units, w.units) {
		t.Errorf("column units = %q, want %q", units, w.units)
	}
	if !reflect.DeepEqual(rows, w.rows) {
		t.Errorf("row names = %q, want %q", rows, w.rows)
	}
	for ij, s := range w.cells {
		if ij[0] >= len(tb.Rows) || ij[1] >= len(tb.Columns) {
			t.Errorf("no cell %v", ij)
			continue
		}
		if got := tb.Cell(ij[0], ij[1]); got != s {
			t.Errorf("Cell%v = %q, want %q", ij, got, s)
		}
	}
}

func analyseOK(t *testing.T, g Grid) Table {
	t.Helper()
	tb, err := Analyse(g, Options{})
	if err != nil {
		t.Fatalf("Analyse: %v", err)
	}
	return tb
}

func yearbook() Grid {
	g := grid("表3-12",
		row("表3-12  2014—2017年衢州市各县（市、区）网上零售额", "", "", "", ""),
		row("", "", "", "", "单位：亿元"),
		row("地区", "年份", "", "", ""),
		row("", "2014", "2015", "2016", "2017年"),
		row("衢州市", "120.5", "150.2", "190.3", "230.1"),
		row("柯城区", "30.1", "35.2", "45.0", "50.3"),
		row("衢江区", "12.3", "—", "18.4", "20.5"),
		row("龙游县", "15.6", "18.2", "22.4", "25.1"),
		row("江山市", "20.1", "24.3", "29.9", "35.6"),
		row("常山县", "8.8", "10.1", "12.2", "14.3"),
		row("开化县", "7.7", "9.1", "11.0", "12.9"),
		row("注：2016年起按新口径统计。", "", "", "", ""),
		row("资料来源：衢州市统计局、衢州市商务局", "", "", "", ""),
	)
	g = g.merge(0, 0, 0, 4).merge(2, 0, 3, 0).merge(2, 1, 2, 4).merge(11, 0, 11, 4).merge(12, 0, 12, 4)
	return g
}

func TestAnalyseYearbook(t *testing.T) {
	tb := analyseOK(t, yearbook())
	checkTable(t, tb, want{
		title: "表3-12 2014—2017年衢州市各县（市、区）网上零售额", unit: "亿元", source: "衢州市统计局、衢州市商务局",
		corner: "地区", notes: []string{"注：2016年起按新口径统计。"}, header: []int{2, 3},
		columns: [][]string{{"年份", "2014"}, {"年份", "2015"}, {"年份", "2016"}, {"年份", "2017年"}},
		names:   []string{"2014", "2015", "2016", "2017年"}, units: []string{"", "", "", ""},
		rows:  []string{"衢州市", "柯城区", "衢江区", "龙游县", "江山市", "常山县", "开化县"},
		cells: map[[2]int]string{{0, 0}: "120.5", {1, 2}: "45.0", {2, 1}: "—", {6, 3}: "12.9"},
	})
	if !reflect.DeepEqual(tb.LabelColumns, []int{0}) {
		t.Errorf("LabelColumns = %v", tb.LabelColumns)
	}
	if got := tb.Locator(2, 1); got != "表3-12!C7" {
		t.Errorf("Locator = %q", got)
	}
	if tb.Sheet != "表3-12" || tb.Rows[0].Index != 4 || tb.Columns[0].Index != 1 {
		t.Errorf("Sheet %q, first row %d, first column %d", tb.Sheet, tb.Rows[0].Index, tb.Columns[0].Index)
	}
}

func TestAnalyseWPS(t *testing.T) {
	g := grid("Sheet1",
		row("浙江省部分城市快递业务量"),
		row("单位：万件"),
		row("城市", "2020年", "2021年", "2022年"),
		row("杭州", "３５,１２３.４", "41,055.0", "45,120.6"),
		row("宁波", "12,345", "13,456.7", "14,567.8"),
		row("温州", "20,456.7", "…", "25,678.9"),
		row("衢州", "1,234.5", "1,456.7", "1,678.9"),
	)
	g = g.merge(0, 0, 0, 3).merge(1, 0, 1, 3)
	tb := analyseOK(t, g)
	checkTable(t, tb, want{
		title: "浙江省部分城市快递业务量", unit: "万件", corner: "城市", header: []int{2},
		columns: [][]string{{"2020年"}, {"2021年"}, {"2022年"}},
		rows:    []string{"杭州", "宁波", "温州", "衢州"},
		cells:   map[[2]int]string{{0, 0}: "３５,１２３.４", {2, 1}: "…", {3, 2}: "1,678.9"},
	})
}

func TestAnalyseCSVTitleUnit(t *testing.T) {
	g := Grid{Name: "网络零售额", Cells: [][]string{
		row("表2 2019—2021年部分省份网络零售额（亿元）", "", "", ""),
		row("地区", "2019", "2020", "2021"),
		row("浙江", "22,607.0", "22,608.1", "25,230.3"),
		row("江苏", "10,109.0", "11,223.2", "12,345.6"),
		row("广东", "28,000.3", "29,000.4", "30,000.5"),
		row("上海", "9,000.1", "9,500.2", "10,000.3"),
		row("数据来源：商务部电子商务和信息化司", "", "", ""),
	}}
	tb := analyseOK(t, g)
	checkTable(t, tb, want{
		title: "表2 2019—2021年部分省份网络零售额（亿元）", unit: "亿元", source: "商务部电子商务和信息化司", corner: "地区",
		header: []int{1}, columns: [][]string{{"2019"}, {"2020"}, {"2021"}},
		rows:  []string{"浙江", "江苏", "广东", "上海"},
		cells: map[[2]int]string{{3, 2}: "10,000.3"},
	})
}

func TestAnalysePasted(t *testing.T) {
	g := Grid{Name: "粘贴", Cells: [][]string{
		row("地区", "2019年", "2020年"),
		row("杭州市", "9,818.1", "10,939.2"),
		row("宁波市", "2,306.4", "-"),
		row("温州市", "1,516.8", "1,705.7"),
	}}
	tb := analyseOK(t, g)
	checkTable(t, tb, want{
		corner: "地区", header: []int{0}, columns: [][]string{{"2019年"}, {"2020年"}},
		rows: []string{"杭州市", "宁波市", "温州市"}, cells: map[[2]int]string{{1, 1}: "-", {2, 0}: "1,516.8"},
	})
}

func TestAnalyseMetricsAcross(t *testing.T) {
	g := grid("主要指标",
		row("2020年衢州市各县（市、区）电子商务主要指标", "", "", "", ""),
		row("地区", "网络零售额", "", "快递业务量（万件）", "农村网络零售额（亿元）"),
		row("", "绝对额（亿元）", "增长（%）", "", ""),
		row("柯城区", "60.2", "15.1", "8123", "12.3"),
		row("江山市", "55.4", "12.0", "7012", "20.4"),
		row("开化县", "20.1", "-3.5", "3001", "9.9"),
	)
	g = g.merge(0, 0, 0, 4).merge(1, 0, 2, 0).merge(1, 1, 1, 2).merge(1, 3, 2, 3).merge(1, 4, 2, 4)
	tb := analyseOK(t, g)
	checkTable(t, tb, want{
		title: "2020年衢州市各县（市、区）电子商务主要指标", corner: "地区", header: []int{1, 2},
		columns: [][]string{{"网络零售额", "绝对额（亿元）"}, {"网络零售额", "增长（%）"}, {"快递业务量（万件）"}, {"农村网络零售额（亿元）"}},
		names:   []string{"绝对额", "增长", "快递业务量", "农村网络零售额"},
		units:   []string{"亿元", "%", "万件", "亿元"},
		rows:    []string{"柯城区", "江山市", "开化县"},
		cells:   map[[2]int]string{{0, 2}: "8123", {2, 1}: "-3.5"},
	})
}

func TestAnalyseOneColumn(t *testing.T) {
	g := grid("Sheet1",
		row("2018年浙江省部分县网络零售额"),
		row("单位：万元"),
		row("县（市、区）", "2018年"),
		row("常山县", "183,456"),
		row("开化县", "152,300"),
		row("龙游县", "260,012.5"),
	)
	tb := analyseOK(t, g)
	checkTable(t, tb, want{
		title: "2018年浙江省部分县网络零售额", unit: "万元", corner: "县（市、区）", header: []int{2},
		columns: [][]string{{"2018年"}}, rows: []string{"常山县", "开化县", "龙游县"},
		cells: map[[2]int]string{{2, 0}: "260,012.5"},
	})
}

func TestAnalyseAmbiguousNames(t *testing.T) {
	g := Grid{Name: "Sheet1", Cells: [][]string{
		row("地区", "2020"), row("玄武区", "100.5"), row("秦淮区", "90.2"), row("鼓楼区", "150.4"),
	}}
	tb := analyseOK(t, g)
	checkTable(t, tb, want{corner: "地区", header: []int{0}, columns: [][]string{{"2020"}},
		rows: []string{"玄武区", "秦淮区", "鼓楼区"}, cells: map[[2]int]string{{2, 0}: "150.4"}})

	g = Grid{Name: "Sheet1", Cells: [][]string{row("地区", "2020"), row("鼓楼区", "88.8"), row("南京市鼓楼区", "150.4")}}
	tb = analyseOK(t, g)
	checkTable(t, tb, want{corner: "地区", header: []int{0}, columns: [][]string{{"2020"}},
		rows: []string{"鼓楼区", "南京市鼓楼区"}, cells: map[[2]int]string{{0, 0}: "88.8"}})

	// Without a header the two rows are the table.
	g = Grid{Name: "Sheet1", Cells: [][]string{row("鼓楼区", "88.8"), row("南京市鼓楼区", "150.4")}}
	tb = analyseOK(t, g)
	checkTable(t, tb, want{columns: [][]string{nil}, rows: []string{"鼓楼区", "南京市鼓楼区"}})
	if len(tb.Columns) != 1 || tb.Columns[0].Index != 1 {
		t.Errorf("Columns = %+v", tb.Columns)
	}
}

func TestAnalysePeriodsDown(t *testing.T) {
	g := grid("Sheet1",
		row("衢州市电子商务发展情况（2015—2020年）", "", ""),
		row("年份", "网络零售额（亿元）", "快递业务量（亿件）"),
		row("2015年", "100.1", "1.1"),
		row("2016年", "150.2", "1.5"),
		row("2017年", "190.3", "2.1"),
		row("2018年", "230.4", "2.8"),
		row("2019年", "280.5", "3.6"),
		row("2020年", "320.6", "4.5"),
	).merge(0, 0, 0, 2)
	tb := analyseOK(t, g)
	checkTable(t, tb, want{
		title: "衢州市电子商务发展情况（2015—2020年）", corner: "年份", header: []int{1},
		columns: [][]string{{"网络零售额（亿元）"}, {"快递业务量（亿件）"}},
		names:   []string{"网络零售额", "快递业务量"}, units: []string{"亿元", "亿件"},
		rows:  []string{"2015年", "2016年", "2017年", "2018年", "2019年", "2020年"},
		cells: map[[2]int]string{{5, 1}: "4.5"},
	})

	// Years as numbers under 年份 label the rows; they are not data.
	g = Grid{Name: "Sheet1", Cells: [][]string{
		row("年份", "网络零售额（亿元）", "快递业务量（亿件）"),
		row("2015", "100.1", "1.1"), row("2016", "150.2", "1.5"), row("2017", "190.3", "2.1"),
	}}
	tb = analyseOK(t, g)
	checkTable(t, tb, want{corner: "年份", header: []int{0},
		columns: [][]string{{"网络零售额（亿元）"}, {"快递业务量（亿件）"}},
		names:   []string{"网络零售额", "快递业务量"}, units: []string{"亿元", "亿件"},
		rows: []string{"2015", "2016", "2017"}, cells: map[[2]int]string{{0, 0}: "100.1"}})
	if !reflect.DeepEqual(tb.LabelColumns, []int{0}) {
		t.Errorf("LabelColumns = %v", tb.LabelColumns)
	}
}

func TestAnalyseQuarters(t *testing.T) {
	g := grid("Sheet1",
		row("2021年衢州市网络零售额（分季度）", ""),
		row("时期", "网络零售额（亿元）"),
		row("一季度", "70.1"), row("1-6月", "150.2"), row("1-9月", "230.3"), row("全年", "320.4"),
	).merge(0, 0, 0, 1)
	tb := analyseOK(t, g)
	checkTable(t, tb, want{
		title: "2021年衢州市网络零售额（分季度）", corner: "时期", header: []int{1},
		columns: [][]string{{"网络零售额（亿元）"}}, names: []string{"网络零售额"}, units: []string{"亿元"},
		rows:  []string{"一季度", "1-6月", "1-9月", "全年"},
		cells: map[[2]int]string{{3, 0}: "320.4"},
	})
	year := YearIn(tb.Title)
	var periods []string
	for _, r := range tb.Rows {
		p, ok := ParsePeriod(r.Name, year)
		if !ok {
			t.Errorf("ParsePeriod(%q, %d) failed", r.Name, year)
		}
		periods = append(periods, p)
	}
	if want := []string{"2021Q1", "2021-01/06", "2021-01/09", "2021"}; !reflect.DeepEqual(periods, want) {
		t.Errorf("periods = %q, want %q", periods, want)
	}
}

func TestAnalyseLong(t *testing.T) {
	g := Grid{Name: "导出", Cells: [][]string{
		row("地区", "指标", "时期", "数值", "单位"),
		row("衢州市", "网络零售额", "2021", "320.4", "亿元"),
		row("衢州市", "快递业务量", "2021", "4.5", "亿件"),
		row("柯城区", "网络零售额", "2021年", "60.2", "亿元"),
		row("", "", "", "", ""),
		row("资料来源：衢州市统计局"),
	}}
	tb := analyseOK(t, g)
	if tb.Long == nil {
		t.Fatal("Long is nil")
	}
	if *tb.Long != (LongColumns{Region: 0, Metric: 1, Period: 2, Value: 3, Unit: 4, Quote: -1}) {
		t.Errorf("Long = %+v", *tb.Long)
	}
	checkTable(t, tb, want{source: "衢州市统计局", header: []int{0},
		columns: [][]string{{"地区"}, {"指标"}, {"时期"}, {"数值"}, {"单位"}},
		rows:    []string{"衢州市", "衢州市", "柯城区"},
		cells:   map[[2]int]string{{0, 3}: "320.4", {2, 2}: "2021年", {1, 4}: "亿件"}})
	if tb.Rows[1].Unit != "亿件" {
		t.Errorf("row unit %q", tb.Rows[1].Unit)
	}

	g = Grid{Name: "导出", Cells: [][]string{
		row("region_code", "region_name", "metric_code", "period", "value", "quote"),
		row("330800", "衢州市", "online_retail", "2021", "320.4", "全年网络零售额320.4亿元"),
	}}
	tb = analyseOK(t, g)
	if tb.Long == nil || *tb.Long != (LongColumns{Region: 1, Metric: 2, Period: 3, Value: 4, Unit: -1, Quote: 5}) {
		t.Errorf("Long = %+v", tb.Long)
	}
}

func TestAnalyseTotalRowAndNumericYears(t *testing.T) {
	g := grid("Sheet1",
		row("2019—2021年浙江省网络零售额", "", "", ""),
		row("地区", "2019", "2020", "2021"),
		row("全省", "22,607.0", "22,608.1", "25,230.3"),
		row("杭州", "9,818.1", "10,939.2", "11,000.0"),
		row("宁波", "2,306.4", "2,500.1", "2,700.2"),
	).merge(0, 0, 0, 3)
	tb := analyseOK(t, g)
	checkTable(t, tb, want{title: "2019—2021年浙江省网络零售额", corner: "地区", header: []int{1},
		columns: [][]string{{"2019"}, {"2020"}, {"2021"}}, rows: []string{"全省", "杭州", "宁波"},
		cells: map[[2]int]string{{0, 0}: "22,607.0"}})

	// No corner text, a 合计 row first, years as 2014.0.
	g = Grid{Name: "Sheet1", Cells: [][]string{
		row("", "2014.0", "2015.0"), row("合计", "10", "20"), row("甲", "4", "8"), row("乙", "6", "12"),
	}}
	tb = analyseOK(t, g)
	checkTable(t, tb, want{header: []int{0}, columns: [][]string{{"2014"}, {"2015"}}, rows: []string{"合计", "甲", "乙"}})
}

func TestAnalyseStacked(t *testing.T) {
	g := Grid{Name: "Sheet1", Cells: [][]string{
		row("表1 网络零售额"),
		row("地区", "2020", "2021"),
		row("甲", "1", "2"), row("乙", "3", "4"),
		row(""),
		row("表2 快递业务量"),
		row("单位：万件"),
		row("地区", "2020", "2021"),
		row("甲", "5", "6"), row("乙", "7", "8"), row("丙", "9", "10"),
	}}
	tb := analyseOK(t, g)
	checkTable(t, tb, want{title: "表2 快递业务量", unit: "万件", corner: "地区", header: []int{7},
		columns: [][]string{{"2020"}, {"2021"}}, rows: []string{"甲", "乙", "丙"}, cells: map[[2]int]string{{2, 1}: "10"}})

	// Equal sizes: the first.
	g.Cells = g.Cells[:10]
	tb = analyseOK(t, g)
	checkTable(t, tb, want{title: "表1 网络零售额", corner: "地区", header: []int{1},
		columns: [][]string{{"2020"}, {"2021"}}, rows: []string{"甲", "乙"}})
}

func TestAnalyseUnitColumnAndCode(t *testing.T) {
	g := Grid{Name: "Sheet1", Cells: [][]string{
		row("指标", "单位", "2020年", "2021年"),
		row("网络零售额", "亿元", "280.5", "320.4"),
		row("  其中：农村网络零售额", "亿元", "80.1", "90.2"),
		row("快递业务量", "万件", "30000", "—"),
		row("#跨境电商", "万元", "—", "—"),
	}}
	tb := analyseOK(t, g)
	checkTable(t, tb, want{corner: "指标", header: []int{0}, columns: [][]string{{"2020年"}, {"2021年"}},
		rows: []string{"网络零售额", "农村网络零售额", "快递业务量", "跨境电商"}})
	var units []string
	var indents []int
	for _, r := range tb.Rows {
		units, indents = append(units, r.Unit), append(indents, r.Indent)
	}
	if !reflect.DeepEqual(units, []string{"亿元", "亿元", "万件", "万元"}) || !reflect.DeepEqual(indents, []int{0, 2, 0, 1}) {
		t.Errorf("row units %q indents %v", units, indents)
	}
	if !reflect.DeepEqual(tb.LabelColumns, []int{0, 1}) {
		t.Errorf("LabelColumns = %v", tb.LabelColumns)
	}

	g = Grid{Name: "Sheet1", Cells: [][]string{
		row("地区", "区划代码", "2020", "2021"),
		row("衢州市", "330800", "280.5", "320.4"),
		row("柯城区", "330802", "60.1", "70.2"),
	}}
	tb = analyseOK(t, g)
	checkTable(t, tb, want{corner: "地区", header: []int{0}, columns: [][]string{{"2020"}, {"2021"}}, rows: []string{"衢州市", "柯城区"}})
	if tb.Rows[1].Code != "330802" || !reflect.DeepEqual(tb.LabelColumns, []int{0, 1}) {
		t.Errorf("code %q, LabelColumns %v", tb.Rows[1].Code, tb.LabelColumns)
	}
}

func TestAnalyseCSVHeaderFill(t *testing.T) {
	// A merged 年份 written once, as a CSV keeps it.
	g := Grid{Name: "a", Cells: [][]string{
		row("地区", "年份", "", ""),
		row("", "2014", "2015", "2016"),
		row("甲", "1.5", "2.5", "3.5"),
		row("乙", "1.1", "2.1", "3.1"),
	}}
	tb := analyseOK(t, g)
	checkTable(t, tb, want{corner: "地区", header: []int{0, 1},
		columns: [][]string{{"年份", "2014"}, {"年份", "2015"}, {"年份", "2016"}}, rows: []string{"甲", "乙"}})
}

func TestAnalyseOptions(t *testing.T) {
	tb, err := Analyse(yearbook(), Options{HeaderRows: 1})
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(tb.HeaderRows, []int{3}) || tb.Columns[0].Parts[0] != "2014" {
		t.Errorf("HeaderRows %v columns %+v", tb.HeaderRows, tb.Columns)
	}
	tb, err = Analyse(yearbook(), Options{FirstDataRow: 6, HeaderRows: 2})
	if err != nil {
		t.Fatal(err)
	}
	if tb.Rows[0].Name != "柯城区" || !reflect.DeepEqual(tb.HeaderRows, []int{3, 4}) || len(tb.Rows) != 6 {
		t.Errorf("rows from %q, %d rows, HeaderRows %v", tb.Rows[0].Name, len(tb.Rows), tb.HeaderRows)
	}
	tb, err = Analyse(yearbook(), Options{HeaderRows: 3})
	if err != nil {
		t.Fatal(err)
	}
	if tb.Unit != "亿元" || !reflect.DeepEqual(tb.HeaderRows, []int{1, 2, 3}) || !reflect.DeepEqual(tb.Columns[3].Parts, []string{"年份", "2017年"}) ||
		!strings.HasPrefix(tb.Title, "表3-12") {
		t.Errorf("HeaderRows 3: unit %q, header %v, parts %q, title %q", tb.Unit, tb.HeaderRows, tb.Columns[3].Parts, tb.Title)
	}
	if _, err := Analyse(yearbook(), Options{FirstDataRow: 99}); !errors.Is(err, ErrEmpty) {
		t.Errorf("FirstDataRow past the end: %v", err)
	}
}

func TestAnalyseEmpty(t *testing.T) {
	for _, g := range []Grid{
		{Name: "空"},
		{Name: "文字", Cells: [][]string{row("说明"), row("这是一段文字", "没有数字")}},
		{Name: "标题", Cells: [][]string{row("2020年衢州市网络零售额"), row("地区", "网络零售额")}},
		{Name: "空白", Cells: [][]string{row("", ""), row("—", "—")}},
	} {
		_, err := Analyse(g, Options{})
		if !errors.Is(err, ErrEmpty) || !strings.Contains(err.Error(), "没有找到数据表") {
			t.Errorf("Analyse(%s) = %v, want ErrEmpty", g.Name, err)
		}
	}
}

func TestFirstTable(t *testing.T) {
	wb := &Workbook{Sheets: []Grid{{Name: "封面", Cells: [][]string{row("衢州市统计年鉴")}}, yearbook()}}
	g, tb, err := FirstTable(wb, "", Options{})
	if err != nil || g.Name != "表3-12" || len(tb.Rows) != 7 {
		t.Fatalf("FirstTable = %q, %d rows, %v", g.Name, len(tb.Rows), err)
	}
	g, _, err = FirstTable(wb, "表3-12", Options{})
	if err != nil || g.Name != "表3-12" {
		t.Errorf("named: %q %v", g.Name, err)
	}
	if _, _, err = FirstTable(wb, "封面", Options{}); !errors.Is(err, ErrEmpty) {
		t.Errorf("named text sheet: %v", err)
	}
	_, _, err = FirstTable(wb, "表9", Options{})
	if err == nil || !strings.Contains(err.Error(), "“封面”、“表3-12”") {
		t.Errorf("unknown sheet: %v", err)
	}
	if _, _, err = FirstTable(&Workbook{Sheets: wb.Sheets[:1]}, "", Options{}); !errors.Is(err, ErrEmpty) || !strings.Contains(err.Error(), "第一个工作表里没有找到数据表") {
		t.Errorf("no table: %v", err)
	}
	if _, _, err = FirstTable(nil, "", Options{}); !errors.Is(err, ErrEmpty) {
		t.Errorf("nil workbook: %v", err)
	}
}

func TestLabelText(t *testing.T) {
	if got := (Label{Parts: []string{"年份", "2016"}}).Text(); got != "年份 2016" {
		t.Errorf("Text = %q", got)
	}
}

func benchGrid(n int) Grid {
	g := Grid{Name: "bench", Cells: make([][]string, n)}
	g.Cells[0] = make([]string, n)
	g.Cells[0][0] = "地区"
	for c := 1; c < n; c++ {
		g.Cells[0][c] = fmt.Sprintf("%d年", 1950+c)
	}
	for r := 1; r < n; r++ {
		g.Cells[r] = make([]string, n)
		g.Cells[r][0] = fmt.Sprintf("地区%d", r)
		for c := 1; c < n; c++ {
			g.Cells[r][c] = fmt.Sprintf("%d.%d", r*c, c%10)
		}
	}
	return g
}

func BenchmarkAnalyse(b *testing.B) {
	g := benchGrid(100)
	for b.Loop() {
		if _, err := Analyse(g, Options{}); err != nil {
			b.Fatal(err)
		}
	}
}

func TestAnalyseSequenceAndUnitRight(t *testing.T) {
	g := grid("Sheet1",
		row("2021年各县网络零售额", "", "", "", "单位：亿元"),
		row("序号", "地区", "2020年", "2021年", "单位"),
		row("1", "柯城区", "60.1", "70.2", "亿元"),
		row("2", "衢江区", "30.5", "—", "亿元"),
		row("3", "　　其中：农村", "10.5", "12.0", "亿元"),
		row("备注：2021年为快报数。"),
		row("来源地为本地的网店不计入。"),
		row("来源：衢州市商务局"),
	).merge(0, 0, 0, 3)
	tb := analyseOK(t, g)
	checkTable(t, tb, want{title: "2021年各县网络零售额", unit: "亿元", corner: "地区", header: []int{1},
		notes: []string{"备注：2021年为快报数。", "来源地为本地的网店不计入。"}, source: "衢州市商务局",
		columns: [][]string{{"2020年"}, {"2021年"}}, rows: []string{"柯城区", "衢江区", "农村"},
		cells: map[[2]int]string{{1, 1}: "—"}})
	if !reflect.DeepEqual(tb.LabelColumns, []int{0, 1}) || tb.Rows[2].Indent != 3 || tb.Rows[0].Unit != "亿元" || tb.Rows[0].Code != "" {
		t.Errorf("LabelColumns %v, indent %d, unit %q", tb.LabelColumns, tb.Rows[2].Indent, tb.Rows[0].Unit)
	}
	if !reflect.DeepEqual(tb.Rows[2].Parts, []string{"其中：农村"}) {
		t.Errorf("Parts = %q", tb.Rows[2].Parts)
	}
}

func TestAnalyseHeaderNotTitle(t *testing.T) {
	// 年份 over the year columns alone in its row is a header row, and so
	// is 地区 alone over a blank corner; a long line alone is a title.
	g := grid("Sheet1",
		row("全市网络零售额统计"),
		row("", "年份", "", ""),
		row("地区", "2019", "2020", "2021"),
		row("甲", "1.1", "2.2", "3.3"),
		row("乙", "4.4", "5.5", "6.6"),
	).merge(1, 1, 1, 3)
	tb := analyseOK(t, g)
	checkTable(t, tb, want{title: "全市网络零售额统计", corner: "地区", header: []int{1, 2},
		columns: [][]string{{"年份", "2019"}, {"年份", "2020"}, {"年份", "2021"}}, rows: []string{"甲", "乙"}})

	g = Grid{Name: "Sheet1", Cells: [][]string{
		row("地区"),
		row("", "2019年", "2020年"),
		row("甲", "1.1", "2.2"),
	}}
	tb = analyseOK(t, g)
	checkTable(t, tb, want{corner: "地区", header: []int{0, 1}, columns: [][]string{{"2019年"}, {"2020年"}}, rows: []string{"甲"}})
}

func TestAnalyseYearRowWithText(t *testing.T) {
	g := Grid{Name: "Sheet1", Cells: [][]string{
		row("地区", "2020", "2021", "增长（%）"),
		row("甲", "1.1", "2.2", "100.0"),
		row("乙", "4.4", "5.5", "25.0"),
	}}
	tb := analyseOK(t, g)
	checkTable(t, tb, want{corner: "地区", header: []int{0}, columns: [][]string{{"2020"}, {"2021"}, {"增长（%）"}},
		names: []string{"2020", "2021", "增长"}, units: []string{"", "", "%"}, rows: []string{"甲", "乙"}})

	// Figures that happen to be years in every row are data.
	g = Grid{Name: "Sheet1", Cells: [][]string{
		row("地区", "成立年份", "迁入年份"),
		row("甲", "1998", "2005"),
		row("乙", "2001", "2010"),
	}}
	tb = analyseOK(t, g)
	checkTable(t, tb, want{corner: "地区", header: []int{0}, columns: [][]string{{"成立年份"}, {"迁入年份"}}, rows: []string{"甲", "乙"}})
}

func TestAnalyseGroupRows(t *testing.T) {
	g := Grid{Name: "Sheet1", Cells: [][]string{
		row("地区", "2020年", "2021年"),
		row("全市", "100.0", "120.0"),
		row("一、城区"),
		row("柯城区", "30.0", "35.0"),
		row("衢江区", "20.0", "25.0"),
		row("二、县（市）"),
		row("江山市", "50.0", "60.0"),
		row("注：城区含集聚区。"),
	}}
	tb := analyseOK(t, g)
	checkTable(t, tb, want{corner: "地区", header: []int{0}, columns: [][]string{{"2020年"}, {"2021年"}},
		notes: []string{"注：城区含集聚区。"},
		rows:  []string{"全市", "一、城区", "柯城区", "衢江区", "二、县（市）", "江山市"},
		cells: map[[2]int]string{{1, 0}: "", {5, 1}: "60.0"}})
}
