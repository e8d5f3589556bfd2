package models

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strings"

	"gorm.io/gorm"
)

// The CSV format of figures, written by every CSV download and the export
// command and read by the import: UTF-8 with a BOM (so Excel and WPS read
// Chinese correctly), CRLF line ends, one header row naming the columns. An
// exported file imports again unchanged.

// csvBOM starts every CSV the app writes.
const csvBOM = "\uFEFF"

// csvColumn is one column of the format.
type csvColumn struct {
	name string
	// value is what the export writes for an observation.
	value func(o Observation) string
	// text marks free text, which the export neutralises (see neutralise).
	text bool
	// required columns must be in every import file's header.
	required bool
	// informational columns are written for people and ignored on import:
	// names, titles and units come from the region, metric and source
	// tables, which the admin API edits.
	informational bool
}

// csvColumns defines the format, in the order exports write it.
var csvColumns = []csvColumn{
	{name: "region_code", value: func(o Observation) string { return o.RegionCode }, required: true},
	{name: "region_name", value: func(o Observation) string { return o.Region.NameZH }, text: true, informational: true},
	{name: "metric_code", value: func(o Observation) string { return o.MetricCode }, required: true},
	{name: "metric_name", value: func(o Observation) string { return o.Metric.NameZH }, text: true, informational: true},
	{name: "unit", value: func(o Observation) string { return o.Metric.Unit }, text: true, informational: true},
	{name: "period", value: func(o Observation) string { return o.Period }, required: true},
	{name: "value", value: func(o Observation) string { return FormatValue(o.Value) }, required: true},
	{name: "value_max", value: func(o Observation) string {
		if o.ValueMax == nil {
			return ""
		}
		return FormatValue(*o.ValueMax)
	}},
	{name: "qualifier", value: func(o Observation) string { return o.Qualifier }},
	{name: "stated", value: func(o Observation) string { return o.Stated }, text: true},
	{name: "derived", value: func(o Observation) string { return fmt.Sprint(o.Derived) }},
	{name: "derivation", value: func(o Observation) string { return o.Derivation }, text: true},
	{name: "source_id", value: func(o Observation) string { return o.SourceID }, required: true},
	{name: "source_title", value: func(o Observation) string { return o.Source.DisplayTitle() }, text: true, informational: true},
	{name: "source_publisher", value: func(o Observation) string { return o.Source.Publisher }, text: true, informational: true},
	{name: "source_date", value: func(o Observation) string { return o.Source.PublishedOn }, informational: true},
	{name: "quote", value: func(o Observation) string { return o.Quote }, text: true, required: true},
	{name: "note", value: func(o Observation) string { return o.Note }, text: true},
	{name: "inferred", value: func(o Observation) string { return o.Inferred }, text: true},
	{name: "alt_stated", value: func(o Observation) string { return o.AltStated }, text: true},
	{name: "alt_quote", value: func(o Observation) string { return o.AltQuote }, text: true},
	{name: "metric_kind", value: func(o Observation) string { return o.Metric.KindLabel() }, text: true, informational: true},
	// subject names what a figure is about when that is not its region (a
	// platform: 阿里巴巴平台); empty for a region's own figure. Added after
	// the other columns, so a file from before it imports unchanged.
	{name: "subject", value: func(o Observation) string { return o.Metric.Subject }, text: true, informational: true},
}

// CSVColumns are the columns of the format in export order; on import the
// order is free, as the header row names the columns.
var CSVColumns = columnNames(func(csvColumn) bool { return true })

// RequiredImportColumns must be in every import file's header.
var RequiredImportColumns = columnNames(func(c csvColumn) bool { return c.required })

// InformationalImportColumns are written by the export for people and
// ignored on import.
var InformationalImportColumns = columnNames(func(c csvColumn) bool { return c.informational })

func columnNames(keep func(csvColumn) bool) []string {
	var out []string
	for _, c := range csvColumns {
		if keep(c) {
			out = append(out, c.name)
		}
	}
	return out
}

