package charts

import (
	"fmt"
	"math"
	"slices"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/go-echarts/go-echarts/v2/charts"
	"github.com/go-echarts/go-echarts/v2/opts"

	"ecomdash/charts/state"
	"ecomdash/models"
)

// cell is one value of a state's chart: a region's metric in a period, as
// drawn (a derived value where the state asks for one).
type cell struct {
	region models.Region
	metric models.Metric
	period string
	obs    models.Observation
	ok     bool
	value  float64
	unit   string
	// derivation says how a derived value was computed; "" for a figure.
	derivation string
	// axis is the scale of the cell's value axis: the value is drawn as
	// axis.Apply(value), in axis.Unit (see axisScales). The zero Scale
	// draws it as it is.
	axis models.Scale
}

// series is one line, or one set of bars, of a state's chart.
type series struct {
	name  string
	unit  string
	cells []cell
	// rank is set on a series of ranks, drawn as positions (rank.go);
	// target on one of targets, drawn outlined (target.go).
	rank, target bool
	// color, when set, is the series' colour (the palette's otherwise).
	color string
}

// The size a chart may have, chosen from what a reader can still read: a
// reader compares at most about 60 bars (each keeps some 10 px at an
// image's 675 px height), follows a line over at most 120 points, tells
// apart at most 40 series by their legend, and takes in at most 1,000
// values on one chart. A state beyond them is refused before a cell is
// built, with a message naming the numbers and what to narrow, so no output
// (page, image, CSV, report) pays for a chart nobody could read.
const (
	MaxCategories  = 60
	MaxLinePoints  = 120
	MaxSeries      = 40
	MaxDrawnValues = 1000
)

// MaxLabelledValues is the most values a chart writes as labels. Beyond it
// a chart is drawn plain: no value labels and, on a line, no marker on each
// point (a pointer still shows both), and its subtitle says
// PlainChartNote. A hundred labels already touch on an image's 1200 px, a
// thousand are a grey mass, and they were most of the drawing time: a line
// of 976 values took about 2.4 s to draw with them and 0.8 s without. The
// numbers stay in the tooltip, the data table and the CSV.
const MaxLabelledValues = 100

// PlainChartNote is the subtitle's note on a chart drawn plain.
const PlainChartNote = "数值较多，标签从略"

// drawnPlain reports whether a chart of values values is drawn plain (see
// MaxLabelledValues).
func drawnPlain(values int) bool { return values > MaxLabelledValues }

// The figures behind a chart are bounded too, so that what one request reads
// and sends stays small whatever the database holds: at most MaxFigures
// figures (the values drawn, the figures written under them, the parents'
// figures a share divides by, and a second source for the same value) and at
// most MaxFigureText characters of their text (quotes, notes, the figure as
// stated), about 300 characters a value at the limit of 1,000, where a
// yearbook's quote is some 30 and the longest of the seed documents' 110. Both are checked in the database, before a figure is loaded.
const (
	MaxFigures    = 4 * MaxDrawnValues
	MaxFigureText = 300_000
)

