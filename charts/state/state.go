// Package state is the chart grammar: a chart as data, a State saying which
// metrics, which regions and which periods it shows and how it is drawn. A
// State reads and writes as a query string, so the same chart lives in a URL
// (/compare?metrics=…&regions=…), in a saved chart's row and in a
// dashboard's list. It knows nothing of the database: region shorthands
// (children:330000) and period selections (latest, 2015..) are resolved
// when the chart is built.
//
//	metrics=CODE[,CODE…]           which statistics (1 to 8)
//	regions=ITEM[,ITEM…]           GB/T 2260 codes, or children:CODE (the regions under CODE),
//	                               siblings:CODE (CODE and the regions beside it), parent:CODE;
//	                               a shorthand brings in only regions with a figure of the
//	                               metrics (a code named is shown even without one)
//	periods=all|latest|A..B|A..|..B|P[,P…]   periods as 2012, 2020Q1, 2020-03, 2020-04-25, 2016-01/06;
//	                               a range holds every period that lies inside it
//	type=bar|hbar|line|pie|gauge   bars are grouped when two dimensions vary (default bar)
//	axis=linear|log                the value axis (default linear; not "scale", which is
//	                               an image's pixel ratio)
//	sort=none|asc|desc             order of the categories by value (default none)
//	focus=ITEM[,ITEM…]             regions, metrics or periods drawn in the focus colour,
//	                               the rest in the comparison colour
//	ref=REGION:METRIC:PERIOD       a reference line at that figure's value
//	annotate=METRIC[,METRIC…]      a figure written under each value label: METRIC's figure
//	                               for the same region and period (one for every metric, or
//	                               one per metric in order), e.g. the growth rate under a total
//	labels=value|stated|none       value labels: the number, the figure as the document
//	                               stated it (近300亿元), or none (default value)
//	stack=0|1                      stack the series (bars and lines)
//	legend=0|1                     show the legend (default 1)
//	derive=none|yoy|share|rank     draw a derived series instead of the figures: year-on-year
//	                               growth, share of the parent region, rank among those shown
//
// Keys are exactly these; an unknown key, a repeated one or a bad value is an
// *Error naming the key. String writes the canonical form: keys in this
// order, defaults left out, so one chart has one URL.
package state

import (
	"fmt"
	"net/url"
	"slices"
	"strings"
	"time"

	"ecomdash/models"
)

// ChartType is how a chart is drawn.
type ChartType string

// Chart types.
const (
	TypeBar   ChartType = "bar"
	TypeHBar  ChartType = "hbar"
	TypeLine  ChartType = "line"
	TypePie   ChartType = "pie"
	TypeGauge ChartType = "gauge"
)

// ChartTypes are the chart types with their Chinese names, in the order
// the builder offers them, the default first.
var ChartTypes = models.Codes[ChartType]{{Code: TypeBar, Label: "柱状图"}, {Code: TypeHBar, Label: "条形图"}, {Code: TypeLine, Label: "折线图"}, {Code: TypePie, Label: "饼图"}, {Code: TypeGauge, Label: "仪表盘"}}

// Label is the chart type's Chinese name (柱状图).
func (t ChartType) Label() string { return ChartTypes.Label(t) }

// Axis is the scale of the value axis (the key axis; not "scale", which is
// an image's pixel ratio).
type Axis string

// Value axis scales.
const (
	AxisLinear Axis = "linear"
	AxisLog    Axis = "log"
)

// Axes are the value axis scales with their Chinese names, the default first.
var Axes = models.Codes[Axis]{{Code: AxisLinear, Label: "线性坐标"}, {Code: AxisLog, Label: "对数坐标"}}

// Label is the scale's Chinese name (对数坐标).
func (a Axis) Label() string { return Axes.Label(a) }

// SortOrder orders the categories by value.
type SortOrder string

// Sort orders.
const (
	SortNone SortOrder = "none"
	SortAsc  SortOrder = "asc"
	SortDesc SortOrder = "desc"
)

