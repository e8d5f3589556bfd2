package sheet

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
// that holds no figure: empty, "—", "–", "-", "－", "…", "...", "/", "x"
// (suppressed), "空", "无"; a missing figure is never zero. err says, in
// Chinese with English after, why other text is not a number. Accepted:
// thousands separators (12,345 and 12，345), full-width digits and signs,
// spaces inside, a leading qualifier (近 约 超过 逾) or trailing one (多 余
// 左右 以上), a magnitude word, a unit, a percent sign, a footnote mark
// glued on ("123.4*", "123.4①", "123.4(1)"), and the scientific form Excel
// shows for large numbers (1.2E+08).
func ParseNumber(text string) (n Number, missing bool, err error) {
	panic("sheet.ParseNumber: not written yet")
}

// ParsePeriod reads a header's text as a period in the models forms: "2016",
// "2016年", "2016年度", "2016年末" → "2016"; "2016Q1", "2016年一季度",
// "2016年第1季度", "2016年1季度" → "2016Q1"; "2016年3月", "2016.3",
// "2016-03", "2016/3" → "2016-03"; "2016年1-6月", "2016年1—6月",
// "2016年1至6月", "2016年上半年" → "2016-01/06" (a span of months within a
// year, from the first month to the last: year-to-date figures, 累计);
// "2016年前三季度" → "2016-01/09", "2016年下半年" → "2016-07/12". A label
// without a year ("一季度", "3月", "1-6月", "上半年", "全年") takes year,
// the year the title or an outer header gives; with year 0 it is not a
// period. ok is false for anything else (a region's name, a metric's).
func ParsePeriod(text string, year int) (period string, ok bool) {
	panic("sheet.ParsePeriod: not written yet")
}

// YearIn returns the one year (1949–2100) a text names, as in a title
// "2016年衢州市各县（市、区）网络零售额", or 0 when it names none or
// several ("2014—2016年" names a span: 0).
func YearIn(text string) int {
	panic("sheet.YearIn: not written yet")
}

// SplitUnit splits a header into its name and the unit it gives in
// brackets or after a slash or comma: "网络零售额（亿元）", "网络零售额(亿元)",
// "网络零售额[亿元]", "网络零售额/亿元", "网络零售额，亿元" → ("网络零售额", "亿元");
// "增长（%）" → ("增长", "%"); a header without a unit is (text, "").
// Only a bracketed text that reads as a unit is taken (KnownUnit):
// "衢州市（本级）" stays whole.
func SplitUnit(text string) (name, unit string) {
	panic("sheet.SplitUnit: not written yet")
}

// UnitLine reads a line that states the unit of a table: "单位：亿元",
// "单位: 万元", "计量单位：亿件", "(单位：亿元)", "金额单位：万元" → "亿元" …;
// ok is false for other text.
func UnitLine(text string) (unit string, ok bool) {
	panic("sheet.UnitLine: not written yet")
}

// KnownUnit reports whether s reads as a unit: an optional magnitude (十
// 百 千 万 亿 万亿) before a base (元 美元 件 单 个 家 人 户 次 单 吨 公里
// 千米 平方米 GB 个百分点 亿元/天 …) or %, ‰.
func KnownUnit(s string) bool {
	panic("sheet.KnownUnit: not written yet")
}
