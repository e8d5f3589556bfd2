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

// headlines are the dashboard's headline figures, in order.
var headlines = []headline{
	{"衢州市网络零售额", regionQuzhou, "online_retail_sales", "2012", "online_retail_growth", "quzhou-online-retail-2011-2012"},
	{"浙江省网络零售总额", regionZhejiang, "online_retail_sales", "2012", "", "quzhou-vs-zhejiang-online-retail-2012"},
	{"嘉定区限额以上电子商务销售额", regionJiading, "ecommerce_sales_above_quota", "2020", "ecommerce_sales_above_quota_growth", "jiading-ecommerce-2020"},
	{"全国每天快递量", regionNation, "express_daily_parcels", "2020-04", "", "express-parcels-2020"},
	{"乡镇快递网点覆盖率", regionNation, "township_express_coverage", "2020-04", "", "township-express-coverage-2020"},
	{"北京市海外仓", regionBeijing, "overseas_warehouses", "2020", "", "beijing-cross-border-2020"},
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

func buildHeadlines(db *gorm.DB) ([]HeadlineFigure, error) {
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
