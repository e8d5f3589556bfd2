package models

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"maps"
	"math"
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

// Layouts are the shapes of table an import reads: what the rows and the
// columns hold. The dimension neither holds is the same for the whole
// table: the title gives it, or a choice (SheetImportOptions.Metric,
// Period or Region).
var Layouts = Codes[string]{
	{LayoutRegionPeriod, "地区在行、时期在列（一个指标）"},
	{LayoutRegionMetric, "地区在行、指标在列（一个时期）"},
	{LayoutPeriodMetric, "时期在行、指标在列（一个地区）"},
	{LayoutPeriodRegion, "时期在行、地区在列（一个指标）"},
	{LayoutMetricPeriod, "指标在行、时期在列（一个地区）"},
	{LayoutMetricRegion, "指标在行、地区在列（一个时期）"},
	{LayoutLong, "每行一个数字（地区、指标、时期、数值各占一列）"},
}

// The layouts, named rows-columns.
const (
	LayoutRegionPeriod = "region-period"
	LayoutRegionMetric = "region-metric"
	LayoutPeriodMetric = "period-metric"
	LayoutPeriodRegion = "period-region"
	LayoutMetricPeriod = "metric-period"
	LayoutMetricRegion = "metric-region"
	LayoutLong         = "long"
)

// MaxImportFigures bounds the figures of one import: past it the preview is
// refused (a larger table is split into several files).
const MaxImportFigures = 50_000

// ChoiceSkip, as the choice for a region label, leaves its row or column out.
const ChoiceSkip = "-"

// ChoiceNewMetric, as the choice for a metric label, creates the metric.
const ChoiceNewMetric = "new"

// SheetImportOptions are the choices a person makes about one table. Each
// is optional: what is left empty is read from the table.
type SheetImportOptions struct {
	// Sheet names the worksheet ("" takes the first that holds a table).
	Sheet string `json:"sheet,omitempty"`
	// Layout is one of Layouts ("" detects it).
	Layout string `json:"layout,omitempty"`
	// HeaderRows is the number of header rows (0 detects them).
	HeaderRows int `json:"header_rows,omitempty"`
	// Metric is the code of the metric of a table with no metric axis
	// (the title's metric otherwise).
	Metric string `json:"metric,omitempty"`
	// Period is the period of a table with no period axis (the title's year otherwise).
	Period string `json:"period,omitempty"`
	// Region is the code of the region of a table with no region axis.
	Region string `json:"region,omitempty"`
	// Unit is the unit the table's figures are in, overriding the unit
	// line (a label's or a cell's own unit still wins).
	Unit string `json:"unit,omitempty"`
	// Regions maps a row or column label to a region code, or to
	// ChoiceSkip to leave it out: the answer to an ambiguous name.
	Regions map[string]string `json:"regions,omitempty"`
	// Metrics maps a label to a metric code, or to ChoiceNewMetric.
	Metrics map[string]string `json:"metrics,omitempty"`
	// Source is the document the figures come from.
	Source SourceChoice `json:"source"`
}

// SourceChoice names the document of an import: an existing source by ID,
// or a new one by title, publisher, date and link.
type SourceChoice struct {
	ID        string `json:"id,omitempty"`
	Title     string `json:"title,omitempty"`
	Publisher string `json:"publisher,omitempty"`
	Date      string `json:"published_on,omitempty"`
	URL       string `json:"url,omitempty"`
}

// SheetFigure is one figure an import would write.
type SheetFigure struct {
	RegionCode  string   `json:"region_code"`
	RegionName  string   `json:"region_name"`
	MetricCode  string   `json:"metric_code"`
	MetricName  string   `json:"metric_name"`
	Period      string   `json:"period"`
	PeriodLabel string   `json:"period_label"`
	Value       float64  `json:"value"`
	ValueMax    *float64 `json:"value_max,omitempty"`
	Qualifier   string   `json:"qualifier"`
	// Unit is the metric's unit, which Value is in.
	Unit string `json:"unit"`
	// Stated is what the cell said, with the unit it was in (183,456万元).
	Stated string `json:"stated"`
	// Cell locates the cell (表3-12!C7); Row and Col are its grid
	// position from 0.
	Cell  string `json:"cell"`
	Row   int    `json:"row"`
	Col   int    `json:"col"`
	Quote string `json:"quote"`
	// Status is new, changed or unchanged against the database.
	Status string `json:"status"`
	// Old is the figure it replaces, when changed or unchanged.
	Old *OldFigure `json:"old,omitempty"`
}

