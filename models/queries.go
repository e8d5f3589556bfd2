package models

import (
	"errors"
	"fmt"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"
)

// ListSources returns every source, oldest document first.
func ListSources(db *gorm.DB) ([]Source, error) {
	var out []Source
	if err := db.Order(byteOrders(db, "published_on", "id")).Find(&out).Error; err != nil {
		return nil, fmt.Errorf("list sources: %w", err)
	}
	return out, nil
}

// GetSource returns the source with the given id, or ErrNotFound.
func GetSource(db *gorm.DB, id string) (Source, error) {
	var s Source
	return s, first(db.Where("id = ?", id), &s, "source", id)
}

// ListRegions returns every region, nation first, then by code.
func ListRegions(db *gorm.DB) ([]Region, error) {
	var out []Region
	err := db.Order("CASE level WHEN 'national' THEN 0 WHEN 'province' THEN 1 WHEN 'city' THEN 2 ELSE 3 END, " + byteOrder(db, "code")).Find(&out).Error
	if err != nil {
		return nil, fmt.Errorf("list regions: %w", err)
	}
	return out, nil
}

// GetRegion returns the region with the given code (its parent loaded), or ErrNotFound.
func GetRegion(db *gorm.DB, code string) (Region, error) {
	var r Region
	return r, first(db.Preload("Parent").Where("code = ?", code), &r, "region", code)
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
	var m Metric
	return m, first(db.Where("code = ?", code), &m, "metric", code)
}

// ObservationFilter narrows FindObservations. An empty list means "any";
// several values in one list are alternatives (OR), lists combine with AND.
type ObservationFilter struct {
	RegionCodes []string
	MetricCodes []string
	Periods     []string
	SourceIDs   []string
}

// FindObservations returns the observations that match f, each with its
// region, metric and source loaded, ordered by metric, region, period.
func FindObservations(db *gorm.DB, f ObservationFilter) ([]Observation, error) {
	q := db.Model(&Observation{}).Joins("Region").Joins("Metric").Joins("Source")
	if len(f.RegionCodes) > 0 {
		q = q.Where("observations.region_code IN ?", f.RegionCodes)
	}
	if len(f.MetricCodes) > 0 {
		q = q.Where("observations.metric_code IN ?", f.MetricCodes)
	}
	if len(f.Periods) > 0 {
		q = q.Where("observations.period IN ?", f.Periods)
	}
	if len(f.SourceIDs) > 0 {
		q = q.Where("observations.source_id IN ?", f.SourceIDs)
	}
	var out []Observation
	err := q.Order(byteOrders(db, "observations.metric_code", "observations.region_code", "observations.period", "observations.source_id")).Find(&out).Error
	if err != nil {
		return nil, fmt.Errorf("find observations: %w", err)
	}
	return out, nil
}

// CurrentDataVersion returns the data version counter (0 before any change).
func CurrentDataVersion(db *gorm.DB) (int64, error) {
	var v DataVersion
	err := db.Where("id = 1").Limit(1).Find(&v).Error
	if err != nil {
		return 0, fmt.Errorf("read data version: %w", err)
	}
	return v.Version, nil
}

// BumpDataVersion increments the data version counter inside tx. Call it in
// the same transaction as every change to the figures (after LockWrites).
func BumpDataVersion(tx *gorm.DB) error {
	now := time.Now()
	err := tx.Clauses(clause.OnConflict{
		Columns:   []clause.Column{{Name: "id"}},
		DoUpdates: clause.Assignments(map[string]any{"version": gorm.Expr("data_versions.version + 1"), "updated_at": now}),
	}).Create(&DataVersion{ID: 1, Version: 1, UpdatedAt: now}).Error
	if err != nil {
		return fmt.Errorf("bump data version: %w", err)
	}
	return nil
}

// first loads the first row of q into dest, mapping "no row" to ErrNotFound.
func first(q *gorm.DB, dest any, what, key string) error {
	err := q.Take(dest).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return fmt.Errorf("%s %q: %w", what, key, ErrNotFound)
	}
	if err != nil {
		return fmt.Errorf("get %s %q: %w", what, key, err)
	}
	return nil
}

// ChildRegions returns the regions whose parent is code, by code.
func ChildRegions(db *gorm.DB, code string) ([]Region, error) {
	var out []Region
	if err := db.Where("parent_code = ?", code).Order(byteOrder(db, "code")).Find(&out).Error; err != nil {
		return nil, fmt.Errorf("child regions of %q: %w", code, err)
	}
	return out, nil
}

// Counts holds the number of rows in each table.
type Counts struct {
	Sources, Regions, Metrics, Observations int
}

// CountAll counts the rows of every table.
func CountAll(db *gorm.DB) (Counts, error) {
	var c Counts
	for _, t := range []struct {
		model any
		dest  *int
	}{{&Source{}, &c.Sources}, {&Region{}, &c.Regions}, {&Metric{}, &c.Metrics}, {&Observation{}, &c.Observations}} {
		var n int64
		if err := db.Model(t.model).Count(&n).Error; err != nil {
			return c, fmt.Errorf("count rows: %w", err)
		}
		*t.dest = int(n)
	}
	return c, nil
}
