package models

import (
	"fmt"
	"time"

	"gorm.io/gorm"
)

// Metrics is the metrics table, listed by code; see Sources.
var Metrics = &Table[Metric]{
	entity: EntityMetric, column: "code", field: "code", label: "指标代码", labelEN: "metric code", refColumn: "metric_code",
	key: func(m *Metric) *string { return &m.Code }, createdAt: func(m *Metric) *time.Time { return &m.CreatedAt },
	order: func(db *gorm.DB) string { return byteOrder(db, "code") }, validate: validateMetric,
	prepare: func(m *Metric) {
		if m.Kind == "" {
			m.Kind = MetricStatistic
		}
	},
}

func validateMetric(_ *gorm.DB, m Metric) (fieldErrors, error) {
	fe := fieldErrors{}
	fe.check(ValidID(m.Code), "code", "指标代码应为小写字母、数字、_ 或 -，最多64个字符 (malformed metric code)")
	checkTexts(fe, m)
	fe.check(MetricKinds.Has(m.Kind), "kind", "指标类型应为 "+MetricKinds.OneOf()+" (unknown kind)")
	return fe, nil
}

// GrowthSuffix ends the name of a metric that is another's year-on-year
// growth rate: 网络零售额同比增长 is the growth of 网络零售额.
const GrowthSuffix = "同比增长"

// GrowthMetrics maps each of metrics to the metric that is its
// year-on-year growth rate as the documents report it: the metric in %
// named as it is with GrowthSuffix (网络零售额 → 网络零售额同比增长).
// Metrics with no such metric are left out.
func GrowthMetrics(db *gorm.DB, metrics []Metric) (map[string]string, error) {
	out := map[string]string{}
	if len(metrics) == 0 {
		return out, nil
	}
	byName := make(map[string]string, len(metrics))
	names := make([]string, 0, len(metrics))
	for _, m := range metrics {
		byName[m.NameZH+GrowthSuffix] = m.Code
		names = append(names, m.NameZH+GrowthSuffix)
	}
	var growth []Metric
	if err := db.Where("name_zh IN ? AND unit = ?", names, "%").Order(byteOrder(db, "code")).Find(&growth).Error; err != nil {
		return nil, fmt.Errorf("growth metrics: %w", err)
	}
	for _, g := range growth {
		if code := byName[g.NameZH]; out[code] == "" {
			out[code] = g.Code
		}
	}
	return out, nil
}
