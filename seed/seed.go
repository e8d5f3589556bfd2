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

	"gorm.io/gorm"

	"ecomdash/models"
)

// Result counts the rows Run inserted into each table.
type Result = models.Counts

// Run inserts every seed source, region, metric and observation that is not
// already in the database, in one transaction, and bumps the data version if
// it inserted anything. Existing rows are left as they are (a source, region
// or metric is matched on its key, an observation on region, metric, period
// and source), so running it again changes nothing.
func Run(db *gorm.DB) (Result, error) {
	obs, err := unmoved(db)
	if err != nil {
		return Result{}, fmt.Errorf("seed: %w", err)
	}
	res, err := models.InsertMissing(db, models.SeedRows{
		Sources: Sources, Regions: Regions, Metrics: Metrics, Observations: obs,
		Charts: Charts, Dashboards: Dashboards,
	})
	if err != nil {
		return Result{}, fmt.Errorf("seed: %w", err)
	}
	return res, nil
}

// SeedIfEmpty runs Run only when the sources table has no rows, and reports
// whether it did. The app calls it at start-up: a fresh database gets the
// seed, while one whose seeded rows an administrator deleted on purpose is
// not refilled.
func SeedIfEmpty(db *gorm.DB) (Result, bool, error) {
	counts, err := models.CountAll(db)
	if err != nil {
		return Result{}, false, fmt.Errorf("seed: %w", err)
	}
	if counts.Sources > 0 {
		return Result{}, false, nil
	}
	res, err := Run(db)
	if err != nil {
		return Result{}, false, err
	}
	return res, true, nil
}

// ChartsIfNone inserts the built-in charts and dashboards when the database
// has no dashboard at all (a fresh database, or one made before charts were
// data), and reports whether it did. A database whose administrator has
// built their own dashboards, or deleted the built-in ones but kept one, is
// left as it is.
func ChartsIfNone(db *gorm.DB) (bool, error) {
	dashboards, err := models.Dashboards.List(db)
	if err != nil {
		return false, fmt.Errorf("seed charts: %w", err)
	}
	if len(dashboards) > 0 {
		return false, nil
	}
	if _, err := models.InsertMissing(db, models.SeedRows{Charts: Charts, Dashboards: Dashboards}); err != nil {
		return false, fmt.Errorf("seed charts: %w", err)
	}
	return true, nil
}

// unmoved is the seed's figures less those whose earlier key (moved2) a
// row still holds: an administrator edited that figure before the upgrade
// that would have moved it, and the edit stands in for it.
func unmoved(db *gorm.DB) ([]models.Observation, error) {
	var out []models.Observation
	for _, o := range Observations {
		if old, ok := moved2[models.KeyOf(o)]; ok {
			n, err := models.CountObservations(db, models.ObservationFilter{RegionCodes: []string{old.Region},
				MetricCodes: []string{old.Metric}, Periods: []string{old.Period}, SourceIDs: []string{old.Source}})
			if err != nil {
				return nil, err
			}
			if n > 0 {
				continue
			}
		}
		out = append(out, o)
	}
	return out, nil
}
