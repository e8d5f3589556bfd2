package sheet

import (
	"fmt"
	"slices"
	"strings"
	"unicode/utf8"
)

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
