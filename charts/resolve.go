package charts

import (
	"errors"
	"fmt"
	"slices"
	"strings"

	"gorm.io/gorm"

	"ecomdash/charts/state"
	"ecomdash/models"
)

// resolved is a state with its shorthands and selections applied to the
// database: the regions, metrics and periods the chart shows.
type resolved struct {
	regions []models.Region
	metrics []models.Metric
	periods []string
	obs     []models.Observation
	// latest maps each metric to its latest period among the regions shown,
	// when the state asks for periods=latest: periods then holds the one
	// column latestPeriod, which stands for each metric's own latest period.
	latest map[string]string
	// periodsCut is set when the periods were counted up to a bound and
	// there are more: len(periods) is then a lower bound.
	periodsCut bool
	// growth maps a metric to the metric of its growth rate as the
	// documents report it (models.GrowthMetrics), for derive=yoy: a rate
	// reported is shown as reported, and only a missing one is computed.
	growth map[string]string
}

// reportedGrowth is the growth rate the documents report for cell c (its
// region, metric and period), for derive=yoy.
func (r *resolved) reportedGrowth(d *Data, c cell) (models.Observation, bool) {
	code, ok := r.growth[c.metric.Code]
	if !ok {
		return models.Observation{}, false
	}
	return d.Get(c.region.Code, code, c.period)
}

// latestPeriod is the period column of periods=latest: each metric's own
// latest period (2020-04 for a daily volume, 2020Q1 for a quarter's total).
const latestPeriod = "latest"

// period is the period a cell of metric in column p shows.
func (r *resolved) period(metric, p string) string {
	if p == latestPeriod {
		return r.latest[metric]
	}
	return p
}

// mixedLatest reports whether the metrics' latest periods differ, so each
// must be labelled with its own.
func (r *resolved) mixedLatest() bool {
	first := ""
	for _, p := range r.latest {
		if first != "" && p != first {
			return true
		}
		first = p
	}
	return false
}

// periodLabel labels the period column p.
func (r *resolved) periodLabel(p string) string {
	if p != latestPeriod {
		return models.PeriodLabel(p)
	}
	if r.mixedLatest() {
		return "最新"
	}
	for _, l := range r.latest {
		return models.PeriodLabel(l)
	}
	return "最新"
}

// resolveState looks up the state's metrics and regions and selects its
// figures.
func resolveState(db *gorm.DB, st state.State) (*resolved, error) {
	r, f, _, err := selectState(db, st)
	if err != nil {
		return nil, err
	}
	return r, loadState(db, st, r, f)
}

// Size is how large a state's chart would be, known before any figure is
// read: what the builder shows before it draws.
type Size struct {
	// Regions, Metrics and Periods are the chart's dimensions; Values,
	// their product, the values it draws. PeriodsAtLeast is set when the
	// periods were counted up to a bound and there are more.
	Regions, Metrics, Periods, Values int
	PeriodsAtLeast                    bool
	// Figures and TextChars are the figures the chart would load and the
	// characters of their text (zero when the values are already over).
	Figures, TextChars int64
}

// MeasureState returns the size of st's chart, and a *state.Error saying
// which limit it passes, if any (the size is filled in as far as it was
// counted). Other errors are the database's.
func MeasureState(db *gorm.DB, st state.State) (Size, error) {
	_, _, size, err := selectState(db, st)
	return size, err
}

