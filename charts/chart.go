// Package charts owns the chart catalogue: each chart's definition (Spec),
// and the one function, Build, that turns a Spec and the observations it
// asks for into an ECharts option plus the table and sources behind it.
// Every output — dashboard card, chart page, embed, image, CSV — starts from
// the Chart that Build returns, so they cannot disagree.
//
// Options are built with go-echarts' types and its JSON() map; they are never
// rendered with go-echarts' page renderer (it writes option JSON into
// <script> unescaped and turns "__f__" strings into live JavaScript). The
// option holds no functions: only data, so names from the database can never
// become code. The browser side (static/js/charts.js) adds the one tooltip
// formatter, which escapes every string it shows.
package charts

import (
	"encoding/json"
	"fmt"
	"sort"
	"strings"

	"ecomdash/models"
)

// Spec defines one chart: what it shows and how it is drawn.
type Spec struct {
	// ID is the stable identifier used in URLs, file names and the API.
	ID string
	// Title is the chart's headline, in Chinese.
	Title string
	// Lead opens the subtitle; the periods and units shown are appended by Build.
	Lead string
	// Reading is a short note for the chart page: how to read the chart, and
	// why it is drawn the way it is.
	Reading string
	// Query selects the observations the chart needs.
	Query models.ObservationFilter
	// draw builds the chart from the observations.
	draw func(d *Data) drawing
}

// Chart is a built chart: the option every output renders and the data behind it.
type Chart struct {
	Spec *Spec
	// Subtitle is Lead plus the periods and units of the figures shown.
	Subtitle string
	// Option is the complete ECharts option as JSON.
	Option json.RawMessage
	// Observations are the figures the chart shows, in drawing order.
	Observations []models.Observation
	// Sources are the documents those figures come from, in order of first use.
	Sources []models.Source
	// Units are the units of the figures drawn as values, in order of use.
	Units []string
	// Empty is true when none of the chart's figures are in the database.
	Empty bool
}

// SourceLine is the 数据来源 line printed under the chart.
func (c *Chart) SourceLine() string {
	if len(c.Sources) == 0 {
		return "数据来源：暂无"
	}
	parts := make([]string, len(c.Sources))
	for i, s := range c.Sources {
		parts[i] = s.Title + "，" + s.Publisher + "，" + models.PeriodLabel(s.PublishedOn)
	}
	return "数据来源：" + strings.Join(parts, "；")
}

// HasDerived reports whether any figure on the chart was computed rather than reported.
func (c *Chart) HasDerived() bool {
	for _, o := range c.Observations {
		if o.Derived {
			return true
		}
	}
	return false
}

// Build draws spec from obs (which should be the result of spec.Query; extra
// observations are ignored).
func Build(spec *Spec, obs []models.Observation) (*Chart, error) {
	return buildWith(spec, obs, nil)
}

// buildWith is Build; units, when it returns any, gives the units of the
// values drawn, where they are not the figures' own (a derived series in %).
func buildWith(spec *Spec, obs []models.Observation, units func() []string) (*Chart, error) {
	d := newData(obs)
	dr := spec.draw(d)
	c := &Chart{Spec: spec, Observations: d.used}
	c.Empty = len(d.used) == 0
	c.Sources = sourcesOf(d.used)
	c.Units = unitsOf(d.plotted())
	if units != nil && len(units()) > 0 {
		c.Units = units()
	}
	c.Subtitle = subtitle(spec.Lead, d.plotted(), c.Units)
	opt, err := finish(dr, c)
	if err != nil {
		return nil, fmt.Errorf("build chart %s: %w", spec.ID, err)
	}
	c.Option = opt
	return c, nil
}

func sourcesOf(obs []models.Observation) []models.Source {
	seen := map[string]bool{}
	var out []models.Source
	for _, o := range obs {
		if !seen[o.SourceID] {
			seen[o.SourceID] = true
			out = append(out, o.Source)
		}
	}
	return out
}

// unitsOf lists the distinct units of obs in order of first use.
func unitsOf(obs []models.Observation) []string {
	var units []string
	seen := map[string]bool{}
	for _, o := range obs {
		if u := o.Metric.Unit; u != "" && !seen[u] {
			seen[u] = true
			units = append(units, u)
		}
	}
	return units
}

// subtitle appends the periods of the plotted figures obs and their units to
// lead: "对数坐标 · 2012年 · 单位：亿元".
func subtitle(lead string, obs []models.Observation, units []string) string {
	periods := map[string]bool{}
	for _, o := range obs {
		periods[o.Period] = true
	}
	ps := make([]string, 0, len(periods))
	for p := range periods {
		ps = append(ps, p)
	}
	sort.Strings(ps)
	parts := []string{}
	if lead != "" {
		parts = append(parts, lead)
	}
	switch {
	case len(ps) == 0:
	case len(ps) <= 3:
		labels := make([]string, len(ps))
		for i, p := range ps {
			labels[i] = models.PeriodLabel(p)
		}
		parts = append(parts, strings.Join(labels, "、"))
	default:
		parts = append(parts, models.PeriodLabel(ps[0])+"—"+models.PeriodLabel(ps[len(ps)-1]))
	}
	if len(units) > 0 {
		parts = append(parts, "单位："+strings.Join(units, "、"))
	}
	return strings.Join(parts, " · ")
}

// DisplayValue renders an observation for people, as the document stated it
// where it did ("近300亿元"), else as a number with unit; derived values are
// marked 推算.
func DisplayValue(o models.Observation) string {
	if o.Derived {
		return models.FormatValue(o.Value) + o.Metric.Unit + "（推算）"
	}
	if o.Stated != "" {
		return o.Stated
	}
	return models.FormatValue(o.Value) + o.Metric.Unit
}