// OldFigure is the stored figure an imported one meets.
type OldFigure struct {
	Value    float64  `json:"value"`
	ValueMax *float64 `json:"value_max,omitempty"`
	Stated   string   `json:"stated,omitempty"`
	Shown    string   `json:"shown"`
}

// Figure statuses.
const (
	FigureNew       = "new"
	FigureChanged   = "changed"
	FigureUnchanged = "unchanged"
)

// SheetProblem is something in the table that keeps a cell, a row or a
// column from becoming a figure, or the import from being committed.
type SheetProblem struct {
	// Cell locates the cell (表3-12!A9); "" for the table as a whole.
	Cell string `json:"cell"`
	Row  int    `json:"row"`
	Col  int    `json:"col"`
	// Kind is one of the Problem* codes.
	Kind    string `json:"kind"`
	Message string `json:"message"`
	// Label is the row or column label concerned, the key of a choice.
	Label string `json:"label,omitempty"`
	// Candidates are the regions an ambiguous label may mean.
	Candidates []RegionCandidate `json:"candidates,omitempty"`
}

// Problem kinds.
const (
	ProblemUnknownRegion   = "unknown_region"
	ProblemAmbiguousRegion = "ambiguous_region"
	ProblemNoRegion        = "no_region"
	ProblemNoMetric        = "no_metric"
	ProblemNoPeriod        = "no_period"
	ProblemUnknownPeriod   = "unknown_period"
	ProblemNotANumber      = "not_a_number"
	ProblemUnitClash       = "unit_clash"
	ProblemNoUnit          = "no_unit"
	ProblemDuplicate       = "duplicate"
	ProblemSource          = "source"
)

// blocking problems stop a commit even when the others are accepted: the
// import as a whole has no document, or nothing to write.
var blockingProblems = []string{ProblemSource}

// SheetLabel is a row or column label as read and matched.
type SheetLabel struct {
	Index int    `json:"index"`
	Text  string `json:"text"`
	// Role is region, period or metric.
	Role string `json:"role"`
	// Key is what it matched: a region code, a period, a metric code; ""
	// when nothing.
	Key string `json:"key,omitempty"`
	// Name is how the app names what it matched (衢州市, 2016年, 网络零售额).
	Name string `json:"name,omitempty"`
	// How says how it matched (全称, 简称, 按表中其他地区推断, 新建 …).
	How  string `json:"how,omitempty"`
	Unit string `json:"unit,omitempty"`
}

// SheetMetric is a metric an import uses, existing or to be created.
type SheetMetric struct {
	Label string `json:"label"`
	Code  string `json:"code"`
	Name  string `json:"name"`
	Unit  string `json:"unit"`
	// New is true for a metric the commit creates.
	New bool   `json:"new"`
	How string `json:"how"`
	// Similar are existing metrics a new one may be meant as.
	Similar []MetricSuggestion `json:"similar,omitempty"`
}

// MetricSuggestion is an existing metric offered for a label.
type MetricSuggestion struct {
	Code string `json:"code"`
	Name string `json:"name"`
	Unit string `json:"unit"`
}

// SheetPreview is what an import would do, written to nothing: the
// table as read, how each label matched, every figure and every problem.
type SheetPreview struct {
	ID          string             `json:"id"`
	Status      string             `json:"status"`
	DataVersion int64              `json:"data_version"`
	FileName    string             `json:"file_name,omitempty"`
	SHA256      string             `json:"sha256"`
	Format      string             `json:"format"`
	Encoding    string             `json:"encoding,omitempty"`
	Producer    string             `json:"producer,omitempty"`
	Sheet       string             `json:"sheet"`
	Sheets      []string           `json:"sheets"`
	Layout      string             `json:"layout"`
	LayoutLabel string             `json:"layout_label"`
	Title       string             `json:"title,omitempty"`
	Unit        string             `json:"unit,omitempty"`
	Notes       []string           `json:"notes,omitempty"`
	SourceLine  string             `json:"source_line,omitempty"`
	Options     SheetImportOptions `json:"options"`
	// Source is the document as it will be recorded (an existing one or
	// the new one the commit creates).
	Source    Source       `json:"source"`
	SourceNew bool         `json:"source_new"`
	Rows      []SheetLabel `json:"rows"`
	Columns   []SheetLabel `json:"columns"`
	// Fixed names the dimension the whole table shares (its metric,
	// period or region), when it has one.
	Fixed    *SheetLabel    `json:"fixed,omitempty"`
	Metrics  []SheetMetric  `json:"metrics"`
	Figures  []SheetFigure  `json:"figures"`
	Problems []SheetProblem `json:"problems"`
	// MoreProblems counts the problems past MaxListedProblems, not listed.
	MoreProblems int          `json:"more_problems,omitempty"`
	Counts       ImportCounts `json:"counts"`
	// Grid is the top-left of the sheet as read (at most GridPreviewRows ×
	// GridPreviewCols cells), for showing the table with its problem cells.
	Grid [][]string `json:"grid"`
	// CanCommit is false while a blocking problem remains.
	CanCommit bool `json:"can_commit"`
}