// checkSize refuses a state whose chart would be larger than a reader can
// read (the limits above), naming the key to narrow: the dimension with
// the most items.
func checkSize(st state.State, r *resolved, along int) error {
	n := [3]int{len(r.regions), len(r.metrics), len(r.periods)}
	values := n[0] * n[1] * n[2]
	key, most := "regions", n[0]
	if n[1] > most {
		key, most = "metrics", n[1]
	}
	if n[2] > most {
		key = "periods"
	}
	counts := fmt.Sprintf("%d 个地区 × %d 个指标 × %d 个时期", n[0], n[1], n[2])
	if r.periodsCut {
		counts = fmt.Sprintf("%d 个地区 × %d 个指标 × 至少 %d 个时期", n[0], n[1], n[2])
	}
	narrow := "请减少地区、指标或时期 (narrow the regions, metrics or periods)"
	categories := n[0]
	switch along {
	case alongMetrics:
		categories = n[1]
	case alongPeriods:
		categories = n[2]
	}
	series := 0
	if categories > 0 {
		series = values / categories
	}
	switch {
	case values > MaxDrawnValues:
		return &state.Error{Key: key, Message: fmt.Sprintf("这张图要画 %d 个数值（%s），一张图最多 %d 个：%s", values, counts, MaxDrawnValues, narrow)}
	case (st.Type == state.TypeBar || st.Type == state.TypeHBar) && categories > MaxCategories:
		return &state.Error{Key: key, Message: fmt.Sprintf("柱状图要排 %d 个类别（%s），最多 %d 个：%s", categories, counts, MaxCategories, narrow)}
	case st.Type == state.TypeLine && categories > MaxLinePoints:
		return &state.Error{Key: "periods", Message: fmt.Sprintf("折线图每条线要画 %d 个时期，最多 %d 个：请缩短时期范围 (at most %d points a line)", categories, MaxLinePoints, MaxLinePoints)}
	case series > MaxSeries:
		return &state.Error{Key: key, Message: fmt.Sprintf("这张图要画 %d 个系列（%s），图例最多分得清 %d 个：%s", series, counts, MaxSeries, narrow)}
	}
	return nil
}

