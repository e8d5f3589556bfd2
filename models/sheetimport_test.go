package models_test

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"gorm.io/gorm"

	"ecomdash/models"
	"ecomdash/models/dbtest"
	"ecomdash/models/sheet"
)

// The fixtures are the tables officials get (models/sheet/testdata,
// made by make_fixtures.go); each is checked figure by figure.

func readWorkbook(t testing.TB, name string) *sheet.Workbook {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("sheet", "testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	wb, err := sheet.Read(name, data, sheet.DefaultLimits)
	if err != nil {
		t.Fatalf("read %s: %v", name, err)
	}
	return wb
}

// document is a complete new source for an import.
var document = models.SourceChoice{Title: "测试用统计表", Publisher: "某市统计局", Date: "2021-06"}

func preview(t testing.TB, db *gorm.DB, wb *sheet.Workbook, opt models.SheetImportOptions) *models.SheetPreview {
	t.Helper()
	if opt.Source == (models.SourceChoice{}) {
		opt.Source = document
	}
	p, err := models.PreviewSheet(db, wb, opt)
	if err != nil {
		t.Fatalf("preview: %v", err)
	}
	return p
}

// figures lists a preview's figures as "region metric period value stated cell".
func figures(p *models.SheetPreview) []string {
	out := make([]string, len(p.Figures))
	for i, f := range p.Figures {
		v := models.FormatValue(f.Value)
		if f.ValueMax != nil {
			v += "~" + models.FormatValue(*f.ValueMax)
		}
		out[i] = fmt.Sprintf("%s %s %s %s %s %s", f.RegionCode, f.MetricCode, f.Period, v, f.Stated, f.Cell)
	}
	return out
}

func problems(p *models.SheetPreview) []string {
	out := make([]string, len(p.Problems))
	for i, pr := range p.Problems {
		out[i] = pr.Cell + " " + pr.Kind + " " + pr.Label
	}
	return out
}

func wantLines(t *testing.T, what string, got, want []string) {
	t.Helper()
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("%s:\ngot:\n%s\nwant:\n%s", what, strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// newMetric is the code an import gives a metric it creates.
func newMetric(t *testing.T, p *models.SheetPreview, name string) string {
	t.Helper()
	for _, m := range p.Metrics {
		if m.Name == name && m.New {
			return m.Code
		}
	}
	t.Fatalf("no new metric %s in %+v", name, p.Metrics)
	return ""
}

func TestImportYearbookTable(t *testing.T) {
	db := openSeeded(t, "")
	p := preview(t, db, readWorkbook(t, "yearbook.xlsx"), models.SheetImportOptions{Source: models.SourceChoice{Date: "2018-10"}})
	if p.Layout != models.LayoutRegionPeriod || p.Title != "表3-12 2014—2017年衢州市各县（市、区）网上零售额" || p.Unit != "亿元" ||
		p.SourceLine != "衢州市统计局、衢州市商务局" || len(p.Notes) != 1 || p.Counts.Missing != 1 {
		t.Fatalf("reading: layout %s title %q unit %q source %q notes %v missing %d", p.Layout, p.Title, p.Unit, p.SourceLine, p.Notes, p.Counts.Missing)
	}
	// the document is offered from the table: its title and source line
	if !p.SourceNew || p.Source.Title != p.Title || p.Source.Publisher != "衢州市统计局、衢州市商务局" || p.Source.Kind != models.KindStatistics || !p.CanCommit {
		t.Errorf("source: %+v can commit %v problems %v", p.Source, p.CanCommit, problems(p))
	}
	// 网上零售额 is no metric's name: it is created, with 网络零售额 suggested
	if len(p.Metrics) != 1 || !p.Metrics[0].New || p.Metrics[0].Name != "网上零售额" || p.Metrics[0].Unit != "亿元" ||
		len(p.Metrics[0].Similar) == 0 || p.Metrics[0].Similar[0].Code != "online_retail_sales" {
		t.Fatalf("metrics: %+v", p.Metrics)
	}
	m := p.Metrics[0].Code
	var want []string
	values := map[string][]string{
		"330800": {"120.5", "150.2", "190.3", "207.3"}, "330802": {"30.1", "36.2", "45.0", "52.3"},
		"330803": {"12.4", "—", "18.9", "22.0"}, "330825": {"20.3", "25.6", "31.2", "38.5"},
		"330881": {"28.7", "35.1", "44.6", "53.0"}, "330822": {"11.2", "14.8", "18.3", "22.4"}, "330824": {"9.8", "12.5", "15.4", "19.1"},
	}
	for i, code := range []string{"330800", "330802", "330803", "330825", "330881", "330822", "330824"} {
		for j, stated := range values[code] {
			if stated == "—" {
				continue
			}
			n, _ := strconv.ParseFloat(stated, 64)
			v := models.FormatValue(n)
			want = append(want, fmt.Sprintf("%s %s %d %s %s亿元 表3-12!%c%d", code, m, 2014+j, v, stated, 'B'+j, 5+i))
		}
	}
	wantLines(t, "figures", figures(p), want)
	f := p.Figures[9] // 衢江区 2016 (its 2015 is missing)
	if f.Quote != "表3-12!D7：衢江区 年份 2016 网上零售额（亿元）" || f.Qualifier != models.QualifierExact || f.Status != models.FigureNew {
		t.Errorf("quote: %+v", f)
	}

	// answered: 网上零售额 is 网络零售额
	p = preview(t, db, readWorkbook(t, "yearbook.xlsx"), models.SheetImportOptions{Metrics: map[string]string{"网上零售额": "online_retail_sales"}})
	if len(p.Metrics) != 0 || p.Fixed.Key != "online_retail_sales" || p.Figures[0].MetricCode != "online_retail_sales" || p.Counts.Figures != 27 {
		t.Errorf("metric chosen: %+v %+v", p.Fixed, p.Metrics)
	}
}

func TestImportWPSWorkbookWithShortNames(t *testing.T) {
	db := openSeeded(t, "")
	wb := readWorkbook(t, "wps.xlsx")
	p := preview(t, db, wb, models.SheetImportOptions{})
	m := newMetric(t, p, "快递业务量")
	wantLines(t, "figures", figures(p), []string{
		"330100 " + m + " 2020 35123.4 ３５,１２３.４万件 Sheet1!B4",
		"330100 " + m + " 2021 41055 41,055.0万件 Sheet1!C4",
		"330100 " + m + " 2022 45120.6 45,120.6万件 Sheet1!D4",
		"330200 " + m + " 2020 12345 12,345万件 Sheet1!B5",
		"330200 " + m + " 2021 14567.8 14,567.8万件 Sheet1!C5",
		"330200 " + m + " 2022 16789 16,789万件 Sheet1!D5",
		"330300 " + m + " 2020 20456.7 20,456.7万件 Sheet1!B6",
		"330300 " + m + " 2022 25678.9 25,678.9万件 Sheet1!D6",
		"330800 " + m + " 2020 2345.6 2,345.6万件 Sheet1!B7",
		"330800 " + m + " 2021 2789.1 2,789.1万件 Sheet1!C7",
		"330800 " + m + " 2022 3012.5 3,012.5万件 Sheet1!D7",
	})
	for _, r := range p.Rows {
		if r.How != "简称" {
			t.Errorf("%s matched by %q", r.Text, r.How)
		}
	}
	if p.Counts.Missing != 1 || len(p.Problems) != 0 {
		t.Errorf("missing %d problems %v", p.Counts.Missing, problems(p))
	}
}

func TestImportGBKCSV(t *testing.T) {
	db := openSeeded(t, "")
	wb := readWorkbook(t, "gbk.csv")
	if wb.Encoding != "GB18030" {
		t.Errorf("encoding %q", wb.Encoding)
	}
	p := preview(t, db, wb, models.SheetImportOptions{})
	// the title names an existing metric and its unit
	if p.Fixed == nil || p.Fixed.Key != "online_retail_sales" || p.SourceLine != "商务部电子商务和信息化司" {
		t.Fatalf("fixed %+v source %q", p.Fixed, p.SourceLine)
	}
	wantLines(t, "figures", figures(p), []string{
		"330000 online_retail_sales 2019 19773.1 19773.1亿元 gbk!B3", "330000 online_retail_sales 2020 22608.1 22608.1亿元 gbk!C3", "330000 online_retail_sales 2021 25230.3 25230.3亿元 gbk!D3",
		"320000 online_retail_sales 2019 10253.7 10253.7亿元 gbk!B4", "320000 online_retail_sales 2020 11265.1 11265.1亿元 gbk!C4", "320000 online_retail_sales 2021 12371.2 12371.2亿元 gbk!D4",
		"440000 online_retail_sales 2019 28826.1 28826.1亿元 gbk!B5", "440000 online_retail_sales 2020 31565.6 31565.6亿元 gbk!C5", "440000 online_retail_sales 2021 34511.9 34511.9亿元 gbk!D5",
		"310000 online_retail_sales 2019 9987.6 9987.6亿元 gbk!B6", "310000 online_retail_sales 2020 11283.4 11283.4亿元 gbk!C6", "310000 online_retail_sales 2021 12654.2 12654.2亿元 gbk!D6",
	})
}

func TestImportTablePastedFromAWebPage(t *testing.T) {
	db := openSeeded(t, "")
	data, err := os.ReadFile(filepath.Join("sheet", "testdata", "pasted-web.txt"))
	if err != nil {
		t.Fatal(err)
	}
	wb, err := sheet.ReadText(string(data), sheet.DefaultLimits)
	if err != nil {
		t.Fatal(err)
	}
	// no title: the metric must be chosen
	p := preview(t, db, wb, models.SheetImportOptions{})
	if len(p.Figures) != 0 || !strings.Contains(strings.Join(problems(p), ","), models.ProblemNoMetric) {
		t.Fatalf("without a metric: %v", problems(p))
	}
	p = preview(t, db, wb, models.SheetImportOptions{Metric: "online_retail_sales"})
	wantLines(t, "figures", figures(p), []string{
		"330100 online_retail_sales 2019 9818.1 9,818.1 粘贴!B2", "330100 online_retail_sales 2020 10939.2 10,939.2 粘贴!C2",
		"330200 online_retail_sales 2019 2306.4 2,306.4 粘贴!B3",
		"330300 online_retail_sales 2019 1516.8 1,516.8 粘贴!B4", "330300 online_retail_sales 2020 1705.7 1,705.7 粘贴!C4",
	})
	if p.Counts.Missing != 1 || len(p.Problems) != 0 {
		t.Errorf("missing %d problems %v", p.Counts.Missing, problems(p))
	}
}

func TestImportMetricsAcrossWithMergedHeader(t *testing.T) {
	db := openSeeded(t, "")
	p := preview(t, db, readWorkbook(t, "metrics-across.xlsx"), models.SheetImportOptions{})
	if p.Layout != models.LayoutRegionMetric || p.Fixed == nil || p.Fixed.Key != "2020" {
		t.Fatalf("layout %s fixed %+v", p.Layout, p.Fixed)
	}
	express, rural := newMetric(t, p, "快递业务量"), newMetric(t, p, "农村网络零售额")
	wantLines(t, "figures", figures(p), []string{
		"330802 online_retail_sales 2020 60.2 60.2亿元 主要指标!B4", "330802 online_retail_growth 2020 15.1 15.1% 主要指标!C4",
		"330802 " + express + " 2020 8123 8123万件 主要指标!D4", "330802 " + rural + " 2020 12.3 12.3亿元 主要指标!E4",
		"330881 online_retail_sales 2020 70.5 70.5亿元 主要指标!B5", "330881 online_retail_growth 2020 12.4 12.4% 主要指标!C5",
		"330881 " + express + " 2020 9456 9456万件 主要指标!D5", "330881 " + rural + " 2020 20.1 20.1亿元 主要指标!E5",
		"330824 online_retail_sales 2020 25.3 25.3亿元 主要指标!B6", "330824 online_retail_growth 2020 18 18% 主要指标!C6",
		"330824 " + express + " 2020 3210 3210万件 主要指标!D6", "330824 " + rural + " 2020 10.2 10.2亿元 主要指标!E6",
	})
	if q := p.Figures[1].Quote; q != "主要指标!C4：柯城区 网络零售额 增长（%） 2020年" {
		t.Errorf("quote %q", q)
	}
}

func TestImportWanYuanIntoAMetricKeptInYi(t *testing.T) {
	db := openSeeded(t, "")
	p := preview(t, db, readWorkbook(t, "wanyuan.xlsx"), models.SheetImportOptions{})
	// 网络零售额 is kept in 亿元: 183,456 万元 is 18.3456 亿元, and the
	// figure keeps what the cell said
	wantLines(t, "figures", figures(p), []string{
		"330822 online_retail_sales 2018 18.3456 183,456万元 Sheet1!B4",
		"330824 online_retail_sales 2018 15.23 152,300万元 Sheet1!B5",
		"330825 online_retail_sales 2018 26.00125 260,012.5万元 Sheet1!B6",
	})
	// a unit of another kind cannot be converted
	p = preview(t, db, readWorkbook(t, "wanyuan.xlsx"), models.SheetImportOptions{Unit: "万件"})
	if len(p.Figures) != 0 || len(p.Problems) != 3 || p.Problems[0].Kind != models.ProblemUnitClash ||
		p.Problems[0].Cell != "Sheet1!B4" || !strings.Contains(p.Problems[0].Message, "无法换算") {
		t.Errorf("unit clash: %v", p.Problems)
	}
}

func TestImportAmbiguousNames(t *testing.T) {
	db := openSeeded(t, "")
	wb := readWorkbook(t, "ambiguous.xlsx")
	// among 玄武区, 秦淮区 and 建邺区, 鼓楼区 is Nanjing's
	p := preview(t, db, wb, models.SheetImportOptions{Sheet: "南京", Metric: "online_retail_sales"})
	wantLines(t, "figures", figures(p), []string{
		"320102 online_retail_sales 2020 100.5 100.5 南京!B2", "320104 online_retail_sales 2020 80.2 80.2 南京!B3",
		"320105 online_retail_sales 2020 120.3 120.3 南京!B4", "320106 online_retail_sales 2020 150.4 150.4 南京!B5",
	})
	if p.Rows[3].How != "按表中其他地区推断" {
		t.Errorf("鼓楼区 matched by %q", p.Rows[3].How)
	}
	// 南京市鼓楼区 is its parent's name and its own; the 鼓楼区 beside it is
	// then read as the same district, and given twice
	p = preview(t, db, wb, models.SheetImportOptions{Sheet: "鼓楼", Metric: "online_retail_sales"})
	if p.Rows[1].Key != "320106" || p.Rows[1].How != "上级+名称" || p.Rows[0].Key != "320106" {
		t.Errorf("rows: %+v", p.Rows)
	}
	wantLines(t, "problems", problems(p), []string{"鼓楼!B3 duplicate "})

	// alone, 鼓楼区 may be any of four districts: a person chooses
	alone, err := sheet.ReadText("地区\t2020\n鼓楼区\t88.8\n", sheet.DefaultLimits)
	if err != nil {
		t.Fatal(err)
	}
	p = preview(t, db, alone, models.SheetImportOptions{Metric: "online_retail_sales"})
	if len(p.Problems) != 1 || p.Problems[0].Kind != models.ProblemAmbiguousRegion || p.Problems[0].Label != "鼓楼区" || p.Problems[0].Cell != "粘贴!A2" {
		t.Fatalf("ambiguous: %+v", p.Problems)
	}
	var paths []string
	for _, c := range p.Problems[0].Candidates {
		paths = append(paths, c.Path)
	}
	wantLines(t, "candidates", paths, []string{"江苏省 南京市 鼓楼区", "江苏省 徐州市 鼓楼区", "福建省 福州市 鼓楼区", "河南省 开封市 鼓楼区"})
	p = preview(t, db, alone, models.SheetImportOptions{Metric: "online_retail_sales", Regions: map[string]string{"鼓楼区": "350102"}})
	wantLines(t, "chosen", figures(p), []string{"350102 online_retail_sales 2020 88.8 88.8 粘贴!B2"})
	p = preview(t, db, alone, models.SheetImportOptions{Metric: "online_retail_sales", Regions: map[string]string{"鼓楼区": models.ChoiceSkip}})
	if len(p.Figures) != 0 || len(p.Problems) != 0 {
		t.Errorf("skipped: %v %v", figures(p), problems(p))
	}
}

func TestImportPeriodsDownForOneRegion(t *testing.T) {
	db := openSeeded(t, "")
	wb := readWorkbook(t, "periods-down.xlsx")
	p := preview(t, db, wb, models.SheetImportOptions{})
	if p.Layout != models.LayoutPeriodMetric || p.Fixed == nil || p.Fixed.Key != "330800" {
		t.Fatalf("layout %s fixed %+v", p.Layout, p.Fixed)
	}
	express := newMetric(t, p, "快递业务量")
	if len(p.Figures) != 12 || p.Figures[0].MetricCode != "online_retail_sales" || p.Figures[1].MetricCode != express ||
		p.Figures[11].Period != "2020" || p.Figures[11].Value != 1.45 {
		t.Errorf("figures: %v", figures(p))
	}
	// quarters and year-to-date spans, the year from the title
	p = preview(t, db, wb, models.SheetImportOptions{Sheet: "季度"})
	wantLines(t, "quarters", figures(p), []string{
		"330800 online_retail_sales 2021Q1 70.1 70.1亿元 季度!B3", "330800 online_retail_sales 2021-01/06 150.2 150.2亿元 季度!B4",
		"330800 online_retail_sales 2021-01/09 230.3 230.3亿元 季度!B5", "330800 online_retail_sales 2021 320.4 320.4亿元 季度!B6",
	})
}

func TestImportLongTableByNames(t *testing.T) {
	db := openSeeded(t, "")
	p := preview(t, db, readWorkbook(t, "long.csv"), models.SheetImportOptions{})
	express := newMetric(t, p, "快递业务量")
	wantLines(t, "figures", figures(p), []string{
		"330800 online_retail_sales 2021 320.4 320.4亿元 long!D2",
		"330802 online_retail_sales 2021 80.5 80.5亿元 long!D3",
		"330800 " + express + " 2021 1.8 1.8亿件 long!D4",
	})
}

func TestImportProblemsByKind(t *testing.T) {
	db := openSeeded(t, "")
	text := "地区\t2019年\t2020年\t备注年\n" +
		"衢州市\t12.5\t十二\t\n" +
		"不存在市\t1\t2\t\n" +
		"衢州市\t3\t4\t\n"
	wb, err := sheet.ReadText(text, sheet.DefaultLimits)
	if err != nil {
		t.Fatal(err)
	}
	p := preview(t, db, wb, models.SheetImportOptions{Metric: "online_retail_sales", Source: models.SourceChoice{ID: "no-such-document"}})
	got := map[string]string{}
	for _, pr := range p.Problems {
		got[pr.Kind] = pr.Cell + " " + pr.Message
	}
	for kind, words := range map[string]string{
		models.ProblemNotANumber:    "粘贴!C2",
		models.ProblemUnknownRegion: "找不到名为“不存在市”的地区",
		models.ProblemDuplicate:     "粘贴!B4",
		models.ProblemSource:        "no-such-document",
	} {
		if !strings.Contains(got[kind], words) {
			t.Errorf("%s: %q, want %q", kind, got[kind], words)
		}
	}
	if p.CanCommit {
		t.Error("an import without its document may be committed")
	}
}

func TestImportCommitIsAllOrNothing(t *testing.T) {
	dbtest.ForEach(t, testImportCommitIsAllOrNothing)
}

func testImportCommitIsAllOrNothing(t *testing.T, databaseURL string) {
	db := openSeeded(t, databaseURL)
	p := preview(t, db, readWorkbook(t, "yearbook.xlsx"), models.SheetImportOptions{Source: models.SourceChoice{Date: "2018"}})
	if err := models.SavePreview(db, p, "alice", "yearbook.xlsx", "x"); err != nil {
		t.Fatal(err)
	}
	before, _ := models.CountAll(db)
	v0, _ := models.CurrentDataVersion(db)
	models.SetImportRowHook(func(n int) error {
		if n == len(p.Figures) {
			return errors.New("the disk is full")
		}
		return nil
	})
	_, err := models.CommitImport(db, p.ID, "alice", false)
	models.SetImportRowHook(nil)
	if err == nil || !strings.Contains(err.Error(), "the disk is full") {
		t.Fatalf("commit: %v", err)
	}
	after, _ := models.CountAll(db)
	v1, _ := models.CurrentDataVersion(db)
	if after != before || v1 != v0 {
		t.Fatalf("a failed commit changed the database: %+v → %+v, version %d → %d", before, after, v0, v1)
	}
	// the metric it would have created and the source are not there either
	if _, err := models.Metrics.Get(db, p.Metrics[0].Code); !errors.Is(err, models.ErrNotFound) {
		t.Errorf("metric left: %v", err)
	}
	// and the preview can still be committed
	rep, err := models.CommitImport(db, p.ID, "alice", false)
	if err != nil || rep.Counts.New != 27 {
		t.Fatalf("commit after the failure: %+v %v", rep, err)
	}
	after, _ = models.CountAll(db)
	if after.Observations != before.Observations+27 || after.Metrics != before.Metrics+1 || after.Sources != before.Sources+1 {
		t.Errorf("counts: %+v → %+v", before, after)
	}
}

func TestImportUndoRestoresChangedFiguresAndRefusesAfterEdits(t *testing.T) {
	dbtest.ForEach(t, testImportUndo)
}

func testImportUndo(t *testing.T, databaseURL string) {
	db := openSeeded(t, databaseURL)
	wb := readWorkbook(t, "gbk.csv")
	commit := func(opt models.SheetImportOptions) (*models.SheetPreview, models.CommitReport) {
		t.Helper()
		p := preview(t, db, wb, opt)
		if err := models.SavePreview(db, p, "alice", "gbk.csv", "x"); err != nil {
			t.Fatal(err)
		}
		rep, err := models.CommitImport(db, p.ID, "alice", false)
		if err != nil {
			t.Fatal(err)
		}
		return p, rep
	}
	first, _ := commit(models.SheetImportOptions{})
	// the same document again, with 浙江 2021 read in another unit: changed
	second, rep := commit(models.SheetImportOptions{Source: models.SourceChoice{ID: first.Source.ID}, Unit: "万元"})
	if rep.Counts.Changed != 12 || second.Figures[2].Old == nil || second.Figures[2].Old.Value != 25230.3 || second.Figures[2].Value != 2.52303 {
		t.Fatalf("second import: %+v %+v", rep.Counts, second.Figures[2])
	}
	if _, err := models.UndoImport(db, second.ID, "alice"); err != nil {
		t.Fatal(err)
	}
	obs, err := models.FindObservations(db, models.ObservationFilter{RegionCodes: []string{"330000"}, MetricCodes: []string{"online_retail_sales"}, Periods: []string{"2021"}, SourceIDs: []string{first.Source.ID}})
	if err != nil || len(obs) != 1 || obs[0].Value != 25230.3 || obs[0].Stated != "25230.3亿元" {
		t.Fatalf("restored: %+v %v", obs, err)
	}
	// an edit after the import keeps the import from being undone
	if _, err := models.UpdateObservation(db, "bob", obs[0].ID, models.ObservationInput{RegionCode: "330000", MetricCode: "online_retail_sales",
		Period: "2021", SourceID: first.Source.ID, Value: "25230.4", Quote: "改过"}); err != nil {
		t.Fatal(err)
	}
	var conflict *models.UndoConflictError
	if _, err := models.UndoImport(db, first.ID, "alice"); !errors.As(err, &conflict) || conflict.Count != 1 {
		t.Fatalf("undo after an edit: %v", err)
	}
	if n, _ := models.CountObservations(db, models.ObservationFilter{SourceIDs: []string{first.Source.ID}}); n != 12 {
		t.Errorf("a refused undo deleted figures: %d left", n)
	}
}
