package charts

import (
	"errors"
	"fmt"
	"slices"
	"sort"

	"gorm.io/gorm"

	"ecomdash/charts/state"
	"ecomdash/models"
)

// Profile is a region's profile: its headline figures, then for each metric
// with figures a chart of the region against its parent and siblings (where
// they have figures) and over time (where there are several periods), each
// a state that opens in the comparison builder, then the figures. Figures
// with neither are drawn together with the region's other figures of the
// same unit, period and kind (Together). A figure about something other
// than the region (a platform: models.Metric.Subject) is listed with its
// metric but is no headline of the region and is drawn on none of its
// charts.
type Profile struct {
	Region models.Region
	// Children are the regions under it.
	Children []models.Region
	// WithFigures are the codes of Children that have figures of their own.
	WithFigures map[string]bool
	// Headlines are the latest figure of each of the region's own metrics
	// (not those about a platform), in the order of Metrics.
	Headlines []models.Observation
	// Strip are the Headlines grouped by topic, as the page shows them, and
	// Sources their documents, each once, numbered by the cards (StripFigure).
	Strip   []StripTopic
	Sources []StripSource
	// Metrics are the metrics the region has figures for, by Chinese name.
	Metrics []ProfileMetric
	// Together are the charts of figures drawn together (see
	// togetherCharts); their ids are region-CODE-together-N.
	Together []*Chart
}

// ProfileMetric is one metric of a profile: the region's figures for it and
// the charts drawn of it.
type ProfileMetric struct {
	Metric       models.Metric
	Observations []models.Observation
	// Charts are built from states (their Refs name those); their ids are
	// region-CODE-METRIC-peers and -trend, unique on the page.
	Charts []*Chart
}

// Charts returns every chart of the profile, in the page's order: each
// metric's, by topic (Tables), then those drawn together.
func (p *Profile) Charts() []*Chart {
	var out []*Chart
	for _, t := range p.Tables() {
		for _, m := range t.Metrics {
			out = append(out, m.Charts...)
		}
	}
	return append(out, p.Together...)
}

// TopicMetrics are a profile's metrics of one topic (models.Topic), for
// the page's charts and its tables folded by topic.
type TopicMetrics struct {
	Topic   string
	Metrics []ProfileMetric
	// Figures counts the figures of Metrics.
	Figures int
}

// Tables groups the profile's metrics by topic, in models.Topics order,
// each topic's metrics in the order of Metrics.
func (p *Profile) Tables() []TopicMetrics {
	byTopic := map[string]*TopicMetrics{}
	for _, m := range p.Metrics {
		t := models.Topic(m.Metric)
		g, ok := byTopic[t]
		if !ok {
			g = &TopicMetrics{Topic: t}
			byTopic[t] = g
		}
		g.Metrics = append(g.Metrics, m)
		g.Figures += len(m.Observations)
	}
	var out []TopicMetrics
	for _, t := range topicOrder(byTopic) {
		out = append(out, *byTopic[t])
	}
	return out
}

// RegionProfile builds region r's profile from the figures in db.
func RegionProfile(db *gorm.DB, r models.Region) (*Profile, error) {
	children, err := models.ChildRegions(db, r.Code)
	if err != nil {
		return nil, fmt.Errorf("profile of %s: %w", r.Code, err)
	}
	obs, err := models.FindObservations(db, models.ObservationFilter{RegionCodes: []string{r.Code}})
	if err != nil {
		return nil, fmt.Errorf("profile of %s: %w", r.Code, err)
	}
	p := &Profile{Region: r, Children: children}
	if p.WithFigures, err = regionsWithFigures(db, children); err != nil {
		return nil, fmt.Errorf("profile of %s: %w", r.Code, err)
	}
	index := map[string]int{}
	for _, o := range obs {
		i, ok := index[o.MetricCode]
		if !ok {
			i = len(p.Metrics)
			index[o.MetricCode] = i
			p.Metrics = append(p.Metrics, ProfileMetric{Metric: o.Metric})
		}
		p.Metrics[i].Observations = append(p.Metrics[i].Observations, o)
	}
	sort.SliceStable(p.Metrics, func(i, j int) bool { return p.Metrics[i].Metric.NameZH < p.Metrics[j].Metric.NameZH })
	peers, err := metricsWithPeerFigures(db, r, p.Metrics)
	if err != nil {
		return nil, fmt.Errorf("profile of %s: %w", r.Code, err)
	}
	for i := range p.Metrics {
		m := &p.Metrics[i]
		if m.Metric.Subject != "" {
			continue // about a platform, not the region: no headline, no chart
		}
		p.Headlines = append(p.Headlines, latestOf(m.Observations))
		if m.Charts, err = profileCharts(db, r, m, peers[m.Metric.Code]); err != nil {
			return nil, fmt.Errorf("profile of %s: %w", r.Code, err)
		}
	}
	if p.Together, err = togetherCharts(db, r, p.Metrics); err != nil {
		return nil, fmt.Errorf("profile of %s: %w", r.Code, err)
	}
	p.Strip, p.Sources = headlineStrip(p.Headlines)
	return p, nil
}