// layoutState lays out the figures of r as st says: which dimension runs
// along the category axis, which make the series, the value axes (one per
// unit, at most two), and the options. It returns the drawing and the units
// of the values drawn.
func layoutState(st state.State, r *resolved, d *Data) (drawing, []string, error) {
	get := func(reg models.Region, m models.Metric, p string) cell {
		period := r.period(m.Code, p)
		c := cell{region: reg, metric: m, period: period, unit: m.Unit}
		if o, ok := d.Get(reg.Code, m.Code, period); ok {
			c.obs, c.ok, c.value = o, true, o.Value
		}
		return c
	}
	along := alongAxis(st, r)
	if err := checkSize(st, r, along); err != nil {
		return drawing{}, nil, err
	}
	if err := checkRanks(st, r); err != nil {
		return drawing{}, nil, err
	}
	if drawnPlain(len(r.regions) * len(r.metrics) * len(r.periods)) {
		st.Labels = state.LabelsNone
	}
	switch st.Type {
	case state.TypeGauge:
		return layoutGauge(r, get)
	case state.TypePie:
		return layoutPie(st, r, get)
	}
	if st.Type == state.TypeLine || (along == alongPeriods && len(r.periods) > 1) {
		for _, m := range r.metrics {
			if m.IsTarget() {
				return drawing{}, nil, &state.Error{Key: "type", Message: fmt.Sprintf("“%s”是目标，不是完成数，不能画在时间轴上：请选一个时期，用柱状图或条形图 (a target is never drawn on a time axis)", m.NameZH)}
			}
		}
	}
	var categories []string
	var all []series
	overlap := false // targets and outcomes split apart: their bars share a slot
	switch along {
	case alongPeriods:
		for _, p := range r.periods {
			categories = append(categories, r.periodLabel(p))
		}
		for _, reg := range r.regions {
			for _, m := range r.metrics {
				s := series{name: seriesName(r, reg, m, ""), unit: m.Unit, rank: m.IsRank()}
				for _, p := range r.periods {
					s.cells = append(s.cells, get(reg, m, p))
				}
				all = append(all, s)
			}
		}
	case alongMetrics: // one region; a series per period
		names := make([]string, len(r.metrics))
		for i, m := range r.metrics {
			names[i] = m.NameZH
		}
		for i, name := range trimCommonSuffix(names) {
			if r.metrics[i].IsTarget() { // trimming may have cut （目标）
				name = targetName(name)
			}
			if r.mixedLatest() {
				name += "（" + models.PeriodLabel(r.latest[r.metrics[i].Code]) + "）"
			}
			categories = append(categories, name)
		}
		for _, p := range r.periods {
			s := series{name: r.regions[0].NameZH + " · " + r.periodLabel(p), unit: axisUnit(r.metrics[0].Unit), rank: r.metrics[0].IsRank()}
			for _, m := range r.metrics {
				s.cells = append(s.cells, get(r.regions[0], m, p))
			}
			all = append(all, s)
		}
		all, overlap = splitTargets(all)
	default:
		for _, reg := range r.regions {
			categories = append(categories, reg.NameZH)
		}
		for _, m := range r.metrics {
			for _, p := range r.periods {
				s := series{name: seriesName(r, models.Region{}, m, p), unit: m.Unit, rank: m.IsRank()}
				for _, reg := range r.regions {
					s.cells = append(s.cells, get(reg, m, p))
				}
				all = append(all, s)
			}
		}
	}
	if len(all) == 0 || len(categories) == 0 {
		return emptyDrawing(), nil, nil
	}
	periodsAlong := along == alongPeriods
	if err := derive(st, r, d, all, periodsAlong); err != nil {
		return drawing{}, nil, err
	}
	markTargets(all)
	if st.Sort != state.SortNone && !periodsAlong {
		order := make([]int, len(categories))
		for i := range order {
			order[i] = i
		}
		first := all[0].cells
		standing := func(c cell) float64 { // a rank stands higher the smaller it is
			if all[0].rank {
				return -c.value
			}
			return c.value
		}
		sort.SliceStable(order, func(a, b int) bool {
			x, y := first[order[a]], first[order[b]]
			if !x.ok || !y.ok {
				return x.ok && !y.ok // missing figures last
			}
			if st.Sort == state.SortAsc {
				return standing(x) < standing(y)
			}
			return standing(x) > standing(y)
		})
		categories = permute(categories, order)
		for i := range all {
			all[i].cells = permute(all[i].cells, order)
		}
	}
	for j := range categories { // a category with no figure at all says so on the axis
		missing := true
		for _, s := range all {
			missing = missing && !s.cells[j].ok
		}
		if missing {
			categories[j] += "\n暂无数据"
		}
	}
	axisScales(all, st.Axis == state.AxisLog)
	var units, axes []string // the units the figures are shown in; the value axes they are drawn on
	for _, s := range all {
		for _, c := range s.cells {
			if !slices.Contains(units, c.axis.Unit) {
				units = append(units, c.axis.Unit)
			}
		}
		if a := seriesAxis(s); !slices.Contains(axes, a) {
			axes = append(axes, a)
		}
	}
	if len(axes) > 2 {
		return drawing{}, nil, &state.Error{Key: "metrics", Message: fmt.Sprintf("这些指标有 %d 种单位，一张图最多两种（两条数值轴）(at most two units on one chart)", len(axes))}
	}
	if len(categories) == 1 && len(axes) > 1 && st.Type != state.TypeLine && !slices.Contains(axes, rankAxis) { // a rank is a dot beside its quantity, never a panel's bar
		return panels(st, r, all, axes, d), units, nil
	}
	if overlap {
		overlap = !slotShared(all)
	}
	return cartesian(st, r, categories, all, axes, d, overlap), units, nil
}

// slotShared reports whether two series have a figure in one category.
func slotShared(all []series) bool {
	for j := range all[0].cells {
		n := 0
		for _, s := range all {
			if s.cells[j].ok {
				n++
			}
		}
		if n > 1 {
			return true
		}
	}
	return false
}

// The widths category labels wrap at, in CSS px: fixed rather than
// measured, so a long name never runs off the chart's edge, whatever font
// measured it. The labels wrap between characters (ECharts' overflow
// "break", in the page and in the server's images alike), never cut.
const (
	// categoryLabelWidth is a label under a vertical bar or a line's point.
	categoryLabelWidth = 96
	// hbarLabelWidth is the category column of horizontal bars, and
	// narrowHBarLabelWidth that column in a phone-width box (View.Narrow;
	// static/js/charts.js does the same).
	hbarLabelWidth       = 132
	narrowHBarLabelWidth = 84
	// labelSlack is the room ECharts is given beyond the width the lines
	// are made for (the axis label's width is the box's plus labelSlack): a
	// browser measures a line of the shipped face a fraction of a pixel
	// wider than Go does, and would break a line that fills its box again.
	labelSlack = 4
)