// Bounds of the grid a preview carries back for display.
const (
	GridPreviewRows = 300
	GridPreviewCols = 40
)

// ImportCounts sums up a preview or a commit.
type ImportCounts struct {
	Figures   int `json:"figures"`
	New       int `json:"new"`
	Changed   int `json:"changed"`
	Unchanged int `json:"unchanged"`
	// Missing counts cells marked as missing (—, …, empty), never written.
	Missing  int `json:"missing"`
	Problems int `json:"problems"`
	// Metrics counts the metrics the import creates.
	Metrics int `json:"new_metrics"`
}

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

// MaxNewMetrics bounds the metrics one import creates: a table whose
// labels would make more is being read the wrong way round, or is not a
// table of figures, and its further labels are problems.
const MaxNewMetrics = 100

// MaxListedProblems bounds the problems a preview lists; the rest are
// counted in SheetPreview.MoreProblems.
const MaxListedProblems = 1000

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

// ErrNoSuchSheet is a sheet chosen that the workbook does not have.
var ErrNoSuchSheet = errors.New("没有这张工作表")

// ErrImportTooLarge is a table with more figures than MaxImportFigures.
var ErrImportTooLarge = errors.New("表格过大 (too many figures)")

// tally counts the figures and problems and says whether a commit may go on.
func (p *SheetPreview) tally() {
	c := ImportCounts{Figures: len(p.Figures), Problems: len(p.Problems) + p.MoreProblems, Missing: p.Counts.Missing}
	for _, f := range p.Figures {
		switch f.Status {
		case FigureNew:
			c.New++
		case FigureChanged:
			c.Changed++
		default:
			c.Unchanged++
		}
	}
	for _, m := range p.Metrics {
		if m.New {
			c.Metrics++
		}
	}
	p.Counts = c
	p.CanCommit = len(p.Figures) > 0 && !slices.ContainsFunc(p.Problems, func(pr SheetProblem) bool {
		return slices.Contains(blockingProblems, pr.Kind)
	})
}

