// Package seed is data: the figures of five public documents on e-commerce
// in Quzhou, Zhejiang, Jinhua, Jiading, Beijing and the nation, each with the
// sentence it was read from, plus the sources, regions and metrics they need,
// the documents' cleaned full texts (documents/), the built-in charts and
// dashboards, and the seed's revisions (upgrade.go, revisions/).
//
// Ensure is the one way the seed reaches a database, at start-up and in
// `ecomdash seed`: it owns the order of seeding, upgrading and adding the
// built-in charts.
package seed

import (
	"fmt"
	"log/slog"

	"gorm.io/gorm"

	"ecomdash/models"
)

// Result counts the rows inserted into each table of figures.
type Result = models.Counts

// Options say how Ensure treats a database that is not empty.
type Options struct {
	// AddMissing inserts every seed row missing from a database that is
	// not empty, so seed figures, charts and dashboards an administrator
	// deleted come back (`ecomdash seed`). Without it (start-up) only an
	// empty database is seeded: what an administrator deleted stays
	// deleted.
	AddMissing bool
	// Log, when set, gets one line for each thing Ensure did: "seeded empty
	// database" (or, with AddMissing, "seed applied") with the rows
	// inserted, "seed corrections applied" for each revision applied with
	// a warning for each edited seed row it left alone, and "added the
	// built-in charts and dashboards".
	Log *slog.Logger
}

// Report says what Ensure did.
type Report struct {
	// Seeded is true when the database was empty and got the whole seed.
	Seeded bool
	// Added counts the rows inserted by seeding an empty database or by
	// Options.AddMissing (the revisions' insertions are in Revisions).
	Added Result
	// Revisions are the seed revisions applied to rows an earlier seed
	// left, in order; a database seeded now records every revision
	// without applying any.
	Revisions []RevisionReport
	// Charts is true when the built-in charts and dashboards were added to
	// a database that had no dashboard (made before charts were data).
	Charts bool
}

// RevisionReport is what one seed revision changed and what it left alone.
type RevisionReport struct {
	// Number is the revision's number and Does what it corrects.
	Number int
	Does   string
	models.UpgradeReport
}

// Ensure brings a migrated database up to the seed, in this order:
//
//  1. a database with no source gets the whole seed; when it has no row
//     at all, every revision is recorded as applied with it, since the
//     seed is the corrected one;
//  2. each seed revision the database has not recorded is applied, in
//     order (see revision): rows still as an earlier seed left them are
//     corrected, what an administrator added or edited is kept;
//  3. with Options.AddMissing, on a database that was not empty, every
//     seed row missing is inserted (but a figure whose earlier key an
//     edited row still holds);
//  4. when there is no dashboard at all, the built-in charts and
//     dashboards are inserted.
//
// Every step is idempotent and safe when several instances start on one
// database at once: running Ensure again changes nothing.
func Ensure(db *gorm.DB, opts Options) (Report, error) {
	log := opts.Log
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	var rep Report
	counts, err := models.CountAll(db)
	if err != nil {
		return rep, fmt.Errorf("seed: %w", err)
	}
	if counts.Sources == 0 {
		rep.Seeded = true
		var included []int
		if counts.Total() == 0 { // the seed is the corrected one: no revision has anything to correct
			included = revisionNumbers()
		}
		if rep.Added, err = insertSeed(db, Observations, included); err != nil {
			return rep, err
		}
		if !opts.AddMissing {
			log.Info("seeded empty database", countAttrs(rep.Added)...)
		}
	}
	if rep.Revisions, err = applyRevisions(db); err != nil {
		return rep, err
	}
	for _, r := range rep.Revisions {
		log.Info("seed corrections applied", "revision", r.Number, "updated", r.Updated, "inserted", r.Inserted,
			"dropped", r.Dropped, "kept_as_edited", len(r.Kept))
		for _, k := range r.Kept {
			log.Warn("seed correction not applied: the row was changed by an administrator", "row", k)
		}
	}
	if opts.AddMissing {
		if !rep.Seeded {
			obs, err := unmoved(db)
			if err != nil {
				return rep, fmt.Errorf("seed: %w", err)
			}
			if rep.Added, err = insertSeed(db, obs, nil); err != nil {
				return rep, err
			}
		}
		log.Info("seed applied", countAttrs(rep.Added)...)
	}
	if rep.Charts, err = chartsIfNone(db); err != nil {
		return rep, err
	}
	if rep.Charts {
		log.Info("added the built-in charts and dashboards", "charts", len(Charts), "dashboards", len(Dashboards))
	}
	return rep, nil
}

// Run is Ensure with AddMissing, reporting the rows it inserted: it loads
// the seed into an empty database, or brings a seeded one up to the seed and
// adds what is missing. Running it again changes nothing.
func Run(db *gorm.DB) (Result, error) {
	rep, err := Ensure(db, Options{AddMissing: true})
	return rep.Added, err
}

// countAttrs are the log attributes of rows inserted.
func countAttrs(c Result) []any {
	return []any{"sources", c.Sources, "regions", c.Regions, "metrics", c.Metrics, "observations", c.Observations}
}

// insertSeed inserts every seed source, region, metric, chart and
// dashboard, and the given figures, that is not in the database yet,
// recording the given revisions as applied.
func insertSeed(db *gorm.DB, obs []models.Observation, revisions []int) (Result, error) {
	res, err := models.InsertMissing(db, models.SeedRows{
		Sources: Sources, Regions: Regions, Metrics: Metrics, Observations: obs,
		Charts: Charts, Dashboards: Dashboards, Revisions: revisions,
	})
	if err != nil {
		return Result{}, fmt.Errorf("seed: %w", err)
	}
	return res, nil
}

// chartsIfNone inserts the built-in charts and dashboards when the database
// has no dashboard at all (a database made before charts were data), and
// reports whether it did. A database whose administrator has built their
// own dashboards, or deleted the built-in ones but kept one, is left as it
// is.
func chartsIfNone(db *gorm.DB) (bool, error) {
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
