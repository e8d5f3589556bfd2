package models

import (
	"errors"
	"fmt"
	"reflect"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"
	"gorm.io/gorm/schema"
)

// SeedRows are rows to load into an empty or partly loaded database.
type SeedRows struct {
	Sources      []Source
	Regions      []Region
	Metrics      []Metric
	Observations []Observation
	Charts       []Chart
	Dashboards   []Dashboard
	// Revisions are the seed revisions (SeedUpgrade.Revision) the rows
	// already include: InsertMissing records them as applied, so they are
	// never run against rows that need none of their corrections.
	Revisions []int
}

// seedBatchSize bounds the rows per INSERT statement.
const seedBatchSize = 100

// InsertMissing inserts every row of rows that is not already in the
// database, in one write transaction, and bumps the data version if it
// inserted anything. Existing rows are left as they are (a source, region
// or metric is matched on its key, an observation on region, metric, period
// and source), so loading the same rows again changes nothing. The seed
// revisions in rows are recorded in the same transaction. Nothing is
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
		applied := time.Now().UTC()
		revisions := make([]SeedRevision, len(rows.Revisions))
		for i, r := range rows.Revisions {
			revisions[i] = SeedRevision{Revision: r, AppliedAt: applied}
		}
		if _, err := insertMissing(tx, revisions, "seed_revisions", "revision"); err != nil {
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

// SeedRevision records that a revision of the seed's corrections has been
// applied to this database (UpgradeSeed), or was part of the seed it was
// loaded with (SeedRows.Revisions), so each is applied once.
type SeedRevision struct {
	Revision  int       `gorm:"primaryKey;autoIncrement:false"`
	AppliedAt time.Time `gorm:"not null"`
}

// AppliedSeedRevisions returns the seed revisions recorded in the
// database, in order.
func AppliedSeedRevisions(db *gorm.DB) ([]int, error) {
	var revisions []int
	if err := db.Model(&SeedRevision{}).Order("revision").Pluck("revision", &revisions).Error; err != nil {
		return nil, fmt.Errorf("read seed revisions: %w", err)
	}
	return revisions, nil
}

// SeedUpgrade is one revision of corrections to the seed, for databases
// seeded before it.
type SeedUpgrade struct {
	// Revision numbers the upgrade; each is applied once per database.
	Revision int
	// Previous is the seed as databases before this revision got it, and
	// Rows the corrected seed: a stored row equal to its previous seed row
	// (its content; ids and timestamps aside) is as seeded and is replaced;
	// any other row is an administrator's and is kept. Charts are
	// corrected so too (a built-in chart an administrator edited or
	// deleted stays as it is); dashboards are not revised.
	Previous, Rows SeedRows
	// Final is the seed as the last revision leaves it (Rows, for the last
	// revision): a stored row equal to its final row is the seed's own,
	// brought there by a later seed, and is left alone without being
	// listed as an administrator's. Empty, every row is compared with
	// Previous and Rows only.
	Final SeedRows
	// Moved maps the new key of a corrected observation to the key the
	// previous seed gave it (a period or a metric that changed).
	Moved map[ObservationKey]ObservationKey
	// DropMetrics are metrics the corrections retire; each is deleted once
	// no observation uses it.
	DropMetrics []string
}

// UpgradeReport says what UpgradeSeed changed and what it left alone.
type UpgradeReport struct {
	// Applied is false when the revision had been applied before.
	Applied bool
	// Updated counts rows brought to the corrected seed; Inserted rows the
	// corrected seed adds; Dropped the retired metrics deleted.
	Updated, Inserted, Dropped int
	// Kept lists seed rows left as they are because an administrator
	// changed them (or took their new key).
	Kept []string
}

// UpgradeSeed applies u to a database, in one write transaction: every
// source, region, metric, chart and figure that is still as the previous
// seed had it is replaced by its corrected row (a figure moving to its new
// key where the key changed); figures the corrected seed adds are inserted where their key
// is free; retired metrics no figure uses any more are deleted. Rows an
// administrator edited or added are left as they are; edited seed rows are
// listed in Kept. The revision is recorded, so running it again changes
// nothing; on a database seeded with the corrected seed it changes nothing
// either.
func UpgradeSeed(db *gorm.DB, u SeedUpgrade) (UpgradeReport, error) {
	var rep UpgradeReport
	_, err := write(db, func(tx *gorm.DB) (change, error) {
		done, err := exists(tx, &SeedRevision{}, "revision = ?", u.Revision)
		if err != nil || done {
			return change{}, err
		}
		if err := refresh(tx, u.Previous.Sources, u.Rows.Sources, u.Final.Sources, "id", func(s Source) string { return s.ID }, &rep); err != nil {
			return change{}, err
		}
		if err := refresh(tx, u.Previous.Regions, u.Rows.Regions, u.Final.Regions, "code", func(r Region) string { return r.Code }, &rep); err != nil {
			return change{}, err
		}
		if err := refresh(tx, u.Previous.Metrics, u.Rows.Metrics, u.Final.Metrics, "code", func(m Metric) string { return m.Code }, &rep); err != nil {
			return change{}, err
		}
		if err := refresh(tx, u.Previous.Charts, u.Rows.Charts, u.Final.Charts, "id", func(c Chart) string { return c.ID }, &rep); err != nil {
			return change{}, err
		}
		var sources int64
		if err := tx.Model(&Source{}).Count(&sources).Error; err != nil {
			return change{}, fmt.Errorf("seed upgrade: %w", err)
		}
		if sources > 0 { // an empty database is seeded, not upgraded
			n, err := insertMissing(tx, u.Rows.Metrics, "metrics", "code")
			if err != nil {
				return change{}, err
			}
			rep.Inserted += n
			if n, err = insertNewRegions(tx, u.Previous.Regions, u.Rows.Regions); err != nil {
				return change{}, err
			}
			rep.Inserted += n
			if err := moveObservations(tx, u, &rep); err != nil {
				return change{}, err
			}
		}
		for _, code := range u.DropMetrics {
			used, err := exists(tx, &Observation{}, "metric_code = ?", code)
			if err != nil {
				return change{}, err
			}
			if used {
				rep.Kept = append(rep.Kept, "metric "+code)
				continue
			}
			res := tx.Where("code = ?", code).Delete(&Metric{})
			if res.Error != nil {
				return change{}, fmt.Errorf("seed upgrade: drop metric %s: %w", code, res.Error)
			}
			rep.Dropped += int(res.RowsAffected)
		}
		if err := tx.Create(&SeedRevision{Revision: u.Revision, AppliedAt: time.Now().UTC()}).Error; err != nil {
			return change{}, fmt.Errorf("seed upgrade: record revision: %w", err)
		}
		rep.Applied = true
		return change{bump: rep.Updated+rep.Inserted+rep.Dropped > 0}, nil
	})
	return rep, err
}

// insertNewRegions inserts the regions of rows that previous does not have
// (the regions a revision adds) and the database lacks, parents first: a
// region whose code is taken is left as it is, and one whose parent is
// missing (an administrator deleted it) is not inserted, nor are its
// children. A seed region previous has and the database lacks was deleted
// by an administrator and stays deleted.
func insertNewRegions(tx *gorm.DB, previous, rows []Region) (int, error) {
	before := make(map[string]bool, len(previous))
	for _, r := range previous {
		before[r.Code] = true
	}
	var codes []string
	if err := tx.Model(&Region{}).Pluck("code", &codes).Error; err != nil {
		return 0, fmt.Errorf("seed upgrade: read region codes: %w", err)
	}
	stored := make(map[string]bool, len(codes))
	for _, c := range codes {
		stored[c] = true
	}
	var add []Region
	for _, r := range rows {
		if before[r.Code] || stored[r.Code] || (r.ParentCode != nil && !stored[*r.ParentCode]) {
			continue
		}
		stored[r.Code] = true
		add = append(add, r)
	}
	return insertMissing(tx, add, "regions", "code")
}

// refresh replaces each stored row that equals its previous seed row with
// its corrected row.
func refresh[T any](tx *gorm.DB, previous, rows, final []T, keyColumn string, key func(T) string, rep *UpgradeReport) error {
	same, err := sameContent[T](tx)
	if err != nil {
		return err
	}
	before := make(map[string]T, len(previous))
	for _, p := range previous {
		before[key(p)] = p
	}
	last := make(map[string]T, len(final))
	for _, f := range final {
		last[key(f)] = f
	}
	isFinal := func(k string, stored T) bool {
		f, ok := last[k]
		return ok && same(stored, f)
	}
	for _, row := range rows {
		k := key(row)
		old, seeded := before[k]
		if !seeded {
			continue
		}
		var stored T
		err := tx.Where(keyColumn+" = ?", k).Take(&stored).Error
		if errors.Is(err, gorm.ErrRecordNotFound) {
			continue // deleted by an administrator: stays deleted
		}
		if err != nil {
			return fmt.Errorf("seed upgrade: read %q: %w", k, err)
		}
		switch {
		case same(stored, row), isFinal(k, stored):
		case !same(stored, old):
			rep.Kept = append(rep.Kept, k)
		default:
			if err := tx.Model(new(T)).Where(keyColumn+" = ?", k).Omit(clause.Associations, "created_at").
				Select("*").Updates(&row).Error; err != nil {
				return fmt.Errorf("seed upgrade: update %q: %w", k, err)
			}
			rep.Updated++
		}
	}
	return nil
}

// sameContent returns a function that reports whether two rows of T's
// table hold the same content: the same value in every column of the
// table's schema but those the database fills in itself (an auto-increment
// id, the created and updated times). The columns come from the schema GORM
// reads off the struct, so a column added to a table is compared with no
// change here; associations (Observation.Region, Region.Parent …) are not
// columns and are not compared; a natural key such as Source.ID is a column
// like any other.
func sameContent[T any](tx *gorm.DB) (func(a, b T) bool, error) {
	stmt := &gorm.Statement{DB: tx}
	if err := stmt.Parse(new(T)); err != nil {
		return nil, fmt.Errorf("seed upgrade: read schema: %w", err)
	}
	var columns []*schema.Field
	for _, f := range stmt.Schema.Fields {
		if f.DBName != "" && !f.AutoIncrement && f.AutoCreateTime == 0 && f.AutoUpdateTime == 0 {
			columns = append(columns, f)
		}
	}
	ctx := tx.Statement.Context
	return func(a, b T) bool {
		va, vb := reflect.ValueOf(&a).Elem(), reflect.ValueOf(&b).Elem()
		for _, f := range columns {
			x, _ := f.ValueOf(ctx, va)
			y, _ := f.ValueOf(ctx, vb)
			if !reflect.DeepEqual(x, y) {
				return false
			}
		}
		return true
	}, nil
}

// moveObservations brings each figure still as the previous seed had it
// to its corrected form, at its new key, and inserts the corrected seed's
// new figures where their key is free.
func moveObservations(tx *gorm.DB, u SeedUpgrade, rep *UpgradeReport) error {
	same, err := sameContent[Observation](tx)
	if err != nil {
		return err
	}
	before := make(map[ObservationKey]Observation, len(u.Previous.Observations))
	for _, p := range u.Previous.Observations {
		before[KeyOf(p)] = p
	}
	last := make(map[ObservationKey]Observation, len(u.Final.Observations))
	for _, f := range u.Final.Observations {
		last[KeyOf(f)] = f
	}
	isFinal := func(stored Observation) bool { // as the last seed has it
		f, ok := last[KeyOf(stored)]
		return ok && same(stored, f)
	}
	take := func(k ObservationKey) (Observation, bool, error) {
		var o Observation
		err := tx.Where("region_code = ? AND metric_code = ? AND period = ? AND source_id = ?", k.Region, k.Metric, k.Period, k.Source).Take(&o).Error
		if errors.Is(err, gorm.ErrRecordNotFound) {
			return o, false, nil
		}
		if err != nil {
			return o, false, fmt.Errorf("seed upgrade: read observation %v: %w", k, err)
		}
		return o, true, nil
	}
	for _, o := range u.Rows.Observations {
		newKey := KeyOf(o)
		oldKey, moved := u.Moved[newKey]
		if !moved {
			oldKey = newKey
		}
		atNew, taken, err := take(newKey)
		if err != nil {
			return err
		}
		old, seeded := before[oldKey]
		stored, found, err := take(oldKey)
		if err != nil {
			return err
		}
		switch {
		case taken && same(atNew, o): // corrected already
		case !seeded && !taken: // a figure the corrected seed adds
			if err := tx.Omit(clause.Associations).Create(&o).Error; err != nil {
				return fmt.Errorf("seed upgrade: insert %v: %w", newKey, err)
			}
			rep.Inserted++
		case !seeded || !found: // the key is an administrator's, or the seed row was deleted
			if taken && !isFinal(atNew) {
				rep.Kept = append(rep.Kept, observationKey(atNew))
			}
		case !same(stored, old) || (moved && taken):
			if !isFinal(stored) {
				rep.Kept = append(rep.Kept, observationKey(stored))
			}
		default:
			o.ID, o.CreatedAt = stored.ID, stored.CreatedAt
			if err := tx.Omit(clause.Associations).Save(&o).Error; err != nil {
				return fmt.Errorf("seed upgrade: update %v: %w", newKey, err)
			}
			rep.Updated++
		}
	}
	return nil
}
