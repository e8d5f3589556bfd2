package models

import (
	"fmt"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"
)

// SeedRows are rows to load into an empty or partly loaded database.
type SeedRows struct {
	Sources      []Source
	Regions      []Region
	Metrics      []Metric
	Observations []Observation
	Charts       []Chart
	Dashboards   []Dashboard
}

// seedBatchSize bounds the rows per INSERT statement.
const seedBatchSize = 100

// InsertMissing inserts every row of rows that is not already in the
// database, in one write transaction, and bumps the data version if it
// inserted anything. Existing rows are left as they are (a source, region
// or metric is matched on its key, an observation on region, metric, period
// and source), so loading the same rows again changes nothing. Nothing is
// added to the audit trail: the rows are the application's own. The slices
// in rows are not modified.
func InsertMissing(db *gorm.DB, rows SeedRows) (Counts, error) {
	var c Counts
	_, err := write(db, func(tx *gorm.DB) (change, error) {
		var err error
		if c.Sources, err = insertMissing(tx, rows.Sources, "sources", "id"); err != nil {
			return change{}, err
		}
		if c.Regions, err = insertMissing(tx, rows.Regions, "regions", "code"); err != nil {
			return change{}, err
		}
		if c.Metrics, err = insertMissing(tx, rows.Metrics, "metrics", "code"); err != nil {
			return change{}, err
		}
		if c.Observations, err = insertMissing(tx, rows.Observations, "observations", "region_code", "metric_code", "period", "source_id"); err != nil {
			return change{}, err
		}
		charts, err := insertMissing(tx, rows.Charts, "charts", "id")
		if err != nil {
			return change{}, err
		}
		dashboards, err := insertMissing(tx, rows.Dashboards, "dashboards", "id")
		if err != nil {
			return change{}, err
		}
		return change{bump: c.Total()+charts+dashboards > 0}, nil
	})
	if err != nil {
		return Counts{}, err
	}
	return c, nil
}

// insertMissing adds rows, skipping any that conflict on the given columns,
// and returns how many it inserted. It counts the table's rows before and
// after rather than trusting the driver's affected-row count, which is not
// the number of inserted rows on every database (MariaDB's RETURNING
// reports the skipped rows too); the count is exact because the write lock
// is held.
func insertMissing[T any](tx *gorm.DB, rows []T, table string, conflict ...string) (int, error) {
	if len(rows) == 0 {
		return 0, nil
	}
	rows = append([]T(nil), rows...) // Create writes ids and timestamps back
	cols := make([]clause.Column, len(conflict))
	for i, c := range conflict {
		cols[i] = clause.Column{Name: c}
	}
	var before, after int64
	if err := tx.Model(new(T)).Count(&before).Error; err != nil {
		return 0, fmt.Errorf("seed %s: count rows: %w", table, err)
	}
	for start := 0; start < len(rows); start += seedBatchSize {
		batch := rows[start:min(start+seedBatchSize, len(rows))]
		err := tx.Clauses(clause.OnConflict{Columns: cols, DoNothing: true}).
			Omit(clause.Associations).Create(&batch).Error
		if err != nil {
			return 0, fmt.Errorf("seed %s: insert rows: %w", table, err)
		}
	}
	if err := tx.Model(new(T)).Count(&after).Error; err != nil {
		return 0, fmt.Errorf("seed %s: count rows: %w", table, err)
	}
	return int(after - before), nil
}