// selectState looks up the state's metrics and regions, and works out the
// filter of the figures its chart shows, refusing a chart over the size
// limits (measureState) before any figure is read.
func selectState(db *gorm.DB, st state.State) (*resolved, models.ObservationFilter, Size, error) {
	var none models.ObservationFilter
	r := &resolved{}
	if unknown, err := models.UnknownKeys(db, models.EntityMetric, st.Metrics); err != nil {
		return nil, none, Size{}, err
	} else if len(unknown) > 0 {
		return nil, none, Size{}, &state.Error{Key: "metrics", Message: fmt.Sprintf("没有指标 %q (unknown metric)", unknown[0])}
	}
	for _, code := range st.Metrics {
		m, err := models.Metrics.Get(db, code)
		if err != nil {
			return nil, none, Size{}, err
		}
		if m.Subject != "" {
			return nil, none, Size{}, &state.Error{Key: "metrics", Message: fmt.Sprintf("指标 %q 是关于%s的数字，不是地区统计，不能用于地区对比 (a figure about %s, not a regional statistic)", code, m.Subject, code)}
		}
		r.metrics = append(r.metrics, m)
	}
	seen := map[string]bool{}
	add := func(rs ...models.Region) {
		for _, reg := range rs {
			if !seen[reg.Code] {
				seen[reg.Code] = true
				r.regions = append(r.regions, reg)
			}
		}
	}
	for _, item := range st.Regions {
		reg, err := models.Regions.Get(db, item.Code)
		if err != nil {
			if errors.Is(err, models.ErrNotFound) {
				return nil, none, Size{}, &state.Error{Key: "regions", Message: fmt.Sprintf("没有地区 %q (unknown region)", item.Code)}
			}
			return nil, none, Size{}, err
		}
		switch item.Kind {
		case "":
			add(reg)
		case state.RegionParent:
			if reg.Parent != nil {
				add(*reg.Parent)
			}
		case state.RegionChildren, state.RegionSiblings:
			parent := reg.Code
			if item.Kind == state.RegionSiblings {
				if reg.ParentCode == nil {
					add(reg)
					continue
				}
				parent = *reg.ParentCode
			}
			children, err := models.ChildRegions(db, parent)
			if err != nil {
				return nil, none, Size{}, err
			}
			// a shorthand brings in the regions that have a figure of the
			// chart's metrics (with every county of China listed, the others
			// would be rows of 暂无数据); a region named, or the one whose
			// siblings are asked for, is shown even without one
			codes := make([]string, len(children))
			for i, ch := range children {
				codes[i] = ch.Code
			}
			has, err := models.RegionsWithFigures(db, codes, st.Metrics)
			if err != nil {
				return nil, none, Size{}, err
			}
			add(slices.DeleteFunc(children, func(ch models.Region) bool { return !has[ch.Code] && ch.Code != reg.Code })...)
		}
	}
	if len(r.regions) == 0 {
		return nil, none, Size{}, &state.Error{Key: "regions", Message: "这些地区展开后为空 (the regions resolve to none)"}
	}
	if len(r.regions) > state.MaxRegions { // never dropped in silence: the reader would not know who is missing
		return nil, none, Size{Regions: len(r.regions), Metrics: len(r.metrics)}, &state.Error{Key: "regions", Message: fmt.Sprintf(
			"这些地区展开后有 %d 个，一张图最多 %d 个：请减少地区 (at most %d regions)", len(r.regions), state.MaxRegions, state.MaxRegions)}
	}
	codes := make([]string, len(r.regions))
	for i, reg := range r.regions {
		codes[i] = reg.Code
	}
	f := models.ObservationFilter{RegionCodes: codes, MetricCodes: append(slices.Clone(st.Metrics), st.Annotate...)}
	if st.Derive == state.DeriveYoY { // the growth rates the documents report
		growth, err := models.GrowthMetrics(db, r.metrics)
		if err != nil {
			return nil, none, Size{}, err
		}
		r.growth = growth
		for _, m := range r.metrics {
			if g, ok := growth[m.Code]; ok && !slices.Contains(f.MetricCodes, g) {
				f.MetricCodes = append(f.MetricCodes, g)
			}
		}
	}
	if st.Derive == state.DeriveShare { // the parents' figures are the denominators
		for _, reg := range r.regions {
			if reg.ParentCode != nil && !slices.Contains(f.RegionCodes, *reg.ParentCode) {
				f.RegionCodes = append(f.RegionCodes, *reg.ParentCode)
			}
		}
	}
	latestYears, err := selectPeriods(db, st, codes, &f)
	if err != nil {
		return nil, none, Size{}, err
	}
	size, err := measureState(db, st, r, codes, latestYears, &f)
	return r, f, size, err
}

