package models

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"gorm.io/gorm"

	"ecomdash/models/sheet"
)

// This file turns a table read by package sheet into figures, by name:
// which of its axes holds regions, periods and metrics (the layout), what
// each label means, the unit of each cell, and every problem a person must
// see before anything is written. It writes nothing; importbatch.go keeps
// the result as a preview and commits or undoes it.

// sheetReader holds what reading one table needs.
type sheetReader struct {
	db      *gorm.DB
	regions *regionIndex
	metrics []Metric
	byCode  map[string]*Metric
	opt     SheetImportOptions
	tab     sheet.Table
	year    int
	p       *SheetPreview
	// newMetrics are the metrics to create, by code.
	newMetrics map[string]*SheetMetric
	// figures by natural key (region, metric, period), for duplicates.
	seen map[[3]string]string
	// moreProblems counts the problems past MaxListedProblems.
	moreProblems int
	// metricBigrams are the bigrams of metrics[i]'s name, made on first use.
	metricBigrams []map[string]int
}

// PreviewSheet reads the table in wb as opt says and returns what
// importing it would do; nothing is stored (see SavePreview). An error is
// a table that cannot be read at all (wrapping sheet.ErrEmpty …), or a
// failed query; everything else is a problem in the preview.
func PreviewSheet(db *gorm.DB, wb *sheet.Workbook, opt SheetImportOptions) (*SheetPreview, error) {
	if opt.Sheet != "" && !slices.ContainsFunc(wb.Sheets, func(g sheet.Grid) bool { return g.Name == opt.Sheet }) {
		names := make([]string, len(wb.Sheets))
		for i, g := range wb.Sheets {
			names[i] = "“" + g.Name + "”"
		}
		return nil, fmt.Errorf("%w：没有名为“%s”的工作表，工作簿里有 %s (no sheet named %q)", ErrNoSuchSheet, opt.Sheet, strings.Join(names, "、"), opt.Sheet)
	}
	grid, tab, err := sheet.FirstTable(wb, opt.Sheet, sheet.Options{HeaderRows: opt.HeaderRows})
	if err != nil {
		return nil, err
	}
	r := &sheetReader{db: db, opt: opt, tab: tab, newMetrics: map[string]*SheetMetric{}, seen: map[[3]string]string{}}
	if r.regions, err = loadRegionIndex(db); err != nil {
		return nil, err
	}
	if err := db.Order("code").Find(&r.metrics).Error; err != nil {
		return nil, fmt.Errorf("load metrics: %w", err)
	}
	r.byCode = make(map[string]*Metric, len(r.metrics))
	for i := range r.metrics {
		r.byCode[r.metrics[i].Code] = &r.metrics[i]
	}
	r.year = sheet.YearIn(tab.Title)
	p := &SheetPreview{
		Status: BatchPreview, Format: wb.Format, Encoding: wb.Encoding, Producer: wb.Producer,
		Sheet: grid.Name, Title: tab.Title, Unit: tab.Unit, Notes: tab.Notes, SourceLine: tab.Source,
		Options: opt, Figures: []SheetFigure{}, Problems: []SheetProblem{}, Metrics: []SheetMetric{},
	}
	if opt.Unit != "" {
		p.Unit = opt.Unit
	}
	for _, g := range wb.Sheets {
		p.Sheets = append(p.Sheets, g.Name)
	}
	p.Grid = gridPreview(grid)
	r.p = p
	if p.DataVersion, err = CurrentDataVersion(db); err != nil {
		return nil, err
	}
	if err := r.source(); err != nil {
		return nil, err
	}
	if tab.Long != nil || opt.Layout == LayoutLong {
		r.readLong()
	} else {
		r.readWide()
	}
	if len(p.Figures) > MaxImportFigures {
		return nil, fmt.Errorf("%w: 表中的数字超过 %d 个，一次最多导入 %d 个，请分成几个文件 (more than %d figures)",
			ErrImportTooLarge, MaxImportFigures, MaxImportFigures, MaxImportFigures)
	}
	p.MoreProblems = r.moreProblems
	for _, code := range slices.Sorted(maps.Keys(r.newMetrics)) {
		p.Metrics = append(p.Metrics, *r.newMetrics[code])
	}
	if err := compareFigures(db, p); err != nil {
		return nil, err
	}
	p.tally()
	return p, nil
}