// neutralise keeps a spreadsheet from running text as a formula: a cell
// starting with =, +, -, @, tab or carriage return gets a leading
// apostrophe, as OWASP recommends for CSV injection.
func neutralise(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}

// unneutralise undoes neutralise on import: a cell that starts with an
// apostrophe followed by =, +, -, @, tab or CR loses the apostrophe.
func unneutralise(s string) string {
	if len(s) >= 2 && s[0] == '\'' && strings.ContainsRune("=+-@\t\r", rune(s[1])) {
		return s[1:]
	}
	return s
}

// csvWriter writes rows of the format.
type csvWriter struct {
	w   *csv.Writer
	row []string
}

// newCSVWriter writes the BOM and the header to w.
func newCSVWriter(w io.Writer) (*csvWriter, error) {
	if _, err := io.WriteString(w, csvBOM); err != nil {
		return nil, fmt.Errorf("write csv: %w", err)
	}
	cw := &csvWriter{w: csv.NewWriter(w), row: make([]string, len(csvColumns))}
	cw.w.UseCRLF = true
	if err := cw.w.Write(CSVColumns); err != nil {
		return nil, fmt.Errorf("write csv header: %w", err)
	}
	return cw, nil
}

// write writes one observation (its region, metric and source loaded),
// text neutralised.
func (cw *csvWriter) write(o *Observation) error {
	for i, c := range csvColumns {
		cw.row[i] = c.value(*o)
		if c.text {
			cw.row[i] = neutralise(cw.row[i])
		}
	}
	if err := cw.w.Write(cw.row); err != nil {
		return fmt.Errorf("write csv row: %w", err)
	}
	return nil
}

// close flushes what is buffered.
func (cw *csvWriter) close() error {
	cw.w.Flush()
	if err := cw.w.Error(); err != nil {
		return fmt.Errorf("write csv: %w", err)
	}
	return nil
}

// WriteCSV writes obs in the format: BOM, header, one row per observation
// (its region, metric and source loaded), CRLF line ends, text neutralised.
func WriteCSV(w io.Writer, obs []Observation) error {
	cw, err := newCSVWriter(w)
	if err != nil {
		return err
	}
	for i := range obs {
		if err := cw.write(&obs[i]); err != nil {
			return err
		}
	}
	return cw.close()
}

// ExportCSV writes the observations f selects (every one, for the zero
// filter) in the format, as WriteCSV does, reading them one at a time so
// that memory stays flat however many there are: the file ImportCSV reads
// back.
func ExportCSV(db *gorm.DB, f ObservationFilter, w io.Writer) error {
	cw, err := newCSVWriter(w)
	if err != nil {
		return err
	}
	if err := EachObservation(db, f, cw.write); err != nil {
		return fmt.Errorf("export: %w", err)
	}
	return cw.close()
}

// ParseBool reads the derived flag as written in a CSV cell or form:
// true/false, 1/0, yes/no, 是/否; empty is false.
func ParseBool(s string) (bool, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "", "false", "0", "no", "否", "n":
		return false, nil
	case "true", "1", "yes", "是", "y":
		return true, nil
	}
	return false, fmt.Errorf("%q 应为 true 或 false (must be true or false)", s)
}

// importRow is one parsed data record.
type importRow struct {
	line  int
	cells []string
}

// parsedImport is a file split into header and rows, cells un-neutralised.
type parsedImport struct {
	col  map[string]int // column name → index
	rows []importRow
}

func (p *parsedImport) has(col string) bool { _, ok := p.col[col]; return ok }

func (p *parsedImport) get(r importRow, col string) string {
	if i, ok := p.col[col]; ok && i < len(r.cells) {
		return r.cells[i]
	}
	return ""
}