// regionsWithFigures reports which of regions have figures of their own.
func regionsWithFigures(db *gorm.DB, regions []models.Region) (map[string]bool, error) {
	out := map[string]bool{}
	if len(regions) == 0 {
		return out, nil
	}
	codes := make([]string, len(regions))
	for i, r := range regions {
		codes[i] = r.Code
	}
	var with []string
	for chunk := range slices.Chunk(codes, 500) { // under SQLite's limit on bound variables
		var part []string
		if err := db.Model(&models.Observation{}).Distinct("region_code").Where("region_code IN ?", chunk).Pluck("region_code", &part).Error; err != nil {
			return nil, err
		}
		with = append(with, part...)
	}
	for _, c := range with {
		out[c] = true
	}
	return out, nil
}

// metricsWithPeerFigures reports, of metrics, those for which the region's
// parent or a sibling has a figure.
func metricsWithPeerFigures(db *gorm.DB, r models.Region, metrics []ProfileMetric) (map[string]bool, error) {
	var peers []string
	if r.ParentCode != nil {
		peers = append(peers, *r.ParentCode)
		siblings, err := models.ChildRegions(db, *r.ParentCode)
		if err != nil {
			return nil, err
		}
		for _, s := range siblings {
			if s.Code != r.Code {
				peers = append(peers, s.Code)
			}
		}
	}
	out := map[string]bool{}
	if len(peers) == 0 || len(metrics) == 0 {
		return out, nil
	}
	codes := make([]string, len(metrics))
	for i, m := range metrics {
		codes[i] = m.Metric.Code
	}
	obs, err := models.FindObservations(db, models.ObservationFilter{RegionCodes: peers, MetricCodes: codes})
	if err != nil {
		return nil, err
	}
	for _, o := range obs {
		out[o.MetricCode] = true
	}
	return out, nil
}

// profileCharts draws metric m's charts for region r: against its parent
// and siblings (latest periods, largest first, r in the focus colour) when
// peers have figures, over time (a line) when there are several periods. A
// layout the figures cannot take (three units …) is no chart: the table
// stays.
func profileCharts(db *gorm.DB, r models.Region, m *ProfileMetric, peers bool) ([]*Chart, error) {
	periods := map[string]bool{}
	for _, o := range m.Observations {
		periods[o.Period] = true
	}
	metric := []string{m.Metric.Code}
	var specs []*Spec
	if peers {
		st := state.New(metric, state.Region{Code: r.Code},
			state.Region{Kind: state.RegionParent, Code: r.Code}, state.Region{Kind: state.RegionSiblings, Code: r.Code})
		st.Periods, st.Sort, st.Focus = state.LatestPeriods(), state.SortDesc, []string{r.Code}
		specs = append(specs, &Spec{ID: profileChartID(r, m, "peers"), Title: m.Metric.NameZH + "：" + r.NameZH + "与上级、同级地区", State: st})
	}
	if len(periods) > 1 {
		st := state.New(metric, state.Region{Code: r.Code})
		st.Type = state.TypeLine
		specs = append(specs, &Spec{ID: profileChartID(r, m, "trend"), Title: m.Metric.NameZH + "：" + r.NameZH + "历年变化", State: st})
	}
	return buildProfileCharts(db, specs)
}

// buildProfileCharts builds specs, leaving out those whose layout the
// figures cannot take (a *state.Error): the tables stay.
func buildProfileCharts(db *gorm.DB, specs []*Spec) ([]*Chart, error) {
	var out []*Chart
	for _, spec := range specs {
		ch, err := build(db, spec, StateRef(spec.State))
		var bad *state.Error
		if errors.As(err, &bad) {
			continue
		}
		if err != nil {
			return nil, err
		}
		out = append(out, ch)
	}
	return out, nil
}

