package models

import (
	"crypto/sha256"
	"encoding/hex"
	"math"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"ecomdash/models/sheet"
)

// Metrics of an imported table, matched by name: a metric the table names
// whole, a header under a merged metric name (绝对额, 增长), a name no
// metric has (created, with the closest names suggested), the metric a
// title names; and the units a figure is converted between.

// importMetricCode is the code of a metric an import creates.
func importMetricCode(name, unit string) string {
	sum := sha256.Sum256([]byte(name + "\x00" + unit))
	return "import-" + hex.EncodeToString(sum[:6])
}

// titleWords are what a table's title says besides its metric: the table
// number, years, the areas it covers.
var titleWords = []string{"各县（市、区）", "各县(市、区)", "各县市区", "各市、县（区）", "各市县", "各地市", "各省（区、市）", "各省区市", "各省份", "各地区",
	"部分城市", "部分省份", "部分县", "部分地区", "分地区", "各市", "各区", "各县", "各省", "分季度", "分月", "主要指标", "情况", "统计", "一览表", "的", "及"}

// titleMetricName is what remains of a title once its number, years,
// places, unit and the words around them are taken out: 表3-12
// 2014—2017年衢州市各县（市、区）网上零售额 → 网上零售额. A metric the
// title names whole (网络零售额) is found first.
func (r *sheetReader) titleMetricName() string {
	t := r.tab.Title
	if t == "" {
		return ""
	}
	// the longest existing metric name in the title
	best := ""
	for _, m := range r.metrics {
		if m.Subject == "" && strings.Contains(t, m.NameZH) && utf8.RuneCountInString(m.NameZH) > utf8.RuneCountInString(best) {
			best = m.NameZH
		}
	}
	if best != "" {
		return best
	}
	name, _ := sheet.SplitUnit(t)
	name = reTableNumber.ReplaceAllString(name, "")
	name = reYears.ReplaceAllString(name, "")
	for _, reg := range r.regions.regionsIn(name) {
		name = strings.ReplaceAll(name, reg.NameZH, "")
	}
	for _, w := range titleWords {
		name = strings.ReplaceAll(name, w, "")
	}
	name = strings.Trim(strings.Join(strings.Fields(name), ""), "（）()：:，,、 ")
	if utf8.RuneCountInString(name) < 2 {
		return ""
	}
	return name
}

// metric matches a column's or row's label to a metric: the choice, then
// a metric of that name, then (a label under a merged header naming the
// metric: 网络零售额 over 绝对额, 增长) the header's name; otherwise a new
// metric with the label's name and unit.
func (r *sheetReader) metric(l sheet.Label) SheetMetric {
	name, unit := metricNameOf(l)
	if unit == "" {
		unit = r.p.Unit
	}
	key := l.Text()
	if l.Index < 0 {
		key = name
	}
	if code, ok := r.opt.Metrics[key]; ok && code != ChoiceNewMetric {
		if m := r.byCode[code]; m != nil {
			return SheetMetric{Label: key, Code: m.Code, Name: m.NameZH, Unit: m.Unit, How: "所选"}
		}
	}
	if _, chosenNew := r.opt.Metrics[key]; !chosenNew {
		norm := normaliseMetricName(name)
		for i := range r.metrics {
			m := &r.metrics[i]
			if m.Subject == "" && (normaliseMetricName(m.NameZH) == norm || m.Code == name) {
				return SheetMetric{Label: key, Code: m.Code, Name: m.NameZH, Unit: m.Unit, How: "名称相同"}
			}
		}
	}
	if unit == "" {
		return SheetMetric{Label: key, Name: name}
	}
	code := importMetricCode(name, unit)
	if m := r.byCode[code]; m != nil { // made by an earlier import
		return SheetMetric{Label: key, Code: m.Code, Name: m.NameZH, Unit: m.Unit, How: "名称相同"}
	}
	if sm := r.newMetrics[code]; sm != nil {
		return *sm
	}
	if len(r.newMetrics) >= MaxNewMetrics {
		return SheetMetric{Label: key, Name: name, Unit: unit, How: "过多"}
	}
	sm := &SheetMetric{Label: key, Code: code, Name: name, Unit: unit, New: true, How: "新建", Similar: r.similarMetrics(name)}
	r.newMetrics[code] = sm
	return *sm
}