// axisLabelWidth is the width the lines of a chart's category labels are
// made to fit (axisCategories); ECharts wraps them at labelSlack more.
func axisLabelWidth(horizontal bool) int {
	if horizontal {
		return hbarLabelWidth
	}
	return categoryLabelWidth
}

// axisCategories are the category labels as the axis writes them: each
// label whole, broken into lines at sensible points so that no line is
// wider than the box it wraps in. A closing parenthesis of the label's
// period or kind (（2020年4月）, （目标）) starts a line of its own where the
// label is wider than the narrowest such box (a phone's); a line still too
// wide for the box is broken where it fills the box (wrapLine), so no line
// holds a lone character or "）". ECharts wraps at the box's
// width too (overflow "break"), which in a narrower box than the one the
// lines were made for may break a line again, between characters.
func axisCategories(categories []string, horizontal bool) []string {
	narrowest, width := categoryLabelWidth, float64(axisLabelWidth(horizontal))
	if horizontal {
		narrowest = narrowHBarLabelWidth
	}
	out := make([]string, len(categories))
	for i, c := range categories {
		var lines []string
		for _, line := range strings.Split(c, "\n") {
			if k := strings.LastIndex(line, "（"); k > 0 && strings.HasSuffix(line, "）") && labelWidth(line) > float64(narrowest) {
				lines = append(lines, wrapLine(line[:k], width)...)
				line = line[k:]
			}
			lines = append(lines, wrapLine(line, width)...)
		}
		out[i] = strings.Join(lines, "\n")
	}
	return out
}

// wrapLine breaks line into lines that fit in width px (by labelWidth),
// each filled as far as it goes, as ECharts fills them, but never leaving
// a last line of one character: the line before gives it one more. A
// line never breaks inside a run of Latin letters or digits (2020, GDP),
// before closing punctuation (）、，。”) or after opening punctuation
// (（“《).
func wrapLine(line string, width float64) []string {
	if labelWidth(line) <= width {
		return []string{line}
	}
	rs := []rune(line)
	var starts []int // the first rune of each line
	from, x, lastBreak := 0, 0.0, -1
	starts = append(starts, 0)
	for i := 0; i < len(rs); i++ {
		w := labelWidth(string(rs[i]))
		if x+w > width && lastBreak > from {
			from, x = lastBreak, labelWidth(string(rs[lastBreak:i]))
			starts = append(starts, from)
		}
		x += w
		if i+1 < len(rs) && breakable(rs[i], rs[i+1]) {
			lastBreak = i + 1
		}
	}
	// no last line of one character (and its punctuation): move the break
	// before it back
	if n := len(starts); n > 1 && utf8.RuneCountInString(strings.TrimRight(string(rs[starts[n-1]:]), closing)) < 2 {
		for b := starts[n-1] - 1; b > starts[n-2]+1; b-- {
			if breakable(rs[b-1], rs[b]) {
				starts[n-1] = b
				break
			}
		}
	}
	out := make([]string, len(starts))
	for i, st := range starts {
		end := len(rs)
		if i+1 < len(starts) {
			end = starts[i+1]
		}
		out[i] = string(rs[st:end])
	}
	return out
}

// closing and opening are the punctuation a line never starts and never
// ends with.
const (
	closing = "）」』》〉】、，。；：！？”’%"
	opening = "（「『《〈【“‘"
)

// breakable reports whether a line may break between runes a and b.
func breakable(a, b rune) bool {
	latin := func(r rune) bool { return r < 0x2E80 && (unicode.IsLetter(r) || unicode.IsDigit(r)) }
	if latin(a) && latin(b) {
		return false
	}
	return !strings.ContainsRune(closing, b) && !strings.ContainsRune(opening, a)
}