// SortOrders are the sort orders with their Chinese names, the default first.
var SortOrders = models.Codes[SortOrder]{{Code: SortNone, Label: "不排序"}, {Code: SortAsc, Label: "从小到大"}, {Code: SortDesc, Label: "从大到小"}}

// Label is the order's Chinese name (从大到小).
func (o SortOrder) Label() string { return SortOrders.Label(o) }

// LabelMode is what a value label shows.
type LabelMode string

// Label modes.
const (
	// LabelsValue labels a figure as every page writes it: the value in the
	// Chinese convention with the word saying how the document stated it
	// (近300亿元, 47.8万家, 3～4家; models.FormatFigure).
	LabelsValue LabelMode = "value"
	// LabelsStated labels a figure with the document's own words
	// (超过1千亿元, 三、四家, 2027亿), where it has them.
	LabelsStated LabelMode = "stated"
	// LabelsNone writes no value labels.
	LabelsNone LabelMode = "none"
)

// LabelModes are the label modes with their Chinese names, the default first.
var LabelModes = models.Codes[LabelMode]{{Code: LabelsValue, Label: "数值"}, {Code: LabelsStated, Label: "原文表述"}, {Code: LabelsNone, Label: "不显示"}}

// Label is the mode's Chinese name (原文表述).
func (m LabelMode) Label() string { return LabelModes.Label(m) }

// Derivation is a series computed from the figures, drawn instead of them.
type Derivation string

// Derived series.
const (
	DeriveNone  Derivation = "none"
	DeriveYoY   Derivation = "yoy"
	DeriveShare Derivation = "share"
	DeriveRank  Derivation = "rank"
)

// Derivations are the derived series with their Chinese names, the default
// (none) first.
var Derivations = models.Codes[Derivation]{{Code: DeriveNone, Label: "原始数字"}, {Code: DeriveYoY, Label: "同比增长"}, {Code: DeriveShare, Label: "占上级比重"}, {Code: DeriveRank, Label: "排名"}}

// Label is the derivation's Chinese name (同比增长).
func (d Derivation) Label() string { return Derivations.Label(d) }

// RegionKind is how an item of the regions list selects regions.
type RegionKind string

// Region shorthands: an item of the regions list is a code (RegionCode) or
// KIND:CODE.
const (
	RegionCode     RegionKind = ""
	RegionChildren RegionKind = "children"
	RegionSiblings RegionKind = "siblings"
	RegionParent   RegionKind = "parent"
)

// Bounds of a state.
const (
	MaxMetrics = 8
	MaxRegions = 40
	MaxPeriods = 40
	MaxFocus   = 10
)

// Region is one item of the regions list: a code, or a shorthand Kind
// applied to Code.
type Region struct {
	Kind RegionKind
	Code string
}

// String writes the item as the grammar reads it.
func (r Region) String() string {
	if r.Kind == RegionCode {
		return r.Code
	}
	return string(r.Kind) + ":" + r.Code
}

// PeriodKind says how a Periods selects periods.
type PeriodKind int

// Period selections.
const (
	// PeriodsAll selects every period with figures (the zero value).
	PeriodsAll PeriodKind = iota
	// PeriodsLatest selects each metric's own latest period.
	PeriodsLatest
	// PeriodsRange selects the periods lying wholly inside a range whose
	// either end may be open.
	PeriodsRange
	// PeriodsList selects the periods named, shown even where a figure is
	// missing.
	PeriodsList
)

// Periods selects periods: all of them (the zero value), the latest, a
// range or a list. Its fields are unexported so that only the constructors
// make one, and a selection is always one of the four.
type Periods struct {
	kind     PeriodKind
	from, to string
	list     []string
}

// AllPeriods selects every period with figures.
func AllPeriods() Periods { return Periods{} }

// LatestPeriods selects each metric's own latest period.
func LatestPeriods() Periods { return Periods{kind: PeriodsLatest} }