// amountWords are inner headers that mean the outer header's own figure;
// growthWords those that mean its year-on-year growth.
var (
	amountWords = []string{"绝对额", "绝对值", "总额", "金额", "总量", "数量", "数值", "规模", "本期", "本年", "本年累计", "累计", "合计", "实绩", "完成额", "额"}
	growthWords = []string{"增长", "增速", "增长率", "同比增长", "同比", "比上年增长", "比上年同期增长", "增幅", "同比增速", "±%"}
)

// metricNameOf names the metric a label stands for, with the unit it gives.
func metricNameOf(l sheet.Label) (string, string) {
	name, unit := l.Name, l.Unit
	if len(l.Parts) > 1 {
		outer, outerUnit := sheet.SplitUnit(l.Parts[len(l.Parts)-2])
		switch {
		case slices.Contains(amountWords, name):
			name = outer
			if unit == "" {
				unit = outerUnit
			}
		case slices.Contains(growthWords, name):
			name, unit = outer+GrowthSuffix, "%"
		}
	}
	return strings.TrimSpace(name), unit
}

// normaliseMetricName drops what does not change a metric's meaning:
// spaces, quotation marks, brackets' shape.
func normaliseMetricName(s string) string { return metricNameNoise.Replace(s) }

var metricNameNoise = strings.NewReplacer(" ", "", "　", "", "“", "", "”", "", "\"", "", "(", "（", ")", "）")

// similarMetrics lists up to five existing metrics whose names share most
// characters with name (网上零售额 → 网络零售额 …).
func (r *sheetReader) similarMetrics(name string) []MetricSuggestion {
	type scored struct {
		m     *Metric
		score float64
	}
	a := bigrams(name)
	if r.metricBigrams == nil {
		r.metricBigrams = make([]map[string]int, len(r.metrics))
		for i, m := range r.metrics {
			r.metricBigrams[i] = bigrams(m.NameZH)
		}
	}
	var all []scored
	for i := range r.metrics {
		m := &r.metrics[i]
		if m.Subject != "" {
			continue
		}
		if s := dice(a, r.metricBigrams[i]); s >= 0.3 {
			all = append(all, scored{m, s})
		}
	}
	slices.SortStableFunc(all, func(x, y scored) int {
		if x.score != y.score {
			if x.score > y.score {
				return -1
			}
			return 1
		}
		return strings.Compare(x.m.Code, y.m.Code)
	})
	var out []MetricSuggestion
	for _, s := range all[:min(5, len(all))] {
		out = append(out, MetricSuggestion{Code: s.m.Code, Name: s.m.NameZH, Unit: s.m.Unit})
	}
	return out
}

// bigrams are the pairs of neighbouring characters of s.
func bigrams(s string) map[string]int {
	rs := []rune(normaliseMetricName(s))
	out := map[string]int{}
	for i := 0; i+1 < len(rs); i++ {
		out[string(rs[i:i+2])]++
	}
	return out
}

// dice is the Sørensen–Dice similarity of two bigram sets.
func dice(a, b map[string]int) float64 {
	na, nb, both := 0, 0, 0
	for k, n := range a {
		na += n
		both += min(n, b[k])
	}
	for _, n := range b {
		nb += n
	}
	if na+nb == 0 {
		return 0
	}
	return 2 * float64(both) / float64(na+nb)
}

// convertUnit converts v from one unit to another of the same base (万元 →
// 亿元 divides by 10⁴); a figure with no unit is taken to be in the
// metric's. ok is false for units of different bases (万件 → 亿元).
func convertUnit(v float64, from, to string) (float64, bool) {
	if from == "" || from == to {
		return v, true
	}
	fm, fb := splitUnitThousands(from)
	tm, tb := splitUnitThousands(to)
	if fb != tb {
		return 0, false
	}
	return roundSignificant(v * fm / tm), true
}

// splitUnitThousands is splitUnit, with 千 (千元) and 百万 as multipliers too.
func splitUnitThousands(unit string) (float64, string) {
	for _, w := range []struct {
		word string
		mult float64
	}{{"百万", 1e6}, {"千", 1e3}} {
		if rest, ok := strings.CutPrefix(unit, w.word); ok && rest != "" && rest != "米" && rest != "克" {
			return w.mult, rest
		}
	}
	return splitUnit(unit)
}

// roundSignificant rounds away the binary noise a unit conversion leaves
// (183456 万元 is 18.3456 亿元, not 18.345599999999997).
func roundSignificant(v float64) float64 {
	if v == 0 || math.IsInf(v, 0) || math.IsNaN(v) {
		return v
	}
	out, _ := strconv.ParseFloat(strconv.FormatFloat(v, 'g', 12, 64), 64)
	return out
}