// problem records a problem at a grid cell (row or col -1 for none).
func (r *sheetReader) problem(row, col int, kind, label, msg string, cands []RegionCandidate) {
	if len(r.p.Problems) >= MaxListedProblems {
		r.moreProblems++
		return
	}
	cell := ""
	if row >= 0 && col >= 0 {
		cell = r.tab.Sheet + "!" + sheet.ColumnName(col) + strconv.Itoa(row+1)
	} else if row >= 0 {
		cell = r.tab.Sheet + "!" + strconv.Itoa(row+1) + ":" + strconv.Itoa(row+1)
	} else if col >= 0 {
		cell = r.tab.Sheet + "!" + sheet.ColumnName(col) + ":" + sheet.ColumnName(col)
	}
	r.p.Problems = append(r.p.Problems, SheetProblem{Cell: cell, Row: row, Col: col, Kind: kind, Message: msg, Label: label, Candidates: cands})
}

// source settles the document: an existing source by ID, or a new one
// from the choice, defaulted from the table's title and source line.
func (r *sheetReader) source() error {
	c := r.opt.Source
	if c.ID != "" {
		s, err := Sources.Get(r.db, c.ID)
		if err != nil {
			if isNotFound(err) {
				r.problem(-1, -1, ProblemSource, "", fmt.Sprintf("没有编号为 %q 的来源文件 (no such source)", c.ID), nil)
				return nil
			}
			return err
		}
		r.p.Source = s
		return nil
	}
	s := Source{
		Title: strings.TrimSpace(c.Title), Publisher: strings.TrimSpace(c.Publisher),
		PublishedOn: strings.TrimSpace(c.Date), URL: strings.TrimSpace(c.URL), Kind: KindStatistics,
	}
	if s.Title == "" {
		s.Title = r.tab.Title
	}
	if s.Publisher == "" {
		s.Publisher = r.tab.Source
	}
	s.ID = importSourceID(s)
	s.Summary = "由导入的表格登记（" + r.tab.Sheet + "）"
	r.p.Source, r.p.SourceNew = s, true
	fe, _ := validateSource(nil, s)
	for _, field := range slices.Sorted(maps.Keys(fe)) {
		if field == "id" {
			continue
		}
		r.problem(-1, -1, ProblemSource, "", "来源文件："+fe[field], nil)
	}
	// the same document registered by an earlier import is reused
	if existing, err := Sources.Get(r.db, s.ID); err == nil {
		r.p.Source, r.p.SourceNew = existing, false
	} else if !isNotFound(err) {
		return err
	}
	return nil
}

// importSourceID is a stable id for a document registered by an import:
// the same title, publisher and date give the same id.
func importSourceID(s Source) string {
	sum := sha256.Sum256([]byte(s.Title + "\x00" + s.Publisher + "\x00" + s.PublishedOn))
	return "import-" + hex.EncodeToString(sum[:6])
}

// axis roles
const (
	roleRegion = "region"
	rolePeriod = "period"
	roleMetric = "metric"
)

// layoutRoles gives a layout's row and column roles.
func layoutRoles(layout string) (rows, cols string) {
	a, b, _ := strings.Cut(layout, "-")
	return a, b
}

// classify guesses what an axis's labels are: periods when most read as
// periods, regions when most match a region, metrics otherwise.
func (r *sheetReader) classify(labels []sheet.Label) string {
	if len(labels) == 0 {
		return roleMetric
	}
	periods, regions := 0, 0
	for _, l := range labels {
		if _, ok := r.period(l); ok {
			periods++
		}
		if rs, _ := r.regions.match(l.Name); len(rs) > 0 || slices.Contains(wholeWords, cleanRegionLabel(l.Name)) {
			regions++
		}
	}
	switch {
	case periods*2 > len(labels):
		return rolePeriod
	case regions*2 > len(labels):
		return roleRegion
	}
	return roleMetric
}

// respectChoices keeps a dimension the choices fix for the whole table
// (a metric, a period or a region chosen) off both axes: an axis guessed
// to hold it holds the dimension neither axis has instead.
func (r *sheetReader) respectChoices(rowRole, colRole string) (string, string) {
	fixed := map[string]bool{roleMetric: r.opt.Metric != "", rolePeriod: r.opt.Period != "", roleRegion: r.opt.Region != ""}
	free := func(other string) string {
		for _, role := range []string{roleRegion, rolePeriod, roleMetric} {
			if !fixed[role] && role != other {
				return role
			}
		}
		return other
	}
	if fixed[rowRole] {
		rowRole = free(colRole)
	}
	if fixed[colRole] {
		colRole = free(rowRole)
	}
	return rowRole, colRole
}