// togetherGroup is figures of a region drawn on one chart: the metrics
// whose figure for period share a value axis and a kind.
type togetherGroup struct {
	period  string
	axis    string
	kind    string
	metrics []models.Metric
}

// togetherCharts draws the figures of the region's own metrics that have no
// chart of their own (no peer has a figure, one period: all of 全国's) with
// the region's other such figures of the same value axis (axisUnit: one
// unit, or plain counts), the same period and the same kind, as horizontal
// bars largest first, so a profile of figures shows them as a chart, as
// the express chart does. A rank is never drawn with other figures, nor a
// target with outcomes. A figure that has no partner is left to its table,
// unless the profile would then have no chart at all: then each is drawn
// on its own.
func togetherCharts(db *gorm.DB, r models.Region, metrics []ProfileMetric) ([]*Chart, error) {
	var groups []*togetherGroup
	byKey := map[[4]string]*togetherGroup{}
	drawn := false
	for _, m := range metrics {
		drawn = drawn || len(m.Charts) > 0
		if len(m.Charts) > 0 || m.Metric.Subject != "" {
			continue
		}
		for _, o := range m.Observations {
			key := [4]string{o.Period, axisUnit(m.Metric.Unit), m.Metric.Kind, ""}
			if m.Metric.Kind == models.MetricRank {
				key[3] = m.Metric.Code // a rank is drawn on its own
			}
			g, ok := byKey[key]
			if !ok {
				g = &togetherGroup{period: o.Period, axis: key[1], kind: m.Metric.Kind}
				byKey[key] = g
				groups = append(groups, g)
			}
			if !slices.ContainsFunc(g.metrics, func(x models.Metric) bool { return x.Code == m.Metric.Code }) {
				g.metrics = append(g.metrics, m.Metric)
			}
		}
	}
	for _, g := range groups {
		drawn = drawn || len(g.metrics) > 1
	}
	var specs []*Spec
	for _, g := range groups {
		if len(g.metrics) < 2 && drawn {
			continue
		}
		codes := make([]string, len(g.metrics))
		for i, m := range g.metrics {
			codes[i] = m.Code
		}
		st := state.New(codes, state.Region{Code: r.Code})
		periods, err := state.PeriodList(g.period)
		if err != nil {
			continue // a period the grammar does not take: the table stays
		}
		st.Periods, st.Type = periods, state.TypeHBar
		if len(codes) > 1 {
			st.Sort = state.SortDesc
		}
		specs = append(specs, &Spec{ID: fmt.Sprintf("region-%s-together-%d", r.Code, len(specs)+1), Title: togetherTitle(r, g), State: st})
	}
	if len(specs) == 0 {
		return nil, nil
	}
	return buildProfileCharts(db, specs)
}

// togetherTitle names a chart of figures drawn together by the region, the
// period and what they are, short enough for a phone's title line (the
// subtitle gives the units): 全国2020年4月各项比率 (%), …各项数量 (plain
// counts), …各项数字（GB）, …各项目标, 全国2020年第一季度同比增长 when the
// names share a phrase the axis drops (trimCommonSuffix), or, for one
// figure, the metric's name.
func togetherTitle(r models.Region, g *togetherGroup) string {
	if len(g.metrics) == 1 {
		return g.metrics[0].NameZH + "：" + r.NameZH + models.PeriodLabel(g.period)
	}
	names := make([]string, len(g.metrics))
	for i, m := range g.metrics {
		names[i] = m.NameZH
	}
	var what string
	switch phrase := commonPhrase(names); {
	case phrase != "":
		what = phrase
	case g.kind == models.MetricTarget:
		what = "各项目标"
		if g.axis != countAxis {
			what += "（" + g.axis + "）"
		}
	case g.axis == "%":
		what = "各项比率"
	case g.axis == countAxis:
		what = "各项数量"
	default:
		what = "各项数字（" + g.axis + "）"
	}
	return r.NameZH + models.PeriodLabel(g.period) + what
}

// profileChartID is the id of a profile's chart of kind, unique on the page.
func profileChartID(r models.Region, m *ProfileMetric, kind string) string {
	return "region-" + r.Code + "-" + m.Metric.Code + "-" + kind
}

// latestOf returns the figure of obs whose period starts last.
func latestOf(obs []models.Observation) models.Observation {
	latest := obs[0]
	for _, o := range obs[1:] {
		a, _, _ := models.PeriodSpan(o.Period)
		b, _, _ := models.PeriodSpan(latest.Period)
		if a.After(b) {
			latest = o
		}
	}
	return latest
}
