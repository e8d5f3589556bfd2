package charts

import (
	"fmt"

	"gorm.io/gorm"

	"ecomdash/models"
)

// headline names one figure the dashboard shows as a headline card.
type headline struct {
	label, region, metric, period string
	// growthMetric, if set, is shown under the figure (its value in the same period).
	growthMetric string
	// chartID links the card to the chart that puts the figure in context.
	chartID string
}

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

func buildHeadlines(db *gorm.DB, headlines []headline) ([]HeadlineFigure, error) {
	var metricCodes []string
	for _, h := range headlines {
		metricCodes = append(metricCodes, h.metric)
		if h.growthMetric != "" {
			metricCodes = append(metricCodes, h.growthMetric)
		}
	}
	obs, err := models.FindObservations(db, models.ObservationFilter{MetricCodes: metricCodes})
	if err != nil {
		return nil, fmt.Errorf("headlines: %w", err)
	}
	d := newData(obs)
	out := make([]HeadlineFigure, len(headlines))
	for i, h := range headlines {
		f := HeadlineFigure{Label: h.label, ChartID: h.chartID}
		f.Observation, f.OK = d.Get(h.region, h.metric, h.period)
		if h.growthMetric != "" {
			f.Growth, f.HasGrowth = d.Get(h.region, h.growthMetric, h.period)
		}
		out[i] = f
	}
	return out, nil
}