// PeriodRange selects the periods lying wholly inside from..to; either end
// may be "" (open), not both. A malformed end or a range that ends before it
// starts is an *Error on the key periods.
func PeriodRange(from, to string) (Periods, error) {
	raw := from + ".." + to
	if (from != "" && !validPeriod(from)) || (to != "" && !validPeriod(to)) || (from == "" && to == "") {
		return Periods{}, errorf("periods", "范围 %q 应为 2011..2016、2015.. 或 ..2016 (malformed range)", raw)
	}
	if from != "" && to != "" {
		a, _, _ := models.PeriodSpan(from)
		_, b, _ := models.PeriodSpan(to)
		if !a.Before(b) {
			return Periods{}, errorf("periods", "范围 %q 的起点晚于终点 (the range ends before it starts)", raw)
		}
	}
	return Periods{kind: PeriodsRange, from: from, to: to}, nil
}

// PeriodList selects the periods named (1 to MaxPeriods, each once), kept in
// time order. A malformed or repeated period is an *Error on the key periods.
func PeriodList(periods ...string) (Periods, error) {
	p := Periods{kind: PeriodsList}
	for _, it := range periods {
		it = strings.TrimSpace(it)
		if !validPeriod(it) {
			return Periods{}, errorf("periods", "%q 应为 all、latest、范围或时期列表，时期如 2012、2020Q1、2020-03、2020-04-25、2016-01/06 (malformed period)", it)
		}
		if slices.Contains(p.list, it) {
			return Periods{}, errorf("periods", "%q 重复 (given twice)", it)
		}
		p.list = append(p.list, it)
	}
	switch {
	case len(p.list) == 0:
		return Periods{}, errorf("periods", "至少要选一个时期 (at least one period)")
	case len(p.list) > MaxPeriods:
		return Periods{}, errorf("periods", "最多 %d 个时期 (at most %d periods)", MaxPeriods, MaxPeriods)
	}
	SortPeriods(p.list)
	return p, nil
}

// Kind says how the periods are selected.
func (p Periods) Kind() PeriodKind { return p.kind }

// Range returns the ends of a PeriodsRange ("" for an open end).
func (p Periods) Range() (from, to string) { return p.from, p.to }

// List returns the periods of a PeriodsList, in time order (a copy).
func (p Periods) List() []string { return slices.Clone(p.list) }

// String writes the selection as the grammar reads it.
func (p Periods) String() string {
	switch p.kind {
	case PeriodsLatest:
		return "latest"
	case PeriodsRange:
		return p.from + ".." + p.to
	case PeriodsList:
		return strings.Join(p.list, ",")
	}
	return "all"
}

// Contains reports whether period is selected: a range holds the periods
// that lie wholly inside it (2020Q3 is in 2011..2020, 2020 is not in
// 2020Q1..2020Q2). All and Latest contain every period: Latest is narrowed
// when the chart is built, from the figures.
func (p Periods) Contains(period string) bool {
	switch p.kind {
	case PeriodsRange:
		start, end, err := models.PeriodSpan(period)
		if err != nil {
			return false
		}
		if p.from != "" {
			if from, _, _ := models.PeriodSpan(p.from); start.Before(from) {
				return false
			}
		}
		if p.to != "" {
			if _, to, _ := models.PeriodSpan(p.to); end.After(to) {
				return false
			}
		}
		return true
	case PeriodsList:
		return slices.Contains(p.list, period)
	}
	return true
}

// Ref is the figure a reference line is drawn at (REGION:METRIC:PERIOD).
type Ref = models.FigureKey

// State is one chart as data.
type State struct {
	Metrics []string
	Regions []Region
	Periods Periods
	Type    ChartType
	Axis    Axis
	Sort    SortOrder
	Focus   []string
	Ref     *Ref
	// Annotate holds the metrics whose figures are written under the value
	// labels: one for all metrics, or one per metric.
	Annotate []string
	Labels   LabelMode
	Stack    bool
	Legend   bool
	Derive   Derivation
}

// defaults is the state every key of a State starts from: all periods,
// bars, a linear axis, no sort, value labels, a legend, no derived series.
// Metrics and regions have no default.
var defaults = State{Periods: AllPeriods(), Type: TypeBar, Axis: AxisLinear, Sort: SortNone, Labels: LabelsValue, Legend: true, Derive: DeriveNone}