// loadState reads the figures f selects for st's chart into r, and works out
// the periods it shows.
func loadState(db *gorm.DB, st state.State, r *resolved, f models.ObservationFilter) error {
	seen := make(map[string]bool, len(r.regions)) // the regions shown
	for _, reg := range r.regions {
		seen[reg.Code] = true
	}
	obs, err := models.FindObservations(db, f)
	if err != nil {
		return err
	}
	if st.Ref != nil { // the reference figure, wherever its period lies
		ref, err := models.FindObservations(db, models.ObservationFilter{RegionCodes: []string{st.Ref.Region},
			MetricCodes: []string{st.Ref.Metric}, Periods: []string{st.Ref.Period}})
		if err != nil {
			return err
		}
		for _, o := range ref {
			if !slices.ContainsFunc(obs, func(x models.Observation) bool { return x.ID == o.ID }) {
				obs = append(obs, o)
			}
		}
	}
	periods := map[string]bool{}
	latest := map[string]string{} // metric → its latest period among the regions shown
	for _, o := range obs {
		if !seen[o.RegionCode] || !slices.Contains(st.Metrics, o.MetricCode) || !st.Periods.Contains(o.Period) {
			continue
		}
		if l, ok := latest[o.MetricCode]; !ok || periodAfter(o.Period, l) {
			latest[o.MetricCode] = o.Period
		}
	}
	for _, o := range obs {
		isRef := st.Ref != nil && o.RegionCode == st.Ref.Region && o.MetricCode == st.Ref.Metric && o.Period == st.Ref.Period
		shown := seen[o.RegionCode] && slices.Contains(st.Metrics, o.MetricCode) && st.Periods.Contains(o.Period) &&
			(st.Periods.Kind() != state.PeriodsLatest || latest[o.MetricCode] == o.Period)
		if shown {
			periods[o.Period] = true
		}
		// annotations and parents' figures are looked up by region and
		// period when the chart is drawn: keep every one
		extra := slices.Contains(st.Annotate, o.MetricCode) || (st.Derive == state.DeriveShare && !seen[o.RegionCode]) ||
			(seen[o.RegionCode] && isGrowthOf(r.growth, o.MetricCode))
		if shown || isRef || extra {
			r.obs = append(r.obs, o)
		}
	}
	switch st.Periods.Kind() {
	case state.PeriodsLatest:
		r.latest = latest
		if len(latest) > 0 {
			r.periods = []string{latestPeriod}
		}
	case state.PeriodsList:
		r.periods = st.Periods.List() // asked for by name: shown even where no figure is
	default:
		for p := range periods {
			r.periods = append(r.periods, p)
		}
		state.SortPeriods(r.periods)
	}
	return nil
}

// selectPeriods narrows f to the periods st can show, so the database reads
// what the chart draws rather than every period it holds: a list by name, a
// range by its years (Periods.Contains then keeps the periods wholly inside
// it), the latest by the year of each metric's latest period among the
// regions shown. Every period is kept for periods=all.
// For periods=latest it returns each metric's latest year.
func selectPeriods(db *gorm.DB, st state.State, regions []string, f *models.ObservationFilter) (map[string]string, error) {
	switch st.Periods.Kind() {
	case state.PeriodsList:
		f.Periods = st.Periods.List()
	case state.PeriodsRange:
		from, to := st.Periods.Range()
		f.YearFrom, f.YearTo = yearOf(from), yearOf(to)
	case state.PeriodsLatest:
		years, err := models.LatestYears(db, models.ObservationFilter{RegionCodes: regions, MetricCodes: st.Metrics})
		if err != nil {
			return nil, err
		}
		for _, y := range years {
			if f.YearFrom == "" || y < f.YearFrom {
				f.YearFrom = y // the earliest of the metrics' latest years
			}
		}
		return years, nil
	}
	return nil, nil
}

// periodPairsRead bounds the (metric, period) pairs measureState reads: as
// many as the most metrics could have with one period more than the most
// values a chart may draw, so that reaching it proves the chart too large.
const periodPairsRead = state.MaxMetrics * (MaxDrawnValues + 1)

