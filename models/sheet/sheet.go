// Package sheet reads the tables officials keep — Excel/WPS workbooks
// (.xlsx), CSV/TSV files in UTF-8 or GB18030, and tables pasted from a
// spreadsheet or a web page — and finds in them what a person sees: the
// title and unit lines above the table, the header rows (merged cells
// filled across), the labels down the side, the data cells, and the notes
// and source line below. It knows nothing of the database: models maps the
// labels it finds to regions, metrics and periods by name.
//
// The package has three layers:
//   - bytes → Workbook (sheets of cell text), within Limits: read.go (the
//     format, text and pasted tables, cleaning), xlsx.go (workbooks);
//   - one cell's text → a number or a unit (cell.go), a period (period.go);
//   - a Grid → a Table (title, unit, headers, data, notes): table.go
//     (Analyse), tablerows.go (what each row holds), tablecolumns.go
//     (label, 序号, 代码, year and 单位 columns), tablelong.go (one figure
//     a row). sheet.go holds the types.
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

// Grid returns the sheet the table was read from.
func (t Table) Grid() Grid { return t.grid }