// New is the state showing metrics of regions, every other key at its
// default; set the others on the result.
func New(metrics []string, regions ...Region) State {
	s := defaults
	s.Metrics, s.Regions = metrics, regions
	return s
}

// Error is a bad state: Key names the query key, Message says what is wrong
// (in Chinese, with English in parentheses).
type Error struct {
	Key, Message string
}

// Error names the key.
func (e *Error) Error() string { return e.Key + ": " + e.Message }

func errorf(key, format string, args ...any) *Error {
	return &Error{Key: key, Message: fmt.Sprintf(format, args...)}
}

// Keys are the query keys of the grammar, in canonical order.
var Keys = []string{"metrics", "regions", "periods", "type", "axis", "sort", "focus", "ref", "annotate", "labels", "stack", "legend", "derive"}

// choice reads an optional key whose value is one of allowed; def when absent.
func choice[T ~string](q url.Values, key string, def T, allowed ...T) (T, error) {
	v := T(q.Get(key))
	if v == "" {
		return def, nil
	}
	if !slices.Contains(allowed, v) {
		names := make([]string, len(allowed))
		for i, a := range allowed {
			names[i] = string(a)
		}
		return def, errorf(key, "%q 应为 %s 之一 (must be one of %s)", string(v), strings.Join(names, "、"), strings.Join(names, ", "))
	}
	return v, nil
}

// list reads a comma-separated list of at most max items, each checked by valid.
func list(q url.Values, key string, max int, valid func(string) bool, what string) ([]string, error) {
	raw := q.Get(key)
	if raw == "" {
		return nil, nil
	}
	items := strings.Split(raw, ",")
	if len(items) > max {
		return nil, errorf(key, "最多 %d 项 (at most %d items)", max, max)
	}
	for i, it := range items {
		items[i] = strings.TrimSpace(it)
		if !valid(items[i]) {
			return nil, errorf(key, "%q 不是有效的%s (malformed %s)", items[i], what, key)
		}
		if slices.Contains(items[:i], items[i]) {
			return nil, errorf(key, "%q 重复 (given twice)", items[i])
		}
	}
	return items, nil
}

// Parse reads a state from a query string (without the "?"). Keys other than
// the grammar's (and those in extra, which the caller reads itself, such as
// an image's width) are an error, as is any key given twice.
func Parse(query string, extra ...string) (State, error) {
	q, err := url.ParseQuery(query)
	if err != nil {
		return State{}, errorf("query", "查询串无法解析 (malformed query string): %v", err)
	}
	for k, vs := range q {
		if !slices.Contains(Keys, k) && !slices.Contains(extra, k) {
			return State{}, errorf(k, "未知的参数；可用：%s (unknown key)", strings.Join(Keys, ", "))
		}
		if len(vs) > 1 {
			return State{}, errorf(k, "重复 (given more than once)")
		}
	}
	return FromValues(q)
}