// measureState checks, before a figure is loaded, that the chart of st is
// within the size limits: it counts the periods the chart would show from
// the key index (checkSize), then the figures f would load and their text
// (MaxFigures, MaxFigureText), and returns the size. For periods=latest it
// narrows f to each metric's latest period. r holds the regions and
// metrics; its periods are set by loadState afterwards, from the figures.
func measureState(db *gorm.DB, st state.State, r *resolved, regions []string, latestYears map[string]string, f *models.ObservationFilter) (Size, error) {
	shown := *f
	shown.RegionCodes, shown.MetricCodes = regions, st.Metrics
	size := resolved{regions: r.regions, metrics: r.metrics}
	if st.Periods.Kind() == state.PeriodsList {
		size.periods = st.Periods.List()
	} else {
		var pairs []models.MetricPeriod
		if st.Periods.Kind() == state.PeriodsLatest { // each metric's latest year, one at a time
			for metric, year := range latestYears {
				one := shown
				one.MetricCodes, one.YearFrom = []string{metric}, year
				more, err := models.ObservationPeriods(db, one, 0) // a year's periods: at most 366
				if err != nil {
					return Size{}, err
				}
				pairs = append(pairs, more...)
			}
		} else {
			var err error
			if pairs, err = models.ObservationPeriods(db, shown, periodPairsRead); err != nil {
				return Size{}, err
			}
			size.periodsCut = len(pairs) == periodPairsRead
		}
		seen := map[string]bool{}
		latest := map[string]string{}
		for _, p := range pairs {
			if !st.Periods.Contains(p.Period) {
				continue
			}
			if !seen[p.Period] {
				seen[p.Period] = true
				size.periods = append(size.periods, p.Period)
			}
			if l, ok := latest[p.MetricCode]; !ok || periodAfter(p.Period, l) {
				latest[p.MetricCode] = p.Period
			}
		}
		if st.Periods.Kind() == state.PeriodsLatest {
			size.periods = nil
			if len(latest) > 0 {
				size.periods = []string{latestPeriod}
			}
			f.Periods = nil // only the latest periods are read
			for _, p := range latest {
				if !slices.Contains(f.Periods, p) {
					f.Periods = append(f.Periods, p)
				}
			}
			slices.Sort(f.Periods)
		}
	}
	out := Size{Regions: len(size.regions), Metrics: len(size.metrics), Periods: len(size.periods), PeriodsAtLeast: size.periodsCut}
	out.Values = out.Regions * out.Metrics * out.Periods
	if err := checkSize(st, &size, alongAxis(st, &size)); err != nil {
		return out, err
	}
	m, err := models.MeasureObservations(db, *f)
	if err != nil {
		return out, err
	}
	out.Figures, out.TextChars = m.Figures, m.TextChars
	narrow := "请减少地区、指标或时期 (narrow the regions, metrics or periods)"
	switch {
	case m.Figures > MaxFigures:
		return out, &state.Error{Key: "periods", Message: fmt.Sprintf("这张图背后有 %d 个数字（含注释、上级和多个来源的数字），一张图最多 %d 个：%s", m.Figures, MaxFigures, narrow)}
	case m.TextChars > MaxFigureText:
		return out, &state.Error{Key: "periods", Message: fmt.Sprintf("这张图背后的 %d 个数字连同原文共 %d 字，一张图最多 %d 字：%s", m.Figures, m.TextChars, MaxFigureText, narrow)}
	}
	return out, nil
}

// isGrowthOf reports whether metric is one of growth's rates.
func isGrowthOf(growth map[string]string, metric string) bool {
	for _, g := range growth {
		if g == metric {
			return true
		}
	}
	return false
}

// yearOf is the year a period starts with ("" for none).
func yearOf(period string) string {
	if len(period) < 4 {
		return ""
	}
	return period[:4]
}

// periodAfter reports whether period a starts after b.
func periodAfter(a, b string) bool {
	x, _, _ := models.PeriodSpan(a)
	y, _, _ := models.PeriodSpan(b)
	return x.After(y)
}

// autoTitle names a chart by its metrics and regions.
func autoTitle(r *resolved) string {
	names := make([]string, len(r.metrics))
	for i, m := range r.metrics {
		names[i] = m.NameZH
	}
	regions := make([]string, 0, 3)
	for _, reg := range r.regions[:min(3, len(r.regions))] {
		regions = append(regions, reg.NameZH)
	}
	more := ""
	if len(r.regions) > 3 {
		more = fmt.Sprintf("等%d个地区", len(r.regions))
	}
	return strings.Join(names, "、") + "：" + strings.Join(regions, "、") + more
}