// labelWidth estimates the width in px of text in the 12 px axis label
// font: a full-width character (Chinese, full-width punctuation) 12 px,
// any other 7 px, a little more than digits and most Latin letters take.
func labelWidth(text string) float64 {
	w := 0.0
	for _, r := range text {
		if r >= 0x2E80 {
			w += 12
		} else {
			w += 7
		}
	}
	return w
}

// suffixStarts are the words a trimmable common suffix starts with: a share
// (占全省比重) or a growth rate (同比增长), whole phrases that the title
// or lead says for every figure. A common ending that starts anywhere else
// is part of each name's own last word (销售额 and 零售额 end alike in 售额)
// and is never cut.
var suffixStarts = []string{"占", "同比"}

// trimCommonSuffix drops the phrase every name ends with (commonPhrase:
// 占全省比重 from 人口占全省比重, GDP占全省比重 …), which the title and
// axis already say, so the axis labels stay short. Names are kept whole
// when there is no such phrase.
func trimCommonSuffix(names []string) []string {
	phrase := commonPhrase(names)
	if phrase == "" {
		return names
	}
	out := make([]string, len(names))
	for i, n := range names {
		out[i] = strings.TrimSuffix(n, phrase)
	}
	return out
}

// commonPhrase is the phrase of at least two characters that every one of
// two or more names ends with and that starts with one of suffixStarts (the
// longest such), leaving none of them empty; "" when there is none. Only a
// whole phrase counts: 限额以上电子商务销售额 and 限额以上电子商务零售额
// end alike in 售额, which is no phrase of its own.
func commonPhrase(names []string) string {
	if len(names) < 2 {
		return ""
	}
	rs := make([][]rune, len(names))
	for i, n := range names {
		rs[i] = []rune(n)
	}
	common := 0
	for {
		k := common + 1
		ok := true
		for _, r := range rs {
			if len(r) <= k || r[len(r)-k] != rs[0][len(rs[0])-k] {
				ok = false
				break
			}
		}
		if !ok {
			break
		}
		common = k
	}
	ending := string(rs[0][len(rs[0])-common:])
	at := -1
	for _, w := range suffixStarts {
		if i := strings.Index(ending, w); i >= 0 && (at < 0 || i < at) {
			at = i
		}
	}
	if at < 0 || len([]rune(ending[at:])) < 2 {
		return ""
	}
	return ending[at:]
}

// The dimension that runs along the category axis.
const (
	alongRegions = iota
	alongMetrics
	alongPeriods
)

// alongAxis picks what runs along the category axis: the periods of a line
// chart; else the regions when there are several; else the metrics of the
// one region when there are several and they share a value axis; else the
// periods when there are several; else the one region. The other
// dimensions make the series.
func alongAxis(st state.State, r *resolved) int {
	switch {
	case st.Type == state.TypeLine:
		return alongPeriods
	case len(r.regions) > 1:
		return alongRegions
	case len(r.metrics) > 1 && st.Derive == state.DeriveNone && sameAxis(r.metrics):
		return alongMetrics
	case len(r.periods) > 1:
		return alongPeriods
	}
	return alongRegions // one category: the region, each metric a series on its own axis
}

// sameAxis reports whether the metrics are drawn on one value axis.
func sameAxis(metrics []models.Metric) bool {
	for _, m := range metrics[1:] {
		if metricAxis(m) != metricAxis(metrics[0]) {
			return false
		}
	}
	return true
}

// metricAxis is the value axis m's figures are drawn on: the rank axis
// for a rank, else its unit's (axisUnit).
func metricAxis(m models.Metric) string {
	if m.IsRank() {
		return rankAxis
	}
	return axisUnit(m.Unit)
}

// seriesAxis is the value axis s is drawn on.
func seriesAxis(s series) string {
	if s.rank {
		return rankAxis
	}
	return axisUnit(s.unit)
}