// FromValues reads a state from parsed query values, ignoring keys that are
// not the grammar's.
func FromValues(q url.Values) (State, error) {
	var s State
	var err error
	if s.Metrics, err = list(q, "metrics", MaxMetrics, models.ValidID, "指标代码"); err != nil {
		return s, err
	}
	if len(s.Metrics) == 0 {
		return s, errorf("metrics", "至少要选一个指标 (at least one metric is required)")
	}
	items, err := list(q, "regions", MaxRegions, validRegion, "地区")
	if err != nil {
		return s, err
	}
	if len(items) == 0 {
		return s, errorf("regions", "至少要选一个地区 (at least one region is required)")
	}
	for _, it := range items {
		kind, code, ok := strings.Cut(it, ":")
		if !ok {
			kind, code = "", it
		}
		s.Regions = append(s.Regions, Region{Kind: RegionKind(kind), Code: code})
	}
	if s.Periods, err = parsePeriods(q.Get("periods")); err != nil {
		return s, err
	}
	if s.Type, err = choice(q, "type", defaults.Type, ChartTypes.Values()...); err != nil {
		return s, err
	}
	if s.Axis, err = choice(q, "axis", defaults.Axis, Axes.Values()...); err != nil {
		return s, err
	}
	if s.Sort, err = choice(q, "sort", defaults.Sort, SortOrders.Values()...); err != nil {
		return s, err
	}
	if s.Focus, err = list(q, "focus", MaxFocus, validFocus, "地区、指标或时期"); err != nil {
		return s, err
	}
	if raw := q.Get("ref"); raw != "" {
		ref, err := models.ParseFigureKey(raw)
		if err != nil {
			return s, errorf("ref", "%q 应为 地区代码:指标代码:时期，如 330800:population_share:2012 (want REGION:METRIC:PERIOD)", raw)
		}
		s.Ref = &ref
	}
	if s.Annotate, err = list(q, "annotate", MaxMetrics, models.ValidID, "指标代码"); err != nil {
		return s, err
	}
	if n := len(s.Annotate); n > 1 && n != len(s.Metrics) {
		return s, errorf("annotate", "应为一个指标，或与 metrics 一一对应的 %d 个指标 (one metric, or one per metric)", len(s.Metrics))
	}
	if s.Labels, err = choice(q, "labels", defaults.Labels, LabelModes.Values()...); err != nil {
		return s, err
	}
	stack, err := choice(q, "stack", flag(defaults.Stack), flagOff, flagOn)
	if err != nil {
		return s, err
	}
	legend, err := choice(q, "legend", flag(defaults.Legend), flagOff, flagOn)
	if err != nil {
		return s, err
	}
	s.Stack, s.Legend = stack == flagOn, legend == flagOn
	if s.Derive, err = choice(q, "derive", defaults.Derive, Derivations.Values()...); err != nil {
		return s, err
	}
	return s, s.check()
}

// check refuses combinations no chart can draw.
func (s State) check() error {
	switch {
	case s.Type == TypeGauge && (len(s.Metrics) != 1 || len(s.Regions) != 1 || s.Regions[0].Kind != ""):
		return errorf("type", "仪表盘只显示一个地区的一个指标 (a gauge shows one metric of one region)")
	case s.Type == TypePie && len(s.Metrics) != 1:
		return errorf("type", "饼图只显示一个指标 (a pie shows one metric)")
	case s.Axis == AxisLog && (s.Type == TypePie || s.Type == TypeGauge):
		return errorf("axis", "饼图和仪表盘没有数值轴 (pies and gauges have no value axis)")
	case s.Stack && s.Type != TypeBar && s.Type != TypeHBar && s.Type != TypeLine:
		return errorf("stack", "只有柱状图和折线图可以堆叠 (only bars and lines stack)")
	}
	return nil
}

// validFocus reports whether item can name a region, a metric or a period.
func validFocus(item string) bool { return models.ValidID(item) || validPeriod(item) }

func validRegion(item string) bool {
	kind, code, ok := strings.Cut(item, ":")
	if !ok {
		return models.ValidRegionCode(item)
	}
	switch RegionKind(kind) {
	case RegionChildren, RegionSiblings, RegionParent:
		return models.ValidRegionCode(code)
	}
	return false
}

func validPeriod(p string) bool {
	_, err := models.ParsePeriod(p)
	return err == nil
}

// parsePeriods reads the periods key; empty means all.
func parsePeriods(raw string) (Periods, error) {
	switch raw {
	case "", "all":
		return AllPeriods(), nil
	case "latest":
		return LatestPeriods(), nil
	}
	if from, to, ok := strings.Cut(raw, ".."); ok {
		return PeriodRange(from, to)
	}
	return PeriodList(strings.Split(raw, ",")...)
}

// The values of the keys stack and legend.
const (
	flagOff = "0"
	flagOn  = "1"
)

// flag writes a boolean key's value.
func flag(on bool) string {
	if on {
		return flagOn
	}
	return flagOff
}

