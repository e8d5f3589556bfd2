package sheet

import (
	"strconv"
	"strings"
	"unicode/utf8"
)

// The columns and rows around the figures: label, 序号, 代码, year and 单位
// columns, group heading rows, a row of years, and row indentation.

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
