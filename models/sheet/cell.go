package sheet

import (
	"errors"
	"fmt"
	"math"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Number is a data cell's text read as a figure.
type Number struct {
	// Value is the number as written, in the cell's own words: "1.2万" is
	// 1.2 with Word "万"; "12,345" is 12345; "３.５" is 3.5; "35%" is 35
	// with Percent. The low end for a range ("3～4").
	Value float64
	// Max is the high end of a range ("3～4", "3-4"); nil otherwise.
	Max *float64
	// Word is a magnitude word written after the number: "万", "亿",
	// "万亿" or "千"; "" when none. Multiplier gives its factor.
	Word string
	// Unit is the unit written after the number ("元", "件", "家",
	// "亿元", "%"). A magnitude followed by a base is part of the unit
	// ("1.2亿元": Word "", Unit "亿元"); a magnitude alone is the Word
	// ("1.2万": Word "万", Unit "").
	Unit string
	// Percent is true when the text ends in % or ％ (Unit is then "%").
	Percent bool
	// Qualifier is how the cell qualifies the figure, as a models
	// Qualifier* code ("exact" when none): 近/约/左右 approx, 超过/以上/逾
	// more_than, 多/余 at_least, a range range.
	Qualifier string
}

// Multiplier is the factor of Word: 万 10⁴, 亿 10⁸, 万亿 10¹², 千 10³, 1 otherwise.
func (n Number) Multiplier() float64 {
	switch n.Word {
	case "千":
		return 1e3
	case "万":
		return 1e4
	case "亿":
		return 1e8
	case "万亿":
		return 1e12
	}
	return 1
}

// ParseNumber reads a data cell. missing is true (and err nil) for a cell
// that holds no figure: empty, "—", "——", "–", "-", "－", "--", "…",
// "……", "...", "/", "x" or "X" (suppressed), "空", "无", a dash with
// spaces; a missing figure is never zero. err says, in Chinese with English
// after, why other text is not a number. Accepted: thousands separators
// (12,345 and 12，345; a comma anywhere else, as in "12,3", is an error
// that says it is ambiguous), full-width digits, signs, point and percent,
// spaces inside, a leading qualifier (近 约 大约 接近 approx, 超过 超 逾
// more_than) or trailing one (左右 approx, 以上 more_than, 以下 at_most,
// 多 余 at_least, also after a magnitude: "1万余元"), a range "3～4",
// "3~4", "3-4", "3至4" (only when the first figure is not negative and the
// second not below it: "-5" is minus five, "2016-03" is not a number), a
// magnitude word, a unit (KnownUnit), a percent sign, up to four footnote
// marks glued on ("123.4*", "123.4①", "123.4(1)", "123.4（1）",
// "123.4[1]", "123.4注1"), and the scientific form Excel shows for large
// numbers (1.2E+08). Chinese numerals (三、四) are not read.
func ParseNumber(text string) (n Number, missing bool, err error) {
	return parseNumber(text)
}

// ParsePeriod reads a header's text as a period in the models forms: "2016",
// "2016年", "2016年度", "2016年末", "2016年底", "2016年全年" → "2016";
// "2016Q1", "2016-Q1", "2016年一季度", "2016年第一季度", "2016年第1季度",
// "2016年1季度", "2016年1季", "2016年Q1" → "2016Q1"; "2016年3月",
// "2016.3", "2016-03", "2016/3" → "2016-03"; "2016年1-6月", "2016年1—6月",
// "2016年1至6月", "2016年1月-6月", "2016年上半年", "2016-01/06" →
// "2016-01/06" (a span of months within a year, from the first month to
// the last: year-to-date figures, 累计, kept as written: "2016年1-3月" is
// "2016-01/03", not the first quarter); a span of one month ("2016年3-3月")
// is that month and January to December ("2016年1-12月") the year "2016";
// "2016年前三季度" → "2016-01/09", "2016年下半年" → "2016-07/12", a span of
// quarters "2016年1-3季度" → "2016-01/09". A label
// without a year ("一季度", "3月", "1-6月", "上半年", "全年") takes year,
// the year the title or an outer header gives; with year 0 it is not a
// period. Years are 1949–2100 and months 1–12: "120.5", "8123" or
// "2016年13月" are not periods. A trailing bracketed note ("2016年（预计）",
// "2017年(初步)") and footnote marks ("2018*", "2018年①") are dropped: the
// header still names the period. ok is false for anything else (a
// region's name, a metric's).
func ParsePeriod(text string, year int) (period string, ok bool) {
	return parsePeriod(text, year)
}

// YearIn returns the one year (1949–2100) a text names, as in a title
// "2016年衢州市各县（市、区）网络零售额", or 0 when it names none or
// several ("2014—2016年", "2014-2017年", "2014至2017年", "2014~2017" name
// a span: 0). A year is four digits on their own, not part of a longer
// number or a decimal ("2020.5亿元" names no year); one year named twice is
// that year.
func YearIn(text string) int {
	return yearIn(text)
}

// SplitUnit splits a header into its name and the unit it gives in
// brackets or after a slash or comma: "网络零售额（亿元）", "网络零售额(亿元)",
// "网络零售额[亿元]", "网络零售额/亿元", "网络零售额，亿元" → ("网络零售额", "亿元");
// "增长（%）", "增长%" → ("增长", "%"); a header without a unit is (text, "").
// Only a bracketed text that reads as a unit is taken (KnownUnit):
// "衢州市（本级）" stays whole.
func SplitUnit(text string) (name, unit string) {
	return splitUnit(text)
}

// UnitLine reads a line that states the unit of a table: "单位：亿元",
// "单位: 万元", "计量单位：亿件", "(单位：亿元)", "金额单位：万元" → "亿元" …;
// ok is false for other text.
func UnitLine(text string) (unit string, ok bool) {
	return unitLine(text)
}

// KnownUnit reports whether s reads as a unit: an optional magnitude (十
// 百 千 万 亿 万亿 十万 百万 千万) before a base (元 美元 件 单 个 家 人 人次 户
// 次 吨 公里 千米 平方米 GB TB 位 项 名 …), followed by an optional rate
// (/天 /日 /月 /年 /人 /村 /户 /家 /个: "亿件/天", "个/村", "元/人"), or
// %, ‰, 个百分点. A magnitude alone ("人口（万）") is a unit too.
func KnownUnit(s string) bool {
	return knownUnit(s)
}

// --- the rules behind the cell readers ---

// normalize maps full-width digits, letters, signs and brackets to ASCII,
// the ideographic and non-breaking spaces to a space (normRune), and trims
// spaces.
func normalize(s string) string { return strings.TrimSpace(strings.Map(normRune, s)) }

// normRune maps one rune for normalize; it maps rune to rune, so a text
// and its mapping have the same runes at the same indices.
func normRune(r rune) rune {
	switch {
	case r >= '０' && r <= '９', r >= 'Ａ' && r <= 'Ｚ', r >= 'ａ' && r <= 'ｚ':
		return r - '０' + '0'
	}
	switch r {
	case '．':
		return '.'
	case '，':
		return ','
	case '％':
		return '%'
	case '＋':
		return '+'
	case '－':
		return '-'
	case '～':
		return '~'
	case '／':
		return '/'
	case '＊':
		return '*'
	case '（':
		return '('
	case '）':
		return ')'
	case '［', '【':
		return '['
	case '］', '】':
		return ']'
	case '：':
		return ':'
	case '\u3000', '\u00a0', '\t':
		return ' '
	}
	return r
}

// missingMarks are the texts a table writes for a figure it lacks.
var missingMarks = map[string]bool{
	"": true, "—": true, "——": true, "–": true, "-": true, "--": true,
	"---": true, "…": true, "……": true, "...": true, "..": true, "/": true,
	"x": true, "X": true, "空": true, "无": true, "— —": true,
}

// stripFootnote removes footnote marks glued to the end of a text: "*",
// "①"–"⑩", "(1)", "[1]", "注1"; up to four marks go.
func stripFootnote(s string) string {
	for range 4 {
		t := strings.TrimRight(s, "* ")
		if r, size := utf8.DecodeLastRuneInString(t); r >= '①' && r <= '⑩' {
			t = t[:len(t)-size]
		}
		for _, pair := range [][2]string{{"(", ")"}, {"[", "]"}, {"注", ""}} {
			if pair[1] != "" && !strings.HasSuffix(t, pair[1]) {
				continue
			}
			body := strings.TrimSuffix(t, pair[1])
			k := len(body)
			for k > 0 && body[k-1] >= '0' && body[k-1] <= '9' {
				k--
			}
			if k == len(body) || len(body)-k > 2 || !strings.HasSuffix(body[:k], pair[0]) {
				continue
			}
			t = strings.TrimSpace(body[:k-len(pair[0])])
		}
		t = strings.TrimSpace(t)
		if t == "" {
			return s
		}
		if t == s {
			return t
		}
		s = t
	}
	return s
}

// scanNumber reads a decimal number at the start of s (sign, digits with
// thousands separators, a fraction, an exponent) and returns it and the
// rest. ok is false when s does not start with one; err is set for a
// comma that is not a thousands separator.
func scanNumber(s string) (v float64, rest string, ok bool, err error) {
	i := 0
	if i < len(s) && (s[i] == '+' || s[i] == '-') {
		i++
	}
	start := i
	groups, lastComma := 0, -1
	for i < len(s) && (s[i] >= '0' && s[i] <= '9' || s[i] == ',') {
		if s[i] == ',' {
			if i == start || (lastComma < 0 && i-start > 3) || (lastComma >= 0 && i-lastComma != 4) {
				return 0, "", false, errAmbiguousComma
			}
			lastComma = i
			groups++
		}
		i++
	}
	if lastComma >= 0 && i-lastComma != 4 {
		return 0, "", false, errAmbiguousComma
	}
	intEnd := i
	if i < len(s) && s[i] == '.' {
		i++
		for i < len(s) && s[i] >= '0' && s[i] <= '9' {
			i++
		}
	}
	if intEnd == start && i-intEnd <= 1 {
		return 0, s, false, nil
	}
	if i < len(s) && (s[i] == 'e' || s[i] == 'E') {
		j := i + 1
		if j < len(s) && (s[j] == '+' || s[j] == '-') {
			j++
		}
		k := j
		for k < len(s) && s[k] >= '0' && s[k] <= '9' {
			k++
		}
		if k > j {
			i = k
		}
	}
	v, perr := strconv.ParseFloat(strings.ReplaceAll(s[:i], ",", ""), 64)
	if perr != nil || math.IsInf(v, 0) || math.IsNaN(v) {
		return 0, "", false, errTooBig
	}
	return v, s[i:], true, nil
}

var (
	errAmbiguousComma = errors.New("逗号不是千分位 (the comma is not a thousands separator: ambiguous)")
	errTooBig         = errors.New("数值超出范围 (out of range)")
)

// leadQualifiers and tailQualifiers are the words that qualify a figure,
// longest first.
var (
	leadQualifiers = []struct{ word, code string }{
		{"大约", "approx"}, {"接近", "approx"}, {"超过", "more_than"},
		{"近", "approx"}, {"约", "approx"}, {"逾", "more_than"}, {"超", "more_than"},
	}
	tailQualifiers = []struct{ word, code string }{
		{"左右", "approx"}, {"以上", "more_than"}, {"以下", "at_most"},
		{"多", "at_least"}, {"余", "at_least"},
	}
	rangeMarks = []string{"~", "-", "—", "–", "至", "到"}
)

func parseNumber(text string) (n Number, missing bool, err error) {
	n.Qualifier = "exact"
	if plainNumber(text) {
		v, err := strconv.ParseFloat(text, 64)
		if err == nil {
			n.Value = v
			return n, false, nil
		}
	}
	s := normalize(text)
	if missingMarks[s] || missingMarks[strings.ReplaceAll(s, " ", "")] {
		return Number{}, true, nil
	}
	bad := func(why string) (Number, bool, error) {
		t := text
		if utf8.RuneCountInString(t) > 30 {
			t = string([]rune(t)[:30]) + "…"
		}
		if why != "" {
			return Number{}, false, fmt.Errorf("“%s”不是数字：%s", t, why)
		}
		return Number{}, false, fmt.Errorf("“%s”不是数字 (not a number)", t)
	}
	s = strings.ReplaceAll(stripFootnote(s), " ", "")
	if missingMarks[s] {
		return Number{}, true, nil
	}
	for _, q := range leadQualifiers {
		if strings.HasPrefix(s, q.word) {
			s, n.Qualifier = s[len(q.word):], q.code
			break
		}
	}
	v, rest, ok, err := scanNumber(s)
	if err != nil {
		return bad(err.Error())
	}
	if !ok {
		return bad("")
	}
	n.Value = v
	if rest == "" {
		return n, false, nil
	}
	for _, m := range rangeMarks {
		if !strings.HasPrefix(rest, m) || s[0] == '-' {
			continue
		}
		hi, rest2, ok2, err2 := scanNumber(rest[len(m):])
		if err2 != nil || !ok2 || hi < v || strings.HasPrefix(rest[len(m):], "-") || strings.HasPrefix(rest[len(m):], "+") {
			continue
		}
		n.Max, rest, n.Qualifier = &hi, rest2, "range"
		break
	}
	// Qualifiers after the number: 多/余 right after it or after the
	// magnitude word, 左右/以上/以下 at the very end.
	takeTail := func(words ...string) {
		for _, q := range tailQualifiers {
			for _, w := range words {
				if q.word == w && strings.HasSuffix(rest, w) && n.Qualifier == "exact" {
					rest, n.Qualifier = strings.TrimSuffix(rest, w), q.code
				}
			}
		}
	}
	takeTail("左右", "以上", "以下")
	for _, w := range []string{"多", "余"} {
		if n.Qualifier == "exact" && strings.HasPrefix(rest, w) {
			rest, n.Qualifier = rest[len(w):], "at_least"
		}
	}
	for _, mag := range []string{"万亿", "千", "万", "亿"} {
		if strings.HasPrefix(rest, mag) {
			after := rest[len(mag):]
			if n.Qualifier == "exact" && (strings.HasPrefix(after, "多") || strings.HasPrefix(after, "余")) {
				after, n.Qualifier = after[len("多"):], "at_least"
				rest = mag + after
			}
			break
		}
	}
	takeTail("多", "余")
	switch {
	case rest == "":
	case rest == "%":
		n.Unit, n.Percent = "%", true
	case rest == "万亿" || rest == "万" || rest == "亿" || rest == "千":
		n.Word = rest
	case knownUnit(rest):
		n.Unit = rest
	default:
		return bad("")
	}
	return n, false, nil
}

// plainNumber reports whether s is digits with at most one point inside
// and an optional leading minus, the common case read without the rules.
func plainNumber(s string) bool {
	if strings.HasPrefix(s, "-") {
		s = s[1:]
	}
	point := false
	for i := 0; i < len(s); i++ {
		switch {
		case s[i] >= '0' && s[i] <= '9':
		case s[i] == '.' && !point && i > 0 && i < len(s)-1:
			point = true
		default:
			return false
		}
	}
	return s != "" && len(s) < 300
}

// Unit rules.

var (
	unitBases = map[string]bool{
		"元": true, "美元": true, "港元": true, "欧元": true, "人民币": true, "元人民币": true,
		"件": true, "个": true, "家": true, "户": true, "人": true, "人次": true, "次": true,
		"单": true, "笔": true, "吨": true, "公斤": true, "千克": true, "克": true,
		"公里": true, "千米": true, "米": true, "平方米": true, "平方公里": true, "亩": true, "公顷": true,
		"立方米": true, "千瓦时": true, "千瓦": true, "辆": true, "台": true, "套": true, "条": true,
		"张": true, "份": true, "所": true, "座": true, "间": true, "箱": true, "位": true, "项": true,
		"名": true, "岁": true, "倍": true, "小时": true, "GB": true, "TB": true, "MB": true,
		"PB": true, "个百分点": true, "百分点": true, "%": true, "‰": true,
	}
	unitMagnitudes = []string{"万亿", "十万", "百万", "千万", "十", "百", "千", "万", "亿"}
	rateSuffixes   = []string{"/天", "/日", "/月", "/年", "/人", "/村", "/户", "/家", "/个"}
)

func knownUnit(s string) bool {
	s = strings.ReplaceAll(normalize(s), " ", "")
	if s == "" {
		return false
	}
	for _, suf := range rateSuffixes {
		if strings.HasSuffix(s, suf) && len(s) > len(suf) {
			s = strings.TrimSuffix(s, suf)
			break
		}
	}
	if unitBases[s] || unitBases[strings.ToUpper(s)] {
		return true
	}
	for _, m := range unitMagnitudes {
		if strings.HasPrefix(s, m) {
			rest := s[len(m):]
			// A magnitude alone is taken too: "人口（万）".
			return rest == "" || (unitBases[rest] && rest != "%" && rest != "‰")
		}
	}
	return false
}

var reUnitLine = regexp.MustCompile(`^\(?\s*(?:[\p{Han}]{0,4})单位\s*[:]\s*(.+?)\s*\)?$`)

func unitLine(text string) (string, bool) {
	s := normalize(text)
	m := reUnitLine.FindStringSubmatch(s)
	if m == nil {
		return "", false
	}
	u := strings.TrimRight(strings.TrimSpace(m[1]), "。;；,")
	if u == "" || utf8.RuneCountInString(u) > 16 {
		return "", false
	}
	return u, true
}

func splitUnit(text string) (string, string) {
	s := strings.TrimSpace(text)
	rs := []rune(s)
	n := []rune(strings.Map(normRune, s))
	name := func(i int) string { return strings.TrimSpace(string(rs[:i])) }
	last := len(n) - 1
	// A bracketed unit at the end.
	for _, p := range [][2]rune{{'(', ')'}, {'[', ']'}} {
		if last < 0 || n[last] != p[1] {
			continue
		}
		i := last - 1
		for i >= 0 && n[i] != p[0] {
			i--
		}
		if i <= 0 {
			continue
		}
		inner := strings.TrimSpace(string(n[i+1 : last]))
		if u, ok := unitLine(inner); ok {
			inner = u
		}
		if knownUnit(inner) && name(i) != "" {
			return name(i), inner
		}
	}
	// After a slash (the first whose rest reads as a unit) or a comma.
	for i := 1; i < len(n); i++ {
		if n[i] == '/' && knownUnit(string(n[i+1:])) && name(i) != "" {
			return name(i), strings.TrimSpace(string(n[i+1:]))
		}
	}
	// A percent sign glued on: "增速%".
	if last > 0 && n[last] == '%' && (n[last-1] < '0' || n[last-1] > '9') && name(last) != "" {
		return name(last), "%"
	}
	for i := last; i > 0; i-- {
		if n[i] == ',' {
			if knownUnit(string(n[i+1:])) {
				return name(i), strings.TrimSpace(string(n[i+1:]))
			}
			break
		}
	}
	return s, ""
}