// gridPreview copies the sheet's top-left corner.
func gridPreview(g sheet.Grid) [][]string {
	rows := min(len(g.Cells), GridPreviewRows)
	out := make([][]string, rows)
	for i := range rows {
		out[i] = slices.Clone(g.Cells[i][:min(len(g.Cells[i]), GridPreviewCols)])
	}
	return out
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

// importMetricCode is the code of a metric an import creates.
func importMetricCode(name, unit string) string {
	sum := sha256.Sum256([]byte(name + "\x00" + unit))
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

// titleWords are what a table's title says besides its metric: the table
// number, years, the areas it covers.
var titleWords = []string{"各县（市、区）", "各县(市、区)", "各县市区", "各市、县（区）", "各市县", "各地市", "各省（区、市）", "各省区市", "各省份", "各地区",
	"部分城市", "部分省份", "部分县", "部分地区", "分地区", "各市", "各区", "各县", "各省", "分季度", "分月", "主要指标", "情况", "统计", "一览表", "的", "及"}

// titleMetricName is what remains of a title once its number, years,
// places, unit and the words around them are taken out: 表3-12
// 2014—2017年衢州市各县（市、区）网上零售额 → 网上零售额. A metric the
// title names whole (网络零售额) is found first.
func (r *sheetReader) titleMetricName() string {
	t := r.tab.Title
	if t == "" {
		return ""
	}
	// the longest existing metric name in the title
	best := ""
	for _, m := range r.metrics {
		if m.Subject == "" && strings.Contains(t, m.NameZH) && utf8.RuneCountInString(m.NameZH) > utf8.RuneCountInString(best) {
			best = m.NameZH
		}
	}
	if best != "" {
		return best
	}
	name, _ := sheet.SplitUnit(t)
	name = reTableNumber.ReplaceAllString(name, "")
	name = reYears.ReplaceAllString(name, "")
	for _, reg := range r.regions.regionsIn(name) {
		name = strings.ReplaceAll(name, reg.NameZH, "")
	}
	for _, w := range titleWords {
		name = strings.ReplaceAll(name, w, "")
	}
	name = strings.Trim(strings.Join(strings.Fields(name), ""), "（）()：:，,、 ")
	if utf8.RuneCountInString(name) < 2 {
		return ""
	}
	return name
}

// metric matches a column's or row's label to a metric: the choice, then
// a metric of that name, then (a label under a merged header naming the
// metric: 网络零售额 over 绝对额, 增长) the header's name; otherwise a new
// metric with the label's name and unit.
func (r *sheetReader) metric(l sheet.Label) SheetMetric {
	name, unit := metricNameOf(l)
	if unit == "" {
		unit = r.p.Unit
	}
	key := l.Text()
	if l.Index < 0 {
		key = name
	}
	if code, ok := r.opt.Metrics[key]; ok && code != ChoiceNewMetric {
		if m := r.byCode[code]; m != nil {
			return SheetMetric{Label: key, Code: m.Code, Name: m.NameZH, Unit: m.Unit, How: "所选"}
		}
	}
	if _, chosenNew := r.opt.Metrics[key]; !chosenNew {
		norm := normaliseMetricName(name)
		for i := range r.metrics {
			m := &r.metrics[i]
			if m.Subject == "" && (normaliseMetricName(m.NameZH) == norm || m.Code == name) {
				return SheetMetric{Label: key, Code: m.Code, Name: m.NameZH, Unit: m.Unit, How: "名称相同"}
			}
		}
	}
	if unit == "" {
		return SheetMetric{Label: key, Name: name}
	}
	code := importMetricCode(name, unit)
	if m := r.byCode[code]; m != nil { // made by an earlier import
		return SheetMetric{Label: key, Code: m.Code, Name: m.NameZH, Unit: m.Unit, How: "名称相同"}
	}
	if sm := r.newMetrics[code]; sm != nil {
		return *sm
	}
	if len(r.newMetrics) >= MaxNewMetrics {
		return SheetMetric{Label: key, Name: name, Unit: unit, How: "过多"}
	}
	sm := &SheetMetric{Label: key, Code: code, Name: name, Unit: unit, New: true, How: "新建", Similar: r.similarMetrics(name)}
	r.newMetrics[code] = sm
	return *sm
}

// amountWords are inner headers that mean the outer header's own figure;
// growthWords those that mean its year-on-year growth.
var (
	amountWords = []string{"绝对额", "绝对值", "总额", "金额", "总量", "数量", "数值", "规模", "本期", "本年", "本年累计", "累计", "合计", "实绩", "完成额", "额"}
	growthWords = []string{"增长", "增速", "增长率", "同比增长", "同比", "比上年增长", "比上年同期增长", "增幅", "同比增速", "±%"}
)

// metricNameOf names the metric a label stands for, with the unit it gives.
func metricNameOf(l sheet.Label) (string, string) {
	name, unit := l.Name, l.Unit
	if len(l.Parts) > 1 {
		outer, outerUnit := sheet.SplitUnit(l.Parts[len(l.Parts)-2])
		switch {
		case slices.Contains(amountWords, name):
			name = outer
			if unit == "" {
				unit = outerUnit
			}
		case slices.Contains(growthWords, name):
			name, unit = outer+GrowthSuffix, "%"
		}
	}
	return strings.TrimSpace(name), unit
}

// normaliseMetricName drops what does not change a metric's meaning:
// spaces, quotation marks, brackets' shape.
func normaliseMetricName(s string) string { return metricNameNoise.Replace(s) }

var metricNameNoise = strings.NewReplacer(" ", "", "　", "", "“", "", "”", "", "\"", "", "(", "（", ")", "）")

// similarMetrics lists up to five existing metrics whose names share most
// characters with name (网上零售额 → 网络零售额 …).
func (r *sheetReader) similarMetrics(name string) []MetricSuggestion {
	type scored struct {
		m     *Metric
		score float64
	}
	a := bigrams(name)
	if r.metricBigrams == nil {
		r.metricBigrams = make([]map[string]int, len(r.metrics))
		for i, m := range r.metrics {
			r.metricBigrams[i] = bigrams(m.NameZH)
		}
	}
	var all []scored
	for i := range r.metrics {
		m := &r.metrics[i]
		if m.Subject != "" {
			continue
		}
		if s := dice(a, r.metricBigrams[i]); s >= 0.3 {
			all = append(all, scored{m, s})
		}
	}
	slices.SortStableFunc(all, func(x, y scored) int {
		if x.score != y.score {
			if x.score > y.score {
				return -1
			}
			return 1
		}
		return strings.Compare(x.m.Code, y.m.Code)
	})
	var out []MetricSuggestion
	for _, s := range all[:min(5, len(all))] {
		out = append(out, MetricSuggestion{Code: s.m.Code, Name: s.m.NameZH, Unit: s.m.Unit})
	}
	return out
}

// bigrams are the pairs of neighbouring characters of s.
func bigrams(s string) map[string]int {
	rs := []rune(normaliseMetricName(s))
	out := map[string]int{}
	for i := 0; i+1 < len(rs); i++ {
		out[string(rs[i:i+2])]++
	}
	return out
}

// dice is the Sørensen–Dice similarity of two bigram sets.
func dice(a, b map[string]int) float64 {
	na, nb, both := 0, 0, 0
	for k, n := range a {
		na += n
		both += min(n, b[k])
	}
	for _, n := range b {
		nb += n
	}
	if na+nb == 0 {
		return 0
	}
	return 2 * float64(both) / float64(na+nb)
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

// convertUnit converts v from one unit to another of the same base (万元 →
// 亿元 divides by 10⁴); a figure with no unit is taken to be in the
// metric's. ok is false for units of different bases (万件 → 亿元).
func convertUnit(v float64, from, to string) (float64, bool) {
	if from == "" || from == to {
		return v, true
	}
	fm, fb := splitUnitThousands(from)
	tm, tb := splitUnitThousands(to)
	if fb != tb {
		return 0, false
	}
	return roundSignificant(v * fm / tm), true
}

// splitUnitThousands is splitUnit, with 千 (千元) and 百万 as multipliers too.
func splitUnitThousands(unit string) (float64, string) {
	for _, w := range []struct {
		word string
		mult float64
	}{{"百万", 1e6}, {"千", 1e3}} {
		if rest, ok := strings.CutPrefix(unit, w.word); ok && rest != "" && rest != "米" && rest != "克" {
			return w.mult, rest
		}
	}
	return splitUnit(unit)
}

// roundSignificant rounds away the binary noise a unit conversion leaves
// (183456 万元 is 18.3456 亿元, not 18.345599999999997).
func roundSignificant(v float64) float64 {
	if v == 0 || math.IsInf(v, 0) || math.IsNaN(v) {
		return v
	}
	out, _ := strconv.ParseFloat(strconv.FormatFloat(v, 'g', 12, 64), 64)
	return out
}

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

// compareFigures marks each figure new, changed or unchanged against the
// figures the same document already has in the database.
func compareFigures(db *gorm.DB, p *SheetPreview) error {
	if p.SourceNew || p.Source.ID == "" || len(p.Figures) == 0 {
		return nil
	}
	metrics := map[string]bool{}
	for _, f := range p.Figures {
		metrics[f.MetricCode] = true
	}
	var existing []Observation
	if err := db.Where("source_id = ? AND metric_code IN ?", p.Source.ID, slices.Sorted(maps.Keys(metrics))).Find(&existing).Error; err != nil {
		return fmt.Errorf("load the source's figures: %w", err)
	}
	byKey := make(map[ObservationKey]*Observation, len(existing))
	for i := range existing {
		byKey[KeyOf(existing[i])] = &existing[i]
	}
	for i := range p.Figures {
		f := &p.Figures[i]
		old := byKey[ObservationKey{f.RegionCode, f.MetricCode, f.Period, p.Source.ID}]
		if old == nil {
			f.Status, f.Old = FigureNew, nil
			continue
		}
		f.Old = &OldFigure{Value: old.Value, ValueMax: old.ValueMax, Stated: old.Stated, Shown: FormatFigure(*old)}
		if old.Value == f.Value && sameBound(old.ValueMax, f.ValueMax) && old.Qualifier == f.Qualifier && old.Stated == f.Stated && old.Quote == f.Quote {
			f.Status = FigureUnchanged
		} else {
			f.Status = FigureChanged
		}
	}
	return nil
}
