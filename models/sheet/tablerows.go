package sheet

import (
	"regexp"
	"strings"
	"unicode/utf8"
)

// How Analyse reads a grid row by row: what each cell holds (a figure, a
// missing mark, text), the rows that are notes or a source line, and the
// header words it recognises.

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
