package models

import (
	"math"
	"regexp"
	"slices"
	"strconv"
	"strings"
)

// This file is the one number format people read: pages, chart labels and
// tooltips, the server's images and the Word report all write a figure
// through FormatFigure or FormatAmount, and a value axis takes its unit from
// ScaleFor. Stored values, the CSV and the inputs keep the metric's own unit
// and FormatValue, which ParseValue reads back.
//
// The convention is the one officials write: a large value in 万, 亿 or 万亿
// with the metric's unit (47.8万家, not 478000家; 20亿元, not 200000万元),
// never below the metric's own unit (0.61亿元 stays 0.61亿元), with no more
// digits than the value holds; and the figure says how the document stated
// it (近300亿元, 超过1000亿元, 6000多家, 3～4家, 不少于1个, 前10位).

// numberWords are the multipliers a unit or a shown value may start with,
// largest first.
var numberWords = []struct {
	word string
	mult float64
}{{"万亿", 1e12}, {"亿", 1e8}, {"万", 1e4}}

// unscaled are the units whose values are never written in 万 or 亿:
// shares, ranks and ratios.
var unscaled = []string{"%", "‰", "位", "倍", "个百分点"}

// splitUnit splits a unit into its multiplier and what it counts: 万元 is
// 1e4 and 元, 亿件 1e8 and 件, 家 1 and 家.
func splitUnit(unit string) (float64, string) {
	for _, w := range numberWords {
		if rest, ok := strings.CutPrefix(unit, w.word); ok && rest != "" {
			return w.mult, rest
		}
	}
	return 1, unit
}

// scalable reports whether values counted in base (a unit without its
// multiplier) are written in 万 and 亿: counts and money are, shares, ranks
// and units in Latin letters (GB) are not.
func scalable(base string) bool {
	if base == "" || slices.Contains(unscaled, base) {
		return false
	}
	for _, r := range base {
		if r < 0x80 && r != '/' {
			return false
		}
	}
	return true
}

// Scale is how values of one unit are shown: divided by Divisor, in Unit.
type Scale struct {
	// Divisor divides a stored value into the unit shown (1: as stored).
	Divisor float64
	// Unit is the unit shown: the metric's unit, or a larger one (亿元 for
	// 万元, 万家 for 家).
	Unit string
}

// ScaleFor is the scale in which values of unit up to max (in absolute
// value) are shown: the largest of 万, 亿 and 万亿 that max reaches, never
// below unit's own multiplier. 478000 家 shows in 万家, 200000 万元 in 亿元,
// 2027 亿元 in 亿元; shares, ranks and ratios (%, 位, 倍) and units in
// Latin letters (GB) always in their own unit.
func ScaleFor(unit string, max float64) Scale {
	mult, base := splitUnit(unit)
	if !scalable(base) {
		return Scale{Divisor: 1, Unit: unit}
	}
	size, shown := math.Abs(max)*mult, mult
	word := ""
	for i := len(numberWords) - 1; i >= 0; i-- { // smallest first
		if w := numberWords[i]; size >= w.mult && w.mult >= shown {
			shown, word = w.mult, w.word
		}
	}
	if shown == mult {
		return Scale{Divisor: 1, Unit: unit}
	}
	return Scale{Divisor: shown / mult, Unit: word + base}
}

// Apply divides v into the scale's unit, with no more digits than v holds
// (478000 / 1e4 is 47.8, never 47.800000000000004).
func (s Scale) Apply(v float64) float64 {
	if s.Divisor == 1 {
		return v
	}
	x, err := strconv.ParseFloat(strconv.FormatFloat(v/s.Divisor, 'g', 12, 64), 64)
	if err != nil {
		return v / s.Divisor
	}
	return x
}

// amount is a value as shown, in parts: the number, the multiplier word
// it takes (万, 亿, 万亿 or none) and what it counts (元, 家 …): 47.8, 万, 家.
type amount struct{ number, word, base string }

func (a amount) String() string { return a.number + a.word + a.base }

