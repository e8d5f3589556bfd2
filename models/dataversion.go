package models

import (
	"errors"
	"fmt"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"
)

// DataVersion is a single-row table whose counter goes up on every change
// to the figures, so caches keyed by it refresh at once. Its row is also
// the lock every write transaction takes first (lockWrites).
type DataVersion struct {
	ID        uint  `gorm:"primaryKey"`
	Version   int64 `gorm:"not null"`
	UpdatedAt time.Time
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

// DataVersionInfo returns the data version counter and when it last
// changed (the zero time before any change was recorded).
func DataVersionInfo(db *gorm.DB) (int64, time.Time, error) {
	var v DataVersion
	if err := db.Where("id = 1").Limit(1).Find(&v).Error; err != nil {
		return 0, time.Time{}, fmt.Errorf("read data version: %w", err)
	}
	return v.Version, v.UpdatedAt, nil
}

// bumpDataVersion increments the data version counter inside tx; write
// calls it in the transaction of every change to the figures.
func bumpDataVersion(tx *gorm.DB) error {
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

// ensureDataVersionRow inserts the data version row with version 0 unless
// it exists. It only reads when the row is there, so opening a database a
// running server writes to (ecomdash backup, import) does not wait for the
// write lock.
func ensureDataVersionRow(db *gorm.DB) error {
	var n int64
	if err := db.Model(&DataVersion{}).Where("id = ?", 1).Count(&n).Error; err != nil {
		return fmt.Errorf("read data version row: %w", err)
	}
	if n > 0 {
		return nil
	}
	err := db.Clauses(clause.OnConflict{Columns: []clause.Column{{Name: "id"}}, DoNothing: true}).
		Create(&DataVersion{ID: 1, Version: 0, UpdatedAt: time.Now()}).Error
	if err != nil {
		return fmt.Errorf("create data version row: %w", err)
	}
	return nil
}

// lockWrites is the first statement of every write transaction: it makes
// concurrent write transactions run one after the other, so that each
// validates against what the previous one committed and the data version
// and audit trail follow the same order. On PostgreSQL and MySQL it locks
// the data version row (SELECT … FOR UPDATE) until the transaction ends;
// SQLite needs nothing, as its transactions begin IMMEDIATE (see SQLiteDSN)
// and so already take the database's write lock.
func lockWrites(tx *gorm.DB) error {
	if Dialect(tx) == DialectSQLite {
		return nil
	}
	for attempt := 0; attempt < 2; attempt++ {
		var ids []uint
		err := tx.Model(&DataVersion{}).Clauses(clause.Locking{Strength: clause.LockingStrengthUpdate}).
			Where("id = ?", 1).Pluck("id", &ids).Error
		if err != nil {
			return fmt.Errorf("lock data version: %w", err)
		}
		if len(ids) > 0 {
			return nil
		}
		// the row was deleted by hand: create it again, then lock it
		if err := ensureDataVersionRow(tx); err != nil {
			return fmt.Errorf("lock data version: %w", err)
		}
	}
	return errors.New("lock data version: row 1 of data_versions cannot be created")
}
