package sheet

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
	// with a table number kept ("表3-12 2014—2016年…"); "" when none.
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
func Analyse(g Grid, opt Options) (Table, error) {
	panic("sheet.Analyse: not written yet")
}

// FirstTable returns the named sheet of wb ("" for the first sheet that
// holds a table) and its table. An unknown name is an error listing the
// sheets.
func FirstTable(wb *Workbook, sheet string, opt Options) (Grid, Table, error) {
	panic("sheet.FirstTable: not written yet")
}