// period reads a label as a period: its innermost part, then its text.
func (r *sheetReader) period(l sheet.Label) (string, bool) {
	for _, s := range []string{lastPart(l), l.Name, l.Text()} {
		if p, ok := sheet.ParsePeriod(s, r.year); ok {
			return p, true
		}
	}
	return "", false
}

func lastPart(l sheet.Label) string {
	if len(l.Parts) == 0 {
		return ""
	}
	return l.Parts[len(l.Parts)-1]
}

// readWide reads a table of labelled rows and columns.
func (r *sheetReader) readWide() {
	p, tab := r.p, r.tab
	rowRole, colRole := layoutRoles(r.opt.Layout)
	if !Layouts.Has(r.opt.Layout) || r.opt.Layout == LayoutLong {
		rowRole, colRole = r.classify(tab.Rows), r.classify(tab.Columns)
		rowRole, colRole = r.respectChoices(rowRole, colRole)
		if rowRole == colRole {
			// two axes of one kind: the side with periods or regions keeps
			// them, the other holds metrics
			if rowRole == roleMetric {
				rowRole = roleRegion
			} else {
				colRole = roleMetric
			}
		}
	}
	p.Layout = rowRole + "-" + colRole
	p.LayoutLabel = Layouts.Label(p.Layout)
	rows := r.labels(tab.Rows, rowRole, true)
	cols := r.labels(tab.Columns, colRole, false)
	p.Rows, p.Columns = rows, cols
	fixed := r.fixed(rowRole, colRole)
	if fixed != nil {
		p.Fixed = fixed
	}
	for i, rl := range rows {
		for j, cl := range cols {
			text := tab.Cell(i, j)
			var dims = map[string]SheetLabel{rl.Role: rl, cl.Role: cl}
			if fixed != nil {
				dims[fixed.Role] = *fixed
			}
			r.figure(tab.Rows[i].Index, tab.Columns[j].Index, tab.Locator(i, j), text, dims,
				unitOf(tab.Rows[i], tab.Columns[j]), quoteOf(tab.Rows[i].Text(), tab.Columns[j].Text(), fixed))
		}
	}
}

// unitOf is the unit a row's or a column's label gives (the row's first).
func unitOf(row, col sheet.Label) string {
	if row.Unit != "" {
		return row.Unit
	}
	return col.Unit
}

// quoteOf is the headers a figure was read from: 衢州市 年份 2016 网上零售额（亿元）.
func quoteOf(row, col string, fixed *SheetLabel) string {
	parts := []string{row, col}
	if fixed != nil && fixed.Text != "" {
		parts = append(parts, fixed.Text)
	}
	return strings.Join(slices.DeleteFunc(parts, func(s string) bool { return s == "" }), " ")
}

