// Package seed is data: the figures of five public documents on e-commerce
// in Quzhou, Zhejiang, Jinhua, Jiading, Beijing and the nation, each with the
// sentence it was read from, plus the sources, regions and metrics they need
// and the documents' cleaned full texts (documents/).
//
// Run inserts whatever of it is missing; SeedIfEmpty does so only on a fresh
// database, so that rows an administrator deleted stay deleted.
package seed

import (
	"fmt"

	"ecomdash/models"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"
)

// batchSize bounds the rows per INSERT statement.
const batchSize = 100

// Result counts the rows Run inserted into each table.
type Result struct {
	// Sources is the number of sources inserted.
	Sources int
	// Regions is the number of regions inserted.
	Regions int
	// Metrics is the number of metrics inserted.
	Metrics int
	// Observations is the number of observations inserted.
	Observations int
}

// Total is the number of rows inserted into all tables together.
func (r Result) Total() int {
	return r.Sources + r.Regions + r.Metrics + r.Observations
}

// Run inserts every seed source, region, metric and observation that is not
// already in the database, in one transaction, and bumps the data version if
// it inserted anything. Existing rows are left as they are (a source, region
// or metric is matched on its key, an observation on region, metric, period
// and source), so running it again changes nothing.
func Run(db *gorm.DB) (Result, error) {
	var res Result
	err := db.Transaction(func(tx *gorm.DB) error {
		if err := models.LockWrites(tx); err != nil {
			return fmt.Errorf("seed: %w", err)
		}
		var err error
		if res.Sources, err = insert(tx, clone(Sources), []string{"id"}); err != nil {
			return fmt.Errorf("seed sources: %w", err)
		}
		if res.Regions, err = insert(tx, clone(Regions), []string{"code"}); err != nil {
			return fmt.Errorf("seed regions: %w", err)
		}
		if res.Metrics, err = insert(tx, clone(Metrics), []string{"code"}); err != nil {
			return fmt.Errorf("seed metrics: %w", err)
		}
		if res.Observations, err = insert(tx, clone(Observations), []string{"region_code", "metric_code", "period", "source_id"}); err != nil {
			return fmt.Errorf("seed observations: %w", err)
		}
		if res.Total() > 0 {
			if err := models.BumpDataVersion(tx); err != nil {
				return fmt.Errorf("seed: %w", err)
			}
		}
		return nil
	})
	if err != nil {
		return Result{}, err
	}
	return res, nil
}

// SeedIfEmpty runs Run only when the sources table has no rows, and reports
// whether it did. The app calls it at start-up: a fresh database gets the
// seed, while one whose seeded rows an administrator deleted on purpose is
// not refilled.
func SeedIfEmpty(db *gorm.DB) (Result, bool, error) {
	var n int64
	if err := db.Model(&models.Source{}).Count(&n).Error; err != nil {
		return Result{}, false, fmt.Errorf("seed: count sources: %w", err)
	}
	if n > 0 {
		return Result{}, false, nil
	}
	res, err := Run(db)
	if err != nil {
		return Result{}, false, err
	}
	return res, true, nil
}

// insert adds rows, skipping any that conflict on the given columns, and
// returns how many it inserted. It counts the table's rows before and after
// rather than trusting the driver's affected-row count, which is not the
// number of inserted rows on every database (MariaDB's RETURNING reports the
// skipped rows too); the count is exact because Run holds the write lock.
func insert[T any](tx *gorm.DB, rows []T, conflict []string) (int, error) {
	if len(rows) == 0 {
		return 0, nil
	}
	cols := make([]clause.Column, len(conflict))
	for i, c := range conflict {
		cols[i] = clause.Column{Name: c}
	}
	var before, after int64
	if err := tx.Model(new(T)).Count(&before).Error; err != nil {
		return 0, fmt.Errorf("count rows: %w", err)
	}
	for start := 0; start < len(rows); start += batchSize {
		batch := rows[start:min(start+batchSize, len(rows))]
		err := tx.Clauses(clause.OnConflict{Columns: cols, DoNothing: true}).
			Omit(clause.Associations).Create(&batch).Error
		if err != nil {
			return 0, fmt.Errorf("insert rows: %w", err)
		}
	}
	if err := tx.Model(new(T)).Count(&after).Error; err != nil {
		return 0, fmt.Errorf("count rows: %w", err)
	}
	return int(after - before), nil
}

// clone copies rows so that Create, which writes IDs and timestamps back,
// never modifies the package's seed variables.
func clone[T any](rows []T) []T {
	return append([]T(nil), rows...)
}