// parseCSV reads the header and the records of an import file, with or
// without a BOM, CRLF or LF line ends. Structural problems (bad header,
// unparseable CSV, wrong cell count) come back as row errors.
func parseCSV(data []byte) (*parsedImport, []RowError) {
	data = bytes.TrimPrefix(data, []byte(csvBOM))
	r := csv.NewReader(bytes.NewReader(data))
	r.FieldsPerRecord = -1
	header, err := r.Read()
	if errors.Is(err, io.EOF) {
		return nil, []RowError{{Line: 1, Fields: map[string]string{"row": "文件为空，缺少表头 (empty file: no header row)"}}}
	}
	if err != nil {
		return nil, []RowError{{Line: 1, Fields: map[string]string{"row": fmt.Sprintf("表头无法解析 (unreadable header): %v", err)}}}
	}
	p := &parsedImport{col: map[string]int{}}
	known := map[string]bool{}
	for _, c := range CSVColumns {
		known[c] = true
	}
	fe := fieldErrors{}
	for i, h := range header {
		name := strings.ToLower(strings.TrimSpace(h))
		switch {
		case name == "":
			fe.add(fmt.Sprintf("column %d", i+1), "表头有空列名 (empty column name)")
		case !known[name]:
			fe.add(name, fmt.Sprintf("未知的列 %q；可用列：%s (unknown column)", h, strings.Join(CSVColumns, ", ")))
		case p.has(name):
			fe.add(name, "列名重复 (duplicate column)")
		default:
			p.col[name] = i
		}
	}
	for _, c := range RequiredImportColumns {
		if !p.has(c) {
			fe.add(c, "缺少必需的列 (required column missing)")
		}
	}
	if len(fe) > 0 {
		return nil, []RowError{{Line: 1, Fields: fe}}
	}
	var bad []RowError
	for {
		rec, err := r.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		var pe *csv.ParseError
		if err != nil && !(errors.As(err, &pe) && errors.Is(err, csv.ErrFieldCount)) {
			line := 0
			if errors.As(err, &pe) {
				line = pe.StartLine
			}
			bad = append(bad, RowError{Line: line, Fields: map[string]string{"row": fmt.Sprintf("CSV 格式错误 (malformed CSV): %v", err)}})
			if len(bad) > maxReportedRowErrors || !errors.As(err, &pe) {
				break
			}
			continue
		}
		line, _ := r.FieldPos(0)
		if blank(rec) {
			continue // Excel and WPS leave rows of empty cells at the end
		}
		if len(rec) != len(header) {
			bad = append(bad, RowError{Line: line, Fields: map[string]string{"row": fmt.Sprintf("有 %d 列，表头有 %d 列 (%d cells, header has %d)", len(rec), len(header), len(rec), len(header))}})
			continue
		}
		for i := range rec {
			rec[i] = unneutralise(rec[i])
		}
		p.rows = append(p.rows, importRow{line: line, cells: rec})
	}
	if len(bad) == 0 && len(p.rows) == 0 {
		bad = append(bad, RowError{Line: 2, Fields: map[string]string{"row": "文件没有数据行 (no data rows)"}})
	}
	return p, bad
}

func blank(rec []string) bool {
	for _, c := range rec {
		if strings.TrimSpace(c) != "" {
			return false
		}
	}
	return true
}

// IsFiguresCSV reports whether data is a CSV in this format: its header
// (after an optional BOM) names every required column. Other tables go
// through the import by name (PreviewSheet).
func IsFiguresCSV(data []byte) bool {
	data = bytes.TrimPrefix(data, []byte(csvBOM))
	line, _, _ := bytes.Cut(data, []byte("\n"))
	rec, err := csv.NewReader(bytes.NewReader(line)).Read()
	if err != nil {
		return false
	}
	have := map[string]bool{}
	for _, c := range rec {
		have[strings.TrimSpace(c)] = true
	}
	for _, c := range RequiredImportColumns {
		if !have[c] {
			return false
		}
	}
	return true
}