// labels matches an axis's labels to what its role says they are.
func (r *sheetReader) labels(ls []sheet.Label, role string, isRow bool) []SheetLabel {
	out := make([]SheetLabel, len(ls))
	var regionMatches map[string]RegionMatch
	if role == roleRegion {
		texts := make([]string, len(ls))
		for i, l := range ls {
			texts[i] = l.Name
		}
		rr := &regionResolver{ix: r.regions, title: r.regions.regionsIn(r.tab.Title), chosen: r.opt.Regions}
		regionMatches = rr.resolve(texts)
	}
	for i, l := range ls {
		sl := SheetLabel{Index: l.Index, Text: l.Text(), Role: role, Unit: l.Unit}
		row, col := -1, l.Index
		if isRow {
			row, col = l.Index, r.tab.LabelColumns[0]
		} else if len(r.tab.HeaderRows) > 0 {
			row = r.tab.HeaderRows[len(r.tab.HeaderRows)-1]
		}
		switch role {
		case roleRegion:
			m := regionMatches[l.Name]
			switch {
			case m.Code == ChoiceSkip || (m.How == "所选" && m.Code == ""):
				sl.How = "不导入"
			case m.Code != "":
				reg := r.regions.byCode[m.Code]
				if reg == nil {
					r.problem(row, col, ProblemUnknownRegion, l.Name, fmt.Sprintf("所选地区代码 %q 不存在 (no such region)", m.Code), nil)
					break
				}
				sl.Key, sl.Name, sl.How = reg.Code, reg.NameZH, m.How
			case len(m.Candidates) > 0:
				r.problem(row, col, ProblemAmbiguousRegion, l.Name, fmt.Sprintf("“%s”可指 %d 个地区，请选择 (ambiguous region name)", l.Name, len(m.Candidates)), m.Candidates)
			default:
				r.problem(row, col, ProblemUnknownRegion, l.Name, fmt.Sprintf("找不到名为“%s”的地区 (unknown region)", l.Name), nil)
			}
		case rolePeriod:
			if per, ok := r.period(l); ok {
				sl.Key, sl.Name = per, PeriodLabel(per)
			} else {
				r.problem(row, col, ProblemUnknownPeriod, l.Text(), fmt.Sprintf("“%s”不是时期（如 2016、2016年、2016年一季度、2016年1-6月）(not a period)", l.Text()), nil)
			}
		case roleMetric:
			m := r.metric(l)
			switch {
			case m.Code != "":
				sl.Key, sl.Name, sl.How, sl.Unit = m.Code, m.Name, m.How, m.Unit
			case m.How == "过多":
				r.problem(row, col, ProblemNoMetric, l.Text(), fmt.Sprintf("一次最多新建 %d 个指标：“%s”未导入；如果这些是地区或时期，请改选表的结构 (too many new metrics)", MaxNewMetrics, l.Text()), nil)
			default:
				r.problem(row, col, ProblemNoUnit, l.Text(), fmt.Sprintf("新指标“%s”没有单位：请在表中写明，或在“单位”中填写 (the new metric has no unit)", m.Name), nil)
			}
		}
		out[i] = sl
	}
	return out
}

// fixed settles the dimension the whole table shares.
func (r *sheetReader) fixed(rowRole, colRole string) *SheetLabel {
	roles := []string{roleRegion, rolePeriod, roleMetric}
	missing := slices.DeleteFunc(roles, func(s string) bool { return s == rowRole || s == colRole })
	if len(missing) != 1 {
		return nil
	}
	switch missing[0] {
	case roleMetric:
		return r.fixedMetric()
	case rolePeriod:
		per := r.opt.Period
		if per == "" {
			if y := sheet.YearIn(r.tab.Title); y != 0 {
				per = strconv.Itoa(y)
			}
		}
		if _, err := ParsePeriod(per); err != nil {
			r.problem(-1, -1, ProblemNoPeriod, "", "表中没有时期：请选择这些数字的时期（标题中也没有年份）(no period: choose one)", nil)
			return nil
		}
		how := "标题"
		if r.opt.Period != "" {
			how = "所选"
		}
		return &SheetLabel{Index: -1, Role: rolePeriod, Key: per, Name: PeriodLabel(per), How: how, Text: PeriodLabel(per)}
	case roleRegion:
		code := r.opt.Region
		how := "所选"
		if code == "" {
			in := r.regions.regionsIn(r.tab.Title)
			switch len(in) {
			case 1:
				code, how = in[0].Code, "标题"
			case 0:
				r.problem(-1, -1, ProblemNoRegion, "", "表中没有地区：请选择这些数字所属的地区 (no region: choose one)", nil)
				return nil
			default:
				var cands []RegionCandidate
				for _, reg := range in {
					cands = append(cands, r.regions.candidate(reg))
				}
				r.problem(-1, -1, ProblemNoRegion, "", "标题中有几个地区名：请选择这些数字所属的地区 (several regions in the title: choose one)", cands)
				return nil
			}
		}
		reg := r.regions.byCode[code]
		if reg == nil {
			r.problem(-1, -1, ProblemNoRegion, "", fmt.Sprintf("所选地区代码 %q 不存在 (no such region)", code), nil)
			return nil
		}
		return &SheetLabel{Index: -1, Role: roleRegion, Key: reg.Code, Name: reg.NameZH, How: how, Text: reg.NameZH}
	}
	return nil
}