// amountOf writes v in the scale s.
func amountOf(v float64, s Scale) amount {
	number := FormatValue(s.Apply(v))
	mult, base := splitUnit(s.Unit)
	if mult == 1 || !scalable(base) {
		return amount{number: number, base: s.Unit}
	}
	word := strings.TrimSuffix(s.Unit, base)
	return amount{number: number, word: word, base: base}
}

// FormatAmount writes v, a value in unit, as officials write it: 47.8万家
// (478000 家), 20亿元 (200000 万元), 12.3亿元, 66.22%.
func FormatAmount(v float64, unit string) string {
	return amountOf(v, ScaleFor(unit, v)).String()
}

// reFraction matches a figure the document gave as a fraction: 1/5, 五分之一.
var reFraction = regexp.MustCompile(`^\s*(\d+\s*/\s*\d+|[零〇一二三四五六七八九十百千两]+分之[零〇一二三四五六七八九十百千两]+)\s*$`)

// FormatFigure writes a figure as officials write it, saying how the
// document stated it: the value in the Chinese convention (FormatAmount)
// with the qualifier's word, the document's own where it used one of the
// words the qualifier stands for:
//
//	exact         12.3亿元; a rank 第2位 (约第3位, 第3～4位, 前10位)
//	more_than     超过1000亿元 (or 30亿件以上 where the document says 以上)
//	approx        近300亿元, 约…, …左右
//	at_least      6000多家, 2万多人, 300多亿元, 120余项
//	no_less_than  不少于1个 (or 至少… where the document says 至少)
//	at_most       前10位 for a rank, else 不超过… or …以内
//	range         3～4家
//
// A share the document gave as a fraction reads as that fraction and its
// value in the metric's unit, marked 约 since the fraction is the
// speaker's round figure: 1/5（约20%）. A derived value is written the same
// way; the caller marks it 推算.
func FormatFigure(o Observation) string {
	unit, stated := o.Metric.Unit, o.Stated
	rank := unit == "位" || o.Metric.Kind == MetricRank
	if rank && o.Qualifier == QualifierRange && o.ValueMax != nil {
		return "第" + FormatValue(o.Value) + "～" + FormatValue(*o.ValueMax) + "位"
	}
	if o.Qualifier == QualifierRange && o.ValueMax != nil {
		s := ScaleFor(unit, math.Max(math.Abs(o.Value), math.Abs(*o.ValueMax)))
		lo, hi := amountOf(o.Value, s), amountOf(*o.ValueMax, s)
		return lo.number + "～" + hi.String()
	}
	a := amountOf(o.Value, ScaleFor(unit, o.Value))
	if !o.Derived && reFraction.MatchString(stated) {
		return strings.TrimSpace(stated) + "（约" + a.String() + "）"
	}
	switch o.Qualifier {
	case QualifierMoreThan:
		if strings.Contains(stated, "以上") && !strings.Contains(stated, "超过") {
			return a.String() + "以上"
		}
		return "超过" + a.String()
	case QualifierApprox:
		if rank {
			return "约第" + a.String()
		}
		switch {
		case strings.Contains(stated, "近"):
			return "近" + a.String()
		case strings.Contains(stated, "左右") && !strings.Contains(stated, "约"):
			return a.String() + "左右"
		}
		return "约" + a.String()
	case QualifierAtLeast:
		word := "多"
		if strings.Contains(stated, "余") {
			word = "余"
		}
		return withMore(a, word)
	case QualifierNoLessThan:
		if strings.Contains(stated, "至少") {
			return "至少" + a.String()
		}
		return "不少于" + a.String()
	case QualifierAtMost:
		switch {
		case rank:
			return "前" + a.String()
		case strings.Contains(stated, "以内"):
			return a.String() + "以内"
		}
		return "不超过" + a.String()
	}
	if rank {
		return "第" + a.String()
	}
	return a.String()
}

// withMore writes 多 or 余 where Chinese puts it: after a round number of
// ten or more (6000多家, 300多亿元), else after the multiplier (2万多人), else
// after the unit.
func withMore(a amount, word string) string {
	if n, err := strconv.ParseFloat(a.number, 64); err == nil && n >= 10 && n == math.Trunc(n) {
		return a.number + word + a.word + a.base
	}
	if a.word != "" {
		return a.number + a.word + word + a.base
	}
	return a.number + a.base + word
}