// Value is key's value in s as the grammar writes it, a default included
// ("all" for periods, "bar" for type); "" for a key s leaves empty, or one
// the grammar does not have.
func (s State) Value(key string) string {
	switch key {
	case "metrics":
		return strings.Join(s.Metrics, ",")
	case "regions":
		items := make([]string, len(s.Regions))
		for i, r := range s.Regions {
			items[i] = r.String()
		}
		return strings.Join(items, ",")
	case "periods":
		return s.Periods.String()
	case "type":
		return string(s.Type)
	case "axis":
		return string(s.Axis)
	case "sort":
		return string(s.Sort)
	case "focus":
		return strings.Join(s.Focus, ",")
	case "ref":
		if s.Ref != nil {
			return s.Ref.String()
		}
	case "annotate":
		return strings.Join(s.Annotate, ",")
	case "labels":
		return string(s.Labels)
	case "stack":
		return flag(s.Stack)
	case "legend":
		return flag(s.Legend)
	case "derive":
		return string(s.Derive)
	}
	return ""
}

// defaultValues are the values of Keys in defaults, in the same order.
var defaultValues = func() []string {
	v := make([]string, len(Keys))
	for i, k := range Keys {
		v[i] = defaults.Value(k)
	}
	return v
}()

// readable unescapes the commas and colons of the grammar's lists.
var readable = strings.NewReplacer("%2C", ",", "%3A", ":")

// String writes the canonical query string: the keys in the order of Keys,
// defaults left out, commas and colons unescaped, so a state has one form
// that reads well in a URL.
func (s State) String() string {
	var b strings.Builder
	for i, k := range Keys {
		v := s.Value(k)
		if v == "" || v == defaultValues[i] {
			continue
		}
		if b.Len() > 0 {
			b.WriteByte('&')
		}
		b.WriteString(k + "=" + readable.Replace(url.QueryEscape(v)))
	}
	return b.String()
}

// KeyInfo describes one key of the grammar to a client, such as the
// comparison builder's script, so that the grammar is written only here.
type KeyInfo struct {
	// Key is the query key.
	Key string `json:"key"`
	// Default is the value the key has when it is absent; "" for none.
	Default string `json:"default,omitempty"`
	// Values are the values the key takes, with their Chinese labels, when
	// they are a fixed list.
	Values []Choice `json:"values,omitempty"`
}

// Choice is one value a key takes and its Chinese label.
type Choice struct {
	Value string `json:"value"`
	Label string `json:"label"`
}

// choices lists a key's values with their labels for a client.
func choices[T ~string](cs models.Codes[T]) []Choice {
	out := make([]Choice, len(cs))
	for i, c := range cs {
		out[i] = Choice{Value: string(c.Code), Label: c.Label}
	}
	return out
}

// Grammar describes every key, in canonical order: its default and, where
// they are a fixed list, the values it takes.
func Grammar() []KeyInfo {
	values := map[string][]Choice{
		"type":   choices(ChartTypes),
		"axis":   choices(Axes),
		"sort":   choices(SortOrders),
		"labels": choices(LabelModes),
		"stack":  {{Value: flagOff, Label: "不堆叠"}, {Value: flagOn, Label: "堆叠"}},
		"legend": {{Value: flagOff, Label: "不显示图例"}, {Value: flagOn, Label: "显示图例"}},
		"derive": choices(Derivations),
	}
	out := make([]KeyInfo, len(Keys))
	for i, k := range Keys {
		out[i] = KeyInfo{Key: k, Default: defaultValues[i], Values: values[k]}
	}
	return out
}

// periodOrder is a period's start, for sorting.
func periodOrder(p string) time.Time {
	start, _, _ := models.PeriodSpan(p)
	return start
}

// SortPeriods sorts periods by when they start (2020 before 2020Q2 before
// 2020-07), the order a time axis shows them in.
func SortPeriods(periods []string) {
	slices.SortStableFunc(periods, func(a, b string) int { return periodOrder(a).Compare(periodOrder(b)) })
}
