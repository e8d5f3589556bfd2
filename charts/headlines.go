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
