package models

import (
	"errors"
	"fmt"
	"maps"
	"slices"

	"ecomdash/models/sheet"

	"gorm.io/gorm"
)

// The preview of a table import: the choices a person makes, and every
// figure, label, metric and problem the import would write or report, as
// the admin API answers it. sheetimport.go reads a table into it.

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

// MaxNewMetrics bounds the metrics one import creates: a table whose
// labels would make more is being read the wrong way round, or is not a
// table of figures, and its further labels are problems.
const MaxNewMetrics = 100

// MaxListedProblems bounds the problems a preview lists; the rest are
// counted in SheetPreview.MoreProblems.
const MaxListedProblems = 1000

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

// previewMetrics are the codes of the metrics p's figures are of.
func previewMetrics(p *SheetPreview) []string {
	metrics := map[string]bool{}
	for _, f := range p.Figures {
		metrics[f.MetricCode] = true
	}
	return slices.Sorted(maps.Keys(metrics))
}

// sourceFigures reads the figures one source has of some metrics, by key:
// what an import of that source compares with, writes over or undoes.
func sourceFigures(db *gorm.DB, sourceID string, metrics []string) (map[ObservationKey]Observation, error) {
	var rows []Observation
	if err := db.Where("source_id = ? AND metric_code IN ?", sourceID, metrics).Find(&rows).Error; err != nil {
		return nil, fmt.Errorf("load the figures of source %s: %w", sourceID, err)
	}
	out := make(map[ObservationKey]Observation, len(rows))
	for _, o := range rows {
		out[KeyOf(o)] = o
	}
	return out, nil
}

// compareFigures marks each figure new, changed or unchanged against the
// figures the same document already has in the database.
func compareFigures(db *gorm.DB, p *SheetPreview) error {
	if p.SourceNew || p.Source.ID == "" || len(p.Figures) == 0 {
		return nil
	}
	byKey, err := sourceFigures(db, p.Source.ID, previewMetrics(p))
	if err != nil {
		return err
	}
	for i := range p.Figures {
		f := &p.Figures[i]
		old, ok := byKey[ObservationKey{f.RegionCode, f.MetricCode, f.Period, p.Source.ID}]
		if !ok {
			f.Status, f.Old = FigureNew, nil
			continue
		}
		f.Old = &OldFigure{Value: old.Value, ValueMax: old.ValueMax, Stated: old.Stated, Shown: FormatFigure(old)}
		if old.Value == f.Value && sameBound(old.ValueMax, f.ValueMax) && old.Qualifier == f.Qualifier && old.Stated == f.Stated && old.Quote == f.Quote {
			f.Status = FigureUnchanged
		} else {
			f.Status = FigureChanged
		}
	}
	return nil
}