// fixedMetric is the metric of a table with no metric axis: the choice, or
// the metric the title names, or a new metric named after the title.
func (r *sheetReader) fixedMetric() *SheetLabel {
	unit := r.p.Unit
	if code := r.opt.Metric; code != "" {
		m := r.byCode[code]
		if m == nil {
			r.problem(-1, -1, ProblemNoMetric, "", fmt.Sprintf("所选指标 %q 不存在 (no such metric)", code), nil)
			return nil
		}
		return &SheetLabel{Index: -1, Role: roleMetric, Key: m.Code, Name: m.NameZH, How: "所选", Unit: m.Unit, Text: withUnit(m.NameZH, unit)}
	}
	name := r.titleMetricName()
	if name == "" {
		r.problem(-1, -1, ProblemNoMetric, "", "表中没有指标名：请选择这些数字的指标 (no metric: choose one)", nil)
		return nil
	}
	l := sheet.Label{Index: -1, Parts: []string{name}, Name: name, Unit: ""}
	m := r.metric(l)
	if m.Code == "" {
		r.problem(-1, -1, ProblemNoUnit, name, fmt.Sprintf("新指标“%s”没有单位：请在“单位”中填写 (the new metric has no unit)", name), nil)
		return nil
	}
	return &SheetLabel{Index: -1, Role: roleMetric, Key: m.Code, Name: m.Name, How: m.How, Unit: m.Unit, Text: withUnit(name, unit)}
}

func withUnit(name, unit string) string {
	if unit == "" {
		return name
	}
	return name + "（" + unit + "）"
}

// figure reads one data cell whose row, column and the table give its
// region, period and metric.
func (r *sheetReader) figure(row, col int, cell, text string, dims map[string]SheetLabel, labelUnit, headers string) {
	reg, per, met := dims[roleRegion], dims[rolePeriod], dims[roleMetric]
	if reg.Key == "" || per.Key == "" || met.Key == "" || len(r.p.Figures) > MaxImportFigures {
		return // the label's problem is already listed once
	}
	n, missing, err := sheet.ParseNumber(text)
	if missing {
		r.p.Counts.Missing++
		return
	}
	if err != nil {
		r.problem(row, col, ProblemNotANumber, "", err.Error(), nil)
		return
	}
	m := r.metricByCode(met.Key)
	from := n.Unit
	if from == "" {
		from = labelUnit
	}
	if from == "" {
		from = r.p.Unit
	}
	value, ok := convertUnit(n.Value*n.Multiplier(), from, m.Unit)
	if !ok {
		r.problem(row, col, ProblemUnitClash, "", fmt.Sprintf("单位“%s”与指标“%s”的单位“%s”不同，无法换算 (unit clash)", from, m.NameZH, m.Unit), nil)
		return
	}
	var vmax *float64
	if n.Max != nil {
		v, _ := convertUnit(*n.Max*n.Multiplier(), from, m.Unit)
		vmax = &v
	}
	stated := text
	if n.Unit == "" && from != "" {
		stated += from
	}
	key := [3]string{reg.Key, met.Key, per.Key}
	if first, dup := r.seen[key]; dup {
		r.problem(row, col, ProblemDuplicate, "", fmt.Sprintf("与 %s 是同一地区、指标和时期的数字，只导入 %s (same region, metric and period as %s)", first, first, first), nil)
		return
	}
	r.seen[key] = cell
	q := n.Qualifier
	if q == "" {
		q = QualifierExact
	}
	quote := cell + "：" + headers
	if utf8.RuneCountInString(quote) > maxQuoteLen {
		quote = string([]rune(quote)[:maxQuoteLen])
	}
	r.p.Figures = append(r.p.Figures, SheetFigure{
		RegionCode: reg.Key, RegionName: reg.Name, MetricCode: m.Code, MetricName: m.NameZH,
		Period: per.Key, PeriodLabel: PeriodLabel(per.Key), Value: value, ValueMax: vmax, Qualifier: q,
		Unit: m.Unit, Stated: stated, Cell: cell, Row: row, Col: col, Quote: quote, Status: FigureNew,
	})
}

// metricByCode returns an existing metric or the one the import creates.
func (r *sheetReader) metricByCode(code string) Metric {
	if m := r.byCode[code]; m != nil {
		return *m
	}
	sm := r.newMetrics[code]
	return Metric{Code: code, NameZH: sm.Name, Unit: sm.Unit, Kind: MetricStatistic}
}
