// Package sheet reads the tables officials keep — Excel/WPS workbooks
// (.xlsx), CSV/TSV files in UTF-8 or GB18030, and tables pasted from a
// spreadsheet or a web page — and finds in them what a person sees: the
// title and unit lines above the table, the header rows (merged cells
// filled across), the labels down the side, the data cells, and the notes
// and source line below. It knows nothing of the database: models maps the
// labels it finds to regions, metrics and periods by name.
//
// The package has three layers, one file each:
//   - read.go: bytes → Workbook (sheets of cell text), within Limits;
//   - cell.go: one cell's text → a number, a period or a unit;
//   - table.go: a Grid → a Table (title, unit, headers, data, notes).
package sheet

import "strconv"

// Workbook is what Read found in a file: its sheets in order.
type Workbook struct {
	// Format is "xlsx", "csv", "tsv" or "text" (pasted).
	Format string
	// Encoding is the text encoding a CSV/TSV/text was read in: "UTF-8",
	// "GB18030" or "UTF-16" (Excel's "Unicode text", with a BOM); "" for
	// xlsx.
	Encoding string
	// Producer names the application that wrote an xlsx when its
	// docProps/app.xml says (Microsoft Excel, WPS 表格 …); "" otherwise.
	Producer string
	// Sheets are the workbook's worksheets in order (one for CSV/TSV/text).
	Sheets []Grid
}

// Grid is one sheet as text: Cells[r][c] is the text of the cell at row r,
// column c (both from 0), as the application shows it: a formula's cached
// value (formulas are never evaluated), a number as displayed, trimmed,
// with control and bidirectional-formatting characters removed. A merged
// range's text fills every cell of the range, and Merged marks the cells
// that were filled that way (not the range's top-left cell). Rows may be of
// different lengths; a missing cell is "".
type Grid struct {
	// Name is the sheet's name ("表3-12", "Sheet1"); for CSV/TSV/text it is
	// the file name without extension, or "粘贴" for pasted text.
	Name   string
	Cells  [][]string
	Merged [][]bool
}

// At returns the text at (r, c), or "" outside the grid.
func (g Grid) At(r, c int) string {
	if r < 0 || r >= len(g.Cells) || c < 0 || c >= len(g.Cells[r]) {
		return ""
	}
	return g.Cells[r][c]
}

// IsMerged reports whether (r, c) was filled from a merged range.
func (g Grid) IsMerged(r, c int) bool {
	if r < 0 || r >= len(g.Merged) || c < 0 || c >= len(g.Merged[r]) {
		return false
	}
	return g.Merged[r][c]
}

// Width is the length of the longest row.
func (g Grid) Width() int {
	w := 0
	for _, row := range g.Cells {
		w = max(w, len(row))
	}
	return w
}

// Locator names a cell as a spreadsheet does, with its sheet:
// "表3-12!C7" for row 6, column 2.
func (g Grid) Locator(r, c int) string {
	return g.Name + "!" + ColumnName(c) + strconv.Itoa(r+1)
}

// ColumnName is the spreadsheet name of column c (from 0): A, B, …, Z, AA.
func ColumnName(c int) string {
	name := ""
	for c++; c > 0; c = (c - 1) / 26 {
		name = string(rune('A'+(c-1)%26)) + name
	}
	return name
}

// Grid returns the sheet the table was read from.
func (t Table) Grid() Grid { return t.grid }
