package charts

import (
	"errors"
	"fmt"
	"sort"

	"gorm.io/gorm"

	"ecomdash/charts/state"
	"ecomdash/models"
)

// Profile is a region's profile: its headline figures, then for each metric
// with figures a chart of the region against its parent and siblings (where
// they have figures) and over time (where there are several periods), each
// a state that opens in the comparison builder, then the figures.
type Profile struct {
	Region models.Region
	// Children are the regions under it.
	Children []models.Region
	// Headlines are each metric's latest figure for the region, in the
	// order of Metrics.
	Headlines []models.Observation
	// Metrics are the metrics the region has figures for, by Chinese name.
	Metrics []ProfileMetric
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

// Charts returns every chart of the profile, in order.
func (p *Profile) Charts() []*Chart {
	var out []*Chart
	for _, m := range p.Metrics {
		out = append(out, m.Charts...)
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
		p.Headlines = append(p.Headlines, latestOf(m.Observations))
		if m.Charts, err = profileCharts(db, r, m, peers[m.Metric.Code]); err != nil {
			return nil, fmt.Errorf("profile of %s: %w", r.Code, err)
		}
	}
	return p, nil
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
