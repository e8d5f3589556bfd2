package models

import (
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
