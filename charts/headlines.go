package charts

import (
	"fmt"
	"slices"

	"gorm.io/gorm"

	"ecomdash/models"
)

// HeadlineFigure is a headline card: a figure with its growth rate if any.
type HeadlineFigure struct {
	Label   string
	ChartID string
	// Observation is the figure; OK is false when it is not in the database.
	Observation models.Observation
	OK          bool
	// Growth is the figure's growth rate, when the card shows one.
	Growth    models.Observation
	HasGrowth bool
}

// buildHeadlines looks up a dashboard's headline figures (items of
// models.Dashboard.Headlines; malformed ones are skipped, as validation
// refuses them), each linked to the first of the dashboard's charts that
// shows its metric.
func buildHeadlines(db *gorm.DB, items []string, charts []*Spec) ([]HeadlineFigure, error) {
	var heads []models.Headline
	var metricCodes []string
	for _, it := range items {
		h, ok := models.ParseHeadline(it)
		if !ok {
			continue
		}
		heads = append(heads, h)
		metricCodes = append(metricCodes, h.Metric)
		if h.Growth != "" {
			metricCodes = append(metricCodes, h.Growth)
		}
	}
	if len(heads) == 0 {
		return nil, nil
	}
	obs, err := models.FindObservations(db, models.ObservationFilter{MetricCodes: metricCodes})
	if err != nil {
		return nil, fmt.Errorf("headlines: %w", err)
	}
	d := newData(obs)
	out := make([]HeadlineFigure, len(heads))
	for i, h := range heads {
		var f HeadlineFigure
		f.Observation, f.OK = d.Get(h.Region, h.Metric, h.Period)
		f.Label = headlineLabel(db, h, f)
		if h.Growth != "" {
			f.Growth, f.HasGrowth = d.Get(h.Region, h.Growth, h.Period)
		}
		for _, spec := range charts {
			if slices.Contains(spec.State.Metrics, h.Metric) {
				f.ChartID = spec.ID
				break
			}
		}
		out[i] = f
	}
	return out, nil
}

// headlineLabel names a headline card by its region and metric (衢州市网络零售额),
// looked up when the figure itself is missing. A figure about something
// other than its region (a platform, models.Metric.Subject) is named by
// that instead, never as the region's: 阿里巴巴每日网络交易次数（阿里巴巴平台）.
func headlineLabel(db *gorm.DB, h models.Headline, f HeadlineFigure) string {
	if f.OK {
		if s := f.Observation.Metric.Subject; s != "" {
			return f.Observation.Metric.NameZH + "（" + s + "）"
		}
		return f.Observation.Region.NameZH + f.Observation.Metric.NameZH
	}
	region, metric := h.Region, h.Metric
	if r, err := models.Regions.Get(db, h.Region); err == nil {
		region = r.NameZH
	}
	if m, err := models.Metrics.Get(db, h.Metric); err == nil {
		if m.Subject != "" {
			return m.NameZH + "（" + m.Subject + "）"
		}
		metric = m.NameZH
	}
	return region + metric
}

// StripFigure is a card of a region's headline strip: a figure and the
// number of its document in the strip's list of sources (Profile.Sources),
// so that a card points to its document without naming it.
type StripFigure struct {
	Observation models.Observation
	// Source is the 1-based number of the figure's document.
	Source int
}

// StripSource is a document of a headline strip, with the number its
// cards point to it by.
type StripSource struct {
	Number int
	Source models.Source
}

// StripTopic is one topic of a headline strip (models.Topics) with its
// cards.
type StripTopic struct {
	Topic   string
	Figures []StripFigure
}

// headlineStrip groups figures by topic (models.Topic), the topics in
// models.Topics order and each topic's figures in the order given, and
// numbers their documents in the order the strip first cites them, each
// document once.
func headlineStrip(figures []models.Observation) ([]StripTopic, []StripSource) {
	byTopic := map[string][]StripFigure{}
	for _, o := range figures {
		t := models.Topic(o.Metric)
		byTopic[t] = append(byTopic[t], StripFigure{Observation: o})
	}
	var strip []StripTopic
	var sources []StripSource
	number := map[string]int{}
	for _, t := range topicOrder(byTopic) {
		cards := byTopic[t]
		for i := range cards {
			o := cards[i].Observation
			n, ok := number[o.SourceID]
			if !ok {
				n = len(sources) + 1
				sources = append(sources, StripSource{Number: n, Source: o.Source})
				number[o.SourceID] = n
			}
			cards[i].Source = n
		}
		strip = append(strip, StripTopic{Topic: t, Figures: cards})
	}
	return strip, sources
}

// topicOrder lists the topics that are keys of m: those of models.Topics in
// its order, then any other (none today) by name.
func topicOrder[T any](m map[string]T) []string {
	var out, other []string
	for _, t := range models.Topics {
		if _, ok := m[t]; ok {
			out = append(out, t)
		}
	}
	for t := range m {
		if !slices.Contains(models.Topics, t) {
			other = append(other, t)
		}
	}
	slices.Sort(other)
	return append(out, other...)
}
