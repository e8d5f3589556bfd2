package handlers

import (
	"encoding/json"
	"errors"
	"fmt"
	"sort"

	"github.com/gofiber/fiber/v2"

	"ecomdash/charts"
	"ecomdash/charts/state"
	"ecomdash/models"
)

// regionPage is a region's profile: its headline figures, then for each
// metric with figures a chart of the region against its parent and siblings
// (where they have figures) and over time (where there are several
// periods), each opening in the comparison builder, then the tables.
type regionPage struct {
	Page
	Region   models.Region
	Children []models.Region
	// Headlines are each metric's latest figure for the region.
	Headlines []models.Observation
	// Metrics groups the region's figures by metric, with their charts.
	Metrics []metricFigures
}

// metricFigures is one metric with a region's figures for it and the charts
// of its profile.
type metricFigures struct {
	Metric       models.Metric
	Observations []models.Observation
	Charts       []profileChart
}

// profileChart is one chart of a region profile and the comparison it opens.
type profileChart struct {
	Chart      *charts.Chart
	Option     json.RawMessage
	CompareURL string
}

func (h *Handler) regionPage(c *fiber.Ctx) error {
	code := c.Params("code")
	if !models.ValidRegionCode(code) {
		return badRequest("地区代码格式不正确：应为6位数字 (region code must be 6 digits)")
	}
	r, err := models.Regions.Get(h.db, code)
	if errors.Is(err, models.ErrNotFound) {
		return notFound("没有这个地区：" + code)
	}
	if err != nil {
		return err
	}
	children, err := models.ChildRegions(h.db, code)
	if err != nil {
		return err
	}
	obs, err := models.FindObservations(h.db, models.ObservationFilter{RegionCodes: []string{code}})
	if err != nil {
		return err
	}
	var groups []metricFigures
	index := map[string]int{}
	for _, o := range obs {
		i, ok := index[o.MetricCode]
		if !ok {
			i = len(groups)
			index[o.MetricCode] = i
			groups = append(groups, metricFigures{Metric: o.Metric})
		}
		groups[i].Observations = append(groups[i].Observations, o)
	}
	sort.SliceStable(groups, func(i, j int) bool { return groups[i].Metric.NameZH < groups[j].Metric.NameZH })
	peers, err := h.metricsWithPeerFigures(r, groups)
	if err != nil {
		return err
	}
	p := regionPage{Page: Page{Title: r.NameZH, Nav: "regions"}, Region: r, Children: children}
	for i := range groups {
		g := &groups[i]
		p.Headlines = append(p.Headlines, latestOf(g.Observations))
		if g.Charts, err = h.profileCharts(r, g, peers[g.Metric.Code]); err != nil {
			return err
		}
	}
	p.Metrics = groups
	var jobs []paintJob
	for _, g := range groups {
		for _, pc := range g.Charts {
			jobs = append(jobs, paintJob{chart: pc.Chart, imageID: pc.Chart.Ref.Key(), class: ""})
		}
	}
	p.Paint = h.paint(c.UserContext(), charts.View{}, jobs)
	return h.sendPage(c, "region", p)
}

// metricsWithPeerFigures reports, of the metrics in groups, those for which
// the region's parent or a sibling has a figure.
func (h *Handler) metricsWithPeerFigures(r models.Region, groups []metricFigures) (map[string]bool, error) {
	var peers []string
	if r.ParentCode != nil {
		peers = append(peers, *r.ParentCode)
		siblings, err := models.ChildRegions(h.db, *r.ParentCode)
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
	if len(peers) == 0 || len(groups) == 0 {
		return out, nil
	}
	metrics := make([]string, len(groups))
	for i, g := range groups {
		metrics[i] = g.Metric.Code
	}
	obs, err := models.FindObservations(h.db, models.ObservationFilter{RegionCodes: peers, MetricCodes: metrics})
	if err != nil {
		return nil, err
	}
	for _, o := range obs {
		out[o.MetricCode] = true
	}
	return out, nil
}

// profileCharts draws a metric's charts for region r: against its parent
// and siblings when they have figures, over time when there are several
// periods.
func (h *Handler) profileCharts(r models.Region, g *metricFigures, peers bool) ([]profileChart, error) {
	periods := map[string]bool{}
	for _, o := range g.Observations {
		periods[o.Period] = true
	}
	type profileState struct{ id, query, title string }
	var states []profileState
	if peers {
		states = append(states, profileState{"peers",
			fmt.Sprintf("metrics=%s&regions=%s,parent:%s,siblings:%s&periods=latest&sort=desc&focus=%s", g.Metric.Code, r.Code, r.Code, r.Code, r.Code),
			fmt.Sprintf("%s：%s与上级、同级地区", g.Metric.NameZH, r.NameZH)})
	}
	if len(periods) > 1 {
		states = append(states, profileState{"trend",
			fmt.Sprintf("metrics=%s&regions=%s&type=%s", g.Metric.Code, r.Code, state.TypeLine),
			fmt.Sprintf("%s：%s历年变化", g.Metric.NameZH, r.NameZH)})
	}
	var out []profileChart
	for _, s := range states {
		st, err := state.Parse(s.query)
		if err != nil {
			return nil, fmt.Errorf("profile chart %s: %w", s.query, err)
		}
		ch, err := charts.BuildState(h.db, st, s.title)
		if err != nil {
			var se *state.Error
			if errors.As(err, &se) {
				continue // a layout these figures cannot take (three units …): no chart, the table stays
			}
			return nil, err
		}
		ch.Spec.ID = fmt.Sprintf("region-%s-%s-%s", r.Code, g.Metric.Code, s.id) // unique on the page
		out = append(out, profileChart{Chart: ch, Option: ch.Option, CompareURL: ch.Ref.Page()})
	}
	return out, nil
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
