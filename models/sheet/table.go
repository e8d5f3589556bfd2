package sheet

import (
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Table is a Grid read as a person reads a statistical table: the lines
// above it, its header, its labelled rows of data, and the lines below.
//
//	表3-12  2014—2016年衢州市各县（市、区）网络零售额        ← Title
//	                                          单位：亿元     ← Unit
//	地区    |        年份（merged across）                   ← header row 1
//	        | 2014     | 2015     | 2016                    ← header row 2
//	衢州市  | 120.5    | 150.2    | 190.3                   ← data rows
//	柯城区  | 30.1     | —        | 45.0
//	注：2016年起按新口径统计。                               ← Notes
//	资料来源：衢州市统计局                                   ← Source
type Table struct {
	// Sheet is the grid's name, for locators.
	Sheet string
	// Title is the title line(s) above the header, joined by a space,
	// with a table number kept and runs of spaces collapsed ("表3-12
	// 2014—2016年…"); "" when none.
	Title string
	// Unit is the unit a unit line states (UnitLine), above or below the
	// table or in the header's last cell; "" when none.
	Unit string
	// Source is the text after the colon of a 资料来源：/数据来源：/来源：
	// line below (or above) the table; "" when none.
	Source string
	// Notes are the 注：/说明：/备注： lines below the table, whole.
	Notes []string
	// HeaderRows are the grid rows of the column header, top first.
	HeaderRows []int
	// LabelColumns are the grid columns that label the rows, left first
	// (usually one; two when a 单位 column or a code column follows the names).
	LabelColumns []int
	// Corner is the text of the header over the label column(s): "地区",
	// "指标", "年份", "" when blank.
	Corner string
	// Columns label the data columns, left to right; Rows the data rows,
	// top to bottom. Blank rows and columns between them are left out.
	Columns, Rows []Label
	// Long is set when the table is a long list with one figure per row
	// (a header naming region, metric, period and value columns, as the
	// export writes it): Columns and Rows then still list the grid's
	// columns and rows, and Long says which column holds what.
	Long *LongColumns
	// grid is the sheet the table was read from.
	grid Grid
}

// Label is a row's or a column's header.
type Label struct {
	// Index is the grid row (for a row) or column (for a column).
	Index int
	// Parts are the header texts from outermost to innermost, a merged
	// cell's text repeated where it spans, blanks and repeats of the part
	// before dropped: ("年份", "2016"), ("网络零售额", "增长（%）"), ("衢州市").
	Parts []string
	// Name is the innermost part without its unit (SplitUnit), and Unit
	// the unit found in any part (innermost first) or, for a row, in its
	// 单位 column; "" when none.
	Name, Unit string
	// Indent is the level of a row label marked as a sub-item by leading
	// spaces (full-width or not) or a leading 其中：/#, 0 otherwise.
	Indent int
	// Code is a row's text in a code column (a 代码/区划代码 column of
	// 6–12 digit codes next to the names), kept out of Parts so that Name
	// stays the name; "" when the table has none.
	Code string
}

// Text is the label as written, its parts joined by a space.
func (l Label) Text() string {
	s := ""
	for i, p := range l.Parts {
		if i > 0 {
			s += " "
		}
		s += p
	}
	return s
}

// LongColumns says which grid column of a long table holds what; -1 for
// a column the table lacks. Region, Period and Value are required; a
// missing Metric is given by the import's choice.
type LongColumns struct {
	Region, Metric, Period, Value, Unit, Quote int
}

// Cell returns the text of the data cell at Rows[i], Columns[j].
func (t Table) Cell(i, j int) string { return t.grid.At(t.Rows[i].Index, t.Columns[j].Index) }

// Locator names the data cell at Rows[i], Columns[j]: "表3-12!C7".
func (t Table) Locator(i, j int) string { return t.grid.Locator(t.Rows[i].Index, t.Columns[j].Index) }

// Options are a person's corrections to the reading.
type Options struct {
	// HeaderRows, when above 0, is the number of header rows (the rows
	// directly above the first data row); 0 detects them.
	HeaderRows int
	// FirstDataRow, when above 0, is the grid row (from 1, as the
	// spreadsheet numbers it) of the first data row; 0 detects it.
	FirstDataRow int
}

// Analyse reads g as a table (see Table). The body is the largest block of
// rows whose cells right of the labels are mostly numbers or missing marks
// (ParseNumber); the header is the rows of text directly above it; lines
// above the header with one text each (often merged across) are the title
// or the unit line; rows below the body that start 注/说明/资料来源/数据来源
// are notes and source, and so is everything after the first of them. An
// error wrapping ErrEmpty says that g holds no table.
//
// The rules in detail:
//   - A row is a data row when, from its first figure on, figures and
//     missing marks are at least as many as texts; a row of a label and
//     missing marks only ("开化县 — —") belongs to a body, but rows of
//     missing marks alone are none. The body is the longest run of such rows; of two tables
//     stacked on one sheet the larger is read, the first when they are of
//     one size. A blank row or any other text row ends the body, but for a
//     group heading between data rows: one short text (12 characters or
//     fewer, not 表…, not a note, source or unit line) in the label column,
//     a data row below; it is a Row whose figures are blank.
//   - A row of years written as numbers right above the figures ("地区
//     2019 2020 2021", or 2014.0) is the header's last row, unless the row
//     below it is one too.
//   - Label columns are the columns left of the first column that is
//     mostly figures. A figure column before another one is a label column
//     too when it is a code column (代码/区划代码/编码 over 6–12 digit
//     codes: Label.Code, not a part), a sequence column (1, 2, 3 … under
//     序号/编号, or under no header over three rows or more, followed by a
//     text column: left out) or, with no text column before it, a column of years (under
//     年份/时期/年度, or running one by one over three rows or more). A label
//     column headed 单位/计量单位, or such a column right of the figures,
//     gives each row's Unit. A row's Parts are its label columns' texts
//     (repeats dropped); its Indent counts two spaces or one full-width
//     space, a leading 其中： and each leading # as a level (the reader
//     trims cells, so mostly only 其中： and # are left); its Name is the
//     innermost part without those marks and without its unit.
//   - Data columns are the columns right of the labels with a figure or a
//     missing mark in the body; a column of text only (备注) is left out.
//   - The header is up to four rows of text directly above the body,
//     ending at a blank row, a unit line or a title: a row with one distinct
//     text. Such a row still belongs to the header when its text is short
//     (8 characters or fewer, not 表…) and stands over the data columns
//     only ("年份" merged across them), or over the label columns only
//     with a blank corner below. A unit line in a header cell gives Unit
//     and is no part. In a grid without merge marks (CSV, pasted), a blank
//     cell of an upper header row takes the text on its left, as a merged
//     cell would have. A column's Parts are its header texts top first,
//     blanks and repeats dropped; Name and Unit come from SplitUnit. The
//     Corner is the header over the name column(s) (over a code, sequence
//     or unit column when that is blank).
//   - Above the header, up to ten non-blank rows are read, upwards, until
//     a data row or a row with several texts: one text is a title line
//     (spaces collapsed, the table number kept), a unit line gives Unit
//     (also beside the title in the title row), a source line gives Source.
//     Without a unit line, a title ending in a bracketed unit ("…网络零售额
//     （亿元）") gives Unit and keeps its text.
//   - Below the body, blank rows are skipped; 注/注：/注1/说明/备注/附注 lines
//     are Notes (whole), 资料来源/数据来源/来源： lines give Source (the text
//     after the colon), a unit line gives Unit, and after the first of
//     these any single-text line is a note too.
//   - A long table is a row among the first twenty naming region, period
//     and value columns (地区/地区名称/region/region_name/region_code,
//     指标/metric…, 时期/年份/期间/年度/period, 数值/值/数据/value, 单位/unit,
//     原文/quote), with rows below it up to a blank row or a note: Long says
//     which column is which (a name column before a code column: models
//     maps by name, and the code stays in Columns), Columns are the grid's
//     columns with a header, Rows every row, named by region.
//   - Options.FirstDataRow sets the body's first row (it runs on over data
//     rows); Options.HeaderRows takes that many rows above it as the header,
//     whatever they hold. Options do not apply to a long table, whose
//     header names its columns.
//
// The work is linear in the grid's cells: each cell is classified once.
func Analyse(g Grid, opt Options) (Table, error) {
	return analyse(g, opt)
}

// FirstTable returns the named sheet of wb ("" for the first sheet that
// holds a table) and its table. An unknown name is an error listing the
// sheets, in Chinese; a workbook without a table is an error wrapping
// ErrEmpty.
func FirstTable(wb *Workbook, sheet string, opt Options) (Grid, Table, error) {
	return firstTable(wb, sheet, opt)
}

// --- how Analyse reads a grid ---

// cellKind is what a cell holds, as the body detection sees it.
type cellKind uint8

const (
	kBlank cellKind = iota
	kNum            // a figure (ParseNumber)
	kMiss           // a missing mark ("—", "…")
	kText           // anything else
)

// classify reads one cell once. Text without a digit is only checked
// against the missing marks, so labels cost no error message.
func classify(s string) cellKind {
	if strings.TrimSpace(s) == "" {
		return kBlank
	}
	if !strings.ContainsAny(s, "0123456789０１２３４５６７８９") {
		n := normalize(s)
		if missingMarks[n] || missingMarks[strings.ReplaceAll(n, " ", "")] {
			return kMiss
		}
		return kText
	}
	_, missing, err := ParseNumber(s)
	switch {
	case err != nil:
		return kText
	case missing:
		return kMiss
	}
	return kNum
}

// rowInfo is what one row holds.
type rowInfo struct {
	kinds    []cellKind
	nonBlank int
	// data: from its first figure on, figures and missing marks are at
	// least as many as texts. miss: a label followed by missing marks only.
	data, miss bool
}

func (ri rowInfo) kind(c int) cellKind {
	if c < 0 || c >= len(ri.kinds) {
		return kBlank
	}
	return ri.kinds[c]
}

func readRow(cells []string) rowInfo {
	ri := rowInfo{kinds: make([]cellKind, len(cells))}
	firstNum, lastText, n, m, t, texts := -1, -1, 0, 0, 0, 0
	for c, s := range cells {
		k := classify(s)
		ri.kinds[c] = k
		if k == kBlank {
			continue
		}
		ri.nonBlank++
		if k == kNum && firstNum < 0 {
			firstNum = c
		}
		if k == kText {
			texts++
			lastText = c
		}
		if firstNum >= 0 {
			switch k {
			case kNum:
				n++
			case kMiss:
				m++
			case kText:
				t++
			}
		}
	}
	if firstNum >= 0 {
		ri.data = n+m >= t
		return ri
	}
	// Texts (labels, a unit) all left of the missing marks.
	ri.miss = ri.nonBlank > texts && (texts == 0 || lastText < firstMiss(ri.kinds))
	return ri
}

func firstMiss(kinds []cellKind) int {
	for c, k := range kinds {
		if k == kMiss {
			return c
		}
	}
	return len(kinds)
}

// distinctTexts lists the distinct non-blank texts of row r, left first,
// with the column each first appears in.
func distinctTexts(g Grid, r int) (texts []string, cols []int) {
	if r < 0 || r >= len(g.Cells) {
		return nil, nil
	}
	seen := map[string]bool{}
	for c, s := range g.Cells[r] {
		s = strings.TrimSpace(s)
		if s == "" || seen[s] {
			continue
		}
		seen[s] = true
		texts = append(texts, s)
		cols = append(cols, c)
	}
	return texts, cols
}

// noteLine and sourceLine recognise the lines below a table.
func noteLine(s string) bool {
	s = normalize(s)
	for _, p := range []string{"说明", "备注", "附注"} {
		if strings.HasPrefix(s, p) {
			return true
		}
	}
	if !strings.HasPrefix(s, "注") {
		return false
	}
	rest := strings.TrimPrefix(s, "注")
	if rest == "" {
		return true
	}
	r, _ := utf8.DecodeRuneInString(rest)
	return r == ':' || r == ' ' || r == '释' || r == '.' || r == '、' || (r >= '0' && r <= '9') || (r >= '①' && r <= '⑩')
}

func sourceLine(s string) (string, bool) {
	n := normalize(s)
	for _, p := range []string{"资料来源", "数据来源", "来源"} {
		if strings.HasPrefix(n, p) {
			rest := strings.TrimSpace(strings.TrimPrefix(n, p))
			if p == "来源" && !strings.HasPrefix(rest, ":") {
				return "", false // 来源地… is not a source line
			}
			if i := strings.IndexByte(s, ':'); i >= 0 {
				return strings.TrimSpace(s[i+1:]), true
			}
			if i := strings.Index(s, "："); i >= 0 {
				return strings.TrimSpace(s[i+len("："):]), true
			}
			return rest, true
		}
	}
	return "", false
}

// yearNumber is a year written as a number (2014, or 2014.0 as a
// converter may write it): the header shows "2014".
var yearNumber = regexp.MustCompile(`^(\d{4})(?:\.0+)?$`)

// headerText is a header cell's text as a label part.
func headerText(s string) string {
	s = strings.TrimSpace(s)
	if m := yearNumber.FindStringSubmatch(s); m != nil {
		return m[1]
	}
	return s
}

// collapse replaces each run of spaces in s by one space.
func collapse(s string) string { return strings.Join(strings.Fields(s), " ") }

var (
	codeHeader = regexp.MustCompile(`(?i)代码|编码|编号|code`)
	codeValue  = regexp.MustCompile(`^\d{6,12}$`)
	unitHeader = map[string]bool{"单位": true, "计量单位": true, "unit": true, "units": true}
	seqHeader  = map[string]bool{"序号": true, "编号": true, "no": true, "no.": true}
	timeHeader = map[string]bool{"年份": true, "时期": true, "年度": true, "期间": true, "年": true, "时间": true, "period": true, "year": true}
)

// maxAbove bounds the non-blank rows read above a table's header for its
// title, unit line and source: a title is a line or two, and a sheet of
// text lines above a table must not make Analyse slow.
const maxAbove = 10

func analyse(g Grid, opt Options) (Table, error) {
	t := Table{Sheet: g.Name, grid: g}
	empty := func(why string) (Table, error) {
		return Table{}, fmt.Errorf("工作表“%s”里没有找到数据表：%s: %w", g.Name, why, ErrEmpty)
	}
	rows := make([]rowInfo, len(g.Cells))
	hasMerged := false
	for r, cells := range g.Cells {
		rows[r] = readRow(cells)
		if !hasMerged && r < len(g.Merged) {
			for _, m := range g.Merged[r] {
				if m {
					hasMerged = true
					break
				}
			}
		}
	}
	if lt, ok := longTable(g, rows); ok {
		return lt, nil
	}

	// The body: the largest run of data rows (ties: the first), or the
	// rows from opt.FirstDataRow on.
	top, end := -1, -1 // rows [top, end)
	if opt.FirstDataRow > 0 {
		top = opt.FirstDataRow - 1
		if top >= len(rows) {
			return empty(fmt.Sprintf("第%d行在表外 (row %d is past the end)", opt.FirstDataRow, opt.FirstDataRow))
		}
		end = top + 1
		for end < len(rows) && (rows[end].data || rows[end].miss) {
			end++
		}
	} else {
		for r := 0; r < len(rows); {
			if !rows[r].data && !rows[r].miss {
				r++
				continue
			}
			s, hasData := r, false
			for r < len(rows) && (rows[r].data || rows[r].miss || r > s && groupRow(g, rows, r)) {
				hasData = hasData || rows[r].data
				r++
			}
			if hasData && r-s > end-top {
				top, end = s, r
			}
		}
		if top < 0 {
			return empty("没有一行以数字为主 (no rows of figures)")
		}
	}

	// A row of years right above the figures is the header's last row,
	// though it reads as numbers: "地区 2019 2020 2021".
	if opt.FirstDataRow == 0 && end-top > 1 && yearRow(g, rows, top) && !yearRow(g, rows, top+1) {
		top++
	}

	// Label columns: the columns left of the first mostly-numeric one
	// that hold text in the body; then a code or year column right after
	// them when a numeric column follows.
	width := g.Width()
	numeric := make([]bool, width)
	used := make([]bool, width)
	for c := 0; c < width; c++ {
		n, m, x := 0, 0, 0
		for r := top; r < end; r++ {
			switch rows[r].kind(c) {
			case kNum:
				n++
			case kMiss:
				m++
			case kText:
				x++
			}
		}
		numeric[c] = n >= 1 && n+m > x
		used[c] = n+m+x > 0
	}
	nextNumeric := func(c int) int {
		for ; c < width; c++ {
			if numeric[c] {
				return c
			}
		}
		return -1
	}
	first := nextNumeric(0)
	if first < 0 {
		return empty("没有一列以数字为主 (no column of figures)")
	}
	above := func(c int) string { // the header text nearest above the body
		for r := top - 1; r >= 0 && r >= top-4; r-- {
			if s := strings.TrimSpace(g.At(r, c)); s != "" {
				return s
			}
			if rows[r].nonBlank == 0 {
				break
			}
		}
		return ""
	}
	// A numeric column before another one labels the rows when it is a
	// code column (代码 over 6–12 digit codes), a sequence column (序号
	// over 1, 2, 3 …) or, leftmost, a column of years (under 年份/时期,
	// or running one by one).
	codeCol, seqCol := -1, -1
	for {
		next := nextNumeric(first + 1)
		if next < 0 {
			break
		}
		h := strings.ToLower(normalize(above(first)))
		textBefore := false
		for c := 0; c < first; c++ {
			textBefore = textBefore || used[c] && !numeric[c]
		}
		switch {
		case codeCol < 0 && codeHeader.MatchString(h) && allMatch(g, top, end, first, codeValue.MatchString):
			codeCol = first
		case seqCol < 0 && (seqHeader[h] || h == "" && end-top >= 3) && sequenceColumn(g, top, end, first) && !numeric[first+1]:
			seqCol = first
		case !textBefore && yearColumn(g, top, end, first, timeHeader[h]):
		default:
			next = -1
		}
		if next < 0 {
			break
		}
		first = next
	}
	var labels []int
	for c := 0; c < first; c++ {
		if used[c] {
			labels = append(labels, c)
		}
	}
	unitCol := -1
	for _, c := range labels {
		if unitHeader[strings.ToLower(normalize(above(c)))] {
			unitCol = c
		}
	}
	isLabel := make([]bool, width)
	for _, c := range labels {
		isLabel[c] = true
	}
	var dataCols []int
	for c := first; c < width; c++ {
		if isLabel[c] {
			continue
		}
		has := false
		for r := top; r < end && !has; r++ {
			k := rows[r].kind(c)
			has = k == kNum || k == kMiss
		}
		if has {
			dataCols = append(dataCols, c)
		} else if unitCol < 0 && used[c] && unitHeader[strings.ToLower(normalize(above(c)))] {
			unitCol = c // a 单位 column right of the figures
		}
	}

	// The header: the rows of text directly above the body.
	var header []int
	labelArea := func(c int) bool { return len(labels) > 0 && c <= labels[len(labels)-1] || len(labels) == 0 && c == 0 }
	cornerBlank := func(r int) bool {
		for _, c := range labels {
			if strings.TrimSpace(g.At(r, c)) != "" {
				return false
			}
		}
		return true
	}
	r := top - 1
	if opt.HeaderRows > 0 {
		for ; r >= 0 && r >= top-opt.HeaderRows; r-- {
			header = append([]int{r}, header...)
		}
	} else {
		for ; r >= 0 && len(header) < 4; r-- {
			if rows[r].nonBlank == 0 {
				break
			}
			texts, cols := distinctTexts(g, r)
			var rest []string
			var restCols []int
			for i, s := range texts {
				if u, ok := UnitLine(s); ok {
					if t.Unit == "" {
						t.Unit = u
					}
					continue
				}
				rest, restCols = append(rest, s), append(restCols, cols[i])
			}
			if len(rest) == 0 {
				r-- // a unit line: it ends the header
				break
			}
			if len(rest) == 1 {
				short := utf8.RuneCountInString(rest[0]) <= 8 && !strings.HasPrefix(rest[0], "表")
				inLabels, overData := false, false
				for c, s := range g.Cells[r] {
					if strings.TrimSpace(s) == rest[0] {
						if labelArea(c) {
							inLabels = true
						} else {
							overData = true
						}
					}
				}
				isHeader := len(header) > 0 && short && (inLabels && !overData && cornerBlank(header[0]) || !inLabels && overData)
				if !isHeader {
					break
				}
			}
			header = append([]int{r}, header...)
		}
	}
	t.HeaderRows = header

	// Above the header: title lines, a unit line, a source.
	var titles []string
	for rr, seen := r, 0; rr >= 0 && seen < maxAbove; rr-- {
		ri := rows[rr]
		if ri.nonBlank == 0 {
			continue
		}
		seen++
		if ri.data {
			break
		}
		texts, _ := distinctTexts(g, rr)
		var rest []string
		for _, s := range texts {
			if u, ok := UnitLine(s); ok {
				if t.Unit == "" {
					t.Unit = u
				}
				continue
			}
			if src, ok := sourceLine(s); ok {
				if t.Source == "" {
					t.Source = src
				}
				continue
			}
			rest = append(rest, s)
		}
		if len(rest) > 1 {
			break
		}
		if len(rest) == 1 {
			if noteLine(rest[0]) {
				break // the notes of a table above
			}
			titles = append(titles, collapse(rest[0]))
		}
	}
	slices.Reverse(titles)
	t.Title = strings.Join(titles, " ")

	// Below the body: notes and the source, a unit line.
	inNotes := false
	for rr := end; rr < len(rows); rr++ {
		if rows[rr].nonBlank == 0 {
			continue
		}
		texts, _ := distinctTexts(g, rr)
		lead := texts[0]
		if src, ok := sourceLine(lead); ok {
			if t.Source == "" {
				t.Source = src
			}
			inNotes = true
			continue
		}
		if noteLine(lead) {
			t.Notes = append(t.Notes, lead)
			inNotes = true
			continue
		}
		if u, ok := UnitLine(lead); ok && len(texts) == 1 {
			if t.Unit == "" {
				t.Unit = u
			}
			continue
		}
		if inNotes && len(texts) == 1 && !rows[rr].data {
			t.Notes = append(t.Notes, lead)
			continue
		}
		break
	}
	if t.Unit == "" {
		for _, line := range titles {
			if _, u := SplitUnit(line); u != "" {
				t.Unit = u
				break
			}
		}
	}

	// The column labels; in a grid without merge marks (CSV, pasted) a
	// blank cell of an upper header row takes the text on its left.
	t.LabelColumns = labels
	headText := make([][]string, len(header))
	for i, hr := range header {
		headText[i] = make([]string, width)
		for c := 0; c < width; c++ {
			headText[i][c] = headerText(g.At(hr, c))
		}
		if !hasMerged && i < len(header)-1 {
			for k := 1; k < len(dataCols); k++ {
				c, prev := dataCols[k], dataCols[k-1]
				if headText[i][c] == "" && headText[i][prev] != "" {
					headText[i][c] = headText[i][prev]
				}
			}
		}
	}
	for _, c := range dataCols {
		var parts []string
		for i := range header {
			s := headText[i][c]
			if s == "" || len(parts) > 0 && parts[len(parts)-1] == s {
				continue
			}
			if u, ok := UnitLine(s); ok {
				if t.Unit == "" {
					t.Unit = u
				}
				continue
			}
			parts = append(parts, s)
		}
		t.Columns = append(t.Columns, makeLabel(c, parts, ""))
	}
	// The corner: the header over the name column(s) or, when blank, over
	// a code, sequence or unit column.
	var cornerCols []int
	for _, c := range labels {
		if c != codeCol && c != seqCol && c != unitCol {
			cornerCols = append(cornerCols, c)
		}
	}
	for _, c := range labels {
		if c == codeCol || c == seqCol || c == unitCol {
			cornerCols = append(cornerCols, c)
		}
	}
	if len(labels) == 0 && first > 0 {
		cornerCols = []int{0}
	}
	for _, c := range cornerCols {
		var parts []string
		for i := range header {
			if s := headText[i][c]; s != "" && !slices.Contains(parts, s) {
				parts = append(parts, s)
			}
		}
		if len(parts) > 0 {
			t.Corner = strings.Join(parts, " ")
			break
		}
	}

	// The row labels: the texts of the label columns but for a code,
	// sequence or unit column.
	for rr := top; rr < end; rr++ {
		var parts []string
		unit, code, inner := "", "", ""
		if unitCol >= 0 {
			unit = strings.TrimSpace(g.At(rr, unitCol))
		}
		for _, c := range labels {
			raw := g.At(rr, c)
			s := strings.TrimSpace(raw)
			switch {
			case c == unitCol || c == seqCol:
			case c == codeCol:
				code = s
			case s != "" && (len(parts) == 0 || parts[len(parts)-1] != s):
				parts, inner = append(parts, s), raw
			}
		}
		l := makeLabel(rr, parts, unit)
		l.Code = code
		if len(parts) > 0 {
			l.Indent = indentOf(inner)
			l.Name, _ = SplitUnit(trimIndent(parts[len(parts)-1]))
		}
		t.Rows = append(t.Rows, l)
	}
	if len(t.Columns) == 0 || len(t.Rows) == 0 {
		return empty("没有数据列 (no data columns)")
	}
	return t, nil
}

// groupRow reports whether row r, inside a body, is a group heading: one
// short text ("一、城区", "按行业分") in the column where the row above
// starts, with a data row below. Its Label then has blank figures.
func groupRow(g Grid, rows []rowInfo, r int) bool {
	if r < 1 || r+1 >= len(rows) || rows[r].nonBlank != 1 || !rows[r+1].data || yearRow(g, rows, r+1) {
		return false
	}
	texts, cols := distinctTexts(g, r)
	_, prev := distinctTexts(g, r-1)
	if len(texts) != 1 || len(prev) == 0 || cols[0] != prev[0] || rows[r].kind(cols[0]) != kText {
		return false
	}
	s := texts[0]
	if utf8.RuneCountInString(s) > 12 || strings.HasPrefix(s, "表") || noteLine(s) {
		return false
	}
	if _, ok := sourceLine(s); ok {
		return false
	}
	_, ok := UnitLine(s)
	return !ok
}

// makeLabel builds a Label from its parts: Name from the innermost part,
// Unit from unit (a 单位 column) or the innermost part that gives one.
func makeLabel(index int, parts []string, unit string) Label {
	l := Label{Index: index, Parts: parts, Unit: unit}
	if len(parts) == 0 {
		return l
	}
	l.Name, _ = SplitUnit(parts[len(parts)-1])
	for i := len(parts) - 1; i >= 0 && l.Unit == ""; i-- {
		_, l.Unit = SplitUnit(parts[i])
	}
	return l
}

// indentOf is the level of a row label marked as a sub-item: two spaces
// or one full-width space a level, 其中： a level, each leading # a level.
func indentOf(s string) int {
	spaces := 0
lead:
	for _, r := range s {
		switch r {
		case ' ':
			spaces++
		case '\u3000', '\t':
			spaces += 2
		default:
			break lead
		}
	}
	level := spaces / 2
	s = strings.TrimSpace(strings.Map(normRune, s))
	if strings.HasPrefix(s, "其中") {
		level++
		s = strings.TrimLeft(strings.TrimPrefix(s, "其中"), ": ")
	}
	for strings.HasPrefix(s, "#") {
		level++
		s = s[1:]
	}
	return level
}

// trimIndent removes the sub-item marks indentOf counts.
func trimIndent(s string) string {
	s = strings.TrimSpace(strings.TrimLeft(s, " \u3000\t"))
	for _, p := range []string{"其中：", "其中:", "其中"} {
		if strings.HasPrefix(s, p) {
			s = strings.TrimSpace(s[len(p):])
			break
		}
	}
	return strings.TrimSpace(strings.TrimLeft(s, "#＃"))
}

// allMatch reports whether every non-blank body cell of column c passes.
func allMatch(g Grid, top, end, c int, ok func(string) bool) bool {
	seen := false
	for r := top; r < end; r++ {
		s := strings.TrimSpace(g.At(r, c))
		if s == "" {
			continue
		}
		if !ok(s) {
			return false
		}
		seen = true
	}
	return seen
}

// sequenceColumn reports whether column c of the body numbers the rows
// 1, 2, 3 … .
func sequenceColumn(g Grid, top, end, c int) bool {
	want := 1
	return allMatch(g, top, end, c, func(s string) bool {
		ok := s == strconv.Itoa(want)
		want++
		return ok
	})
}

// yearColumn reports whether column c of the body lists years (2015,
// 2016 …) that label the rows: under a 年份/时期 header, or without one
// when they run one by one, up or down.
func yearColumn(g Grid, top, end, c int, headed bool) bool {
	var years []int
	if !allMatch(g, top, end, c, func(s string) bool {
		m := yearNumber.FindStringSubmatch(s)
		if m == nil {
			return false
		}
		y, _ := strconv.Atoi(m[1])
		years = append(years, y)
		return validYear(y)
	}) {
		return false
	}
	if headed {
		return true
	}
	if len(years) < 3 {
		return false
	}
	step := years[1] - years[0]
	for i := 1; i < len(years); i++ {
		if years[i]-years[i-1] != step || step != 1 && step != -1 {
			return false
		}
	}
	return true
}

// yearRow reports whether row r reads as a header of years though it
// holds numbers: every number in it is a year (2019, 2014.0), one each;
// texts beside them are header texts ("地区", "2017年", "增长（%）").
func yearRow(g Grid, rows []rowInfo, r int) bool {
	if r < 0 || r >= len(rows) {
		return false
	}
	nums, seen := 0, map[string]bool{}
	for c, k := range rows[r].kinds {
		s := headerText(g.At(r, c))
		switch k {
		case kMiss:
			return false
		case kNum:
			m := yearNumber.FindStringSubmatch(s)
			if m == nil || seen[m[1]] {
				return false
			}
			if y, _ := strconv.Atoi(m[1]); !validYear(y) {
				return false
			}
			seen[m[1]] = true
			nums++
		}
	}
	return nums > 0
}

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

func firstTable(wb *Workbook, sheet string, opt Options) (Grid, Table, error) {
	if wb == nil || len(wb.Sheets) == 0 {
		return Grid{}, Table{}, fmt.Errorf("工作簿里没有工作表 (the workbook has no sheets): %w", ErrEmpty)
	}
	if sheet != "" {
		var names []string
		for _, g := range wb.Sheets {
			if g.Name == sheet {
				t, err := Analyse(g, opt)
				return g, t, err
			}
			names = append(names, "“"+g.Name+"”")
		}
		return Grid{}, Table{}, fmt.Errorf("没有名为“%s”的工作表，工作簿里的工作表有：%s (no sheet named %q)", sheet, strings.Join(names, "、"), sheet)
	}
	for _, g := range wb.Sheets {
		if t, err := Analyse(g, opt); err == nil {
			return g, t, nil
		}
	}
	return wb.Sheets[0], Table{}, fmt.Errorf("第一个工作表里没有找到数据表，其他工作表里也没有（表中应有一行行以数字为主的数据）(no table of figures in any sheet): %w", ErrEmpty)
}