// countWords are the measure words of plain counts (200个示范县, 150家企业):
// figures counted in any of them share one value axis, named 个/家. A
// multiplier (万家) makes a different unit, and so does a time base: a rate
// names its time base in its unit (亿件/天, 元/月; see seed/metrics.go), so
// 2亿件 a day never shares an axis with 30亿件 over a quarter, whose unit
// (亿件) is a total over its period.
var countWords = []string{"个", "家", "项", "届", "批", "所", "座", "处"}

// countAxis is the axis unit of plain counts.
const countAxis = "个/家/项"

// axisUnit is the value axis a figure in unit is drawn on: its unit, or the
// shared axis of plain counts. Units differ in their multiplier and their
// time base (亿件/天 is not 亿件), so only the very same unit, or two plain
// counts, share an axis.
func axisUnit(unit string) string {
	if slices.Contains(countWords, unit) {
		return countAxis
	}
	return unit
}

// axisScales sets the scale of every cell's value axis: the unit officials
// would write the axis's largest value in (models.ScaleFor: 亿元 for an
// axis of 万元 that reaches 200000, 万家 for 家 that reaches 478000), so the
// ticks read 5、10、15、20 under 亿元 rather than 50000 … 200000 under 万元.
// The option holds only data, no formatter function: the values are drawn
// divided into that unit and the axis is named by it (axisName). A log axis
// is scaled by its smallest value instead, so that its start at 1 stays
// below every figure. Labels and tooltips write each figure on its own
// (DisplayValue); stored values and the CSV keep the metric's unit.
func axisScales(all []series, logScale bool) {
	size := map[string]float64{} // axis → the value that sets its scale
	for _, s := range all {
		for _, c := range s.cells {
			v := math.Abs(c.value)
			if !c.ok || (logScale && c.value <= 0) {
				continue
			}
			a := axisUnit(c.unit)
			if m, seen := size[a]; !seen || (logScale && v < m) || (!logScale && v > m) {
				size[a] = v
			}
		}
	}
	for i := range all {
		for j := range all[i].cells {
			c := &all[i].cells[j]
			c.axis = models.ScaleFor(c.unit, size[axisUnit(c.unit)])
		}
	}
}

// axisName names a value axis by the units its figures are drawn in
// (axisScales): its unit, or for counts the measure words of the figures
// drawn on it (个/家, 万家).
func axisName(unit string, all []series) string {
	if unit == rankAxis {
		return rankAxisName
	}
	var units []string
	for _, s := range all {
		for _, c := range s.cells {
			if axisUnit(c.unit) == unit && !slices.Contains(units, c.axis.Unit) {
				units = append(units, c.axis.Unit)
			}
		}
	}
	if len(units) == 0 {
		return unit
	}
	return strings.Join(units, "/")
}

// annotation is the text written under a cell's value label: the figure of
// the state's annotate metric for the same region and period, named by what
// its metric adds to the cell's (网络零售额同比增长 under 网络零售额 reads 同比增长66.22%).
func annotation(st state.State, r *resolved, d *Data, c cell) string {
	if len(st.Annotate) == 0 || !c.ok {
		return ""
	}
	code := st.Annotate[0]
	if len(st.Annotate) > 1 {
		code = st.Annotate[slices.IndexFunc(r.metrics, func(m models.Metric) bool { return m.Code == c.metric.Code })]
	}
	a, ok := d.Annotation(c.region.Code, code, c.period)
	if !ok {
		return ""
	}
	name := strings.TrimPrefix(a.Metric.NameZH, c.metric.NameZH)
	if name == "" {
		name = a.Metric.NameZH
	}
	if a.Inferred != "" {
		return name + DisplayValue(a) + "（" + a.InferredNote() + "）"
	}
	return name + DisplayValue(a)
}

