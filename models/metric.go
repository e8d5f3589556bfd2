package models

import (
	"fmt"
	"time"

	"gorm.io/gorm"
)

// Metric is a statistic with one unit and one definition (统计口径).
type Metric struct {
	// Code is a stable identifier used in URLs and CSV, e.g. online_retail_sales.
	Code string `gorm:"primaryKey;size:64" json:"code"`
	// NameZH is the Chinese name, e.g. 网络零售额.
	NameZH string `gorm:"not null" json:"name_zh"`
	// NameEN is the English name.
	NameEN string `json:"name_en"`
	// Unit is the unit as the documents use it: 亿元, 万元, 亿件, 家, 个, %, GB, 万人 …
	Unit string `gorm:"size:16;not null" json:"unit"`
	// Definition is a one-line statement of what is counted.
	Definition string `json:"definition"`

	CreatedAt time.Time `json:"-"`
	UpdatedAt time.Time `json:"-"`
}

// ListMetrics returns every metric by code.
func ListMetrics(db *gorm.DB) ([]Metric, error) {
	var out []Metric
	if err := db.Order(byteOrder(db, "code")).Find(&out).Error; err != nil {
		return nil, fmt.Errorf("list metrics: %w", err)
	}
	return out, nil
}

// GetMetric returns the metric with the given code, or ErrNotFound.
func GetMetric(db *gorm.DB, code string) (Metric, error) {
	return metricTable.get(db, code)
}

// CreateMetric validates m and inserts it.
func CreateMetric(db *gorm.DB, actor string, m Metric) (Metric, error) {
	return metricTable.create(db, actor, m)
}

// UpdateMetric replaces every field of the metric code with m (m.Code must
// be empty or code).
func UpdateMetric(db *gorm.DB, actor, code string, m Metric) (Metric, error) {
	return metricTable.update(db, actor, code, m)
}

// DeleteMetric deletes the metric code; see DeleteSource for cascade.
func DeleteMetric(db *gorm.DB, actor, code string, cascade bool) (int, error) {
	return metricTable.remove(db, actor, code, cascade)
}

var metricTable = keyedTable[Metric]{
	entity: EntityMetric, column: "code", field: "code", label: "指标代码", labelEN: "metric code",
	refColumn: "metric_code",
	key:       func(m *Metric) *string { return &m.Code },
	createdAt: func(m *Metric) *time.Time { return &m.CreatedAt },
	validate:  func(_ *gorm.DB, m Metric) (fieldErrors, error) { return validateMetric(m), nil },
}

func validateMetric(m Metric) fieldErrors {
	fe := fieldErrors{}
	if !ValidID(m.Code) {
		fe.add("code", "指标代码应为小写字母、数字、_ 或 -，最多64个字符 (malformed metric code)")
	}
	requireText(fe, "name_zh", "中文名称", m.NameZH, maxNameLen)
	optionalText(fe, "name_en", "英文名称", m.NameEN, maxNameLen)
	requireText(fe, "unit", "单位", m.Unit, maxUnitLen)
	optionalText(fe, "definition", "统计口径", m.Definition, maxNoteLen)
	return fe
}
