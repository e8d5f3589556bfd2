package models

import (
	"fmt"

	"gorm.io/gorm"
)

// Counts holds the number of rows in each table of figures.
type Counts struct {
	Sources, Regions, Metrics, Observations int
}

// Total is the number of rows in all four tables together.
func (c Counts) Total() int {
	return c.Sources + c.Regions + c.Metrics + c.Observations
}

// CountAll counts the rows of every table of figures.
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

// keyColumns names the model and key column of each keyed entity.
var keyColumns = map[string]struct {
	model  any
	column string
}{
	EntitySource: {&Source{}, "id"},
	EntityRegion: {&Region{}, "code"},
	EntityMetric: {&Metric{}, "code"},
	EntityChart:  {&Chart{}, "id"},
}

// UnknownKeys returns those of keys that name no row of entity
// (EntitySource, EntityRegion, EntityMetric or EntityChart), in the order given.
func UnknownKeys(db *gorm.DB, entity string, keys []string) ([]string, error) {
	t, ok := keyColumns[entity]
	if !ok {
		return nil, fmt.Errorf("unknown keys: %q is not a keyed entity", entity)
	}
	var found []string
	if err := db.Model(t.model).Where(t.column+" IN ?", keys).Pluck(t.column, &found).Error; err != nil {
		return nil, fmt.Errorf("look up %s keys: %w", entity, err)
	}
	known := make(map[string]bool, len(found))
	for _, k := range found {
		known[k] = true
	}
	var unknown []string
	for _, k := range keys {
		if !known[k] {
			unknown = append(unknown, k)
		}
	}
	return unknown, nil
}
