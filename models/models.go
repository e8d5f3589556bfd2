// Package models owns the database schema and every query the application
// runs. Handlers, charts and commands never build SQL; they call the named
// functions in this package.
//
// The schema has four tables of figures: a Source is a document the figures
// come from, a Region is an administrative area (keyed by its GB/T 2260
// code), a Metric is a statistic with a unit and a definition (统计口径),
// and an Observation is one figure: a region's metric in a period, as one
// source stated it. Beside them, DataVersion counts changes (caches key on
// it) and AuditEntry records each one.
//
// One file per entity holds its type, reads, validation and writes
// (source.go, region.go, metric.go, observation.go, audit.go); every write
// goes through write (write.go): lock, validate, write, bump the data
// version, append the audit entry. csv.go is the CSV format (columns,
// writer, reader), import.go the import built on it, seed.go loads the seed
// rows, backup.go copies a SQLite database, db.go and dsn.go open databases.
package models

import (
	"fmt"

	"gorm.io/gorm"
)

// allModels lists the tables Migrate creates, parents first.
func allModels() []any {
	return []any{&Source{}, &Region{}, &Metric{}, &Observation{}, &DataVersion{}, &AuditEntry{}}
}

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
}

// UnknownKeys returns those of keys that name no row of entity
// (EntitySource, EntityRegion or EntityMetric), in the order given.
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