// seriesName names a series by what varies among the series.
func seriesName(r *resolved, reg models.Region, m models.Metric, period string) string {
	var parts []string
	if reg.Code != "" && len(r.regions) > 1 {
		parts = append(parts, reg.NameZH)
	}
	if len(r.metrics) > 1 || len(parts) == 0 {
		parts = append(parts, m.NameZH)
	}
	if period != "" && len(r.periods) > 1 {
		parts = append(parts, models.PeriodLabel(period))
	}
	return strings.Join(parts, " · ")
}

func permute[T any](xs []T, order []int) []T {
	out := make([]T, len(xs))
	for i, j := range order {
		out[i] = xs[j]
	}
	return out
}

// annotatedPoint is the data item of cell c in category name (pointOfCell),
// with the state's annotation written under its value label.
func annotatedPoint(st state.State, r *resolved, d *Data, c cell, name string, logScale bool) point {
	p := pointOfCell(c, name, st.Labels, logScale)
	if note := annotation(st, r, d, c); note != "" && st.Labels != state.LabelsNone {
		if p.Label == nil {
			p.Label = &opts.Label{}
		}
		shown := p.Label.Formatter
		if shown == "" {
			shown = p.Shown
		}
		p.Label.Formatter = shown + "\n" + note
	}
	return p
}

// pointOfCell is the data item of a cell, labelled as st says: labels=value
// (the default) writes DisplayValue, the figure in the Chinese convention
// with the word saying how the document stated it (近300亿元, 47.8万家);
// labels=stated the document's own words (超过了30亿件, 三、四家), where it
// has them; labels=none nothing. A value computed for the chart (derive)
// is written in the Chinese convention and marked 推算. The value is drawn
// in the unit of the cell's axis (axisScales).
func pointOfCell(c cell, name string, labels state.LabelMode, logScale bool) point {
	if !c.ok || (logScale && c.value <= 0) {
		p := missingPoint(name)
		if labels == state.LabelsNone {
			p.Label = &opts.Label{Show: opts.Bool(false)}
		}
		return p
	}
	var p point
	if c.derivation != "" {
		shown := models.FormatAmount(c.value, c.unit)
		p = point{Name: name, Shown: shown + "（推算）",
			Period: models.PeriodLabel(c.period), Source: c.obs.Source.DisplayTitle(), Derived: true,
			Label: &opts.Label{Formatter: shown + "\n（推算）"},
			ItemStyle: &itemStyle{ItemStyle: opts.ItemStyle{BorderColor: colorFocus, BorderWidth: 1, Opacity: opts.Float(0.75)},
				BorderType: "dashed"}}
	} else {
		p = pointOf(c.obs, name)
	}
	p.Value, p.Unit = c.value, c.unit
	if c.axis.Divisor != 0 {
		p.Value, p.Unit = c.axis.Apply(c.value), c.axis.Unit
	}
	switch labels {
	case state.LabelsStated:
		if c.derivation == "" && !c.obs.Derived {
			p.Label = &opts.Label{Formatter: StatedValue(c.obs)}
		}
	case state.LabelsNone:
		p.Label = &opts.Label{Show: opts.Bool(false)}
	}
	if c.derivation == "" {
		p = withInferred(p, c.obs, labels)
	}
	return p
}

// emptyDrawing is a chart with nothing to draw: Build adds the 暂无数据
// note. It is a go-echarts Pie with no series: a chart without axes.
func emptyDrawing() drawing {
	c := charts.NewPie()
	return drawing{chart: &c.BaseConfiguration, validate: c.Validate}
}

// refScale is the scale a reference figure is drawn in on the value axis
// of s, the series that carries its line: the axis's, when the figure is
// in a unit of that axis; else as it is.
func refScale(ref models.Observation, s series) models.Scale {
	for _, c := range s.cells {
		if axisUnit(c.unit) == axisUnit(ref.Metric.Unit) && c.axis.Divisor != 0 {
			return c.axis // counts of any measure word share the axis's divisor
		}
	}
	return models.Scale{Divisor: 1, Unit: ref.Metric.Unit}
}
